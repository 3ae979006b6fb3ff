//! Utilities: server health and version, password and two-factor recovery, key generation.

use std::path::{Path, PathBuf};
use std::time::Duration;

use platform_client_core::Request;
use platform_client_core::reexports::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::{Value, json};

use super::check_text;
use super::encryption::SetupOutcome;
use crate::client::Vantage6Client;
use crate::crypto::Cryptor;
use crate::error::{Error, Result};
use crate::models::{Message, ServerHealth, TwoFactorSetup};

/// How often [`Util::server_version`] asks a server that is not reachable (yet).
pub const DEFAULT_VERSION_ATTEMPTS: u32 = 10;
/// The wait between those attempts.
pub const DEFAULT_VERSION_DELAY: Duration = Duration::from_secs(1);
/// Where [`Util::generate_private_key`] writes the key unless told otherwise.
pub const DEFAULT_PRIVATE_KEY_FILE: &str = "private_key.pem";

impl Vantage6Client {
    /// Utilities: server health and version, passwords, two-factor recovery, keys.
    pub fn util(&self) -> Util<'_> {
        Util { client: self }
    }
}

/// The account a recovery e-mail is for: its user name or its e-mail address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Account {
    /// By user name (`username`).
    Username(String),
    /// By e-mail address (`email`).
    Email(String),
}

impl Account {
    /// The account with this user name.
    pub fn username(name: impl Into<String>) -> Self {
        Account::Username(name.into())
    }

    /// The account with this e-mail address.
    pub fn email(address: impl Into<String>) -> Self {
        Account::Email(address.into())
    }

    /// The body key and value, checked.
    fn field(&self) -> Result<(&'static str, &str)> {
        let (key, value) = match self {
            Account::Username(v) => ("username", v.as_str()),
            Account::Email(v) => ("email", v.as_str()),
        };
        check_text(key, value)?;
        Ok((key, value))
    }
}

/// The utility handler: `client.util()`.
#[derive(Debug, Clone, Copy)]
pub struct Util<'c> {
    client: &'c Vantage6Client,
}

#[derive(Deserialize)]
struct Version {
    version: String,
}

impl<'c> Util<'c> {
    /// The server's health (`GET health`, no login needed).
    pub async fn server_health(&self) -> Result<ServerHealth> {
        Ok(self.client.plain.send_json(Request::get("health")).await?)
    }

    /// The server's version (`GET version`, no login needed), e.g. `4.15.2`. While the server
    /// cannot be reached (connection refused, timeouts, 502/503/504 from a proxy) it is asked
    /// again, up to [`DEFAULT_VERSION_ATTEMPTS`] times [`DEFAULT_VERSION_DELAY`] apart: this
    /// waits for a server that is starting. See [`Self::server_version_with`].
    pub async fn server_version(&self) -> Result<String> {
        self.server_version_with(DEFAULT_VERSION_ATTEMPTS, DEFAULT_VERSION_DELAY)
            .await
    }

