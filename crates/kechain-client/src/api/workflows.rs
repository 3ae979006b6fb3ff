//! Workflows: list, one, get, create, delete.

use platform_client_core::Request;
use serde_json::{Value, json};

use super::List;
use super::{check_name, check_uuid, first_result};
use crate::client::KechainClient;
use crate::error::{Error, Result};
use crate::models::{Workflow, WorkflowCategory};

/// Workflows live on a path without `.json`.
const LIST: &str = "api/v3/workflows";
/// pykechain's `API_EXTRA_PARAMS["workflows"]` (the server never returns `is_consistent` or
/// `derived_from`).
const FIELDS: &str = "id,name,ref,created_at,updated_at,description,derived_from,options,category,active,statuses,is_consistent,transitions,scope_id";

/// The workflow handler: `client.workflows()`.
#[derive(Debug, Clone, Copy)]
pub struct Workflows<'c> {
    pub(crate) client: &'c KechainClient,
}

impl crate::KechainClient {
    /// Workflows (the statuses and transitions forms go through).
    pub fn workflows(&self) -> Workflows<'_> {
        Workflows { client: self }
    }
}

fn check_category(category: &WorkflowCategory) -> Result<()> {
    match category {
        WorkflowCategory::Unknown(v) => {
            Err(Error::invalid(format!("unknown workflow category `{v}`")))
        }
        _ => Ok(()),
    }
}

impl<'c> Workflows<'c> {
    /// Lists workflows.
    pub fn list(&self) -> List<'c, Workflow> {
        // pykechain's order: name, id, category, description, scope, ref, the other filters,
        // and `fields` last (`Workflow.list` appends it).
        List::new(self.client, LIST, "workflow").with(|l| {
            l.layout(&[
                "name",
                "id",
                "category",
                "description",
                "scope",
                "ref",
                "*",
                "fields",
            ])
            .param("fields", FIELDS)
        })
    }

    /// The workflow with this id, from its detail route (pykechain's `workflow(pk=…)`).
    pub async fn get(&self, id: &str) -> Result<Workflow> {
        check_uuid("workflow id", id)?;
        let request = Request::get(format!("{LIST}/{id}")).query("fields", FIELDS);
        first_result(self.client, request, &format!("workflow with id {id}")).await
    }

    /// Creates a workflow named `name` in the scope `scope_id` (by default an inactive
    /// `DEFINED` one).
    pub fn create(
        &self,
        name: impl Into<String>,
        scope_id: impl Into<String>,
    ) -> CreateWorkflow<'c> {
        CreateWorkflow {
            client: self.client,
            name: name.into(),
            scope: scope_id.into(),
            category: WorkflowCategory::Defined,
            description: None,
            options: None,
            active: false,
            query: Vec::new(),
        }
    }

    /// Deletes a workflow.
    pub async fn delete(&self, id: &str) -> Result<()> {
        check_uuid("workflow id", id)?;
        self.client
            .http
            .send(Request::delete(format!("{LIST}/{id}")))
            .await?;
        Ok(())
    }
}

lookup_filters!(Workflow, "workflow", "workflows");

/// The filters of [`Workflows::list`].
impl List<'_, Workflow> {
    /// Only workflows of this category (catalog workflows belong to no scope).
    pub fn category(self, category: WorkflowCategory) -> Self {
        self.with(|l| {
            l.check(check_category(&category))
                .param("category", category)
        })
    }

    /// Only workflows with this description.
    pub fn description(self, text: impl Into<String>) -> Self {
        self.with(|l| l.param("description", text.into()))
    }

    /// Only workflows of this scope.
    pub fn scope(self, scope_id: impl Into<String>) -> Self {
        self.uuid("scope", "scope id", scope_id)
    }

    /// Only the workflow with this slug reference.
    pub fn reference(self, reference: impl Into<String>) -> Self {
        self.with(|l| l.param("ref", reference.into()))
    }
}

/// A workflow creation; see [`Workflows::create`].
#[derive(Debug, Clone)]
#[must_use = "nothing is created until `send` is awaited"]
pub struct CreateWorkflow<'c> {
    client: &'c KechainClient,
    name: String,
    scope: String,
    category: WorkflowCategory,
    description: Option<String>,
    options: Option<Value>,
    active: bool,
    query: Vec<(String, String)>,
}

impl CreateWorkflow<'_> {
    /// Category (default `DEFINED`).
    pub fn category(mut self, category: WorkflowCategory) -> Self {
        self.category = category;
        self
    }

    /// Description (sent as `null` when not set, like pykechain).
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = Some(text.into());
        self
    }

    /// Options (a JSON object; sent as `null` when not set, like pykechain).
    pub fn options(mut self, options: Value) -> Self {
        self.options = Some(options);
        self
    }

    /// Whether the new workflow is active (default `false`).
    pub fn active(mut self, active: bool) -> Self {
        self.active = active;
        self
    }

    /// An extra query parameter (pykechain sends its `**kwargs` in the query).
    pub fn query(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((key.into(), value.into()));
        self
    }

    /// Creates the workflow.
    pub async fn send(self) -> Result<Workflow> {
        check_name("the workflow name", &self.name)?;
        check_uuid("scope id", &self.scope)?;
        check_category(&self.category)?;
        if let Some(options) = &self.options
            && !options.is_object()
            && !options.is_null()
        {
            return Err(Error::invalid(format!(
                "the workflow options must be a JSON object, not `{options}`"
            )));
        }
        let body = json!({
            "name": self.name,
            "scope": self.scope,
            "category": self.category,
            "description": self.description,
            "options": self.options,
            "active": self.active,
        });
        let mut request = Request::post(LIST);
        for (k, v) in &self.query {
            request = request.query(k, v);
        }
        let request = request.query("fields", FIELDS).json(&body)?;
        first_result(self.client, request, "the created workflow").await
    }
}
