"""Labels of the dashboard (and the terminal report): Vietnamese by default, English on a switch.

Names that live in the data (units, components, groups, grades, causes) come from the marts'
own _vi/_en columns; everything else the interface says is here.
"""

from __future__ import annotations

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT_LANGUAGE = "vi"

LABELS: dict[str, dict[str, str]] = {
    "app_title": {
        "vi": "Chỉ số phục vụ người dân, doanh nghiệp",
        "en": "Public-service quality index",
    },
    "app_caption": {
        "vi": "Bộ chỉ số theo Quyết định 766/QĐ-TTg · dữ liệu bản công bố {version}",
        "en": "Decision 766/QĐ-TTg index · published version {version}",
    },
    "language": {"vi": "Ngôn ngữ", "en": "Language"},
    "page": {"vi": "Trang", "en": "Page"},
    "page_ranking": {"vi": "Xếp hạng", "en": "Ranking"},
    "page_unit": {"vi": "Đơn vị", "en": "Unit"},
    "page_points_lost": {"vi": "Điểm bị mất", "en": "Points lost"},
    "period_type": {"vi": "Loại kỳ", "en": "Period type"},
    "period": {"vi": "Kỳ đánh giá", "en": "Period"},
    "period_type_month": {"vi": "Tháng", "en": "Month"},
    "period_type_quarter": {"vi": "Quý", "en": "Quarter"},
    "period_type_year": {"vi": "Năm", "en": "Year"},
    "period_type_to_date": {"vi": "Từ đầu năm đến nay", "en": "Year to date"},
    "provisional": {"vi": "tạm tính", "en": "provisional"},
    "unit": {"vi": "Đơn vị", "en": "Unit"},
    "nothing_published": {
        "vi": "Chưa có bản công bố nào trong {path}. Chạy `make run` để xây dựng và công bố.",
        "en": "Nothing has been published in {path} yet. Run `make run` to build and publish.",
    },
    "no_data": {"vi": "Không có dữ liệu cho lựa chọn này.", "en": "No data for this selection."},
    # ranking
    "ranking_title": {"vi": "Bảng xếp hạng", "en": "Ranking"},
    "ranking_provinces": {"vi": "Tỉnh, thành phố", "en": "Provinces"},
    "ranking_ministries": {"vi": "Bộ, ngành", "en": "Ministries"},
    "national_average": {
        "vi": "Trung bình cả nước (tỉnh)",
        "en": "National average (provinces)",
    },
    "nation_pooled": {"vi": "Cả nước (gộp số liệu)", "en": "Nation (pooled counts)"},
    "top_unit": {"vi": "Dẫn đầu", "en": "Top"},
    "rank": {"vi": "Hạng", "en": "Rank"},
    "code": {"vi": "Mã", "en": "Code"},
    "name": {"vi": "Tên đơn vị", "en": "Unit name"},
    "total": {"vi": "Tổng điểm", "en": "Total"},
    "grade": {"vi": "Xếp loại", "en": "Grade"},
    "change": {"vi": "Thay đổi", "en": "Change"},
    "open": {"vi": "Xem", "en": "Open"},
    "units_in_block": {"vi": "Số đơn vị", "en": "Units"},
    # unit page
    "unit_title": {"vi": "Kết quả của đơn vị", "en": "Unit scorecard"},
    "rank_of": {"vi": "Hạng {rank}/{count}", "en": "Rank {rank} of {count}"},
    "parent": {"vi": "Trực thuộc", "en": "Part of"},
    "groups": {"vi": "Điểm theo nhóm", "en": "Points by group"},
    "view": {"vi": "Cách nhóm", "en": "Grouping"},
    "view_portal": {"vi": "6 nhóm (Cổng DVCQG)", "en": "6 portal groups"},
    "view_legal": {"vi": "5 nhóm (Quyết định 766)", "en": "5 legal groups"},
    "group": {"vi": "Nhóm", "en": "Group"},
    "points": {"vi": "Điểm", "en": "Points"},
    "max_points": {"vi": "Điểm tối đa", "en": "Maximum"},
    "components": {"vi": "Điểm theo chỉ số thành phần", "en": "Points by component"},
    "component": {"vi": "Chỉ số", "en": "Component"},
    "number": {"vi": "Số", "en": "No."},
    "numerator": {"vi": "Tử số", "en": "Numerator"},
    "denominator": {"vi": "Mẫu số", "en": "Denominator"},
    "ratio": {"vi": "Tỷ lệ", "en": "Ratio"},
    "trend": {"vi": "Diễn biến theo tháng", "en": "Trend over months"},
    "month": {"vi": "Tháng", "en": "Month"},
    "series": {"vi": "Chuỗi", "en": "Series"},
    "sub_units": {"vi": "Xếp hạng đơn vị trực thuộc", "en": "Ranking of its units"},
    "departments": {"vi": "Sở, ban, ngành", "en": "Departments"},
    "communes": {"vi": "Xã, phường", "en": "Communes"},
    "districts": {"vi": "Quận, huyện (đến 30/6/2025)", "en": "Districts (until 30/6/2025)"},
    "no_sub_units": {"vi": "Không có đơn vị trực thuộc được chấm điểm.", "en": "No scored units."},
    # points lost
    "points_lost_title": {"vi": "Điểm bị mất và nguyên nhân", "en": "Points lost and why"},
    "points_lost": {"vi": "Điểm bị mất", "en": "Points lost"},
    "cause_count": {"vi": "Số lượng", "en": "Count"},
    "cause_kind": {"vi": "Đối tượng", "en": "Items"},
    "cause": {"vi": "Nguyên nhân", "en": "Cause"},
    "listed": {"vi": "Có mã hồ sơ", "en": "Listed"},
    "total_lost": {"vi": "Tổng điểm bị mất", "en": "Total points lost"},
    "drill_down": {"vi": "Hồ sơ gây mất điểm", "en": "Dossiers that cost the points"},
    "drill_component": {"vi": "Chỉ số cần xem", "en": "Component to open"},
    "dossier_code": {"vi": "Mã hồ sơ", "en": "Dossier code"},
    "reason": {"vi": "Lý do", "en": "Reason"},
    "handling_unit": {"vi": "Đơn vị xử lý", "en": "Handling unit"},
    "procedure": {"vi": "Mã TTHC", "en": "Procedure"},
    "download": {"vi": "Tải danh sách (CSV)", "en": "Download the list (CSV)"},
    "rows_shown": {
        "vi": "Hiển thị {shown} trên {total} hồ sơ",
        "en": "Showing {shown} of {total} dossiers",
    },
    "no_drill_down": {
        "vi": "Không có chỉ số nào tính theo hồ sơ bị mất điểm trong kỳ này.",
        "en": "No dossier-based component lost points in this period.",
    },
    "no_points_lost": {"vi": "Không mất điểm nào.", "en": "No points lost."},
    # kinds of causes
    "kind_dossiers": {"vi": "hồ sơ", "en": "dossiers"},
    "kind_procedures": {"vi": "thủ tục", "en": "procedures"},
    "kind_petitions": {"vi": "phản ánh kiến nghị", "en": "petitions"},
    "kind_services": {"vi": "dịch vụ", "en": "services"},
    "kind_none": {"vi": "—", "en": "—"},
    # reasons of fct_points_lost_dossiers
    "reason_not_synced": {"vi": "chưa đồng bộ", "en": "not synced"},
    "reason_not_online": {"vi": "không trực tuyến", "en": "not online"},
    "reason_not_paid_online": {"vi": "không thanh toán trực tuyến", "en": "not paid online"},
    "reason_no_electronic_result": {"vi": "không có kết quả điện tử", "en": "no e-result"},
    "reason_not_digitized": {"vi": "chưa số hóa", "en": "not digitized"},
    "reason_no_reused_data": {"vi": "không tái sử dụng dữ liệu", "en": "no data reused"},
    "reason_not_synced_with_citizen_store": {
        "vi": "không đồng bộ kho dữ liệu cá nhân",
        "en": "not synced with the data store",
    },
    "reason_no_population_data": {"vi": "không dùng dữ liệu dân cư", "en": "no population data"},
    "reason_ended_late": {"vi": "giải quyết quá hạn", "en": "ended late"},
    "reason_open_past_deadline": {"vi": "đang xử lý, đã quá hạn", "en": "open past deadline"},
    "reason_two_supplements": {
        "vi": "yêu cầu bổ sung từ 2 lần",
        "en": "two or more supplement requests",
    },
    "reason_supplement_waiting_past_deadline": {
        "vi": "chờ bổ sung sau khi quá hạn",
        "en": "supplement requested after the deadline",
    },
    "reason_dissatisfied": {
        "vi": "không hài lòng / bị phản ánh",
        "en": "dissatisfied rating or petition",
    },
    # terminal report
    "source": {"vi": "Nguồn", "en": "Source"},
    "previous": {"vi": "kỳ trước", "en": "previous period"},
}


