//! Scopes: list, one, create, delete.

use platform_client_core::Request;

use super::List;
use super::{check_iso_date, check_name, check_uuid, first_result, py_bool};
use crate::client::KechainClient;
use crate::error::Result;
use crate::fields;
use crate::models::{Scope, ScopeStatus};

const LIST: &str = "api/v3/scopes.json";

/// The scope handler: `client.scopes()`.
#[derive(Debug, Clone, Copy)]
pub struct Scopes<'c> {
    pub(crate) client: &'c KechainClient,
}

impl<'c> Scopes<'c> {
    /// Lists scopes (by default the `ACTIVE` ones, like pykechain).
    pub fn list(&self) -> List<'c, Scope> {
        List::new(self.client, LIST, "scope").with(|l| {
            l.layout(&["status", "name", "id", "fields", "*"])
                .param("status", ScopeStatus::Active)
                .param("fields", fields::SCOPE)
        })
    }

    /// The scope with this id, whatever its status.
    pub async fn get(&self, id: &str) -> Result<Scope> {
        self.list().any_status().id(id).one().await
    }

    /// Creates a scope named `name` (sent form-encoded, as the server wants).
    pub fn create(&self, name: impl Into<String>) -> CreateScope<'c> {
        CreateScope {
            client: self.client,
            name: name.into(),
            status: ScopeStatus::Active,
            description: None,
            tags: Vec::new(),
            start_date: None,
            due_date: None,
            team_id: None,
        }
    }

    /// Clones `source` (`POST api/v3/scopes/clone`); name, description and tags default to the
    /// source's (the name as `CLONE - <name>`). See [`CloneScope`].
    pub fn clone_scope(&self, source: &Scope) -> CloneScope<'c> {
        CloneScope {
            client: self.client,
            body: CloneBody {
                scope_id: source.id.clone(),
                name: Some(format!("CLONE - {}", source.name)),
                text: Some(source.description.clone().unwrap_or_default()),
                tags: Some(source.tags.clone()),
                ..CloneBody::default()
            },
            asynchronous: false,
        }
    }

    /// Deletes a scope. The server deletes asynchronously unless told otherwise.
    pub async fn delete(&self, id: &str, asynchronous: bool) -> Result<()> {
        check_uuid("scope id", id)?;
        let request = Request::delete(format!("api/v3/scopes/{id}.json"))
            .query("async_mode", py_bool(asynchronous));
        self.client.http.send(request).await?;
        Ok(())
    }
}

impl KechainClient {
    /// The project named by the environment (pykechain's `get_project`): `KECHAIN_SCOPE_ID`,
    /// else `KECHAIN_SCOPE` (by name), with `KECHAIN_SCOPE_STATUS` (default `ACTIVE`), read like
    /// [`KechainClient::from_env`] reads its variables.
    pub async fn project_from_env(&self, env: &platform_client_core::Env) -> Result<Scope> {
        let list = match env.get("KECHAIN_SCOPE_STATUS") {
            Some(status) => self
                .scopes()
                .list()
                .status(ScopeStatus::from_wire(status.trim())),
            None => self.scopes().list(),
        };
        match (env.get("KECHAIN_SCOPE_ID"), env.get("KECHAIN_SCOPE")) {
            (Some(id), _) => list.id(id.trim()).one().await,
            (None, Some(name)) => list.name(name).one().await,
            (None, None) => Err(crate::Error::invalid(
                "set KECHAIN_SCOPE_ID or KECHAIN_SCOPE to name the project",
            )),
        }
    }
}

lookup_filters!(Scope, "scope", "scopes");

/// The filters of [`Scopes::list`].
impl List<'_, Scope> {
    /// Only scopes with this status (default `ACTIVE`).
    pub fn status(self, status: ScopeStatus) -> Self {
        self.with(|l| l.param("status", status))
    }

    /// Scopes of any status.
    pub fn any_status(self) -> Self {
        self.with(|l| l.remove("status"))
    }
}

/// A scope creation; see [`Scopes::create`].
#[derive(Debug, Clone)]
#[must_use = "nothing is created until `send` is awaited"]
pub struct CreateScope<'c> {
    client: &'c KechainClient,
    name: String,
    status: ScopeStatus,
    description: Option<String>,
    tags: Vec<String>,
    start_date: Option<String>,
    due_date: Option<String>,
    team_id: Option<String>,
}

