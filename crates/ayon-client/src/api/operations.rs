//! Batch operations: create, update and delete entities in one request
//! (`POST /api/projects/{p}/operations`), and a session that collects operations and commits
//! them in chunks.

use platform_client_core::Request;
use serde_json::{Map, Value, json};

use super::{check_project_name, entity_id, new_entity_id};
use crate::client::AyonClient;
use crate::error::{Error, Result};
use crate::models::{Operation, OperationKind, OperationResult, OperationsAnswer};

/// Operations per request of [`OperationsSession::commit`] unless told otherwise.
pub const DEFAULT_CHUNK_SIZE: usize = 100;
/// The entity types batch operations write.
const ENTITY_TYPES: [&str; 6] = [
    "folder",
    "task",
    "product",
    "version",
    "representation",
    "workfile",
];

impl Operation {
    /// Creates an entity of `entity_type` with `data` (an id is made when `data` has none).
    pub fn create(entity_type: &str, mut data: Map<String, Value>) -> Operation {
        let id = data
            .get("id")
            .and_then(Value::as_str)
            .map_or_else(new_entity_id, str::to_owned);
        data.insert("id".to_owned(), json!(id));
        Operation::new(OperationKind::Create, entity_type, Some(id), Some(data))
    }

    /// Changes `data` of an entity.
    pub fn update(entity_type: &str, entity_id: &str, data: Map<String, Value>) -> Operation {
        Operation::new(
            OperationKind::Update,
            entity_type,
            Some(entity_id.to_owned()),
            Some(data),
        )
    }

    /// Deletes an entity (with everything below it when `force`).
    pub fn delete(entity_type: &str, entity_id: &str, force: bool) -> Operation {
        let mut op = Operation::new(
            OperationKind::Delete,
            entity_type,
            Some(entity_id.to_owned()),
            None,
        );
        op.force = force.then_some(true);
        op
    }

    fn new(
        kind: OperationKind,
        entity_type: &str,
        entity_id: Option<String>,
        data: Option<Map<String, Value>>,
    ) -> Operation {
        Operation {
            id: new_entity_id(),
            kind,
            entity_type: entity_type.to_owned(),
            entity_id,
            data,
            force: None,
            as_user: None,
        }
    }

    /// Acts as another user (service users).
    pub fn as_user(mut self, user: &str) -> Operation {
        self.as_user = Some(user.to_owned());
        self
    }

    /// Refuses what the server would: an unknown entity type, a bad entity id, a create or
    /// update without data.
    /// The operation as the server wants it: checked (see [`Self::check`]), ids as 32
    /// lowercase hex (dashed UUIDs converted) in `entityId` and `data.id`.
    fn normalised(&self) -> Result<Operation> {
        self.check()?;
        let mut op = self.clone();
        if let Some(id) = &op.entity_id {
            let id = entity_id("entity_id", id)?;
            if let Some(data) = op
                .data
                .as_mut()
                .filter(|_| op.kind == OperationKind::Create)
            {
                data.insert("id".to_owned(), json!(id));
            }
            op.entity_id = Some(id);
        }
        Ok(op)
    }

    fn check(&self) -> Result<()> {
        if !ENTITY_TYPES.contains(&self.entity_type.as_str()) {
            return Err(Error::invalid(format!(
                "operation {}: unknown entity type {:?}",
                self.id, self.entity_type
            )));
        }
        if let Some(id) = &self.entity_id {
            entity_id("entity_id", id)?;
        } else if self.kind != OperationKind::Create {
            return Err(Error::invalid(format!(
                "operation {} names no entity",
                self.id
            )));
        }
        if self.kind != OperationKind::Delete && self.data.is_none() {
            return Err(Error::invalid(format!("operation {} has no data", self.id)));
        }
        if let Some(user) = &self.as_user {
            super::check_user_name(user)?;
        }
        Ok(())
    }
}

impl AyonClient {
    /// Sends operations in one request (`send_batch_operations`). With `can_fail` false the
    /// batch is one transaction. The server answers HTTP 200 even when operations fail: any
    /// failure is [`Error::FailedOperations`] listing every failed operation (never printed,
    /// never silent); on success, the per-operation results.
    pub async fn send_batch_operations(
        &self,
        project: &str,
        operations: &[Operation],
        can_fail: bool,
    ) -> Result<Vec<OperationResult>> {
        let answer = self
            .send_batch_operations_report(project, operations, can_fail)
            .await?;
        answer.into_results()
    }

