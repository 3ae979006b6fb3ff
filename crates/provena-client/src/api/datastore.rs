//! The data store (`DatastoreClient`): dataset metadata (mint, validate, update, revert,
//! version), listing and fetching datasets, file access (presigned URLs, temporary
//! credentials), and the release review (`review`).

use platform_client_core::{HttpClient, Request};
use serde_json::json;

use super::{ItemList, check_handle, check_text, json_body};
use crate::client::{ProvenaClient, Status, send_bare_status, send_json, send_status};
use crate::config::Service;
use crate::error::{Error, Result};
use crate::models::{
    ActionApprovalResponse, CollectionFormat, CredentialResponse, FetchResponse, HealthCheck, Item,
    MintResponse, PresignedUrl, ReleaseApprovalResponse, UpdateMetadataResponse, VersionResponse,
};

impl ProvenaClient {
    /// The data store.
    pub fn datastore(&self) -> Datastore {
        Datastore {
            http: self.http(Service::Datastore).clone(),
        }
    }
}

/// The data store handler: `provena.datastore()`.
#[derive(Debug, Clone)]
pub struct Datastore {
    http: HttpClient,
}

/// `GET /` of a service.
pub(crate) async fn health(http: &HttpClient) -> Result<HealthCheck> {
    send_json(http, Request::get("")).await
}

impl Datastore {
    /// `get_health_check`: `GET /`.
    pub async fn health_check(&self) -> Result<HealthCheck> {
        health(&self.http).await
    }

    /// `validate_metadata`: `POST /metadata/validate-metadata`; the server answers a bare
    /// `Status` (the reference expected the envelope, so it failed on valid metadata).
    pub async fn validate_metadata(&self, metadata: &CollectionFormat) -> Result<Status> {
        let request = json_body(Request::post("/metadata/validate-metadata"), metadata)?;
        send_bare_status(&self.http, request).await
    }

    /// `update_metadata`: `POST /register/update-metadata?handle_id&reason`.
    pub async fn update_metadata(
        &self,
        handle_id: &str,
        reason: &str,
        metadata: &CollectionFormat,
    ) -> Result<UpdateMetadataResponse> {
        check_handle("handle_id", handle_id)?;
        check_text("reason", reason)?;
        let request = Request::post("/register/update-metadata")
            .query("handle_id", handle_id)
            .query("reason", reason);
        send_status(&self.http, json_body(request, metadata)?).await
    }

    /// `revert_metadata`: `PUT /register/revert-metadata` to the history entry `history_id`.
    pub async fn revert_metadata(&self, id: &str, history_id: i64, reason: &str) -> Result<Status> {
        check_handle("id", id)?;
        check_text("reason", reason)?;
        let body = json!({"id": id, "history_id": history_id, "reason": reason});
        let answer: crate::models::UpdateResponse = send_status(
            &self.http,
            json_body(Request::put("/register/revert-metadata"), &body)?,
        )
        .await?;
        Ok(answer.status)
    }

    /// `version_dataset`: `POST /register/version`: a new version of the dataset.
    pub async fn version_dataset(&self, id: &str, reason: &str) -> Result<VersionResponse> {
        check_handle("id", id)?;
        check_text("reason", reason)?;
        let body = json!({"id": id, "reason": reason});
        send_json(
            &self.http,
            json_body(Request::post("/register/version"), &body)?,
        )
        .await
    }

    /// `list_datasets`: `POST /registry/items/list`, every page (`sort_by`, `page_size`,
    /// `limit`, `prefetch`); no filters.
    pub fn list_datasets(&self) -> ItemList<Item> {
        ItemList::new(&self.http, "/registry/items/list", false)
    }

    /// `generate_presigned_url`: `POST /registry/items/generate-presigned-url`, valid for
    /// `expires_in` seconds (1 to 86 400; default 10 800).
    pub async fn generate_presigned_url(
        &self,
        dataset_id: &str,
        file_path: &str,
        expires_in: Option<u32>,
    ) -> Result<PresignedUrl> {
        check_handle("dataset_id", dataset_id)?;
        check_text("file_path", file_path)?;
        let expires_in = expires_in.unwrap_or(10_800);
        if !(1..=86_400).contains(&expires_in) {
            return Err(Error::invalid(
                "`expires_in` must be between 1 and 86400 seconds",
            ));
        }
        let body =
            json!({"dataset_id": dataset_id, "file_path": file_path, "expires_in": expires_in});
        let request = Request::post("/registry/items/generate-presigned-url");
        send_json(&self.http, json_body(request, &body)?).await
    }

