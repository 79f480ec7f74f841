//! PRO-7: how much of a month's support is paid for the month a member is recognised in, or
//! leaves in. No provincial text found says it for this force (PRO-1), so each pack chooses, for
//! the start and for the end apart; a pack that does not choose is a policy gap.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::month::Month;
use crate::calendar::WorkCalendar;
use crate::date::format_vi;

crate::code_enum! {
    /// Cách tính hỗ trợ của tháng bắt đầu hoặc kết thúc giữa tháng (PRO-7).
    pub enum PartialMonthRule (field = "partial_month_rule") {
        FullMonth = "full_month" => "Hưởng cả tháng",
        FromNextMonth = "from_next_month" => "Thay đổi tính từ tháng sau (tháng được công nhận chưa hưởng; tháng thôi vẫn hưởng cả tháng)",
        HalfIfUnder15 = "half_if_lt_15" => "Từ 15 ngày trở lên hưởng cả tháng, dưới 15 ngày hưởng 50 %",
        ProRataCalendarDays = "pro_rata_calendar_days" => "Theo số ngày thực tế trên số ngày của tháng",
        ProRata30 = "pro_rata_30" => "Theo số ngày thực tế trên 30 ngày",
        ProRataWorkingDays = "pro_rata_working_days" => "Theo số ngày làm việc thực tế trên số ngày làm việc của tháng",
    }
}

crate::code_enum! {
    /// Cách tính hỗ trợ của tháng đổi chức danh hoặc chuyển Tổ giữa tháng (PRO-7): the member
    /// stays in post, so the month is paid once, split as the pack says.
    pub enum RoleChangeRule (field = "partial_month_role_change") {
        ProRataCalendarDays = "pro_rata_calendar_days" => "Mỗi chức danh hưởng theo số ngày giữ trong tháng",
        FirstDayRole = "role_on_first_day" => "Cả tháng hưởng theo chức danh giữ ngày đầu tháng",
        NewRole = "new_role" => "Cả tháng hưởng theo chức danh mới",
    }
}

/// What decides one side of a period inside a month: the membership's own start or end (the
/// partial-month rule), or a change of role or team with no break in post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SideRule {
    Membership(PartialMonthRule),
    RoleChange(RoleChangeRule),
}

/// The share of one side at a change of role or team: the period before the change ends at
/// `to` (its end side), the one after starts at `from` (its start side).
pub fn role_change_share(
    rule: RoleChangeRule,
    side: Side,
    month: Month,
    from: NaiveDate,
    to: NaiveDate,
) -> Share {
    let held = days_between(from, to).min(month.days());
    let event = match side {
        Side::Start => format!("Đổi chức danh (hoặc chuyển Tổ) từ ngày {}", format_vi(from)),
        Side::End => format!(
            "Giữ chức danh này đến hết ngày {}, sau đó đổi chức danh (hoặc chuyển Tổ)",
            format_vi(to)
        ),
    };
    let (num, den, how) = match (rule, side) {
        (RoleChangeRule::ProRataCalendarDays, _) => (
            held,
            month.days(),
            format!("giữ {held} ngày trong tháng: hưởng {held}/{}", month.days()),
        ),
        (RoleChangeRule::FirstDayRole, Side::End) | (RoleChangeRule::NewRole, Side::Start) => (
            1,
            1,
            "quy định: hưởng cả tháng theo chức danh này".to_string(),
        ),
        (RoleChangeRule::FirstDayRole, Side::Start) | (RoleChangeRule::NewRole, Side::End) => (
            0,
            1,
            "quy định: tháng này hưởng theo chức danh kia".to_string(),
        ),
    };
    Share {
        num,
        den,
        text: format!("{event}; {how}."),
    }
}

/// Which end of the membership falls inside the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Start,
    End,
}

/// The part of a month paid: `num / den` of the monthly amount, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    pub num: u32,
    pub den: u32,
    pub text: String,
}

impl Share {
    pub fn whole() -> Share {
        Share {
            num: 1,
            den: 1,
            text: "Tham gia cả tháng: hưởng cả tháng.".into(),
        }
    }

    pub fn is_whole(&self) -> bool {
        self.num == self.den
    }

    /// `12/31`, `1/2`, `cả tháng`.
    pub fn basis_vi(&self) -> String {
        if self.is_whole() {
            "cả tháng".into()
        } else if self.num == 0 {
            "không hưởng".into()
        } else {
            format!("{}/{}", self.num, self.den)
        }
    }

    /// Whether this share is at most `other`.
    fn at_most(&self, other: &Share) -> bool {
        u64::from(self.num) * u64::from(other.den) <= u64::from(other.num) * u64::from(self.den)
    }
}

fn days_between(from: NaiveDate, to: NaiveDate) -> u32 {
    u32::try_from((to - from).num_days() + 1).unwrap_or(0)
}

fn working_days(cal: &WorkCalendar, from: NaiveDate, to: NaiveDate) -> u32 {
    from.iter_days()
        .take_while(|d| *d <= to)
        .filter(|d| cal.is_working_day(*d))
        .count() as u32
}