    /// [`Self::server_version`] with `attempts` tries (at least 1; each one also retried by
    /// the client's [`crate::RetryPolicy`]) and `delay` between them. Gives the last error
    /// when the server stays unreachable; any other error is returned at once.
    pub async fn server_version_with(&self, attempts: u32, delay: Duration) -> Result<String> {
        if attempts == 0 {
            return Err(Error::invalid("`attempts` must be at least 1"));
        }
        let mut attempt = 1;
        loop {
            let answer: Result<Version> = self
                .client
                .plain
                .send_json(Request::get("version"))
                .await
                .map_err(Error::from);
            match answer {
                Ok(v) => return Ok(v.version),
                Err(e) if attempt < attempts && unreachable(&e) => {
                    attempt += 1;
                    tokio::time::sleep(delay).await;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Changes the logged-in user's password (`PATCH password/change`). Both passwords are
    /// kept as secrets; the server answers 401 for a wrong current password and 400 for a new
    /// one that breaks its policy.
    pub async fn change_my_password(
        &self,
        current_password: impl Into<String>,
        new_password: impl Into<String>,
    ) -> Result<Message> {
        let current = SecretString::from(current_password.into());
        let new = SecretString::from(new_password.into());
        if current.expose_secret().is_empty() || new.expose_secret().is_empty() {
            return Err(Error::invalid("the passwords must not be empty"));
        }
        if current.expose_secret() == new.expose_secret() {
            return Err(Error::invalid(
                "the new password is the current one (the server refuses that)",
            ));
        }
        let body = json!({
            "current_password": current.expose_secret(),
            "new_password": new.expose_secret(),
        });
        self.client
            .json(Request::patch("password/change").json(&body)?)
            .await
    }

    /// Asks for a password-reset e-mail (`POST recover/lost`, no login needed). The server
    /// answers the same whether or not the account exists.
    pub async fn reset_my_password(&self, account: &Account) -> Result<Message> {
        let (key, value) = account.field()?;
        self.recover("recover/lost", &json!({ key: value })).await
    }

    /// Sets a new password with the token of the reset e-mail (`POST recover/reset`, no login
    /// needed). Token and password are kept as secrets.
    pub async fn set_my_password(
        &self,
        token: impl Into<String>,
        password: impl Into<String>,
    ) -> Result<Message> {
        let token = SecretString::from(token.into());
        let password = SecretString::from(password.into());
        check_text("token", token.expose_secret())?;
        if password.expose_secret().is_empty() {
            return Err(Error::invalid("`password` is empty"));
        }
        let body = json!({
            "reset_token": token.expose_secret(),
            "password": password.expose_secret(),
        });
        self.recover("recover/reset", &body).await
    }

    /// Asks for a two-factor reset e-mail (`POST recover/2fa/lost`, no login needed; 401 for a
    /// wrong password).
    pub async fn reset_two_factor_auth(
        &self,
        password: impl Into<String>,
        account: &Account,
    ) -> Result<Message> {
        let password = SecretString::from(password.into());
        let (key, value) = account.field()?;
        if password.expose_secret().is_empty() {
            return Err(Error::invalid("`password` is empty"));
        }
        let body = json!({ key: value, "password": password.expose_secret() });
        self.recover("recover/2fa/lost", &body).await
    }

    /// Sets up two-factor authentication again with the token of the reset e-mail (`POST
    /// recover/2fa/reset`, no login needed) and returns the new secret.
    pub async fn set_two_factor_auth(&self, token: impl Into<String>) -> Result<TwoFactorSetup> {
        let token = SecretString::from(token.into());
        check_text("token", token.expose_secret())?;
        let body = json!({ "reset_token": token.expose_secret() });
        let answer: Value = self.recover("recover/2fa/reset", &body).await?;
        serde_json::from_value(answer).map_err(|_| {
            Error::unexpected("the two-factor reset answer holds no `qr_uri` and `otp_secret`")
        })
    }

    /// A recovery call: without credentials and never re-sent once it may have reached the
    /// server.
    async fn recover<T: serde::de::DeserializeOwned>(&self, path: &str, body: &Value) -> Result<T> {
        let request = Request::post(path).json(body)?.retry_safe(false);
        Ok(self.client.plain.send_json(request).await?)
    }

    /// Generates a new RSA-4096 key pair for the organisation, writes the private key (PKCS#1
    /// PEM, owner-only on Unix) to [`DEFAULT_PRIVATE_KEY_FILE`] in the working directory (or
    /// [`GeneratePrivateKey::file`]), uses it from now on and uploads its public half with
    /// [`Vantage6Client::setup_encryption`]. An existing file is not overwritten unless
    /// [`GeneratePrivateKey::overwrite`] says so.
    pub fn generate_private_key(&self) -> GeneratePrivateKey<'c> {
        GeneratePrivateKey {
            client: self.client,
            file: None,
            overwrite: false,
        }
    }
}

/// Whether the server could not be reached (yet).
fn unreachable(error: &Error) -> bool {
    match error {
        Error::Core(e) => e.is_retryable(),
        Error::Api { .. } => matches!(error.status(), Some(502..=504)),
        _ => false,
    }
}

/// Generates, stores and uploads a key pair; see [`Util::generate_private_key`].
#[derive(Debug, Clone)]
#[must_use = "nothing happens until `send` is awaited"]
pub struct GeneratePrivateKey<'c> {
    client: &'c Vantage6Client,
    file: Option<PathBuf>,
    overwrite: bool,
}

/// What [`GeneratePrivateKey::send`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedKey {
    /// The private key file (absolute).
    pub path: PathBuf,
    /// What uploading the public key did.
    pub setup: SetupOutcome,
}

impl GeneratePrivateKey<'_> {
    /// Where to write the private key (default [`DEFAULT_PRIVATE_KEY_FILE`] in the working
    /// directory).
    pub fn file(mut self, path: impl Into<PathBuf>) -> Self {
        self.file = Some(path.into());
        self
    }

    /// Whether an existing file may be replaced (default false: an existing file is an error,
    /// reported before a key is generated).
    pub fn overwrite(mut self, overwrite: bool) -> Self {
        self.overwrite = overwrite;
        self
    }

    /// Generates the key (a few seconds, off the async workers), writes it, uses it and
    /// uploads its public half. Needs a login; nothing is generated or written without one.
    pub async fn send(self) -> Result<GeneratedKey> {
        self.client.own_organization()?;
        let file = self
            .file
            .unwrap_or_else(|| PathBuf::from(DEFAULT_PRIVATE_KEY_FILE));
        let path = std::path::absolute(&file)
            .map_err(|e| Error::invalid(format!("bad private key path {}: {e}", file.display())))?;
        check_target(&path, self.overwrite)?;
        let cryptor = generate().await?;
        check_target(&path, self.overwrite)?;
        if path.exists() {
            // A new file gets owner-only permissions; a truncated one would keep its own.
            std::fs::remove_file(&path)
                .map_err(|e| Error::invalid(format!("cannot replace {}: {e}", path.display())))?;
        }
        cryptor.write_private_key(&path)?;
        // The key is used only once the server holds its public half.
        let org = self.client.own_organization()?;
        let setup = self.client.upload_public_key(org, &cryptor).await?;
        self.client.set_cryptor(cryptor);
        Ok(GeneratedKey { path, setup })
    }
}

/// Rejects a directory, an existing file (unless `overwrite`) and a missing parent directory.
fn check_target(path: &Path, overwrite: bool) -> Result<()> {
    if path.is_dir() {
        return Err(Error::invalid(format!(
            "{} is a directory: name the key file",
            path.display()
        )));
    }
    if path.exists() && !overwrite {
        return Err(Error::invalid(format!(
            "{} exists: choose another file or call `overwrite(true)`",
            path.display()
        )));
    }
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() && !dir.is_dir() => Err(Error::invalid(format!(
            "{} is not a directory",
            dir.display()
        ))),
        _ => Ok(()),
    }
}

/// [`Cryptor::generate`] on its own thread, so the async workers keep running.
async fn generate() -> Result<Cryptor> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("vantage6-keygen".into())
        .spawn(move || {
            let _ = tx.send(Cryptor::generate());
        })
        .map_err(|e| Error::crypto(format!("cannot start the key generation: {e}")))?;
    rx.await
        .map_err(|_| Error::crypto("the key generation stopped"))?
}