# Reconciliation with the portal and the way up (issue 18: src/dvc_index/dashboard/beyond.py)
LABELS.update(
    {
        "page_reconciliation": {"vi": "Đối soát", "en": "Reconciliation"},
        "page_way_up": {"vi": "Lộ trình", "en": "Way up"},
        "days": {"vi": "ngày", "en": "days"},
        "no_dossiers_in_period": {
            "vi": "Đơn vị không có hồ sơ nào trong kỳ: tổng điểm chỉ gồm điểm mặc định khi "
            "mẫu số bằng 0, nên hiển thị N/A.",
            "en": "The unit received no dossier in this period: its total would come from the "
            "empty-denominator rules alone, so it shows N/A.",
        },
        "reconciliation_title": {
            "vi": "Đối soát với số liệu Cổng DVCQG công bố",
            "en": "Reconciliation with the portal's published figures",
        },
        "no_published_figures": {
            "vi": "Cổng chưa có số liệu công bố (bảng DiemCongBo) cho đơn vị và kỳ này.",
            "en": "No published portal figures (table DiemCongBo) for this unit and period.",
        },
        "published_periods": {
            "vi": "Các kỳ có số liệu Cổng công bố:",
            "en": "Periods with published portal figures:",
        },
        "read_at": {"vi": "Thời điểm đọc số liệu Cổng", "en": "Portal figures read at"},
        "figure": {"vi": "Chỉ số / nhóm", "en": "Figure"},
        "status": {"vi": "Trạng thái", "en": "Status"},
        "ours": {"vi": "Kho tính", "en": "Warehouse"},
        "portal": {"vi": "Cổng công bố", "en": "Portal"},
        "difference": {"vi": "Chênh lệch điểm", "en": "Points difference"},
        "count_difference": {"vi": "Chênh lệch mẫu số", "en": "Denominator difference"},
        "coverage": {"vi": "Giải thích được", "en": "Explained"},
        "status_equal": {"vi": "khớp", "en": "equal"},
        "status_rounding": {"vi": "lệch do làm tròn", "en": "rounding"},
        "status_differs": {"vi": "khác", "en": "differs"},
        "status_not_published": {"vi": "Cổng không công bố", "en": "not published"},
        "status_not_computed": {"vi": "kho không tính", "en": "not computed"},
        "reconciliation_causes": {
            "vi": "Hồ sơ giải thích chênh lệch",
            "en": "Dossiers that explain the differences",
        },
        "recon_cause_NEVER_SYNCED": {
            "vi": "chưa bao giờ đồng bộ lên Cổng",
            "en": "never synced to the portal",
        },
        "recon_cause_SYNCED_AFTER_READ": {
            "vi": "đồng bộ sau khi Cổng công bố",
            "en": "synced after the portal was read",
        },
        "recon_cause_SUB_DOSSIER": {"vi": "hồ sơ liên thông (con)", "en": "sub-dossier"},
        "recon_cause_QUARANTINED": {"vi": "bị cách ly", "en": "quarantined"},
        "recon_cause_LOADED_AFTER_AS_OF": {
            "vi": "nạp sau thời điểm as_of",
            "en": "loaded after as_of",
        },
        "reject_rule": {"vi": "Quy tắc vi phạm", "en": "Rule broken"},
        "received_at": {"vi": "Tiếp nhận", "en": "Received"},
        "synced_at": {"vi": "Đồng bộ", "en": "Synced"},
        "way_up_title": {"vi": "Lộ trình lên hạng tiếp theo", "en": "The way up"},
        "way_up_ranked": {
            "vi": "Chỉ số xếp theo điểm được thêm cho mỗi hồ sơ/thủ tục",
            "en": "Components ranked by points per item",
        },
        "item": {"vi": "Thêm", "en": "More"},
        "points_per_item": {"vi": "Điểm mỗi đơn vị", "en": "Points per item"},
        "items_to_cap": {"vi": "Số cần để đạt tối đa", "en": "Items to the maximum"},
        "points_to_cap": {"vi": "Điểm có thể thêm", "en": "Points to win"},
        "items_alone": {"vi": "Chỉ riêng chỉ số này", "en": "This component alone"},
        "path_items": {"vi": "Trong lộ trình ít nhất", "en": "In the cheapest path"},
    }
)


