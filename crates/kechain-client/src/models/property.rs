//! Properties and their typed values.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::IdName;
use super::part::{PartCategory, PartClassification};

platform_client_core::string_enum! {
    /// The type of a property, which decides the JSON type of its `value`.
    pub enum PropertyType {
        /// Single-line text.
        Char => "CHAR_VALUE",
        /// Multi-line text.
        Text => "TEXT_VALUE",
        /// Yes/no.
        Boolean => "BOOLEAN_VALUE",
        /// Whole number.
        Int => "INT_VALUE",
        /// Decimal number.
        Float => "FLOAT_VALUE",
        /// Date and time (ISO 8601).
        DateTime => "DATETIME_VALUE",
        /// Date (`YYYY-MM-DD`).
        Date => "DATE_VALUE",
        /// Time of day (`HH:MM:SS`).
        Time => "TIME_VALUE",
        /// Duration.
        Duration => "DURATION_VALUE",
        /// A file; the value is its storage path.
        Attachment => "ATTACHMENT_VALUE",
        /// A URL.
        Link => "LINK_VALUE",
        /// One choice of `value_options.value_choices`.
        SingleSelect => "SINGLE_SELECT_VALUE",
        /// Several choices of `value_options.value_choices`.
        MultiSelect => "MULTI_SELECT_VALUE",
        /// One part (legacy single reference).
        Reference => "REFERENCE_VALUE",
        /// Parts.
        References => "REFERENCES_VALUE",
        /// Activities.
        ActivityReferences => "ACTIVITY_REFERENCES_VALUE",
        /// Scopes.
        ScopeReferences => "SCOPE_REFERENCES_VALUE",
        /// Services.
        ServiceReferences => "SERVICE_REFERENCES_VALUE",
        /// Forms.
        FormReferences => "FORM_REFERENCES_VALUE",
        /// Contexts.
        ContextReferences => "CONTEXT_REFERENCES_VALUE",
        /// Workflow statuses.
        StatusReferences => "STATUS_REFERENCES_VALUE",
        /// Teams.
        TeamReferences => "TEAM_REFERENCES_VALUE",
        /// Users.
        UserReferences => "USER_REFERENCES_VALUE",
        /// Stored files.
        StoredFileReferences => "STOREDFILE_REFERENCES_VALUE",
        /// A signature (a stored image).
        Signature => "SIGNATURE_VALUE",
        /// Any JSON.
        Json => "JSON_VALUE",
        /// A GeoJSON feature collection.
        GeoJson => "GEOJSON_VALUE",
        /// A weather report (weatherapi.com format).
        Weather => "WEATHER_VALUE",
    }
}

impl PropertyType {
    /// True for the types whose value is a list of referenced objects.
    pub fn is_reference(&self) -> bool {
        use PropertyType::*;
        matches!(
            self,
            Reference
                | References
                | ActivityReferences
                | ScopeReferences
                | ServiceReferences
                | FormReferences
                | ContextReferences
                | StatusReferences
                | TeamReferences
                | UserReferences
                | StoredFileReferences
        )
    }
}

/// A KE-chain property of a part (model or instance).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Property {
    /// UUID.
    pub id: String,
    /// Name.
    pub name: String,
    /// Slug reference.
    #[serde(default, rename = "ref")]
    pub reference: Option<String>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// The type, which decides how [`Property::typed_value`] reads `value`.
    #[serde(default)]
    pub property_type: Option<PropertyType>,
    /// Model or instance.
    #[serde(default)]
    pub category: Option<PartCategory>,
    /// The classification of its part (only inside parts).
    #[serde(default)]
    pub classification: Option<PartClassification>,
    /// Position among the part's properties.
    #[serde(default)]
    pub order: Option<i64>,
    /// Unit.
    #[serde(default)]
    pub unit: Option<String>,
    /// The raw value, as KE-chain sent it (`null` when empty).
    #[serde(default)]
    pub value: Value,
    /// Options: `value_choices`, `validators`, `representations`, `scope_id`, `prefilters`…
    #[serde(default, deserialize_with = "super::null_default")]
    pub value_options: Map<String, Value>,
    /// The part the property belongs to.
    #[serde(default)]
    pub part_id: Option<String>,
    /// The scope (project) id.
    #[serde(default)]
    pub scope_id: Option<String>,
    /// The property model's id (`None` for models).
    #[serde(default)]
    pub model_id: Option<String>,
    /// Whether the property is an output.
    #[serde(default)]
    pub output: Option<bool>,
    /// Creation time (ISO 8601).
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last update (ISO 8601).
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Fields this version does not model (the raw JSON escape hatch).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Property {
    /// True when the property belongs to a model.
    pub fn is_model(&self) -> bool {
        self.category == Some(PartCategory::Model)
    }

    /// The value read according to [`Property::property_type`]; a value of an unexpected JSON
    /// type (or of an unknown property type) comes back as [`PropertyValue::Other`].
    pub fn typed_value(&self) -> PropertyValue {
        match &self.property_type {
            Some(t) => PropertyValue::decode(t, &self.value),
            None if self.value.is_null() => PropertyValue::Null,
            None => PropertyValue::Other(self.value.clone()),
        }
    }
}

