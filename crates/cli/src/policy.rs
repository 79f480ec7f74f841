//! `antt policy …`: the rules as data, from the command line. JSON on stdout; exit 0 on success,
//! 2 for bad arguments or a malformed pack, 3 for a policy gap.

use std::process::ExitCode;

use antt_domain::policy::amounts::{Household, Person, amounts};
use antt_domain::policy::eligibility::{Applicant, AreaFlags, Education, LegalStatus, check};
use antt_domain::policy::equipment::norms;
use antt_domain::policy::quota::{QuotaError, VillageInput, team_quota};
use antt_domain::policy::{Pack, PackKind, Policy, PolicyGap, TeamRole, demo_for, parse_pack};
use antt_domain::unit::VillageFlags;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde_json::{Value, json};

#[derive(Subcommand)]
pub enum PolicyCommand {
    /// The shipped packs with how many parameters carry each verification level.
    List,
    /// One pack in full.
    Show { pack: String },
    /// Check a pack file; a malformed one is refused with its line.
    Check { file: std::path::PathBuf },
    /// Team quota of a village.
    Quota {
        #[command(flatten)]
        at: At,
        /// rural or urban (with --unit, taken from the village when not given).
        #[arg(long, value_parser = ["rural", "urban"])]
        kind: Option<String>,
        #[arg(long)]
        households: Option<u32>,
        #[arg(long)]
        population: Option<u32>,
        /// border, mountainous, ethnic-minority, especially-difficult, key-area
        #[arg(long, value_delimiter = ',')]
        flags: Vec<String>,
    },
    /// Eligibility of a person (Law 30/2023 Điều 13).
    Eligibility {
        #[command(flatten)]
        at: At,
        #[arg(long)]
        birth_date: String,
        #[arg(long, value_parser = ["none", "primary", "lower-secondary", "upper-secondary"])]
        education: String,
        #[arg(long)]
        residence_since: Option<String>,
        #[arg(long)]
        health_certificate: Option<String>,
        #[arg(long, default_value = "clear", value_parser = ["clear", "prosecuted", "serving-sentence", "admin-measure", "unexpunged-record"])]
        legal_status: String,
        #[arg(long, value_delimiter = ',')]
        flags: Vec<String>,
    },
    /// Support, insurance and allowances for a role.
    Amounts {
        #[command(flatten)]
        at: At,
        #[arg(long, value_parser = ["leader", "deputy", "member"])]
        role: String,
        #[arg(long, default_value = "none", value_parser = ["poor", "near-poor", "none"])]
        household: String,
        #[arg(long)]
        ethnic_minority: bool,
        #[arg(long, value_delimiter = ',')]
        flags: Vec<String>,
    },
    /// Equipment norms for a team of N members.
    Equipment {
        #[command(flatten)]
        at: At,
        #[arg(long)]
        members: u32,
    },
}

#[derive(Args)]
pub struct At {
    /// A provincial pack (or `national`; a demo pack brings the pack it fills), from the packs
    /// shipped with the product.
    #[arg(long, required_unless_present = "unit", conflicts_with = "unit")]
    pack: Option<String>,
    /// A unit code: the packs are chosen from the database (with uploaded versions) by the
    /// province the unit belonged to on the date, and a village's facts fill in what is not given.
    #[arg(long)]
    unit: Option<String>,
    /// The date, yyyy-mm-dd.
    #[arg(long)]
    date: String,
}

fn out(v: &Value) {
    println!("{}", serde_json::to_string_pretty(v).unwrap_or_default());
}

fn bad(message: String) -> ExitCode {
    out(&json!({ "error": "bad_arguments", "message": message }));
    ExitCode::from(2)
}

fn gap(g: &PolicyGap) -> ExitCode {
    out(&json!({ "error": "policy_gap", "message": g.message_vi(), "missing": g.missing }));
    ExitCode::from(3)
}

fn date(field: &'static str, raw: &str) -> Result<NaiveDate, ExitCode> {
    antt_domain::date::parse(field, raw).map_err(|e| bad(e.message_vi()))
}

fn village_flags(raw: &[String]) -> Result<(VillageFlags, bool), ExitCode> {
    antt_domain::unit::parse_flag_names(raw.iter().map(String::as_str))
        .map_err(|e| bad(e.message_vi()))
}

struct Resolved<'a> {
    policy: Policy<'a>,
}

/// What the database says about a unit, for `--unit`.
pub struct FromDb {
    resolved: antt_store::policies::ResolvedPolicy,
    facts: Option<(bool, Option<u32>, Option<u32>, VillageFlags)>,
}

