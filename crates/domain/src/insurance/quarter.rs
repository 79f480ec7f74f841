//! Kinh phí bảo hiểm theo quý: what the commune transfers to the social insurance office's
//! collection account for a quarter (INS-10, INS-13) — the provisional amount at its start
//! (*tạm cấp*), the actual amount of the quarter and the difference to settle (*chuyển dứt
//! điểm*), member by member and in total, with the month's increases and decreases the lists
//! D05-TS and D03-TS carry (INS-3, INS-4).
//!
//! The advance counts the members in post and registered on the quarter's first day as if they
//! stayed the whole quarter; the actual amount counts each month as the members were. What the
//! commune transfers is what the local budget supports (the province's BHXH TN top-up and the
//! budget's BHYT support), and the members' own parts when the pack says they are withheld from
//! the support (`member_insurance_share`). The central state's BHXH TN share is shown but is not
//! in the commune's transfer: how it reaches the fund was not found (INS-9).

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{InsuranceMonth, Insured, STATE_SUPPORT_MONTHS, insurance_month};
use crate::error::{FieldError, FieldErrorKind};
use crate::kernel::ids::PersonId;
use crate::money::Dong;
use crate::payroll::Month;
use crate::policy::{ExplanationLine, Policy, PolicyGap, TeamRole};

crate::faults! {
    /// Kinh phí bảo hiểm theo quý: the refusals, each with its stable code and message.
    pub enum InsuranceFault {
        InvalidQuarter = "invalid_quarter" => "quý không hợp lệ (nhập theo dạng YYYY-Qn, ví dụ 2026-Q4).",
        AdvanceRecorded = "insurance_advance_recorded" => "kinh phí tạm cấp của quý này đã được ghi nhận.",
        NoAdvance = "insurance_no_advance" => "chưa ghi nhận kinh phí tạm cấp của quý này.",
        QuarterNotOver = "insurance_quarter_not_over" => "quý chưa kết thúc: chỉ quyết toán khi đã hết quý.",
        AlreadySettled = "insurance_already_settled" => "quý này đã được quyết toán.",
        NotSettled = "insurance_not_settled" => "quý này chưa được quyết toán: cơ quan BHXH xác nhận sau khi xã quyết toán.",
        AlreadyConfirmed = "insurance_already_confirmed" => "cơ quan BHXH đã xác nhận quý này.",
        NothingToTransfer = "insurance_nothing_to_transfer" => "quý này không có kinh phí phải chuyển.",
        InvalidBhxhCode = "invalid_bhxh_code" => "mã số BHXH gồm đúng 10 chữ số.",
        InvalidBhytCard = "invalid_bhyt_card" => "số thẻ BHYT gồm 2 chữ cái, 1 chữ số và 12 chữ số (15 ký tự), hoặc mã số BHXH 10 chữ số.",
        StateMonthsTooMany = "state_months_too_many" => "số tháng đã được Nhà nước hỗ trợ không quá 120 tháng.",
    }
}

/// Một quý: năm và quý. Written `2026-Q4` on the wire, `quý IV năm 2026` to users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Quarter {
    year: i32,
    q: u32,
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Quarter {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some("Quý, dạng YYYY-Qn (2026-Q4)."))
            .examples(["2026-Q4"])
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Quarter {}

impl Quarter {
    pub fn new(year: i32, q: u32) -> Option<Quarter> {
        (Month::new(year, 1).is_some() && (1..=4).contains(&q)).then_some(Quarter { year, q })
    }

    /// The quarter a day falls in.
    pub fn of(d: NaiveDate) -> Quarter {
        Quarter {
            year: d.year(),
            q: (d.month() - 1) / 3 + 1,
        }
    }

