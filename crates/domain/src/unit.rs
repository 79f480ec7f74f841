//! Administrative units (*đơn vị hành chính*) and the villages under them, as versioned data.
//!
//! A unit is an official code with versions over time: its name, kind and parent can change on a
//! date (Resolution 1677/NQ-UBTVQH15 moved every commune of Ia H'Drai under Quảng Ngãi on 1/7/2025
//! and merged Ia Dom into Ia Tơi, which kept code 23538). Codes are never matched by name.

use std::collections::{HashMap, HashSet};
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::date::Validity;
use crate::error::{FieldError, FieldErrorKind};

/// Key of an administrative unit (UUIDv7), beside its official code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct UnitId(pub Uuid);

impl fmt::Display for UnitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Cấp hành chính. Declared from the top so `a < b` means `a` is above `b`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Tỉnh, thành phố trực thuộc trung ương.
    Province,
    /// Huyện, quận, thị xã, thành phố thuộc tỉnh — abolished on 1/7/2025.
    District,
    /// Xã, phường, thị trấn, đặc khu.
    Commune,
    /// Thôn, làng, bản, buôn, tổ dân phố… (*cơ sở*, Law 30/2023 Đ2).
    Village,
}

impl Level {
    pub const ALL: [Level; 4] = [
        Level::Province,
        Level::District,
        Level::Commune,
        Level::Village,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::District => "district",
            Level::Commune => "commune",
            Level::Village => "village",
        }
    }

    pub fn parse(raw: &str) -> Result<Level, FieldError> {
        Level::ALL
            .into_iter()
            .find(|l| l.as_str() == raw.trim())
            .ok_or(FieldError::new(
                "level",
                FieldErrorKind::InvalidChoice {
                    allowed: "province, district, commune, village",
                },
            ))
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Level::Province => "Cấp tỉnh",
            Level::District => "Cấp huyện",
            Level::Commune => "Cấp xã",
            Level::Village => "Thôn, tổ dân phố",
        }
    }

    /// Whether a unit of this level may sit directly under a unit of `parent` level.
    /// A commune sat under a district until 30/6/2025 and sits under its province since.
    pub fn may_have_parent(self, parent: Option<Level>) -> bool {
        matches!(
            (self, parent),
            (Level::Province, None)
                | (Level::District, Some(Level::Province))
                | (Level::Commune, Some(Level::District | Level::Province))
                | (Level::Village, Some(Level::Commune))
        )
    }
}

/// The kind of a unit within its level: what its name starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    Tinh,
    ThanhPhoTrucThuocTw,
    Huyen,
    Quan,
    ThiXa,
    ThanhPhoThuocTinh,
    Xa,
    Phuong,
    ThiTran,
    DacKhu,
    Thon,
    Lang,
    Ap,
    Ban,
    Buon,
    Bon,
    Phum,
    Soc,
    ToDanPho,
    KhuPho,
    KhoiPho,
    Khom,
    TieuKhu,
}

const KINDS: [(UnitKind, &str, &str, Level); 23] = [
    (UnitKind::Tinh, "tinh", "Tỉnh", Level::Province),
    (
        UnitKind::ThanhPhoTrucThuocTw,
        "thanh_pho_truc_thuoc_tw",
        "Thành phố trực thuộc trung ương",
        Level::Province,
    ),
    (UnitKind::Huyen, "huyen", "Huyện", Level::District),
    (UnitKind::Quan, "quan", "Quận", Level::District),
    (UnitKind::ThiXa, "thi_xa", "Thị xã", Level::District),
    (
        UnitKind::ThanhPhoThuocTinh,
        "thanh_pho_thuoc_tinh",
        "Thành phố thuộc tỉnh",
        Level::District,
    ),
    (UnitKind::Xa, "xa", "Xã", Level::Commune),
    (UnitKind::Phuong, "phuong", "Phường", Level::Commune),
    (UnitKind::ThiTran, "thi_tran", "Thị trấn", Level::Commune),
    (UnitKind::DacKhu, "dac_khu", "Đặc khu", Level::Commune),
    (UnitKind::Thon, "thon", "Thôn", Level::Village),
    (UnitKind::Lang, "lang", "Làng", Level::Village),
    (UnitKind::Ap, "ap", "Ấp", Level::Village),
    (UnitKind::Ban, "ban", "Bản", Level::Village),
    (UnitKind::Buon, "buon", "Buôn", Level::Village),
    (UnitKind::Bon, "bon", "Bon", Level::Village),
    (UnitKind::Phum, "phum", "Phum", Level::Village),
    (UnitKind::Soc, "soc", "Sóc", Level::Village),
    (
        UnitKind::ToDanPho,
        "to_dan_pho",
        "Tổ dân phố",
        Level::Village,
    ),
    (UnitKind::KhuPho, "khu_pho", "Khu phố", Level::Village),
    (UnitKind::KhoiPho, "khoi_pho", "Khối phố", Level::Village),
    (UnitKind::Khom, "khom", "Khóm", Level::Village),
    (UnitKind::TieuKhu, "tieu_khu", "Tiểu khu", Level::Village),
];

