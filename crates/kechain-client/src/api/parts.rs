//! Parts and models: list, one, get, create part, model, model with properties, proxy model.

use platform_client_core::Request;
use serde::Serialize;
use serde_json::Value;

use super::List;
use super::properties::check_definitions;
use super::{check_name, check_uuid, first_result};
use crate::client::KechainClient;
use crate::error::{Error, Result};
use crate::models::{Multiplicity, Part, PartCategory, PartRef, PropertyDefinition};

const LIST: &str = "api/v3/parts.json";
/// pykechain's `API_EXTRA_PARAMS["parts"]` (the same for `part`).
const FIELDS: &str = "id,name,ref,description,created_at,updated_at,properties,category,classification,parent_id,multiplicity,value_options,property_type,value,output,order,part_id,scope_id,model_id,proxy_source_id_name,unit";

impl KechainClient {
    /// Parts: instances by default, models with [`List::category`](crate::api::List::category) or [`KechainClient::models`].
    pub fn parts(&self) -> Parts<'_> {
        Parts { client: self }
    }

    /// Part models: the part lookups with category `MODEL` (pykechain's `model()`).
    pub fn models(&self) -> Models<'_> {
        Models { client: self }
    }
}

/// The part handler: `client.parts()`.
#[derive(Debug, Clone, Copy)]
pub struct Parts<'c> {
    pub(crate) client: &'c KechainClient,
}

impl<'c> Parts<'c> {
    /// Lists parts (by default the `INSTANCE`s, like pykechain).
    pub fn list(&self) -> List<'c, Part> {
        // pykechain's order: id, name, category, activity_id, widget_id, limit, scope_id,
        // parent_id, model_id, fields, then the extra filters.
        let page_size = self.client.page_size;
        List::new(self.client, LIST, "part").with(|l| {
            l.layout(&[
                "id",
                "name",
                "category",
                "activity_id",
                "widget_id",
                "limit",
                "scope_id",
                "parent_id",
                "model_id",
                "fields",
                "*",
            ])
            .param("category", PartCategory::Instance)
            .param("limit", page_size)
            .param("fields", FIELDS)
        })
    }

    /// The part with this id, model or instance (the detail route).
    pub async fn get(&self, id: &str) -> Result<Part> {
        check_uuid("part id", id)?;
        let request = Request::get(format!("api/v3/parts/{id}.json")).query("fields", FIELDS);
        first_result(self.client, request, &format!("part with id {id}")).await
    }

    /// Creates an instance of the `MODEL` `model` under the `INSTANCE` `parent`
    /// (pykechain's `create_part`); the name defaults to the model's.
    pub fn create(&self, parent: impl Into<PartRef>, model: impl Into<PartRef>) -> CreatePart<'c> {
        CreatePart {
            client: self.client,
            parent: parent.into(),
            model: model.into(),
            name: None,
            values: Vec::new(),
            bulk: None,
        }
    }

    /// Creates a child model named `name` under the `MODEL` `parent`.
    pub fn create_model(
        &self,
        parent: impl Into<PartRef>,
        name: impl Into<String>,
    ) -> CreateModel<'c> {
        CreateModel {
            client: self.client,
            parent: parent.into(),
            name: name.into(),
            multiplicity: Multiplicity::ZeroMany,
            properties: None,
        }
    }

    /// Creates a child model and its properties in one request.
    pub fn create_model_with_properties(
        &self,
        parent: impl Into<PartRef>,
        name: impl Into<String>,
        properties: impl IntoIterator<Item = PropertyDefinition>,
    ) -> CreateModel<'c> {
        self.create_model(parent, name).with_properties(properties)
    }

    /// Adds the (catalogue) `MODEL` `model` as a proxy named `name` under the `MODEL` `parent`.
    pub fn create_proxy_model(
        &self,
        model: impl Into<PartRef>,
        parent: impl Into<PartRef>,
        name: impl Into<String>,
    ) -> CreateProxyModel<'c> {
        CreateProxyModel {
            client: self.client,
            model: model.into(),
            parent: parent.into(),
            name: name.into(),
            multiplicity: Multiplicity::ZeroMany,
        }
    }

    /// Deletes a part (a model with its instances and children).
    pub async fn delete(&self, id: &str) -> Result<()> {
        check_uuid("part id", id)?;
        self.client
            .http
            .send(Request::delete(format!("api/v3/parts/{id}.json")))
            .await?;
        Ok(())
    }
}

