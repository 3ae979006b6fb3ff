//! Users, and the answers of the utility routes (server health, two-factor recovery).

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use super::common::Ref;

/// A user: `GET user/<id>`.
///
/// The server's `otp_secret` is never kept: only whether one is set
/// ([`User::has_otp_secret`]), so printing a user cannot leak a two-factor secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct User {
    /// Id (users and nodes share one sequence).
    pub id: u64,
    /// The login name.
    pub username: String,
    /// First name.
    #[serde(default)]
    pub firstname: Option<String>,
    /// Last name.
    #[serde(default)]
    pub lastname: Option<String>,
    /// E-mail address.
    #[serde(default)]
    pub email: Option<String>,
    /// `user`.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// The organisation the user belongs to.
    #[serde(default)]
    pub organization: Option<Ref>,
    /// The last login, naive ISO 8601 (`2026-11-23T19:57:49.932045`); `None` before the first.
    #[serde(default)]
    pub last_seen: Option<String>,
    /// The last known IP address.
    #[serde(default)]
    pub ip: Option<String>,
    /// The user's status, when the server reports one.
    #[serde(default)]
    pub status: Option<String>,
    /// Whether a two-factor secret is set up (the server's `otp_secret`; the secret itself is
    /// dropped when decoding).
    #[serde(
        default,
        rename = "otp_secret",
        deserialize_with = "is_set",
        skip_serializing
    )]
    pub has_otp_secret: bool,
    /// When the last "failed logins" e-mail was sent.
    #[serde(default)]
    pub last_email_failed_login_sent: Option<String>,
    /// When the last password-recovery e-mail was sent.
    #[serde(default)]
    pub last_email_recover_password_sent: Option<String>,
    /// URL of the user's roles (`/api/role?user_id=4`).
    #[serde(default)]
    pub roles: Option<String>,
    /// URL of the user's extra rules (`/api/rule?user_id=4`).
    #[serde(default)]
    pub rules: Option<String>,
    /// Fields this version does not model (the raw JSON escape hatch; fields named like
    /// secrets are left out).
    #[serde(
        flatten,
        deserialize_with = "platform_client_core::model::extra_without_secrets"
    )]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl User {
    /// The organisation's id.
    pub fn organization_id(&self) -> Option<u64> {
        self.organization.as_ref().map(|o| o.id)
    }
}

/// True for anything but `null` and an empty string.
fn is_set<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    let value = Value::deserialize(deserializer)?;
    Ok(match value {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Bool(b) => b,
        _ => true,
    })
}

/// The server's health: `GET health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerHealth {
    /// Whether the server reaches its database.
    #[serde(default)]
    pub database: bool,
    /// The overall verdict, on servers that report one.
    #[serde(default)]
    pub healthy: Option<bool>,
}

/// A new two-factor secret (`POST recover/2fa/reset`): show [`Self::qr_uri`] (or
/// [`Self::otp_secret`]) to an authenticator app, then log in with a code.
///
/// Both hold the secret, so `Debug` shows neither.
#[derive(Clone, PartialEq, Eq, Deserialize)]
pub struct TwoFactorSetup {
    qr_uri: String,
    otp_secret: String,
    #[serde(default)]
    msg: String,
}

impl TwoFactorSetup {
    /// The `otpauth://totp/...` URI to render as a QR code.
    pub fn qr_uri(&self) -> &str {
        &self.qr_uri
    }

    /// The base-32 TOTP secret.
    pub fn otp_secret(&self) -> &str {
        &self.otp_secret
    }

    /// The server's message.
    pub fn message(&self) -> &str {
        &self.msg
    }
}

impl std::fmt::Debug for TwoFactorSetup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TwoFactorSetup")
            .field("qr_uri", &"[redacted]")
            .field("otp_secret", &"[redacted]")
            .field("message", &self.msg)
            .finish()
    }
}
