//! Every parameter key a pack may set: its value kind, its Vietnamese name, and where the law
//! says it is set (shown in a gap when nobody has entered it).

/// The shape of a parameter's value in the pack file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// `money = 2340000` (whole đồng).
    Money,
    /// `rate = "0.22"` or `"22%"`.
    Rate,
    /// `count = 18`.
    Count,
    /// `choice = "up"`, one of the listed words.
    Choice(&'static [&'static str]),
    /// `month_day = "07-10"`: a day of every year.
    MonthDay,
    /// `shares = { poor = "0.5", … }` with the listed names.
    Shares(&'static [&'static str]),
    /// `support = { leader = { fixed = 1800000 }, … }`.
    Support,
    /// `[[param.team_size]]` rows.
    TeamSize,
    /// `[[param.tools]]` rows.
    Tools,
    /// `[[param.equipment]]` rows.
    Equipment,
    /// `[[param.items]]` rows.
    Items,
}

/// One known key.
#[derive(Debug, Clone, Copy)]
pub struct KeySpec {
    pub key: &'static str,
    pub kind: ValueKind,
    pub label_vi: &'static str,
    /// Where the law sets it.
    pub set_by: &'static str,
}

const SHARE_GROUPS: &[&str] = &["poor", "near_poor", "ethnic_minority", "island", "other"];

/// The partial-month rules a pack may choose (PRO-7); see `payroll::PartialMonthRule`.
pub const PARTIAL_MONTH_RULES: &[&str] = &[
    "full_month",
    "from_next_month",
    "half_if_lt_15",
    "pro_rata_calendar_days",
    "pro_rata_30",
    "pro_rata_working_days",
];

/// The choices of `partial_month_role_change` (PRO-7).
pub const ROLE_CHANGE_RULES: &[&str] = &["pro_rata_calendar_days", "role_on_first_day", "new_role"];