impl UnitKind {
    fn row(self) -> (UnitKind, &'static str, &'static str, Level) {
        KINDS
            .iter()
            .copied()
            .find(|r| r.0 == self)
            .unwrap_or((self, "", "", Level::Village))
    }

    pub fn as_str(self) -> &'static str {
        self.row().1
    }

    pub fn label_vi(self) -> &'static str {
        self.row().2
    }

    pub fn level(self) -> Level {
        self.row().3
    }

    pub fn parse(raw: &str) -> Result<UnitKind, FieldError> {
        let raw = raw.trim();
        KINDS.iter().find(|r| r.1 == raw).map(|r| r.0).ok_or(FieldError::new(
            "kind",
            FieldErrorKind::InvalidChoice {
                allowed: "tinh, thanh_pho_truc_thuoc_tw, huyen, quan, thi_xa, thanh_pho_thuoc_tinh, \
                          xa, phuong, thi_tran, dac_khu, thon, lang, ap, ban, buon, bon, phum, soc, \
                          to_dan_pho, khu_pho, khoi_pho, khom, tieu_khu",
            },
        ))
    }

    /// Law 30/2023 Đ2: a *thôn* (rural) or a *tổ dân phố* (urban). Provincial team-size rules
    /// differ between the two.
    pub fn is_urban_village(self) -> bool {
        matches!(
            self,
            UnitKind::ToDanPho
                | UnitKind::KhuPho
                | UnitKind::KhoiPho
                | UnitKind::Khom
                | UnitKind::TieuKhu
        )
    }

    pub fn all_for(level: Level) -> impl Iterator<Item = UnitKind> {
        KINDS.iter().filter(move |r| r.3 == level).map(|r| r.0)
    }
}

/// Official code of a unit: 2 digits for a province, 3 for a district, 5 for a commune (QĐ
/// 124/2004/QĐ-TTg, QĐ 19/2025/QĐ-TTg). Villages have no national code; the product gives them
/// the commune's code, a dash and 2–4 digits (`23538-01`), assigned once and never reused.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct UnitCode(String);

