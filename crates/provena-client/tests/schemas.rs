//! Every request body this crate builds is valid against the JSON Schema of its interface
//! model (`../shared/data/provena/schemas/`, from `provena-interfaces-v2` 2.10.5), checked
//! with `jsonschema`; the request fixtures that still match the interfaces validate, the
//! legacy ones are rejected.

mod common;

use futures_util::StreamExt as _;
use provena_client::models::{ItemSubType, ModelDomainInfo, PersonDomainInfo, StudyDomainInfo};
use provena_client::{ProvenaClient, RecordFilter, ReleaseStatus, SortType};
use serde_json::{Value, json};

/// The schema of a request body by method and path (the service's prefix left out).
fn schema_for(method: &str, path: &str) -> Option<String> {
    let registry = |action: &str, subtype: &str| -> Option<&'static str> {
        let domain = || match subtype {
            "organisation" => Some("RegistryModels.OrganisationDomainInfo"),
            "person" => Some("RegistryModels.PersonDomainInfo"),
            "model" => Some("RegistryModels.ModelDomainInfo"),
            "study" => Some("RegistryModels.StudyDomainInfo"),
            "dataset_template" => Some("RegistryModels.DatasetTemplateDomainInfo"),
            "model_run_workflow" => Some("RegistryModels.ModelRunWorkflowTemplateDomainInfo"),
            _ => None,
        };
        Some(match action {
            "create" | "validate" | "update" => domain()?,
            "list" => "RegistryAPI.SubtypeListRequest",
            "revert" => "RegistryAPI.ItemRevertRequest",
            "lock" | "unlock" => "RegistryAPI.LockChangeRequest",
            "configuration" => "RegistryModels.AccessSettings",
            "version" => "RegistryAPI.VersionRequest",
            _ => return None,
        })
    };
    let name = match (method, path) {
        (
            "POST",
            "/metadata/validate-metadata" | "/register/update-metadata" | "/register/mint-dataset",
        ) => "RegistryModels.CollectionFormat",
        ("PUT", "/register/revert-metadata") => {
            return Some("provenaclient.models.datastore.RevertMetadata".to_owned());
        }
        ("POST", "/register/version") => "RegistryAPI.VersionRequest",
        ("POST", "/registry/items/list") => "RegistryAPI.NoFilterSubtypeListRequest",
        ("POST", "/registry/items/generate-presigned-url") => "DataStoreAPI.PresignedURLRequest",
        ("POST", p) if p.starts_with("/registry/credentials/") => "DataStoreAPI.CredentialsRequest",
        ("POST", "/release/approval-request") => "DataStoreAPI.ReleaseApprovalRequest",
        ("PUT", "/release/action-approval-request") => "DataStoreAPI.ActionApprovalRequest",
        ("POST", "/access-control/user/request-change") => "AuthAPI.AccessReport",
        ("POST", "/link/user/validate" | "/link/user/assign") => {
            "AuthAPI.UserLinkUserAssignRequest"
        }
        ("POST", "/model_run/register") => "ProvenanceModels.ModelRunRecord",
        ("POST", "/model_run/register_batch") => "ProvenanceAPI.RegisterBatchModelRunRequest",
        ("POST", "/model_run/update") => "ProvenanceAPI.PostUpdateModelRunInput",
        ("POST", "/explore/generate/report") => "ProvenanceAPI.GenerateReportRequest",
        ("POST", "/registry/general/list") => "RegistryAPI.GeneralListRequest",
        ("POST", "/jobs/user/list") => "AsyncJobAPI.ListJobsRequest",
        ("POST", "/jobs/user/list_batch") => "AsyncJobAPI.ListByBatchRequest",
        ("POST", "/handle/mint") => "HandleAPI.MintRequest",
        ("POST", "/handle/add_value") => "HandleAPI.AddValueRequest",
        ("POST", "/handle/add_value_by_index") => "HandleAPI.AddValueIndexRequest",
        ("PUT", "/handle/modify_by_index") => "HandleAPI.ModifyRequest",
        ("POST", "/handle/remove_by_index") => "HandleAPI.RemoveRequest",
        (_, p) if p.starts_with("/registry/") => {
            let parts: Vec<&str> = p.trim_start_matches('/').split('/').collect();
            // registry/{category}/{subtype}/{action...}
            registry(parts.last()?, parts.get(2)?)?
        }
        _ => return None,
    };
    Some(format!("ProvenaInterfaces.{name}"))
}