    /// Like [`Self::send_batch_operations`] but returns the server's answer as is, failed
    /// operations included (`raise_on_fail=False`).
    pub async fn send_batch_operations_report(
        &self,
        project: &str,
        operations: &[Operation],
        can_fail: bool,
    ) -> Result<OperationsAnswer> {
        check_project_name(project)?;
        if operations.is_empty() {
            return Ok(OperationsAnswer {
                operations: Vec::new(),
                success: true,
            });
        }
        let operations: Vec<Operation> = operations
            .iter()
            .map(Operation::normalised)
            .collect::<Result<_>>()?;
        let body = json!({ "operations": operations, "canFail": can_fail });
        let request = Request::post(format!("api/projects/{project}/operations")).json(&body)?;
        let answer: Value = self.json(request).await?;
        if answer.get("operations").is_none() {
            return Err(Error::FailedOperations {
                failed: Vec::new(),
                message: Some(format!("Operation failed. Content: {}", excerpt(&answer))),
            });
        }
        serde_json::from_value(answer)
            .map_err(|e| Error::unexpected(format!("the operations answer does not decode: {e}")))
    }

    /// A session collecting operations for one project, committed in chunks
    /// (the reference's `OperationsSession`).
    pub fn operations(&self, project: &str) -> OperationsSession<'_> {
        OperationsSession {
            client: self,
            project: project.to_owned(),
            operations: Vec::new(),
            chunk_size: DEFAULT_CHUNK_SIZE,
            can_fail: false,
        }
    }
}

fn excerpt(value: &Value) -> String {
    value.to_string().chars().take(300).collect()
}

/// Collects operations and commits them; see [`AyonClient::operations`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `commit` is awaited"]
pub struct OperationsSession<'c> {
    client: &'c AyonClient,
    project: String,
    operations: Vec<Operation>,
    chunk_size: usize,
    can_fail: bool,
}

impl OperationsSession<'_> {
    /// Adds an operation.
    pub fn push(&mut self, operation: Operation) -> &mut Self {
        self.operations.push(operation);
        self
    }

    /// Adds a create; the new entity's id.
    pub fn create(&mut self, entity_type: &str, data: Map<String, Value>) -> String {
        let op = Operation::create(entity_type, data);
        let id = op.entity_id.clone().unwrap_or_default();
        self.operations.push(op);
        id
    }

    /// Adds an update.
    pub fn update(
        &mut self,
        entity_type: &str,
        entity_id: &str,
        data: Map<String, Value>,
    ) -> &mut Self {
        self.push(Operation::update(entity_type, entity_id, data))
    }

    /// Adds a delete.
    pub fn delete(&mut self, entity_type: &str, entity_id: &str, force: bool) -> &mut Self {
        self.push(Operation::delete(entity_type, entity_id, force))
    }

    /// Operations per request (default 100; at least 1).
    pub fn chunk_size(&mut self, size: usize) -> &mut Self {
        self.chunk_size = size.max(1);
        self
    }

    /// Lets operations fail without failing the chunk (`canFail`).
    pub fn can_fail(&mut self, can_fail: bool) -> &mut Self {
        self.can_fail = can_fail;
        self
    }

    /// The operations collected so far.
    pub fn pending(&self) -> &[Operation] {
        &self.operations
    }

    /// Sends every collected operation, chunk by chunk; the results of every operation. An
    /// invalid operation is refused before anything is sent (the session keeps them all). When
    /// a chunk fails, the chunks before it stay committed and leave the session; the failed
    /// chunk and those after it stay pending, to retry or inspect.
    pub async fn commit(&mut self) -> Result<Vec<OperationResult>> {
        self.operations.iter().try_for_each(Operation::check)?;
        let mut results = Vec::with_capacity(self.operations.len());
        while !self.operations.is_empty() {
            let end = self.chunk_size.min(self.operations.len());
            let chunk = &self.operations[..end];
            results.extend(
                self.client
                    .send_batch_operations(&self.project, chunk, self.can_fail)
                    .await?,
            );
            self.operations.drain(..end);
        }
        Ok(results)
    }
}
