//! Collaborations: list, get, create, update, delete, and their member organisations.

use platform_client_core::Request;
use platform_client_core::reexports::Method;
use serde_json::{Map, json};

use super::{List, check_id, check_ids, check_text, put};
use crate::client::Vantage6Client;
use crate::error::{Error, Result};
use crate::models::{Collaboration, Message, Organization};

impl Vantage6Client {
    /// Collaborations.
    pub fn collaboration(&self) -> Collaborations<'_> {
        Collaborations { client: self }
    }
}

/// The collaboration handler: `client.collaboration()`.
#[derive(Debug, Clone, Copy)]
pub struct Collaborations<'c> {
    client: &'c Vantage6Client,
}

impl<'c> Collaborations<'c> {
    /// Lists the collaborations the user may see (`GET collaboration`); narrow it with the
    /// filters of [`List<Collaboration>`]. Unlike the Python client (whose default scope is
    /// `organization`), nothing is filtered unless asked: use
    /// [`List::<Collaboration>::own_organization`] for that.
    pub fn list(&self) -> List<'c, Collaboration> {
        List::of(self.client, "collaboration")
    }

    /// One collaboration (`GET collaboration/<id>`).
    pub async fn get(&self, id: u64) -> Result<Collaboration> {
        check_id("id", id)?;
        self.client
            .json(Request::get(format!("collaboration/{id}")))
            .await
    }

    /// Creates a collaboration of `organizations` (`POST collaboration`; the server answers
    /// 200). `encrypted` makes task input and results end-to-end encrypted, which needs every
    /// member organisation to have uploaded a public key.
    pub async fn create(
        &self,
        name: &str,
        organizations: &[u64],
        encrypted: bool,
    ) -> Result<Collaboration> {
        check_text("name", name)?;
        check_organizations(organizations)?;
        let body = json!({"name": name, "organization_ids": organizations, "encrypted": encrypted});
        self.client
            .json(Request::post("collaboration").json(&body)?)
            .await
    }

    /// Updates a collaboration (`PATCH collaboration/<id>`): only the fields set are sent.
    pub fn update(&self, id: u64) -> CollaborationUpdate<'c> {
        CollaborationUpdate {
            client: self.client,
            id,
            name: None,
            encrypted: None,
            organizations: None,
        }
    }

    /// Deletes a collaboration (`DELETE collaboration/<id>`). The server refuses while it has
    /// tasks, nodes or studies, unless `delete_dependents` is true (then sent as
    /// `delete_dependents=1`; when false the parameter is left out, since the server reads
    /// any value, `False` included, as true).
    pub async fn delete(&self, id: u64, delete_dependents: bool) -> Result<Message> {
        check_id("id", id)?;
        let request = super::delete_request(format!("collaboration/{id}"), delete_dependents);
        self.client.json(request).await
    }

    /// Adds an organisation to a collaboration (`POST collaboration/<id>/organization`) and
    /// returns the collaboration's organisations.
    pub async fn add_organization(
        &self,
        collaboration: u64,
        organization: u64,
    ) -> Result<Vec<Organization>> {
        self.members(Method::POST, collaboration, organization)
            .await
    }

    /// Removes an organisation from a collaboration (`DELETE collaboration/<id>/organization`)
    /// and returns the organisations that remain.
    pub async fn remove_organization(
        &self,
        collaboration: u64,
        organization: u64,
    ) -> Result<Vec<Organization>> {
        self.members(Method::DELETE, collaboration, organization)
            .await
    }

    async fn members(
        &self,
        method: Method,
        collaboration: u64,
        organization: u64,
    ) -> Result<Vec<Organization>> {
        check_id("collaboration", collaboration)?;
        check_id("organization", organization)?;
        let request = Request::new(
            method,
            format!("collaboration/{collaboration}/organization"),
        )
        .json(&json!({ "id": organization }))?;
        self.client.json(request).await
    }
}

/// Rejects an empty list, id 0 and repeated ids (the server wants them unique).
fn check_organizations(ids: &[u64]) -> Result<()> {
    check_ids("organizations", ids, false)?;
    for (i, id) in ids.iter().enumerate() {
        if ids[..i].contains(id) {
            return Err(Error::invalid(format!(
                "`organizations` lists organisation {id} twice"
            )));
        }
    }
    Ok(())
}

impl List<'_, Collaboration> {
    /// Only collaborations with this name (`name`; `%` is a wildcard).
    pub fn name(self, name: impl Into<String>) -> Self {
        self.text("name", name)
    }

    /// Only encrypted (or only unencrypted) collaborations (`encrypted=1|0`).
    pub fn encrypted(self, encrypted: bool) -> Self {
        self.bit("encrypted", encrypted)
    }

    /// Only collaborations this organisation takes part in (`organization_id`).
    pub fn organization(self, id: u64) -> Self {
        self.id("organization_id", id)
    }

    /// Only collaborations the logged-in user's organisation takes part in (the Python
    /// client's `scope="organization"`). Before a login this is reported as invalid input when
    /// the list is sent.
    pub fn own_organization(self) -> Self {
        match self.inner().client().own_organization() {
            Ok(id) => self.id("organization_id", id),
            Err(e) => self.with(|l| l.check(Err(e))),
        }
    }

    /// Only collaborations that use this algorithm store (`algorithm_store_id`, servers 4.5+).
    pub fn algorithm_store(self, id: u64) -> Self {
        self.id("algorithm_store_id", id)
    }
}

/// Updates a collaboration; see [`Collaborations::update`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct CollaborationUpdate<'c> {
    client: &'c Vantage6Client,
    id: u64,
    name: Option<String>,
    encrypted: Option<bool>,
    organizations: Option<Vec<u64>>,
}

impl CollaborationUpdate<'_> {
    /// A new name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Turns encryption on or off.
    pub fn encrypted(mut self, encrypted: bool) -> Self {
        self.encrypted = Some(encrypted);
        self
    }

    /// Replaces the member organisations (`organization_ids`): organisations not listed
    /// leave the collaboration.
    pub fn organizations(mut self, ids: impl IntoIterator<Item = u64>) -> Self {
        self.organizations = Some(ids.into_iter().collect());
        self
    }

    /// Sends the request and returns the collaboration.
    pub async fn send(self) -> Result<Collaboration> {
        check_id("id", self.id)?;
        if let Some(name) = &self.name {
            check_text("name", name)?;
        }
        if let Some(ids) = &self.organizations {
            check_organizations(ids)?;
        }
        let mut body = Map::new();
        put(&mut body, "name", self.name)?;
        put(&mut body, "encrypted", self.encrypted)?;
        put(&mut body, "organization_ids", self.organizations)?;
        if body.is_empty() {
            return Err(Error::invalid("nothing to update: set at least one field"));
        }
        let request = Request::patch(format!("collaboration/{}", self.id)).json(&body)?;
        self.client.json(request).await
    }
}