/// The model handler: `client.models()`.
#[derive(Debug, Clone, Copy)]
pub struct Models<'c> {
    pub(crate) client: &'c KechainClient,
}

impl<'c> Models<'c> {
    /// Lists part models.
    pub fn list(&self) -> List<'c, Part> {
        Parts {
            client: self.client,
        }
        .list()
        .category(PartCategory::Model)
    }

    /// The model with this id. The server's detail route ignores the category, so an
    /// instance found under this id is reported as [`Error::NotFound`].
    pub async fn get(&self, id: &str) -> Result<Part> {
        let part = Parts {
            client: self.client,
        }
        .get(id)
        .await?;
        match &part.category {
            Some(c) if *c != PartCategory::Model => Err(Error::not_found(format!(
                "model with id {id} (it is a {c})"
            ))),
            _ => Ok(part),
        }
    }
}

/// The filters of [`Parts::list`] and [`Models::list`].
impl List<'_, Part> {
    /// Only parts with this exact name.
    pub fn name(self, name: impl Into<String>) -> Self {
        self.non_blank("name", "the part name", name)
    }

    /// Only the part with this id (for the detail route use [`Parts::get`]).
    pub fn id(self, id: impl Into<String>) -> Self {
        self.uuid("id", "part id", id)
    }

    /// Only instances or only models (default: instances).
    pub fn category(self, category: PartCategory) -> Self {
        let noun = match category {
            PartCategory::Model => "model",
            _ => "part",
        };
        self.with(|l| match &category {
            PartCategory::Unknown(c) => l.reject(format!("`{c}` is not a part category")),
            _ => l.noun(noun).param("category", &category),
        })
    }

    /// Models and instances alike.
    pub fn any_category(self) -> Self {
        self.with(|l| l.noun("part").remove("category"))
    }

    /// Only parts shown in this activity.
    pub fn activity(self, activity_id: impl Into<String>) -> Self {
        self.uuid("activity_id", "activity id", activity_id)
    }

    /// Only parts shown in this widget.
    pub fn widget(self, widget_id: impl Into<String>) -> Self {
        self.uuid("widget_id", "widget id", widget_id)
    }

    /// Only parts of this scope (project).
    pub fn scope(self, scope_id: impl Into<String>) -> Self {
        self.uuid("scope_id", "scope id", scope_id)
    }

    /// Only the children of this part.
    pub fn parent(self, parent: impl Into<PartRef>) -> Self {
        self.uuid("parent_id", "parent id", parent.into().id)
    }

    /// Only the instances of this model.
    pub fn model(self, model: impl Into<PartRef>) -> Self {
        self.uuid("model_id", "model id", model.into().id)
    }

    /// Parts per page (pykechain's `batch`; the same as `page_size`; default: the client's page
    /// size, 100).
    pub fn batch(self, n: u64) -> Self {
        self.page_size(n)
    }
}

async fn post_part<B: Serialize>(
    client: &KechainClient,
    action: &str,
    body: &B,
    what: &str,
) -> Result<Part> {
    let request = Request::post(format!("api/v3/parts/{action}"))
        .query("fields", FIELDS)
        .json(body)?;
    first_result(client, request, what).await
}

/// A part instance creation; see [`Parts::create`].
#[derive(Debug, Clone)]
#[must_use = "nothing is created until `send` is awaited"]
pub struct CreatePart<'c> {
    client: &'c KechainClient,
    parent: PartRef,
    model: PartRef,
    name: Option<String>,
    values: Vec<(String, Value)>,
    bulk: Option<bool>,
}