/// A user as embedded in a user-references value (users have integer ids).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawUser")]
#[non_exhaustive]
pub struct ReferencedUser {
    /// The user id (`pk` on the wire, sometimes also `id`).
    pub id: u64,
    /// User name.
    pub username: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
}

#[derive(Deserialize)]
struct RawUser {
    #[serde(default)]
    pk: Option<u64>,
    #[serde(default)]
    id: Option<u64>,
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    email: Option<String>,
}

impl TryFrom<RawUser> for ReferencedUser {
    type Error = &'static str;

    fn try_from(raw: RawUser) -> Result<Self, Self::Error> {
        Ok(ReferencedUser {
            id: raw.pk.or(raw.id).ok_or("a referenced user without `pk`")?,
            username: raw.username,
            name: raw.name,
            email: raw.email,
        })
    }
}

/// A property value, typed by its [`PropertyType`]. The raw JSON stays in [`Property::value`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PropertyValue {
    /// No value.
    Null,
    /// Char, text, link, single-select and attachment (storage path) values.
    Text(String),
    /// An integer value.
    Int(i64),
    /// A decimal value.
    Float(f64),
    /// A boolean value.
    Bool(bool),
    /// An ISO 8601 date and time, as sent (`2022-03-21T23:20:00+00:00`).
    DateTime(String),
    /// A date, as sent (`2020-03-03`).
    Date(String),
    /// A time of day, as sent (`12:00:04`).
    Time(String),
    /// The choices of a multi-select property.
    MultiSelect(Vec<String>),
    /// Referenced parts, activities, scopes, forms, contexts, statuses, services, teams or
    /// stored files (the full embedded objects stay in the raw value).
    References(Vec<IdName>),
    /// Referenced users.
    Users(Vec<ReferencedUser>),
    /// GeoJSON, weather, signature and JSON values, or anything that did not match its type.
    Other(Value),
}

impl PropertyValue {
    /// Reads a raw `value` as a property of type `property_type`.
    pub fn decode(property_type: &PropertyType, value: &Value) -> PropertyValue {
        use PropertyType as T;
        if value.is_null() {
            return PropertyValue::Null;
        }
        let other = || PropertyValue::Other(value.clone());
        let text = |wrap: fn(String) -> PropertyValue| {
            value.as_str().map_or_else(other, |s| wrap(s.to_owned()))
        };
        match property_type {
            T::Char | T::Text | T::Link | T::SingleSelect | T::Attachment => {
                text(PropertyValue::Text)
            }
            T::DateTime => text(PropertyValue::DateTime),
            T::Date => text(PropertyValue::Date),
            T::Time => text(PropertyValue::Time),
            T::Int => value.as_i64().map_or_else(other, PropertyValue::Int),
            T::Float => value.as_f64().map_or_else(other, PropertyValue::Float),
            T::Boolean => value.as_bool().map_or_else(other, PropertyValue::Bool),
            T::MultiSelect => serde_json::from_value(value.clone())
                .map_or_else(|_| other(), PropertyValue::MultiSelect),
            T::UserReferences => {
                serde_json::from_value(value.clone()).map_or_else(|_| other(), PropertyValue::Users)
            }
            t if t.is_reference() => serde_json::from_value(value.clone())
                .map_or_else(|_| other(), PropertyValue::References),
            _ => other(),
        }
    }

    /// True for [`PropertyValue::Null`].
    pub fn is_null(&self) -> bool {
        matches!(self, PropertyValue::Null)
    }
}

/// A property to create together with a model; see `client.parts().create_model_with_properties(…)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PropertyDefinition {
    pub(crate) name: String,
    pub(crate) property_type: PropertyType,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) value: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) value_options: Option<Map<String, Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) unit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) order: Option<i64>,
}

impl PropertyDefinition {
    /// A property named `name` of type `property_type`.
    pub fn new(name: impl Into<String>, property_type: PropertyType) -> Self {
        PropertyDefinition {
            name: name.into(),
            property_type,
            value: None,
            value_options: None,
            description: None,
            unit: None,
            order: None,
        }
    }

    /// Default value.
    pub fn value(mut self, value: impl Into<Value>) -> Self {
        self.value = Some(value.into());
        self
    }

    /// `value_options` (choices, validators…).
    pub fn value_options(mut self, options: Map<String, Value>) -> Self {
        self.value_options = Some(options);
        self
    }

    /// Description.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = Some(text.into());
        self
    }

    /// Unit.
    pub fn unit(mut self, unit: impl Into<String>) -> Self {
        self.unit = Some(unit.into());
        self
    }

    /// Position among the model's properties (the server's order is not guaranteed otherwise).
    pub fn order(mut self, order: i64) -> Self {
        self.order = Some(order);
        self
    }
}

/// One change of a bulk update; see `client.properties().update(…)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PropertyUpdate {
    pub(crate) id: String,
    pub(crate) value: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) value_options: Option<Map<String, Value>>,
}

impl PropertyUpdate {
    /// Sets property `id` to `value` (`Value::Null` clears it).
    pub fn new(id: impl Into<String>, value: impl Into<Value>) -> Self {
        PropertyUpdate {
            id: id.into(),
            value: value.into(),
            value_options: None,
        }
    }

    /// Also replaces the property's `value_options`.
    pub fn value_options(mut self, options: Map<String, Value>) -> Self {
        self.value_options = Some(options);
        self
    }
}