    /// `2026-Q4`, `Q4/2026` or `4/2026` (case does not matter).
    pub fn parse(field: &'static str, raw: &str) -> Result<Quarter, FieldError> {
        let bad = || FieldError::new(field, FieldErrorKind::from(InsuranceFault::InvalidQuarter));
        let s = raw.trim().to_ascii_uppercase();
        let (y, q) = if let Some((y, q)) = s.split_once("-Q") {
            (y.to_string(), q.to_string())
        } else if let Some((q, y)) = s.split_once('/') {
            (y.to_string(), q.trim_start_matches('Q').to_string())
        } else {
            return Err(bad());
        };
        if y.len() != 4 || q.len() != 1 || !y.bytes().chain(q.bytes()).all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let (Ok(y), Ok(q)) = (y.parse::<i32>(), q.parse::<u32>()) else {
            return Err(bad());
        };
        Quarter::new(y, q).ok_or_else(bad)
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn number(self) -> u32 {
        self.q
    }

    /// The three months, in order.
    pub fn months(self) -> [Month; 3] {
        let first = self.first_month();
        [first, first.next(), first.next().next()]
    }

    pub fn first_month(self) -> Month {
        Month::new(self.year, (self.q - 1) * 3 + 1).unwrap_or_else(|| Month::of(NaiveDate::MIN))
    }

    pub fn first_day(self) -> NaiveDate {
        self.first_month().first_day()
    }

    pub fn last_day(self) -> NaiveDate {
        self.months()[2].last_day()
    }

    pub fn next(self) -> Quarter {
        if self.q == 4 {
            Quarter {
                year: self.year + 1,
                q: 1,
            }
        } else {
            Quarter {
                year: self.year,
                q: self.q + 1,
            }
        }
    }

    pub fn prev(self) -> Quarter {
        if self.q == 1 {
            Quarter {
                year: self.year - 1,
                q: 4,
            }
        } else {
            Quarter {
                year: self.year,
                q: self.q - 1,
            }
        }
    }

    /// `quý IV năm 2026`.
    pub fn label_vi(self) -> String {
        format!(
            "quý {} năm {}",
            ["I", "II", "III", "IV"][(self.q - 1) as usize],
            self.year
        )
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-Q{}", self.year, self.q)
    }
}

impl From<Quarter> for String {
    fn from(q: Quarter) -> String {
        q.to_string()
    }
}

impl TryFrom<String> for Quarter {
    type Error = String;
    fn try_from(s: String) -> Result<Quarter, String> {
        Quarter::parse("quarter", &s).map_err(|e| e.message_vi())
    }
}

crate::code_enum! {
    /// Phương thức đóng BHXH tự nguyện (INS-6, Luật BHXH 41/2024 Điều 36 khoản 2).
    pub enum PaymentMode (field = "payment_mode") {
        Monthly = "monthly" | "1" => "Hằng tháng",
        Quarterly = "quarterly" | "3" => "03 tháng một lần",
        HalfYearly = "half_yearly" | "6" => "06 tháng một lần",
        Yearly = "yearly" | "12" => "12 tháng một lần",
    }
}

impl PaymentMode {
    /// The months one payment covers (the *Số tháng* of D05-TS).
    pub fn months(self) -> u32 {
        match self {
            PaymentMode::Monthly => 1,
            PaymentMode::Quarterly => 3,
            PaymentMode::HalfYearly => 6,
            PaymentMode::Yearly => 12,
        }
    }

    /// The last month in which a payment for the period starting in `start` may be made
    /// (INS-7, Luật BHXH 41/2024 Điều 36 khoản 3): within the month; within the 3 months; in
    /// the first 4 months of 6; in the first 7 months of 12.
    pub fn deadline(self, start: Month) -> Month {
        let within = match self {
            PaymentMode::Monthly => 1,
            PaymentMode::Quarterly => 3,
            PaymentMode::HalfYearly => 4,
            PaymentMode::Yearly => 7,
        };
        let mut m = start;
        for _ in 1..within {
            m = m.next();
        }
        m
    }
}

/// What the commune keeps of a member's insurance (the enrolment, INS-1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Enrolment {
    /// Mã số BHXH (10 digits), once the office has given it.
    pub bhxh_code: Option<String>,
    /// The first month of BHXH TN through the commune; none: not registered.
    pub bhxh_from: Option<Month>,
    pub payment_mode: PaymentMode,
    /// Months of state BHXH TN support received before `bhxh_from` (elsewhere, earlier).
    pub state_months_before: u32,
    /// Số thẻ BHYT, when issued.
    pub bhyt_card: Option<String>,
}

