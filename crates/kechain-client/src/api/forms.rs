//! Forms: list, one, get, create a model, instantiate a model, delete.

use platform_client_core::Request;
use serde_json::json;

use super::List;
use super::{check_name, check_uuid, first_result};
use crate::client::KechainClient;
use crate::error::{Error, Result};
use crate::models::{Form, FormCategory};

/// Forms live on a path without `.json`.
const LIST: &str = "api/v3/forms";
/// pykechain's `API_EXTRA_PARAMS["forms"]`.
const FIELDS: &str = "id,name,ref,created_at,updated_at,description,derived_from,tags,category,form_model_root,form_instance_root,model,prefill_parts,workflow,status_forms,active_status,contexts,context_groups,scope_id";

/// The form handler: `client.forms()`.
#[derive(Debug, Clone, Copy)]
pub struct Forms<'c> {
    pub(crate) client: &'c KechainClient,
}

impl crate::KechainClient {
    /// Forms (form models and their instances).
    pub fn forms(&self) -> Forms<'_> {
        Forms { client: self }
    }
}

fn check_ids(what: &str, ids: &[String]) -> Result<()> {
    ids.iter().try_for_each(|id| check_uuid(what, id))
}

impl<'c> Forms<'c> {
    /// Lists forms.
    pub fn list(&self) -> List<'c, Form> {
        // pykechain's order: name, id, category, description, scope, context_id__in, ref, the
        // other filters, and `fields` last (`Form.list` appends it).
        List::new(self.client, LIST, "form").with(|l| {
            l.layout(&[
                "name",
                "id",
                "category",
                "description",
                "scope",
                "context_id__in",
                "ref",
                "model",
                "*",
                "fields",
            ])
            .param("fields", FIELDS)
        })
    }

    /// The form with this id (pykechain's `form(pk=…)`: a list lookup with `limit=2`).
    pub async fn get(&self, id: &str) -> Result<Form> {
        self.list().id(id).one().await
    }

    /// Creates a form model named `name` in the scope `scope_id`, driven by the workflow
    /// `workflow_id`.
    pub fn create_model(
        &self,
        name: impl Into<String>,
        scope_id: impl Into<String>,
        workflow_id: impl Into<String>,
    ) -> CreateFormModel<'c> {
        CreateFormModel {
            client: self.client,
            name: name.into(),
            scope: scope_id.into(),
            workflow: workflow_id.into(),
            contexts: Vec::new(),
            query: Vec::new(),
        }
    }

    /// Instantiates the form model `model`. A form that is not a `MODEL` is rejected before
    /// anything is sent.
    pub fn instantiate(&self, model: &Form) -> InstantiateForm<'c> {
        InstantiateForm {
            client: self.client,
            model_id: model.id.clone(),
            category: model.category.clone(),
            name: model.name.clone(),
            description: model.description.clone().unwrap_or_default(),
            contexts: Vec::new(),
        }
    }

    /// Deletes a form (model or instance).
    pub async fn delete(&self, id: &str) -> Result<()> {
        check_uuid("form id", id)?;
        self.client
            .http
            .send(Request::delete(format!("{LIST}/{id}")))
            .await?;
        Ok(())
    }
}

lookup_filters!(Form, "form", "forms");

/// The filters of [`Forms::list`].
impl List<'_, Form> {
    /// Only models or only instances.
    pub fn category(self, category: FormCategory) -> Self {
        self.with(|l| match &category {
            FormCategory::Unknown(v) => l.reject(format!("unknown form category `{v}`")),
            _ => l.param("category", &category),
        })
    }

    /// Only forms with this description.
    pub fn description(self, text: impl Into<String>) -> Self {
        self.with(|l| l.param("description", text.into()))
    }

    /// Only forms of this scope.
    pub fn scope(self, scope_id: impl Into<String>) -> Self {
        self.uuid("scope", "scope id", scope_id)
    }

    /// Only forms linked to one of these contexts (`context_id__in`, comma-joined).
    pub fn contexts<S: Into<String>>(self, ids: impl IntoIterator<Item = S>) -> Self {
        let ids: Vec<String> = ids.into_iter().map(Into::into).collect();
        let joined = (!ids.is_empty()).then(|| ids.join(","));
        self.with(|l| {
            l.check(check_ids("context id", &ids))
                .param_opt("context_id__in", joined)
        })
    }

    /// Only the form with this slug reference.
    pub fn reference(self, reference: impl Into<String>) -> Self {
        self.with(|l| l.param("ref", reference.into()))
    }

    /// Only instances of the model with this id.
    pub fn model(self, model_id: impl Into<String>) -> Self {
        self.uuid("model", "form model id", model_id)
    }
}

/// A form model creation; see [`Forms::create_model`].
#[derive(Debug, Clone)]
#[must_use = "nothing is created until `send` is awaited"]
pub struct CreateFormModel<'c> {
    client: &'c KechainClient,
    name: String,
    scope: String,
    workflow: String,
    contexts: Vec<String>,
    query: Vec<(String, String)>,
}

impl CreateFormModel<'_> {
    /// The contexts to link the model to.
    pub fn contexts<S: Into<String>>(mut self, ids: impl IntoIterator<Item = S>) -> Self {
        self.contexts = ids.into_iter().map(Into::into).collect();
        self
    }

    /// An extra query parameter (pykechain sends its `**kwargs` in the query; its tests send
    /// `category=MODEL`).
    pub fn query(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((key.into(), value.into()));
        self
    }

    /// Creates the form model.
    pub async fn send(self) -> Result<Form> {
        check_name("the form name", &self.name)?;
        check_uuid("scope id", &self.scope)?;
        check_uuid("workflow id", &self.workflow)?;
        check_ids("context id", &self.contexts)?;
        let body = json!({
            "name": self.name,
            "scope": self.scope,
            "workflow": self.workflow,
            "contexts": self.contexts,
        });
        let mut request = Request::post(LIST);
        for (k, v) in &self.query {
            request = request.query(k, v);
        }
        let request = request.query("fields", FIELDS).json(&body)?;
        first_result(self.client, request, "the created form model").await
    }
}

/// A form instantiation; see [`Forms::instantiate`].
#[derive(Debug, Clone)]
#[must_use = "nothing is created until `send` is awaited"]
pub struct InstantiateForm<'c> {
    client: &'c KechainClient,
    model_id: String,
    category: Option<FormCategory>,
    name: String,
    description: String,
    contexts: Vec<String>,
}

impl InstantiateForm<'_> {
    /// Name of the instance (default: the model's).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// Description of the instance (default: the model's).
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = text.into();
        self
    }

    /// The contexts to link the instance to.
    pub fn contexts<S: Into<String>>(mut self, ids: impl IntoIterator<Item = S>) -> Self {
        self.contexts = ids.into_iter().map(Into::into).collect();
        self
    }

    /// Creates the instance.
    pub async fn send(self) -> Result<Form> {
        if self.category != Some(FormCategory::Model) {
            let category = self
                .category
                .as_ref()
                .map_or("unknown".to_owned(), ToString::to_string);
            return Err(Error::invalid(format!(
                "only a form MODEL can be instantiated; form {} is {category}",
                self.model_id
            )));
        }
        check_uuid("form model id", &self.model_id)?;
        check_name("the form name", &self.name)?;
        check_ids("context id", &self.contexts)?;
        let body = json!({
            "name": self.name,
            "description": self.description,
            "contexts": self.contexts,
        });
        let request = Request::post(format!("{LIST}/{}/instantiate", self.model_id))
            .query("fields", FIELDS)
            .json(&body)?;
        first_result(self.client, request, "the instantiated form").await
    }
}
