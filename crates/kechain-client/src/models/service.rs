//! Services (scripts KE-chain runs) and their executions.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{IdName, null_default};

platform_client_core::string_enum! {
    /// The kind of script a service runs (`script_type` on the wire).
    pub enum ServiceType {
        /// A Python script or a `kecpkg` package.
        PythonScript => "PYTHON SCRIPT",
        /// A Jupyter notebook.
        Notebook => "NOTEBOOK",
    }
}

platform_client_core::string_enum! {
    /// The Python environment a service runs in (`env_version` on the wire).
    pub enum EnvironmentVersion {
        /// Python 3.6 (unsupported by current servers).
        Python3_6 => "3.6",
        /// Python 3.7 (unsupported by current servers).
        Python3_7 => "3.7",
        /// Python 3.8 (the environment of the recorded test server).
        Python3_8 => "3.8",
        /// Python 3.9 (legacy).
        Python3_9 => "3.9",
        /// Python 3.10.
        Python3_10 => "3.10",
        /// Python 3.11.
        Python3_11 => "3.11",
        /// Python 3.12 (the default, as in pykechain 4.16).
        Python3_12 => "3.12",
        /// Python 3.13.
        Python3_13 => "3.13",
        /// Python 3.6 notebooks (unsupported).
        Python3_6Notebook => "3.6_notebook",
        /// Python 3.8 notebooks (unsupported).
        Python3_8Notebook => "3.8_notebook",
        /// Python 3.9 notebooks.
        Python3_9Notebook => "3.9_notebook",
        /// Python 3.10 notebooks.
        Python3_10Notebook => "3.10_notebook",
    }
}

platform_client_core::string_enum! {
    /// The account a service runs as (`run_as` on the wire).
    pub enum ServiceScriptUser {
        /// The scope-bound `kenode` user (the default).
        Kenode => "kenode",
        /// The configurator user.
        KenodeConfigurator => "kenode_configurator",
    }
}

platform_client_core::string_enum! {
    /// The life-cycle status of a service execution.
    pub enum ServiceExecutionStatus {
        /// Being prepared.
        Loading => "LOADING",
        /// Running.
        Running => "RUNNING",
        /// Finished successfully.
        Completed => "COMPLETED",
        /// Finished with an error.
        Failed => "FAILED",
        /// Being stopped.
        Terminating => "TERMINATING",
        /// Stopped.
        Terminated => "TERMINATED",
    }
}

/// A KE-chain service: a script (or package) that runs on the server.
///
/// `api/services.json` ignores `fields`: every answer carries the full serializer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Service {
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
    /// The id of the scope the service belongs to.
    #[serde(default)]
    pub scope: Option<String>,
    /// The uploaded script's file name (`""` before an upload).
    #[serde(default)]
    pub script_file_name: Option<String>,
    /// Script type.
    #[serde(default)]
    pub script_type: Option<ServiceType>,
    /// Script version (free text, `1.0` by default).
    #[serde(default)]
    pub script_version: Option<String>,
    /// Python environment.
    #[serde(default)]
    pub env_version: Option<EnvironmentVersion>,
    /// The account the script runs as.
    #[serde(default)]
    pub run_as: Option<ServiceScriptUser>,
    /// Whether the script is trusted.
    #[serde(default)]
    pub trusted: Option<bool>,
    /// Whether the requirements are installed before running.
    #[serde(default)]
    pub install_requirements: Option<bool>,
    /// When the script was verified (ISO 8601), if ever.
    #[serde(default)]
    pub verified_on: Option<String>,
    /// Results of the verification.
    #[serde(default, deserialize_with = "null_default")]
    pub verification_results: Map<String, Value>,
    /// Creation time (ISO 8601), when the server sends it.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last update (ISO 8601).
    #[serde(default)]
    pub updated_at: Option<String>,
    /// The detail URL as the server wrote it (its host may be the server's real one).
    #[serde(default)]
    pub url: Option<String>,
    /// What the current user may do with the service.
    #[serde(default, deserialize_with = "null_default")]
    pub permissions: Map<String, Value>,
    /// Fields this version does not model (the raw JSON escape hatch).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One run of a service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ServiceExecution {
    /// UUID.
    pub id: String,
    /// The id of the service that ran.
    #[serde(default)]
    pub service: Option<String>,
    /// The name of that service.
    #[serde(default)]
    pub service_name: Option<String>,
    /// Status.
    #[serde(default)]
    pub status: Option<ServiceExecutionStatus>,
    /// Start time (ISO 8601), `None` while loading.
    #[serde(default)]
    pub started_at: Option<String>,
    /// End time (ISO 8601), `None` until finished.
    #[serde(default)]
    pub finished_at: Option<String>,
    /// The user who started it.
    #[serde(default)]
    pub username: Option<String>,
    /// The activity it was started from, if any.
    #[serde(default)]
    pub activity: Option<IdName>,
    /// The detail URL as the server wrote it.
    #[serde(default)]
    pub url: Option<String>,
    /// What the current user may do with the execution.
    #[serde(default, deserialize_with = "null_default")]
    pub permissions: Map<String, Value>,
    /// Fields this version does not model (the raw JSON escape hatch).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
