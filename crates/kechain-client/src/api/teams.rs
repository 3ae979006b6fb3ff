//! Teams: list, one, get, create (with its owner), add and remove members, delete.

use platform_client_core::Request;
use serde::Serialize;
use serde_json::{Map, Value};

use super::List;
use super::{check_name, check_uuid, first_result, py_bool};
use crate::client::KechainClient;
use crate::error::{Error, Result};
use crate::models::{Team, TeamRole};

const LIST: &str = "api/teams.json";

impl KechainClient {
    /// Teams.
    pub fn teams(&self) -> Teams<'_> {
        Teams { client: self }
    }
}

/// A user given by login name or by id, e.g. the owner of a new team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserRef {
    /// A login name, looked up with `users().list().username(…).one()`.
    Username(String),
    /// A user id (`pk`), used as is.
    Id(u64),
}

impl From<&str> for UserRef {
    fn from(username: &str) -> Self {
        UserRef::Username(username.to_owned())
    }
}

impl From<String> for UserRef {
    fn from(username: String) -> Self {
        UserRef::Username(username)
    }
}

impl From<u64> for UserRef {
    fn from(pk: u64) -> Self {
        UserRef::Id(pk)
    }
}

impl From<&crate::models::User> for UserRef {
    fn from(user: &crate::models::User) -> Self {
        UserRef::Id(user.pk)
    }
}

/// The team handler: `client.teams()`.
#[derive(Debug, Clone, Copy)]
pub struct Teams<'c> {
    pub(crate) client: &'c KechainClient,
}

impl<'c> Teams<'c> {
    /// Lists teams (by default the visible ones, `is_hidden=False`, like pykechain).
    pub fn list(&self) -> List<'c, Team> {
        List::new(self.client, LIST, "team").with(|l| {
            l.layout(&["name", "id", "is_hidden", "*"])
                .param("is_hidden", py_bool(false))
        })
    }

    /// The visible team with this id.
    pub async fn get(&self, id: &str) -> Result<Team> {
        self.list().id(id).one().await
    }

    /// The team with this id, hidden or not, read from its detail route `api/v3/teams/{id}`.
    pub async fn refresh(&self, id: &str) -> Result<Team> {
        check_uuid("team id", id)?;
        let request = Request::get(format!("api/v3/teams/{id}"));
        first_result(self.client, request, "the team").await
    }

    /// Creates a team named `name` whose only member is `owner`, as its owner.
    pub fn create(&self, name: impl Into<String>, owner: impl Into<UserRef>) -> CreateTeam<'c> {
        CreateTeam {
            client: self.client,
            name: name.into(),
            owner: owner.into(),
            description: None,
            options: Map::new(),
            is_hidden: false,
        }
    }

    /// Adds users (ids) to a team with `role`; returns the updated team.
    pub async fn add_members(&self, id: &str, role: TeamRole, users: &[u64]) -> Result<Team> {
        check_uuid("team id", id)?;
        check_users(users)?;
        let body = serde_json::json!({ "role": role, "users": users });
        let request = Request::put(format!("api/teams/{id}/add_members")).json(&body)?;
        first_result(self.client, request, "the team").await
    }

    /// Removes users (ids) from a team; returns the updated team.
    pub async fn remove_members(&self, id: &str, users: &[u64]) -> Result<Team> {
        check_uuid("team id", id)?;
        check_users(users)?;
        let body = serde_json::json!({ "users": users });
        let request = Request::put(format!("api/teams/{id}/remove_members")).json(&body)?;
        first_result(self.client, request, "the team").await
    }

    /// Deletes a team (its members remain).
    pub async fn delete(&self, id: &str) -> Result<()> {
        check_uuid("team id", id)?;
        self.client
            .http
            .send(Request::delete(format!("api/teams/{id}.json")))
            .await?;
        Ok(())
    }
}

fn check_users(users: &[u64]) -> Result<()> {
    if users.is_empty() {
        Err(Error::invalid("give at least one user id"))
    } else {
        Ok(())
    }
}

lookup_filters!(Team, "team", "teams");

/// The filters of [`Teams::list`].
impl List<'_, Team> {
    /// Only hidden (`true`) or only visible (`false`, the default) teams.
    pub fn hidden(self, hidden: bool) -> Self {
        self.with(|l| l.param("is_hidden", py_bool(hidden)))
    }

    /// Hidden and visible teams alike (no `is_hidden` filter).
    pub fn any_visibility(self) -> Self {
        self.with(|l| l.remove("is_hidden"))
    }
}

/// A team creation; see [`Teams::create`].
#[derive(Debug, Clone)]
#[must_use = "nothing is created until `send` is awaited"]
pub struct CreateTeam<'c> {
    client: &'c KechainClient,
    name: String,
    owner: UserRef,
    description: Option<String>,
    options: Map<String, Value>,
    is_hidden: bool,
}

#[derive(Serialize)]
struct TeamBody<'a> {
    name: &'a str,
    description: &'a str,
    options: &'a Map<String, Value>,
    is_hidden: bool,
}

impl CreateTeam<'_> {
    /// Description (default empty).
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = Some(text.into());
        self
    }

    /// Team options, e.g. `{"landingPage": "#/scopes/<id>"}`.
    pub fn options(mut self, options: Map<String, Value>) -> Self {
        self.options = options;
        self
    }

    /// Hides the team (default `false`).
    pub fn hidden(mut self, hidden: bool) -> Self {
        self.is_hidden = hidden;
        self
    }

    /// Creates the team the way pykechain does: look the owner up when given by name,
    /// `POST api/teams.json` (201), `PUT …/add_members` with role `OWNER`, then, when the
    /// server added others (it adds the creating user), `PUT …/remove_members` and a final
    /// `GET api/v3/teams/{id}`. Returns the team as it stands after those calls.
    pub async fn send(self) -> Result<Team> {
        check_name("the team name", &self.name)?;
        let teams = Teams {
            client: self.client,
        };
        let owner = match &self.owner {
            UserRef::Id(pk) => *pk,
            UserRef::Username(username) => {
                check_name("the owner's username", username)?;
                self.client
                    .users()
                    .list()
                    .username(username)
                    .one()
                    .await?
                    .pk
            }
        };
        let body = TeamBody {
            name: &self.name,
            description: self.description.as_deref().unwrap_or_default(),
            options: &self.options,
            is_hidden: self.is_hidden,
        };
        let request = Request::post(LIST).json(&body)?;
        let created: Team = first_result(self.client, request, "the created team").await?;
        let team = teams
            .add_members(&created.id, TeamRole::Owner, &[owner])
            .await?;
        let others: Vec<u64> = team
            .members
            .iter()
            .map(|m| m.pk)
            .filter(|pk| *pk != owner)
            .collect();
        if others.is_empty() {
            return Ok(team);
        }
        teams.remove_members(&team.id, &others).await?;
        teams.refresh(&team.id).await
    }
}
