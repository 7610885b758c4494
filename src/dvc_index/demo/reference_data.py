"""Reference data of the demo zone, hard-coded: provinces before and after the 2025 merger,
departments and their procedures, ministries, place and person names (to be dropped by the
warehouse), and the public holidays of the lunar calendar."""

from __future__ import annotations

from datetime import date, timedelta

# fmt: off
# --------------------------------------------------------------------------------------------
# Reference data
# --------------------------------------------------------------------------------------------

# provinces_2025.csv: gso_code, name, kind, dvcqg_code, merged_from_gso_codes
PROVINCES_2025 = [
    ("01", "Thành phố Hà Nội", "central_city", "H26", "01"),
    ("04", "Cao Bằng", "province", "H14", "04"), ("08", "Tuyên Quang", "province", "H60", "02;08"),
    ("11", "Điện Biên", "province", "H18", "11"), ("12", "Lai Châu", "province", "H35", "12"),
    ("14", "Sơn La", "province", "H52", "14"), ("15", "Lào Cai", "province", "H38", "10;15"),
    ("19", "Thái Nguyên", "province", "H55", "06;19"), ("20", "Lạng Sơn", "province", "H37", "20"),
    ("22", "Quảng Ninh", "province", "H49", "22"), ("24", "Bắc Ninh", "province", "H05", "24;27"),
    ("25", "Phú Thọ", "province", "H44", "17;25;26"),
    ("31", "Thành phố Hải Phòng", "central_city", "H24", "30;31"),
    ("33", "Hưng Yên", "province", "H31", "33;34"),
    ("37", "Ninh Bình", "province", "H42", "35;36;37"),
    ("38", "Thanh Hóa", "province", "H56", "38"), ("40", "Nghệ An", "province", "H41", "40"),
    ("42", "Hà Tĩnh", "province", "H27", "42"), ("44", "Quảng Trị", "province", "H50", "44;45"),
    ("46", "Thành phố Huế", "central_city", "H57", "46"),
    ("48", "Thành phố Đà Nẵng", "central_city", "H17", "48;49"),
    ("51", "Quảng Ngãi", "province", "H48", "51;62"),
    ("52", "Gia Lai", "province", "H21", "52;64"), ("56", "Khánh Hòa", "province", "H32", "56;58"),
    ("66", "Đắk Lắk", "province", "H15", "54;66"),
    ("68", "Lâm Đồng", "province", "H36", "60;67;68"),
    ("75", "Đồng Nai", "province", "H19", "70;75"),
    ("79", "Thành phố Hồ Chí Minh", "central_city", "H29", "74;77;79"),
    ("80", "Tây Ninh", "province", "H53", "72;80"),
    ("82", "Đồng Tháp", "province", "H20", "82;87"),
    ("86", "Vĩnh Long", "province", "H61", "83;84;86"),
    ("91", "An Giang", "province", "H01", "89;91"),
    ("92", "Thành phố Cần Thơ", "central_city", "H13", "92;93;94"),
    ("96", "Cà Mau", "province", "H12", "95;96"),
]

