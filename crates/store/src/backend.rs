//! What differs between SQLite and PostgreSQL: connection options and pragmas. Nothing else may.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection};

use crate::StoreError;

/// A database URL whose password never reaches a log (`postgres://antt:***@127.0.0.1/antt`).
#[derive(Clone, PartialEq, Eq)]
pub struct DbUrl(String);

impl DbUrl {
    pub fn parse(raw: &str) -> Result<DbUrl, StoreError> {
        let s = raw.trim();
        if s.starts_with("sqlite:")
            || s.starts_with("postgres://")
            || s.starts_with("postgresql://")
        {
            Ok(DbUrl(s.to_string()))
        } else {
            Err(StoreError::Config(format!(
                "Địa chỉ cơ sở dữ liệu phải bắt đầu bằng sqlite: hoặc postgres:// (nhận được: {})",
                redact(s)
            )))
        }
    }

    /// An embedded SQLite file, created if missing.
    pub fn sqlite_file(path: &std::path::Path) -> DbUrl {
        DbUrl(format!("sqlite://{}?mode=rwc", path.display()))
    }

    pub fn is_sqlite(&self) -> bool {
        self.0.starts_with("sqlite:")
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn redacted(&self) -> String {
        redact(&self.0)
    }
}

fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let creds = &url[scheme_end + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}://{user}:***{}", &url[..scheme_end], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

impl fmt::Debug for DbUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl fmt::Display for DbUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

/// Creates an empty PostgreSQL database beside the one `admin` points at and returns its URL.
/// Tests use it to give each test a database of its own.
pub async fn create_postgres_database(admin: &DbUrl, name: &str) -> Result<DbUrl, StoreError> {
    if admin.is_sqlite()
        || !name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        return Err(StoreError::Config(format!(
            "tên cơ sở dữ liệu không hợp lệ: {name}"
        )));
    }
    let conn = Database::connect(admin.expose()).await?;
    sea_orm::ConnectionTrait::execute_unprepared(&conn, &format!("CREATE DATABASE {name}")).await?;
    conn.close().await?;
    let (base, _) = admin
        .expose()
        .rsplit_once('/')
        .ok_or_else(|| StoreError::Config("địa chỉ PostgreSQL thiếu tên cơ sở dữ liệu".into()))?;
    DbUrl::parse(&format!("{base}/{name}"))
}

pub(crate) async fn connect(url: &DbUrl) -> Result<DatabaseConnection, StoreError> {
    let mut opt = ConnectOptions::new(url.expose());
    opt.sqlx_logging(false)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(30));
    if url.is_sqlite() {
        // WAL lets readers run beside the one writer; writers queue on `Store::write_lock`.
        let raw = url.expose().to_string();
        opt.max_connections(8)
            .min_connections(1)
            .map_sqlx_sqlite_opts(move |o| {
                let base = SqliteConnectOptions::from_str(&raw).unwrap_or(o);
                base.journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .busy_timeout(Duration::from_secs(10))
                    .foreign_keys(true)
            });
    } else {
        opt.max_connections(16).min_connections(1);
    }
    Ok(Database::connect(opt).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_appear_in_a_printed_url() {
        let url = DbUrl::parse("postgres://antt:secret@127.0.0.1:5432/antt").unwrap();
        assert_eq!(
            format!("{url:?}"),
            "postgres://antt:***@127.0.0.1:5432/antt"
        );
        assert!(!url.to_string().contains("secret"));
        assert!(DbUrl::parse("mysql://x").is_err());
    }
}
