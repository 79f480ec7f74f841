//! `antt insurance …`: a commune's quarterly insurance transfer from the command line, as JSON
//! on stdout. Exit 0; 2 for a bad argument or a refusal; 3 when the packs leave a figure
//! missing (a policy gap).

use std::path::PathBuf;
use std::process::ExitCode;

use antt_domain::insurance::quarter::Quarter;
use antt_store::Store;
use clap::Subcommand;

use crate::config::Config;
use crate::payroll::{print, refused};

#[derive(Subcommand)]
pub enum InsuranceCommand {
    /// The quarter: the advance for who is in post on its first day, the actual amount, the
    /// difference, per member and in total (as settled once settled).
    Quarter {
        #[arg(long)]
        commune: String,
        /// YYYY-Qn.
        #[arg(long)]
        quarter: String,
    },
    /// Records the advance transferred at the start of the quarter (`--as` the accountant).
    Advance {
        #[arg(long)]
        commune: String,
        #[arg(long)]
        quarter: String,
        /// dd/mm/yyyy or yyyy-mm-dd.
        #[arg(long)]
        on: String,
        #[arg(long)]
        voucher: String,
        /// The social insurance office's collection account.
        #[arg(long)]
        account: Option<String>,
    },
    /// Settles a quarter that is over (`--as` the accountant).
    Settle {
        #[arg(long)]
        commune: String,
        #[arg(long)]
        quarter: String,
        #[arg(long)]
        on: String,
        #[arg(long)]
        voucher: String,
    },
    /// The social insurance office confirms a settled quarter (`--as` the office).
    Confirm {
        #[arg(long)]
        commune: String,
        #[arg(long)]
        quarter: String,
    },
    /// Every commune's quarter under a province or a district, with the sums (INS-13; a
    /// progress bar on a terminal). Exit 3 when a commune's packs leave a figure missing.
    Rollup {
        #[arg(long)]
        unit: String,
        #[arg(long)]
        quarter: String,
    },
    /// The year's four quarters and the balance to settle.
    Year {
        #[arg(long)]
        commune: String,
        #[arg(long)]
        year: i32,
    },
    /// The quarter as a file: `xlsx` (the transfer and the lists D05-TS, D03-TS), `pdf` or
    /// `docx` (the transfer for signing).
    Export {
        #[arg(long)]
        commune: String,
        #[arg(long)]
        quarter: String,
        #[arg(long, default_value = "xlsx")]
        format: String,
        #[arg(long)]
        out: PathBuf,
    },
}

fn bad(e: antt_domain::FieldError) -> ExitCode {
    eprintln!("{} ({})", e.message_vi(), e.code());
    ExitCode::from(2)
}

pub async fn run(
    store: Store,
    config: &Config,
    command: InsuranceCommand,
) -> Result<ExitCode, String> {
    let store = store.with_demo_packs(config.demo);
    let actor = crate::acting(&store, config).await?;
    macro_rules! q {
        ($raw:expr) => {
            match Quarter::parse("quarter", &$raw) {
                Ok(q) => q,
                Err(e) => return Ok(bad(e)),
            }
        };
    }
    macro_rules! d {
        ($raw:expr) => {
            match antt_domain::date::parse("on", &$raw) {
                Ok(d) => d,
                Err(e) => return Ok(bad(e)),
            }
        };
    }
    macro_rules! u {
        ($code:expr) => {
            match store.unit_by_code(&actor, &$code).await {
                Ok(u) => u,
                Err(e) => return refused(e),
            }
        };
    }
    let view =
        |r: Result<antt_store::insurance::InsuranceQuarterView, antt_store::StoreError>| match r {
            Ok(v) => {
                print(&v)?;
                if let Some(g) = &v.body.gap {
                    eprintln!("{}", g.message_vi());
                    return Ok(ExitCode::from(3));
                }
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => refused(e),
        };
    match command {
        InsuranceCommand::Quarter { commune, quarter } => {
            let id = u!(commune);
            view(store.insurance_quarter(&actor, id, q!(quarter)).await)
        }
        InsuranceCommand::Advance {
            commune,
            quarter,
            on,
            voucher,
            account,
        } => {
            let id = u!(commune);
            view(
                store
                    .record_insurance_advance(
                        &actor,
                        id,
                        q!(quarter),
                        d!(on),
                        &voucher,
                        account.as_deref(),
                    )
                    .await,
            )
        }
        InsuranceCommand::Settle {
            commune,
            quarter,
            on,
            voucher,
        } => {
            let id = u!(commune);
            view(
                store
                    .settle_insurance_quarter(&actor, id, q!(quarter), d!(on), &voucher)
                    .await,
            )
        }
        InsuranceCommand::Confirm { commune, quarter } => {
            let id = u!(commune);
            view(
                store
                    .confirm_insurance_quarter(&actor, id, q!(quarter))
                    .await,
            )
        }
        InsuranceCommand::Rollup { unit, quarter } => {
            let id = u!(unit);
            match store
                .insurance_rollup(&actor, id, q!(quarter), crate::payroll::bar)
                .await
            {
                Ok(r) => {
                    print(&r)?;
                    let gaps = r.communes.iter().filter(|c| c.gap.is_some()).count();
                    if gaps > 0 {
                        eprintln!("{gaps} xã thiếu quy định để tính.");
                        return Ok(ExitCode::from(3));
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => refused(e),
            }
        }
        InsuranceCommand::Year { commune, year } => {
            let id = u!(commune);
            match store.insurance_year(&actor, id, year).await {
                Ok(y) => print(&y).map(|_| ExitCode::SUCCESS),
                Err(e) => refused(e),
            }
        }
        InsuranceCommand::Export {
            commune,
            quarter,
            format,
            out,
        } => {
            use antt_documents::insurance::{QuarterSheet, quarter_document, quarter_xlsx};
            use antt_store::insurance::QuarterState;
            let id = u!(commune);
            let v = match store.insurance_quarter(&actor, id, q!(quarter)).await {
                Ok(v) => v,
                Err(e) => return refused(e),
            };
            let sheet = QuarterSheet::for_commune(
                &v.commune_name,
                store.clock().today_vn(),
                &v.body,
                v.state_label,
                matches!(v.state, QuarterState::Settled | QuarterState::Confirmed),
                v.insurance_account.as_deref(),
                v.chairman.as_deref(),
            )
            .with_declarants(&v.declarants);
            let bytes = match format.as_str() {
                "xlsx" => quarter_xlsx(&sheet),
                "pdf" => antt_documents::pdf::render(&quarter_document(&sheet)),
                "docx" => antt_documents::docx::render(&quarter_document(&sheet)),
                other => {
                    eprintln!("--format {other}: chỉ nhận xlsx, pdf hoặc docx.");
                    return Ok(ExitCode::from(2));
                }
            }
            .map_err(|e| e.to_string())?;
            std::fs::write(&out, bytes)
                .map_err(|e| format!("không ghi được {}: {e}", out.display()))?;
            eprintln!(
                "Đã xuất kinh phí bảo hiểm {} của {} vào {}.",
                v.body.quarter.label_vi(),
                v.commune_name,
                out.display()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