/// The keys, national first, then those each province sets.
pub const KEYS: &[KeySpec] = &[
    KeySpec {
        key: "base_salary",
        kind: ValueKind::Money,
        label_vi: "Mức lương cơ sở",
        set_by: "Nghị định của Chính phủ về mức lương cơ sở",
    },
    KeySpec {
        key: "rural_poverty_line",
        kind: ValueKind::Money,
        label_vi: "Chuẩn nghèo khu vực nông thôn (đồng/người/tháng)",
        set_by: "Nghị định của Chính phủ về chuẩn nghèo đa chiều",
    },
    KeySpec {
        key: "regional_min_wage",
        kind: ValueKind::Money,
        label_vi: "Mức lương tối thiểu vùng",
        set_by: "Nghị định của Chính phủ về lương tối thiểu vùng",
    },
    KeySpec {
        key: "bhxh_voluntary_rate",
        kind: ValueKind::Rate,
        label_vi: "Tỷ lệ đóng bảo hiểm xã hội tự nguyện",
        set_by: "Luật Bảo hiểm xã hội",
    },
    KeySpec {
        key: "bhxh_state_share",
        kind: ValueKind::Shares(SHARE_GROUPS),
        label_vi: "Tỷ lệ Nhà nước hỗ trợ đóng BHXH tự nguyện",
        set_by: "Nghị định hướng dẫn Luật Bảo hiểm xã hội về BHXH tự nguyện",
    },
    KeySpec {
        key: "bhxh_income_base",
        kind: ValueKind::Choice(&["poverty_line", "monthly_support"]),
        label_vi: "Thu nhập làm căn cứ đóng BHXH tự nguyện",
        set_by: "Luật Bảo hiểm xã hội; nghị quyết của HĐND tỉnh nếu tỉnh hỗ trợ theo mức hỗ trợ hằng tháng",
    },
    KeySpec {
        key: "bhyt_income_base",
        kind: ValueKind::Choice(&["base_salary", "monthly_support"]),
        label_vi: "Căn cứ tính mức đóng BHYT",
        set_by: "Luật Bảo hiểm y tế; nghị quyết của HĐND tỉnh",
    },
    KeySpec {
        key: "bhyt_rate",
        kind: ValueKind::Rate,
        label_vi: "Mức đóng bảo hiểm y tế (tỷ lệ × lương cơ sở)",
        set_by: "Luật Bảo hiểm y tế và nghị định hướng dẫn",
    },
    KeySpec {
        key: "bhyt_state_floor",
        kind: ValueKind::Rate,
        label_vi: "Ngân sách nhà nước hỗ trợ tối thiểu mức đóng BHYT",
        set_by: "Nghị định 188/2025/NĐ-CP Điều 6 khoản 6",
    },
    KeySpec {
        key: "age_min",
        kind: ValueKind::Count,
        label_vi: "Tuổi tối thiểu",
        set_by: "Luật 30/2023/QH15 Điều 13",
    },
    KeySpec {
        key: "age_max",
        kind: ValueKind::Count,
        label_vi: "Tuổi tối đa (trên tuổi này cần quyết định của Chủ tịch UBND xã)",
        set_by: "Luật 30/2023/QH15 Điều 13",
    },
    KeySpec {
        key: "residence_min_years",
        kind: ValueKind::Count,
        label_vi: "Thời gian cư trú tối thiểu (năm)",
        set_by: "Luật 30/2023/QH15 Điều 13",
    },
    KeySpec {
        key: "health_certificate_valid_months",
        kind: ValueKind::Count,
        label_vi: "Thời hạn giấy chứng nhận sức khỏe (tháng)",
        set_by: "Quy định của cơ quan có thẩm quyền về giấy chứng nhận sức khỏe",
    },
    KeySpec {
        key: "decision_deadline_working_days",
        kind: ValueKind::Count,
        label_vi: "Thời hạn đề nghị và quyết định công nhận (ngày làm việc)",
        set_by: "Thông tư 14/2024/TT-BCA Điều 4",
    },
    KeySpec {
        key: "selection_pass_share",
        kind: ValueKind::Rate,
        label_vi: "Tỷ lệ phiếu đồng ý phải vượt quá (trên số thành viên Hội đồng xét tuyển có mặt)",
        set_by: "Thông tư 14/2024/TT-BCA Điều 3",
    },
    KeySpec {
        key: "discipline_min_refusals",
        kind: ValueKind::Count,
        label_vi: "Số lần từ chối nhiệm vụ không có lý do chính đáng để cho thôi tham gia",
        set_by: "Luật 30/2023/QH15 Điều 17 khoản 3",
    },
    KeySpec {
        key: "discipline_min_reminders",
        kind: ValueKind::Count,
        label_vi: "Số lần bị Công an cấp xã nhắc nhở bằng văn bản để cho thôi tham gia",
        set_by: "Luật 30/2023/QH15 Điều 17 khoản 3",
    },
    KeySpec {
        key: "support_tools",
        kind: ValueKind::Tools,
        label_vi: "Tiêu chuẩn công cụ hỗ trợ theo quân số của Tổ",
        set_by: "Thông tư 14/2024/TT-BCA Điều 8",
    },
    KeySpec {
        key: "support_tool_rounding",
        kind: ValueKind::Choice(&["up", "down", "half_up"]),
        label_vi: "Cách làm tròn số công cụ hỗ trợ tính theo % quân số",
        set_by: "Thông tư 14/2024/TT-BCA Điều 8 (chưa quy định cách làm tròn; do địa phương quyết định)",
    },
    KeySpec {
        key: "workplace_equipment",
        kind: ValueKind::Equipment,
        label_vi: "Danh mục, tiêu chuẩn, niên hạn phương tiện, thiết bị của Tổ",
        set_by: "Nghị định 40/2024/NĐ-CP Điều 4",
    },
    KeySpec {
        key: "training_allowance_per_day",
        kind: ValueKind::Money,
        label_vi: "Bồi dưỡng ngày huấn luyện (bằng tiền ăn cơ bản của chiến sĩ nghĩa vụ CAND)",
        set_by: "Luật 30/2023/QH15 Điều 23 khoản 2; mức do Bộ Công an quy định",
    },
    KeySpec {
        key: "team_size",
        kind: ValueKind::TeamSize,
        label_vi: "Tiêu chí số lượng thành viên Tổ bảo vệ ANTT",
        set_by: "Nghị quyết của HĐND tỉnh (Luật 30/2023/QH15 Điều 14 khoản 3)",
    },
    KeySpec {
        key: "monthly_support",
        kind: ValueKind::Support,
        label_vi: "Mức hỗ trợ thường xuyên hằng tháng theo chức danh",
        set_by: "Nghị quyết của HĐND tỉnh (Luật 30/2023/QH15 Điều 23 khoản 1)",
    },
    KeySpec {
        key: "bhxh_province_support",
        kind: ValueKind::Rate,
        label_vi: "Tỷ lệ tỉnh hỗ trợ thêm tiền đóng BHXH tự nguyện",
        set_by: "Nghị quyết của HĐND tỉnh (Luật 30/2023/QH15 Điều 23 khoản 1)",
    },
    KeySpec {
        key: "bhyt_province_support",
        kind: ValueKind::Rate,
        label_vi: "Tỷ lệ tỉnh hỗ trợ tiền đóng BHYT",
        set_by: "Nghị quyết của HĐND tỉnh (Luật 30/2023/QH15 Điều 23 khoản 1)",
    },
    KeySpec {
        key: "night_duty_allowance",
        kind: ValueKind::Money,
        label_vi: "Bồi dưỡng làm nhiệm vụ từ 22 giờ đến 6 giờ (đồng/người/đêm)",
        set_by: "Nghị quyết của HĐND tỉnh (Luật 30/2023/QH15 Điều 23 khoản 2)",
    },
    KeySpec {
        key: "night_duty_max_per_month",
        kind: ValueKind::Count,
        label_vi: "Số đêm bồi dưỡng tối đa mỗi tháng",
        set_by: "Nghị quyết của HĐND tỉnh",
    },
    KeySpec {
        key: "holiday_allowance",
        kind: ValueKind::Money,
        label_vi: "Bồi dưỡng làm nhiệm vụ ngày nghỉ, ngày lễ (đồng/người/ngày)",
        set_by: "Nghị quyết của HĐND tỉnh (Luật 30/2023/QH15 Điều 23 khoản 2)",
    },
    KeySpec {
        key: "hazardous_allowance",
        kind: ValueKind::Money,
        label_vi: "Bồi dưỡng công việc nặng nhọc, độc hại, nguy hiểm (đồng/người/ngày)",
        set_by: "Nghị quyết của HĐND tỉnh (Luật 30/2023/QH15 Điều 23 khoản 2)",
    },
    KeySpec {
        key: "hazardous_max_days",
        kind: ValueKind::Count,
        label_vi: "Số ngày bồi dưỡng nặng nhọc, độc hại tối đa mỗi tháng",
        set_by: "Nghị quyết của HĐND tỉnh",
    },
    KeySpec {
        key: "extra_workday_allowance",
        kind: ValueKind::Money,
        label_vi: "Bồi dưỡng ngày công lao động tăng thêm ở địa bàn biên giới, miền núi, đặc biệt khó khăn (đồng/người/ngày)",
        set_by: "Nghị quyết của HĐND tỉnh (Luật 30/2023/QH15 Điều 23 khoản 2)",
    },
    KeySpec {
        key: "partial_month_start",
        kind: ValueKind::Choice(PARTIAL_MONTH_RULES),
        label_vi: "Cách tính hỗ trợ hằng tháng của tháng được công nhận giữa tháng",
        set_by: "Nghị quyết của HĐND tỉnh (không văn bản nào tìm thấy quy định; PRO-1, PRO-7)",
    },
    KeySpec {
        key: "partial_month_end",
        kind: ValueKind::Choice(PARTIAL_MONTH_RULES),
        label_vi: "Cách tính hỗ trợ hằng tháng của tháng thôi tham gia giữa tháng",
        set_by: "Nghị quyết của HĐND tỉnh (không văn bản nào tìm thấy quy định; PRO-1, PRO-7)",
    },
    KeySpec {
        key: "partial_month_role_change",
        kind: ValueKind::Choice(ROLE_CHANGE_RULES),
        label_vi: "Cách tính hỗ trợ hằng tháng của tháng đổi chức danh hoặc chuyển Tổ giữa tháng",
        set_by: "Nghị quyết của HĐND tỉnh (không văn bản nào tìm thấy quy định; PRO-1, PRO-7)",
    },
    KeySpec {
        key: "night_duty_min_hours",
        kind: ValueKind::Count,
        label_vi: "Số giờ làm nhiệm vụ tối thiểu trong khoảng 22 giờ – 6 giờ để được tính một đêm",
        set_by: "Nghị quyết của HĐND tỉnh (ALW-3: nơi có quy định là từ đủ 04 giờ)",
    },
    KeySpec {
        key: "night_duty_unit",
        kind: ValueKind::Choice(&["per_night", "per_shift", "per_hour"]),
        label_vi: "Đơn vị tính bồi dưỡng ban đêm (mỗi đêm, mỗi ca, mỗi giờ)",
        set_by: "Nghị quyết của HĐND tỉnh (ALW §4.2)",
    },
    KeySpec {
        key: "holiday_max_per_month",
        kind: ValueKind::Count,
        label_vi: "Số ngày nghỉ, ngày lễ được bồi dưỡng tối đa mỗi tháng",
        set_by: "Nghị quyết của HĐND tỉnh",
    },
    KeySpec {
        key: "allowance_max_per_month_dong",
        kind: ValueKind::Money,
        label_vi: "Tổng tiền bồi dưỡng tối đa của một người trong tháng",
        set_by: "Nghị quyết của HĐND tỉnh (ALW-10: Bạc Liêu 500.000 đồng/tháng)",
    },
    KeySpec {
        key: "allowance_max_per_year_dong",
        kind: ValueKind::Money,
        label_vi: "Tổng tiền bồi dưỡng tối đa của một người trong năm",
        set_by: "Nghị quyết của HĐND tỉnh (ALW-6: Bắc Kạn 1.500.000 đồng/năm)",
    },
    KeySpec {
        key: "allowance_max_hours_per_year",
        kind: ValueKind::Count,
        label_vi: "Số giờ được bồi dưỡng tối đa của một người trong năm",
        set_by: "Nghị quyết của HĐND tỉnh (ALW-5: Hà Giang 300 giờ/năm)",
    },
    KeySpec {
        key: "allowance_one_per_day",
        kind: ValueKind::Choice(&["highest_only", "each"]),
        label_vi: "Một ngày có nhiều lý do bồi dưỡng (đêm, ngày nghỉ, độc hại): chỉ hưởng mức cao nhất hay hưởng từng khoản",
        set_by: "Nghị quyết của HĐND tỉnh (ALW §4.2)",
    },
    KeySpec {
        key: "member_insurance_share",
        kind: ValueKind::Choice(&["member_pays", "withheld"]),
        label_vi: "Phần BHXH, BHYT người tham gia tự đóng: tự nộp, hay khấu trừ vào tiền hỗ trợ",
        set_by: "Nghị quyết của HĐND tỉnh hoặc hướng dẫn của cơ quan bảo hiểm xã hội",
    },
    KeySpec {
        key: "budget_estimate_due",
        kind: ValueKind::MonthDay,
        label_vi: "Hạn UBND xã gửi dự toán ngân sách năm sau (ngày trong năm)",
        set_by: "Quyết định của UBND tỉnh (Thông tư 26/2026/TT-BTC Điều 12 khoản 4)",
    },
    KeySpec {
        key: "budget_settlement_due",
        kind: ValueKind::MonthDay,
        label_vi: "Hạn UBND xã gửi báo cáo quyết toán năm trước (ngày trong năm)",
        set_by: "Quyết định của UBND tỉnh (Thông tư 26/2026/TT-BTC Điều 20)",
    },
    KeySpec {
        key: "provincial_items",
        kind: ValueKind::Items,
        label_vi: "Trang bị do tỉnh mua sắm (đèn pin, còi…)",
        set_by: "Nghị quyết của HĐND tỉnh",
    },
];

/// The spec of a key, if it is known.
pub fn key_spec(key: &str) -> Option<&'static KeySpec> {
    KEYS.iter().find(|k| k.key == key)
}
