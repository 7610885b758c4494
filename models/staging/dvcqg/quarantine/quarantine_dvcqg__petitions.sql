{{ quarantine_rows('checked_dvcqg__petitions', 'PhanAnhKienNghi', ['petition_code']) }}
