//! Roles: list, get, create, update, delete.

use platform_client_core::Request;
use serde_json::Map;

use super::{List, check_id, check_ids, check_text, put};
use crate::client::Vantage6Client;
use crate::error::{Error, Result};
use crate::models::{Message, Role};

impl Vantage6Client {
    /// Roles.
    pub fn role(&self) -> Roles<'_> {
        Roles { client: self }
    }
}

/// The role handler: `client.role()`.
#[derive(Debug, Clone, Copy)]
pub struct Roles<'c> {
    client: &'c Vantage6Client,
}

impl<'c> Roles<'c> {
    /// Lists roles (`GET role`); narrow it with the filters of [`List<Role>`].
    pub fn list(&self) -> List<'c, Role> {
        List::of(self.client, "role")
    }

    /// One role (`GET role/<id>`).
    pub async fn get(&self, id: u64) -> Result<Role> {
        check_id("id", id)?;
        self.client.json(Request::get(format!("role/{id}"))).await
    }

    /// Creates a role of the logged-in user's organisation (or of
    /// [`RoleCreate::organization`]) holding `rules` (rule ids; may be empty) (`POST role`).
    pub fn create(
        &self,
        name: impl Into<String>,
        description: impl Into<String>,
        rules: impl IntoIterator<Item = u64>,
    ) -> RoleCreate<'c> {
        RoleCreate {
            client: self.client,
            name: name.into(),
            description: description.into(),
            rules: rules.into_iter().collect(),
            organization: None,
        }
    }

    /// Updates a role (`PATCH role/<id>`): only the fields set are sent. Default roles
    /// cannot be changed.
    pub fn update(&self, id: u64) -> RoleUpdate<'c> {
        RoleUpdate {
            client: self.client,
            id,
            name: None,
            description: None,
            rules: None,
        }
    }

    /// Deletes a role (`DELETE role/<id>`). The server refuses while users have it, unless
    /// `delete_dependents` is true (then sent as `delete_dependents=1`, else left out).
    /// Default roles cannot be deleted.
    pub async fn delete(&self, id: u64, delete_dependents: bool) -> Result<Message> {
        check_id("id", id)?;
        let request = super::delete_request(format!("role/{id}"), delete_dependents);
        self.client.json(request).await
    }
}

impl List<'_, Role> {
    /// Only roles with this name (`name`; `%` is a wildcard).
    pub fn name(self, name: impl Into<String>) -> Self {
        self.text("name", name)
    }

    /// Only roles with this description (`description`; `%` is a wildcard).
    pub fn description(self, description: impl Into<String>) -> Self {
        self.text("description", description)
    }

    /// Only roles of this organisation (`organization_id`); add
    /// [`Self::include_root`] to list the default roles too.
    pub fn organization(self, id: u64) -> Self {
        self.id("organization_id", id)
    }

    /// Only roles of the organisations in this collaboration (`collaboration_id`, servers
    /// 4.3+).
    pub fn collaboration(self, id: u64) -> Self {
        self.id("collaboration_id", id)
    }

    /// Only roles holding this rule (`rule_id`).
    pub fn rule(self, id: u64) -> Self {
        self.id("rule_id", id)
    }

    /// Only roles of this user (`user_id`).
    pub fn user(self, id: u64) -> Self {
        self.id("user_id", id)
    }

    /// With an organisation filter, also the default roles, which belong to no organisation
    /// (`include_root=1`; left out when false).
    pub fn include_root(self, include: bool) -> Self {
        self.flag("include_root", include)
    }
}

/// Creates a role; see [`Roles::create`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct RoleCreate<'c> {
    client: &'c Vantage6Client,
    name: String,
    description: String,
    rules: Vec<u64>,
    organization: Option<u64>,
}

impl RoleCreate<'_> {
    /// The organisation the role belongs to (default: the logged-in user's).
    pub fn organization(mut self, id: u64) -> Self {
        self.organization = Some(id);
        self
    }

    /// Sends the request and returns the role.
    pub async fn send(self) -> Result<Role> {
        check_text("name", &self.name)?;
        check_ids("rules", &self.rules, true)?;
        let organization = match self.organization {
            Some(id) => id,
            None => self.client.own_organization()?,
        };
        check_id("organization", organization)?;
        let mut body = Map::new();
        put(&mut body, "name", Some(self.name))?;
        put(&mut body, "description", Some(self.description))?;
        put(&mut body, "rules", Some(self.rules))?;
        put(&mut body, "organization_id", Some(organization))?;
        self.client.json(Request::post("role").json(&body)?).await
    }
}

/// Updates a role; see [`Roles::update`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct RoleUpdate<'c> {
    client: &'c Vantage6Client,
    id: u64,
    name: Option<String>,
    description: Option<String>,
    rules: Option<Vec<u64>>,
}

impl RoleUpdate<'_> {
    /// A new name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// A new description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Replaces the role's rules (rule ids; may be empty). Careful: removing rules from a role
    /// you have yourself removes your own permissions.
    pub fn rules(mut self, ids: impl IntoIterator<Item = u64>) -> Self {
        self.rules = Some(ids.into_iter().collect());
        self
    }

    /// Sends the request and returns the role.
    pub async fn send(self) -> Result<Role> {
        check_id("id", self.id)?;
        if let Some(name) = &self.name {
            check_text("name", name)?;
        }
        if let Some(rules) = &self.rules {
            check_ids("rules", rules, true)?;
        }
        let mut body = Map::new();
        put(&mut body, "name", self.name)?;
        put(&mut body, "description", self.description)?;
        put(&mut body, "rules", self.rules)?;
        if body.is_empty() {
            return Err(Error::invalid("nothing to update: set at least one field"));
        }
        let request = Request::patch(format!("role/{}", self.id)).json(&body)?;
        self.client.json(request).await
    }
}
