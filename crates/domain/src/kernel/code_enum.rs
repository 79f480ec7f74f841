//! `code_enum!`: one definition for an enumeration that is stored, sent and shown. Each variant
//! has its stored code (the same in the database, the API and the forms), older spellings it
//! still accepts, and its Vietnamese label. The macro gives:
//!
//! - `as_str()` — the code; `label_vi()` — the label; `ALL` — every variant, in order;
//! - `parse(raw)` — the code (or an accepted spelling) or a [`FieldError`] naming the field and
//!   the allowed codes; `from_code(raw)` — the same as an `Option`;
//! - `Serialize`/`Deserialize` as the code;
//! - with the `openapi` feature, its schema: a string enum of the codes, labels in the description.
//!
//! [`FieldError`]: crate::error::FieldError

/// What every code enum offers, for code that handles any of them (reading stored rows).
pub trait Code: Sized + Copy + 'static {
    fn from_code(raw: &str) -> Option<Self>;
    fn as_str(self) -> &'static str;
    fn label_vi(self) -> &'static str;
    fn all() -> &'static [Self];
}

/// "a, b, c" from the codes.
#[doc(hidden)]
#[macro_export]
macro_rules! __codes_joined {
    ($first:literal $(, $rest:literal)*) => {
        concat!($first $(, ", ", $rest)*)
    };
}

#[macro_export]
macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident (field = $field:literal) {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $code:literal $(| $alias:literal)* => $label:literal
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every variant, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The field named in a parse error.
            pub const FIELD: &'static str = $field;
            /// The allowed codes, as a parse error lists them.
            pub const ALLOWED: &'static str = $crate::__codes_joined!($($code),+);

            /// The stored code.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            /// The Vietnamese label shown to users.
            pub fn label_vi(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            /// The variant of a code (or of an older accepted spelling).
            pub fn from_code(raw: &str) -> Option<$name> {
                match raw.trim() {
                    $($code $(| $alias)* => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// The variant of a code, or an error naming the field and the allowed codes.
            pub fn parse(raw: &str) -> Result<$name, $crate::error::FieldError> {
                $name::from_code(raw).ok_or($crate::error::FieldError::new(
                    $field,
                    $crate::error::FieldErrorKind::InvalidChoice { allowed: $name::ALLOWED },
                ))
            }
        }

        impl $crate::kernel::code_enum::Code for $name {
            fn from_code(raw: &str) -> Option<$name> {
                $name::from_code(raw)
            }
            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }
            fn label_vi(self) -> &'static str {
                $name::label_vi(self)
            }
            fn all() -> &'static [$name] {
                $name::ALL
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<$name, D::Error> {
                let raw = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                $name::from_code(&raw).ok_or_else(|| {
                    <D::Error as ::serde::de::Error>::custom(format!(
                        "unknown {}: {raw} (allowed: {})",
                        $field,
                        $name::ALLOWED
                    ))
                })
            }
        }

        #[cfg(feature = "openapi")]
        impl ::utoipa::PartialSchema for $name {
            /// A string holding one of the codes; the description gives each code's label.
            fn schema() -> ::utoipa::openapi::RefOr<::utoipa::openapi::schema::Schema> {
                ::utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(::utoipa::openapi::schema::Type::String)
                    .enum_values(Some($name::ALL.iter().map(|v| v.as_str())))
                    .description(Some(concat!($($code, ": ", $label, ". "),+).trim_end()))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl ::utoipa::ToSchema for $name {
            fn name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(stringify!($name))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::error::FieldErrorKind;

    crate::code_enum! {
        /// A test vocabulary.
        pub enum Colour (field = "colour") {
            Red = "red" => "Đỏ",
            DarkBlue = "dark_blue" | "dark-blue" => "Xanh đậm",
        }
    }

    #[test]
    fn a_code_enum_round_trips_its_codes_and_names_the_field_when_it_refuses_one() {
        for c in Colour::ALL {
            assert_eq!(Colour::parse(c.as_str()), Ok(*c));
            let json = format!("\"{}\"", c.as_str());
            assert_eq!(serde_json::from_str::<Colour>(&json).ok(), Some(*c));
        }
        assert_eq!(Colour::from_code(" dark-blue "), Some(Colour::DarkBlue));
        assert_eq!(Colour::DarkBlue.label_vi(), "Xanh đậm");
        assert_eq!(Colour::FIELD, "colour");
        let e = Colour::parse("green").err();
        assert_eq!(e.as_ref().map(|e| e.field), Some("colour"));
        assert_eq!(
            e.map(|e| e.kind),
            Some(FieldErrorKind::InvalidChoice {
                allowed: "red, dark_blue"
            })
        );
        assert!(serde_json::from_str::<Colour>("\"green\"").is_err());
    }
}
