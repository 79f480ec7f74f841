//! Typed keys: a team's id cannot be passed where a person's is expected. Each is a UUIDv7 on the
//! wire and in the database; `parse` turns a path or body value into one, or a field error.

/// Declares a typed id over a UUID.
#[macro_export]
macro_rules! typed_id {
    ($(#[$meta:meta])* $name:ident, $field:literal) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            ::serde::Serialize, ::serde::Deserialize,
        )]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        pub struct $name(pub ::uuid::Uuid);

        impl $name {
            /// The field named when a value is not an id of this kind.
            pub const FIELD: &'static str = $field;

            /// An id from text (a path segment, a form field); anything but a UUID is a bad
            /// field, answered like an unknown id.
            pub fn parse(raw: &str) -> Result<$name, $crate::error::FieldError> {
                ::uuid::Uuid::parse_str(raw.trim()).map($name).map_err(|_| {
                    $crate::error::FieldError::new(
                        $field,
                        $crate::error::FieldErrorKind::from($crate::kernel::fault::CommonFault::NotFound),
                    )
                })
            }

            pub fn uuid(self) -> ::uuid::Uuid {
                self.0
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<::uuid::Uuid> for $name {
            fn from(u: ::uuid::Uuid) -> $name {
                $name(u)
            }
        }

        impl From<$name> for ::uuid::Uuid {
            fn from(id: $name) -> ::uuid::Uuid {
                id.0
            }
        }
    };
}

typed_id!(
    /// Một Tổ bảo vệ ANTT.
    TeamId,
    "team"
);
typed_id!(
    /// Một người (theo CCCD) trong hồ sơ của xã.
    PersonId,
    "person"
);
typed_id!(
    /// Một lần tham gia Tổ của một người, với chức danh và thời gian.
    MembershipId,
    "membership"
);
typed_id!(
    /// Một đợt tuyển chọn (TT 14/2024 Đ3).
    RoundId,
    "round"
);
typed_id!(
    /// Một quyết định trong sổ quyết định của xã.
    DecisionId,
    "decision"
);
typed_id!(
    /// Một hồ sơ đăng ký tham gia trong một đợt tuyển chọn.
    ApplicationId,
    "application"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_id_parses_a_uuid_and_refuses_anything_else_as_its_field() {
        let u = "0190f5e2-7c1a-7000-8000-000000000001";
        assert_eq!(
            TeamId::parse(u).map(|t| t.to_string()).ok(),
            Some(u.to_string())
        );
        let e = PersonId::parse("1; DROP TABLE person").err();
        assert_eq!(e.map(|e| e.field), Some("person"));
    }
}
