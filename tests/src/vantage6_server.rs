//! What the suites against the real vantage6 server share: where the server is (started by
//! `cargo xtask test`), unique names, TOTP codes, e-mailed tokens, forged tokens.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use hmac::{KeyInit, Mac};

/// The servers `cargo xtask test` started (see `docs/testing.md`).
#[derive(Debug, Clone)]
pub struct V6Env {
    /// The main server's API URL (`http://127.0.0.1:<port>/api`).
    pub url: String,
    /// The API URL of the server with two-factor authentication on.
    pub mfa_url: String,
    /// The SMTP sink's log, where recovery e-mails land.
    pub smtp_log: PathBuf,
    /// The Python of the venv holding the reference `vantage6-client`.
    pub python: PathBuf,
    /// The servers' JWT secret (to forge an expired token).
    pub jwt_secret: String,
}

/// The servers, when `V6_URL` and friends are set. Absent: one line and `None` locally, a
/// failure under CI.
pub fn v6_env() -> Option<V6Env> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    match (
        var("V6_URL"),
        var("V6_MFA_URL"),
        var("V6_SMTP_LOG"),
        var("V6_PYTHON"),
        var("V6_JWT_SECRET"),
    ) {
        (Some(url), Some(mfa_url), Some(smtp), Some(python), Some(jwt_secret)) => Some(V6Env {
            url,
            mfa_url,
            smtp_log: smtp.into(),
            python: python.into(),
            jwt_secret,
        }),
        _ => {
            let line = "the real vantage6 server is not running (V6_URL unset; `cargo xtask test` or \
                        `cargo xtask v6 up` starts it); suite skipped";
            assert!(!crate::in_ci(), "{line} — under CI it must run");
            eprintln!("{line}");
            None
        }
    }
}

/// A name no other test of this run uses (the database lives for the whole run).
pub fn unique(prefix: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("{prefix}-{}-{n}", std::process::id())
}

/// Seconds since the epoch.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// RFC 4648 base-32 (no padding needed), as in `otpauth://` secrets.
fn base32(secret: &str) -> Vec<u8> {
    let mut bits = 0u64;
    let mut count = 0;
    let mut out = Vec::new();
    for c in secret.bytes().filter(|c| *c != b'=') {
        let value = match c.to_ascii_uppercase() {
            c @ b'A'..=b'Z' => c - b'A',
            c @ b'2'..=b'7' => c - b'2' + 26,
            _ => continue,
        };
        bits = (bits << 5) | u64::from(value);
        count += 5;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
        }
    }
    out
}

/// The TOTP code (RFC 6238: SHA-1, 6 digits, 30 s steps) of `secret` at `unix_time`.
pub fn totp(secret: &str, unix_time: u64) -> String {
    let mut mac = hmac::Hmac::<sha1::Sha1>::new_from_slice(&base32(secret))
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(&(unix_time / 30).to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[digest.len() - 1] & 0x0f);
    let code = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    format!("{:06}", code % 1_000_000)
}

/// Every `V6MAIL token=<token>` the SMTP sink received, oldest first.
pub fn mailed_tokens(smtp_log: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(smtp_log)
        .unwrap_or_default()
        .lines()
        .filter_map(|line| line.split("V6MAIL token=").nth(1))
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
                .collect::<String>()
        })
        .filter(|t| !t.is_empty())
        .collect()
}

/// `token` re-signed (HS256 with the server's secret) with its `exp` moved to the past: the
/// server answers 401 "Token has expired" to it.
pub fn expired_copy(token: &str, secret: &str) -> String {
    let enc = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut parts = token.split('.');
    let (header, payload) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let mut claims: serde_json::Value =
        serde_json::from_slice(&enc.decode(payload).unwrap_or_default()).unwrap_or_default();
    let past = now() - 3600;
    claims["exp"] = past.into();
    claims["iat"] = (past - 60).into();
    claims["nbf"] = (past - 60).into();
    let signing_input = format!("{header}.{}", enc.encode(claims.to_string()));
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(signing_input.as_bytes());
    format!(
        "{signing_input}.{}",
        enc.encode(mac.finalize().into_bytes())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totp_matches_rfc_6238() {
        // RFC 6238 appendix B, SHA-1, secret "12345678901234567890" (base32 below), 8 → 6 digits.
        let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        assert_eq!(totp(secret, 59), "287082");
        assert_eq!(totp(secret, 1_111_111_109), "081804");
        assert_eq!(totp(secret, 2_000_000_000), "279037");
    }

    #[test]
    fn mailed_tokens_are_found_in_the_sink_log() {
        let path = std::env::temp_dir().join(format!("smtp-{}.log", std::process::id()));
        std::fs::write(
            &path,
            "b'V6MAIL token=abc.def'\nother\n<p>V6MAIL token=xyz</p>\n",
        )
        .unwrap();
        assert_eq!(mailed_tokens(&path), ["abc.def", "xyz"]);
        std::fs::remove_file(&path).unwrap();
    }
}
