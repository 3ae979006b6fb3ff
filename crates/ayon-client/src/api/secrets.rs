//! Secrets: list, get, save, delete. Values are `SecretString`s: never in `Debug`, logs,
//! errors or snapshots, and an answer that does not decode is reported without its body.

use platform_client_core::Request;
use platform_client_core::reexports::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::json;

use super::check_segment;
use crate::client::AyonClient;
use crate::error::{Error, Result};

/// A secret: its name and its value.
#[derive(Clone)]
#[non_exhaustive]
pub struct Secret {
    /// The name.
    pub name: String,
    /// The value.
    pub value: SecretString,
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Secret")
            .field("name", &self.name)
            .field("value", &"[redacted]")
            .finish()
    }
}

#[derive(Deserialize)]
struct RawSecret {
    #[serde(default)]
    name: String,
    #[serde(default)]
    value: Option<String>,
}

impl From<RawSecret> for Secret {
    fn from(raw: RawSecret) -> Self {
        Secret {
            name: raw.name,
            value: SecretString::from(raw.value.unwrap_or_default()),
        }
    }
}

impl AyonClient {
    /// Secrets (admins and services).
    pub fn secrets(&self) -> Secrets<'_> {
        Secrets { client: self }
    }
}

/// The secret handler: `client.secrets()`.
#[derive(Debug, Clone, Copy)]
pub struct Secrets<'c> {
    client: &'c AyonClient,
}

impl Secrets<'_> {
    /// Sends `request` and decodes the answer without ever quoting it (it holds secrets).
    async fn decode<T: serde::de::DeserializeOwned>(&self, request: Request) -> Result<T> {
        let response = self.client.authed()?.send(request).await?;
        serde_json::from_slice(response.bytes()).map_err(|e| {
            Error::unexpected(format!(
                "the secrets answer does not decode (line {}, column {})",
                e.line(),
                e.column()
            ))
        })
    }

    /// Every secret (`get_secrets`): `GET /api/secrets`.
    pub async fn list(&self) -> Result<Vec<Secret>> {
        let raw: Vec<RawSecret> = self.decode(Request::get("api/secrets")).await?;
        Ok(raw.into_iter().map(Secret::from).collect())
    }

    /// One secret (`get_secret`): [`Error::NotFound`] when there is none of that name.
    pub async fn get(&self, name: &str) -> Result<Secret> {
        check_segment("secret_name", name)?;
        let raw: RawSecret = self
            .decode(Request::get(format!("api/secrets/{name}")))
            .await?;
        Ok(raw.into())
    }

    /// Creates or replaces a secret (`save_secret`): `PUT /api/secrets/{name}`.
    pub async fn save(&self, name: &str, value: &SecretString) -> Result<()> {
        check_segment("secret_name", name)?;
        let body = json!({"name": name, "value": value.expose_secret()});
        self.client
            .send_empty(Request::put(format!("api/secrets/{name}")).json(&body)?)
            .await
    }

    /// Deletes a secret (`delete_secret`).
    pub async fn delete(&self, name: &str) -> Result<()> {
        check_segment("secret_name", name)?;
        self.client
            .send_empty(Request::delete(format!("api/secrets/{name}")))
            .await
    }
}