# The terminal (dvc-index report and reconcile; the way up in both): its headings and
# column headers, kept short for fixed-width columns.
LABELS.update(
    {
        "report_title": {
            "vi": "Kết quả chỉ số phục vụ người dân, doanh nghiệp",
            "en": "Public-service quality index scorecard",
        },
        "report_period": {"vi": "Kỳ", "en": "Period"},
        "report_rank_of": {"vi": "{rank}/{count} ({block})", "en": "{rank} of {count} ({block})"},
        "report_change": {"vi": "So với kỳ trước", "en": "Change since previous period"},
        "report_groups": {"vi": "Nhóm chỉ số (Cổng DVCQG)", "en": "Groups (portal view)"},
        "report_components": {"vi": "Chỉ số thành phần", "en": "Components"},
        "report_lost": {"vi": "Mất", "en": "Lost"},
        "report_assumed": {"vi": "mặc định đủ điểm", "en": "assumed full"},
        "report_external": {"vi": "số liệu ngoài", "en": "outside figure"},
        "reconcile_figure": {"vi": "Chỉ số", "en": "Figure"},
        "reconcile_difference": {"vi": "Chênh", "en": "Difference"},
        "reconcile_causes": {"vi": "Nguyên nhân (số hồ sơ)", "en": "Causes (dossiers)"},
        "reconcile_none": {
            "vi": "Cổng không có số liệu công bố cho đơn vị và kỳ này (bảng DiemCongBo).",
            "en": "The portal published nothing for this unit and period (table DiemCongBo).",
        },
        "way_up_heading": {
            "vi": "Lộ trình lên {grade}: cần thêm {points} điểm",
            "en": "Way up to {grade}: {points} more points",
        },
        "way_up_top": {"vi": "Đã ở hạng cao nhất.", "en": "Already in the top band."},
        "way_up_none": {
            "vi": "Không còn chỉ số nào có thể tăng điểm.",
            "en": "No component can win more points.",
        },
        "way_up_path": {"vi": "Cách ít hồ sơ/thủ tục nhất:", "en": "Fewest items:"},
        "way_up_item": {
            "vi": "  + {items:,.0f} {name} ({per} điểm mỗi {unit})",
            "en": "  + {items:,.0f} more {name} ({per} points each)",
        },
        "way_up_unit": {"vi": "đơn vị", "en": "item"},
        "way_up_alone": {
            "vi": "Hoặc chỉ một chỉ số: {options}",
            "en": "Or one component alone: {options}",
        },
        "way_up_or": {"vi": " hoặc ", "en": ", or "},
        "way_up_option": {"vi": "{items:,.0f} {name}", "en": "{items:,.0f} more {name}"},
    }
)


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The label `key` in `lang` (falls back to Vietnamese, then to the key itself)."""
    entry = LABELS.get(key)
    text = key if entry is None else (entry.get(lang) or entry[DEFAULT_LANGUAGE])
    return text.format(**values) if values else text


def period_type_label(period_type: str, lang: str) -> str:
    return t(f"period_type_{period_type}", lang)


def reason_label(reason: str, lang: str) -> str:
    key = f"reason_{reason}"
    return t(key, lang) if key in LABELS else reason


def kind_label(kind: str, lang: str) -> str:
    key = f"kind_{kind}"
    return t(key, lang) if key in LABELS else kind
