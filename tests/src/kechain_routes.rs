//! The KE-chain endpoints seen in recorded traffic and the Rust type each one answers with.

use serde::de::DeserializeOwned;

use kechain_client::api::versions::{AppVersion, WidgetSchema};
use kechain_client::models::{
    Activity, Association, Banner, Context, ExpiringDownload, Form, IdName, Notification, Part,
    Property, Scope, Service, ServiceExecution, StoredFile, Team, User, Widget, Workflow,
    WorkflowStatus,
};

/// One endpoint: method, path pattern (`{id}` is a UUID or number) and decoder.
pub struct Route {
    /// HTTP method.
    pub method: &'static str,
    /// Path pattern.
    pub pattern: &'static str,
    /// Decodes a success body.
    pub decode: fn(&[u8]) -> Result<(), String>,
}

/// The answer of `parts/bulk_create_part_instances`.
#[derive(serde::Deserialize)]
#[allow(dead_code)] // decoded to check the shape
struct PartsCreated {
    parts_created: Vec<String>,
    count: u64,
}

/// The answer of `forms/{id}/has_part/{id}`.
#[derive(serde::Deserialize)]
#[allow(dead_code)] // decoded to check the shape
struct HasPart {
    has_part: bool,
}

/// The answer of `workflows/{id}/(de)activate`.
#[derive(serde::Deserialize)]
#[allow(dead_code)] // decoded to check the shape
struct Activation {
    changed: bool,
    active: bool,
}

#[derive(serde::Deserialize)]
struct Envelope<T> {
    results: Vec<T>,
}

fn envelope<T: DeserializeOwned>(body: &[u8]) -> Result<Vec<T>, String> {
    let url = "http://recorded/".parse().map_err(|_| "url".to_owned())?;
    platform_client_core::decode_json::<Envelope<T>>(body, &url)
        .map(|e| e.results)
        .map_err(|e| e.to_string())
}

/// A `{"results": [T, ...]}` list (paged or not).
fn list<T: DeserializeOwned>(body: &[u8]) -> Result<(), String> {
    envelope::<T>(body).map(|_| ())
}

/// A `{"results": [T]}` single object.
fn one<T: DeserializeOwned>(body: &[u8]) -> Result<(), String> {
    match envelope::<T>(body)?.len() {
        0 => Err("expected one object in `results`, found none".to_owned()),
        _ => Ok(()),
    }
}

/// No content.
fn empty(body: &[u8]) -> Result<(), String> {
    if body.is_empty() {
        Ok(())
    } else {
        Err(format!("expected no body, got {} bytes", body.len()))
    }
}

/// A file download: any bytes.
fn bytes(_body: &[u8]) -> Result<(), String> {
    Ok(())
}

macro_rules! routes {
    ($($method:literal $pattern:literal => $decode:expr),+ $(,)?) => {
        /// Every known endpoint.
        pub static ROUTES: &[Route] = &[$(Route { method: $method, pattern: $pattern, decode: $decode }),+];
    };
}

