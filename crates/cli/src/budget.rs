//! `antt budget …`: a commune's estimate or settlement of a year, or a province's (a district's
//! of 2024–2025) commune by commune, as JSON on stdout. Exit 0; 2 for a bad argument or a
//! refusal; 3 when the packs leave a figure missing (a policy gap).

use std::process::ExitCode;

use antt_store::Store;
use clap::Subcommand;

use crate::config::Config;
use crate::payroll::{bar, print, refused};

#[derive(Subcommand)]
pub enum BudgetCommand {
    /// The estimate of a year: lines with their formulas (a province or a district: each
    /// commune's total, a progress bar on a terminal).
    Estimate {
        /// A commune, a province or a district.
        #[arg(long)]
        unit: String,
        #[arg(long)]
        year: i32,
    },
    /// The settlement of a year: each line's estimate and what was paid or transferred.
    Settlement {
        #[arg(long)]
        unit: String,
        #[arg(long)]
        year: i32,
    },
}

pub async fn run(
    store: Store,
    config: &Config,
    command: BudgetCommand,
) -> Result<ExitCode, String> {
    let store = store.with_demo_packs(config.demo);
    let actor = crate::acting(&store, config).await?;
    let (code, year, settle) = match command {
        BudgetCommand::Estimate { unit, year } => (unit, year, false),
        BudgetCommand::Settlement { unit, year } => (unit, year, true),
    };
    if !(2000..=2100).contains(&year) {
        eprintln!("--year {year}: năm không hợp lệ.");
        return Ok(ExitCode::from(2));
    }
    let unit = match store.unit_by_code(&actor, &code).await {
        Ok(u) => u,
        Err(e) => return refused(e),
    };
    let level = match store
        .unit_detail(&actor, unit, store.clock().today_vn())
        .await
    {
        Ok(d) => Some(d.level),
        Err(antt_store::StoreError::NotFound) => None,
        Err(e) => return refused(e),
    };
    if level.is_none_or(|l| l == antt_domain::unit::Level::Commune) {
        match store.budget(&actor, unit, year, settle).await {
            Ok(v) => {
                print(&v)?;
                if let Some(g) = &v.estimate.gap {
                    eprintln!("{}", g.message_vi());
                    return Ok(ExitCode::from(3));
                }
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => refused(e),
        }
    } else {
        match store.budget_rollup(&actor, unit, year, settle, bar).await {
            Ok(r) => {
                print(&r)?;
                let gaps = r.communes.iter().filter(|c| c.gap).count();
                if gaps > 0 {
                    eprintln!("{gaps} xã còn thiếu số liệu quy định để tính.");
                    return Ok(ExitCode::from(3));
                }
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => refused(e),
        }
    }
}
