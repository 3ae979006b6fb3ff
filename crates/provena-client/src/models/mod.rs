//! Typed models of the Provena interfaces (`provena-interfaces-v2` 2.10.5): requests and
//! answers of the seven APIs. Open-ended parts are `serde_json::Map`s; enums have an
//! `Unknown` fallback so a value added by a newer server never fails decoding.

mod auth;
mod datastore;
mod jobs;
mod prov;
mod registry;

pub use crate::client::Status;
pub use auth::{
    AccessReport, AccessReportResponse, AccessRequest, AccessRequestList, CheckMembershipResponse,
    DescribeGroupResponse, Extra, Group, GroupUser, GroupWithMembers, GroupsResponse,
    ListMembersResponse, ReportComponent, ReportComponentRole, UserLinkLookup,
};
pub use datastore::{
    AccessInfo, ActionApprovalResponse, Approvals, Associations, Check, CollectionFormat,
    CredentialResponse, Credentials, DatasetInfo, HealthCheck, MintResponse, OptionalDate,
    PresignedUrl, ReleaseApprovalResponse, S3Location, UpdateMetadataResponse,
};
pub use jobs::{
    Handle, HandleProperty, Job, JobPage, JobStatus, SearchHit, SearchResults, ValueType,
};
pub use prov::{
    AssociationInfo, ConvertModelRunsResponse, LineageGraph, LineageLink, LineageNode,
    LineageResponse, ModelRunRecord, RegisterResponse, Report, TemplatedDataset,
};
pub use registry::{
    AccessSettings, CreateResponse, DescribedRole, FetchResponse, HistoryEntry, Item, ItemCategory,
    ItemSubType, JsonSchemaResponse, ListResponse, LockEvent, ModelDomainInfo,
    ModelRunWorkflowTemplateDomainInfo, OrganisationDomainInfo, PersonDomainInfo, RecordType,
    SeedResponse, StudyDomainInfo, TemplateResource, UpdateResponse, VersionResponse,
};
