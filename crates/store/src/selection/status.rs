//! What the rules say of a round today (use cases): the pass share and the working-day deadline
//! from the commune's policy on the round's dates (TT14-3.9, TT14-4.1, TT14-4.3), the deadlines of
//! the steps on the working calendar, what is overdue, and the council's tally.

use antt_domain::access::Action;
use antt_domain::money::Rate;
use antt_domain::selection::{self, Deadline, Step, Tally};
use antt_domain::unit::UnitId;
use chrono::NaiveDate;
use serde::Serialize;

use super::RoundRecord;
use crate::{Actor, Store, StoreError};

/// The figures of the commune's policy a round needs on a date.
#[derive(Debug, Clone, Copy)]
pub struct RoundRules {
    pub pass_share: Rate,
    pub working_days: u32,
}

/// A round with what the rules say of it today.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundStatus {
    #[serde(flatten)]
    pub round: RoundRecord,
    pub next_step: Option<Step>,
    pub deadlines: Vec<Deadline>,
    pub overdue: Vec<Step>,
    pub tally: Option<Tally>,
    pub tally_error: Option<String>,
}

impl Store {
    /// The pass share and the deadline in working days from the policy in force on `on` for the
    /// commune. A missing figure is a policy gap, never a default.
    pub async fn round_rules(
        &self,
        actor: &Actor,
        commune: UnitId,
        on: NaiveDate,
    ) -> Result<RoundRules, StoreError> {
        let resolved = self.policy(actor, commune, on).await?;
        let policy = resolved.policy();
        Ok(RoundRules {
            pass_share: policy.rate("selection_pass_share")?,
            working_days: policy.count("decision_deadline_working_days")?,
        })
    }

    /// One round with its status today.
    pub async fn round_status(
        &self,
        actor: &Actor,
        id: antt_domain::kernel::ids::RoundId,
    ) -> Result<RoundStatus, StoreError> {
        let round = self.round(actor, id).await?;
        self.status_of(actor, round).await
    }

    /// The rounds of a commune (or of the actor's scope) with their status today.
    pub async fn round_statuses(
        &self,
        actor: &Actor,
        commune: Option<UnitId>,
    ) -> Result<Vec<RoundStatus>, StoreError> {
        actor.require(Action::ViewForce)?;
        let mut out = Vec::new();
        for r in self.rounds(actor, commune).await? {
            out.push(self.status_of(actor, r).await?);
        }
        Ok(out)
    }

    /// The deadlines run from the policy of the meeting's date; without a deadline rule the
    /// round has no deadlines shown (the gap shows where the rule is needed: the vote).
    async fn status_of(
        &self,
        actor: &Actor,
        round: RoundRecord,
    ) -> Result<RoundStatus, StoreError> {
        let today = self.clock().today_vn();
        let calendar = self.work_calendar(round.meeting_on).await?;
        let working_days = match self
            .round_rules(actor, round.commune.id, round.meeting_on)
            .await
        {
            Ok(r) => r.working_days,
            Err(StoreError::PolicyGap(_)) => 0,
            Err(e) => return Err(e),
        };
        let deadlines = if working_days > 0 {
            selection::deadlines(&round.done(), round.plan(), &calendar, working_days, today)
        } else {
            Vec::new()
        };
        let overdue = deadlines
            .iter()
            .filter(|d| d.overdue)
            .map(|d| d.step)
            .collect();
        let (tally, tally_error) = match round.tally() {
            Some(Ok(t)) => (Some(t), None),
            Some(Err(e)) => (None, Some(e.message_vi())),
            None => (None, None),
        };
        Ok(RoundStatus {
            next_step: round.next_step(),
            deadlines,
            overdue,
            tally,
            tally_error,
            round,
        })
    }
}
