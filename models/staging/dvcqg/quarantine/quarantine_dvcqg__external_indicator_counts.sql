{{ quarantine_rows('checked_dvcqg__external_indicator_counts', 'ChiSoNgoai', ['unit_code','period_label','indicator_code']) }}