# provinces_before_2025.csv: gso_code, name, successor_gso_code; plus population (millions,
# approximate, used as the dossier-volume weight).
PROVINCES_BEFORE_2025 = [
    ("01", "Thành phố Hà Nội", "01", 8.4), ("02", "Tỉnh Hà Giang", "08", 0.9),
    ("04", "Tỉnh Cao Bằng", "04", 0.55), ("06", "Tỉnh Bắc Kạn", "19", 0.33),
    ("08", "Tỉnh Tuyên Quang", "08", 0.8), ("10", "Tỉnh Lào Cai", "15", 0.77),
    ("11", "Tỉnh Điện Biên", "11", 0.64), ("12", "Tỉnh Lai Châu", "12", 0.48),
    ("14", "Tỉnh Sơn La", "14", 1.3), ("15", "Tỉnh Yên Bái", "15", 0.84),
    ("17", "Tỉnh Hoà Bình", "25", 0.88), ("19", "Tỉnh Thái Nguyên", "19", 1.34),
    ("20", "Tỉnh Lạng Sơn", "20", 0.8), ("22", "Tỉnh Quảng Ninh", "22", 1.37),
    ("24", "Tỉnh Bắc Giang", "24", 1.9), ("25", "Tỉnh Phú Thọ", "25", 1.5),
    ("26", "Tỉnh Vĩnh Phúc", "25", 1.2), ("27", "Tỉnh Bắc Ninh", "24", 1.5),
    ("30", "Tỉnh Hải Dương", "31", 1.95), ("31", "Thành phố Hải Phòng", "31", 2.1),
    ("33", "Tỉnh Hưng Yên", "33", 1.3), ("34", "Tỉnh Thái Bình", "33", 1.87),
    ("35", "Tỉnh Hà Nam", "37", 0.88), ("36", "Tỉnh Nam Định", "37", 1.88),
    ("37", "Tỉnh Ninh Bình", "37", 1.0), ("38", "Tỉnh Thanh Hóa", "38", 3.7),
    ("40", "Tỉnh Nghệ An", "40", 3.4), ("42", "Tỉnh Hà Tĩnh", "42", 1.3),
    ("44", "Tỉnh Quảng Bình", "44", 0.9), ("45", "Tỉnh Quảng Trị", "44", 0.65),
    ("46", "Thành phố Huế", "46", 1.16), ("48", "Thành phố Đà Nẵng", "48", 1.2),
    ("49", "Tỉnh Quảng Nam", "48", 1.5), ("51", "Tỉnh Quảng Ngãi", "51", 1.25),
    ("52", "Tỉnh Bình Định", "52", 1.5), ("54", "Tỉnh Phú Yên", "66", 0.88),
    ("56", "Tỉnh Khánh Hòa", "56", 1.25), ("58", "Tỉnh Ninh Thuận", "56", 0.6),
    ("60", "Tỉnh Bình Thuận", "68", 1.25), ("62", "Tỉnh Kon Tum", "51", 0.58),
    ("64", "Tỉnh Gia Lai", "52", 1.6), ("66", "Tỉnh Đắk Lắk", "66", 1.9),
    ("67", "Tỉnh Đắk Nông", "68", 0.67), ("68", "Tỉnh Lâm Đồng", "68", 1.33),
    ("70", "Tỉnh Bình Phước", "75", 1.03), ("72", "Tỉnh Tây Ninh", "80", 1.19),
    ("74", "Tỉnh Bình Dương", "79", 2.8), ("75", "Tỉnh Đồng Nai", "75", 3.2),
    ("77", "Tỉnh Bà Rịa - Vũng Tàu", "79", 1.2), ("79", "Thành phố Hồ Chí Minh", "79", 9.4),
    ("80", "Tỉnh Long An", "80", 1.7), ("82", "Tỉnh Tiền Giang", "82", 1.8),
    ("83", "Tỉnh Bến Tre", "86", 1.3), ("84", "Tỉnh Trà Vinh", "86", 1.0),
    ("86", "Tỉnh Vĩnh Long", "86", 1.0), ("87", "Tỉnh Đồng Tháp", "82", 1.6),
    ("89", "Tỉnh An Giang", "91", 1.9), ("91", "Tỉnh Kiên Giang", "91", 1.75),
    ("92", "Thành phố Cần Thơ", "92", 1.25), ("93", "Tỉnh Hậu Giang", "92", 0.73),
    ("94", "Tỉnh Sóc Trăng", "92", 1.2), ("95", "Tỉnh Bạc Liêu", "96", 0.92),
    ("96", "Tỉnh Cà Mau", "96", 1.2),
]
HA_NAM_GSO = "35"
NINH_BINH_CODE = "H42"

