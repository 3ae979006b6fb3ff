//! Parts and part models.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use super::property::Property;
use super::{IdName, null_default};

platform_client_core::string_enum! {
    /// Whether a part (or a property) is a model or an instance of one.
    pub enum PartCategory {
        /// A concrete part, made from a model.
        Instance => "INSTANCE",
        /// A model (the template instances are made from).
        Model => "MODEL",
    }
}

platform_client_core::string_enum! {
    /// The tree a part belongs to.
    pub enum PartClassification {
        /// The product tree.
        Product => "PRODUCT",
        /// The catalogue tree.
        Catalog => "CATALOG",
        /// A form.
        Form => "FORM",
        /// The root of a tree.
        Root => "ROOT",
    }
}

platform_client_core::string_enum! {
    /// How many instances of a model a parent instance holds.
    pub enum Multiplicity {
        /// Zero or one.
        ZeroOne => "ZERO_ONE",
        /// Exactly one.
        One => "ONE",
        /// Zero or more (the default for new models).
        ZeroMany => "ZERO_MANY",
        /// One or more.
        OneMany => "ONE_MANY",
        /// M to N (listed by KE-chain, not implemented by its servers).
        MN => "M_N",
    }
}

impl Multiplicity {
    /// Rejects values this crate does not know before they are sent.
    pub(crate) fn check(&self) -> crate::Result<()> {
        match self {
            Multiplicity::Unknown(m) => Err(crate::Error::invalid(format!(
                "`{m}` is not a multiplicity"
            ))),
            _ => Ok(()),
        }
    }
}

/// A KE-chain part: a model, or an instance of one, with its properties.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Part {
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
    /// Model or instance.
    #[serde(default)]
    pub category: Option<PartCategory>,
    /// Product, catalogue, form or root.
    #[serde(default)]
    pub classification: Option<PartClassification>,
    /// Multiplicity (of the model, repeated on its instances).
    #[serde(default)]
    pub multiplicity: Option<Multiplicity>,
    /// The scope (project) id.
    #[serde(default)]
    pub scope_id: Option<String>,
    /// The parent part's id (`None` for a root).
    #[serde(default)]
    pub parent_id: Option<String>,
    /// The model's id (`None` for models).
    #[serde(default)]
    pub model_id: Option<String>,
    /// For a proxy model: the catalogue model it mirrors.
    #[serde(default)]
    pub proxy_source_id_name: Option<IdName>,
    /// Whether the part is an output of the scope.
    #[serde(default)]
    pub output: Option<bool>,
    /// Creation time (ISO 8601).
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last update (ISO 8601).
    #[serde(default)]
    pub updated_at: Option<String>,
    /// The properties, sorted by their `order`.
    #[serde(default, deserialize_with = "sorted_properties")]
    pub properties: Vec<Property>,
    /// Fields this version does not model (the raw JSON escape hatch).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Part {
    /// True when the part is a model.
    pub fn is_model(&self) -> bool {
        self.category == Some(PartCategory::Model)
    }

    /// True when the part is an instance.
    pub fn is_instance(&self) -> bool {
        self.category == Some(PartCategory::Instance)
    }

    /// The property with this name, if the part has one.
    pub fn property(&self, name: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.name == name)
    }
}

/// Reads the property list (`null` as empty) and sorts it by `order`, like pykechain.
fn sorted_properties<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<Property>, D::Error> {
    let mut properties: Vec<Property> = null_default(deserializer)?;
    properties.sort_by_key(|p| p.order.unwrap_or(i64::MAX));
    Ok(properties)
}

/// A part given as a fetched [`Part`] (its category is checked before sending) or as a bare id
/// (the server checks it).
#[derive(Debug, Clone, PartialEq)]
pub struct PartRef {
    pub(crate) id: String,
    pub(crate) category: Option<PartCategory>,
    pub(crate) name: Option<String>,
    pub(crate) scope_id: Option<String>,
}

impl PartRef {
    /// The part id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Checks the id and, when the category is known, that it is `want`.
    pub(crate) fn check(&self, what: &str, want: &PartCategory) -> crate::Result<()> {
        crate::api::check_uuid(what, &self.id)?;
        match &self.category {
            Some(have) if have != want => Err(crate::Error::invalid(format!(
                "the {what} `{}` is a {have}, a {want} is required",
                self.name.as_deref().unwrap_or(&self.id)
            ))),
            _ => Ok(()),
        }
    }
}

impl From<&Part> for PartRef {
    fn from(part: &Part) -> Self {
        PartRef {
            id: part.id.clone(),
            category: part.category.clone(),
            name: Some(part.name.clone()),
            scope_id: part.scope_id.clone(),
        }
    }
}

impl From<&str> for PartRef {
    fn from(id: &str) -> Self {
        PartRef {
            id: id.to_owned(),
            category: None,
            name: None,
            scope_id: None,
        }
    }
}

impl From<String> for PartRef {
    fn from(id: String) -> Self {
        PartRef::from(id.as_str())
    }
}

impl From<&String> for PartRef {
    fn from(id: &String) -> Self {
        PartRef::from(id.as_str())
    }
}
