//! Access requests and reports, groups, and the link between users and person items.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::client::Status;

/// One access request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AccessRequest {
    /// Who asked.
    pub username: String,
    /// The request's number.
    pub request_id: i64,
    /// Their email.
    #[serde(default)]
    pub email: String,
    /// When it was made.
    #[serde(default)]
    pub created_timestamp: i64,
    /// When it changed.
    #[serde(default)]
    pub updated_timestamp: i64,
    /// When it expires.
    #[serde(default)]
    pub expiry: i64,
    /// `PENDING_APPROVAL`, `APPROVED_PENDING_ACTION`, ...
    pub status: String,
    /// The status for people.
    #[serde(default)]
    pub ui_friendly_status: String,
    /// The roles asked for (JSON text).
    #[serde(default)]
    pub complete_contents: String,
    /// The change asked for (JSON text).
    #[serde(default)]
    pub request_diff_contents: String,
    /// Notes.
    #[serde(default)]
    pub notes: String,
}

/// `GET /access-control/user/{request-history,pending-request-history}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AccessRequestList {
    /// The requests.
    pub items: Vec<AccessRequest>,
}

/// One role in an access report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReportComponentRole {
    /// The role.
    pub role_name: String,
    /// `READ`, `WRITE` or `ADMIN`.
    pub role_level: String,
    /// Its name for people.
    pub role_display_name: String,
    /// What it allows.
    pub description: String,
    /// `GENERAL`, `ADMINISTRATOR`.
    pub intended_users: Vec<String>,
    /// Whether you have it (or, in a change request, want it).
    pub access_granted: bool,
}

/// The roles of one component (`entity-registry`, `job-service`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReportComponent {
    /// The component.
    pub component_name: String,
    /// Its roles.
    pub component_roles: Vec<ReportComponentRole>,
}

/// Which roles a user has, or asks for (`AccessReport`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[non_exhaustive]
pub struct AccessReport {
    /// Per component.
    pub components: Vec<ReportComponent>,
}

/// `GET /access-control/user/generate-access-report`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AccessReportResponse {
    /// The envelope.
    pub status: Status,
    /// Your roles.
    pub report: AccessReport,
}

/// A group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Group {
    /// Its id.
    pub id: String,
    /// Its name.
    pub display_name: String,
    /// What it is.
    #[serde(default)]
    pub description: String,
    /// The data store access its members get by default.
    #[serde(default)]
    pub default_data_store_access: Option<Vec<String>>,
}

/// A group member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GroupUser {
    /// The user name.
    pub username: String,
    /// Their email.
    #[serde(default)]
    pub email: Option<String>,
    /// Their first name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// Their last name.
    #[serde(default)]
    pub last_name: Option<String>,
}

/// A group with its members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GroupWithMembers {
    /// Its id.
    pub id: String,
    /// Its name.
    pub display_name: String,
    /// What it is.
    #[serde(default)]
    pub description: String,
    /// Its members.
    #[serde(default)]
    pub users: Vec<GroupUser>,
}

/// `GET /groups/user/{list_groups,list_user_membership}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GroupsResponse {
    /// The envelope.
    pub status: Status,
    /// The groups.
    #[serde(default)]
    pub groups: Option<Vec<Group>>,
}

/// `GET /groups/user/describe_group`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DescribeGroupResponse {
    /// The envelope.
    pub status: Status,
    /// The group.
    #[serde(default)]
    pub group: Option<Group>,
}

/// `GET /groups/user/list_members`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ListMembersResponse {
    /// The envelope.
    pub status: Status,
    /// The group and its members.
    #[serde(default)]
    pub group: Option<GroupWithMembers>,
}

/// `GET /groups/user/check_membership`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CheckMembershipResponse {
    /// The envelope.
    pub status: Status,
    /// Whether you are a member.
    #[serde(default)]
    pub is_member: Option<bool>,
}

/// `GET /link/user/lookup`: the person item linked to a user, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UserLinkLookup {
    /// Whether a link exists.
    pub success: bool,
    /// The person's handle.
    #[serde(default)]
    pub person_id: Option<String>,
}

/// Anything else an answer holds (kept for forward compatibility).
pub type Extra = serde_json::Map<String, Value>;
