//! Datasets: the collection format (the metadata of a dataset), mint/update answers, storage
//! locations, credentials, presigned URLs, release approvals.

use platform_client_core::reexports::SecretString;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::Status;

/// A map without its `null` values.
fn without_nulls<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Map<String, Value>, D::Error> {
    let mut map = Map::deserialize(d)?;
    map.retain(|_, v| !v.is_null());
    Ok(map)
}

/// Who a dataset belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Associations {
    /// The organisation's handle.
    pub organisation_id: String,
    /// The data custodian's (a person's) handle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_custodian_id: Option<String>,
    /// A point of contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub point_of_contact: Option<String>,
}

/// One approval check: whether it applies and whether it was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[non_exhaustive]
pub struct Check {
    /// Whether it applies.
    #[serde(default)]
    pub relevant: bool,
    /// Whether it was obtained.
    #[serde(default)]
    pub obtained: bool,
}

/// The approvals a dataset needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[non_exhaustive]
pub struct Approvals {
    /// Ethics registration.
    pub ethics_registration: Check,
    /// Ethics access.
    pub ethics_access: Check,
    /// Indigenous knowledge.
    pub indigenous_knowledge: Check,
    /// Export controls.
    pub export_controls: Check,
}

/// A date that may not apply: `{relevant, value?}` (`YYYY-MM-DD`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[non_exhaustive]
pub struct OptionalDate {
    /// Whether it applies.
    pub relevant: bool,
    /// The date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

impl OptionalDate {
    /// A relevant date.
    pub fn on(date: &str) -> Self {
        OptionalDate {
            relevant: true,
            value: Some(date.to_owned()),
        }
    }
}

/// Where the data is: in Provena's store (`reposited`) or elsewhere (`uri`, `description`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[non_exhaustive]
pub struct AccessInfo {
    /// Whether the data is in Provena's store.
    pub reposited: bool,
    /// Where it is otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// How to get it otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// What a dataset is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DatasetInfo {
    /// The name.
    pub name: String,
    /// What it holds.
    pub description: String,
    /// Where the data is.
    pub access_info: AccessInfo,
    /// The publisher's (an organisation's) handle.
    pub publisher_id: String,
    /// When it was created.
    pub created_date: OptionalDate,
    /// When it was published.
    pub published_date: OptionalDate,
    /// The licence URL.
    pub license: String,
    /// Every other field (`purpose`, `rights_holder`, `usage_limitations`,
    /// `preferred_citation`, `formats`, `keywords`, `spatial_info`, `temporal_info`,
    /// `version`, `user_metadata`); `null`s are dropped (absent fields are not sent, as the
    /// reference's `exclude_none`).
    #[serde(flatten, deserialize_with = "without_nulls")]
    pub other: Map<String, Value>,
}

/// A dataset's metadata (`CollectionFormat`): what mint, update and validate take.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CollectionFormat {
    /// Who it belongs to.
    pub associations: Associations,
    /// Its approvals.
    pub approvals: Approvals,
    /// What it is.
    pub dataset_info: DatasetInfo,
}

/// Where a dataset's files are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct S3Location {
    /// The bucket.
    pub bucket_name: String,
    /// The key prefix.
    pub path: String,
    /// `s3://bucket/path`.
    pub s3_uri: String,
}

/// `POST /register/mint-dataset`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MintResponse {
    /// The envelope.
    pub status: Status,
    /// The new dataset's handle.
    #[serde(default)]
    pub handle: Option<String>,
    /// Where to put its files.
    #[serde(default)]
    pub s3_location: Option<S3Location>,
    /// The job lodging the create activity.
    #[serde(default)]
    pub register_create_activity_session_id: Option<String>,
}

/// `POST /register/update-metadata`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UpdateMetadataResponse {
    /// The envelope.
    pub status: Status,
    /// The dataset's handle.
    pub handle: String,
    /// Where its files are.
    pub s3_location: S3Location,
}

/// `POST /registry/items/generate-presigned-url`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PresignedUrl {
    /// The dataset.
    pub dataset_id: String,
    /// The file.
    pub file_path: String,
    /// The URL to download it from.
    pub presigned_url: String,
}

/// Temporary AWS credentials for a dataset's files; the secret parts are [`SecretString`]s.
#[derive(Clone, Deserialize)]
#[non_exhaustive]
pub struct Credentials {
    /// The access key id.
    pub aws_access_key_id: String,
    /// The secret key.
    #[serde(deserialize_with = "platform_client_core::model::secret_string")]
    pub aws_secret_access_key: SecretString,
    /// The session token.
    #[serde(deserialize_with = "platform_client_core::model::secret_string")]
    pub aws_session_token: SecretString,
    /// When they expire.
    pub expiry: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("aws_access_key_id", &self.aws_access_key_id)
            .field("aws_secret_access_key", &"[redacted]")
            .field("aws_session_token", &"[redacted]")
            .field("expiry", &self.expiry)
            .finish()
    }
}

/// `POST /registry/credentials/generate-{read,write}-access-credentials`.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct CredentialResponse {
    /// The envelope.
    pub status: Status,
    /// The credentials.
    pub credentials: Credentials,
    /// A console sign-in URL, when asked for.
    #[serde(
        default,
        deserialize_with = "platform_client_core::model::secret_string_opt"
    )]
    pub console_session_url: Option<SecretString>,
}

/// `POST /release/approval-request`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReleaseApprovalResponse {
    /// The dataset.
    pub dataset_id: String,
    /// The reviewer asked.
    pub approver_id: String,
    /// What the server says.
    pub details: String,
}

/// `PUT /release/action-approval-request`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ActionApprovalResponse {
    /// The dataset.
    pub dataset_id: String,
    /// Whether it was approved.
    pub approved: bool,
    /// What the server says.
    pub details: String,
}

/// `GET /` of any API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HealthCheck {
    /// "Health check successful."
    pub message: String,
}
