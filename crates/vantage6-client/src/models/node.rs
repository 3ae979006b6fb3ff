//! Nodes, and the api key a node is created with.

use std::fmt;
use std::ops::Deref;

use platform_client_core::reexports::{ExposeSecret, SecretString};
use serde::{Deserialize, Deserializer, Serialize};

use super::Ref;

platform_client_core::string_enum! {
    /// Whether a node is connected to the server (`status`; `null` on 4.2 servers for nodes
    /// that never connected).
    pub enum NodeStatus {
        /// Connected.
        Online => "online",
        /// Not connected.
        Offline => "offline",
    }
}

/// One configuration entry a node reported: `{"key": "...", "value": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeConfig {
    /// The setting.
    #[serde(default)]
    pub key: Option<String>,
    /// Its value.
    #[serde(default)]
    pub value: Option<String>,
}

/// A node: the process an organisation runs for one collaboration (`GET node/<id>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Node {
    /// Id (users and nodes share one sequence).
    pub id: u64,
    /// Unique name (the server names it `<organisation> - <collaboration> Node` unless told).
    #[serde(default)]
    pub name: Option<String>,
    /// Always `node`.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// The node's VPN address, when it has one.
    #[serde(default)]
    pub ip: Option<String>,
    /// When it was last connected (naive ISO date-time, server time).
    #[serde(default)]
    pub last_seen: Option<String>,
    /// Online or offline.
    #[serde(default)]
    pub status: Option<NodeStatus>,
    /// The configuration it reported.
    #[serde(default)]
    pub config: Vec<NodeConfig>,
    /// Its organisation.
    #[serde(default)]
    pub organization: Option<Ref>,
    /// Its collaboration.
    #[serde(default)]
    pub collaboration: Option<Ref>,
    /// Fields this version does not model (the raw JSON escape hatch; fields named like
    /// secrets are left out).
    #[serde(
        flatten,
        deserialize_with = "platform_client_core::model::extra_without_secrets"
    )]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Node {
    /// Whether the node is connected now.
    pub fn is_online(&self) -> bool {
        self.status == Some(NodeStatus::Online)
    }
}

/// A node just created (`POST node`), with its api key: the server shows the key only in
/// this answer. The key is kept out of `Debug` output; read it with [`NodeCreated::api_key`].
/// The node's fields are reachable directly (`created.id`).
#[derive(Clone)]
pub struct NodeCreated {
    /// The node.
    pub node: Node,
    api_key: SecretString,
}

impl NodeCreated {
    /// The api key the node logs in with (`POST token/node`). Store it in the node's
    /// configuration: it cannot be read again.
    pub fn api_key(&self) -> &str {
        self.api_key.expose_secret()
    }

    /// The node and its api key.
    pub fn into_parts(self) -> (Node, SecretString) {
        (self.node, self.api_key)
    }
}

impl Deref for NodeCreated {
    type Target = Node;

    fn deref(&self) -> &Node {
        &self.node
    }
}

impl fmt::Debug for NodeCreated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NodeCreated")
            .field("node", &self.node)
            .field("api_key", &"[redacted]")
            .finish()
    }
}

impl<'de> Deserialize<'de> for NodeCreated {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Answer {
            #[serde(flatten)]
            node: Node,
            api_key: String,
        }
        let answer = Answer::deserialize(deserializer)?;
        Ok(NodeCreated {
            node: answer.node,
            api_key: SecretString::from(answer.api_key),
        })
    }
}
