//! Số tiền bằng chữ: an amount in Vietnamese words for "Bằng chữ: … đồng" on payout lists and
//! decisions. No text prescribes a style (reference-data.md §5); the product uses the formal
//! choices: "nghìn", "tỷ", "linh", "mốt" after "mươi", "lăm" after a tens digit, "tư" after "mươi".

use crate::money::Dong;

const DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

/// Reads a group of three digits. `full` forces "không trăm" (a group that is not the leading one).
fn group(n: u64, full: bool) -> String {
    let (h, t, u) = (n / 100, (n / 10) % 10, n % 10);
    let mut w: Vec<&str> = Vec::new();
    if h > 0 || full {
        w.push(DIGITS[h as usize]);
        w.push("trăm");
    }
    match t {
        0 => {
            if u > 0 && (h > 0 || full) {
                w.push("linh");
            }
        }
        1 => w.push("mười"),
        _ => {
            w.push(DIGITS[t as usize]);
            w.push("mươi");
        }
    }
    let unit = match (t, u) {
        (_, 0) => None,
        (2..=9, 1) => Some("mốt"),
        (1..=9, 5) => Some("lăm"),
        (2..=9, 4) => Some("tư"),
        (_, d) => Some(DIGITS[d as usize]),
    };
    w.extend(unit);
    w.join(" ")
}

/// "Một trăm linh năm nghìn ba trăm đồng" for 105.300 đ.
pub fn dong_in_words(amount: Dong) -> String {
    let negative = amount.0 < 0;
    let mut n = amount.0.unsigned_abs();
    if n == 0 {
        return "Không đồng".to_string();
    }
    // Groups of three from the right: đơn vị, nghìn, triệu, tỷ, then nghìn tỷ, triệu tỷ…
    let mut groups = Vec::new();
    while n > 0 {
        groups.push(n % 1000);
        n /= 1000;
    }
    let scale = |i: usize| -> String {
        let base = ["", "nghìn", "triệu"][i % 3];
        let billions = i / 3;
        let mut parts: Vec<&str> = Vec::new();
        if !base.is_empty() {
            parts.push(base);
        }
        parts.extend(std::iter::repeat_n("tỷ", billions));
        parts.join(" ")
    };
    let top = groups.len() - 1;
    let mut words: Vec<String> = Vec::new();
    for i in (0..groups.len()).rev() {
        let g = groups[i];
        if g == 0 {
            continue;
        }
        let text = group(g, i != top);
        let s = scale(i);
        words.push(if s.is_empty() {
            text
        } else {
            format!("{text} {s}")
        });
    }
    let mut sentence = words.join(" ");
    sentence.push_str(" đồng");
    if negative {
        sentence.insert_str(0, "âm ");
    }
    let mut chars = sentence.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => sentence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worked_examples_of_reference_data_5_2() {
        let cases = [
            (105_300, "Một trăm linh năm nghìn ba trăm đồng"),
            (1_500_000, "Một triệu năm trăm nghìn đồng"),
            (2_340_000, "Hai triệu ba trăm bốn mươi nghìn đồng"),
            (1_001_000, "Một triệu không trăm linh một nghìn đồng"),
            (21_000_015, "Hai mươi mốt triệu không trăm mười lăm đồng"),
            (1_000_000_000, "Một tỷ đồng"),
            (1_490_000, "Một triệu bốn trăm chín mươi nghìn đồng"),
            (2_025, "Hai nghìn không trăm hai mươi lăm đồng"),
            (351_000, "Ba trăm năm mươi mốt nghìn đồng"),
            (24_000, "Hai mươi tư nghìn đồng"),
            (10_005_000, "Mười triệu không trăm linh năm nghìn đồng"),
            (115_000, "Một trăm mười lăm nghìn đồng"),
            (1_000_001, "Một triệu không trăm linh một đồng"),
            (
                1_234_567_891,
                "Một tỷ hai trăm ba mươi tư triệu năm trăm sáu mươi bảy nghìn tám trăm chín mươi mốt đồng",
            ),
        ];
        for (n, want) in cases {
            assert_eq!(dong_in_words(Dong(n)), want, "{n}");
        }
    }

    #[test]
    fn zero_eleven_and_thousands_of_billions() {
        assert_eq!(dong_in_words(Dong(0)), "Không đồng");
        assert_eq!(dong_in_words(Dong(11)), "Mười một đồng");
        assert_eq!(dong_in_words(Dong(14)), "Mười bốn đồng");
        assert_eq!(dong_in_words(Dong(2_000_000_000_000)), "Hai nghìn tỷ đồng");
        assert_eq!(
            dong_in_words(Dong(5_000_000_000_300)),
            "Năm nghìn tỷ ba trăm đồng"
        );
        assert_eq!(
            dong_in_words(Dong(-105_300)),
            "Âm một trăm linh năm nghìn ba trăm đồng"
        );
    }
}
