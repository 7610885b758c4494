{{ quarantine_rows('checked_dvcqg__holidays', 'NgayNghi', ['holiday_text']) }}