routes! {
    "GET" "/api/v3/scopes.json" => list::<Scope>,
    "POST" "/api/v3/scopes.json" => one::<Scope>,
    "POST" "/api/v3/scopes/clone" => list::<Scope>,
    "GET" "/api/v3/scopes/{id}.json" => one::<Scope>,
    "PUT" "/api/v3/scopes/{id}.json" => one::<Scope>,
    "PATCH" "/api/v3/scopes/{id}.json" => one::<Scope>,
    "DELETE" "/api/v3/scopes/{id}.json" => empty,
    "PUT" "/api/v3/scopes/{id}/{action}" => one::<Scope>,
    "GET" "/api/versions.json" => list::<AppVersion>,
    "GET" "/api/widgets/schemas" => list::<WidgetSchema>,
    "GET" "/api/services.json" => list::<Service>,
    "POST" "/api/services.json" => one::<Service>,
    "PUT" "/api/services/{id}.json" => one::<Service>,
    "GET" "/api/v3/services/{id}.json" => one::<Service>,
    "POST" "/api/services/{id}/upload" => one::<Service>,
    "GET" "/api/services/{id}/execute" => one::<ServiceExecution>,
    "GET" "/api/service_executions.json" => list::<ServiceExecution>,
    "GET" "/api/v3/service_executions/{id}" => one::<ServiceExecution>,
    "GET" "/api/service_executions/{id}/terminate" => list::<String>,
    "GET" "/api/users.json" => list::<User>,
    "GET" "/api/users/get_current_user" => one::<User>,
    "GET" "/api/teams.json" => list::<Team>,
    "POST" "/api/teams.json" => one::<Team>,
    "PUT" "/api/teams/{id}.json" => one::<Team>,
    "PUT" "/api/teams/{id}/{action}" => one::<Team>,
    "GET" "/api/v3/teams/{id}" => one::<Team>,
    "GET" "/api/v3/notifications.json" => list::<Notification>,
    "POST" "/api/v3/notifications.json" => one::<Notification>,
    "PUT" "/api/v3/notifications/{id}.json" => one::<Notification>,
    "POST" "/api/v3/notifications/{action}" => list::<Notification>,
    "GET" "/api/v3/banners.json" => list::<Banner>,
    "POST" "/api/v3/banners.json" => one::<Banner>,
    "PUT" "/api/v3/banners/{id}.json" => one::<Banner>,
    "GET" "/api/downloads.json" => list::<ExpiringDownload>,
    "POST" "/api/downloads.json" => one::<ExpiringDownload>,
    "PUT" "/api/downloads/{id}.json" => one::<ExpiringDownload>,
    "POST" "/api/downloads/{id}/upload" => one::<ExpiringDownload>,
    "GET" "/api/v3/contexts/contexts.json" => list::<Context>,
    "POST" "/api/v3/contexts/contexts.json" => one::<Context>,
    "GET" "/api/v3/contexts/contexts/{id}.json" => one::<Context>,
    "POST" "/api/v3/contexts/contexts/{id}/{action}" => one::<Context>,
    "GET" "/api/v3/forms" => list::<Form>,
    "POST" "/api/v3/forms" => one::<Form>,
    "POST" "/api/v3/forms/bulk_instantiate" => list::<Form>,
    "GET" "/api/v3/forms/{id}" => one::<Form>,
    "PUT" "/api/v3/forms/{id}" => one::<Form>,
    "PATCH" "/api/v3/forms/{id}" => one::<Form>,
    "POST" "/api/v3/forms/{id}/{action}" => one::<Form>,
    "POST" "/api/v3/forms/{id}/apply_transition/{id}" => one::<Form>,
    "GET" "/api/v3/workflows" => list::<Workflow>,
    "POST" "/api/v3/workflows" => one::<Workflow>,
    "GET" "/api/v3/workflows/{id}" => one::<Workflow>,
    "POST" "/api/v3/workflows/{id}/clone" => one::<Workflow>,
    "PUT" "/api/v3/workflows/{id}/activate" => one::<Activation>,
    "PUT" "/api/v3/workflows/{id}/deactivate" => one::<Activation>,
    "PUT" "/api/v3/workflows/{id}/{action}" => one::<Workflow>,
    "POST" "/api/v3/workflows/{id}/{action}" => one::<Workflow>,
    "GET" "/api/v3/statuses" => list::<WorkflowStatus>,
    "GET" "/api/v3/statuses/{id}" => one::<WorkflowStatus>,
    "GET" "/api/activities.json" => list::<Activity>,
    "POST" "/api/activities.json" => one::<Activity>,
    "GET" "/api/activities/{id}.json" => one::<Activity>,
    "PUT" "/api/activities/{id}.json" => one::<Activity>,
    "POST" "/api/activities/bulk_clone" => list::<Activity>,
    "PUT" "/api/activities/bulk_update" => list::<IdName>,
    "PUT" "/api/activities/{id}/move_activity" => one::<IdName>,
    "POST" "/api/activities/{id}/clone_widgets_from/{id}" => list::<Widget>,
    "GET" "/api/widgets.json" => list::<Widget>,
    "POST" "/api/widgets.json" => one::<Widget>,
    "PUT" "/api/widgets/{id}.json" => one::<Widget>,
    "POST" "/api/widgets/bulk_create" => list::<Widget>,
    "PUT" "/api/widgets/bulk_update" => list::<Widget>,
    "PUT" "/api/widgets/bulk_update_associations.json" => list::<Widget>,
    "PUT" "/api/widgets/bulk_set_associations.json" => list::<Widget>,
    "PUT" "/api/widgets/{id}/clear_associations.json" => one::<Widget>,
    "PUT" "/api/widgets/{id}/remove_associations.json" => one::<Widget>,
    "GET" "/api/associations.json" => list::<Association>,
    "GET" "/api/v3/parts.json" => list::<Part>,
    "GET" "/api/v3/parts/{id}.json" => one::<Part>,
    "PUT" "/api/v3/parts/{id}.json" => one::<Part>,
    "POST" "/api/v3/parts/create_child_model" => one::<Part>,
    "POST" "/api/v3/parts/create_proxy_model" => one::<Part>,
    "POST" "/api/v3/parts/new_instance" => one::<Part>,
    "POST" "/api/v3/parts/clone_instance" => one::<Part>,
    "POST" "/api/v3/parts/import_parts" => list::<IdName>,
    "POST" "/api/v3/parts/{id}/order_properties" => list::<IdName>,
    "GET" "/api/v3/properties.json" => list::<Property>,
    "GET" "/api/v3/properties/{id}.json" => one::<Property>,
    "PUT" "/api/v3/properties/{id}.json" => one::<Property>,
    "POST" "/api/v3/properties/create_model" => one::<Property>,
    "POST" "/api/v3/properties/bulk_update" => list::<Property>,
    "POST" "/api/v3/properties/{id}/upload" => one::<IdName>,
    "GET" "/api/v3/stored_files" => list::<StoredFile>,
    "GET" "/api/v3/stored_files/{id}" => one::<StoredFile>,
    "PATCH" "/api/v3/stored_files/{id}" => one::<StoredFile>,
    "POST" "/api/v3/stored_files/upload" => one::<StoredFile>,
    "POST" "/api/v3/parts/bulk_create_part_instances" => one::<PartsCreated>,
    "GET" "/api/v3/forms/{id}/has_part/{id}" => one::<HasPart>,
    "GET" "/api/v3/parts/export" => bytes,
    "GET" "/api/v3/properties/{id}/download" => bytes,
    "GET" "/api/services/{id}/download" => bytes,
    // Every KE-chain delete answers 204 without a body (errors are decoded as typed errors).
    "DELETE" "{any}" => empty,
}

