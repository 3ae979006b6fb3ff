//! The auth API (`AuthClient`): access requests and reports, groups, and the link between a
//! user and their person item.

use platform_client_core::{HttpClient, Request};
use serde_json::json;

use super::{check_handle, check_id, datastore::health, json_body};
use crate::client::{ProvenaClient, Status, send_json, send_status};
use crate::config::Service;
use crate::error::Result;
use crate::models::{
    AccessReport, AccessReportResponse, AccessRequestList, CheckMembershipResponse,
    DescribeGroupResponse, GroupsResponse, HealthCheck, ListMembersResponse, UserLinkLookup,
};

impl ProvenaClient {
    /// The auth API.
    pub fn auth_api(&self) -> AuthApi {
        AuthApi {
            http: self.http(Service::Auth).clone(),
        }
    }
}

/// The auth API handler: `provena.auth_api()`.
#[derive(Debug, Clone)]
pub struct AuthApi {
    http: HttpClient,
}

#[derive(serde::Deserialize)]
struct Envelope {
    status: Status,
}

impl AuthApi {
    /// `get_health_check`: `GET /`.
    pub async fn health_check(&self) -> Result<HealthCheck> {
        health(&self.http).await
    }

    /// `get_user_request_history`: your access requests.
    pub async fn user_request_history(&self) -> Result<AccessRequestList> {
        send_json(
            &self.http,
            Request::get("/access-control/user/request-history"),
        )
        .await
    }

    /// `post_user_request_change`: asks for the roles marked granted in `report`
    /// (`send_email` notifies the administrators).
    pub async fn post_user_request_change(
        &self,
        report: &AccessReport,
        send_email: bool,
    ) -> Result<Status> {
        let request =
            Request::post("/access-control/user/request-change").query("send_email", send_email);
        let answer: Envelope = send_status(&self.http, json_body(request, report)?).await?;
        Ok(answer.status)
    }

    /// `get_user_pending_request_history`: your requests not yet handled.
    pub async fn user_pending_request_history(&self) -> Result<AccessRequestList> {
        let request = Request::get("/access-control/user/pending-request-history");
        send_json(&self.http, request).await
    }

    /// `get_user_generate_access_report`: the roles you have.
    pub async fn user_access_report(&self) -> Result<AccessReportResponse> {
        let request = Request::get("/access-control/user/generate-access-report");
        send_status(&self.http, request).await
    }

    /// `get_list_groups`: every group.
    pub async fn list_groups(&self) -> Result<GroupsResponse> {
        send_status(&self.http, Request::get("/groups/user/list_groups")).await
    }

    /// `get_describe_group`: one group.
    pub async fn describe_group(&self, group_id: &str) -> Result<DescribeGroupResponse> {
        check_id("group_id", group_id)?;
        let request = Request::get("/groups/user/describe_group").query("id", group_id);
        send_status(&self.http, request).await
    }

    /// `get_list_membership`: the groups you are in.
    pub async fn list_membership(&self) -> Result<GroupsResponse> {
        send_status(
            &self.http,
            Request::get("/groups/user/list_user_membership"),
        )
        .await
    }

    /// `get_list_group_members`: a group with its members.
    pub async fn list_group_members(&self, group_id: &str) -> Result<ListMembersResponse> {
        check_id("group_id", group_id)?;
        let request = Request::get("/groups/user/list_members").query("id", group_id);
        send_status(&self.http, request).await
    }

    /// `get_check_membership`: whether you are in a group (`group_id` in the query, as the
    /// server reads it; the reference sent `id`, which the server rejects with 422).
    pub async fn check_membership(&self, group_id: &str) -> Result<CheckMembershipResponse> {
        check_id("group_id", group_id)?;
        let request = Request::get("/groups/user/check_membership").query("group_id", group_id);
        send_status(&self.http, request).await
    }

    /// `get_link_lookup_username`: the person item linked to a user (you, without one).
    pub async fn link_lookup(&self, username: Option<&str>) -> Result<UserLinkLookup> {
        if let Some(u) = username {
            check_id("username", u)?;
        }
        let request = Request::get("/link/user/lookup").query_opt("username", username);
        send_json(&self.http, request).await
    }

    /// `post_link_assign`: links you to a person item.
    pub async fn link_assign(&self, person_id: &str) -> Result<()> {
        check_handle("person_id", person_id)?;
        let request = json_body(
            Request::post("/link/user/assign"),
            &json!({"person_id": person_id}),
        )?;
        self.http.send(request).await?;
        Ok(())
    }

    /// `post_link_validate`: whether a person item may be linked to you.
    pub async fn link_validate(&self, person_id: &str) -> Result<Status> {
        check_handle("person_id", person_id)?;
        let request = json_body(
            Request::post("/link/user/validate"),
            &json!({"person_id": person_id}),
        )?;
        let answer: Envelope = send_status(&self.http, request).await?;
        Ok(answer.status)
    }
}