impl UnitCode {
    pub fn parse(level: Level, raw: &str) -> Result<UnitCode, FieldError> {
        let s = raw.trim();
        let digits = |t: &str, n: std::ops::RangeInclusive<usize>| {
            n.contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit())
        };
        let ok = match level {
            Level::Province => digits(s, 2..=2),
            Level::District => digits(s, 3..=3),
            Level::Commune => digits(s, 5..=5),
            Level::Village => match s.split_once('-') {
                Some((commune, local)) => digits(commune, 5..=5) && digits(local, 2..=4),
                None => false,
            },
        };
        if !ok {
            let expected = match level {
                Level::Province => "2 chữ số (ví dụ 51)",
                Level::District => "3 chữ số (ví dụ 618)",
                Level::Commune => "5 chữ số (ví dụ 23538)",
                Level::Village => "mã xã 5 chữ số, dấu gạch và 2–4 chữ số (ví dụ 23538-01)",
            };
            return Err(FieldError::new(
                "code",
                FieldErrorKind::InvalidCode { expected },
            ));
        }
        Ok(UnitCode(s.to_string()))
    }

    /// The level a code's shape implies.
    pub fn level_of(raw: &str) -> Option<Level> {
        Level::ALL
            .into_iter()
            .find(|l| UnitCode::parse(*l, raw).is_ok())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnitCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One version of a unit: what it was called, what it was and where it sat, over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitVersion {
    pub unit: UnitId,
    pub name: String,
    pub kind: UnitKind,
    pub parent: Option<UnitId>,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
}

impl UnitVersion {
    pub fn validity(&self) -> Validity {
        Validity {
            from: self.valid_from,
            to: self.valid_to,
        }
    }
}

/// Refuses a new version whose period shares a day with one the unit already has.
pub fn check_no_overlap(existing: &[Validity], new: &Validity) -> Result<(), FieldError> {
    if existing.iter().any(|v| v.overlaps(new)) {
        return Err(FieldError::new("valid_from", FieldErrorKind::Overlap));
    }
    Ok(())
}

/// Refuses a parent that would make `unit` its own ancestor. `parents` gives, for each unit,
/// every parent it has had at any time; a cycle through any of them is refused.
pub fn check_no_cycle(
    unit: UnitId,
    new_parent: UnitId,
    parents: &HashMap<UnitId, Vec<UnitId>>,
) -> Result<(), FieldError> {
    let mut seen = HashSet::new();
    let mut stack = vec![new_parent];
    while let Some(u) = stack.pop() {
        if u == unit {
            return Err(FieldError::new("parent", FieldErrorKind::Cycle));
        }
        if seen.insert(u) {
            stack.extend(parents.get(&u).into_iter().flatten().copied());
        }
    }
    Ok(())
}

/// Every pair `(ancestor, unit)` such that `unit`'s data roll up into `ancestor` at some time:
/// `unit` is `ancestor` itself, sat under it in any version (`child_parent` edges), or is a
/// predecessor of it by succession (`predecessor_successor` edges), and so on transitively.
/// This is what a user scoped to `ancestor` may see: the merged Ia Tơi sees the former Ia Dom.
pub fn reach(
    units: &[UnitId],
    child_parent: &[(UnitId, UnitId)],
    predecessor_successor: &[(UnitId, UnitId)],
) -> Vec<(UnitId, UnitId)> {
    let mut below: HashMap<UnitId, Vec<UnitId>> = HashMap::new();
    for (child, parent) in child_parent {
        below.entry(*parent).or_default().push(*child);
    }
    for (pred, succ) in predecessor_successor {
        if pred != succ {
            below.entry(*succ).or_default().push(*pred);
        }
    }
    let mut pairs = Vec::new();
    for root in units {
        let mut seen = HashSet::from([*root]);
        let mut stack = vec![*root];
        while let Some(u) = stack.pop() {
            pairs.push((*root, u));
            for next in below.get(&u).into_iter().flatten() {
                if seen.insert(*next) {
                    stack.push(*next);
                }
            }
        }
    }
    pairs
}

/// Whether the periods `parts` together cover every day of `target`.
pub fn covered(parts: &[Validity], target: &Validity) -> bool {
    let mut parts: Vec<Validity> = parts.to_vec();
    parts.sort_by_key(|v| v.from);
    let mut day = target.from;
    for p in parts {
        if p.from > day {
            break;
        }
        match p.to {
            None => return true,
            Some(t) if t >= day => match t.succ_opt() {
                Some(next) => day = next,
                None => return true,
            },
            Some(_) => {}
        }
        if target.to.is_some_and(|end| day > end) {
            return true;
        }
    }
    target.to.is_some_and(|end| day > end)
}

/// Cờ đặc điểm của thôn: the flags that change eligibility, team size and allowances.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VillageFlags {
    /// Xã biên giới.
    pub border: bool,
    /// Vùng miền núi.
    pub mountainous: bool,
    /// Vùng đồng bào dân tộc thiểu số.
    pub ethnic_minority: bool,
    /// Vùng có điều kiện kinh tế – xã hội đặc biệt khó khăn.
    pub especially_difficult: bool,
    /// Địa bàn trọng điểm, phức tạp về an ninh, trật tự.
    pub key_security: bool,
}

impl VillageFlags {
    /// Every flag set in either (a team over several villages, or flags given beside a village's own).
    pub fn or(self, other: VillageFlags) -> VillageFlags {
        VillageFlags {
            border: self.border || other.border,
            mountainous: self.mountainous || other.mountainous,
            ethnic_minority: self.ethnic_minority || other.ethnic_minority,
            especially_difficult: self.especially_difficult || other.especially_difficult,
            key_security: self.key_security || other.key_security,
        }
    }
}

/// Parses area flags as users and packs write them — `border`, `mountainous` (`mountain`),
/// `ethnic-minority`, `especially-difficult`, `key-area` (`key-security`), with `-` or `_` — and
/// `island` (a commune-level fact, returned apart). Blank names are skipped.
pub fn parse_flag_names<'a>(
    names: impl IntoIterator<Item = &'a str>,
) -> Result<(VillageFlags, bool), FieldError> {
    let mut f = VillageFlags::default();
    let mut island = false;
    for name in names.into_iter().map(str::trim).filter(|s| !s.is_empty()) {
        match name.replace('_', "-").as_str() {
            "border" => f.border = true,
            "mountainous" | "mountain" => f.mountainous = true,
            "ethnic-minority" => f.ethnic_minority = true,
            "especially-difficult" => f.especially_difficult = true,
            "key-area" | "key-security" => f.key_security = true,
            "island" => island = true,
            _ => {
                return Err(FieldError::new(
                    "flags",
                    FieldErrorKind::InvalidChoice {
                        allowed: "border, mountainous, ethnic-minority, especially-difficult, key-area, island",
                    },
                ));
            }
        }
    }
    Ok((f, island))
}