/// The share of one side's rule, for a membership held from `from` to `to` inside `month`.
pub fn side_share(
    rule: PartialMonthRule,
    side: Side,
    month: Month,
    from: NaiveDate,
    to: NaiveDate,
    cal: &WorkCalendar,
) -> Share {
    let held = days_between(from, to);
    let event = match side {
        Side::Start => format!("Công nhận từ ngày {}", format_vi(from)),
        Side::End => format!(
            "Thôi tham gia từ ngày {}",
            format_vi(to.succ_opt().unwrap_or(to))
        ),
    };
    let days_text = format!(
        "giữ chức danh {held} ngày trong tháng (đến hết ngày {})",
        format_vi(to)
    );
    let days_text = if side == Side::Start {
        days_text
    } else {
        format!(
            "giữ chức danh {held} ngày trong tháng (từ ngày {})",
            format_vi(from)
        )
    };
    match rule {
        PartialMonthRule::FullMonth => Share {
            num: 1,
            den: 1,
            text: format!("{event}; quy định: hưởng cả tháng."),
        },
        PartialMonthRule::FromNextMonth => match side {
            Side::Start => Share {
                num: 0,
                den: 1,
                text: format!("{event}; quy định: hưởng từ tháng sau, tháng này không hưởng."),
            },
            Side::End => Share {
                num: 1,
                den: 1,
                text: format!(
                    "{event}; quy định: thôi hưởng từ tháng sau, tháng này hưởng cả tháng."
                ),
            },
        },
        PartialMonthRule::HalfIfUnder15 => {
            if held >= 15 {
                Share {
                    num: 1,
                    den: 1,
                    text: format!("{event}, {days_text}: từ 15 ngày trở lên, hưởng cả tháng."),
                }
            } else {
                Share {
                    num: 1,
                    den: 2,
                    text: format!("{event}, {days_text}: dưới 15 ngày, hưởng 50 %."),
                }
            }
        }
        PartialMonthRule::ProRataCalendarDays => {
            let den = month.days();
            Share {
                num: held.min(den),
                den,
                text: format!(
                    "{event}, {days_text}: hưởng {}/{den} ngày của tháng.",
                    held.min(den)
                ),
            }
        }
        PartialMonthRule::ProRata30 => {
            let num = held.min(30);
            Share {
                num,
                den: 30,
                text: format!("{event}, {days_text}: hưởng {num}/30."),
            }
        }
        PartialMonthRule::ProRataWorkingDays => {
            let den = working_days(cal, month.first_day(), month.last_day());
            let num = working_days(cal, from, to);
            if den == 0 {
                return Share {
                    num: 0,
                    den: 1,
                    text: format!("{event}: tháng không có ngày làm việc."),
                };
            }
            Share {
                num,
                den,
                text: format!(
                    "{event}, {num} ngày làm việc trong {den} ngày làm việc của tháng: hưởng {num}/{den}."
                ),
            }
        }
    }
}

/// The share of `month` paid for a membership held from `from` to `to` (both counted, both in
/// the month): the start rule where it starts after the 1st, the end rule where it ends before
/// the last day, the smaller of the two where both.
pub fn month_share(
    month: Month,
    from: NaiveDate,
    to: NaiveDate,
    start_rule: Option<PartialMonthRule>,
    end_rule: Option<PartialMonthRule>,
    cal: &WorkCalendar,
) -> Share {
    month_share_with(
        month,
        from,
        to,
        start_rule.map(SideRule::Membership),
        end_rule.map(SideRule::Membership),
        cal,
    )
}

/// [`month_share`] where a side may be a change of role or team instead of the membership's
/// own start or end.
pub fn month_share_with(
    month: Month,
    from: NaiveDate,
    to: NaiveDate,
    start_rule: Option<SideRule>,
    end_rule: Option<SideRule>,
    cal: &WorkCalendar,
) -> Share {
    let starts_inside = from > month.first_day();
    let ends_inside = to < month.last_day();
    let one = |r: SideRule, side: Side| match r {
        SideRule::Membership(r) => side_share(r, side, month, from, to, cal),
        SideRule::RoleChange(r) => role_change_share(r, side, month, from, to),
    };
    let start = starts_inside.then(|| start_rule.map(|r| one(r, Side::Start)));
    let end = ends_inside.then(|| end_rule.map(|r| one(r, Side::End)));
    match (start.flatten(), end.flatten()) {
        (None, None) => Share::whole(),
        (Some(s), None) | (None, Some(s)) => s,
        (Some(s), Some(e)) => {
            let (pick, other) = if s.at_most(&e) { (s, e) } else { (e, s) };
            Share {
                text: format!(
                    "{} {} Bắt đầu và kết thúc trong cùng tháng: áp dụng phần nhỏ hơn ({}).",
                    pick.text,
                    other.text,
                    pick.basis_vi()
                ),
                ..pick
            }
        }
    }
}