    async fn credentials(
        &self,
        path: &'static str,
        dataset_id: &str,
        console_session_required: bool,
    ) -> Result<CredentialResponse> {
        check_handle("dataset_id", dataset_id)?;
        let body =
            json!({"dataset_id": dataset_id, "console_session_required": console_session_required});
        send_status(&self.http, json_body(Request::post(path), &body)?).await
    }

    /// `generate_read_access_credentials`: temporary AWS credentials to read the dataset's
    /// files (secrets as `SecretString`s).
    pub async fn generate_read_access_credentials(
        &self,
        dataset_id: &str,
        console_session_required: bool,
    ) -> Result<CredentialResponse> {
        let path = "/registry/credentials/generate-read-access-credentials";
        self.credentials(path, dataset_id, console_session_required)
            .await
    }

    /// `generate_write_access_credentials`: temporary AWS credentials to write them.
    pub async fn generate_write_access_credentials(
        &self,
        dataset_id: &str,
        console_session_required: bool,
    ) -> Result<CredentialResponse> {
        let path = "/registry/credentials/generate-write-access-credentials";
        self.credentials(path, dataset_id, console_session_required)
            .await
    }

    /// `fetch_dataset`: `GET /registry/items/fetch-dataset?handle_id`.
    pub async fn fetch_dataset(&self, handle_id: &str) -> Result<FetchResponse> {
        check_handle("handle_id", handle_id)?;
        let request = Request::get("/registry/items/fetch-dataset").query("handle_id", handle_id);
        send_status(&self.http, request).await
    }

    /// `mint_dataset`: `POST /register/mint-dataset`: registers a dataset; its handle and
    /// storage location.
    pub async fn mint_dataset(&self, metadata: &CollectionFormat) -> Result<MintResponse> {
        let request = json_body(Request::post("/register/mint-dataset"), metadata)?;
        send_status(&self.http, request).await
    }

    /// The release review (`review`), on the data store (the reference sent it to the auth
    /// API, where these routes do not exist).
    pub fn review(&self) -> Review {
        Review {
            http: self.http.clone(),
        }
    }
}

/// The release review: `provena.datastore().review()`.
#[derive(Debug, Clone)]
pub struct Review {
    http: HttpClient,
}

impl Review {
    /// `delete_dataset_reviewer`: `DELETE /release/sys-reviewers/delete?reviewer_id`.
    pub async fn delete_dataset_reviewer(&self, reviewer_id: &str) -> Result<()> {
        check_handle("reviewer_id", reviewer_id)?;
        let request =
            Request::delete("/release/sys-reviewers/delete").query("reviewer_id", reviewer_id);
        self.http.send(request).await?;
        Ok(())
    }

    /// `add_dataset_reviewer`: `POST /release/sys-reviewers/add?reviewer_id` (the server
    /// reads the query; the reference sent a JSON body).
    pub async fn add_dataset_reviewer(&self, reviewer_id: &str) -> Result<()> {
        check_handle("reviewer_id", reviewer_id)?;
        let request = Request::post("/release/sys-reviewers/add").query("reviewer_id", reviewer_id);
        self.http.send(request).await?;
        Ok(())
    }

    /// `approval_request`: `POST /release/approval-request`: asks `approver_id` to review
    /// the dataset's release.
    pub async fn approval_request(
        &self,
        dataset_id: &str,
        approver_id: &str,
        notes: &str,
    ) -> Result<ReleaseApprovalResponse> {
        check_handle("dataset_id", dataset_id)?;
        check_handle("approver_id", approver_id)?;
        let body = json!({"dataset_id": dataset_id, "approver_id": approver_id, "notes": notes});
        send_json(
            &self.http,
            json_body(Request::post("/release/approval-request"), &body)?,
        )
        .await
    }

    /// `action_approval_request`: `PUT /release/action-approval-request`: approves or
    /// refuses the release.
    pub async fn action_approval_request(
        &self,
        dataset_id: &str,
        approve: bool,
        notes: &str,
    ) -> Result<ActionApprovalResponse> {
        check_handle("dataset_id", dataset_id)?;
        let body = json!({"dataset_id": dataset_id, "approve": approve, "notes": notes});
        let request = Request::put("/release/action-approval-request");
        send_json(&self.http, json_body(request, &body)?).await
    }
}
