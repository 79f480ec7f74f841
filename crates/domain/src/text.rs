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

/// A file name's part from Vietnamese text: accents dropped, lower case, words joined by `-`,
/// nothing but ASCII letters and digits ("Xã Ia H'Drai" → "xa-ia-hdrai"), at most 60 characters.
pub fn slug(raw: &str) -> String {
    let mut out = String::new();
    for c in fold(raw).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if matches!(c, ' ' | '-' | '/' | '_' | '.') && !out.is_empty() && !out.ends_with('-')
        {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}

/// A search box's text, folded: at most 200 characters, and no control character (a NUL byte
/// is refused, not cut at).
pub fn search_query(raw: &str) -> Result<String, FieldError> {
    if raw.chars().any(char::is_control) {
        return Err(FieldError::new("q", FieldErrorKind::ControlCharacter));
    }
    if raw.chars().count() > 200 {
        return Err(FieldError::new("q", FieldErrorKind::TooLong { max: 200 }));
    }
    Ok(fold(raw))
}

/// A LIKE pattern that matches `text` literally (`%`, `_` and `\` escaped with `\`), with the
/// wildcards `prefix` and `suffix` around it (each `""` or `"%"`).
pub fn like_pattern(prefix: &str, text: &str, suffix: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push_str(prefix);
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push_str(suffix);
    out
}

/// Characters that change how text is shown without being seen: bidirectional overrides and
/// isolates (U+202A–U+202E, U+2066–U+2069), marks (U+200E, U+200F, U+061C), zero-width
/// characters (U+200B–U+200D, U+2060, U+FEFF). In a name they can make "Nguyễn Văn A" display
/// as another name or two identical-looking records differ.
pub fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
        | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
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
    if s.chars().any(is_invisible_format) {
        return Err(FieldError::new(
            field,
            FieldErrorKind::from(crate::text::TextFault::BidiControl),
        ));
    }
    Ok(s)
}

crate::faults! {
    /// Văn bản nhập vào: the refusals, each with its stable code and message.
    pub enum TextFault {
        BidiControl = "bidi_control" => "có ký tự điều khiển hướng chữ hoặc ký tự vô hình (như U+202E, U+200B); hãy gõ lại nội dung.",
    }
}

/// The letters of the Vietnamese alphabet in their order (ă after a, â after ă, đ after d, ê
/// after e, ô and ơ after o, ư after u), then the Latin letters Vietnamese does not use.
const VI_ORDER: &str = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz";

/// A key that sorts names in Vietnamese order: letter by letter in the Vietnamese alphabet, the
/// tones only to break ties (none, huyền, hỏi, ngã, sắc, nặng), case ignored, and numbers by
/// value ("Thôn 9" before "Thôn 10", "117" after "19", not after "1169").
pub fn vi_sort_key(raw: &str) -> String {
    let mut primary = String::with_capacity(raw.len() * 2);
    let mut tones = String::new();
    let mut digits = String::new();
    let flush = |digits: &mut String, primary: &mut String| {
        if !digits.is_empty() {
            let n = digits.trim_start_matches('0');
            // Numbers sort before letters, shorter (smaller) numbers first.
            primary.push_str(&format!("0{:02}{n}", n.len()));
            digits.clear();
        }
    };
    for c in raw.nfd().collect::<String>().to_lowercase().nfc() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        flush(&mut digits, &mut primary);
        let mut parts = c.to_string().nfd().collect::<Vec<char>>();
        let tone = match parts
            .iter()
            .position(|m| matches!(m, '\u{300}' | '\u{309}' | '\u{303}' | '\u{301}' | '\u{323}'))
        {
            Some(i) => match parts.remove(i) {
                '\u{300}' => '1',
                '\u{309}' => '2',
                '\u{303}' => '3',
                '\u{301}' => '4',
                _ => '5',
            },
            None => '0',
        };
        let base: String = parts.into_iter().collect::<String>().nfc().collect();
        match VI_ORDER
            .chars()
            .position(|l| base.starts_with(l) && base.chars().count() == 1)
        {
            Some(rank) => {
                primary.push_str(&format!("{:02}", rank + 10));
                tones.push(tone);
            }
            None if c.is_whitespace() => primary.push_str("00"),
            // Anything else (an apostrophe in "H'Bia", a dash) sorts as a separator.
            None => primary.push_str("01"),
        }
    }
    flush(&mut digits, &mut primary);
    primary.push('|');
    primary.push_str(&tones);
    primary
}

