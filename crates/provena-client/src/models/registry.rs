//! Registry items: subtypes, the shared item fields, fetch/list/seed/create answers, access
//! settings, locks, and the domain information of the common subtypes.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::Status;

platform_client_core::string_enum! {
    /// A registry item's subtype (`ItemSubType`).
    pub enum ItemSubType {
        /// A workflow run.
        WorkflowRun => "WORKFLOW_RUN",
        /// A model run.
        ModelRun => "MODEL_RUN",
        /// A study.
        Study => "STUDY",
        /// A create activity.
        Create => "CREATE",
        /// A version activity.
        Version => "VERSION",
        /// A person.
        Person => "PERSON",
        /// An organisation.
        Organisation => "ORGANISATION",
        /// Software.
        Software => "SOFTWARE",
        /// A model.
        Model => "MODEL",
        /// A workflow template.
        WorkflowTemplate => "WORKFLOW_TEMPLATE",
        /// A model run workflow template.
        ModelRunWorkflowTemplate => "MODEL_RUN_WORKFLOW_TEMPLATE",
        /// A dataset.
        Dataset => "DATASET",
        /// A dataset template.
        DatasetTemplate => "DATASET_TEMPLATE",
    }
}

impl ItemSubType {
    /// The registry route of the subtype (`/registry/agent/organisation`), `None` for the
    /// subtypes the registry has no routes for (workflow runs, software, workflow templates).
    pub fn route(&self) -> Option<&'static str> {
        Some(match self {
            ItemSubType::Organisation => "/registry/agent/organisation",
            ItemSubType::Person => "/registry/agent/person",
            ItemSubType::Model => "/registry/entity/model",
            ItemSubType::ModelRunWorkflowTemplate => "/registry/entity/model_run_workflow",
            ItemSubType::DatasetTemplate => "/registry/entity/dataset_template",
            ItemSubType::Dataset => "/registry/entity/dataset",
            ItemSubType::Study => "/registry/activity/study",
            ItemSubType::ModelRun => "/registry/activity/model_run",
            ItemSubType::Create => "/registry/activity/create",
            ItemSubType::Version => "/registry/activity/version",
            _ => return None,
        })
    }

    /// Whether items of the subtype are written by the system only (create and version
    /// activities: no seed, create, update, revert or version).
    pub fn is_read_only(&self) -> bool {
        matches!(self, ItemSubType::Create | ItemSubType::Version)
    }
}

platform_client_core::string_enum! {
    /// A registry item's category (`ItemCategory`).
    pub enum ItemCategory {
        /// Activities (runs, studies, create/version).
        Activity => "ACTIVITY",
        /// Agents (people, organisations).
        Agent => "AGENT",
        /// Entities (datasets, models, templates).
        Entity => "ENTITY",
    }
}

platform_client_core::string_enum! {
    /// Whether an item is a seed (no domain fields yet) or complete (`RecordType`).
    pub enum RecordType {
        /// A seed.
        SeedItem => "SEED_ITEM",
        /// A complete item.
        CompleteItem => "COMPLETE_ITEM",
    }
}

/// One entry of an item's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HistoryEntry {
    /// Its id (the `history_id` of a revert).
    pub id: i64,
    /// When (seconds since the epoch).
    pub timestamp: i64,
    /// Why.
    #[serde(default)]
    pub reason: String,
    /// Who.
    #[serde(default)]
    pub username: String,
    /// The domain information then.
    #[serde(default)]
    pub item: Map<String, Value>,
}

/// A registry item: the fields every subtype shares, typed, and its domain information as a
/// map (decode it with [`Item::domain_as`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Item {
    /// The handle (`10378.1/1234567`).
    pub id: String,
    /// The owner.
    #[serde(default)]
    pub owner_username: String,
    /// Created (seconds since the epoch).
    #[serde(default)]
    pub created_timestamp: i64,
    /// Updated (seconds since the epoch).
    #[serde(default)]
    pub updated_timestamp: i64,
    /// The category.
    pub item_category: ItemCategory,
    /// The subtype.
    pub item_subtype: ItemSubType,
    /// Seed or complete.
    pub record_type: RecordType,
    /// Links to the workflow (create activity, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workflow_links: Option<Map<String, Value>>,
    /// Versioning (previous/next version, reason, version number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub versioning_info: Option<Map<String, Value>>,
    /// The display name.
    #[serde(default)]
    pub display_name: String,
    /// Free user metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_metadata: Option<Map<String, Value>>,
    /// The history, newest first.
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
    /// The subtype's own fields.
    #[serde(flatten)]
    pub domain: Map<String, Value>,
}

