//! The Keycloak exchanges: the realm's public key, the refresh grant, the device
//! authorisation grant.

use std::time::Duration;

use platform_client_core::reexports::ExposeSecret as _;
use platform_client_core::reexports::SecretString;
use platform_client_core::{HttpClient, Request};
use serde::Deserialize;
use tokio::sync::OnceCell;

use super::jwt::RealmKey;
use crate::error::{Error, Result, SignInError};

/// What Keycloak answers to a token request.
#[derive(Deserialize)]
pub(crate) struct TokenAnswer {
    pub(crate) access_token: Option<String>,
    pub(crate) refresh_token: Option<String>,
    pub(crate) error: Option<String>,
    pub(crate) error_description: Option<String>,
}

impl std::fmt::Debug for TokenAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenAnswer")
            .field("error", &self.error)
            .finish_non_exhaustive()
    }
}

/// The start of a device sign-in: what the user must open and the code to confirm.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct DeviceCode {
    /// The code the user confirms (`ABCD-EFGH`).
    pub user_code: String,
    /// Where to confirm it.
    #[serde(default)]
    pub verification_uri: String,
    /// The same with the code filled in: open this.
    #[serde(default)]
    pub verification_uri_complete: String,
    /// Seconds until the code expires.
    #[serde(default)]
    pub expires_in: Option<u64>,
    /// Seconds between polls.
    #[serde(default)]
    pub interval: Option<u64>,
    #[serde(default, skip_serializing)]
    device_code: String,
}

/// A realm: its URL, the transport (no credentials) and the public key, fetched once.
#[derive(Debug)]
pub(crate) struct Realm {
    /// Base `.../realms/`, requests relative to it start with the realm's name.
    pub(crate) http: HttpClient,
    pub(crate) name: String,
    key: OnceCell<RealmKey>,
}

impl Realm {
    /// `realm_url` is `.../realms/{name}`.
    pub(crate) fn new(http: &HttpClient, realm_url: &str) -> Result<Realm> {
        let (base, name) = realm_url
            .rsplit_once('/')
            .ok_or_else(|| Error::invalid("the Keycloak endpoint has no realm name"))?;
        let http = http.with_base_url(&format!("{base}/"))?;
        Ok(Realm {
            http: http.with_auth(platform_client_core::Auth::None),
            name: name.to_owned(),
            key: OnceCell::new(),
        })
    }

    /// The realm's public key (`GET {realm}` → `public_key`), fetched once (3 s timeout, as
    /// the reference).
    pub(crate) async fn key(&self) -> Result<&RealmKey> {
        self.key
            .get_or_try_init(|| async {
                #[derive(Deserialize)]
                struct RealmInfo {
                    public_key: String,
                }
                let request = Request::get(self.name.clone()).timeout(Duration::from_secs(3));
                let info: RealmInfo = self.http.send_json(request).await.map_err(|e| {
                    Error::SignIn(SignInError::Other(format!(
                        "the Keycloak public key could not be read: {e}"
                    )))
                })?;
                Ok::<_, Error>(RealmKey::from_base64_spki(&info.public_key)?)
            })
            .await
    }

    /// Checks an access token's signature against the realm's key; its claims.
    pub(crate) async fn validate(&self, token: &str) -> Result<serde_json::Value> {
        Ok(self.key().await?.verify(token)?)
    }

    fn token_request(&self, form: Vec<(&str, String)>) -> Request {
        Request::post(format!("{}/protocol/openid-connect/token", self.name))
            .form(form)
            .any_status()
    }

    /// The refresh grant (`grant_type=refresh_token`, `scope` empty as the reference): the
    /// new access token, and the rotated refresh token when Keycloak sends one.
    pub(crate) async fn refresh(
        &self,
        client_id: &str,
        refresh_token: &SecretString,
    ) -> Result<(String, Option<String>)> {
        let form = vec![
            ("grant_type", "refresh_token".to_owned()),
            ("client_id", client_id.to_owned()),
            ("refresh_token", refresh_token.expose_secret().to_owned()),
            ("scope", String::new()),
        ];
        let response = self.http.send(self.token_request(form)).await?;
        let answer: TokenAnswer = response.json().map_err(|_| {
            SignInError::RefreshRefused(format!(
                "HTTP {} without a token",
                response.status().as_u16()
            ))
        })?;
        match (response.status().is_success(), answer.access_token) {
            (true, Some(access)) => Ok((access, answer.refresh_token)),
            _ => Err(SignInError::RefreshRefused(format!(
                "HTTP {}: {}",
                response.status().as_u16(),
                answer
                    .error_description
                    .or(answer.error)
                    .unwrap_or_else(|| "no access token".to_owned())
            ))
            .into()),
        }
    }

    /// Starts a device sign-in (`POST .../auth/device` with `client_id` and `scope`; the
    /// reference misspelt it `scopes`).
    pub(crate) async fn start_device(&self, client_id: &str, scope: &str) -> Result<DeviceCode> {
        let form = vec![
            ("client_id", client_id.to_owned()),
            ("scope", scope.to_owned()),
        ];
        let request =
            Request::post(format!("{}/protocol/openid-connect/auth/device", self.name)).form(form);
        let code: DeviceCode = self.http.send_json(request).await?;
        if code.device_code.is_empty() || code.user_code.is_empty() {
            return Err(Error::unexpected(
                "the device authorisation answer has no code",
            ));
        }
        Ok(code)
    }

    /// Polls for the device sign-in's tokens: `authorization_pending` waits `interval`,
    /// `slow_down` waits 5 s longer from then on, `expired_token`, `access_denied` and any
    /// other error end it (typed), as does the code's expiry.
    pub(crate) async fn poll_device(
        &self,
        client_id: &str,
        scope: &str,
        code: &DeviceCode,
    ) -> Result<(String, String)> {
        let mut interval = Duration::from_secs(code.interval.unwrap_or(5).max(1));
        let deadline =
            tokio::time::Instant::now() + Duration::from_secs(code.expires_in.unwrap_or(600));
        loop {
            let form = vec![
                (
                    "grant_type",
                    "urn:ietf:params:oauth:grant-type:device_code".to_owned(),
                ),
                ("device_code", code.device_code.clone()),
                ("client_id", client_id.to_owned()),
                ("scope", scope.to_owned()),
            ];
            let response = self.http.send(self.token_request(form)).await?;
            let answer: TokenAnswer = response
                .json()
                .map_err(|_| Error::unexpected("Keycloak's token answer is not JSON"))?;
            if let (Some(access), Some(refresh)) = (&answer.access_token, &answer.refresh_token) {
                return Ok((access.clone(), refresh.clone()));
            }
            match answer.error.as_deref() {
                Some("authorization_pending") => {}
                Some("slow_down") => interval += Duration::from_secs(5),
                Some("expired_token") => return Err(SignInError::Expired.into()),
                Some("access_denied") => return Err(SignInError::AccessDenied.into()),
                other => {
                    return Err(SignInError::Other(format!(
                        "{}: {}",
                        other.unwrap_or("no token"),
                        answer.error_description.unwrap_or_default()
                    ))
                    .into());
                }
            }
            if tokio::time::Instant::now() + interval > deadline {
                return Err(SignInError::Expired.into());
            }
            tokio::time::sleep(interval).await;
        }
    }
}
