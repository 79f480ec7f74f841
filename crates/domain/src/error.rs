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
    /// A membership's end before the day it started (LAW-17: the start date is named).
    EndsBeforeStart(chrono::NaiveDate),
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
    /// A capability's own refusal (see [`crate::faults!`]).
    Fault(crate::kernel::fault::Fault),
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
            FieldErrorKind::DateOrder | FieldErrorKind::EndsBeforeStart(_) => "date_order",
            FieldErrorKind::Overlap => "overlapping_validity",
            FieldErrorKind::Cycle => "hierarchy_cycle",
            FieldErrorKind::Duplicate => "duplicate",
            FieldErrorKind::LevelMismatch => "level_mismatch",
            FieldErrorKind::ParentNotValid => "parent_not_valid",
            FieldErrorKind::NotInForce => "not_in_force",
            FieldErrorKind::DuplicateOf(_) | FieldErrorKind::DuplicateElsewhere => "duplicate",
            FieldErrorKind::Fault(fault) => fault.code,
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
            FieldErrorKind::EndsBeforeStart(start) => format!(
                "{f}: ngày thôi không được trước ngày bắt đầu tham gia {}.",
                crate::date::format_vi(*start)
            ),
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
            FieldErrorKind::DuplicateOf(who) => format!("{f}: đã có trong hồ sơ của {who}."),
            FieldErrorKind::DuplicateElsewhere => {
                format!("{f}: số CCCD này đã có trong hệ thống; liên hệ Công an cấp trên.")
            }
            FieldErrorKind::Fault(fault) => format!("{f}: {}", fault.message_vi),
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
        "sort" => "Cột sắp xếp",
        "months" => "Thời hạn (tháng)",
        "new_signed_on" => "Ngày ký quyết định",
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
        "start" => "Giờ bắt đầu",
        "end" => "Giờ kết thúc",
        "people" => "Người tham gia",
        "mobilised_by" => "Huy động bởi",
        "duty_kind" => "Loại ca",
        "month" => "Tháng",
        "from" => "Từ",
        "to" => "Đến",
        "week" => "Tuần",
        "paid_on" => "Ngày chi trả",
        "voucher" => "Số chứng từ",
        "reason" => "Lý do",
        "action" => "Thao tác",
        "state" => "Trạng thái",
        "partial_month_rule" => "Cách tính tháng không trọn",
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
