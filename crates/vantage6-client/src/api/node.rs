//! Nodes: list, get, create (with the api key), update, delete, kill their tasks.

use platform_client_core::Request;
use serde_json::{Map, json};

use super::{List, check_id, check_text, put};
use crate::client::Vantage6Client;
use crate::error::{Error, Result};
use crate::models::{Message, Node, NodeCreated, NodeStatus};

impl Vantage6Client {
    /// Nodes.
    pub fn node(&self) -> Nodes<'_> {
        Nodes { client: self }
    }
}

/// The node handler: `client.node()`.
#[derive(Debug, Clone, Copy)]
pub struct Nodes<'c> {
    client: &'c Vantage6Client,
}

impl<'c> Nodes<'c> {
    /// Lists nodes (`GET node`); narrow it with the filters of [`List<Node>`].
    pub fn list(&self) -> List<'c, Node> {
        List::of(self.client, "node")
    }

    /// One node (`GET node/<id>`).
    pub async fn get(&self, id: u64) -> Result<Node> {
        check_id("id", id)?;
        self.client.json(Request::get(format!("node/{id}"))).await
    }

    /// Registers a node of an organisation (by default the logged-in user's) in
    /// `collaboration` (`POST node`). The answer holds the node's api key, shown only once.
    pub fn create(&self, collaboration: u64) -> NodeCreate<'c> {
        NodeCreate {
            client: self.client,
            collaboration,
            organization: None,
            name: None,
        }
    }

    /// Updates a node (`PATCH node/<id>`): only the fields set are sent. Its organisation
    /// and collaboration cannot change (the server refuses a body naming them).
    pub fn update(&self, id: u64) -> NodeUpdate<'c> {
        NodeUpdate {
            client: self.client,
            id,
            name: None,
            ip: None,
            clear_ip: false,
        }
    }

    /// Deletes a node (`DELETE node/<id>`).
    pub async fn delete(&self, id: u64) -> Result<Message> {
        check_id("id", id)?;
        self.client
            .json(Request::delete(format!("node/{id}")))
            .await
    }

    /// Tells an online node to kill every algorithm container it runs
    /// (`POST kill/node/tasks`). An offline node is an error (400).
    pub async fn kill_tasks(&self, id: u64) -> Result<Message> {
        check_id("id", id)?;
        let request = Request::post("kill/node/tasks").json(&json!({ "id": id }))?;
        self.client.json(request).await
    }
}

impl List<'_, Node> {
    /// Only nodes with this name (`name`; `%` is a wildcard).
    pub fn name(self, name: impl Into<String>) -> Self {
        self.text("name", name)
    }

    /// Only nodes of this organisation (`organization_id`).
    pub fn organization(self, id: u64) -> Self {
        self.id("organization_id", id)
    }

    /// Only nodes of this collaboration (`collaboration_id`).
    pub fn collaboration(self, id: u64) -> Self {
        self.id("collaboration_id", id)
    }

    /// Only nodes of the organisations in this study (`study_id`, servers 4.7+).
    pub fn study(self, id: u64) -> Self {
        self.id("study_id", id)
    }

    /// Only online (or offline) nodes (`status=online|offline`).
    pub fn status(self, status: NodeStatus) -> Self {
        self.text("status", status.as_str())
    }

    /// Only the node with this VPN address (`ip`).
    pub fn ip(self, ip: impl Into<String>) -> Self {
        self.text("ip", ip)
    }

    /// Only nodes seen since this date (`last_seen_from`, e.g. `2024-01-31`).
    pub fn last_seen_from(self, date: impl Into<String>) -> Self {
        self.text("last_seen_from", date)
    }

    /// Only nodes last seen until this date (`last_seen_till`, e.g. `2024-01-31`).
    pub fn last_seen_till(self, date: impl Into<String>) -> Self {
        self.text("last_seen_till", date)
    }
}

/// Registers a node; see [`Nodes::create`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct NodeCreate<'c> {
    client: &'c Vantage6Client,
    collaboration: u64,
    organization: Option<u64>,
    name: Option<String>,
}

impl NodeCreate<'_> {
    /// The organisation the node belongs to (default: the logged-in user's).
    pub fn organization(mut self, id: u64) -> Self {
        self.organization = Some(id);
        self
    }

    /// The node's name (default: `<organisation> - <collaboration> Node`, chosen by the server).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sends the request and returns the node with its api key.
    pub async fn send(self) -> Result<NodeCreated> {
        check_id("collaboration", self.collaboration)?;
        if let Some(name) = &self.name {
            check_text("name", name)?;
        }
        let organization = match self.organization {
            Some(id) => id,
            None => self.client.own_organization()?,
        };
        check_id("organization", organization)?;
        let mut body = Map::new();
        put(&mut body, "organization_id", Some(organization))?;
        put(&mut body, "collaboration_id", Some(self.collaboration))?;
        put(&mut body, "name", self.name)?;
        self.client.json(Request::post("node").json(&body)?).await
    }
}

/// Updates a node; see [`Nodes::update`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct NodeUpdate<'c> {
    client: &'c Vantage6Client,
    id: u64,
    name: Option<String>,
    ip: Option<String>,
    clear_ip: bool,
}

impl NodeUpdate<'_> {
    /// A new name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets the node's VPN address (`ip`).
    pub fn ip(mut self, ip: impl Into<String>) -> Self {
        self.ip = Some(ip.into());
        self
    }

    /// Forgets the node's VPN address (`clear_ip: true`).
    pub fn clear_ip(mut self) -> Self {
        self.clear_ip = true;
        self
    }

    /// Sends the request and returns the node.
    pub async fn send(self) -> Result<Node> {
        check_id("id", self.id)?;
        if let Some(name) = &self.name {
            check_text("name", name)?;
        }
        if let Some(ip) = &self.ip {
            check_text("ip", ip)?;
            if self.clear_ip {
                return Err(Error::invalid("set `ip` or `clear_ip`, not both"));
            }
        }
        let mut body = Map::new();
        put(&mut body, "name", self.name)?;
        put(&mut body, "ip", self.ip)?;
        put(&mut body, "clear_ip", self.clear_ip.then_some(true))?;
        if body.is_empty() {
            return Err(Error::invalid("nothing to update: set at least one field"));
        }
        let request = Request::patch(format!("node/{}", self.id)).json(&body)?;
        self.client.json(request).await
    }
}
