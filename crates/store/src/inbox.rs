//! Việc cần làm: one read of what the actor's communes need done today — the rounds' steps by
//! their deadlines (TT14-3, TT14-4), members turning 71 (LAW-13.1), missing or expired health
//! certificates, teams short of members, over the maximum or without a leader (LAW-14), teams
//! without their decision on file, villages without a team. The domain (`antt_domain::inbox`)
//! names and orders them; the page and `GET /api/v1/inbox` show the same list.

use antt_domain::access::Action;
use antt_domain::force::TeamFlag;
use antt_domain::inbox::{self, InboxItem, InboxKind, Urgency};
use antt_domain::unit::Level;
use chrono::NaiveDate;
use serde::Serialize;

use crate::{Actor, Store, StoreError};

/// The most communes one inbox reads; a user over more sees a note and the province view.
pub const MAX_COMMUNES: u64 = 300;

/// What the actor's communes need done, on a date.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Inbox {
    pub date: NaiveDate,
    /// How many communes were read.
    pub communes: usize,
    /// Set when the scope holds more communes than one inbox reads ([`MAX_COMMUNES`]).
    pub truncated: bool,
    pub total: usize,
    pub items: Vec<InboxItem>,
}

impl Store {
    /// The inbox of `actor` on `on`, from the overview of each commune in scope and the status
    /// of each round.
    pub async fn inbox(&self, actor: &Actor, on: NaiveDate) -> Result<Inbox, StoreError> {
        actor.require(Action::ViewForce)?;
        let communes = self
            .search_units(actor, on, "", Some(Level::Commune), MAX_COMMUNES + 1)
            .await?;
        let truncated = communes.len() as u64 > MAX_COMMUNES;
        let mut items = Vec::new();
        for c in communes
            .iter()
            .take(usize::try_from(MAX_COMMUNES).unwrap_or(300))
        {
            let unit = &c.unit;
            let item = |kind, urgency, text: String, due, target, target_id: String| InboxItem {
                kind,
                urgency,
                commune: unit.code.clone(),
                commune_name: unit.name.clone(),
                text,
                due,
                target,
                target_id,
            };
            // A commune whose policy has a gap still shows its rounds; its overview says why.
            let Ok(o) = self.overview(actor, unit.id, on).await else {
                continue;
            };
            for w in &o.warnings {
                let (kind, decision) = match w.kind {
                    "turning_71" => (InboxKind::Turning71, true),
                    "health_certificate_expired" => (InboxKind::HealthCertificateExpired, false),
                    _ => (InboxKind::NoHealthCertificate, false),
                };
                items.push(item(
                    kind,
                    inbox::urgency(w.date, on, decision),
                    format!("{} ({}): {}", w.full_name, w.team, w.message),
                    w.date,
                    "person",
                    w.person_id.to_string(),
                ));
            }
            for t in &o.teams {
                for f in &t.flags {
                    let kind = match f {
                        TeamFlag::NoLeader => InboxKind::NoLeader,
                        TeamFlag::UnderStaffed => InboxKind::UnderStaffed,
                        TeamFlag::OverMaximum => InboxKind::OverMaximum,
                    };
                    items.push(item(
                        kind,
                        Urgency::ToDo,
                        format!(
                            "{}: {}",
                            t.team.name,
                            antt_domain::text::decapitalise(kind.label_vi())
                        ),
                        None,
                        "team",
                        t.team.id.to_string(),
                    ));
                }
                if t.team.decision.is_none() {
                    items.push(item(
                        InboxKind::TeamWithoutDecision,
                        Urgency::NeedsDecision,
                        format!(
                            "{}: chưa có quyết định thành lập trong sổ quyết định của xã",
                            t.team.name
                        ),
                        None,
                        "team",
                        t.team.id.to_string(),
                    ));
                }
            }
            // The month just ended (and this one on its last day): its payroll's next step.
            if actor.may(Action::ViewPayroll) && !o.teams.is_empty() {
                let this = antt_domain::payroll::Month::of(on);
                let mut months = vec![this.prev()];
                if on == this.last_day() {
                    months.push(this);
                }
                let rows = self.payroll_states(unit.id, &months).await?;
                for (m, state) in rows {
                    use antt_domain::payroll::PayrollState as S;
                    let (kind, urgency) = match state {
                        None | Some(S::Draft) => (InboxKind::PayrollNotChecked, Urgency::ToDo),
                        Some(S::Checked) => (InboxKind::PayrollNotApproved, Urgency::NeedsDecision),
                        Some(S::Approved) => (InboxKind::PayrollNotPaid, Urgency::ToDo),
                        Some(S::Paid) => continue,
                    };
                    items.push(item(
                        kind,
                        urgency,
                        format!(
                            "Tháng {}: {}",
                            m.short_vi(),
                            antt_domain::text::decapitalise(kind.label_vi())
                        ),
                        None,
                        "payroll",
                        format!("{}/{m}", unit.code),
                    ));
                }
            }
            // The quarter under way needs its advance; the one before, its settlement and the
            // office's confirmation (INS-10).
            if actor.may(Action::ViewInsurance) && !o.teams.is_empty() {
                use crate::insurance::QuarterState as Q;
                use antt_domain::insurance::quarter::Quarter;
                let this = Quarter::of(on);
                let rows = self.quarter_states(unit.id.0, &[this.prev(), this]).await?;
                for (q, state) in rows {
                    let (kind, urgency) = match (q == this, state) {
                        (true, Q::Due) => (InboxKind::InsuranceAdvanceDue, Urgency::ToDo),
                        (true, _) => continue,
                        (false, Q::Due | Q::Advanced) => {
                            (InboxKind::InsuranceNotSettled, Urgency::ToDo)
                        }
                        (false, Q::Settled) => (InboxKind::InsuranceNotConfirmed, Urgency::ToDo),
                        (false, Q::Confirmed) => continue,
                    };
                    items.push(item(
                        kind,
                        urgency,
                        format!(
                            "{}: {}",
                            antt_domain::text::capitalise(&q.label_vi()),
                            antt_domain::text::decapitalise(kind.label_vi())
                        ),
                        None,
                        "insurance",
                        format!("{}/{q}", unit.code),
                    ));
                }
            }
            for v in &o.villages_without_team {
                items.push(item(
                    InboxKind::VillageWithoutTeam,
                    Urgency::ToDo,
                    format!("{} chưa có Tổ bảo vệ ANTT", v.name),
                    None,
                    "unit",
                    v.code.clone(),
                ));
            }
        }
        for r in self.round_statuses(actor, None).await? {
            let Some(next) = r.next_step else { continue };
            let Some(deadline) = r.deadlines.iter().find(|d| d.step == next) else {
                continue;
            };
            let due = Some(deadline.due);
            items.push(InboxItem {
                kind: InboxKind::RoundStep,
                urgency: inbox::urgency(due, on, false),
                commune: r.round.commune.code.clone(),
                commune_name: r.round.commune.name.clone(),
                text: format!("{}: {}", r.round.title, deadline.label),
                due,
                target: "round",
                target_id: r.round.id.to_string(),
            });
        }
        let items = inbox::ordered(items);
        Ok(Inbox {
            date: on,
            communes: communes
                .len()
                .min(usize::try_from(MAX_COMMUNES).unwrap_or(300)),
            truncated,
            total: items.len(),
            items,
        })
    }
}