fn resolve<'a>(
    packs: &'a [Pack],
    at: &At,
    db: Option<&'a FromDb>,
) -> Result<Resolved<'a>, ExitCode> {
    let on = date("date", &at.date)?;
    if let Some(db) = db {
        return Ok(Resolved {
            policy: db.resolved.policy(),
        });
    }
    let id = at.pack.clone().unwrap_or_default();
    let Some(national) = packs.iter().find(|p| p.kind == PackKind::National) else {
        return Err(bad("Không có gói quy định trung ương.".into()));
    };
    let Some(named) = packs.iter().find(|p| p.id == id) else {
        return Err(bad(format!(
            "Không có gói quy định «{id}». Xem: antt policy list"
        )));
    };
    let (province, demo) = match named.kind {
        PackKind::National => (None, None),
        PackKind::Province => (Some(named), None),
        PackKind::Demo => {
            let filled = named
                .fills
                .as_deref()
                .and_then(|f| packs.iter().find(|p| p.id == f));
            (filled, filled.and_then(|p| demo_for(packs, p)))
        }
    };
    if let Some(p) = province
        && !p.in_force(on)
    {
        return Err(bad(format!(
            "Gói «{}» chưa có hoặc đã hết hiệu lực vào ngày {}.",
            p.id,
            antt_domain::date::format_vi(on)
        )));
    }
    Ok(Resolved {
        policy: Policy {
            national,
            province,
            demo,
            date: on,
        },
    })
}

/// Loads, for `--unit`, the packs in use and the unit's province history from the database.
fn from_db(config: Option<&std::path::Path>, at: &At) -> Result<Option<FromDb>, ExitCode> {
    let Some(code) = at.unit.clone() else {
        return Ok(None);
    };
    let on = date("date", &at.date)?;
    let config =
        crate::config::Config::load(config, None).map_err(|e| bad(format!("Lỗi cấu hình: {e}")))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| bad(e.to_string()))?;
    runtime.block_on(async {
        let store = antt_store::Store::open(&config.database_url, antt_store::Clock::System)
            .await
            .map_err(|e| {
                bad(format!(
                    "Không mở được cơ sở dữ liệu {}: {e}",
                    config.database_url
                ))
            })?;
        let system = antt_store::Actor::operator();
        let unit = store
            .unit_by_code(&system, &code)
            .await
            .map_err(|_| bad(format!("Không có đơn vị mã «{code}».")))?;
        let resolved = store
            .clone()
            .with_demo_packs(config.demo)
            .policy(&system, unit, on)
            .await
            .map_err(|e| bad(e.to_string()))?;
        let detail = store
            .unit_detail(&system, unit, on)
            .await
            .map_err(|e| bad(e.to_string()))?;
        let facts = detail.facts_as_of.as_ref().map(|f| {
            let urban = detail
                .current
                .as_ref()
                .is_some_and(|v| v.kind.is_urban_village());
            (urban, f.households, f.population, f.flags)
        });
        Ok(Some(FromDb { resolved, facts }))
    })
}

/// Runs one policy command. `config` is the `--config` file, read only for `--unit`.
pub fn run(cmd: PolicyCommand, config: Option<&std::path::Path>) -> ExitCode {
    let packs = match antt_store::policies::builtin_packs() {
        Ok(p) => p,
        Err((file, e)) => {
            out(
                &json!({ "error": "invalid_pack", "file": file, "line": e.line, "message": e.message }),
            );
            return ExitCode::FAILURE;
        }
    };
    let at = match &cmd {
        PolicyCommand::Quota { at, .. }
        | PolicyCommand::Eligibility { at, .. }
        | PolicyCommand::Amounts { at, .. }
        | PolicyCommand::Equipment { at, .. } => Some(at),
        _ => None,
    };
    let db = match at.map(|a| from_db(config, a)).transpose() {
        Ok(db) => db.flatten(),
        Err(code) => return code,
    };
    match run_inner(&packs, cmd, db.as_ref()) {
        Ok(code) | Err(code) => code,
    }
}