impl Enrolment {
    /// Checks the codes as the office writes them.
    pub fn validate(&self) -> Result<(), FieldError> {
        if let Some(c) = &self.bhxh_code
            && !(c.len() == 10 && c.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(FieldError::new(
                "bhxh_code",
                FieldErrorKind::from(InsuranceFault::InvalidBhxhCode),
            ));
        }
        if let Some(c) = &self.bhyt_card {
            let b = c.as_bytes();
            let card = b.len() == 15
                && b[..2].iter().all(u8::is_ascii_uppercase)
                && b[2..].iter().all(u8::is_ascii_digit);
            let code = b.len() == 10 && b.iter().all(u8::is_ascii_digit);
            if !(card || code) {
                return Err(FieldError::new(
                    "bhyt_card",
                    FieldErrorKind::from(InsuranceFault::InvalidBhytCard),
                ));
            }
        }
        if self.state_months_before > STATE_SUPPORT_MONTHS {
            return Err(FieldError::new(
                "state_months_before",
                FieldErrorKind::from(InsuranceFault::StateMonthsTooMany),
            ));
        }
        Ok(())
    }
}

/// A member as the quarter reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuarterMember {
    pub person: PersonId,
    pub cccd: String,
    pub name: String,
    pub team: String,
    /// Who is insured; `bhxh_registered` and `state_months_before` are set month by month here.
    pub insured: Insured,
    pub enrolment: Option<Enrolment>,
    /// The periods in post (start, end inclusive, role), oldest first.
    pub periods: Vec<(NaiveDate, Option<NaiveDate>, TeamRole)>,
}

impl QuarterMember {
    /// The member's days in post inside `month`: the first, the last and the role of the
    /// first day; none when not in post.
    fn in_post(&self, month: Month) -> Option<(NaiveDate, NaiveDate, TeamRole)> {
        let mut out: Option<(NaiveDate, NaiveDate, TeamRole)> = None;
        for (s, e, role) in &self.periods {
            let from = (*s).max(month.first_day());
            let to = e.unwrap_or(month.last_day()).min(month.last_day());
            if from > to {
                continue;
            }
            out = Some(match out {
                None => (from, to, *role),
                Some((f, t, r)) => (f.min(from), t.max(to), if from < f { *role } else { r }),
            });
        }
        out
    }

    fn registered(&self, month: Month) -> bool {
        self.enrolment
            .as_ref()
            .and_then(|e| e.bhxh_from)
            .is_some_and(|f| f <= month)
    }

    /// The member's insurance for `month` as it actually was (the days in post, registered or
    /// not that month, the state months counted before it); none when not in post. `policy` is
    /// the commune's on the month's first day. The payroll reads this to withhold the member's
    /// own part when the pack says so (INS-8, INS-12).
    pub fn month_actual(
        &self,
        policy: Policy<'_>,
        month: Month,
    ) -> Option<(InsuranceMonth, Option<PolicyGap>)> {
        let (from, to, role) = self.in_post(month)?;
        let who = Insured {
            role,
            bhxh_registered: self.registered(month),
            state_months_before: self.state_months_before(month),
            ..self.insured
        };
        Some(insurance_month(policy, month, from, to, &who))
    }

    /// Months of state support before `month`: those before the commune's records, and each
    /// month since `bhxh_from` the member was in post, registered and not covered elsewhere.
    pub fn state_months_before(&self, month: Month) -> u32 {
        let Some(e) = &self.enrolment else { return 0 };
        let Some(mut m) = e.bhxh_from else { return 0 };
        let mut n = e.state_months_before;
        if self.insured.covered_bhxh {
            return n;
        }
        while m < month && n < STATE_SUPPORT_MONTHS {
            if self.in_post(m).is_some() {
                n += 1;
            }
            m = m.next();
        }
        n
    }
}