# Departments: number → (current name, name before 1/7/2025, sector code, dossier weight,
# procedures of the sector). "{p}" = "tỉnh X" / "thành phố X".
DEPARTMENTS = [
    (
        "Văn phòng Ủy ban nhân dân {p}", None, "VP", 2,
        [
            "Tiếp nhận, xử lý phản ánh, kiến nghị về quy định hành chính",
            "Cung cấp thông tin theo yêu cầu", "Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
            "Đặt tên, đổi tên đường, phố và công trình công cộng",
        ],
    ),
    (
        "Sở Nội vụ {p}", None, "NV", 5,
        [
            "Thành lập hội", "Phê duyệt điều lệ hội", "Công nhận ban vận động thành lập hội",
            "Cấp giấy phép lao động cho người nước ngoài", "Giải quyết hưởng trợ cấp thất nghiệp",
            "Xác nhận người có công với cách mạng", "Thi tuyển công chức",
            "Cấp giấy phép hoạt động dịch vụ việc làm",
        ],
    ),
    (
        "Sở Tư pháp {p}", None, "TP", 6,
        [
            "Cấp Phiếu lý lịch tư pháp", "Đăng ký hành nghề luật sư",
            "Thành lập Văn phòng công chứng", "Cấp thẻ công chứng viên",
            "Đăng ký hoạt động của Trung tâm trọng tài", "Xin thôi quốc tịch Việt Nam",
            "Cấp thẻ giám định viên tư pháp", "Đăng ký hành nghề thừa phát lại",
        ],
    ),
    (
        "Sở Tài chính {p}", "Sở Kế hoạch và Đầu tư {p}", "TC", 10,
        [
            "Đăng ký thành lập doanh nghiệp", "Đăng ký thay đổi nội dung đăng ký doanh nghiệp",
            "Cấp Giấy chứng nhận đăng ký đầu tư", "Thông báo tạm ngừng kinh doanh",
            "Giải thể doanh nghiệp", "Chấp thuận chủ trương đầu tư",
            "Đăng ký thành lập chi nhánh, văn phòng đại diện", "Thẩm định giá đất cụ thể",
        ],
    ),
    (
        "Sở Công Thương {p}", None, "CT", 4,
        [
            "Cấp Giấy phép bán lẻ rượu",
            "Cấp Giấy chứng nhận cửa hàng đủ điều kiện bán lẻ xăng dầu",
            "Cấp giấy phép hoạt động điện lực", "Đăng ký thực hiện khuyến mại",
            "Cấp Giấy phép bán lẻ sản phẩm thuốc lá",
            "Đăng ký tổ chức hội chợ, triển lãm thương mại",
        ],
    ),
    (
        "Sở Xây dựng {p}", "Sở Giao thông vận tải {p}", "XD", 12,
        [
            "Cấp giấy phép xây dựng", "Thẩm định thiết kế xây dựng triển khai sau thiết kế cơ sở",
            "Cấp chứng chỉ hành nghề hoạt động xây dựng", "Cấp mới giấy phép lái xe",
            "Đổi giấy phép lái xe", "Cấp phù hiệu xe kinh doanh vận tải",
            "Cấp Giấy phép kinh doanh vận tải bằng xe ô tô", "Đăng ký phương tiện thủy nội địa",
        ],
    ),
    (
        "Sở Nông nghiệp và Môi trường {p}", "Sở Tài nguyên và Môi trường {p}", "MT", 12,
        [
            "Đăng ký đất đai, tài sản gắn liền với đất lần đầu", "Đăng ký biến động đất đai",
            "Cấp đổi Giấy chứng nhận quyền sử dụng đất", "Cấp giấy phép môi trường",
            "Thẩm định báo cáo đánh giá tác động môi trường",
            "Cấp giấy phép khai thác nước dưới đất",
            "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm nông lâm thủy sản",
            "Cấp giấy phép khai thác khoáng sản",
        ],
    ),
    (
        "Sở Khoa học và Công nghệ {p}", "Sở Thông tin và Truyền thông {p}", "KH", 2,
        [
            "Cấp giấy phép bưu chính", "Đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ",
            "Cấp giấy phép xuất bản tài liệu không kinh doanh",
            "Cấp giấy phép thiết lập trang thông tin điện tử tổng hợp",
            "Cấp Giấy chứng nhận doanh nghiệp khoa học và công nghệ",
            "Cấp giấy phép tiến hành công việc bức xạ",
        ],
    ),
    (
        "Sở Giáo dục và Đào tạo {p}", None, "GD", 5,
        [
            "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc", "Chỉnh sửa nội dung văn bằng, chứng chỉ",
            "Cho phép trung tâm ngoại ngữ, tin học hoạt động giáo dục",
            "Công nhận trường trung học đạt chuẩn quốc gia",
            "Chuyển trường đối với học sinh trung học phổ thông",
            "Xét tuyển sinh vào trường phổ thông dân tộc nội trú",
        ],
    ),
    (
        "Sở Y tế {p}", None, "YT", 6,
        [
            "Cấp giấy phép hành nghề khám bệnh, chữa bệnh",
            "Cấp giấy phép hoạt động cơ sở khám bệnh, chữa bệnh", "Cấp chứng chỉ hành nghề dược",
            "Cấp Giấy chứng nhận đủ điều kiện kinh doanh dược",
            "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", "Trợ giúp xã hội khẩn cấp",
        ],
    ),
    (
        "Sở Văn hóa, Thể thao và Du lịch {p}", None, "VH", 2,
        [
            "Cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke",
            "Cấp Giấy phép kinh doanh dịch vụ lữ hành nội địa",
            "Công nhận hạng cơ sở lưu trú du lịch", "Cấp thẻ hướng dẫn viên du lịch",
            "Tổ chức biểu diễn nghệ thuật",
            "Cấp Giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao",
        ],
    ),
    (
        "Sở Dân tộc và Tôn giáo {p}", "Ban Dân tộc {p}", "DT", 1,
        [
            "Đăng ký sinh hoạt tôn giáo tập trung", "Thông báo người được phong phẩm chức sắc",
            "Công nhận người có uy tín trong đồng bào dân tộc thiểu số",
            "Thông báo tổ chức lễ hội tín ngưỡng",
        ],
    ),
    (
        "Sở Ngoại vụ {p}", None, "NG", 1,
        [
            "Cho phép tổ chức hội nghị, hội thảo quốc tế",
            "Cho phép sử dụng thẻ đi lại doanh nhân APEC",
            "Tiếp nhận viện trợ phi chính phủ nước ngoài", "Xác nhận lãnh sự giấy tờ",
        ],
    ),
    (
        "Thanh tra {p}", None, "TTR", 1,
        [
            "Giải quyết khiếu nại lần đầu", "Giải quyết khiếu nại lần hai", "Giải quyết tố cáo",
            "Tiếp công dân",
        ],
    ),
    (
        "Công an {p}", None, "CA", 14,
        [
            "Cấp hộ chiếu phổ thông", "Đăng ký, cấp biển số xe",
            "Cấp giấy phép sử dụng vũ khí thể thao",
            "Cấp Giấy chứng nhận đủ điều kiện về an ninh, trật tự",
            "Thẩm duyệt thiết kế về phòng cháy và chữa cháy", "Cấp thẻ căn cước",
            "Cấp văn bản đồng ý cho người nước ngoài thường trú",
            "Khai báo tạm trú cho người nước ngoài",
        ],
    ),
    (
        "Ban Quản lý các khu công nghiệp {p}", None, "KCN", 3,
        [
            "Cấp Giấy chứng nhận đăng ký đầu tư trong khu công nghiệp",
            "Cấp giấy phép lao động cho người nước ngoài làm việc trong khu công nghiệp",
            "Cấp giấy chứng nhận xuất xứ hàng hóa",
            "Điều chỉnh dự án đầu tư trong khu công nghiệp",
        ],
    ),
    (
        "Bảo hiểm xã hội {p}", None, "BH", 6,
        [
            "Cấp sổ bảo hiểm xã hội", "Giải quyết hưởng chế độ thai sản",
            "Giải quyết hưởng lương hưu", "Cấp lại thẻ bảo hiểm y tế",
            "Đăng ký tham gia bảo hiểm xã hội tự nguyện",
            "Giải quyết hưởng bảo hiểm xã hội một lần",
        ],
    ),
    (
        "Thuế {p}", "Cục Thuế {p}", "THUE", 5,
        [
            "Đăng ký thuế lần đầu", "Khai lệ phí trước bạ", "Hoàn thuế giá trị gia tăng",
            "Xác nhận việc thực hiện nghĩa vụ thuế", "Miễn, giảm tiền sử dụng đất",
            "Đăng ký sử dụng hóa đơn điện tử",
        ],
    ),
    (
        "Trung tâm Phục vụ hành chính công {p}", None, "HCC", 3,
        [
            "Chứng thực bản sao điện tử từ bản chính", "Tiếp nhận hồ sơ liên thông",
            "Cấp bản sao điện tử từ sổ gốc", "Tra cứu tình trạng hồ sơ",
        ],
    ),
    (
        "Kho bạc Nhà nước khu vực {p}", "Kho bạc Nhà nước {p}", "KB", 1,
        [
            "Đăng ký và sử dụng tài khoản tại Kho bạc Nhà nước", "Kiểm soát thanh toán vốn đầu tư",
            "Đăng ký mẫu dấu, mẫu chữ ký",
        ],
    ),
]

