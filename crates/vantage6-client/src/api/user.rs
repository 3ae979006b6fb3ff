//! Users: list, get (by id or the own one), create, update, delete.

use platform_client_core::Request;
use platform_client_core::reexports::{ExposeSecret, SecretString};
use serde_json::{Map, Value, json};

use super::{List, check_id, check_ids, check_text, delete_request, put};
use crate::client::Vantage6Client;
use crate::error::{Error, Result};
use crate::models::{Message, User};

impl Vantage6Client {
    /// Users.
    pub fn user(&self) -> Users<'_> {
        Users { client: self }
    }

    /// The logged-in user's id, or [`Error::NotAuthenticated`] (also when logged in as a node).
    pub(crate) fn own_user(&self) -> Result<u64> {
        match self.whoami() {
            Some(who) if who.kind == "user" => Ok(who.id),
            Some(_) => Err(Error::invalid(
                "logged in as a node, which has no user: pass a user id",
            )),
            None => Err(Error::NotAuthenticated),
        }
    }
}

/// The user handler: `client.user()`.
#[derive(Debug, Clone, Copy)]
pub struct Users<'c> {
    client: &'c Vantage6Client,
}

impl<'c> Users<'c> {
    /// Lists users (`GET user`); narrow it with the filters of [`List<User>`].
    pub fn list(&self) -> List<'c, User> {
        List::of(self.client, "user")
    }

    /// One user (`GET user/<id>`).
    pub async fn get(&self, id: u64) -> Result<User> {
        check_id("id", id)?;
        self.client.json(Request::get(format!("user/{id}"))).await
    }

    /// The logged-in user (`GET user/<own id>`); [`Error::NotAuthenticated`] before a login.
    pub async fn own(&self) -> Result<User> {
        self.get(self.client.own_user()?).await
    }

    /// Creates a user (`POST user`, answered with 201). The user joins the caller's own
    /// organisation unless [`UserCreate::organization`] says otherwise; roles and extra rules
    /// are set on the returned request. The password is kept as a secret (never in `Debug`
    /// output) and checked by the server's password policy.
    pub fn create(
        &self,
        username: impl Into<String>,
        firstname: impl Into<String>,
        lastname: impl Into<String>,
        password: impl Into<String>,
        email: impl Into<String>,
    ) -> UserCreate<'c> {
        UserCreate {
            client: self.client,
            username: username.into(),
            firstname: firstname.into(),
            lastname: lastname.into(),
            password: SecretString::from(password.into()),
            email: email.into(),
            organization: None,
            roles: Vec::new(),
            rules: Vec::new(),
        }
    }

    /// Updates a user (`PATCH user/<id>`): only the fields set are sent.
    pub fn update(&self, id: u64) -> UserUpdate<'c> {
        UserUpdate::new(self.client, Some(id))
    }

    /// Updates the logged-in user.
    pub fn update_own(&self) -> UserUpdate<'c> {
        UserUpdate::new(self.client, None)
    }

    /// Deletes a user (`DELETE user/<id>`). A user who created tasks is only deleted with
    /// `delete_dependents` (their tasks go too; sent as `delete_dependents=1`, left out when
    /// false); otherwise the server answers 400.
    pub async fn delete(&self, id: u64, delete_dependents: bool) -> Result<Message> {
        check_id("id", id)?;
        let request = delete_request(format!("user/{id}"), delete_dependents);
        self.client.json(request).await
    }
}

impl List<'_, User> {
    /// Only users with this user name (`username`; `%` is a wildcard).
    pub fn username(self, username: impl Into<String>) -> Self {
        self.text("username", username)
    }

    /// Only members of this organisation (`organization_id`).
    pub fn organization(self, id: u64) -> Self {
        self.id("organization_id", id)
    }

    /// Only users with this first name (`firstname`; `%` is a wildcard).
    pub fn firstname(self, firstname: impl Into<String>) -> Self {
        self.text("firstname", firstname)
    }

    /// Only users with this last name (`lastname`; `%` is a wildcard).
    pub fn lastname(self, lastname: impl Into<String>) -> Self {
        self.text("lastname", lastname)
    }

    /// Only users with this e-mail address (`email`; `%` is a wildcard).
    pub fn email(self, email: impl Into<String>) -> Self {
        self.text("email", email)
    }

    /// Only users with this role (`role_id`).
    pub fn role(self, id: u64) -> Self {
        self.id("role_id", id)
    }

    /// Only users with this extra rule (`rule_id`).
    pub fn rule(self, id: u64) -> Self {
        self.id("rule_id", id)
    }

    /// Only users seen since this date (`last_seen_from`, `yyyy-mm-dd`).
    pub fn last_seen_from(self, date: impl Into<String>) -> Self {
        self.text("last_seen_from", date)
    }

    /// Only users seen until this date (`last_seen_till`, `yyyy-mm-dd`).
    pub fn last_seen_till(self, date: impl Into<String>) -> Self {
        self.text("last_seen_till", date)
    }
}