fn validator(name: &str) -> jsonschema::Validator {
    let schema = common::json(&format!("schemas/{name}.json"));
    jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn errors(validator: &jsonschema::Validator, body: &Value) -> Vec<String> {
    validator
        .iter_errors(body)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect()
}

/// Calls beyond the golden ones: the other builders and options.
async fn more_calls(p: ProvenaClient) {
    let registry = p.registry();
    let person = serde_json::from_value::<PersonDomainInfo>(json!({"display_name": "Jane Doe", "email": "jane@example.org",
        "first_name": "Jane", "last_name": "Doe", "orcid": "https://orcid.org/0000-0002-1825-0097", "ethics_approved": true})).unwrap();
    let model = serde_json::from_value::<ModelDomainInfo>(json!({"display_name": "Reef model", "name": "Reef model",
        "description": "Coral cover", "documentation_url": "https://example.org/docs", "source_url": "https://example.org/src"})).unwrap();
    let study = serde_json::from_value::<StudyDomainInfo>(
        json!({"display_name": "Study", "title": "Study", "description": "d"}),
    )
    .unwrap();
    let _ = registry.create_item(ItemSubType::Person, &person).await;
    let _ = registry
        .update_item(ItemSubType::Model, common::calls::ID, Some("docs"), &model)
        .await;
    let _ = registry.validate_item(ItemSubType::Study, &study).await;
    let _ = registry
        .revert_item(ItemSubType::Model, common::calls::ID, 2, "undo")
        .await;
    for list in [
        registry
            .list_items(ItemSubType::Person)
            .unwrap()
            .sort_by(SortType::CreatedTime, true)
            .record_type(RecordFilter::All),
        registry
            .list_items(ItemSubType::Dataset)
            .unwrap()
            .release_status(ReleaseStatus::Pending)
            .release_reviewer("10378.1/9"),
        registry
            .list_items(ItemSubType::Dataset)
            .unwrap()
            .sort_by(SortType::AccessInfoUriBeginsWith, false)
            .begins_with("https://"),
    ] {
        let _ = list.first_page().await;
    }
    let _ = registry
        .list_general()
        .subtype(ItemSubType::Model)
        .record_type(RecordFilter::SeedOnly)
        .first_page()
        .await;
    let _ = p.jobs().list_jobs().page_size(25).stream().next().await;
    let _ = p.auth_api().link_assign("10378.1/777").await;
    let _ = p
        .prov()
        .update_model_run(
            "10378.1/5",
            "fix",
            &serde_json::from_value(common::json(
                "fixtures/requests/prov_register_model_run.model_run_record.from_real_job.json",
            ))
            .unwrap(),
        )
        .await;
}

#[tokio::test]
async fn every_request_body_we_build_is_valid_against_its_schema() {
    let server = common::answering(json!({"status": {"success": true, "details": "ok"}})).await;
    let entries = common::json("fixtures/golden/requests.json");
    let mut calls = common::calls::calls();
    for entry in entries.as_array().unwrap() {
        let call = calls.remove(entry["call"].as_str().unwrap()).unwrap();
        call(common::client(&server), entry["body"].clone()).await;
    }
    more_calls(common::client(&server)).await;
    let mut failures = Vec::new();
    let mut checked = 0;
    for received in server.received() {
        if received.body.is_empty()
            || received
                .headers
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                != Some("application/json")
        {
            continue;
        }
        let path = received
            .record
            .path
            .splitn(3, '/')
            .nth(2)
            .map(|p| format!("/{p}"))
            .unwrap_or_default();
        let Some(name) = schema_for(&received.record.method, &path) else {
            failures.push(format!(
                "{} {path}: no schema known",
                received.record.method
            ));
            continue;
        };
        let body: Value = serde_json::from_slice(&received.body).unwrap();
        let problems = errors(&validator(&name), &body);
        if !problems.is_empty() {
            failures.push(format!(
                "{} {path} ({name}): {problems:?}\n  {body}",
                received.record.method
            ));
        }
        checked += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= 40, "only {checked} bodies checked");
}

#[test]
fn the_request_fixtures_that_match_the_interfaces_validate_and_the_legacy_ones_do_not() {
    let index = common::json("fixtures/requests/INDEX.thunder.json");
    let (mut valid, mut refused) = (0, 0);
    for row in index.as_array().unwrap() {
        let (file, model, verdict) = (
            row[0].as_str().unwrap(),
            row[4].as_str(),
            row[5].as_str().unwrap(),
        );
        let Some(model) = model else {
            // A route of an older API: no call of this crate goes there.
            let route = row[3].as_str().unwrap().trim_start_matches("{{endpoint}}");
            assert!(
                schema_for(row[2].as_str().unwrap(), route).is_none(),
                "{route} should be unknown"
            );
            continue;
        };
        let module = [
            "RegistryModels",
            "RegistryAPI",
            "DataStoreAPI",
            "AuthAPI",
            "ProvenanceAPI",
        ]
        .iter()
        .find(|m| common::shared(&format!("schemas/ProvenaInterfaces.{m}.{model}.json")).exists())
        .unwrap_or_else(|| panic!("no schema for {model}"));
        let validator = validator(&format!("ProvenaInterfaces.{module}.{model}"));
        let dir = if verdict == "valid" {
            "requests"
        } else {
            "requests/legacy"
        };
        let body = common::json(&format!("fixtures/{dir}/{file}"));
        let mut problems = errors(&validator, &body);
        if model == "ModelRunWorkflowTemplateDomainInfo" {
            // The interfaces' own validator, beyond the schema: no duplicate templates.
            let typed = serde_json::from_value::<
                provena_client::models::ModelRunWorkflowTemplateDomainInfo,
            >(body.clone())
            .map_err(|e| e.to_string())
            .and_then(|t| t.check().map_err(|e| e.to_string()));
            problems.extend(typed.err());
        }
        if verdict == "valid" {
            assert!(problems.is_empty(), "{file}: {problems:?}");
            valid += 1;
        } else {
            assert!(!problems.is_empty(), "{file} (legacy) validated");
            refused += 1;
        }
    }
    for (file, name) in [
        (
            "datastore_mint_dataset.collection_format.from_real_item.json",
            "RegistryModels.CollectionFormat",
        ),
        (
            "prov_register_model_run.model_run_record.from_real_job.json",
            "ProvenanceModels.ModelRunRecord",
        ),
    ] {
        let body = common::json(&format!("fixtures/requests/{file}"));
        assert!(
            errors(&validator(&format!("ProvenaInterfaces.{name}")), &body).is_empty(),
            "{file}"
        );
        valid += 1;
    }
    assert!(
        valid >= 15 && refused >= 5,
        "{valid} valid, {refused} refused"
    );
}

#[test]
fn our_models_carry_the_fixture_requests_unchanged() {
    use provena_client::models::{CollectionFormat, ModelRunRecord};
    let metadata = common::json(
        "fixtures/requests/datastore_mint_dataset.collection_format.from_real_item.json",
    );
    let typed: CollectionFormat = serde_json::from_value(metadata.clone()).unwrap();
    assert_eq!(
        strip_nulls(serde_json::to_value(&typed).unwrap()),
        strip_nulls(metadata)
    );
    let record = common::json(
        "fixtures/requests/prov_register_model_run.model_run_record.from_real_job.json",
    );
    let typed: ModelRunRecord = serde_json::from_value(record.clone()).unwrap();
    assert_eq!(
        strip_nulls(serde_json::to_value(&typed).unwrap()),
        strip_nulls(record)
    );
}

/// A body without its `null` fields (the reference omits them: `exclude_none`).
fn strip_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, strip_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(strip_nulls).collect()),
        other => other,
    }
}
