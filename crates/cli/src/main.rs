//! `antt`: the ANTT Cơ sở command. With no arguments it serves the product (`antt serve`).

mod budget;
mod config;
mod insurance;
mod payroll;
mod policy;

use std::path::PathBuf;
use std::process::ExitCode;

use antt_store::AuditKey;
use antt_store::audit_seal::AuditReport;
use antt_store::{Clock, Store};
use clap::{Parser, Subcommand};

use config::Config;

#[derive(Parser)]
#[command(
    name = "antt",
    version,
    about = "Quản lý lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở"
)]
struct Cli {
    /// Configuration file (default: ./antt.toml when present).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// Act as this user, with their roles and scope: what they may not do is refused, and the
    /// audit log names them. Without it a command acts as the operator (`system:cli`, every right).
    #[arg(long = "as", global = true, value_name = "USERNAME")]
    act_as: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web application and the API (the default).
    Serve {
        /// Address to listen on, e.g. 127.0.0.1:8080.
        #[arg(long)]
        listen: Option<String>,
        /// Serve on an address other than loopback even while the demo accounts, whose password
        /// is printed, still exist (a closed test network only).
        #[arg(long)]
        allow_demo: bool,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Load the reference units and the demo data (skips what is already there);
    /// `antt demo remove` closes the demo accounts. `--scale province|national` instead makes
    /// up data of that size (into an empty database), deterministically from `--seed`.
    Demo {
        #[command(subcommand)]
        command: Option<DemoCommand>,
        /// `province` (one province, about 100 communes) or `national` (34 provinces, 3,321
        /// communes, about 100,000 villages).
        #[arg(long)]
        scale: Option<String>,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Audit log tools.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Policy packs: the rules as data (JSON; exit 2 bad arguments, 3 policy gap).
    Policy {
        #[command(subcommand)]
        command: policy::PolicyCommand,
    },
    /// Export files users keep (the member list as XLSX).
    Export {
        #[command(subcommand)]
        command: ExportCommand,
    },
    /// Import a commune's roster (teams, people, memberships) from XLSX or CSV.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// The monthly payroll: run, check, approve, return, pay, arrears, export (JSON; exit 2 bad
    /// arguments or refused, 3 policy gap). Writes need `--as USER`.
    Payroll {
        #[command(subcommand)]
        command: payroll::PayrollCommand,
    },
    /// The quarterly insurance transfer: quarter, advance, settle, confirm, year, export (JSON;
    /// exit 2 bad arguments or refused, 3 policy gap). Writes need `--as USER`.
    Insurance {
        #[command(subcommand)]
        command: insurance::InsuranceCommand,
    },
    /// The year's budget: estimate, settlement (JSON; exit 2 bad arguments or refused, 3
    /// policy gap).
    Budget {
        #[command(subcommand)]
        command: budget::BudgetCommand,
    },
    /// User accounts (for the first administrator of an installation without the demo).
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account. The password is read from ANTT_PASSWORD, or else from standard input.
    Create {
        #[arg(long)]
        username: String,
        #[arg(long)]
        display_name: String,
        /// Role, repeatable: admin, commune_police, commune_chair, commune_finance, district_police,
        /// provincial_police, finance_office, social_insurance, supervisor.
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        /// Unit code of the scope, repeatable (e.g. --scope 23538).
        #[arg(long = "scope")]
        scope: Vec<String>,
        /// Every unit in the country.
        #[arg(long)]
        all_units: bool,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Check a roster file and import it in one transaction (exit 2 and nothing written when a
    /// row is wrong; every bad row is listed with its column).
    Roster {
        /// The .xlsx or .csv file, in the columns of the template.
        file: PathBuf,
        /// Commune code, e.g. 23538: rows without a "Mã xã" go there. A file whose every row
        /// names its commune needs none.
        #[arg(long)]
        commune: Option<String>,
        /// Check only: report what would be imported and every bad row, write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Check a duty log file (a row per shift, in the columns of the duty template) and enter
    /// its shifts in one transaction (exit 2 and nothing written when a row is wrong). Run it
    /// `--as` the commune police who keep the log.
    Duty {
        /// The .xlsx or .csv file.
        file: PathBuf,
        /// Commune code, e.g. 23538.
        #[arg(long)]
        commune: String,
        /// Check only: report what would be entered and every bad row, write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Write the roster template (Excel, columns in Vietnamese, with instructions).
    Template {
        /// Output file.
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum ExportCommand {
    /// The members in post of a commune on a date, as an Excel workbook.
    Members {
        /// Commune code, e.g. 23538.
        #[arg(long)]
        commune: String,
        /// yyyy-mm-dd (default: today in Vietnam).
        #[arg(long)]
        date: Option<String>,
        /// Output file.
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum DemoCommand {
    /// Deactivate every demo account (their password is public), end their sessions and revoke
    /// their tokens. The illustrative villages and records stay, marked MINH HỌA.
    Remove,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check the hash chain, its seals, the checkpoints and the append-only triggers; names the
    /// first broken record. Exit 1 when broken or unprotected.
    Verify,
    /// Write a signed checkpoint of the newest record to the checkpoint file.
    Checkpoint,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Policy commands compute from the shipped packs and need neither configuration nor database.
    if let Some(Command::Policy { command }) = cli.command {
        return policy::run(command, cli.config.as_deref());
    }
    let listen = match &cli.command {
        Some(Command::Serve { listen, .. }) => listen.clone(),
        _ => None,
    };
    let config = match Config::load(cli.config.as_deref(), listen.as_deref()) {
        Ok(mut c) => {
            c.act_as = cli.act_as.clone();
            c
        }
        Err(e) => {
            eprintln!("Lỗi cấu hình: {e}");
            return ExitCode::from(2);
        }
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_new(&config.log).unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("Không khởi động được: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(
        cli.command.unwrap_or(Command::Serve {
            listen: None,
            allow_demo: false,
        }),
        config,
    )) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("Lỗi: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Who a command acts as: the user named by `--as` (refused when unknown or inactive), else the
/// operator of the machine, who holds the database anyway (`system:cli` in the audit log).
async fn acting(store: &Store, config: &Config) -> Result<antt_store::Actor, String> {
    match &config.act_as {
        None => Ok(antt_store::Actor::operator()),
        Some(name) => store.actor_named(name).await.map_err(|e| match e {
            antt_store::StoreError::NotFound => {
                format!("--as {name}: không có người dùng đang hoạt động với tên này")
            }
            e => e.to_string(),
        }),
    }
}

async fn open(config: &Config) -> Result<Store, String> {
    if let Some(path) = &config.sqlite_path
        && let Some(dir) = path.parent()
    {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("không tạo được thư mục {}: {e}", dir.display()))?;
    }
    let (key, created) = AuditKey::load_or_create(&config.audit_key).map_err(|e| e.to_string())?;
    let opened = Store::open_sealed(&config.database_url, Clock::System, key, created).await;
    if created {
        match &opened {
            Ok(_) => eprintln!(
                "Đã tạo khóa niêm phong nhật ký tại {} — hãy sao lưu riêng tệp này.",
                config.audit_key.display()
            ),
            // The database was sealed with another key: do not leave a wrong key behind.
            Err(_) => {
                let _ = std::fs::remove_file(&config.audit_key);
            }
        }
    }
    opened.map_err(|e| format!("không mở được cơ sở dữ liệu {}: {e}", config.database_url))
}

/// Opens the database as it is, for verification: nothing repaired, nothing sealed.
async fn open_to_inspect(config: &Config) -> Result<Store, String> {
    let key = match std::fs::read_to_string(&config.audit_key) {
        Ok(text) => Some(AuditKey::from_hex(text.trim()).map_err(|e| e.to_string())?),
        Err(_) => None,
    };
    Store::open_to_inspect(&config.database_url, Clock::System, key)
        .await
        .map_err(|e| format!("không mở được cơ sở dữ liệu {}: {e}", config.database_url))
}

async fn run(command: Command, config: Config) -> Result<ExitCode, String> {
    match command {
        Command::Serve { allow_demo, .. } => serve(config, allow_demo).await,
        Command::Policy { command } => Ok(policy::run(command, None)),
        Command::Export {
            command: ExportCommand::Members { commune, date, out },
        } => export_members(&config, &commune, date.as_deref(), &out).await,
        Command::Import {
            command:
                ImportCommand::Roster {
                    file,
                    commune,
                    dry_run,
                },
        } => import_roster(&config, &file, commune.as_deref(), dry_run).await,
        Command::Import {
            command:
                ImportCommand::Duty {
                    file,
                    commune,
                    dry_run,
                },
        } => import_duty(&config, &file, &commune, dry_run).await,
        Command::Import {
            command: ImportCommand::Template { out },
        } => {
            let bytes = antt_documents::table::roster_template(&Default::default())
                .map_err(|e| e.to_string())?;
            std::fs::write(&out, bytes)
                .map_err(|e| format!("không ghi được {}: {e}", out.display()))?;
            println!("Đã ghi mẫu nhập vào {}.", out.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Payroll { command } => {
            let store = open(&config).await?;
            payroll::run(store, &config, command).await
        }
        Command::Budget { command } => {
            let store = open(&config).await?;
            budget::run(store, &config, command).await
        }
        Command::Insurance { command } => {
            let store = open(&config).await?;
            insurance::run(store, &config, command).await
        }
        Command::Migrate => {
            open(&config).await?;
            println!(
                "Đã cập nhật cấu trúc cơ sở dữ liệu ({}).",
                config.database_url
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo {
            command: Some(DemoCommand::Remove),
            ..
        } => {
            let store = open(&config).await?;
            let actor = acting(&store, &config).await?;
            let closed = match store.remove_demo_accounts(&actor).await {
                Ok(c) => c,
                Err(antt_store::StoreError::Forbidden) => {
                    eprintln!(
                        "{}: chỉ quản trị viên toàn quốc được khóa tài khoản minh họa.",
                        actor.username()
                    );
                    return Ok(ExitCode::from(2));
                }
                Err(e) => return Err(e.to_string()),
            };
            if closed.is_empty() {
                println!("Không còn tài khoản minh họa nào đang mở.");
            } else {
                println!(
                    "Đã khóa {} tài khoản minh họa: {}.",
                    closed.len(),
                    closed.join(", ")
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo {
            command: None,
            scale: Some(scale),
            seed,
        } => generate_demo(&config, &scale, seed).await,
        Command::Demo {
            command: None,
            scale: None,
            ..
        } => {
            let store = open(&config).await?;
            let report = store.load_demo().await.map_err(|e| e.to_string())?;
            println!(
                "Đã nạp {} đơn vị, {} sự kiện sắp xếp, {} bản số liệu thôn, {} người dùng.",
                report.units,
                report.successions,
                report.facts,
                report.users.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::User {
            command:
                UserCommand::Create {
                    username,
                    display_name,
                    roles,
                    scope,
                    all_units,
                },
        } => create_user(&config, username, display_name, roles, scope, all_units).await,
        Command::Audit {
            command: AuditCommand::Verify,
        } => audit_verify(&config).await,
        Command::Audit {
            command: AuditCommand::Checkpoint,
        } => {
            let store = open(&config).await?;
            let cp = store
                .audit_checkpoint(&config.audit_checkpoints)
                .await
                .map_err(|e| e.to_string())?;
            println!("{}", serde_json::to_string(&cp).unwrap_or_default());
            match cp {
                Some(c) => eprintln!(
                    "Đã ghi mốc kiểm tra: bản ghi số {} vào {}.",
                    c.seq,
                    config.audit_checkpoints.display()
                ),
                None => eprintln!("Nhật ký còn trống: chưa có gì để ghi mốc."),
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn audit_verify(config: &Config) -> Result<ExitCode, String> {
    let store = open_to_inspect(config).await?;
    let report = store
        .verify_audit(Some(&config.audit_checkpoints))
        .await
        .map_err(|e| e.to_string())?;
    println!("{}", serde_json::to_string(&report).unwrap_or_default());
    match report {
        AuditReport::Intact {
            rows,
            sealed,
            checkpoints,
        } => {
            let seal = if sealed {
                "đã kiểm tra niêm phong"
            } else {
                "KHÔNG kiểm tra được niêm phong (thiếu tệp khóa)"
            };
            eprintln!("Nhật ký nguyên vẹn: {rows} bản ghi, {seal}, {checkpoints} mốc kiểm tra.");
            Ok(ExitCode::SUCCESS)
        }
        AuditReport::Broken { seq, reason, .. } => {
            eprintln!("Nhật ký bị phá vỡ tại bản ghi số {seq}: {reason}.");
            Ok(ExitCode::FAILURE)
        }
        AuditReport::Unprotected {
            missing_triggers, ..
        } => {
            eprintln!(
                "Nhật ký còn nguyên nhưng cơ sở dữ liệu không còn chặn sửa, xóa: thiếu trigger {}. \
                 Chạy `antt migrate` để đặt lại.",
                missing_triggers.join(", ")
            );
            Ok(ExitCode::FAILURE)
        }
    }
}

async fn create_user(
    config: &Config,
    username: String,
    display_name: String,
    roles: Vec<String>,
    scope: Vec<String>,
    all_units: bool,
) -> Result<ExitCode, String> {
    let store = open(config).await?;
    if store.is_empty().await.map_err(|e| e.to_string())? {
        store.load_reference().await.map_err(|e| e.to_string())?;
    }
    let password = match std::env::var("ANTT_PASSWORD") {
        Ok(p) => p,
        Err(_) => {
            let mut line = String::new();
            std::io::stdin()
                .read_line(&mut line)
                .map_err(|e| e.to_string())?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    let actor = acting(&store, config).await?;
    let roles = match roles
        .iter()
        .map(|r| antt_domain::access::Role::parse(r))
        .collect::<Result<Vec<_>, _>>()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{}", e.message_vi());
            return Ok(ExitCode::from(2));
        }
    };
    let mut units = Vec::new();
    for code in &scope {
        match store.unit_by_code(&actor, code).await {
            Ok(u) => units.push(u),
            Err(_) => {
                eprintln!("Phạm vi: không có đơn vị mã {code}.");
                return Ok(ExitCode::from(2));
            }
        }
    }
    let new = antt_store::users::NewUser {
        username,
        display_name,
        password,
        roles,
        all_units,
        scope: units,
    };
    match store.create_user(&actor, &new).await {
        Ok(id) => {
            println!("Đã tạo người dùng {} ({id}).", new.username);
            Ok(ExitCode::SUCCESS)
        }
        Err(antt_store::StoreError::Invalid(e)) => {
            eprintln!("{}", e.message_vi());
            Ok(ExitCode::from(2))
        }
        Err(e) => Err(e.to_string()),
    }
}

async fn export_members(
    config: &Config,
    commune: &str,
    date: Option<&str>,
    out: &std::path::Path,
) -> Result<ExitCode, String> {
    let store = open(config).await?;
    let on = match date {
        Some(d) => match antt_domain::date::parse("date", d) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{}", e.message_vi());
                return Ok(ExitCode::from(2));
            }
        },
        None => store.clock().today_vn(),
    };
    let actor = acting(&store, config).await?;
    let Ok(id) = store.unit_by_code(&actor, commune).await else {
        eprintln!("Không có xã mã {commune}.");
        return Ok(ExitCode::from(2));
    };
    let list = store
        .member_list(&actor, id, on)
        .await
        .map_err(|e| e.to_string())?;
    let count = list.rows.len();
    let roster = antt_documents::roster::for_unit(
        list.level == antt_domain::unit::Level::Commune,
        &list.commune_name,
        list.province.as_deref(),
        list.police_chief.as_deref(),
        on,
        store.clock().today_vn(),
        list.rows,
        list.illustrative,
    );
    let bytes = if out.extension().is_some_and(|e| e == "pdf") {
        antt_documents::pdf::render(&antt_documents::roster::roster_document(&roster))
    } else {
        antt_documents::xlsx::member_list(&roster)
    }
    .map_err(|e| e.to_string())?;
    std::fs::write(out, bytes).map_err(|e| format!("không ghi được {}: {e}", out.display()))?;
    println!("Đã xuất {count} thành viên vào {}.", out.display());
    Ok(ExitCode::SUCCESS)
}

/// `antt demo --scale …`: made-up data of that size, with progress and what was made.
async fn generate_demo(config: &Config, scale: &str, seed: u64) -> Result<ExitCode, String> {
    let Some(scale) = antt_store::national::Scale::parse(scale) else {
        eprintln!("--scale nhận province hoặc national.");
        return Ok(ExitCode::from(2));
    };
    let store = open(config).await?;
    let actor = acting(&store, config).await?;
    let progress = |line: &str| eprintln!("{line}");
    let report = match store.generate_demo(&actor, scale, seed, &progress).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{}", e.message_vi());
            if e.code() == "database_not_empty" {
                eprintln!(
                    "Dữ liệu quy mô lớn chỉ sinh vào một cơ sở dữ liệu trống (database_url khác)."
                );
            }
            return Ok(ExitCode::from(2));
        }
    };
    println!(
        "Đã sinh dữ liệu minh họa trong {:.0} giây: {} tỉnh, {} huyện (đến 30/6/2025), {} xã trước và {} xã từ 1/7/2025 ({} sự kiện sắp xếp), {} thôn, {} Tổ, {} người. Đăng nhập: admin / mật khẩu minh họa.",
        report.seconds,
        report.provinces,
        report.districts,
        report.communes_before,
        report.communes,
        report.successions,
        report.villages,
        report.teams,
        report.people
    );
    Ok(ExitCode::SUCCESS)
}

async fn import_roster(
    config: &Config,
    file: &std::path::Path,
    commune: Option<&str>,
    dry_run: bool,
) -> Result<ExitCode, String> {
    // Bounded before it is read: the same limit as an upload.
    let Some((name, bytes)) = read_bounded(file)? else {
        return Ok(ExitCode::from(2));
    };
    let store = open(config).await?;
    let actor = acting(&store, config).await?;
    let id = match commune {
        None => None,
        Some(code) => match store.unit_by_code(&actor, code).await {
            Ok(id) => Some(id),
            Err(_) => {
                eprintln!("Không có xã mã {code}.");
                return Ok(ExitCode::from(2));
            }
        },
    };
    let read = antt_documents::table::read_roster_file(&name, &bytes);
    let report = match store.run_import(&actor, id, &read, dry_run).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{}", e.message_vi());
            return Ok(ExitCode::from(2));
        }
    };
    for e in &report.errors {
        eprintln!("{}", e.message);
    }
    let verb = if report.committed {
        "Đã nhập"
    } else if report.errors.is_empty() {
        "Kiểm tra xong, sẽ nhập"
    } else {
        "Chưa nhập gì; nếu sửa hết lỗi sẽ nhập"
    };
    println!(
        "{verb}: {} dòng; Tổ mới {}; người mới {}, cập nhật {}, giữ nguyên {}; thành viên mới {}, đã có {}; lỗi {}.",
        report.rows,
        report.teams_created,
        report.people_created,
        report.people_updated,
        report.people_unchanged,
        report.memberships_created,
        report.memberships_unchanged,
        report.errors.len()
    );
    Ok(if report.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// Reads a file given on the command line, bounded before it is read (the upload's limit).
fn read_bounded(file: &std::path::Path) -> Result<Option<(String, Vec<u8>)>, String> {
    let size = std::fs::metadata(file)
        .map_err(|e| format!("không đọc được {}: {e}", file.display()))?
        .len();
    if size > antt_domain::roster::MAX_FILE_BYTES as u64 {
        eprintln!(
            "Tệp quá lớn (tối đa {} MB).",
            antt_domain::roster::MAX_FILE_BYTES / (1024 * 1024)
        );
        return Ok(None);
    }
    let bytes =
        std::fs::read(file).map_err(|e| format!("không đọc được {}: {e}", file.display()))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    Ok(Some((name, bytes)))
}

async fn import_duty(
    config: &Config,
    file: &std::path::Path,
    commune: &str,
    dry_run: bool,
) -> Result<ExitCode, String> {
    let Some((name, bytes)) = read_bounded(file)? else {
        return Ok(ExitCode::from(2));
    };
    let store = open(config).await?;
    let actor = acting(&store, config).await?;
    let Ok(id) = store.unit_by_code(&actor, commune).await else {
        eprintln!("Không có xã mã {commune}.");
        return Ok(ExitCode::from(2));
    };
    let read = antt_documents::table::read_roster_file(&name, &bytes);
    let report = match store.import_duty_log(&actor, id, &read, dry_run).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{}", e.message_vi());
            return Ok(ExitCode::from(2));
        }
    };
    for e in &report.errors {
        eprintln!("{}", e.message);
    }
    let verb = if report.committed {
        "Đã nhập"
    } else if report.errors.is_empty() {
        "Kiểm tra xong, sẽ nhập"
    } else {
        "Chưa nhập gì; nếu sửa hết lỗi sẽ nhập"
    };
    println!(
        "{verb}: {} dòng; ca mới {} ({} lượt người); ca đã có {}; lỗi {}.",
        report.rows,
        report.shifts_created,
        report.presences,
        report.shifts_unchanged,
        report.errors.len()
    );
    Ok(if report.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// Why the server will not start on a network while demo accounts exist, and what to do.
fn demo_on_network(listen: std::net::SocketAddr) -> String {
    format!(
        "Không mở ra mạng tại {listen}: cơ sở dữ liệu còn tài khoản minh họa với mật khẩu công khai.\n\
         1. Tạo quản trị viên đầu tiên: ANTT_PASSWORD='…' antt user create --username TÊN \
         --display-name \"HỌ TÊN\" --role admin --all-units\n\
         2. Khóa các tài khoản minh họa: antt demo remove\n\
         3. Đặt demo = false trong antt.toml (hoặc ANTT_DEMO=false) để không nạp lại dữ liệu minh họa.\n\
         Chỉ để thử trong mạng kín: antt serve --listen {listen} --allow-demo"
    )
}

async fn serve(config: Config, allow_demo: bool) -> Result<ExitCode, String> {
    let store = open(&config).await?;
    if !config.demo && store.is_empty().await.map_err(|e| e.to_string())? {
        let report = store.load_reference().await.map_err(|e| e.to_string())?;
        println!(
            "Đã nạp {} đơn vị hành chính tham chiếu. Tạo quản trị viên đầu tiên bằng: antt user create --role admin --all-units …",
            report.units
        );
    }
    if config.demo && store.is_empty().await.map_err(|e| e.to_string())? {
        let report = store.load_demo().await.map_err(|e| e.to_string())?;
        println!(
            "Đã nạp dữ liệu minh họa: {} đơn vị, {} người dùng.",
            report.units,
            report.users.len()
        );
    }
    if config.demo
        && let Some((users, password)) = store.demo_logins().await.map_err(|e| e.to_string())?
    {
        println!("Tài khoản minh họa (mật khẩu chung: {password}):");
        for u in &users {
            println!("  - {u}");
        }
    }
    let demo_accounts = store.demo_logins().await.map_err(|e| e.to_string())?;
    if demo_accounts.is_some() && !config.listen.ip().is_loopback() && !allow_demo {
        eprintln!("{}", demo_on_network(config.listen));
        return Ok(ExitCode::from(2));
    }
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| format!("không mở được cổng {}: {e}", config.listen))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    println!(
        "ANTT Cơ sở đang chạy tại http://{addr}/  (cơ sở dữ liệu: {})",
        config.database_url
    );
    let mut state = antt_web::AppState::new(store.clone(), config.secure_cookies, config.demo);
    state.trust_forwarded_for = config.trust_forwarded_for;
    let app = antt_web::router(state);
    let checkpoints = tokio::spawn(checkpoint_every(
        store.clone(),
        config.audit_checkpoints.clone(),
    ));
    let served = axum_serve(listener, app).await;
    checkpoints.abort();
    // One more checkpoint on the way out, so the newest rows are anchored too.
    if let Err(e) = store.audit_checkpoint(&config.audit_checkpoints).await {
        eprintln!("không ghi được mốc kiểm tra nhật ký: {e}");
    }
    served?;
    Ok(ExitCode::SUCCESS)
}

/// How often the server anchors the audit chain in the checkpoint file (when it moved).
const CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_secs(600);

async fn checkpoint_every(store: Store, path: PathBuf) {
    let mut tick = tokio::time::interval(CHECKPOINT_EVERY);
    loop {
        tick.tick().await;
        if let Err(e) = store.audit_checkpoint(&path).await {
            tracing::error!(error = %e, "audit checkpoint not written");
        }
    }
}

async fn axum_serve(listener: tokio::net::TcpListener, app: axum::Router) -> Result<(), String> {
    // The peer's address reaches the handlers (login throttling and security events).
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(stopped())
        .await
        .map_err(|e| e.to_string())
}

/// Ctrl-C, or SIGTERM (how a service manager stops the server): either ends it gracefully, so
/// the last audit checkpoint is written.
async fn stopped() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