PROVINCE_LEVEL_PROCEDURES = [
    "Chấp thuận chủ trương đầu tư của Ủy ban nhân dân tỉnh", "Giao đất, cho thuê đất",
    "Chuyển mục đích sử dụng đất", "Thu hồi đất", "Công nhận xã đạt chuẩn nông thôn mới",
    "Công nhận điểm du lịch", "Thành lập trường trung học phổ thông",
]

COMMUNE_PROCEDURES = [
    "Đăng ký khai sinh", "Đăng ký khai tử", "Đăng ký kết hôn", "Cấp bản sao trích lục hộ tịch",
    "Cấp Giấy xác nhận tình trạng hôn nhân", "Đăng ký nhận cha, mẹ, con", "Đăng ký giám hộ",
    "Chứng thực bản sao từ bản chính", "Chứng thực chữ ký", "Chứng thực hợp đồng, giao dịch",
    "Đăng ký thành lập hộ kinh doanh", "Cấp giấy phép xây dựng nhà ở riêng lẻ",
    "Đăng ký biến động quyền sử dụng đất", "Đăng ký đất đai lần đầu",
    "Hòa giải tranh chấp đất đai", "Trợ cấp xã hội hàng tháng", "Hỗ trợ chi phí mai táng",
    "Xác định mức độ khuyết tật", "Đăng ký thường trú", "Xác nhận thông tin về cư trú",
    "Xác nhận hộ nghèo, hộ cận nghèo", "Giải quyết chế độ người có công",
    "Liên thông đăng ký khai sinh, thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi",
    "Liên thông đăng ký khai tử, xóa đăng ký thường trú, hưởng chế độ tử tuất",
]

