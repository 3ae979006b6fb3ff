//! Two-factor logins and e-mailed tokens against the real servers: TOTP codes, the SMTP sink's
//! log, root on the two-factor server.

use std::path::Path;
use std::time::{Duration, Instant};

use hmac::{KeyInit, Mac};
use vantage6_client::api::util::Account;
use vantage6_client::{AuthOutcome, Vantage6Client};

use super::{V6Env, client, now};

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
pub fn mailed_tokens(smtp_log: &Path) -> Vec<String> {
    message_tokens(&std::fs::read_to_string(smtp_log).unwrap_or_default())
}

/// The token of the last recovery e-mail the sink received for `email`.
pub fn mailed_token_to(smtp_log: &Path, email: &str) -> Option<String> {
    let log = std::fs::read_to_string(smtp_log).unwrap_or_default();
    log.split("---------- MESSAGE FOLLOWS ----------")
        .filter(|message| {
            message
                .lines()
                .any(|line| line.contains("To: ") && line.contains(email))
        })
        .filter_map(|message| message_tokens(message).into_iter().next())
        .last()
}

/// The tokens in a text (the sink prints each line as a Python bytes literal, so a token is the
/// run of `[A-Za-z0-9._-]` after `V6MAIL token=`).
fn message_tokens(message: &str) -> Vec<String> {
    message
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

/// Waits (up to 20 s, polling) for a recovery e-mail to `email` and returns its token; a mail
/// with the token `previous` (sent earlier) does not count.
pub async fn wait_for_mail(env: &V6Env, email: &str, previous: Option<&str>) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        match mailed_token_to(&env.smtp_log, email) {
            Some(token) if Some(token.as_str()) != previous => return token,
            _ => {}
        }
        assert!(
            Instant::now() < deadline,
            "no e-mail to {email} in {} after 20 s",
            env.smtp_log.display()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// `root` logged in on the two-factor server. Its TOTP secret is created by its first login
/// there and kept in a file beside the system's temporary files (keyed by the server's URL), so
/// later tests and later test binaries log in with a code. Should the secret be unknown (another
/// program logged root in first), root's two-factor authentication is reset by e-mail.
pub async fn mfa_root(env: &V6Env) -> Vantage6Client {
    static LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    let _guard = LOCK.lock().await;
    let server = env
        .mfa_url
        .replace(|c: char| !c.is_ascii_alphanumeric(), "");
    let file = std::env::temp_dir().join(format!("v6-mfa-root-{server}.secret"));
    let v6 = client(&env.mfa_url);
    let mut secret = std::fs::read_to_string(&file).ok();
    for _ in 0..3 {
        let code = secret.as_deref().map(|s| totp(s.trim(), now()));
        let login = v6.authenticate("root", "root", code.as_deref()).await;
        let fresh = match login.expect("root login on the two-factor server") {
            AuthOutcome::Authenticated(_) => return v6,
            AuthOutcome::MfaSetupRequired { otp_secret, .. } => otp_secret,
            _ => reset_root_two_factor(env, &v6).await,
        };
        std::fs::write(&file, &fresh).expect("keep root's TOTP secret");
        secret = Some(fresh);
    }
    panic!("root cannot log in on the two-factor server")
}

/// Resets root's two-factor authentication on the two-factor server by e-mail; the new secret.
async fn reset_root_two_factor(env: &V6Env, v6: &Vantage6Client) -> String {
    const ROOT_EMAIL: &str = "root@domain.ext";
    let before = mailed_token_to(&env.smtp_log, ROOT_EMAIL);
    v6.util()
        .reset_two_factor_auth("root", &Account::username("root"))
        .await
        .expect("root's two-factor reset mail");
    let token = wait_for_mail(env, ROOT_EMAIL, before.as_deref()).await;
    v6.util()
        .set_two_factor_auth(token)
        .await
        .expect("root's two-factor reset")
        .otp_secret()
        .to_owned()
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
        std::fs::write(
            &path,
            "---------- MESSAGE FOLLOWS ----------\nb'To: a@x.org'\nb'V6MAIL token=t1'\n\
             ---------- MESSAGE FOLLOWS ----------\nb'To: b@x.org'\nb'V6MAIL token=t2'\n\
             ---------- MESSAGE FOLLOWS ----------\nb'To: a@x.org'\nb'V6MAIL token=t3'\n",
        )
        .unwrap();
        assert_eq!(mailed_token_to(&path, "a@x.org").as_deref(), Some("t3"));
        assert_eq!(mailed_token_to(&path, "b@x.org").as_deref(), Some("t2"));
        assert_eq!(mailed_token_to(&path, "c@x.org"), None);
        std::fs::remove_file(&path).unwrap();
    }
}
