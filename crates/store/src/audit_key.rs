//! The secret that seals the audit chain, kept in a file outside the database.
//!
//! Anyone who can write to the database can recompute the public SHA-256 chain after editing a
//! row; they cannot compute an HMAC without this key. It is created (32 random bytes, hex, mode
//! 0600) on the first start, at the path the configuration names.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::StoreError;

/// HMAC-SHA256 key for the audit seals and the checkpoints.
#[derive(Clone)]
pub struct AuditKey([u8; 32]);

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditKey(***)")
    }
}

const BLOCK: usize = 64;

impl AuditKey {
    /// Reads the key at `path`, or creates it there (and its folder) when the file is missing.
    /// Returns the key and whether it was just created.
    pub fn load_or_create(path: &Path) -> Result<(AuditKey, bool), StoreError> {
        let err = |what: &str, e: std::io::Error| {
            StoreError::Config(format!(
                "khóa niêm phong nhật ký {}: {what}: {e}",
                path.display()
            ))
        };
        match std::fs::read_to_string(path) {
            Ok(text) => Ok((AuditKey::from_hex(text.trim())?, false)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut bytes = [0u8; 32];
                getrandom::fill(&mut bytes).map_err(|e| {
                    StoreError::Config(format!("không lấy được số ngẫu nhiên: {e}"))
                })?;
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|e| err("tạo thư mục", e))?;
                }
                write_private(path, &hex::encode(bytes)).map_err(|e| err("ghi", e))?;
                Ok((AuditKey(bytes), true))
            }
            Err(e) => Err(err("đọc", e)),
        }
    }

    /// A key from 64 hex digits.
    pub fn from_hex(text: &str) -> Result<AuditKey, StoreError> {
        let bytes = hex::decode(text)
            .ok()
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .ok_or_else(|| {
                StoreError::Config("khóa niêm phong nhật ký phải là 64 chữ số hex".to_string())
            })?;
        Ok(AuditKey(bytes))
    }

    /// A fresh random key (tests).
    pub fn random() -> Result<AuditKey, StoreError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)
            .map_err(|e| StoreError::Config(format!("không lấy được số ngẫu nhiên: {e}")))?;
        Ok(AuditKey(bytes))
    }

    /// HMAC-SHA256 (RFC 2104) of `parts`, each prefixed by its length, in hex.
    pub fn mac(&self, parts: &[&str]) -> String {
        let mut msg = Vec::new();
        for p in parts {
            msg.extend_from_slice(&(p.len() as u64).to_be_bytes());
            msg.extend_from_slice(p.as_bytes());
        }
        hex::encode(self.hmac(&msg))
    }

    fn hmac(&self, msg: &[u8]) -> [u8; 32] {
        let mut k = [0u8; BLOCK];
        k[..32].copy_from_slice(&self.0);
        let mut inner = Sha256::new();
        inner.update(k.map(|b| b ^ 0x36));
        inner.update(msg);
        let mut outer = Sha256::new();
        outer.update(k.map(|b| b ^ 0x5c));
        outer.update(inner.finalize());
        outer.finalize().into()
    }

    /// Compares a MAC in constant time.
    pub fn verify(&self, parts: &[&str], mac: &str) -> bool {
        let want = self.mac(parts);
        want.len() == mac.len()
            && want
                .bytes()
                .zip(mac.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    }
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seal_is_standard_hmac_sha256() {
        // Python: hmac.new(bytes([0x0b] * 32), b"Hi There", hashlib.sha256).hexdigest()
        let key = AuditKey([0x0b; 32]);
        assert_eq!(
            hex::encode(key.hmac(b"Hi There")),
            "198a607eb44bfbc69903a0f1cf2bbdc5ba0aa3f3d9ae3c1c7a3b1696a0b68cf7"
        );
        let a = key.mac(&["1", "abc"]);
        assert!(key.verify(&["1", "abc"], &a));
        assert!(!key.verify(&["1", "abd"], &a));
        assert!(!AuditKey([0x0c; 32]).verify(&["1", "abc"], &a));
    }
}