# Ministries: code, name, abbreviation, dossier weight, agencies, procedures.
MINISTRIES = [
    (
        "G01", "Bộ Công an", "BCA", 6,
        [
            "Cục Quản lý xuất nhập cảnh", "Cục Cảnh sát giao thông",
            "Cục Cảnh sát quản lý hành chính về trật tự xã hội",
            "Cục Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ",
        ],
        [
            "Cấp hộ chiếu phổ thông tại Cục Quản lý xuất nhập cảnh",
            "Cấp thị thực cho người nước ngoài", "Cấp thẻ tạm trú cho người nước ngoài",
            "Gia hạn tạm trú", "Đăng ký xe tại Cục Cảnh sát giao thông",
            "Cấp chứng chỉ huấn luyện nghiệp vụ phòng cháy và chữa cháy",
        ],
    ),
    (
        "G02", "Bộ Tư pháp", "BTP", 2,
        [
            "Trung tâm Lý lịch tư pháp quốc gia", "Cục Đăng ký quốc gia giao dịch bảo đảm",
            "Cục Bổ trợ tư pháp",
        ],
        [
            "Cấp Phiếu lý lịch tư pháp tại Trung tâm Lý lịch tư pháp quốc gia",
            "Đăng ký biện pháp bảo đảm", "Cấp chứng chỉ hành nghề đấu giá",
            "Cấp giấy phép thành lập Trung tâm trọng tài", "Nhập quốc tịch Việt Nam",
        ],
    ),
    (
        "G03", "Bộ Tài chính", "BTC", 5,
        [
            "Cục Hải quan", "Cục Thuế", "Ủy ban Chứng khoán Nhà nước",
            "Cục Quản lý, giám sát bảo hiểm",
        ],
        [
            "Thủ tục hải quan đối với hàng hóa xuất khẩu",
            "Thủ tục hải quan đối với hàng hóa nhập khẩu", "Cấp chứng chỉ kiểm toán viên",
            "Cấp chứng chỉ hành nghề chứng khoán",
            "Cấp giấy phép thành lập và hoạt động kinh doanh bảo hiểm",
            "Đăng ký mã số đơn vị có quan hệ với ngân sách",
        ],
    ),
    (
        "G04", "Bộ Công Thương", "BCT", 3,
        ["Cục Xuất nhập khẩu", "Cục Điện lực", "Cục Cạnh tranh và Bảo vệ người tiêu dùng"],
        [
            "Cấp Giấy chứng nhận xuất xứ hàng hóa ưu đãi (C/O)",
            "Cấp giấy phép nhập khẩu hàng hóa", "Cấp giấy phép hoạt động điện lực",
            "Đăng ký hợp đồng theo mẫu, điều kiện giao dịch chung",
        ],
    ),
    (
        "G05", "Bộ Xây dựng", "BXD", 3,
        [
            "Cục Đường bộ Việt Nam", "Cục Đăng kiểm Việt Nam",
            "Cục Hàng hải và Đường thủy Việt Nam", "Cục Quản lý hoạt động xây dựng",
        ],
        [
            "Cấp chứng chỉ năng lực hoạt động xây dựng hạng I", "Cấp giấy phép lái xe quốc tế",
            "Cấp Giấy chứng nhận kiểm định phương tiện", "Đăng ký tàu biển",
            "Cấp giấy phép vận tải quốc tế",
        ],
    ),
    (
        "G06", "Bộ Nông nghiệp và Môi trường", "BNNMT", 3,
        ["Cục Bảo vệ thực vật", "Cục Chăn nuôi và Thú y", "Cục Môi trường"],
        [
            "Cấp Giấy chứng nhận kiểm dịch thực vật xuất khẩu", "Cấp giấy phép môi trường",
            "Đăng ký thuốc bảo vệ thực vật", "Cấp Giấy chứng nhận kiểm dịch động vật",
            "Cấp giấy phép thăm dò nước dưới đất",
        ],
    ),
    (
        "G07", "Bộ Y tế", "BYT", 2,
        ["Cục Quản lý Dược", "Cục Hạ tầng và Thiết bị y tế", "Cục An toàn thực phẩm"],
        [
            "Cấp giấy đăng ký lưu hành thuốc", "Cấp số tiếp nhận Phiếu công bố sản phẩm mỹ phẩm",
            "Cấp giấy phép nhập khẩu trang thiết bị y tế", "Cấp chứng chỉ hành nghề dược",
            "Đăng ký bản công bố sản phẩm thực phẩm",
        ],
    ),
    (
        "G08", "Bộ Giáo dục và Đào tạo", "BGDĐT", 1,
        ["Cục Quản lý chất lượng", "Vụ Giáo dục Đại học", "Cục Hợp tác quốc tế"],
        [
            "Công nhận văn bằng do cơ sở giáo dục nước ngoài cấp",
            "Cho phép thành lập trường đại học tư thục",
            "Phê duyệt liên kết đào tạo với nước ngoài", "Phúc khảo bài thi tốt nghiệp",
        ],
    ),
]