impl Item {
    /// The domain information as a typed model (e.g. [`OrganisationDomainInfo`]).
    pub fn domain_as<D: serde::de::DeserializeOwned>(&self) -> crate::Result<D> {
        let mut fields = self.domain.clone();
        fields.insert(
            "display_name".to_owned(),
            Value::String(self.display_name.clone()),
        );
        if let Some(m) = &self.user_metadata {
            fields.insert("user_metadata".to_owned(), Value::Object(m.clone()));
        }
        serde_json::from_value(Value::Object(fields))
            .map_err(|e| crate::Error::unexpected(format!("the item's domain information: {e}")))
    }
}

/// `GET {subtype}/fetch`: the item (complete, or a seed when allowed), your roles on it and
/// whether it is locked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FetchResponse {
    /// The envelope.
    pub status: Status,
    /// The item.
    #[serde(default)]
    pub item: Option<Item>,
    /// Your roles on it.
    #[serde(default)]
    pub roles: Option<Vec<String>>,
    /// Whether it is locked.
    #[serde(default)]
    pub locked: Option<bool>,
    /// Whether it is a seed.
    #[serde(default)]
    pub item_is_seed: Option<bool>,
}

/// A page of a listing: the items, the total when known, and the key of the next page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ListResponse<T = Item> {
    /// The envelope.
    pub status: Status,
    /// The items.
    #[serde(
        default = "Vec::new",
        deserialize_with = "null_vec",
        bound(deserialize = "T: Deserialize<'de>")
    )]
    pub items: Vec<T>,
    /// Items that could not be parsed by the server (kept raw).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unparsable_items: Option<Vec<Value>>,
    /// The total, when the server counts.
    #[serde(default)]
    pub total_item_count: Option<u64>,
    /// The key of the next page (`None`: the last page).
    #[serde(default)]
    pub pagination_key: Option<Map<String, Value>>,
}

fn null_vec<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// `POST {subtype}/seed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SeedResponse {
    /// The envelope.
    pub status: Status,
    /// The seed.
    #[serde(default)]
    pub seeded_item: Option<Item>,
}

/// `POST {subtype}/create`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CreateResponse {
    /// The envelope.
    pub status: Status,
    /// The item.
    #[serde(default)]
    pub created_item: Option<Item>,
    /// The job lodging the create activity's provenance.
    #[serde(default)]
    pub register_create_activity_session_id: Option<String>,
}

/// `PUT {subtype}/update`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UpdateResponse {
    /// The envelope.
    pub status: Status,
    /// The job lodging the provenance of the change, when there is one.
    #[serde(default)]
    pub register_create_activity_session_id: Option<String>,
}

/// `POST {subtype}/version` (and the datastore's `/register/version`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VersionResponse {
    /// The new version's handle.
    pub new_version_id: String,
    /// The job lodging the version activity.
    pub version_job_session_id: String,
}

/// `GET {subtype}/schema`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct JsonSchemaResponse {
    /// The envelope.
    pub status: Status,
    /// The JSON Schema of the subtype's domain information.
    #[serde(default)]
    pub json_schema: Option<Map<String, Value>>,
}

/// Who may do what to an item (`AccessSettings`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[non_exhaustive]
pub struct AccessSettings {
    /// The owner.
    pub owner: String,
    /// Roles everyone has (`metadata-read`, ...).
    #[serde(default)]
    pub general: Vec<String>,
    /// Group id → roles.
    #[serde(default)]
    pub groups: std::collections::BTreeMap<String, Vec<String>>,
}