fn run_inner(
    packs: &[Pack],
    cmd: PolicyCommand,
    db: Option<&FromDb>,
) -> Result<ExitCode, ExitCode> {
    match cmd {
        PolicyCommand::List => {
            let list: Vec<Value> = packs
                .iter()
                .map(|p| {
                    let counts: serde_json::Map<String, Value> =
                        p.counts().into_iter().map(|(v, n)| (v.as_str().to_string(), json!(n))).collect();
                    json!({ "id": p.id, "title": p.title, "kind": p.kind, "province": p.province,
                            "effective_from": p.effective_from, "effective_to": p.effective_to, "parameters": counts })
                })
                .collect();
            out(&json!(list));
            Ok(ExitCode::SUCCESS)
        }
        PolicyCommand::Show { pack } => match packs.iter().find(|p| p.id == pack) {
            Some(p) => {
                out(&json!(p));
                Ok(ExitCode::SUCCESS)
            }
            None => Err(bad(format!("Không có gói quy định «{pack}»."))),
        },
        PolicyCommand::Check { file } => {
            let text = std::fs::read(&file)
                .map_err(|e| bad(format!("Không đọc được {}: {e}", file.display())))?;
            let Ok(text) = String::from_utf8(text) else {
                out(
                    &json!({ "error": "invalid_pack", "line": 0, "message": "Tệp không phải văn bản UTF-8." }),
                );
                return Err(ExitCode::from(2));
            };
            match parse_pack(&text) {
                Ok(p) => {
                    out(&json!({ "ok": true, "id": p.id, "parameters": p.params.len() }));
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    out(&json!({ "error": "invalid_pack", "line": e.line, "message": e.message }));
                    Err(ExitCode::from(2))
                }
            }
        }
        PolicyCommand::Quota {
            at,
            kind,
            households,
            population,
            flags,
        } => {
            let r = resolve(packs, &at, db)?;
            let (mut flags, _) = village_flags(&flags)?;
            // With --unit, the village's own facts fill in what the command line does not give.
            let known = db.and_then(|d| d.facts);
            if let Some((_, _, _, f)) = known {
                flags = flags.or(f);
            }
            let urban = match kind.as_deref() {
                Some(k) => k == "urban",
                None => known.is_some_and(|k| k.0),
            };
            let v = VillageInput {
                urban,
                households: households.or(known.and_then(|k| k.1)),
                population: population.or(known.and_then(|k| k.2)),
                flags,
            };
            match team_quota(&r.policy, &v) {
                Ok(q) => {
                    out(
                        &json!({ "members": q.value, "explanation": q.explanation, "illustrative": q.illustrative }),
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(QuotaError::PolicyGap(g)) => Err(gap(&g)),
                Err(QuotaError::MissingFact { message, .. } | QuotaError::NoRow { message }) => {
                    Err(bad(message))
                }
            }
        }
        PolicyCommand::Eligibility {
            at,
            birth_date,
            education,
            residence_since,
            health_certificate,
            legal_status,
            flags,
        } => {
            let r = resolve(packs, &at, db)?;
            let (f, island) = village_flags(&flags)?;
            let a = Applicant {
                birth_date: date("birth_date", &birth_date)?,
                education: Education::from_code(&education)
                    .ok_or_else(|| bad("Trình độ học vấn không hợp lệ.".into()))?,
                residence_since: residence_since
                    .as_deref()
                    .map(|s| date("residence_since", s))
                    .transpose()?,
                health_certificate: health_certificate
                    .as_deref()
                    .map(|s| date("health_certificate", s))
                    .transpose()?,
                legal_status: LegalStatus::from_code(&legal_status)
                    .ok_or_else(|| bad("Tình trạng pháp lý không hợp lệ.".into()))?,
                area: AreaFlags::of(f, island),
            };
            match check(&r.policy, &a) {
                Ok(e) => {
                    out(&json!(e));
                    Ok(ExitCode::SUCCESS)
                }
                Err(g) => Err(gap(&g)),
            }
        }
        PolicyCommand::Amounts {
            at,
            role,
            household,
            ethnic_minority,
            flags,
        } => {
            let r = resolve(packs, &at, db)?;
            let (f, island) = village_flags(&flags)?;
            let person = Person {
                role: TeamRole::from_code(&role)
                    .ok_or_else(|| bad("Chức danh không hợp lệ.".into()))?,
                household: Household::from_code(&household)
                    .ok_or_else(|| bad("Diện hộ không hợp lệ.".into()))?,
                ethnic_minority,
                island,
                hardship_area: f.border
                    || f.mountainous
                    || f.especially_difficult
                    || f.ethnic_minority
                    || island,
            };
            let report = amounts(&r.policy, &person);
            let named: serde_json::Map<String, Value> = report
                .amounts
                .iter()
                .map(|a| {
                    (a.name.to_string(), json!({ "dong": a.dong, "label": a.label, "explanation": a.detail.explanation, "illustrative": a.detail.illustrative }))
                })
                .collect();
            // Everything computable is printed; a gap still exits 3 and lists what is missing.
            match &report.gap {
                Some(g) => {
                    out(
                        &json!({ "error": "policy_gap", "message": g.message_vi(), "missing": g.missing, "date": r.policy.date, "role": role, "amounts": named }),
                    );
                    Err(ExitCode::from(3))
                }
                None => {
                    out(&json!({ "date": r.policy.date, "role": role, "amounts": named }));
                    Ok(ExitCode::SUCCESS)
                }
            }
        }
        PolicyCommand::Equipment { at, members } => {
            let r = resolve(packs, &at, db)?;
            if members == 0 {
                return Err(bad("Số thành viên phải lớn hơn 0.".into()));
            }
            let report = norms(&r.policy, members);
            match &report.gap {
                Some(g) => {
                    out(
                        &json!({ "error": "policy_gap", "message": g.message_vi(), "missing": g.missing, "members": members, "items": report.items }),
                    );
                    Err(ExitCode::from(3))
                }
                None => {
                    out(&json!({ "members": members, "items": report.items }));
                    Ok(ExitCode::SUCCESS)
                }
            }
        }
    }
}