VARIANTS = [
    "", " (cấp lại)", " (điều chỉnh, bổ sung)", " (gia hạn)", " (có yếu tố nước ngoài)",
    " (cấp đổi)", " (thực hiện liên thông)", " (trường hợp đặc biệt)",
]
PLACE_A = [
    "Tân", "Hòa", "An", "Phú", "Bình", "Đông", "Tây", "Nam", "Bắc", "Vĩnh", "Long", "Thạnh",
    "Hưng", "Quang", "Minh", "Thanh", "Xuân", "Yên", "Trung", "Hiệp", "Phước", "Mỹ", "Thuận",
    "Đức", "Cẩm", "Hải", "Kim", "Lạc", "Nghĩa", "Sơn",
]
PLACE_B = [
    "Lập", "Thành", "Lợi", "Thịnh", "Tiến", "Phong", "Lộc", "Điền", "Khánh", "Định", "Dương",
    "Giang", "Hà", "Hiếu", "Lâm", "Ninh", "Quý", "Tài", "Thắng", "Vinh",
]
FAMILY_NAMES = (
    ["Nguyễn"] * 38
    + ["Trần"] * 11
    + ["Lê"] * 9
    + ["Phạm"] * 7
    + ["Hoàng"] * 5
    + ["Huỳnh"] * 4
    + ["Phan"] * 4
    + ["Vũ"] * 4
    + ["Võ"] * 3
    + ["Đặng"] * 2
    + ["Bùi"] * 2
    + ["Đỗ"] * 2
    + ["Hồ"] * 2
    + ["Ngô"] * 2
    + ["Dương", "Lý", "Đinh", "Trịnh", "Mai"]
)
MIDDLE_MALE = ["Văn", "Văn", "Hữu", "Đức", "Minh", "Quốc", "Công", "Thanh", "Xuân", "Đình", "Ngọc"]
MIDDLE_FEMALE = [
    "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Kim", "Hồng", "Phương", "Mai",
]
GIVEN_MALE = [
    "An", "Bình", "Cường", "Dũng", "Hùng", "Hải", "Hiếu", "Hoàng", "Huy", "Khánh", "Long", "Minh",
    "Nam", "Phong", "Quân", "Sơn", "Thắng", "Trung", "Tuấn", "Việt", "Đạt", "Đức", "Tùng", "Kiên",
    "Lâm", "Nghĩa", "Phúc", "Quang", "Thành", "Vinh", "Hòa", "Tâm",
]
GIVEN_FEMALE = [
    "Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Hường", "Lan", "Linh",
    "Mai", "Ngọc", "Nhung", "Oanh", "Phương", "Quỳnh", "Thảo", "Thủy", "Trang", "Tuyết", "Vân",
    "Yến", "Loan", "My", "Nga", "Thu", "Huyền", "Hiền", "Trâm", "Uyên",
]
BUSINESS_SECTORS = [
    "Xây dựng", "Thương mại", "Dịch vụ", "Vận tải", "Công nghệ", "Nông sản", "Du lịch", "Đầu tư",
    "Thực phẩm", "Cơ khí", "Dược phẩm", "Môi trường",
]
PHONE_PREFIXES = [
    "090", "091", "093", "094", "096", "097", "098", "086", "088", "089", "032", "033", "034",
    "035", "036", "037", "038", "039", "070", "076", "077", "078", "079", "081", "082", "083",
    "084", "085", "056", "058", "059",
]

