//! Schemas: the server's OpenAPI document, its schemas, and the attributes of each entity
//! type (read once from `GET /api/attributes` and cached).

use std::sync::Arc;

use platform_client_core::Request;
use serde_json::{Map, Value};

use crate::client::AyonClient;
use crate::error::{Error, Result};
use crate::models::AttributesSchema;

/// The entity types whose GraphQL fields are the defaults plus their attributes.
const ENTITY_FIELDS: &[(&str, &[&str])] = &[
    ("project", super::projects::DEFAULT_PROJECT_FIELDS),
    ("folder", super::folders::DEFAULT_FOLDER_FIELDS),
    ("task", super::tasks::DEFAULT_TASK_FIELDS),
    ("product", super::products::DEFAULT_PRODUCT_FIELDS),
    ("version", super::versions::DEFAULT_VERSION_FIELDS),
    (
        "representation",
        super::representations::DEFAULT_REPRESENTATION_FIELDS,
    ),
    ("workfile", super::workfiles::DEFAULT_WORKFILE_FIELDS),
    ("user", super::users::DEFAULT_USER_FIELDS),
];

/// Types without attributes: their defaults only.
const PLAIN_FIELDS: &[(&str, &[&str])] = &[
    ("productType", super::projects::DEFAULT_PRODUCT_TYPE_FIELDS),
    ("folderType", &["name", "icon"]),
    ("taskType", &["name"]),
];

impl AyonClient {
    /// The server's OpenAPI document (`get_server_schema`): `GET /openapi.json`.
    pub async fn server_schema(&self) -> Result<Value> {
        self.json(Request::get("openapi.json")).await
    }

    /// The schemas of the OpenAPI document, by name (`get_schemas`).
    pub async fn schemas(&self) -> Result<Map<String, Value>> {
        let mut schema = self.server_schema().await?;
        match schema.pointer_mut("/components/schemas").map(Value::take) {
            Some(Value::Object(schemas)) => Ok(schemas),
            _ => Err(Error::unexpected(
                "the OpenAPI document has no `components.schemas`",
            )),
        }
    }

    /// The attribute definitions (`get_attributes_schema`): `GET /api/attributes`, read once
    /// and shared by every clone unless `use_cache` is false.
    pub async fn attributes_schema(&self, use_cache: bool) -> Result<Arc<AttributesSchema>> {
        if use_cache && let Some(schema) = self.session.cached_attributes() {
            return Ok(schema);
        }
        let schema: Arc<AttributesSchema> =
            Arc::new(self.json(Request::get("api/attributes")).await?);
        self.session.cache_attributes(Some(Arc::clone(&schema)));
        Ok(schema)
    }

    /// Forgets the cached attribute definitions (`reset_attributes_schema`).
    pub fn reset_attributes_schema(&self) {
        self.session.cache_attributes(None);
    }

    /// The attributes of an entity type, name → definition (`get_attributes_for_type`).
    pub async fn attributes_for_type(&self, entity_type: &str) -> Result<Map<String, Value>> {
        check_entity_type(entity_type)?;
        Ok(self.attributes_schema(true).await?.for_type(entity_type))
    }

    /// `attrib.<name>` for every attribute of an entity type
    /// (`get_attributes_fields_for_type`).
    pub async fn attributes_fields_for_type(&self, entity_type: &str) -> Result<Vec<String>> {
        check_entity_type(entity_type)?;
        Ok(self
            .attributes_schema(true)
            .await?
            .fields_for_type(entity_type))
    }

    /// The GraphQL fields the listings select for an entity type: the defaults and every
    /// attribute (`get_default_fields_for_type`).
    pub async fn default_fields_for_type(&self, entity_type: &str) -> Result<Vec<String>> {
        if let Some((_, fields)) = PLAIN_FIELDS.iter().find(|(t, _)| *t == entity_type) {
            return Ok(fields.iter().map(|f| (*f).to_owned()).collect());
        }
        let Some((_, defaults)) = ENTITY_FIELDS.iter().find(|(t, _)| *t == entity_type) else {
            return Err(unknown_type(entity_type));
        };
        let mut fields: Vec<String> = defaults.iter().map(|f| (*f).to_owned()).collect();
        fields.extend(self.attributes_fields_for_type(entity_type).await?);
        Ok(fields)
    }
}

/// An attribute name: `^[a-zA-Z0-9]{2,64}$`.
fn check_attribute_name(name: &str) -> Result<()> {
    if (2..=64).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "an attribute name must match ^[a-zA-Z0-9]{{2,64}}$, not {:?}",
            name.chars().take(80).collect::<String>()
        )))
    }
}

impl AyonClient {
    /// Creates or changes an attribute (`set_attribute_config`): `PUT /api/attributes/{name}`
    /// with its definition (`type`, `title`, `default`, ...), the entity types it applies to,
    /// and its position (default: after the others, which reads the schema first). The cached
    /// schema is forgotten.
    pub async fn set_attribute_config(
        &self,
        name: &str,
        data: Map<String, Value>,
        scope: &[&str],
        position: Option<i64>,
        builtin: bool,
    ) -> Result<()> {
        check_attribute_name(name)?;
        for entity_type in scope {
            check_entity_type(entity_type)?;
        }
        let position = match position {
            Some(p) => p,
            None => i64::try_from(self.attributes_schema(false).await?.attributes.len())
                .unwrap_or(i64::MAX),
        };
        let body = serde_json::json!({"data": data, "scope": scope, "position": position, "builtin": builtin});
        let result = self
            .send_empty(Request::put(format!("api/attributes/{name}")).json(&body)?)
            .await;
        self.reset_attributes_schema();
        result
    }

    /// Deletes an attribute (`remove_attribute_config`); the cached schema is forgotten.
    pub async fn remove_attribute_config(&self, name: &str) -> Result<()> {
        check_attribute_name(name)?;
        let result = self
            .send_empty(Request::delete(format!("api/attributes/{name}")))
            .await;
        self.reset_attributes_schema();
        result
    }
}

fn check_entity_type(entity_type: &str) -> Result<()> {
    if ENTITY_FIELDS.iter().any(|(t, _)| *t == entity_type) {
        Ok(())
    } else {
        Err(unknown_type(entity_type))
    }
}

fn unknown_type(entity_type: &str) -> Error {
    Error::invalid(format!(
        "unknown entity type {entity_type:?} (project, folder, task, product, version, \
         representation, workfile, user, productType, folderType, taskType)"
    ))
}
