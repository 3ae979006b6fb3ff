//! The server and the session: info, version, availability, login, logout, tokens.

use platform_client_core::Request;
use platform_client_core::reexports::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::auth::{Credential, CredentialKind};
use crate::client::AyonClient;
use crate::error::{Error, Result};
use crate::models::{ServerInfo, ServerVersion, User};

/// What a login answered (the token itself is kept by the client, not here).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LoginAnswer {
    /// The server's message, e.g. `Logged in as admin`.
    #[serde(default)]
    pub detail: Option<String>,
    /// The user.
    #[serde(default)]
    pub user: Option<User>,
}

#[derive(Deserialize)]
struct TokenAnswer {
    #[serde(default)]
    token: Option<String>,
    #[serde(default)]
    detail: Option<String>,
    #[serde(default)]
    user: Option<User>,
}

impl AyonClient {
    /// `GET /api/info`: version and uptime (anyone), user and attributes (logged in).
    pub async fn info(&self) -> Result<ServerInfo> {
        self.json(Request::get("api/info")).await
    }

    /// The server's version, read once from `/api/info` and cached for every clone
    /// (`get_server_version`, `server_version`; the tuple is [`ServerVersion::as_tuple`]).
    pub async fn server_version(&self) -> Result<ServerVersion> {
        self.session
            .version
            .get_or_try_init(|| async {
                let info = self.info().await?;
                ServerVersion::parse(&info.version).ok_or_else(|| {
                    Error::unexpected(format!(
                        "the server version {:?} is not a semantic version",
                        info.version
                    ))
                })
            })
            .await
            .cloned()
    }

    /// Whether the server answers `GET /` with 200 (`is_server_available`), within the
    /// client's timeout; never an error.
    pub async fn is_server_available(&self) -> bool {
        self.validate_server_availability().await.is_ok()
    }

    /// [`Error::ServerNotReached`] unless `GET /` answers 200
    /// (`validate_server_availability`).
    pub async fn validate_server_availability(&self) -> Result<()> {
        let request = Request::get("").without_auth().any_status();
        match self.http.send(request).await {
            Ok(response) if response.status().as_u16() == 200 => Ok(()),
            Ok(response) => Err(Error::ServerNotReached(format!(
                "{} answered HTTP {}",
                self.base_url(),
                response.status().as_u16()
            ))),
            Err(e) => Err(Error::ServerNotReached(format!("{}: {e}", self.base_url()))),
        }
    }

    /// Logs in with a user name and password (`POST /api/auth/login`) and uses the user token
    /// for every clone from now on. A wrong password is [`Error::Forbidden`] ("Invalid
    /// login/password combination"). The server is checked first, as the reference does.
    pub async fn login(&self, username: &str, password: &str) -> Result<LoginAnswer> {
        super::check_user_name(username)?;
        if password.is_empty() {
            return Err(Error::invalid("the password is empty"));
        }
        self.validate_server_availability().await?;
        let request = Request::post("api/auth/login")
            .without_auth()
            .json(&json!({ "name": username, "password": password }))?;
        let answer: TokenAnswer = self.http.send_json(request).await?;
        let token = answer
            .token
            .ok_or_else(|| Error::unexpected("the login answer holds no token"))?;
        self.session
            .set_credential(Some(Credential::new(token, CredentialKind::UserToken)));
        Ok(LoginAnswer {
            detail: answer.detail,
            user: answer.user,
        })
    }

    /// Logs out (`POST /api/auth/logout`, which invalidates the token on the server) and
    /// forgets the token. Without a session there is nothing to do.
    pub async fn logout(&self) -> Result<()> {
        if self.session.credential().is_none() {
            return Ok(());
        }
        let result = self.send_empty(Request::post("api/auth/logout")).await;
        self.reset_token();
        match result {
            Ok(()) | Err(Error::Unauthorized { .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Forgets the token or API key without telling the server (`reset_token`,
    /// `close_session`, `logout(soft=True)`).
    pub fn reset_token(&self) {
        self.session.set_credential(None);
    }

    /// Uses `secret` from now on, asking the server how to send it as the reference does
    /// (`set_token`): `Authorization: Bearer` if `GET /api/users/me` accepts it, else
    /// `X-Api-Key` (a service key). Refused by both: [`Error::Unauthorized`], and the previous
    /// credential stays.
    pub async fn set_token(&self, secret: SecretString) -> Result<User> {
        super::check_secret(secret.expose_secret())?;
        for kind in [CredentialKind::UserToken, CredentialKind::ApiKey] {
            let candidate = AyonClient {
                session: std::sync::Arc::new(crate::auth::Session::default()),
                ..self.clone()
            };
            candidate.session.set_credential(Some(Credential {
                secret: secret.clone(),
                kind,
            }));
            match candidate.me().await {
                Ok(user) => {
                    self.session
                        .set_credential(Some(Credential { secret, kind }));
                    return Ok(user);
                }
                Err(Error::Unauthorized { .. }) if kind == CredentialKind::UserToken => {}
                Err(e) => return Err(e),
            }
        }
        Err(Error::unexpected(
            "the credential was neither accepted nor refused",
        ))
    }

    /// Whether the server accepts the session's token or key (`validate_token`,
    /// `has_valid_token`): `GET /api/users/me`; `false` on 401 or without any.
    pub async fn has_valid_token(&self) -> Result<bool> {
        if self.session.credential().is_none() {
            return Ok(false);
        }
        match self.me().await {
            Ok(_) => Ok(true),
            Err(Error::Unauthorized { .. }) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Whether the session uses a service API key (`is_service_user`);
    /// [`Error::NotAuthenticated`] without a session.
    pub fn is_service_user(&self) -> Result<bool> {
        match self.session.kind() {
            Some(kind) => Ok(kind == CredentialKind::ApiKey),
            None => Err(Error::NotAuthenticated),
        }
    }

    /// Checks the server and the credential in one go (`create_session`): `GET /`, then
    /// `GET /api/users/me`; the logged-in user.
    pub async fn connect(&self) -> Result<User> {
        self.validate_server_availability().await?;
        if self.session.credential().is_none() {
            return Err(Error::NotAuthenticated);
        }
        self.me().await
    }

    /// The logged-in user (`get_user()`): `GET /api/users/me`.
    pub async fn me(&self) -> Result<User> {
        self.json(Request::get("api/users/me")).await
    }

    /// Whether the server's GraphQL allows `data` in queries (`graphql_allows_data_in_query`,
    /// servers 0.5.5+).
    pub async fn graphql_allows_data_in_query(&self) -> Result<bool> {
        Ok(self.server_version().await?.at_least(0, 5, 5))
    }

    /// The server's answer to an arbitrary `/api/info` key, e.g. `sites` (for what
    /// [`ServerInfo`] does not model).
    pub async fn info_value(&self, key: &str) -> Result<Option<Value>> {
        let info = self.info().await?;
        Ok(info.extra.get(key).cloned())
    }
}