/// What a member declares on the social insurance office's individual form TK1-TS (INS-2), as
/// the commune holds it: who they are, where they live, how they take part. Read live from the
/// roster (a settled quarter's figures are kept; a person's details are today's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Declarant {
    pub person: PersonId,
    pub cccd: String,
    pub name: String,
    pub birth_date: NaiveDate,
    /// "Nam", "Nữ".
    pub sex: String,
    pub ethnicity: String,
    pub phone: Option<String>,
    pub residence: String,
    /// The month BHXH TN began through the commune (none: not registered).
    pub bhxh_from: Option<Month>,
}

/// A quarter's sums, of a member or of the commune.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuarterSums {
    pub bhxh_contribution: Dong,
    /// The central state's share (NĐ 134/2015, NĐ 159/2025): not in the commune's transfer.
    pub bhxh_state: Dong,
    pub bhxh_province: Dong,
    pub bhxh_member: Dong,
    pub bhyt_contribution: Dong,
    pub bhyt_support: Dong,
    pub bhyt_member: Dong,
    /// What the commune transfers to the collection account.
    pub transfer: Dong,
}

impl QuarterSums {
    fn add_month(&mut self, m: &InsuranceMonth) {
        if let Some(b) = &m.bhxh {
            self.bhxh_contribution += b.contribution;
            self.bhxh_state += b.state;
            self.bhxh_province += b.province;
            self.bhxh_member += b.member;
        }
        if let Some(b) = &m.bhyt {
            self.bhyt_contribution += b.contribution;
            self.bhyt_support += b.state;
            self.bhyt_member += b.member;
        }
    }

    fn close(&mut self, withheld: bool) {
        self.transfer = self.bhxh_province + self.bhyt_support;
        if withheld {
            self.transfer += self.bhxh_member + self.bhyt_member;
        }
    }

    pub fn add(&mut self, o: &QuarterSums) {
        self.bhxh_contribution += o.bhxh_contribution;
        self.bhxh_state += o.bhxh_state;
        self.bhxh_province += o.bhxh_province;
        self.bhxh_member += o.bhxh_member;
        self.bhyt_contribution += o.bhyt_contribution;
        self.bhyt_support += o.bhyt_support;
        self.bhyt_member += o.bhyt_member;
        self.transfer += o.transfer;
    }
}

/// One member's quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuarterLine {
    pub person: PersonId,
    pub cccd: String,
    pub name: String,
    pub team: String,
    pub bhxh_code: Option<String>,
    pub bhyt_card: Option<String>,
    /// Registered for BHXH TN in some month of the quarter.
    pub bhxh: bool,
    pub payment_mode: Option<PaymentMode>,
    /// The last month the member's own BHXH TN part for the period starting with the quarter
    /// may be paid (INS-7), under the member's payment mode.
    pub pay_by: Option<Month>,
    /// Months of state support counted before the quarter (of at most 120).
    pub state_months_before: u32,
    /// In post on the quarter's first day: counted in the advance.
    pub in_advance: bool,
    pub months: Vec<InsuranceMonth>,
    pub advance: QuarterSums,
    pub actual: QuarterSums,
    /// `actual.transfer − advance.transfer`: more to transfer when positive, to offset when
    /// negative.
    pub difference: Dong,
}

crate::code_enum! {
    /// Tăng, giảm: a change of the insured list in a month.
    pub enum MovementKind (field = "movement") {
        Increase = "increase" => "Tăng",
        Decrease = "decrease" => "Giảm",
    }
}

/// A change of the lists in a month (the *tăng, giảm* of D05-TS and D03-TS).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Movement {
    pub month: Month,
    pub kind: MovementKind,
    pub cccd: String,
    pub name: String,
    /// `bhxh` (D05-TS) or `bhyt` (D03-TS).
    pub scheme: String,
    pub on: NaiveDate,
    pub reason: String,
}

