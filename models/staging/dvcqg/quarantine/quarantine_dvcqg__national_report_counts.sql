{{ quarantine_rows('base_dvcqg__national_report_counts', 'BaoCaoQuocGia', ['unit_code','period_label']) }}