/// The first route matching `method` and `path`.
pub fn route_for(method: &str, path: &str) -> Option<&'static Route> {
    ROUTES
        .iter()
        .find(|r| r.method == method && matches(r.pattern, path))
}

fn is_id(segment: &str) -> bool {
    let hex = segment.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    (segment.len() == 36 && hex)
        || (!segment.is_empty() && segment.chars().all(|c| c.is_ascii_digit()))
}

fn matches(pattern: &str, path: &str) -> bool {
    if pattern == "{any}" {
        return path.starts_with("/api/");
    }
    let (p, s): (Vec<&str>, Vec<&str>) = (pattern.split('/').collect(), path.split('/').collect());
    p.len() == s.len()
        && p.iter().zip(&s).all(|(p, s)| match *p {
            "{id}" => is_id(s),
            "{action}" => !s.is_empty() && !is_id(s),
            _ => match p.strip_prefix("{id}") {
                Some(suffix) => s.strip_suffix(suffix).is_some_and(is_id),
                None => p == s,
            },
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert!(matches(
            "/api/v3/scopes/{id}.json",
            "/api/v3/scopes/bd5dceaa-a35e-47b0-9fc5-875410f4a56f.json"
        ));
        assert!(!matches("/api/v3/scopes/{id}.json", "/api/v3/scopes/clone"));
        assert!(matches(
            "/api/v3/scopes/{id}/{action}",
            "/api/v3/scopes/bd5dceaa-a35e-47b0-9fc5-875410f4a56f/add_member"
        ));
        assert_eq!(
            route_for("GET", "/api/v3/scopes.json").map(|r| r.pattern),
            Some("/api/v3/scopes.json")
        );
    }
}
