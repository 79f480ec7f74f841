//! Kinh phí bảo hiểm của một tỉnh, một huyện (use case): the quarter of every commune under a
//! unit, for the finance office that budgets the support and the social insurance office that
//! reconciles it (INS-13) — where each commune stands, what it advanced, what the quarter came
//! to, what was transferred and what is left to settle, and their sums to the đồng.

use antt_domain::access::Action;
use antt_domain::insurance::quarter::Quarter;
use antt_domain::money::Dong;
use antt_domain::policy::PolicyGap;
use antt_domain::unit::UnitId;
use serde::Serialize;

use super::{InsuranceQuarterView, QuarterState};
use crate::{Actor, Store, StoreError};

/// One commune's line of the roll-up.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommuneQuarter {
    pub commune: String,
    pub commune_name: String,
    pub state: QuarterState,
    pub state_label: &'static str,
    /// Members with a line in the quarter.
    pub members: u32,
    /// The advance as transferred (0 when none was recorded).
    pub advance: Dong,
    /// What the quarter comes to (as settled once it is).
    pub actual: Dong,
    /// What was transferred: the advance and the settlement's difference.
    pub transferred: Dong,
    /// `actual − transferred`: left to transfer (or to offset when negative).
    pub to_settle: Dong,
    /// Of the actual amount: the province's BHXH TN top-up and the BHYT support.
    pub bhxh_province: Dong,
    pub bhyt_support: Dong,
    /// The central state's BHXH TN share, shown for reconciling, not transferred (INS-9).
    pub bhxh_state: Dong,
    /// What the packs leave missing for this commune.
    pub gap: Option<PolicyGap>,
}

/// How many communes' quarters are at a state.
#[derive(Debug, Clone, Copy, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuarterStateCount {
    pub state: QuarterState,
    pub communes: u32,
}

/// The quarter of every commune under a unit, and the sums.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InsuranceRollup {
    pub unit: String,
    pub quarter: Quarter,
    pub communes: Vec<CommuneQuarter>,
    pub members: u32,
    pub advance: Dong,
    pub actual: Dong,
    pub transferred: Dong,
    pub to_settle: Dong,
    pub bhxh_province: Dong,
    pub bhyt_support: Dong,
    pub bhxh_state: Dong,
    /// The actual amount in words.
    pub actual_in_words: String,
    /// How many communes are at each state, in the order of the states.
    pub states: Vec<QuarterStateCount>,
    pub illustrative: bool,
}

impl CommuneQuarter {
    fn of(v: &InsuranceQuarterView) -> CommuneQuarter {
        let advance = v.advance_record.as_ref().map_or(Dong(0), |a| a.total);
        let transferred = advance + v.settlement.as_ref().map_or(Dong(0), |s| s.difference);
        let actual = v.body.actual.transfer;
        CommuneQuarter {
            commune: v.commune.clone(),
            commune_name: v.commune_name.clone(),
            state: v.state,
            state_label: v.state_label,
            members: u32::try_from(v.body.lines.iter().filter(|l| !l.months.is_empty()).count())
                .unwrap_or(u32::MAX),
            advance,
            actual,
            transferred,
            to_settle: actual - transferred,
            bhxh_province: v.body.actual.bhxh_province,
            bhyt_support: v.body.actual.bhyt_support,
            bhxh_state: v.body.actual.bhxh_state,
            gap: v.body.gap.clone(),
        }
    }
}

impl Store {
    /// The quarter of every commune under `unit` (as the hierarchy stood on the quarter's last
    /// day), or of the commune itself, with the sums. `progress(done, of)` is called after each
    /// commune (the command line draws a bar).
    pub async fn insurance_rollup(
        &self,
        actor: &Actor,
        unit: UnitId,
        quarter: Quarter,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<InsuranceRollup, StoreError> {
        actor.require(Action::ViewInsurance)?;
        let detail = self.unit_detail(actor, unit, quarter.last_day()).await?;
        let communes = if detail.level == antt_domain::unit::Level::Commune {
            vec![unit]
        } else {
            self.communes_with_teams(actor, unit, quarter.last_day())
                .await?
        };
        let mut lines = Vec::with_capacity(communes.len());
        let mut illustrative = false;
        for chunk in communes.chunks(crate::payroll::ROLLUP_AT_ONCE) {
            let mut set = tokio::task::JoinSet::new();
            for (i, c) in chunk.iter().enumerate() {
                let (store, actor, c) = (self.clone(), actor.clone(), *c);
                set.spawn(async move { (i, store.insurance_quarter(&actor, c, quarter).await) });
            }
            let mut got: Vec<(usize, CommuneQuarter)> = Vec::with_capacity(chunk.len());
            while let Some(joined) = set.join_next().await {
                let (i, v) =
                    joined.map_err(|e| StoreError::Config(format!("insurance task: {e}")))?;
                let v = v?;
                illustrative |= v.body.illustrative;
                got.push((i, CommuneQuarter::of(&v)));
            }
            got.sort_by_key(|(i, _)| *i);
            lines.extend(got.into_iter().map(|(_, l)| l));
            progress(lines.len(), communes.len());
        }
        lines.sort_by_cached_key(|c| antt_domain::text::vi_sort_key(&c.commune_name));
        let sum =
            |f: &dyn Fn(&CommuneQuarter) -> Dong| lines.iter().fold(Dong(0), |acc, l| acc + f(l));
        let actual = sum(&|l| l.actual);
        let states = QuarterState::ALL
            .iter()
            .map(|s| QuarterStateCount {
                state: *s,
                communes: u32::try_from(lines.iter().filter(|l| l.state == *s).count())
                    .unwrap_or(u32::MAX),
            })
            .collect();
        Ok(InsuranceRollup {
            unit: detail.code,
            quarter,
            members: lines.iter().map(|l| l.members).sum(),
            advance: sum(&|l| l.advance),
            actual,
            transferred: sum(&|l| l.transferred),
            to_settle: sum(&|l| l.to_settle),
            bhxh_province: sum(&|l| l.bhxh_province),
            bhyt_support: sum(&|l| l.bhyt_support),
            bhxh_state: sum(&|l| l.bhxh_state),
            actual_in_words: antt_domain::words::dong_in_words(actual),
            states,
            illustrative,
            communes: lines,
        })
    }
}
