//! Validation errors that name the field, carry a stable code and read in Vietnamese.

use std::fmt;

/// What is wrong with one field of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldErrorKind {
    Required,
    TooLong {
        max: usize,
    },
    ControlCharacter,
    InvalidDate,
    InvalidCode {
        expected: &'static str,
    },
    InvalidNumber,
    InvalidChoice {
        allowed: &'static str,
    },
    DateOrder,
    Overlap,
    Cycle,
    Duplicate,
    LevelMismatch,
    ParentNotValid,
    NotInForce,
    /// Already recorded, for the person or thing named.
    DuplicateOf(String),
    /// Already recorded somewhere the user may not see: said without saying where.
    DuplicateElsewhere,
    Other(&'static str),
}

/// One bad field: the machine name of the field and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub kind: FieldErrorKind,
}

impl FieldError {
    pub fn new(field: &'static str, kind: FieldErrorKind) -> Self {
        FieldError { field, kind }
    }

    /// Stable machine code for API clients; never changes once published.
    pub fn code(&self) -> &'static str {
        match self.kind {
            FieldErrorKind::Required => "required",
            FieldErrorKind::TooLong { .. } => "too_long",
            FieldErrorKind::ControlCharacter => "control_character",
            FieldErrorKind::InvalidDate => "invalid_date",
            FieldErrorKind::InvalidCode { .. } => "invalid_code",
            FieldErrorKind::InvalidNumber => "invalid_number",
            FieldErrorKind::InvalidChoice { .. } => "invalid_choice",
            FieldErrorKind::DateOrder => "date_order",
            FieldErrorKind::Overlap => "overlapping_validity",
            FieldErrorKind::Cycle => "hierarchy_cycle",
            FieldErrorKind::Duplicate => "duplicate",
            FieldErrorKind::LevelMismatch => "level_mismatch",
            FieldErrorKind::ParentNotValid => "parent_not_valid",
            FieldErrorKind::NotInForce => "not_in_force",
            FieldErrorKind::DuplicateOf(_) | FieldErrorKind::DuplicateElsewhere => "duplicate",
            FieldErrorKind::Other(code) => code,
        }
    }

    /// The Vietnamese message a user reads, naming the field.
    pub fn message_vi(&self) -> String {
        let f = field_label_vi(self.field);
        match &self.kind {
            FieldErrorKind::Required => format!("{f}: bắt buộc nhập."),
            FieldErrorKind::TooLong { max } => format!("{f}: dài quá {max} ký tự."),
            FieldErrorKind::ControlCharacter => format!("{f}: chứa ký tự điều khiển không hợp lệ."),
            FieldErrorKind::InvalidDate => {
                format!("{f}: ngày không hợp lệ (nhập theo dạng dd/mm/yyyy hoặc yyyy-mm-dd).")
            }
            FieldErrorKind::InvalidCode { expected } => {
                format!("{f}: mã không hợp lệ, cần {expected}.")
            }
            FieldErrorKind::InvalidNumber => format!("{f}: phải là số nguyên không âm."),
            FieldErrorKind::InvalidChoice { allowed } => {
                format!("{f}: giá trị không hợp lệ, chỉ nhận: {allowed}.")
            }
            FieldErrorKind::DateOrder => format!("{f}: ngày kết thúc phải sau ngày bắt đầu."),
            FieldErrorKind::Overlap => {
                format!("{f}: thời gian hiệu lực chồng lấn với một phiên bản đã có.")
            }
            FieldErrorKind::Cycle => format!("{f}: tạo vòng lặp trong cây đơn vị hành chính."),
            FieldErrorKind::Duplicate => format!("{f}: đã tồn tại."),
            FieldErrorKind::LevelMismatch => {
                format!("{f}: cấp đơn vị cha không phù hợp với cấp của đơn vị.")
            }
            FieldErrorKind::ParentNotValid => {
                format!("{f}: đơn vị cha không có hiệu lực trong suốt thời gian này.")
            }
            FieldErrorKind::NotInForce => format!("{f}: đơn vị không có hiệu lực vào ngày này."),
            FieldErrorKind::Other("cccd_unknown_province") => {
                format!("{f}: ba chữ số đầu không phải mã tỉnh nơi đăng ký khai sinh.")
            }
            FieldErrorKind::Other("cccd_century_mismatch") => {
                format!("{f}: chữ số thứ tư (thế kỷ) không khớp với năm sinh.")
            }
            FieldErrorKind::Other("cccd_sex_mismatch") => {
                format!("{f}: chữ số thứ tư (giới tính) không khớp với giới tính đã nhập.")
            }
            FieldErrorKind::Other("cccd_year_mismatch") => {
                format!("{f}: chữ số thứ năm và sáu không khớp với năm sinh.")
            }
            FieldErrorKind::DuplicateOf(who) => format!("{f}: đã có trong hồ sơ của {who}."),
            FieldErrorKind::Other("not_found") => format!("{f}: không tìm thấy."),
            FieldErrorKind::DuplicateElsewhere => {
                format!("{f}: số CCCD này đã có trong hệ thống; liên hệ Công an cấp trên.")
            }
            FieldErrorKind::Other("village_not_in_commune") => {
                format!("{f}: có thôn không thuộc xã này vào ngày thành lập Tổ.")
            }
            FieldErrorKind::Other("person_not_found") => {
                format!("{f}: chưa có hồ sơ người này trong phạm vi của bạn; lập hồ sơ trước.")
            }
            FieldErrorKind::Other("date_in_future") => format!("{f}: ngày ở tương lai."),
            FieldErrorKind::Other("before_current_term") => format!(
                "{f}: phải sau ngày nhận nhiệm vụ của người đang giữ chức vụ; nhập các nhiệm kỳ theo thứ tự thời gian."
            ),
            FieldErrorKind::Other("date_outside_year") => {
                format!("{f}: có ngày không thuộc năm này.")
            }
            FieldErrorKind::Other("not_a_commune") => format!("{f}: đơn vị này không phải cấp xã."),
            FieldErrorKind::Other("village_has_team") => {
                format!("{f}: có thôn đã thuộc một Tổ khác.")
            }
            FieldErrorKind::Other("decision_not_found") => {
                format!("{f}: không có quyết định này trong sổ quyết định của xã.")
            }
            FieldErrorKind::Other("before_team_established") => {
                format!("{f}: trước ngày thành lập Tổ.")
            }
            FieldErrorKind::Other("under_18") => {
                format!(
                    "{f}: người này chưa đủ 18 tuổi vào ngày bắt đầu (Luật 30/2023/QH15 Điều 13)."
                )
            }
            FieldErrorKind::Other("over_70_needs_decision") => format!(
                "{f}: người trên 70 tuổi chỉ được công nhận khi có quyết định của Chủ tịch UBND cấp xã (Luật 30/2023/QH15 Điều 13)."
            ),
            FieldErrorKind::Other("already_member") => {
                format!("{f}: người này đang là thành viên một Tổ trong thời gian đó.")
            }
            FieldErrorKind::Other("second_leader") => {
                format!("{f}: Tổ đã có Tổ trưởng trong thời gian đó.")
            }
            FieldErrorKind::Other("already_ended") => {
                format!("{f}: tư cách thành viên này đã kết thúc.")
            }
            FieldErrorKind::Other("outside_membership") => {
                format!("{f}: ngoài thời gian người này là thành viên.")
            }
            FieldErrorKind::Other("discipline_needs_evidence") => format!(
                "{f}: cho thôi vì vi phạm cần ít nhất 02 lần từ chối nhiệm vụ không có lý do chính đáng hoặc 02 lần nhắc nhở bằng văn bản đã ghi nhận (Luật 30/2023/QH15 Điều 17 khoản 3)."
            ),
            FieldErrorKind::Other("parent_not_found" | "unit_not_found") => {
                format!("{f}: không có đơn vị với mã này trong phạm vi của bạn.")
            }
            FieldErrorKind::Other("succession_shape") => format!(
                "{f}: nhập cần ít nhất hai đơn vị trước và một đơn vị sau; chia tách cần một đơn vị trước và \
                 ít nhất hai đơn vị sau; đổi tên, điều chỉnh cần một đơn vị mỗi bên."
            ),
            FieldErrorKind::Other("scope_outside_yours") => {
                format!("{f}: vượt ra ngoài phạm vi quản lý của bạn.")
            }
            FieldErrorKind::Other("cannot_demote_self") => {
                format!("{f}: không thể tự bỏ quyền quản trị hoặc tự khóa tài khoản của mình.")
            }
            FieldErrorKind::Other("step_already_done") => {
                format!("{f}: bước này đã được ghi nhận.")
            }
            FieldErrorKind::Other("step_out_of_order") => format!(
                "{f}: chưa đến bước này — các bước tuyển chọn phải theo thứ tự của Thông tư 14/2024/TT-BCA Điều 3, 4."
            ),
            FieldErrorKind::Other("step_before_previous") => {
                format!("{f}: không được trước ngày của bước liền trước.")
            }
            FieldErrorKind::Other("list_before_deadline") => format!(
                "{f}: danh sách người đăng ký chỉ được phê duyệt sau khi hết hạn nhận hồ sơ (TT14-3.5)."
            ),
            FieldErrorKind::Other("no_member_present") => {
                format!("{f}: phải có thành viên Hội đồng xét tuyển có mặt.")
            }
            FieldErrorKind::Other("present_over_council") => {
                format!("{f}: số người có mặt lớn hơn số thành viên Hội đồng.")
            }
            FieldErrorKind::Other("votes_over_present") => {
                format!("{f}: số phiếu đồng ý lớn hơn số thành viên Hội đồng có mặt.")
            }
            FieldErrorKind::Other("tie_choice_mismatch") => format!(
                "{f}: quyết định chỉ chọn trong số người bằng phiếu và đúng số chỉ tiêu còn lại."
            ),
            FieldErrorKind::Other("tie_unresolved") => format!(
                "{f}: còn người bằng phiếu ở vị trí cuối chỉ tiêu — cần ghi nhận quyết định chọn người trước."
            ),
            FieldErrorKind::Other("application_outside_window") => format!(
                "{f}: hồ sơ chỉ được nhận sau khi niêm yết kế hoạch và đến hết hạn nhận hồ sơ."
            ),
            FieldErrorKind::Other("applications_closed") => {
                format!("{f}: danh sách người đăng ký đã được phê duyệt, không nhận thêm hồ sơ.")
            }
            FieldErrorKind::Other("already_applied") => {
                format!("{f}: người này đã nộp hồ sơ trong đợt tuyển chọn này.")
            }
            FieldErrorKind::Other("votes_must_match_list") => {
                format!("{f}: phải có số phiếu của đúng những người trong danh sách đã phê duyệt.")
            }
            FieldErrorKind::Other("no_applicant_on_list") => {
                format!("{f}: chưa có người nào đủ hồ sơ và đủ điều kiện trong danh sách.")
            }
            FieldErrorKind::Other("role_not_selected") => {
                format!("{f}: chỉ giới thiệu chức danh cho người trúng tuyển.")
            }
            FieldErrorKind::Other("round_has_no_team") => format!(
                "{f}: đợt này chưa gắn với Tổ nào — nhập tên Tổ để thành lập theo quyết định."
            ),
            FieldErrorKind::Other("council_needs_chair") => {
                format!("{f}: Hội đồng xét tuyển phải có Chủ tịch Hội đồng.")
            }
            FieldErrorKind::Other("commune_unknown") => format!(
                "{f}: không có xã, phường mang mã này, hoặc xã đó ngoài phạm vi của tài khoản."
            ),
            FieldErrorKind::Other("no_civil_defence_leaders") => format!(
                "{f}: Tổ không có Tổ trưởng, Tổ phó nào chuyển sang từ Đội trưởng, Đội phó dân phòng."
            ),
            FieldErrorKind::Other("form_not_ready") => {
                format!("{f}: chưa đến bước có biểu mẫu này (chưa có dữ liệu để điền).")
            }
            FieldErrorKind::Other("not_a_stop") => format!(
                "{f}: chỉ lập Mẫu 07 cho các trường hợp thôi tham gia theo khoản 3 Điều 17 Luật 30/2023/QH15."
            ),
            FieldErrorKind::Other("membership_role_differs") => format!(
                "{f}: người này đã có trong Tổ từ ngày này với chức danh khác — đổi chức danh trên trang của Tổ."
            ),
            FieldErrorKind::Other("team_not_found") => format!("{f}: không tìm thấy Tổ trong xã."),
            FieldErrorKind::Other("step_needs_details") => format!(
                "{f}: bước này ghi nhận kèm dữ liệu riêng (biểu quyết, đề nghị hoặc quyết định)."
            ),
            FieldErrorKind::Other("password_too_short") => format!("{f}: cần ít nhất 8 ký tự."),
            FieldErrorKind::Other("pack_jurisdiction_changed") => format!(
                "{f}: phiên bản mới không được đổi loại bộ quy định, tỉnh ban hành hoặc bộ quy định mà nó bổ sung."
            ),
            FieldErrorKind::Other("bidi_control") => format!(
                "{f}: có ký tự điều khiển hướng chữ hoặc ký tự vô hình (như U+202E, U+200B); hãy gõ lại nội dung."
            ),
            FieldErrorKind::Other(_) => format!("{f}: không hợp lệ."),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_vi())
    }
}