# Lunar-calendar holidays, hard-coded: Tết Nguyên Đán (first day of the lunar year, official
# break start and end) and Giỗ Tổ Hùng Vương (10/3 lunar).
TET = {
    2016: ("2016-02-08", "2016-02-06", "2016-02-14"),
    2017: ("2017-01-28", "2017-01-26", "2017-02-01"),
    2018: ("2018-02-16", "2018-02-14", "2018-02-20"),
    2019: ("2019-02-05", "2019-02-02", "2019-02-10"),
    2020: ("2020-01-25", "2020-01-23", "2020-01-29"),
    2021: ("2021-02-12", "2021-02-10", "2021-02-16"),
    2022: ("2022-02-01", "2022-01-29", "2022-02-06"),
    2023: ("2023-01-22", "2023-01-20", "2023-01-26"),
    2024: ("2024-02-10", "2024-02-08", "2024-02-14"),
    2025: ("2025-01-29", "2025-01-25", "2025-02-02"),
    2026: ("2026-02-17", "2026-02-14", "2026-02-22"),
    2027: ("2027-02-06", "2027-02-05", "2027-02-10"),
    2028: ("2028-01-26", "2028-01-25", "2028-01-30"),
    2029: ("2029-02-13", "2029-02-12", "2029-02-17"),
    2030: ("2030-02-03", "2030-02-02", "2030-02-06"),
    2031: ("2031-01-23", "2031-01-22", "2031-01-26"),
    2032: ("2032-02-11", "2032-02-10", "2032-02-14"),
}
HUNG_KINGS = {
    2016: "2016-04-16", 2017: "2017-04-06", 2018: "2018-04-25", 2019: "2019-04-14",
    2020: "2020-04-02", 2021: "2021-04-21", 2022: "2022-04-10", 2023: "2023-04-29",
    2024: "2024-04-18", 2025: "2025-04-07", 2026: "2026-04-26", 2027: "2027-04-16",
    2028: "2028-04-04", 2029: "2029-04-23", 2030: "2030-04-12", 2031: "2031-04-01",
    2032: "2032-04-19",
}
# The day taken next to Quốc khánh (2/9); 1/9 unless the government chose 3/9.
NATIONAL_DAY_EXTRA = {2024: "09-03"}
# fmt: on


