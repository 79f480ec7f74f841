//! Text at the boundary: NFC normalisation, trimming, length limits and accent folding for search.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::error::{FieldError, FieldErrorKind};

/// Trims and NFC-normalises user input, as every stored Vietnamese string must be.
pub fn normalize(raw: &str) -> String {
    raw.trim().nfc().collect()
}

/// Folds text for accent-insensitive search: lower case, no diacritics, `đ` → `d`,
/// runs of white space collapsed. "Ia Đal" and "ia dal" fold to the same key.
pub fn fold(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut last_space = true;
    for c in raw.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            // Variants of the apostrophe in names like Ia H'Drai.
            '\u{2019}' | '\u{2018}' | '`' => '\'',
            c => c,
        };
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
            continue;
        }
        last_space = false;
        out.extend(c.to_lowercase());
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// A required, normalised, non-empty text of at most `max` characters.
pub fn required(field: &'static str, raw: &str, max: usize) -> Result<String, FieldError> {
    let s = normalize(raw);
    if s.is_empty() {
        return Err(FieldError::new(field, FieldErrorKind::Required));
    }
    check_len(field, s, max)
}

/// An optional text: empty after trimming means absent.
pub fn optional(
    field: &'static str,
    raw: Option<&str>,
    max: usize,
) -> Result<Option<String>, FieldError> {
    match raw.map(normalize) {
        None => Ok(None),
        Some(s) if s.is_empty() => Ok(None),
        Some(s) => check_len(field, s, max).map(Some),
    }
}

fn check_len(field: &'static str, s: String, max: usize) -> Result<String, FieldError> {
    if s.chars().count() > max {
        return Err(FieldError::new(field, FieldErrorKind::TooLong { max }));
    }
    if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(FieldError::new(field, FieldErrorKind::ControlCharacter));
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_makes_search_accent_insensitive() {
        assert_eq!(fold("Ia Đal"), "ia dal");
        assert_eq!(fold("  Xã   Ia Tơi "), "xa ia toi");
        assert_eq!(fold("Nguyễn Văn An"), "nguyen van an");
        assert_eq!(fold("Huyện Ia H’Drai"), "huyen ia h'drai");
    }

    #[test]
    fn normalize_turns_decomposed_input_into_nfc() {
        let decomposed = "Tho\u{302}n"; // "Thôn" typed with a combining circumflex
        assert_eq!(normalize(decomposed), "Thôn");
        assert_eq!(normalize(decomposed).chars().count(), 4);
    }

    #[test]
    fn over_long_and_control_characters_are_refused() {
        assert!(required("name", &"a".repeat(201), 200).is_err());
        assert!(required("name", &"ơ".repeat(200), 200).is_ok());
        assert!(required("name", "a\u{0}b", 200).is_err());
        assert!(required("name", "   ", 200).is_err());
        assert_eq!(optional("note", Some("  "), 10).unwrap(), None);
    }
}
