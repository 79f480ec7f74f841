//! A selection round's row as the domain's [`Round`]: its codes read through their enums and the
//! plan through [`Round::new`], so a stored round with no quota or a meeting before its deadline
//! is [`StoreError::Corrupt`], not a round of quota 0.

use antt_domain::kernel::ids::{DecisionId, RoundId, TeamId};
use antt_domain::money::Rate;
use antt_domain::selection::{Round, RoundParts};
use antt_domain::unit::UnitId;

use crate::StoreError;
use crate::entities::selection_round;
use crate::force::stored;

impl TryFrom<&selection_round::Model> for Round {
    type Error = StoreError;

    fn try_from(r: &selection_round::Model) -> Result<Round, StoreError> {
        let quota = u32::try_from(r.quota)
            .map_err(|_| StoreError::corrupt("selection_round.quota", r.quota))?;
        Round::new(RoundParts {
            id: RoundId(r.id),
            commune: UnitId(r.commune_id),
            team: r.team_id.map(TeamId),
            new_team_name: r.new_team_name.clone(),
            title: r.title.clone(),
            villages: super::parse_ids(&r.villages)
                .into_iter()
                .map(UnitId)
                .collect(),
            quota,
            documents: r.documents.clone(),
            place: r.place.clone(),
            application_deadline: r.application_deadline,
            meeting_on: r.meeting_on,
            vote_method: r
                .vote_method
                .as_deref()
                .map(|m| stored("selection_round.vote_method", m))
                .transpose()?,
            pass_share: r.pass_share_ppm.map(Rate),
            tie_decision: r.tie_decision_id.map(DecisionId),
        })
        .map_err(|e| StoreError::corrupt("selection_round", format!("{}: {e}", r.id)))
    }
}