/// Effective-dated facts about a village: households, population, area and flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VillageFacts {
    /// Số hộ gia đình.
    pub households: Option<u32>,
    /// Số nhân khẩu.
    pub population: Option<u32>,
    /// Diện tích tự nhiên, in hundredths of a hectare (exact, no floating point).
    pub area_centi_ha: Option<i64>,
    pub flags: VillageFlags,
}

/// Parses a non-negative whole count (households, population).
pub fn parse_count(field: &'static str, raw: &str) -> Result<Option<u32>, FieldError> {
    let s: String = raw
        .trim()
        .chars()
        .filter(|c| *c != '.' && *c != ' ')
        .collect();
    if s.is_empty() {
        return Ok(None);
    }
    s.parse::<u32>()
        .map(Some)
        .map_err(|_| FieldError::new(field, FieldErrorKind::InvalidNumber))
}

/// Parses an area in hectares written with at most two decimals, `1234,56` or `1234.56`,
/// into hundredths of a hectare.
pub fn parse_area_ha(raw: &str) -> Result<Option<i64>, FieldError> {
    let s = raw.trim().replace(',', ".");
    if s.is_empty() {
        return Ok(None);
    }
    let bad = || FieldError::new("area_ha", FieldErrorKind::InvalidNumber);
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    if whole.is_empty()
        || frac.len() > 2
        || !whole
            .bytes()
            .chain(frac.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let frac: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<2}").parse().map_err(|_| bad())?
    };
    whole
        .checked_mul(100)
        .and_then(|w| w.checked_add(frac))
        .map(Some)
        .ok_or_else(bad)
}

/// `1234,56` — an area in hectares as a Vietnamese reader writes it.
pub fn format_area_ha(centi: i64) -> String {
    format!("{},{:02}", centi / 100, centi % 100)
}

/// Loại sự kiện kế thừa: what happened to units on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SuccessionKind {
    /// Nhập: several units become one (the successor may keep one predecessor's code).
    Merge,
    /// Chia, tách: one unit becomes several.
    Split,
    /// Đổi tên.
    Rename,
    /// Điều chỉnh về đơn vị cha khác.
    Move,
}

impl SuccessionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SuccessionKind::Merge => "merge",
            SuccessionKind::Split => "split",
            SuccessionKind::Rename => "rename",
            SuccessionKind::Move => "move",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        match raw.trim() {
            "merge" => Ok(SuccessionKind::Merge),
            "split" => Ok(SuccessionKind::Split),
            "rename" => Ok(SuccessionKind::Rename),
            "move" => Ok(SuccessionKind::Move),
            _ => Err(FieldError::new(
                "event_kind",
                FieldErrorKind::InvalidChoice {
                    allowed: "merge, split, rename, move",
                },
            )),
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            SuccessionKind::Merge => "Nhập",
            SuccessionKind::Split => "Chia tách",
            SuccessionKind::Rename => "Đổi tên",
            SuccessionKind::Move => "Điều chỉnh đơn vị cha",
        }
    }
}

