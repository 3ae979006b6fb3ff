//! Users: list, one, get, current, create.

use platform_client_core::Request;
use serde::Serialize;

use super::List;
use super::{check_name, check_uuid, first_result};
use crate::client::KechainClient;
use crate::error::{Error, Result};
use crate::models::{LanguageCode, User};

const LIST: &str = "api/users.json";
const CURRENT: &str = "api/users/get_current_user";
const RESET_PASSWORD: &str = "accounts/password/reset/";

impl KechainClient {
    /// Users (ids are integers).
    pub fn users(&self) -> Users<'_> {
        Users { client: self }
    }
}

/// The user handler: `client.users()`.
#[derive(Debug, Clone, Copy)]
pub struct Users<'c> {
    pub(crate) client: &'c KechainClient,
}

impl<'c> Users<'c> {
    /// Lists users.
    pub fn list(&self) -> List<'c, User> {
        // pykechain's order: username, id, then the extra filters; no `fields`.
        List::new(self.client, LIST, "user")
            .with(|l| l.layout(&["username", "id", "*"]).name_key("username"))
    }

    /// The user with this id (`pk`).
    pub async fn get(&self, pk: u64) -> Result<User> {
        self.list().id(pk).one().await
    }

    /// The user the client is logged in as (`GET api/users/get_current_user`).
    ///
    /// Without valid credentials the server answers 403: [`Error::Forbidden`].
    pub async fn current(&self) -> Result<User> {
        first_result(self.client, Request::get(CURRENT), "the current user").await
    }

    /// Creates a user (`POST api/users.json`); needs staff rights on the server.
    pub fn create(&self, username: impl Into<String>, email: impl Into<String>) -> CreateUser<'c> {
        CreateUser {
            client: self.client,
            username: username.into(),
            email: email.into(),
            name: None,
            timezone: None,
            language: None,
            team_ids: Vec::new(),
            send_password_link: false,
        }
    }
}

/// The filters of [`Users::list`].
impl List<'_, User> {
    /// Only the user with this login name.
    pub fn username(self, username: impl Into<String>) -> Self {
        self.non_blank("username", "the username", username)
    }

    /// Only the user with this id (`pk`).
    pub fn id(self, pk: u64) -> Self {
        self.with(|l| l.param("id", pk))
    }
}

/// A user creation; see [`Users::create`].
#[derive(Debug, Clone)]
#[must_use = "nothing is created until `send` is awaited"]
pub struct CreateUser<'c> {
    client: &'c KechainClient,
    username: String,
    email: String,
    name: Option<String>,
    timezone: Option<String>,
    language: Option<LanguageCode>,
    team_ids: Vec<String>,
    send_password_link: bool,
}

/// The JSON body. Unset optional fields are left out, never sent as `null` (see `send`).
#[derive(Serialize)]
struct UserBody<'a> {
    username: &'a str,
    email: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    timezone: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language_code: Option<&'a LanguageCode>,
    team_ids: &'a [String],
}

impl CreateUser<'_> {
    /// Full name (recommended).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Time zone name, e.g. `Europe/Amsterdam`.
    pub fn timezone(mut self, timezone: impl Into<String>) -> Self {
        self.timezone = Some(timezone.into());
        self
    }

    /// Interface language.
    pub fn language(mut self, language: LanguageCode) -> Self {
        self.language = Some(language);
        self
    }

    /// Teams (ids) the user joins.
    pub fn teams<S: Into<String>>(mut self, team_ids: impl IntoIterator<Item = S>) -> Self {
        self.team_ids = team_ids.into_iter().map(Into::into).collect();
        self
    }

    /// Also asks the server to e-mail a password-reset link (default `false`).
    pub fn send_password_link(mut self, send: bool) -> Self {
        self.send_password_link = send;
        self
    }

    /// Creates the user (201), then requests the password link if asked
    /// (`POST accounts/password/reset/` with `{"email"}`, 200).
    ///
    /// pykechain sends unset `name`, `timezone` and `language_code` as JSON `null`, which Django
    /// REST Framework rejects for non-nullable fields ("This field may not be null."); this
    /// client leaves them out so the server applies its defaults.
    pub async fn send(self) -> Result<User> {
        check_name("the username", &self.username)?;
        if self.username.chars().any(char::is_whitespace) {
            return Err(Error::invalid(format!(
                "the username `{}` must not contain spaces",
                self.username
            )));
        }
        check_email(&self.email)?;
        if let Some(name) = &self.name {
            check_name("the user's name", name)?;
        }
        if let Some(tz) = &self.timezone
            && (tz.trim().is_empty() || tz.chars().any(char::is_whitespace))
        {
            return Err(Error::invalid(format!("`{tz}` is not a time zone name")));
        }
        for team in &self.team_ids {
            check_uuid("team id", team)?;
        }
        let body = UserBody {
            username: &self.username,
            email: &self.email,
            name: self.name.as_deref(),
            timezone: self.timezone.as_deref(),
            language_code: self.language.as_ref(),
            team_ids: &self.team_ids,
        };
        let request = Request::post(LIST).json(&body)?;
        let user: User = first_result(self.client, request, "the created user").await?;
        if self.send_password_link {
            let email = user.email.clone().unwrap_or(self.email);
            let request =
                Request::post(RESET_PASSWORD).json(&serde_json::json!({ "email": email }))?;
            self.client.http.send(request).await?;
        }
        Ok(user)
    }
}

/// A light `name@domain.tld` check, like pykechain's `is_valid_email`.
pub(crate) fn check_email(value: &str) -> Result<()> {
    let ok = match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.split('.').count() >= 2
                && domain.split('.').all(|p| !p.is_empty())
                && !value.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    };
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "`{value}` is not an e-mail address"
        )))
    }
}
