//! Batch operations (`POST /api/projects/{p}/operations`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// What an operation does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum OperationKind {
    /// Creates an entity.
    Create,
    /// Updates an entity.
    Update,
    /// Deletes an entity.
    Delete,
}

/// One operation of a batch. Build it with [`Operation::create`], [`Operation::update`] or
/// [`Operation::delete`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Operation {
    /// Its id in the batch (made here when not given).
    pub id: String,
    /// What it does.
    #[serde(rename = "type")]
    pub kind: OperationKind,
    /// `folder`, `task`, `product`, `version`, `representation` or `workfile`.
    pub entity_type: String,
    /// The entity (made here for a create, as the reference does).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_id: Option<String>,
    /// The fields to create or change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Map<String, Value>>,
    /// Deletes with everything below (delete only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force: Option<bool>,
    /// The user this operation acts as (service users).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_user: Option<String>,
}

/// The server's answer to a batch: per-operation results and overall success (HTTP 200 even
/// when operations failed).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OperationsAnswer {
    /// One result per operation.
    #[serde(default)]
    pub operations: Vec<OperationResult>,
    /// Whether every operation succeeded.
    #[serde(default)]
    pub success: bool,
}

/// The result of one operation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct OperationResult {
    /// The operation's id.
    #[serde(default, deserialize_with = "crate::models::null_default")]
    pub id: String,
    /// `create`, `update` or `delete`.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// The entity type.
    #[serde(default)]
    pub entity_type: Option<String>,
    /// The entity.
    #[serde(default)]
    pub entity_id: Option<String>,
    /// Whether it succeeded.
    #[serde(default)]
    pub success: bool,
    /// Its HTTP-like status (e.g. 409).
    #[serde(default)]
    pub status: Option<u16>,
    /// The error code (e.g. `unique-violation`).
    #[serde(default)]
    pub error_code: Option<String>,
    /// What went wrong.
    #[serde(default)]
    pub detail: Option<String>,
}

impl OperationsAnswer {
    /// The per-operation results when every operation succeeded, else
    /// [`crate::Error::FailedOperations`] listing every failed one (never printed, never
    /// silent).
    pub fn into_results(self) -> crate::Result<Vec<OperationResult>> {
        if self.success && self.operations.iter().all(|o| o.success) {
            return Ok(self.operations);
        }
        let failed: Vec<OperationResult> =
            self.operations.into_iter().filter(|o| !o.success).collect();
        Err(crate::Error::FailedOperations {
            message: failed.is_empty().then(|| "the batch failed".to_owned()),
            failed,
        })
    }
}