/// The text with its first letter upper case: `Quý IV năm 2026` from `quý IV năm 2026`.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The first letter in lower case, to run a label on after a colon: "Chờ cơ quan BHXH xác
/// nhận" → "chờ cơ quan BHXH xác nhận". An abbreviation at the start ("BHYT …") stays as it is.
pub fn decapitalise(s: &str) -> String {
    let mut c = s.chars();
    match (c.next(), c.next()) {
        (Some(_), Some(second)) if second.is_uppercase() => s.to_string(),
        (Some(first), _) => first.to_lowercase().chain(s.chars().skip(1)).collect(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_label_after_a_colon_keeps_its_abbreviations() {
        use super::decapitalise;
        assert_eq!(
            decapitalise("Chờ cơ quan BHXH xác nhận"),
            "chờ cơ quan BHXH xác nhận"
        );
        assert_eq!(decapitalise("BHYT quý 4"), "BHYT quý 4");
        assert_eq!(decapitalise("Đã duyệt"), "đã duyệt");
        assert_eq!(decapitalise(""), "");
    }

    #[test]
    fn a_file_name_says_the_unit_in_ascii() {
        use super::slug;
        assert_eq!(slug("Xã Ia H'Drai"), "xa-ia-hdrai");
        assert_eq!(
            slug("Tổ bảo vệ ANTT thôn Đăk Giấc"),
            "to-bao-ve-antt-thon-dak-giac"
        );
        assert_eq!(slug("  15/QĐ-UBND "), "15-qd-ubnd");
        assert!(slug(&"Thôn ".repeat(40)).len() <= 60);
    }

    #[test]
    fn names_sort_in_vietnamese_order_and_numbers_by_value() {
        let mut names = vec![
            "Đinh Văn An",
            "Dương Thị Bé",
            "Ân Văn Cư",
            "An Văn Dũng",
            "Ăn Thị E",
            "Ơn Gì",
            "Ông Ba",
            "Người 1169",
            "Người 117",
            "Người 19",
            "Thôn 10",
            "Thôn 9",
            "ánh",
            "Anh",
            "ảnh",
        ];
        names.sort_by_key(|n| super::vi_sort_key(n));
        assert_eq!(
            names,
            [
                "An Văn Dũng",
                "Anh",
                "ảnh",
                "ánh",
                "Ăn Thị E",
                "Ân Văn Cư",
                "Dương Thị Bé",
                "Đinh Văn An",
                "Người 19",
                "Người 117",
                "Người 1169",
                "Ông Ba",
                "Ơn Gì",
                "Thôn 9",
                "Thôn 10",
            ]
        );
    }

    use super::*;

    #[test]
    fn bidirectional_overrides_and_zero_width_characters_are_refused_in_names() {
        for bad in [
            "Nguy\u{202E}ễn Văn A",
            "Nguyễn\u{200B}Văn A",
            "A\u{2066}B",
            "\u{FEFF}Lê",
        ] {
            let e = required("full_name", bad, 200).err().map(|e| e.code());
            assert_eq!(e, Some("bidi_control"), "{bad:?}");
        }
        assert_eq!(
            required("full_name", "Ksor H'Bia", 200).ok().as_deref(),
            Some("Ksor H'Bia")
        );
    }

    #[test]
    fn a_search_matches_percent_and_underscore_literally_and_refuses_nul() {
        assert_eq!(like_pattern("%", "50%_a\\b", "%"), "%50\\%\\_a\\\\b%");
        assert_eq!(
            search_query("to\u{0}1").err().map(|e| e.code()),
            Some("control_character")
        );
        assert_eq!(search_query("Ia Đal").ok().as_deref(), Some("ia dal"));
    }

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
