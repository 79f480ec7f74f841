//! `antt payroll …`: the monthly payroll from the command line, as JSON on stdout. Exit 0; 2 for
//! a bad argument or a refusal (the message on stderr, in Vietnamese, with its code); 3 when the
//! packs leave a figure missing (a policy gap).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use antt_domain::payroll::Month;
use antt_store::{Store, StoreError};
use clap::Subcommand;

use crate::config::Config;

#[derive(Subcommand)]
pub enum PayrollCommand {
    /// The payroll of a commune's month: the approved one as approved, else computed afresh from
    /// today's rules and data (with the arrears of months approved). With `--unit` a province or
    /// a district, every commune's total (a progress bar on a terminal).
    Run {
        #[arg(long, required_unless_present = "unit")]
        commune: Option<String>,
        #[arg(long, conflicts_with = "commune")]
        unit: Option<String>,
        /// YYYY-MM.
        #[arg(long)]
        month: String,
    },
    /// The accountant checks the draft (`--as` an accountant).
    Check {
        #[arg(long)]
        commune: String,
        #[arg(long)]
        month: String,
    },
    /// The chairman approves a checked payroll (`--as` the chairman); it is locked for good.
    Approve {
        #[arg(long)]
        commune: String,
        #[arg(long)]
        month: String,
    },
    /// The accountant sends a checked payroll back to draft, with the reason.
    Return {
        #[arg(long)]
        commune: String,
        #[arg(long)]
        month: String,
        #[arg(long)]
        reason: String,
    },
    /// Records that an approved payroll was paid.
    Pay {
        #[arg(long)]
        commune: String,
        #[arg(long)]
        month: String,
        /// dd/mm/yyyy or yyyy-mm-dd.
        #[arg(long)]
        paid_on: String,
        /// Phiếu chi, ủy nhiệm chi.
        #[arg(long)]
        voucher: String,
    },
    /// Every arrear of a commune from one month to another (at most 12).
    Arrears {
        #[arg(long)]
        commune: String,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
    },
    /// The payroll sheet as a file: `xlsx`, `pdf` or `docx`; for an approved month also
    /// `treasury` (Mẫu số 09, PDF) or `bank` (CSV in the columns entered for `--bank`).
    Export {
        #[arg(long)]
        commune: String,
        #[arg(long)]
        month: String,
        #[arg(long, default_value = "xlsx")]
        format: String,
        /// The bank whose layout the file follows (`--format bank`; optional when the commune
        /// entered one bank only).
        #[arg(long)]
        bank: Option<String>,
        #[arg(long)]
        out: PathBuf,
    },
}

/// A refusal or a bad argument: the message on stderr, exit 2 (3 for a policy gap).
pub(crate) fn refused(e: StoreError) -> Result<ExitCode, String> {
    match &e {
        StoreError::PolicyGap(g) => {
            eprintln!("{}", g.message_vi());
            Ok(ExitCode::from(3))
        }
        StoreError::Invalid(_)
        | StoreError::Forbidden
        | StoreError::NotFound
        | StoreError::OutsideJurisdiction => {
            eprintln!("{} ({})", e.message_vi(), e.code());
            Ok(ExitCode::from(2))
        }
        _ => Err(e.to_string()),
    }
}

fn month(field: &'static str, raw: &str) -> Result<Month, ExitCode> {
    Month::parse(field, raw).map_err(|e| {
        eprintln!("{}", e.message_vi());
        ExitCode::from(2)
    })
}

pub(crate) fn print<T: serde::Serialize>(v: &T) -> Result<(), String> {
    println!(
        "{}",
        serde_json::to_string_pretty(v).map_err(|e| e.to_string())?
    );
    Ok(())
}

/// A bar on stderr when it is a terminal: `[#####     ] 49/98 xã`.
pub(crate) fn bar(done: usize, of: usize) {
    if !std::io::stderr().is_terminal() || of == 0 {
        return;
    }
    let width = 30;
    let filled = done * width / of;
    eprint!(
        "\r[{}{}] {done}/{of} xã",
        "#".repeat(filled),
        " ".repeat(width - filled)
    );
    if done == of {
        eprintln!();
    }
}

