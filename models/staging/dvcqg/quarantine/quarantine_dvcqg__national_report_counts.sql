{{ quarantine_rows('checked_dvcqg__national_report_counts', 'BaoCaoQuocGia', ['unit_code','period_label']) }}