impl AccessSettings {
    /// Settings for `owner` with no general or group roles.
    pub fn new(owner: &str) -> Self {
        AccessSettings {
            owner: owner.to_owned(),
            ..AccessSettings::default()
        }
    }
}

/// A role an item can grant (`DescribedRole`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DescribedRole {
    /// The role (`metadata-read`).
    pub role_name: String,
    /// What it allows.
    #[serde(default)]
    pub description: String,
    /// The roles it includes.
    #[serde(default)]
    pub also_grants: Vec<String>,
}

/// One lock or unlock of an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LockEvent {
    /// `LOCK` or `UNLOCK`.
    pub action_type: String,
    /// Who.
    #[serde(default)]
    pub username: String,
    /// Their email.
    #[serde(default)]
    pub email: Option<String>,
    /// Why.
    #[serde(default)]
    pub reason: String,
    /// When (seconds since the epoch).
    #[serde(default)]
    pub timestamp: i64,
}

/// Organisation domain information.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OrganisationDomainInfo {
    /// The display name.
    pub display_name: String,
    /// The name.
    pub name: String,
    /// The ROR URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ror: Option<String>,
    /// Free metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_metadata: Option<Map<String, Value>>,
}

impl OrganisationDomainInfo {
    /// An organisation named `name` (also its display name).
    pub fn new(name: &str) -> Self {
        OrganisationDomainInfo {
            display_name: name.to_owned(),
            name: name.to_owned(),
            ror: None,
            user_metadata: None,
        }
    }
}

/// Person domain information.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PersonDomainInfo {
    /// The display name.
    pub display_name: String,
    /// The email.
    pub email: String,
    /// The first name.
    pub first_name: String,
    /// The last name.
    pub last_name: String,
    /// The ORCID URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub orcid: Option<String>,
    /// Whether ethics approval was given.
    #[serde(default)]
    pub ethics_approved: bool,
    /// Free metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_metadata: Option<Map<String, Value>>,
}

/// Model domain information.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ModelDomainInfo {
    /// The display name.
    pub display_name: String,
    /// The name.
    pub name: String,
    /// What it is.
    pub description: String,
    /// Its documentation.
    pub documentation_url: String,
    /// Its source.
    pub source_url: String,
    /// Free metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_metadata: Option<Map<String, Value>>,
}

/// Study domain information.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StudyDomainInfo {
    /// The display name.
    pub display_name: String,
    /// The title.
    pub title: String,
    /// What it is.
    pub description: String,
    /// Another id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub study_alternative_id: Option<String>,
    /// Free metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_metadata: Option<Map<String, Value>>,
}

/// A dataset template used by a workflow template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TemplateResource {
    /// The dataset template's handle.
    pub template_id: String,
    /// Whether a run may leave it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub optional: Option<bool>,
}

/// Model run workflow template domain information.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ModelRunWorkflowTemplateDomainInfo {
    /// The display name.
    pub display_name: String,
    /// The model (software) it runs.
    pub software_id: String,
    /// The input dataset templates.
    #[serde(default)]
    pub input_templates: Vec<TemplateResource>,
    /// The output dataset templates.
    #[serde(default)]
    pub output_templates: Vec<TemplateResource>,
    /// Required and optional annotation keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<Map<String, Value>>,
    /// Free metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_metadata: Option<Map<String, Value>>,
}

impl ModelRunWorkflowTemplateDomainInfo {
    /// The interfaces' own rule: no template twice among the inputs, or among the outputs.
    pub fn check(&self) -> crate::Result<()> {
        for (what, templates) in [
            ("input", &self.input_templates),
            ("output", &self.output_templates),
        ] {
            let mut seen = std::collections::BTreeSet::new();
            let duplicates: Vec<&str> = templates
                .iter()
                .filter(|t| !seen.insert(t.template_id.as_str()))
                .map(|t| t.template_id.as_str())
                .collect();
            if !duplicates.is_empty() {
                return Err(crate::Error::invalid(format!(
                    "a template may be used once among the {what} templates; used twice: {duplicates:?}"
                )));
            }
        }
        Ok(())
    }
}