impl CreateScope<'_> {
    /// Status (default `ACTIVE`).
    pub fn status(mut self, status: ScopeStatus) -> Self {
        self.status = status;
        self
    }

    /// Description.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = Some(text.into());
        self
    }

    /// Tags.
    pub fn tags<S: Into<String>>(mut self, tags: impl IntoIterator<Item = S>) -> Self {
        self.tags = tags.into_iter().map(Into::into).collect();
        self
    }

    /// Start date, ISO 8601 (`2022-08-10T14:21:54+00:00`).
    pub fn start_date(mut self, date: impl Into<String>) -> Self {
        self.start_date = Some(date.into());
        self
    }

    /// Due date, ISO 8601.
    pub fn due_date(mut self, date: impl Into<String>) -> Self {
        self.due_date = Some(date.into());
        self
    }

    /// The owning team's id.
    pub fn team(mut self, team_id: impl Into<String>) -> Self {
        self.team_id = Some(team_id.into());
        self
    }

    /// Creates the scope.
    pub async fn send(self) -> Result<Scope> {
        check_name("the scope name", &self.name)?;
        if let Some(team) = &self.team_id {
            check_uuid("team id", team)?;
        }
        for (what, date) in [
            ("start date", &self.start_date),
            ("due date", &self.due_date),
        ] {
            if let Some(date) = date {
                check_iso_date(what, date)?;
            }
        }
        // The order pykechain sends: name, status, text, tags, start_date, due_date, team_id.
        let mut form = vec![
            ("name".to_owned(), self.name.clone()),
            ("status".to_owned(), self.status.to_string()),
        ];
        let text = self
            .description
            .iter()
            .map(|d| ("text".to_owned(), d.clone()));
        let tags = self.tags.iter().map(|t| ("tags".to_owned(), t.clone()));
        let rest = [
            ("start_date", &self.start_date),
            ("due_date", &self.due_date),
            ("team_id", &self.team_id),
        ];
        let rest = rest
            .into_iter()
            .filter_map(|(k, v)| v.as_ref().map(|v| (k.to_owned(), v.clone())));
        form.extend(text.chain(tags).chain(rest));
        let request = Request::post(LIST)
            .query("fields", fields::SCOPE)
            .form(form);
        first_result(self.client, request, "the created scope").await
    }
}

/// The JSON body of a scope clone, in the order pykechain sends it.
#[derive(Debug, Clone, Default, serde::Serialize)]
struct CloneBody {
    scope_id: String,
    name: Option<String>,
    start_date: Option<String>,
    due_date: Option<String>,
    text: Option<String>,
    status: Option<ScopeStatus>,
    tags: Option<Vec<String>>,
    scope_options: serde_json::Map<String, serde_json::Value>,
    async_mode: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    team_id: Option<String>,
}

/// A scope clone; see [`Scopes::clone_scope`]. Unset fields are taken from the source scope.
#[derive(Debug, Clone)]
#[must_use = "nothing is cloned until `send` is awaited"]
pub struct CloneScope<'c> {
    client: &'c KechainClient,
    body: CloneBody,
    asynchronous: bool,
}

impl CloneScope<'_> {
    /// Name of the clone (default `CLONE - <source name>`).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.body.name = Some(name.into());
        self
    }

    /// Description of the clone (default: the source's).
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.body.text = Some(text.into());
        self
    }

    /// Status of the clone (default: the server's choice).
    pub fn status(mut self, status: ScopeStatus) -> Self {
        self.body.status = Some(status);
        self
    }

    /// Tags of the clone (default: the source's).
    pub fn tags<S: Into<String>>(mut self, tags: impl IntoIterator<Item = S>) -> Self {
        self.body.tags = Some(tags.into_iter().map(Into::into).collect());
        self
    }

    /// Start date, ISO 8601.
    pub fn start_date(mut self, date: impl Into<String>) -> Self {
        self.body.start_date = Some(date.into());
        self
    }

    /// Due date, ISO 8601.
    pub fn due_date(mut self, date: impl Into<String>) -> Self {
        self.body.due_date = Some(date.into());
        self
    }

    /// The clone's team.
    pub fn team(mut self, team_id: impl Into<String>) -> Self {
        self.body.team_id = Some(team_id.into());
        self
    }

    /// Lets the server clone in the background: [`CloneScope::send`] then returns `None`
    /// (the server's answer then is not the clone).
    pub fn asynchronous(mut self, asynchronous: bool) -> Self {
        self.asynchronous = asynchronous;
        self
    }

    /// Clones the scope: `Some(clone)`, or `None` when cloning asynchronously.
    pub async fn send(self) -> Result<Option<Scope>> {
        let mut body = self.body;
        check_uuid("scope id", &body.scope_id)?;
        if let Some(team) = &body.team_id {
            check_uuid("team id", team)?;
        }
        if let Some(name) = &body.name {
            check_name("the clone's name", name)?;
        }
        for (what, date) in [
            ("start date", &body.start_date),
            ("due date", &body.due_date),
        ] {
            if let Some(date) = date {
                check_iso_date(what, date)?;
            }
        }
        body.async_mode = self.asynchronous;
        let request = Request::post("api/v3/scopes/clone")
            .query("fields", fields::SCOPE)
            .json(&body)?;
        if self.asynchronous {
            self.client.http.send(request).await?;
            return Ok(None);
        }
        first_result(self.client, request, "the cloned scope")
            .await
            .map(Some)
    }
}
