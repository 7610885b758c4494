{{ quarantine_rows('checked_dvcqg__published_scores', 'DiemCongBo', ['unit_code','period_label','figure_code']) }}
