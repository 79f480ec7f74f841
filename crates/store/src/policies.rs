//! The policy packs shipped with the product (`policies/*.toml`), built into the binary.

use antt_domain::policy::{Pack, PackError, parse_pack};

/// File name and text of every shipped pack.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "national.toml",
        include_str!("../../../policies/national.toml"),
    ),
    (
        "kon-tum-nq-24-2024.toml",
        include_str!("../../../policies/kon-tum-nq-24-2024.toml"),
    ),
    (
        "demo-kon-tum.toml",
        include_str!("../../../policies/demo-kon-tum.toml"),
    ),
    (
        "binh-dinh-nq-03-2024.toml",
        include_str!("../../../policies/binh-dinh-nq-03-2024.toml"),
    ),
    (
        "gia-lai-2024.toml",
        include_str!("../../../policies/gia-lai-2024.toml"),
    ),
    (
        "dak-lak-2024.toml",
        include_str!("../../../policies/dak-lak-2024.toml"),
    ),
    (
        "khanh-hoa-2024.toml",
        include_str!("../../../policies/khanh-hoa-2024.toml"),
    ),
    (
        "tp-ho-chi-minh-nq-54-2025.toml",
        include_str!("../../../policies/tp-ho-chi-minh-nq-54-2025.toml"),
    ),
];

/// Every shipped pack, parsed. A shipped pack that does not parse is a build defect, reported
/// with its file name.
pub fn builtin_packs() -> Result<Vec<Pack>, (String, PackError)> {
    BUILTIN
        .iter()
        .map(|(name, text)| parse_pack(text).map_err(|e| (name.to_string(), e)))
        .collect()
}