/// A commune's quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuarterBody {
    pub quarter: Quarter,
    pub lines: Vec<QuarterLine>,
    pub advance: QuarterSums,
    pub actual: QuarterSums,
    pub difference: Dong,
    /// The members' own parts are withheld from the support and transferred by the commune.
    pub withheld: Option<bool>,
    pub movements: Vec<Movement>,
    /// How the transfer is made up, with the rules.
    pub explanation: Vec<ExplanationLine>,
    pub illustrative: bool,
    pub gap: Option<PolicyGap>,
}

impl QuarterBody {
    /// The quarter with the advance as it was transferred: each member's advance is the one
    /// recorded at the start of the quarter (a member since gone keeps a line with no actual
    /// amount), and the differences follow from it.
    pub fn with_recorded_advance(mut self, recorded: &QuarterBody) -> QuarterBody {
        for l in &mut self.lines {
            let r = recorded.lines.iter().find(|r| r.person == l.person);
            l.advance = r.map(|r| r.advance).unwrap_or_default();
            l.in_advance = r.is_some_and(|r| r.in_advance);
            l.difference = l.actual.transfer - l.advance.transfer;
        }
        for r in &recorded.lines {
            if r.in_advance && !self.lines.iter().any(|l| l.person == r.person) {
                self.lines.push(QuarterLine {
                    months: Vec::new(),
                    actual: QuarterSums::default(),
                    difference: Dong(0) - r.advance.transfer,
                    ..r.clone()
                });
            }
        }
        self.advance = QuarterSums::default();
        for l in &self.lines {
            self.advance.add(&l.advance);
        }
        self.difference = self.actual.transfer - self.advance.transfer;
        self
    }
}

fn merge(gap: &mut Option<PolicyGap>, g: Option<PolicyGap>) {
    if let Some(g) = g.filter(|g| !g.missing.is_empty()) {
        *gap = Some(match gap.take() {
            Some(e) => e.merge(g),
            None => g,
        });
    }
}