/// Whether the month needs the start rule, the end rule, or both, for a membership held from
/// `from` to `to` inside it.
pub fn sides_needed(month: Month, from: NaiveDate, to: NaiveDate) -> (bool, bool) {
    (from > month.first_day(), to < month.last_day())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn cal() -> WorkCalendar {
        WorkCalendar::new(2026..=2026, &[])
    }

    /// PRO-7 under each rule: a member recognised on 17/7/2026 (15 of 31 days) and one who
    /// leaves on the 3rd, i.e. whose last day is 2/7/2026 (2 of 31 days). July 2026 has 23
    /// working days (Mon–Fri, no holiday); 17–31/7 hold 11 of them, 1–2/7 hold 2.
    #[test]
    fn pro_7_recognised_on_the_17th_and_ended_on_the_3rd_under_each_rule() {
        let july = Month::new(2026, 7).unwrap();
        let c = cal();
        let cases = [
            (PartialMonthRule::FullMonth, (1, 1), (1, 1)),
            (PartialMonthRule::FromNextMonth, (0, 1), (1, 1)),
            (PartialMonthRule::HalfIfUnder15, (1, 1), (1, 2)),
            (PartialMonthRule::ProRataCalendarDays, (15, 31), (2, 31)),
            (PartialMonthRule::ProRata30, (15, 30), (2, 30)),
            (PartialMonthRule::ProRataWorkingDays, (11, 23), (2, 23)),
        ];
        for (rule, start, end) in cases {
            let s = month_share(july, d(2026, 7, 17), d(2026, 7, 31), Some(rule), None, &c);
            assert_eq!((s.num, s.den), start, "start {rule:?}: {}", s.text);
            let e = month_share(july, d(2026, 7, 1), d(2026, 7, 2), None, Some(rule), &c);
            assert_eq!((e.num, e.den), end, "end {rule:?}: {}", e.text);
        }
    }

    /// PRO-7 at a change of role on 17/7/2026 (1–16 in the old role, 17–31 in the new): each
    /// rule pays the month once, never twice.
    #[test]
    fn pro_7_a_change_of_role_pays_the_month_once_under_each_rule() {
        let july = Month::new(2026, 7).unwrap();
        let c = cal();
        for (rule, before, after) in [
            (RoleChangeRule::ProRataCalendarDays, (16, 31), (15, 31)),
            (RoleChangeRule::FirstDayRole, (1, 1), (0, 1)),
            (RoleChangeRule::NewRole, (0, 1), (1, 1)),
        ] {
            let old = month_share_with(
                july,
                d(2026, 7, 1),
                d(2026, 7, 16),
                None,
                Some(SideRule::RoleChange(rule)),
                &c,
            );
            let new = month_share_with(
                july,
                d(2026, 7, 17),
                d(2026, 7, 31),
                Some(SideRule::RoleChange(rule)),
                None,
                &c,
            );
            assert_eq!((old.num, old.den), before, "{rule:?}: {}", old.text);
            assert_eq!((new.num, new.den), after, "{rule:?}: {}", new.text);
            // Once: the two shares of the month add up to one month.
            assert_eq!(
                u64::from(old.num) * u64::from(new.den) + u64::from(new.num) * u64::from(old.den),
                u64::from(old.den) * u64::from(new.den),
                "{rule:?}"
            );
        }
    }

    /// PRO-3: appointed from 14/8 → 18 days ≥ 15 → the whole of August.
    #[test]
    fn pro_3_eighteen_days_from_the_14th_is_a_whole_month() {
        let aug = Month::new(2026, 8).unwrap();
        let s = month_share(
            aug,
            d(2026, 8, 14),
            d(2026, 8, 31),
            Some(PartialMonthRule::HalfIfUnder15),
            None,
            &cal(),
        );
        assert!(s.is_whole(), "{}", s.text);
        // The 18th leaves 14 days: half.
        let s = month_share(
            aug,
            d(2026, 8, 18),
            d(2026, 8, 31),
            Some(PartialMonthRule::HalfIfUnder15),
            None,
            &cal(),
        );
        assert_eq!((s.num, s.den), (1, 2));
    }

    #[test]
    fn a_whole_month_needs_no_rule_and_both_ends_in_one_month_take_the_smaller() {
        let july = Month::new(2026, 7).unwrap();
        let s = month_share(july, d(2026, 7, 1), d(2026, 7, 31), None, None, &cal());
        assert!(s.is_whole());
        assert_eq!(
            sides_needed(july, d(2026, 7, 1), d(2026, 7, 31)),
            (false, false)
        );
        assert_eq!(
            sides_needed(july, d(2026, 7, 17), d(2026, 7, 31)),
            (true, false)
        );
        // From the 10th to the 20th: 11 days. Start full month, end pro rata: 11/31 is smaller.
        let s = month_share(
            july,
            d(2026, 7, 10),
            d(2026, 7, 20),
            Some(PartialMonthRule::FullMonth),
            Some(PartialMonthRule::ProRataCalendarDays),
            &cal(),
        );
        assert_eq!((s.num, s.den), (11, 31), "{}", s.text);
    }
}