impl std::error::Error for FieldError {}

/// Vietnamese labels for the field names used across the product.
pub fn field_label_vi(field: &str) -> &'static str {
    match field {
        "code" => "Mã đơn vị",
        "name" => "Tên",
        "level" => "Cấp",
        "kind" => "Loại đơn vị",
        "parent" | "parent_id" | "parent_code" => "Đơn vị cha",
        "valid_from" => "Hiệu lực từ ngày",
        "valid_to" => "Hiệu lực đến ngày",
        "date" | "as_of" => "Ngày",
        "households" => "Số hộ",
        "population" => "Số nhân khẩu",
        "area_ha" => "Diện tích (ha)",
        "username" => "Tên đăng nhập",
        "display_name" => "Họ và tên",
        "password" => "Mật khẩu",
        "roles" => "Vai trò",
        "scope" => "Phạm vi",
        "body" => "Dữ liệu gửi lên",
        "event_kind" => "Loại sự kiện",
        "predecessors" => "Đơn vị trước",
        "successors" => "Đơn vị sau",
        "basis" => "Căn cứ pháp lý",
        "token_name" => "Tên khóa API",
        "pack" => "Gói quy định",
        "unit" => "Đơn vị",
        "members" => "Số thành viên",
        "birth_date" => "Ngày sinh",
        "education" => "Trình độ học vấn",
        "residence_since" => "Cư trú từ ngày",
        "health_certificate" => "Ngày giấy chứng nhận sức khỏe",
        "legal_status" => "Tình trạng pháp lý",
        "role" => "Chức danh",
        "household" => "Diện hộ",
        "flags" => "Đặc điểm địa bàn",
        "cccd" => "Số CCCD",
        "full_name" => "Họ và tên",
        "office" => "Chức vụ",
        "sex" => "Giới tính",
        "ethnicity" => "Dân tộc",
        "residence" => "Nơi cư trú",
        "phone" => "Số điện thoại",
        "origin" => "Nguồn",
        "end_reason" => "Lý do thôi tham gia",
        "end_date" => "Ngày kết thúc",
        "start_date" => "Ngày bắt đầu",
        "team" => "Tổ",
        "villages" => "Thôn, tổ dân phố",
        "decision" => "Quyết định",
        "number" => "Số quyết định",
        "signer" => "Người ký",
        "workplace" => "Nơi làm việc",
        "over70_decision" => "Quyết định cho người trên 70 tuổi",
        "person" => "Người",
        "commune" => "Xã",
        "subject" => "Trích yếu",
        "note" => "Ghi chú",
        "prior_service" => "Đã từng phục vụ",
        "year" => "Năm",
        "source" => "Nguồn công bố",
        "step" => "Bước",
        "on" => "Ngày thực hiện",
        "present" => "Số thành viên có mặt",
        "votes" => "Số phiếu",
        "chosen" => "Người được chọn",
        "quota" => "Chỉ tiêu",
        "application_deadline" => "Hạn nhận hồ sơ",
        "meeting_on" => "Ngày họp dự kiến",
        "title" => "Tên đợt",
        "documents" => "Hồ sơ yêu cầu",
        "place" => "Nơi nhận hồ sơ",
        "submitted_on" => "Ngày nộp hồ sơ",
        "received_by" => "Người nhận hồ sơ",
        "council" => "Hội đồng xét tuyển",
        "method" => "Hình thức biểu quyết",
        "team_name" => "Tên Tổ",
        "row" => "Dòng",
        "file" => "Tệp",
        "team_established" => "Ngày thành lập Tổ",
        "team_decision" => "Số QĐ thành lập Tổ",
        "health_certificate_on" => "Ngày giấy chứng nhận sức khỏe",
        _ => "Trường dữ liệu",
    }
}
