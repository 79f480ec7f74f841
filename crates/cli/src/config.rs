//! Configuration: defaults → `antt.toml` → `ANTT_*` environment variables → command-line flags,
//! checked once at start. Unknown keys are refused, not ignored.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use antt_store::DbUrl;
use serde::Deserialize;

/// The default embedded database, relative to the working directory.
pub const DEFAULT_DB_PATH: &str = "antt-data/antt.db";

/// The file as written by a user; every key optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub database_url: Option<String>,
    pub listen: Option<String>,
    pub secure_cookies: Option<bool>,
    pub demo: Option<bool>,
    pub log: Option<String>,
    pub audit_key: Option<PathBuf>,
    pub audit_checkpoints: Option<PathBuf>,
    pub trust_forwarded_for: Option<bool>,
}

/// The checked configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: DbUrl,
    /// The SQLite file to create the folder of, when the default embedded database is used.
    pub sqlite_path: Option<PathBuf>,
    pub listen: SocketAddr,
    pub secure_cookies: bool,
    pub demo: bool,
    pub log: String,
    /// The secret that seals the audit chain (created on the first start); keep it out of the
    /// database's backups' reach, and back it up on its own.
    pub audit_key: PathBuf,
    /// Signed checkpoints of the audit chain, written outside the database.
    pub audit_checkpoints: PathBuf,
    /// Read the client's address from `X-Forwarded-For` (behind a reverse proxy only).
    pub trust_forwarded_for: bool,
    /// `--as USERNAME`: the user a command acts as (not a configuration key).
    pub act_as: Option<String>,
}

/// Default places of the audit key and checkpoints, beside the embedded database.
pub const DEFAULT_AUDIT_KEY: &str = "antt-data/audit.key";
pub const DEFAULT_AUDIT_CHECKPOINTS: &str = "antt-data/audit-checkpoints.log";

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn parse_bool(key: &str, raw: &str) -> Result<bool, String> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(format!("{key}: cần true hoặc false, nhận được «{raw}»")),
    }
}

impl Config {
    /// Loads the layers. `file` is the path given with `--config`; without it `antt.toml` in the
    /// working directory is read when present.
    pub fn load(file: Option<&Path>, listen_flag: Option<&str>) -> Result<Config, String> {
        let path = file
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("antt.toml"));
        let from_file: FileConfig = match std::fs::read_to_string(&path) {
            Ok(text) => toml::from_str(&text).map_err(|e| format!("{}: {}", path.display(), e))?,
            Err(_) if file.is_none() => FileConfig::default(),
            Err(e) => return Err(format!("không đọc được {}: {e}", path.display())),
        };
        let db_raw = env("ANTT_DATABASE_URL").or(from_file.database_url);
        let (database_url, sqlite_path) = match db_raw {
            Some(u) => (DbUrl::parse(&u).map_err(|e| e.to_string())?, None),
            None => {
                let p = PathBuf::from(DEFAULT_DB_PATH);
                (DbUrl::sqlite_file(&p), Some(p))
            }
        };
        let listen_raw = listen_flag
            .map(str::to_string)
            .or_else(|| env("ANTT_LISTEN"))
            .or(from_file.listen)
            .unwrap_or_else(|| "127.0.0.1:8080".to_string());
        let listen = listen_raw
            .parse()
            .map_err(|_| format!("listen: địa chỉ không hợp lệ «{listen_raw}»"))?;
        let secure_cookies = match env("ANTT_SECURE_COOKIES") {
            Some(v) => parse_bool("ANTT_SECURE_COOKIES", &v)?,
            None => from_file.secure_cookies.unwrap_or(false),
        };
        let demo = match env("ANTT_DEMO") {
            Some(v) => parse_bool("ANTT_DEMO", &v)?,
            None => from_file.demo.unwrap_or(true),
        };
        let log = env("ANTT_LOG")
            .or(from_file.log)
            .unwrap_or_else(|| "info".to_string());
        let audit_key = env("ANTT_AUDIT_KEY")
            .map(PathBuf::from)
            .or(from_file.audit_key)
            .unwrap_or_else(|| PathBuf::from(DEFAULT_AUDIT_KEY));
        let audit_checkpoints = env("ANTT_AUDIT_CHECKPOINTS")
            .map(PathBuf::from)
            .or(from_file.audit_checkpoints)
            .unwrap_or_else(|| PathBuf::from(DEFAULT_AUDIT_CHECKPOINTS));
        let trust_forwarded_for = match env("ANTT_TRUST_FORWARDED_FOR") {
            Some(v) => parse_bool("ANTT_TRUST_FORWARDED_FOR", &v)?,
            None => from_file.trust_forwarded_for.unwrap_or(false),
        };
        Ok(Config {
            database_url,
            sqlite_path,
            listen,
            secure_cookies,
            demo,
            log,
            audit_key,
            audit_checkpoints,
            trust_forwarded_for,
            act_as: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_in_the_file_are_refused() {
        let err = toml::from_str::<FileConfig>("databse_url = \"x\"").unwrap_err();
        assert!(err.to_string().contains("databse_url"));
    }

    #[test]
    fn a_file_sets_what_the_environment_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("antt.toml");
        std::fs::write(&p, "listen = \"127.0.0.1:9999\"\ndemo = false\n").unwrap();
        let c = Config::load(Some(&p), None).unwrap();
        assert_eq!(c.listen.port(), 9999);
        assert!(!c.demo);
        let c = Config::load(Some(&p), Some("127.0.0.1:7000")).unwrap();
        assert_eq!(c.listen.port(), 7000, "a flag wins over the file");
    }
}