def _d(s: str) -> date:
    return date.fromisoformat(s)


def holidays(first_year: int, last_year: int) -> list[tuple[date, str]]:
    """Vietnamese public holidays (non-working days besides weekends), with substitute days."""
    out: dict[date, str] = {}
    for year in range(first_year, last_year + 1):
        if year not in TET or year not in HUNG_KINGS:
            raise SystemExit(f"no hard-coded Tết / Giỗ Tổ dates for {year} (have 2016-2032)")
        singles = [(date(year, 1, 1), "Tết Dương lịch")]
        singles.append((_d(HUNG_KINGS[year]), "Giỗ Tổ Hùng Vương (10/3 âm lịch)"))
        singles.append((date(year, 4, 30), "Ngày Chiến thắng (30/4)"))
        singles.append((date(year, 5, 1), "Ngày Quốc tế Lao động (1/5)"))
        extra = NATIONAL_DAY_EXTRA.get(year, "09-01")
        singles.append((date(year, 9, 2), "Quốc khánh (2/9)"))
        singles.append((_d(f"{year}-{extra}"), "Quốc khánh (nghỉ liền kề)"))
        _, tet_from, tet_to = TET[year]
        day = _d(tet_from)
        while day <= _d(tet_to):
            out[day] = "Tết Nguyên Đán"
            day += timedelta(days=1)
        for day, name in singles:
            out.setdefault(day, name)
        # A fixed holiday on a weekend gives a substitute working day off.
        for day, name in singles:
            if day.weekday() >= 5:
                sub = day + timedelta(days=1)
                while sub.weekday() >= 5 or sub in out:
                    sub += timedelta(days=1)
                out[sub] = f"Nghỉ bù {name}"
    return sorted(out.items())
