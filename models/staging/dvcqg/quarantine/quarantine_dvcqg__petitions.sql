{{ quarantine_rows('base_dvcqg__petitions', 'PhanAnhKienNghi', ['petition_code']) }}
