//! Properties: list, one, get, create (property models), bulk update, delete.

use platform_client_core::Request;
use serde::Serialize;
use serde_json::{Map, Value};

use super::List;
use super::{check_iso_date, check_name, check_uuid, first_result};
use crate::client::KechainClient;
use crate::error::{Error, Result};
use crate::models::{
    PartCategory, PartRef, Property, PropertyDefinition, PropertyType, PropertyUpdate,
};

const LIST: &str = "api/v3/properties.json";
/// pykechain's `API_EXTRA_PARAMS["properties"]` (the same for `property`).
const FIELDS: &str = "id,name,ref,created_at,updated_at,model_id,part_id,order,scope_id,category,property_type,value,value_options,output,description,unit";

impl KechainClient {
    /// Properties of parts and models.
    pub fn properties(&self) -> Properties<'_> {
        Properties { client: self }
    }
}

/// The property handler: `client.properties()`.
#[derive(Debug, Clone, Copy)]
pub struct Properties<'c> {
    pub(crate) client: &'c KechainClient,
}

impl<'c> Properties<'c> {
    /// Lists properties (by default those of instances, like pykechain).
    pub fn list(&self) -> List<'c, Property> {
        // pykechain's order: name, id, category, the other filters, then `limit` and `fields`
        // (which the filters cannot override).
        let page_size = self.client.page_size;
        List::new(self.client, LIST, "property").with(|l| {
            l.layout(&[
                "name", "id", "category", "scope_id", "part_id", "*", "limit", "fields",
            ])
            .param("category", PartCategory::Instance)
            .param("limit", page_size)
            .param("fields", FIELDS)
        })
    }

    /// The property with this id (the detail route).
    pub async fn get(&self, id: &str) -> Result<Property> {
        check_uuid("property id", id)?;
        let request = Request::get(format!("api/v3/properties/{id}.json")).query("fields", FIELDS);
        first_result(self.client, request, &format!("property with id {id}")).await
    }

    /// Creates a property named `name` on the part model `model` (pykechain's `create_property`).
    pub fn create(&self, model: impl Into<PartRef>, name: impl Into<String>) -> CreateProperty<'c> {
        CreateProperty {
            client: self.client,
            model: model.into(),
            name: name.into(),
            description: None,
            property_type: PropertyType::Char,
            value: None,
            unit: None,
            options: Map::new(),
            reference: None,
        }
    }

    /// Updates several properties in one request (pykechain's `update_properties`) and returns
    /// them as the server stored them.
    pub async fn update(
        &self,
        updates: impl IntoIterator<Item = PropertyUpdate>,
    ) -> Result<Vec<Property>> {
        let updates: Vec<PropertyUpdate> = updates.into_iter().collect();
        for (i, update) in updates.iter().enumerate() {
            check_uuid("property id", &update.id)?;
            if updates[..i].iter().any(|u| u.id == update.id) {
                return Err(Error::invalid(format!(
                    "property {} is updated twice",
                    update.id
                )));
            }
        }
        let request = Request::post("api/v3/properties/bulk_update")
            .query("fields", FIELDS)
            .json(&updates)?;
        super::all_results(self.client, request).await
    }

    /// Deletes a property (a property model with its instances).
    pub async fn delete(&self, id: &str) -> Result<()> {
        check_uuid("property id", id)?;
        self.client
            .http
            .send(Request::delete(format!("api/v3/properties/{id}.json")))
            .await?;
        Ok(())
    }
}

/// The filters of [`Properties::list`].
impl List<'_, Property> {
    /// Only properties with this exact name.
    pub fn name(self, name: impl Into<String>) -> Self {
        self.non_blank("name", "the property name", name)
    }

    /// Only the property with this id (for the detail route use [`Properties::get`]).
    pub fn id(self, id: impl Into<String>) -> Self {
        self.uuid("id", "property id", id)
    }

    /// Only properties of instances or only of models (default: instances).
    pub fn category(self, category: PartCategory) -> Self {
        self.with(|l| match &category {
            PartCategory::Unknown(c) => l.reject(format!("`{c}` is not a property category")),
            _ => l.param("category", &category),
        })
    }

    /// Properties of models and instances alike.
    pub fn any_category(self) -> Self {
        self.with(|l| l.remove("category"))
    }

    /// Only properties of this scope (project).
    pub fn scope(self, scope_id: impl Into<String>) -> Self {
        self.uuid("scope_id", "scope id", scope_id)
    }

    /// Only the properties of this part.
    pub fn part(self, part: impl Into<PartRef>) -> Self {
        self.uuid("part_id", "part id", part.into().id)
    }
}

/// A property model creation; see [`Properties::create`].
#[derive(Debug, Clone)]
#[must_use = "nothing is created until `send` is awaited"]
pub struct CreateProperty<'c> {
    client: &'c KechainClient,
    model: PartRef,
    name: String,
    description: Option<String>,
    property_type: PropertyType,
    value: Option<Value>,
    unit: Option<String>,
    options: Map<String, Value>,
    reference: Option<PartRef>,
}

