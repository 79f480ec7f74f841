//! Table rows as sea-orm entities, one file per capability. Only the store sees them; the rest of
//! the product sees domain types, built from rows through `TryFrom` or their own `parse` (a
//! failure there is corruption).

mod audit;
mod calendar;
mod force;
mod money;
mod policy;
mod selection;
mod units;
mod users;

pub use audit::{audit_log, audit_seal};
pub use calendar::holiday_year;
pub use force::{
    commune_setting, decision, membership, membership_evidence, person, team, team_village,
    unit_official,
};
pub use money::{
    bank_account, bank_layout, commune_payment, duty_presence, duty_shift, insurance_enrolment,
    insurance_quarter, payroll,
};
pub use policy::policy_pack_version;
pub use selection::{
    selection_application, selection_council_member, selection_round, selection_step,
};
pub use units::{succession_event, succession_link, unit, unit_reach, unit_version, village_facts};
pub use users::{api_token, app_user, user_scope, web_session};
