{{ quarantine_rows('base_dvcqg__holidays', 'NgayNghi', ['holiday_text']) }}