impl CreateProperty<'_> {
    /// Description.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = Some(text.into());
        self
    }

    /// The property type (default `CHAR_VALUE`).
    pub fn property_type(mut self, property_type: PropertyType) -> Self {
        self.property_type = property_type;
        self
    }

    /// The default value, inherited by new instances (dates and times as ISO 8601 text;
    /// reference types take a list of ids).
    pub fn default_value(mut self, value: impl Into<Value>) -> Self {
        self.value = Some(value.into());
        self
    }

    /// Unit.
    pub fn unit(mut self, unit: impl Into<String>) -> Self {
        self.unit = Some(unit.into());
        self
    }

    /// `value_options` (choices, validators, representations…).
    pub fn options(mut self, options: Map<String, Value>) -> Self {
        self.options = options;
        self
    }

    /// For a `REFERENCES_VALUE` property: the part model it references. Its scope goes into
    /// `value_options.scope_id` (a model given by id is fetched to learn it, like pykechain).
    pub fn reference(mut self, model: impl Into<PartRef>) -> Self {
        self.reference = Some(model.into());
        self
    }

    /// Creates the property.
    pub async fn send(mut self) -> Result<Property> {
        #[derive(Serialize)]
        struct Body<'a> {
            name: &'a str,
            part_id: &'a str,
            description: &'a str,
            property_type: &'a PropertyType,
            value: &'a Value,
            unit: &'a str,
            value_options: &'a Map<String, Value>,
        }
        self.model.check("model", &PartCategory::Model)?;
        check_name("the property name", &self.name)?;
        if let PropertyType::Unknown(t) = &self.property_type {
            return Err(Error::invalid(format!("`{t}` is not a property type")));
        }
        let is_part_reference = matches!(
            self.property_type,
            PropertyType::Reference | PropertyType::References
        );
        if self.reference.is_some() && (!is_part_reference || self.value.is_some()) {
            return Err(Error::invalid(
                "`reference` is for a REFERENCES_VALUE property without another default value",
            ));
        }
        if is_part_reference && self.reference.is_none() {
            // pykechain's rule: a reference default is one model id (the first of a list).
            self.reference = match self.value.take() {
                None | Some(Value::Null) => None,
                Some(Value::Array(items)) if items.is_empty() => None,
                Some(v) => Some(PartRef::from(first_id(&v)?)),
            };
        }
        if let Some(value) = &self.value {
            check_value("default value", &self.property_type, value)?;
        }
        if let Some(reference) = &self.reference {
            check_uuid("referenced model id", &reference.id)?;
            let scope = match &reference.scope_id {
                Some(scope) => Some(scope.clone()),
                None => self.client.parts().get(&reference.id).await?.scope_id,
            };
            self.value = Some(Value::from(vec![reference.id.clone()]));
            if let Some(scope) = scope {
                self.options
                    .insert("scope_id".to_owned(), Value::from(scope));
            }
        }
        let body = Body {
            name: &self.name,
            part_id: &self.model.id,
            description: self.description.as_deref().unwrap_or_default(),
            property_type: &self.property_type,
            value: self.value.as_ref().unwrap_or(&Value::Null),
            unit: self.unit.as_deref().unwrap_or_default(),
            value_options: &self.options,
        };
        // pykechain puts extra keyword arguments in the query (a bug); everything goes in the body.
        let request = Request::post("api/v3/properties/create_model")
            .query("fields", FIELDS)
            .json(&body)?;
        first_result(self.client, request, "the created property").await
    }
}

/// The one model id of a reference default: a string, or the first string of a list.
fn first_id(value: &Value) -> Result<String> {
    let id = match value {
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => items.first().and_then(Value::as_str).map(str::to_owned),
        _ => None,
    };
    id.ok_or_else(|| {
        Error::invalid(format!(
            "a reference default must be a model id, not {value}"
        ))
    })
}

/// Checks values whose format pykechain checks locally: dates, datetimes and times.
pub(crate) fn check_value(what: &str, property_type: &PropertyType, value: &Value) -> Result<()> {
    let text = || {
        value.as_str().ok_or_else(|| {
            Error::invalid(format!(
                "the {what} of a {property_type} property must be text, not {value}"
            ))
        })
    };
    match property_type {
        PropertyType::DateTime if !value.is_null() => check_iso_date(what, text()?),
        PropertyType::Date if !value.is_null() => {
            let date = text()?;
            check_iso_date(what, date)?;
            if date.len() != 10 {
                return Err(Error::invalid(format!(
                    "the {what} `{date}` is not a `YYYY-MM-DD` date"
                )));
            }
            Ok(())
        }
        PropertyType::Time if !value.is_null() => check_time(what, text()?),
        _ => Ok(()),
    }
}

/// Accepts `HH:MM:SS`, optionally with a fraction.
fn check_time(what: &str, value: &str) -> Result<()> {
    let main = value.split('.').next().unwrap_or_default();
    let parts: Vec<&str> = main.split(':').collect();
    let ok = parts.len() == 3
        && parts
            .iter()
            .all(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_digit()))
        && value[main.len()..]
            .chars()
            .skip(1)
            .all(|c| c.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "the {what} `{value}` is not an `HH:MM:SS` time"
        )))
    }
}

/// Validates definitions: names present and distinct, known types, well-formed dates.
pub(crate) fn check_definitions(definitions: &[PropertyDefinition]) -> Result<()> {
    for (i, d) in definitions.iter().enumerate() {
        check_name("a property name", &d.name)?;
        if let PropertyType::Unknown(t) = &d.property_type {
            return Err(Error::invalid(format!("`{t}` is not a property type")));
        }
        if definitions[..i].iter().any(|o| o.name == d.name) {
            return Err(Error::invalid(format!(
                "property `{}` is defined twice",
                d.name
            )));
        }
        if let Some(value) = &d.value {
            check_value("value", &d.property_type, value)?;
        }
    }
    Ok(())
}