/// The commune's quarter. `policy_of(month)` is the commune's policy on the month's first day.
pub fn quarter<'a>(
    quarter: Quarter,
    policy_of: impl Fn(Month) -> Policy<'a>,
    members: &[QuarterMember],
) -> QuarterBody {
    let mut gap: Option<PolicyGap> = None;
    let mut illustrative = false;
    let mut explanation = Vec::new();
    // Who pays the member's part (read on the quarter's first day).
    let first = policy_of(quarter.first_month());
    let withheld = match first.get("member_insurance_share") {
        Ok(p) => {
            let w = first.choice("member_insurance_share").ok() == Some("withheld");
            illustrative |= p.verification == crate::policy::Verification::Demo;
            explanation.push(first.step(
                p,
                if w {
                    "Phần người tham gia tự đóng được khấu trừ vào tiền hỗ trợ: xã chuyển cả phần này.".into()
                } else {
                    "Người tham gia tự nộp phần của mình: xã chuyển phần ngân sách hỗ trợ.".into()
                },
            ));
            Some(w)
        }
        Err(g) => {
            merge(&mut gap, Some(g));
            None
        }
    };
    explanation.push(ExplanationLine {
        rule: "INS-10".into(),
        text: "Đầu quý xã chuyển kinh phí tạm cấp (thành viên đang tham gia vào ngày đầu quý, tính đủ 3 tháng) vào tài khoản chuyên thu của cơ quan BHXH; hết quý chuyển dứt điểm phần chênh lệch theo số thực tế; hằng năm quyết toán.".into(),
        citation: Some("Kế hoạch triển khai Nghị quyết 24/2024/NQ-HĐND, mục III.7".into()),
        verification: None,
    });
    explanation.push(ExplanationLine {
        rule: "INS-9".into(),
        text: "Phần Nhà nước hỗ trợ đóng BHXH tự nguyện (NĐ 134/2015, NĐ 159/2025) được ghi để đối chiếu, không tính vào khoản xã chuyển: cách chuyển phần này chưa tìm thấy văn bản.".into(),
        citation: None,
        verification: None,
    });
    let mut lines = Vec::new();
    let mut movements = Vec::new();
    for m in members {
        let months = quarter.months();
        let mut line = QuarterLine {
            person: m.person,
            cccd: m.cccd.clone(),
            name: m.name.clone(),
            team: m.team.clone(),
            bhxh_code: m.enrolment.as_ref().and_then(|e| e.bhxh_code.clone()),
            bhyt_card: m.enrolment.as_ref().and_then(|e| e.bhyt_card.clone()),
            bhxh: months.iter().any(|x| m.registered(*x)),
            payment_mode: m
                .enrolment
                .as_ref()
                .filter(|e| e.bhxh_from.is_some())
                .map(|e| e.payment_mode),
            pay_by: None,
            state_months_before: m.state_months_before(months[0]),
            in_advance: m
                .in_post(months[0])
                .is_some_and(|(f, _, _)| f == quarter.first_day()),
            months: Vec::new(),
            advance: QuarterSums::default(),
            actual: QuarterSums::default(),
            difference: Dong(0),
        };
        line.pay_by = line
            .payment_mode
            .filter(|_| line.bhxh && !m.insured.covered_bhxh)
            .map(|p| p.deadline(months[0]));
        let mut state_before = line.state_months_before;
        // The advance: the whole quarter, as on its first day.
        let advance_role = m.in_post(months[0]).map(|(_, _, r)| r);
        for month in months {
            let policy = policy_of(month);
            if line.in_advance
                && let Some(role) = advance_role
            {
                let who = Insured {
                    role,
                    bhxh_registered: m.registered(months[0]),
                    state_months_before: line.state_months_before
                        + (month.month() - months[0].month()),
                    ..m.insured
                };
                let (im, g) =
                    insurance_month(policy, month, month.first_day(), month.last_day(), &who);
                merge(&mut gap, g);
                illustrative |= im.illustrative;
                line.advance.add_month(&im);
            }
            if let Some((from, to, role)) = m.in_post(month) {
                let who = Insured {
                    role,
                    bhxh_registered: m.registered(month),
                    state_months_before: state_before,
                    ..m.insured
                };
                let (im, g) = insurance_month(policy, month, from, to, &who);
                merge(&mut gap, g);
                illustrative |= im.illustrative;
                if im.state_month {
                    state_before += 1;
                }
                line.actual.add_month(&im);
                line.months.push(im);
                // Increases and decreases of the month.
                for (start, end, _) in &m.periods {
                    if month.contains(*start) {
                        for scheme in schemes(m, month) {
                            movements.push(Movement {
                                month,
                                kind: MovementKind::Increase,
                                cccd: m.cccd.clone(),
                                name: m.name.clone(),
                                scheme: scheme.into(),
                                on: *start,
                                reason: "Được công nhận là thành viên Tổ".into(),
                            });
                        }
                    }
                    if let Some(e) = end
                        && month.contains(*e)
                    {
                        for scheme in schemes(m, month) {
                            movements.push(Movement {
                                month,
                                kind: MovementKind::Decrease,
                                cccd: m.cccd.clone(),
                                name: m.name.clone(),
                                scheme: scheme.into(),
                                on: *e,
                                reason: "Thôi tham gia Tổ".into(),
                            });
                        }
                    }
                }
                if let Some(f) = m.enrolment.as_ref().and_then(|e| e.bhxh_from)
                    && f == month
                    && !m.insured.covered_bhxh
                    && !m.periods.iter().any(|(s, _, _)| month.contains(*s))
                {
                    movements.push(Movement {
                        month,
                        kind: MovementKind::Increase,
                        cccd: m.cccd.clone(),
                        name: m.name.clone(),
                        scheme: "bhxh".into(),
                        on: month.first_day(),
                        reason: "Đăng ký tham gia BHXH tự nguyện".into(),
                    });
                }
            }
        }
        if line.months.is_empty() && !line.in_advance {
            continue;
        }
        let w = withheld.unwrap_or(false);
        line.advance.close(w);
        line.actual.close(w);
        line.difference = line.actual.transfer - line.advance.transfer;
        lines.push(line);
    }
    let mut advance = QuarterSums::default();
    let mut actual = QuarterSums::default();
    for l in &lines {
        advance.add(&l.advance);
        actual.add(&l.actual);
    }
    movements.sort_by(|a, b| (a.month, a.on, &a.name).cmp(&(b.month, b.on, &b.name)));
    QuarterBody {
        quarter,
        difference: actual.transfer - advance.transfer,
        lines,
        advance,
        actual,
        withheld,
        movements,
        explanation,
        illustrative,
        gap,
    }
}

