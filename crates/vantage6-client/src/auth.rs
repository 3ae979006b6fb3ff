//! Logging in (users with optional two-factor codes, nodes with api keys), the session state, and
//! refreshing the access token with the refresh token through `platform-client-core`'s
//! [`Session`](platform_client_core::session::Session).

use std::sync::Arc;

use platform_client_core::auth::BoxFuture;
use platform_client_core::reexports::{ExposeSecret, SecretString};
use platform_client_core::session::{Refresh, Tokens};
use platform_client_core::{AccessToken, Auth, AuthFailure, HttpClient, Request, Response};
use serde::Deserialize;
use serde_json::Value;

use crate::error::{Error, Result};

/// Who is logged in: the user (or node) and their organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhoAmI {
    /// `user` or `node`.
    pub kind: String,
    /// The user's (or node's) id.
    pub id: u64,
    /// The user name (or node name).
    pub name: String,
    /// The organisation's id.
    pub organization_id: u64,
    /// The organisation's name (empty when the user may not view their own organisation).
    pub organization_name: String,
}

/// What a login attempt came to. Every two-factor state is an outcome, not an error.
/// `Debug` hides the two-factor secret (and the QR URI that carries it).
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthOutcome {
    /// Logged in; the client now sends the access token and refreshes it when it expires.
    Authenticated(WhoAmI),
    /// The server requires two-factor authentication and has just created this user's secret:
    /// show `qr_uri` (or `otp_secret`) to an authenticator app, then log in with a code.
    MfaSetupRequired {
        /// The `otpauth://totp/...` URI to render as a QR code.
        qr_uri: String,
        /// The base-32 TOTP secret.
        otp_secret: String,
        /// The server's message.
        message: String,
    },
    /// The server requires a two-factor code and none was given.
    MfaCodeRequired {
        /// The server's message.
        message: String,
    },
    /// The two-factor code was wrong (or expired).
    MfaCodeIncorrect {
        /// The server's message.
        message: String,
    },
}

impl std::fmt::Debug for AuthOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AuthOutcome::Authenticated(who) => f.debug_tuple("Authenticated").field(who).finish(),
            AuthOutcome::MfaSetupRequired { message, .. } => f
                .debug_struct("MfaSetupRequired")
                .field("qr_uri", &"[redacted]")
                .field("otp_secret", &"[redacted]")
                .field("message", message)
                .finish(),
            AuthOutcome::MfaCodeRequired { message } => f
                .debug_struct("MfaCodeRequired")
                .field("message", message)
                .finish(),
            AuthOutcome::MfaCodeIncorrect { message } => f
                .debug_struct("MfaCodeIncorrect")
                .field("message", message)
                .finish(),
        }
    }
}

impl AuthOutcome {
    /// The identity, when logged in.
    pub fn whoami(&self) -> Option<&WhoAmI> {
        match self {
            AuthOutcome::Authenticated(who) => Some(who),
            _ => None,
        }
    }

    /// The identity, or [`Error::TwoFactor`] naming the two-factor step still to take.
    pub fn into_whoami(self) -> Result<WhoAmI> {
        let message = match self {
            AuthOutcome::Authenticated(who) => return Ok(who),
            AuthOutcome::MfaSetupRequired { .. } => {
                "the server requires two-factor authentication: register the returned secret in an authenticator app, then log in with a code"
                    .to_owned()
            }
            AuthOutcome::MfaCodeRequired { message } | AuthOutcome::MfaCodeIncorrect { message } => {
                message
            }
        };
        Err(Error::TwoFactor { message })
    }
}

/// `POST token/user` and `POST token/node` answers (and `token/refresh`).
#[derive(Deserialize)]
pub(crate) struct TokenAnswer {
    pub(crate) access_token: Option<String>,
    pub(crate) refresh_token: Option<String>,
    pub(crate) qr_uri: Option<String>,
    pub(crate) otp_secret: Option<String>,
    #[serde(default)]
    pub(crate) msg: Option<String>,
}

/// The state every clone of a client shares besides the tokens (held by the core's
/// [`platform_client_core::session::Session`]): the identity and the key pair.
#[derive(Default)]
pub(crate) struct Session {
    pub(crate) whoami: std::sync::RwLock<Option<WhoAmI>>,
    /// The user (or node) id of the access token.
    pub(crate) subject: std::sync::RwLock<Option<u64>>,
    /// The organisation's key pair, for encrypted collaborations.
    pub(crate) cryptor: std::sync::RwLock<Option<Arc<crate::crypto::Cryptor>>>,
}

/// Exchanges the refresh token for a new access token (`POST token/refresh`, the refresh token
/// as bearer; the answer may rotate it).
pub(crate) struct JwtRefresh {
    pub(crate) plain: HttpClient,
}

impl Refresh for JwtRefresh {
    fn refresh<'a>(
        &'a self,
        refresh_token: &'a SecretString,
    ) -> BoxFuture<'a, platform_client_core::Result<Tokens>> {
        Box::pin(async move {
            let bearer = Auth::bearer(refresh_token.expose_secret().to_owned());
            let answer: TokenAnswer = self
                .plain
                .with_auth(bearer)
                .send_json(Request::post("token/refresh").retry_safe(true))
                .await?;
            let access = answer.access_token.ok_or_else(|| {
                let message = "the refresh answer holds no access token";
                platform_client_core::Error::auth(AuthFailure::InvalidAnswer, message, None)
            })?;
            Ok(Tokens {
                access: AccessToken::from_jwt(access),
                refresh: answer.refresh_token.map(SecretString::from),
            })
        })
    }

    /// Only "Token has expired" is an expired token: a 401 for a missing permission is an
    /// answer, and the request is never sent twice.
    fn is_expiry(&self, response: &Response) -> bool {
        response
            .json::<Value>()
            .ok()
            .and_then(|b| b.get("msg").and_then(Value::as_str).map(str::to_owned))
            .is_some_and(|m| m.to_ascii_lowercase().contains("expired"))
    }
}

/// The subject (user or node id) of a JWT, integer or numeric string.
pub(crate) fn subject(token: &str) -> Option<u64> {
    match platform_client_core::auth::jwt_claims(token)?.get("sub")? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    fn jwt(payload: &str) -> String {
        let enc = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        format!(
            "{}.{}.sig",
            enc.encode(r#"{"alg":"HS256","typ":"JWT"}"#),
            enc.encode(payload)
        )
    }

    #[test]
    fn claims_give_the_integer_subject_and_the_lifetime() {
        let far = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs()
            + 3600;
        let token = jwt(&format!(r#"{{"sub":7,"exp":{far},"type":"access"}}"#));
        assert_eq!(subject(&token), Some(7));
        let lifetime = AccessToken::from_jwt(token).expires_in.unwrap();
        assert!(lifetime > Duration::from_secs(3500) && lifetime <= Duration::from_secs(3600));
        assert_eq!(subject(&jwt(r#"{"sub":"12"}"#)), Some(12));
        assert_eq!(subject("not-a-jwt"), None);
        assert_eq!(AccessToken::from_jwt("x.y.z".into()).expires_in, None);
        let past = jwt(r#"{"sub":1,"exp":1}"#);
        assert_eq!(AccessToken::from_jwt(past).expires_in, Some(Duration::ZERO));
    }
}
