//! Provenance: model run records, lineage graphs, registration answers.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::Status;

/// A dataset used or produced by a model run, against its template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TemplatedDataset {
    /// The dataset template.
    pub dataset_template_id: String,
    /// The dataset.
    pub dataset_id: String,
    /// `DATA_STORE`.
    pub dataset_type: String,
    /// Resource key → path, for deferred resources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Map<String, Value>>,
}

/// Who ran a model, for whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AssociationInfo {
    /// The modeller (a person's handle).
    pub modeller_id: String,
    /// The organisation that asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requesting_organisation_id: Option<String>,
}

/// A model run (`ModelRunRecord`): what `register_model_run` lodges.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ModelRunRecord {
    /// The model run workflow template.
    pub workflow_template_id: String,
    /// Its inputs.
    pub inputs: Vec<TemplatedDataset>,
    /// Its outputs.
    pub outputs: Vec<TemplatedDataset>,
    /// The display name.
    pub display_name: String,
    /// What it was.
    pub description: String,
    /// Who ran it.
    pub associations: AssociationInfo,
    /// When it started (seconds since the epoch).
    pub start_time: i64,
    /// When it ended.
    pub end_time: i64,
    /// The study it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub study_id: Option<String>,
    /// The model's version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_version: Option<String>,
    /// Free annotations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<Map<String, Value>>,
}

/// A node of a lineage graph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LineageNode {
    /// The item's handle.
    pub id: String,
    /// Its category.
    #[serde(default)]
    pub item_category: Option<String>,
    /// Its subtype.
    #[serde(default)]
    pub item_subtype: Option<String>,
}

/// An edge of a lineage graph (`used`, `wasGeneratedBy`, `wasAttributedTo`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LineageLink {
    /// From.
    pub source: String,
    /// To.
    pub target: String,
    /// The relation.
    #[serde(rename = "type", default)]
    pub kind: String,
}

/// A lineage graph (networkx node-link JSON; `links`, or `edges` from newer networkx).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LineageGraph {
    /// Whether edges have a direction.
    #[serde(default)]
    pub directed: bool,
    /// Whether two nodes may have several edges.
    #[serde(default)]
    pub multigraph: bool,
    /// The nodes.
    #[serde(default)]
    pub nodes: Vec<LineageNode>,
    /// The edges.
    #[serde(default, alias = "edges")]
    pub links: Vec<LineageLink>,
}

/// `GET /explore/...`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LineageResponse {
    /// The envelope.
    pub status: Status,
    /// How many records the graph holds.
    #[serde(default)]
    pub record_count: Option<u64>,
    /// The graph.
    #[serde(default)]
    pub graph: Option<LineageGraph>,
}

/// `POST /model_run/register` and `/model_run/register_batch`: the job lodging it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RegisterResponse {
    /// The envelope.
    pub status: Status,
    /// The job's session id.
    #[serde(default)]
    pub session_id: Option<String>,
}

/// `POST /bulk/convert_model_runs/csv`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ConvertModelRunsResponse {
    /// The envelope.
    pub status: Status,
    /// Rows that are new model runs.
    #[serde(default)]
    pub new_records: Option<Vec<ModelRunRecord>>,
    /// Rows of model runs that exist (id → record).
    #[serde(default)]
    pub existing_records: Option<Vec<Value>>,
    /// What the server noticed.
    #[serde(default)]
    pub warnings: Option<Vec<String>>,
}

/// What `generate_report` answered: the document, or (newer servers) the job making it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Report {
    /// The `.docx` bytes.
    Document(Vec<u8>),
    /// The job producing it (`REPORT`/`GENERATE_REPORT`), whose result holds `report_url`.
    Job {
        /// The job's session id.
        session_id: String,
    },
}