pub async fn run(
    store: Store,
    config: &Config,
    command: PayrollCommand,
) -> Result<ExitCode, String> {
    let store = store.with_demo_packs(config.demo);
    let actor = crate::acting(&store, config).await?;
    let unit = |code: String| {
        let store = store.clone();
        let actor = actor.clone();
        async move { store.unit_by_code(&actor, &code).await }
    };
    macro_rules! m {
        ($f:literal, $raw:expr) => {
            match month($f, &$raw) {
                Ok(m) => m,
                Err(code) => return Ok(code),
            }
        };
    }
    macro_rules! u {
        ($code:expr) => {
            match unit($code).await {
                Ok(u) => u,
                Err(e) => return refused(e),
            }
        };
    }
    match command {
        PayrollCommand::Run {
            commune: Some(c),
            month: raw,
            ..
        } => {
            let id = u!(c);
            match store.payroll(&actor, id, m!("month", raw)).await {
                Ok(v) => {
                    print(&v)?;
                    if let Some(g) = &v.body.gap {
                        eprintln!("{}", g.message_vi());
                        return Ok(ExitCode::from(3));
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => refused(e),
            }
        }
        PayrollCommand::Run {
            unit: Some(code),
            month: raw,
            ..
        } => {
            let id = u!(code);
            match store
                .payroll_rollup(&actor, id, m!("month", raw), bar)
                .await
            {
                Ok(r) => {
                    print(&r)?;
                    let gaps = r.communes.iter().filter(|c| c.gap.is_some()).count();
                    if gaps > 0 {
                        eprintln!("{gaps} xã còn thiếu số liệu quy định để tính.");
                        return Ok(ExitCode::from(3));
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => refused(e),
            }
        }
        PayrollCommand::Run { .. } => {
            eprintln!("Cần --commune hoặc --unit.");
            Ok(ExitCode::from(2))
        }
        PayrollCommand::Check {
            commune,
            month: raw,
        } => {
            let id = u!(commune);
            match store.check_payroll(&actor, id, m!("month", raw)).await {
                Ok(v) => print(&v).map(|_| ExitCode::SUCCESS),
                Err(e) => refused(e),
            }
        }
        PayrollCommand::Approve {
            commune,
            month: raw,
        } => {
            let id = u!(commune);
            match store.approve_payroll(&actor, id, m!("month", raw)).await {
                Ok(v) => print(&v).map(|_| ExitCode::SUCCESS),
                Err(e) => refused(e),
            }
        }
        PayrollCommand::Return {
            commune,
            month: raw,
            reason,
        } => {
            let id = u!(commune);
            match store
                .return_payroll(&actor, id, m!("month", raw), &reason)
                .await
            {
                Ok(v) => print(&v).map(|_| ExitCode::SUCCESS),
                Err(e) => refused(e),
            }
        }
        PayrollCommand::Pay {
            commune,
            month: raw,
            paid_on,
            voucher,
        } => {
            let id = u!(commune);
            let on = match antt_domain::date::parse("paid_on", &paid_on) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("{}", e.message_vi());
                    return Ok(ExitCode::from(2));
                }
            };
            match store
                .pay_payroll(&actor, id, m!("month", raw), on, &voucher)
                .await
            {
                Ok(v) => print(&v).map(|_| ExitCode::SUCCESS),
                Err(e) => refused(e),
            }
        }
        PayrollCommand::Arrears { commune, from, to } => {
            let id = u!(commune);
            match store
                .payroll_arrears(&actor, id, m!("from", from), m!("to", to))
                .await
            {
                Ok(v) => print(&v).map(|_| ExitCode::SUCCESS),
                Err(e) => refused(e),
            }
        }
        PayrollCommand::Export {
            commune,
            month: raw,
            format,
            bank,
            out,
        } => {
            let id = u!(commune);
            if format == "treasury" || format == "bank" {
                return export_payees(
                    &store,
                    &actor,
                    id,
                    m!("month", raw),
                    &format,
                    bank.as_deref(),
                    &out,
                )
                .await;
            }
            let v = match store.payroll(&actor, id, m!("month", raw)).await {
                Ok(v) => v,
                Err(e) => return refused(e),
            };
            use antt_documents::payroll::{PayrollSheet, payroll_document, payroll_xlsx};
            let sheet = PayrollSheet::for_commune(
                &v.commune_name,
                store.clock().today_vn(),
                &v.body,
                v.state_label,
                !v.state.locked(),
                v.chairman.as_deref(),
            );
            let bytes = match format.as_str() {
                "xlsx" => payroll_xlsx(&sheet),
                "pdf" => antt_documents::pdf::render(&payroll_document(&sheet)),
                "docx" => antt_documents::docx::render(&payroll_document(&sheet)),
                other => {
                    eprintln!("--format {other}: chỉ nhận xlsx, pdf, docx, treasury hoặc bank.");
                    return Ok(ExitCode::from(2));
                }
            }
            .map_err(|e| e.to_string())?;
            std::fs::write(&out, bytes)
                .map_err(|e| format!("không ghi được {}: {e}", out.display()))?;
            eprintln!(
                "Đã xuất bảng thanh toán {} của {} ({}) vào {}.",
                v.body.month.label_vi(),
                v.commune_name,
                v.state_label,
                out.display()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// An approved month as Mẫu số 09 or as a bank's file.
async fn export_payees(
    store: &Store,
    actor: &antt_store::Actor,
    commune: antt_domain::unit::UnitId,
    month: Month,
    format: &str,
    bank: Option<&str>,
    out: &std::path::Path,
) -> Result<ExitCode, String> {
    use antt_documents::treasury::{Payees, bank_csv, treasury_document};
    let v = match store.payroll_payees(actor, commune, month).await {
        Ok(v) => v,
        Err(e) => return refused(e),
    };
    let p = Payees::for_commune(
        &v.payroll.commune_name,
        store.clock().today_vn(),
        &v.payroll.body,
        &v.accounts,
        &v.details,
        v.payroll.chairman.as_deref(),
    );
    let bytes = if format == "treasury" {
        antt_documents::pdf::render(&treasury_document(&p)).map_err(|e| e.to_string())?
    } else {
        let Some(layout) = antt_domain::payroll::bank::BankLayout::pick(&v.layouts, bank) else {
            eprintln!(
                "{}",
                antt_domain::payroll::bank::BankFault::NoLayout.message_vi()
            );
            return Ok(ExitCode::from(2));
        };
        let missing = p.missing_accounts();
        if !missing.is_empty() {
            eprintln!(
                "{} ({})",
                antt_domain::payroll::bank::BankFault::MissingAccounts.message_vi(),
                missing.join(", ")
            );
            return Ok(ExitCode::from(2));
        }
        bank_csv(&p, layout)
    };
    std::fs::write(out, bytes).map_err(|e| format!("không ghi được {}: {e}", out.display()))?;
    eprintln!(
        "Đã xuất {} {} của {} vào {}.",
        if format == "treasury" {
            "Mẫu số 09"
        } else {
            "tệp chi trả ngân hàng"
        },
        month.label_vi(),
        v.payroll.commune_name,
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}