impl CreatePart<'_> {
    /// The new part's name (default: the model's name, which needs the model as a [`Part`]).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets a property at creation: `model_property_id` is the id of the property on the model.
    pub fn property_value(
        mut self,
        model_property_id: impl Into<String>,
        value: impl Into<Value>,
    ) -> Self {
        self.values.push((model_property_id.into(), value.into()));
        self
    }

    /// Asks the server to create the property values in bulk (`bulk` in the body).
    pub fn bulk(mut self, bulk: bool) -> Self {
        self.bulk = Some(bulk);
        self
    }

    /// Creates the part.
    pub async fn send(self) -> Result<Part> {
        #[derive(Serialize)]
        struct FValue<'a> {
            value: &'a Value,
            model_id: &'a str,
        }
        #[derive(Serialize)]
        struct Body<'a> {
            name: &'a str,
            parent_id: &'a str,
            model_id: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            properties_fvalues: Option<Vec<FValue<'a>>>,
            #[serde(skip_serializing_if = "Option::is_none")]
            bulk: Option<bool>,
        }
        self.parent.check("parent", &PartCategory::Instance)?;
        self.model.check("model", &PartCategory::Model)?;
        let name = match (&self.name, &self.model.name) {
            (Some(name), _) | (None, Some(name)) => name,
            (None, None) => {
                return Err(Error::invalid(
                    "a name is required when the model is given by id",
                ));
            }
        };
        check_name("the part name", name)?;
        for (i, (id, _)) in self.values.iter().enumerate() {
            check_uuid("property model id", id)?;
            if self.values[..i].iter().any(|(other, _)| other == id) {
                return Err(Error::invalid(format!("property {id} is given twice")));
            }
        }
        let body = Body {
            name,
            parent_id: &self.parent.id,
            model_id: &self.model.id,
            properties_fvalues: (!self.values.is_empty()).then(|| {
                self.values
                    .iter()
                    .map(|(model_id, value)| FValue { value, model_id })
                    .collect()
            }),
            bulk: self.bulk,
        };
        post_part(self.client, "new_instance", &body, "the created part").await
    }
}

/// A model creation; see [`Parts::create_model`].
#[derive(Debug, Clone)]
#[must_use = "nothing is created until `send` is awaited"]
pub struct CreateModel<'c> {
    client: &'c KechainClient,
    parent: PartRef,
    name: String,
    multiplicity: Multiplicity,
    properties: Option<Vec<PropertyDefinition>>,
}

impl CreateModel<'_> {
    /// Multiplicity (default `ZERO_MANY`).
    pub fn multiplicity(mut self, multiplicity: Multiplicity) -> Self {
        self.multiplicity = multiplicity;
        self
    }

    /// Creates these properties with the model, in the same request.
    pub fn with_properties(
        mut self,
        properties: impl IntoIterator<Item = PropertyDefinition>,
    ) -> Self {
        self.properties
            .get_or_insert_with(Vec::new)
            .extend(properties);
        self
    }

    /// Creates the model.
    pub async fn send(self) -> Result<Part> {
        #[derive(Serialize)]
        struct Body<'a> {
            name: &'a str,
            parent_id: &'a str,
            multiplicity: &'a Multiplicity,
            #[serde(skip_serializing_if = "Option::is_none")]
            category: Option<PartCategory>,
            #[serde(skip_serializing_if = "Option::is_none")]
            properties_fvalues: Option<&'a [PropertyDefinition]>,
        }
        self.parent.check("parent", &PartCategory::Model)?;
        check_name("the model name", &self.name)?;
        self.multiplicity.check()?;
        if let Some(properties) = &self.properties {
            check_definitions(properties)?;
        }
        let body = Body {
            name: &self.name,
            parent_id: &self.parent.id,
            multiplicity: &self.multiplicity,
            category: self.properties.as_ref().map(|_| PartCategory::Model),
            properties_fvalues: self.properties.as_deref(),
        };
        post_part(
            self.client,
            "create_child_model",
            &body,
            "the created model",
        )
        .await
    }
}

/// A proxy model creation; see [`Parts::create_proxy_model`].
#[derive(Debug, Clone)]
#[must_use = "nothing is created until `send` is awaited"]
pub struct CreateProxyModel<'c> {
    client: &'c KechainClient,
    model: PartRef,
    parent: PartRef,
    name: String,
    multiplicity: Multiplicity,
}

impl CreateProxyModel<'_> {
    /// Multiplicity (default `ZERO_MANY`).
    pub fn multiplicity(mut self, multiplicity: Multiplicity) -> Self {
        self.multiplicity = multiplicity;
        self
    }

    /// Creates the proxy model.
    pub async fn send(self) -> Result<Part> {
        #[derive(Serialize)]
        struct Body<'a> {
            name: &'a str,
            model_id: &'a str,
            parent_id: &'a str,
            multiplicity: &'a Multiplicity,
        }
        self.model.check("model", &PartCategory::Model)?;
        self.parent.check("parent", &PartCategory::Model)?;
        check_name("the proxy model name", &self.name)?;
        self.multiplicity.check()?;
        let body = Body {
            name: &self.name,
            model_id: &self.model.id,
            parent_id: &self.parent.id,
            multiplicity: &self.multiplicity,
        };
        post_part(
            self.client,
            "create_proxy_model",
            &body,
            "the created proxy model",
        )
        .await
    }
}