/// Creates a user; see [`Users::create`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct UserCreate<'c> {
    client: &'c Vantage6Client,
    username: String,
    firstname: String,
    lastname: String,
    password: SecretString,
    email: String,
    organization: Option<u64>,
    roles: Vec<u64>,
    rules: Vec<u64>,
}

impl UserCreate<'_> {
    /// The organisation the user joins (`organization_id`; default: the caller's own; another
    /// one needs the global create-user rule).
    pub fn organization(mut self, id: u64) -> Self {
        self.organization = Some(id);
        self
    }

    /// The roles to give the user (`roles`; only roles whose rules the caller has).
    pub fn roles(mut self, ids: impl IntoIterator<Item = u64>) -> Self {
        self.roles = ids.into_iter().collect();
        self
    }

    /// Extra rules on top of the roles (`rules`; only rules the caller has).
    pub fn rules(mut self, ids: impl IntoIterator<Item = u64>) -> Self {
        self.rules = ids.into_iter().collect();
        self
    }

    /// Sends the request and returns the new user.
    pub async fn send(self) -> Result<User> {
        check_text("username", &self.username)?;
        check_text("firstname", &self.firstname)?;
        check_text("lastname", &self.lastname)?;
        check_text("email", &self.email)?;
        if self.password.expose_secret().is_empty() {
            return Err(Error::invalid("`password` is empty"));
        }
        if let Some(id) = self.organization {
            check_id("organization", id)?;
        }
        check_ids("roles", &self.roles, true)?;
        check_ids("rules", &self.rules, true)?;
        let mut body = json!({
            "username": self.username,
            "firstname": self.firstname,
            "lastname": self.lastname,
            "password": self.password.expose_secret(),
            "email": self.email,
            "roles": self.roles,
            "rules": self.rules,
        });
        if let Some(id) = self.organization {
            body["organization_id"] = json!(id);
        }
        let request = Request::post("user").json(&body)?;
        self.client.json(request).await
    }
}

/// Updates a user; see [`Users::update`]. Only the fields set are sent; lists replace the
/// user's current roles or rules.
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct UserUpdate<'c> {
    client: &'c Vantage6Client,
    /// `None`: the logged-in user.
    id: Option<u64>,
    texts: Vec<(&'static str, String)>,
    organization: Option<u64>,
    roles: Option<Vec<u64>>,
    rules: Option<Vec<u64>>,
}

impl<'c> UserUpdate<'c> {
    fn new(client: &'c Vantage6Client, id: Option<u64>) -> Self {
        UserUpdate {
            client,
            id,
            texts: Vec::new(),
            organization: None,
            roles: None,
            rules: None,
        }
    }

    fn text(mut self, key: &'static str, value: impl Into<String>) -> Self {
        self.texts.retain(|(k, _)| *k != key);
        self.texts.push((key, value.into()));
        self
    }

    /// First name.
    pub fn firstname(self, value: impl Into<String>) -> Self {
        self.text("firstname", value)
    }

    /// Last name.
    pub fn lastname(self, value: impl Into<String>) -> Self {
        self.text("lastname", value)
    }

    /// E-mail address (unique on the server).
    pub fn email(self, value: impl Into<String>) -> Self {
        self.text("email", value)
    }

    /// Moves the user to another organisation (`organization_id`, as the Python client sends
    /// it; vantage6 4.x servers do not change the organisation of an existing user).
    pub fn organization(mut self, id: u64) -> Self {
        self.organization = Some(id);
        self
    }

    /// Replaces the user's roles (`roles`; an empty list removes them all). Users cannot
    /// change their own roles.
    pub fn roles(mut self, ids: impl IntoIterator<Item = u64>) -> Self {
        self.roles = Some(ids.into_iter().collect());
        self
    }

    /// Replaces the user's extra rules (`rules`; an empty list removes them all). Users cannot
    /// change their own rules.
    pub fn rules(mut self, ids: impl IntoIterator<Item = u64>) -> Self {
        self.rules = Some(ids.into_iter().collect());
        self
    }

    /// Sends the request and returns the user.
    pub async fn send(self) -> Result<User> {
        let id = match self.id {
            Some(id) => id,
            None => self.client.own_user()?,
        };
        check_id("id", id)?;
        let mut body = Map::new();
        for (key, value) in self.texts {
            check_text(key, &value)?;
            body.insert(key.to_owned(), Value::String(value));
        }
        if let Some(org) = self.organization {
            check_id("organization", org)?;
        }
        put(&mut body, "organization_id", self.organization)?;
        for (key, ids) in [("roles", &self.roles), ("rules", &self.rules)] {
            if let Some(ids) = ids {
                check_ids(key, ids, true)?;
            }
            put(&mut body, key, ids.as_ref())?;
        }
        if body.is_empty() {
            return Err(Error::invalid("nothing to update: set at least one field"));
        }
        let request = Request::patch(format!("user/{id}")).json(&body)?;
        self.client.json(request).await
    }
}