crate::faults! {
    /// Đơn vị hành chính: the refusals, each with its stable code and message.
    pub enum UnitFault {
        ParentNotFound = "parent_not_found" => "không có đơn vị với mã này trong phạm vi của bạn.",
        UnitNotFound = "unit_not_found" => "không có đơn vị với mã này trong phạm vi của bạn.",
        SuccessionShape = "succession_shape" => "nhập cần ít nhất hai đơn vị trước và một đơn vị sau; chia tách cần một đơn vị trước và ít nhất hai đơn vị sau; đổi tên, điều chỉnh cần một đơn vị mỗi bên.",
        NotACommune = "not_a_commune" => "đơn vị này không phải cấp xã: việc này làm theo từng xã; số liệu của tỉnh là bảng tổng hợp theo xã.",
        TooManyCommunes = "too_many_communes" => "đơn vị có quá nhiều xã cho một bảng tổng hợp; chọn một tỉnh.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u128) -> UnitId {
        UnitId(Uuid::from_u128(n))
    }

    #[test]
    fn codes_have_the_length_of_their_level() {
        assert!(UnitCode::parse(Level::Province, "51").is_ok());
        assert!(UnitCode::parse(Level::Province, "5").is_err());
        assert!(UnitCode::parse(Level::District, "618").is_ok());
        assert!(UnitCode::parse(Level::Commune, "23538").is_ok());
        assert!(UnitCode::parse(Level::Commune, "2353A").is_err());
        assert!(UnitCode::parse(Level::Village, "23538-01").is_ok());
        assert!(UnitCode::parse(Level::Village, "23538").is_err());
        assert_eq!(UnitCode::level_of("23535"), Some(Level::Commune));
    }

    #[test]
    fn a_commune_sits_under_a_district_or_since_2025_a_province() {
        assert!(Level::Commune.may_have_parent(Some(Level::District)));
        assert!(Level::Commune.may_have_parent(Some(Level::Province)));
        assert!(!Level::Village.may_have_parent(Some(Level::District)));
        assert!(!Level::Province.may_have_parent(Some(Level::Province)));
        assert!(Level::Province.may_have_parent(None));
    }

    #[test]
    fn a_unit_cannot_become_its_own_ancestor() {
        let (province, commune, village) = (id(1), id(2), id(3));
        let parents = HashMap::from([(commune, vec![province]), (village, vec![commune])]);
        assert!(check_no_cycle(commune, village, &parents).is_err());
        assert!(check_no_cycle(commune, commune, &parents).is_err());
        assert!(check_no_cycle(village, province, &parents).is_ok());
    }

    #[test]
    fn a_merged_commune_reaches_its_predecessor_and_its_villages() {
        // Ia Dom (2) merged into Ia Tơi (3) on 1/7/2025; village 4 sat under Ia Dom.
        let (district, ia_dom, ia_toi, village) = (id(1), id(2), id(3), id(4));
        let units = [district, ia_dom, ia_toi, village];
        let pairs = reach(
            &units,
            &[(ia_dom, district), (ia_toi, district), (village, ia_dom)],
            &[(ia_dom, ia_toi), (ia_toi, ia_toi)],
        );
        let has = |a, d| pairs.contains(&(a, d));
        assert!(has(ia_toi, ia_dom) && has(ia_toi, village) && has(ia_toi, ia_toi));
        assert!(
            !has(ia_dom, ia_toi),
            "a predecessor does not see its successor"
        );
        assert!(has(district, village));
    }

    #[test]
    fn coverage_needs_every_day_of_the_period() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        let a = Validity {
            from: d(2024, 7, 1),
            to: Some(d(2025, 6, 30)),
        };
        let b = Validity {
            from: d(2025, 7, 1),
            to: None,
        };
        let gap = Validity {
            from: d(2025, 7, 2),
            to: None,
        };
        let target = Validity {
            from: d(2024, 7, 1),
            to: None,
        };
        assert!(covered(&[a, b], &target));
        assert!(!covered(&[a, gap], &target));
        assert!(!covered(&[a], &target));
        assert!(covered(
            &[a],
            &Validity {
                from: d(2024, 8, 1),
                to: Some(d(2025, 6, 30))
            }
        ));
    }

    #[test]
    fn area_is_exact_to_a_hundredth_of_a_hectare() {
        assert_eq!(parse_area_ha("32254,7").unwrap(), Some(3_225_470));
        assert_eq!(parse_area_ha("21794.69").unwrap(), Some(2_179_469));
        assert_eq!(parse_area_ha("").unwrap(), None);
        assert!(parse_area_ha("1.234.5").is_err());
        assert!(parse_area_ha("-3").is_err());
        assert_eq!(format_area_ha(2_179_469), "21794,69");
    }

    #[test]
    fn flags_read_with_dashes_or_underscores_and_island_apart() {
        let (f, island) =
            parse_flag_names(["border", "key-area", " ethnic_minority ", ""]).unwrap();
        assert!(f.border && f.key_security && f.ethnic_minority && !f.mountainous && !island);
        assert!(parse_flag_names(["island"]).unwrap().1);
        assert_eq!(
            parse_flag_names(["biên giới"]).unwrap_err().code(),
            "invalid_choice"
        );
        let both = f.or(VillageFlags {
            mountainous: true,
            ..Default::default()
        });
        assert!(both.mountainous && both.border);
    }

    #[test]
    fn counts_accept_vietnamese_thousand_separators() {
        assert_eq!(parse_count("households", "1.250").unwrap(), Some(1250));
        assert!(parse_count("households", "-1").is_err());
        assert_eq!(parse_count("households", " ").unwrap(), None);
    }

    #[test]
    fn every_kind_round_trips_and_belongs_to_one_level() {
        for (k, s, label, level) in KINDS {
            assert_eq!(UnitKind::parse(s).unwrap(), k);
            assert_eq!(k.level(), level);
            assert!(!label.is_empty());
        }
    }
}
