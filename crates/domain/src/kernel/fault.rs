//! Refusals as data: each capability declares its faults with `faults!` — a stable code (the
//! same in the API, the pages and the import report) and the Vietnamese message a user reads
//! after the field's label. One exhaustive list per capability, so no refusal is ever shown as a
//! bare "không hợp lệ".

/// One refusal: its stable code and its message (after the field's label).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fault {
    pub code: &'static str,
    pub message_vi: &'static str,
}

/// Declares a capability's faults: `Variant = "code" => "message"`. Gives `code()`,
/// `message_vi()`, `ALL`, and the conversion into a field error's kind.
#[macro_export]
macro_rules! faults {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $variant:ident = $code:literal => $message:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name {
            $( $variant, )+
        }

        impl $name {
            /// Every fault of the capability.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            /// What the user reads after the field's label.
            pub fn message_vi(self) -> &'static str {
                match self { $($name::$variant => $message,)+ }
            }
        }

        impl From<$name> for $crate::error::FieldErrorKind {
            fn from(f: $name) -> $crate::error::FieldErrorKind {
                $crate::error::FieldErrorKind::Fault($crate::kernel::fault::Fault {
                    code: f.code(),
                    message_vi: f.message_vi(),
                })
            }
        }
    };
}

crate::faults! {
    /// Refusals any capability may give: the refusals, each with its stable code and message.
    pub enum CommonFault {
        NotFound = "not_found" => "không tìm thấy.",
        DateInFuture = "date_in_future" => "ngày ở tương lai.",
        DatabaseNotEmpty = "database_not_empty" => "cơ sở dữ liệu đã có dữ liệu; dữ liệu minh họa chỉ được tạo trên cơ sở dữ liệu trống.",
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use crate::error::{FieldError, FieldErrorKind};

    /// Every capability's refusals: (code, message).
    fn all() -> Vec<(&'static str, &'static str)> {
        let mut out = Vec::new();
        macro_rules! add {
            ($($t:ty),+) => {
                $(out.extend(<$t>::ALL.iter().map(|f| (f.code(), f.message_vi())));)+
            };
        }
        add!(
            super::CommonFault,
            crate::text::TextFault,
            crate::person::PersonFault,
            crate::unit::UnitFault,
            crate::access::UserFault,
            crate::calendar::CalendarFault,
            crate::policy::PolicyFault,
            crate::roster::ImportFault,
            crate::selection::SelectionFault,
            crate::force::ForceFault,
            crate::payroll::PayrollFault
        );
        out
    }

    #[test]
    fn every_refusal_has_one_code_and_a_vietnamese_sentence() {
        let faults = all();
        let mut seen = HashSet::new();
        for (code, message) in &faults {
            assert!(seen.insert(*code), "{code} is declared twice");
            assert!(
                code.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                "{code}"
            );
            assert!(message.ends_with('.'), "{code}: {message}");
            assert!(
                !message.contains("không hợp lệ.") || message.len() > 20,
                "{code}"
            );
        }
        assert!(faults.len() > 50, "{} faults", faults.len());
        let e = FieldError::new(
            "end_date",
            FieldErrorKind::from(crate::force::ForceFault::AlreadyEnded),
        );
        assert_eq!(e.code(), "already_ended");
        assert!(
            e.message_vi()
                .ends_with("tư cách thành viên này đã kết thúc.")
        );
    }
}