/// The lists a member belongs to in a month: D05-TS when registered for BHXH TN here, D03-TS
/// when the budget supports the BHYT.
fn schemes(m: &QuarterMember, month: Month) -> Vec<&'static str> {
    let mut out = Vec::new();
    if m.registered(month) && !m.insured.covered_bhxh {
        out.push("bhxh");
    }
    if !m.insured.covered_bhyt {
        out.push("bhyt");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quarter_reads_as_users_type_it() {
        let q4 = Quarter::new(2026, 4).unwrap();
        for s in ["2026-Q4", "2026-q4", "Q4/2026", "4/2026", " 2026-Q4 "] {
            assert_eq!(Quarter::parse("quarter", s).unwrap(), q4, "{s}");
        }
        for bad in [
            "2026-Q5", "2026-Q0", "2026-4", "26-Q4", "", "2026-Q44", "1999-Q1",
        ] {
            assert!(Quarter::parse("quarter", bad).is_err(), "{bad}");
        }
        assert_eq!(q4.to_string(), "2026-Q4");
        assert_eq!(q4.label_vi(), "quý IV năm 2026");
        assert_eq!(
            q4.first_day(),
            NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()
        );
        assert_eq!(
            q4.last_day(),
            NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()
        );
        assert_eq!(q4.next(), Quarter::new(2027, 1).unwrap());
        assert_eq!(Quarter::new(2027, 1).unwrap().prev(), q4);
        assert_eq!(
            Quarter::of(NaiveDate::from_ymd_opt(2026, 7, 1).unwrap()),
            Quarter::new(2026, 3).unwrap()
        );
    }

    /// INS-7: within the month; within the 3 months; the first 4 of 6; the first 7 of 12.
    #[test]
    fn ins_7_the_deadline_of_each_payment_mode() {
        let jan = Month::new(2027, 1).unwrap();
        assert_eq!(PaymentMode::Monthly.deadline(jan), jan);
        assert_eq!(
            PaymentMode::Quarterly.deadline(jan),
            Month::new(2027, 3).unwrap()
        );
        assert_eq!(
            PaymentMode::HalfYearly.deadline(jan),
            Month::new(2027, 4).unwrap()
        );
        assert_eq!(
            PaymentMode::Yearly.deadline(Month::new(2026, 10).unwrap()),
            Month::new(2027, 4).unwrap()
        );
        assert_eq!(PaymentMode::parse("6").unwrap(), PaymentMode::HalfYearly);
    }

    #[test]
    fn the_codes_of_the_office_are_checked_as_it_writes_them() {
        let ok = Enrolment {
            bhxh_code: Some("6223012345".into()),
            bhxh_from: Month::new(2024, 7),
            payment_mode: PaymentMode::Monthly,
            state_months_before: 0,
            bhyt_card: Some("GD4626223012345".into()),
        };
        assert!(ok.validate().is_ok());
        for (field, bad) in [
            (
                "bhxh_code",
                Enrolment {
                    bhxh_code: Some("62230123".into()),
                    ..ok.clone()
                },
            ),
            (
                "bhyt_card",
                Enrolment {
                    bhyt_card: Some("gd4626223012345".into()),
                    ..ok.clone()
                },
            ),
            (
                "state_months_before",
                Enrolment {
                    state_months_before: 121,
                    ..ok.clone()
                },
            ),
        ] {
            assert_eq!(bad.validate().unwrap_err().field, field);
        }
    }
}
