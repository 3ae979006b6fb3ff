//! Forms: exact requests (snapshots), decoding, error mapping, bad input.

mod common;

use kechain_client::Error;
use kechain_client::models::{
    ContextGroup, Form, FormCategory, ScopeCategory, StatusCategory, WorkflowCategory,
};
use platform_client_core::testing::{MockResponse, Routes, TestServer};
use serde_json::json;

const MODEL: &str = "e6e1ef28-81e0-49f9-affd-9a5591880390";
const INSTANCE: &str = "718afed0-2d52-42a0-895d-dfa7ca53840a";
const SCOPE: &str = "bd5dceaa-a35e-47b0-9fc5-875410f4a56f";
const WORKFLOW: &str = "ddaecb70-f135-4de6-81ad-b60cc4e44bef";
const OBJECT_1: &str = "a7072ec7-7612-43b8-85af-e399813ac839";
const DISCIPLINE_1: &str = "41590471-6f57-47ff-b1ea-a3f72be89f23";

fn todo() -> serde_json::Value {
    json!({"id": "1e12e5a1-31ba-42ef-9fda-bf0cb418eb80", "name": "To Do", "ref": "to-do",
           "description": "This is To Do", "derived_from": null, "status_category": "TODO",
           "status_category_color": "grey", "created_at": "2022-02-02T19:56:16.484078Z"})
}

/// A form as create and detail answers carry it (trimmed from a recording).
fn form(id: &str, category: &str, model: Option<&str>) -> serde_json::Value {
    json!({
        "active": true, "active_status": todo(),
        "active_status_form": {"id": "5c921d73-a98a-4d00-8565-a9408ec1dddb", "name": "Activity for Status To Do",
                               "ref": "activity-for-status-to-do", "assignees": []},
        "category": category, "context_groups": ["ASSET", "DISCIPLINE"],
        "contexts": [{"activities": [], "context_group": "DISCIPLINE", "context_type": "TEXT_LABEL",
                      "derived_from": null, "description": "", "due_date": null, "feature_collection": null,
                      "form_collections": [MODEL], "form_collections_count": 1, "id": DISCIPLINE_1,
                      "name": "Discipline 1", "options": {}, "ref": "discipline-1", "scope": SCOPE,
                      "start_date": null, "tags": []}],
        "created_at": "2022-08-10T12:22:15.920540Z", "derived_from": null, "description": "",
        "display_name": "__TEST__FORM_MODEL", "form_instance_root": model.map(|_| "05c67a85-d22e-4d31-bffc-efdb28a28569"),
        "form_model_root": "511d1411-364a-4efc-b72b-ac97709d8add", "has_instances": false, "id": id,
        "model": model, "name": "__TEST__FORM_MODEL",
        "permissions": {"instantiate": true, "clone": true}, "prefill_parts": {}, "ref": "test__form_model",
        "scope": {"id": SCOPE, "name": "Bike Project", "category": "USER_SCOPE", "tags": ["bike", "x-scope-target"]},
        "scope_id": SCOPE,
        "status_assignees_has_widgets": [{"status_id": "1e12e5a1-31ba-42ef-9fda-bf0cb418eb80", "has_widgets": true}],
        "status_forms": [{"id": "ca01a7f1-13a3-4209-a0d6-16e7e1050779", "status": todo(),
                          "activity": {"id": "5c921d73-a98a-4d00-8565-a9408ec1dddb", "name": "Activity for Status To Do",
                                       "classification": "FORM", "activity_type": "TASK", "status": "OPEN"},
                          "created_at": "2022-08-10T12:22:16.139837Z", "updated_at": "2022-08-10T12:22:16.139858Z",
                          "form_collection": id}],
        "tags": [], "updated_at": "2022-08-10T12:22:15.920565Z",
        "workflow": {"id": WORKFLOW, "name": "Simple Form Flow", "description": "Simple Form Flow with prepare, do and check",
                     "ref": "simple-form-flow", "created_at": "2022-02-02T19:56:16.882649Z",
                     "updated_at": "2022-02-02T19:56:16.901482Z", "category": "CATALOG"}
    })
}

fn model() -> Form {
    serde_json::from_value(form(MODEL, "MODEL", None)).unwrap()
}

fn routes() -> Routes {
    Routes::new()
        .on(
            "GET",
            "/api/v3/forms",
            MockResponse::json(
                200,
                &json!({"count": 1, "next": null, "previous": null, "results": [form(MODEL, "MODEL", None)]}),
            ),
        )
        .on(
            "POST",
            "/api/v3/forms",
            MockResponse::json(201, &json!({"results": [form(MODEL, "MODEL", None)]})),
        )
        .on(
            "POST",
            &format!("/api/v3/forms/{MODEL}/instantiate"),
            MockResponse::json(
                201,
                &json!({"results": [form(INSTANCE, "INSTANCE", Some(MODEL))]}),
            ),
        )
        .on(
            "DELETE",
            &format!("/api/v3/forms/{INSTANCE}"),
            MockResponse::status(204),
        )
}

#[tokio::test]
async fn every_form_request_is_exact() {
    let server = TestServer::routes(routes()).await;
    let kc = common::client(&server.base_url());
    let forms = kc.forms();
    forms
        .list()
        .name("__TEST__FORM_MODEL")
        .scope(SCOPE)
        .one()
        .await
        .unwrap();
    forms
        .list()
        .category(FormCategory::Instance)
        .description("")
        .scope(SCOPE)
        .contexts([OBJECT_1, DISCIPLINE_1])
        .reference("test_form_instance")
        .model(MODEL)
        .filter("classification", "CATALOG")
        .limit(10)
        .all()
        .await
        .unwrap();
    forms.get(MODEL).await.unwrap();
    forms
        .create_model("__TEST__FORM_MODEL", SCOPE, WORKFLOW)
        .contexts([OBJECT_1, DISCIPLINE_1])
        .query("category", "MODEL")
        .send()
        .await
        .unwrap();
    forms
        .create_model("Without contexts", SCOPE, WORKFLOW)
        .send()
        .await
        .unwrap();
    let model = model();
    forms.instantiate(&model).send().await.unwrap();
    forms
        .instantiate(&model)
        .name("__TEST_FORM_INSTANCE")
        .description("An instance")
        .contexts([OBJECT_1])
        .send()
        .await
        .unwrap();
    forms.delete(INSTANCE).await.unwrap();
    insta::assert_json_snapshot!("forms_requests", server.requests());
}

#[tokio::test]
async fn forms_decode_with_workflow_statuses_and_contexts() {
    let server = TestServer::routes(routes()).await;
    let kc = common::client(&server.base_url());
    let model = kc.forms().get(MODEL).await.unwrap();
    assert!(model.is_model() && !model.is_instance());
    assert_eq!(model.model, None);
    assert_eq!(model.scope_id.as_deref(), Some(SCOPE));
    let scope = model.scope.as_ref().unwrap();
    assert_eq!(scope.category, Some(ScopeCategory::UserScope));
    assert_eq!(scope.tags, ["bike", "x-scope-target"]);
    let workflow = model.workflow.as_ref().unwrap();
    assert_eq!(workflow.name, "Simple Form Flow");
    assert_eq!(workflow.category, Some(WorkflowCategory::Catalog));
    assert!(
        workflow.statuses.is_empty(),
        "forms embed a workflow summary"
    );
    let active = model.active_status.as_ref().unwrap();
    assert_eq!(active.status_category, Some(StatusCategory::Todo));
    assert_eq!(model.status_forms[0].status.as_ref().unwrap().name, "To Do");
    assert_eq!(
        model.status_forms[0].activity.as_ref().unwrap()["classification"],
        "FORM"
    );
    assert_eq!(
        model.contexts[0].context_group,
        Some(ContextGroup::Discipline)
    );
    assert_eq!(
        model.context_groups,
        [ContextGroup::Asset, ContextGroup::Discipline]
    );
    assert_eq!(model.active, Some(true));
    assert_eq!(model.has_instances, Some(false));
    assert_eq!(model.extra["permissions"]["instantiate"], true);
    assert!(model.extra.contains_key("status_assignees_has_widgets"));

    let instance = kc.forms().instantiate(&model).send().await.unwrap();
    assert!(instance.is_instance());
    assert_eq!(instance.model.as_deref(), Some(MODEL));
    assert!(instance.form_instance_root.is_some());
}

#[tokio::test]
async fn lookups_map_not_found_and_multiple_found() {
    let server = TestServer::routes(Routes::new().on_seq(
        "GET",
        "/api/v3/forms",
        vec![
            MockResponse::json(200, &json!({"count": 0, "next": null, "results": []})),
            MockResponse::json(
                200,
                &json!({"count": 2, "next": null,
                        "results": [form(MODEL, "MODEL", None), form(INSTANCE, "INSTANCE", Some(MODEL))]}),
            ),
        ],
    ))
    .await;
    let kc = common::client(&server.base_url());
    let err = kc.forms().get(MODEL).await.unwrap_err();
    assert!(
        err.is_not_found() && err.to_string().contains(MODEL),
        "{err}"
    );
    let err = kc.forms().list().scope(SCOPE).one().await.unwrap_err();
    assert!(
        matches!(err, Error::MultipleFound { count: 2, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_forbidden_delete_is_typed() {
    let server = TestServer::routes(Routes::new().on(
        "DELETE",
        &format!("/api/v3/forms/{MODEL}"),
        MockResponse::json(
            403,
            &json!({"results": [{"detail": "You do not have permission to perform this action."}]}),
        ),
    ))
    .await;
    let kc = common::client(&server.base_url());
    let err = kc.forms().delete(MODEL).await.unwrap_err();
    assert!(matches!(err, Error::Forbidden { .. }), "{err:?}");
    assert_eq!(err.status(), Some(403));
}

#[tokio::test]
async fn bad_input_is_rejected_and_nothing_is_sent() {
    let server = TestServer::start(|_| MockResponse::status(500)).await;
    let kc = common::client(&server.base_url());
    let f = kc.forms();
    let instance: Form = serde_json::from_value(form(INSTANCE, "INSTANCE", Some(MODEL))).unwrap();
    let uncategorised: Form =
        serde_json::from_value(json!({"id": MODEL, "name": "trimmed"})).unwrap();
    let errors = [
        f.instantiate(&instance).send().await.unwrap_err(),
        f.instantiate(&uncategorised).send().await.unwrap_err(),
        f.instantiate(&model()).name(" ").send().await.unwrap_err(),
        f.instantiate(&model())
            .contexts(["Object 1"])
            .send()
            .await
            .unwrap_err(),
        f.create_model("", SCOPE, WORKFLOW)
            .send()
            .await
            .unwrap_err(),
        f.create_model("x", "Bike Project", WORKFLOW)
            .send()
            .await
            .unwrap_err(),
        f.create_model("x", SCOPE, "Simple Form Flow")
            .send()
            .await
            .unwrap_err(),
        f.create_model("x", SCOPE, WORKFLOW)
            .contexts(["Discipline 1"])
            .send()
            .await
            .unwrap_err(),
        f.get("82bea3a5").await.unwrap_err(),
        f.delete("").await.unwrap_err(),
        f.list()
            .model("<pyke Form  '__TEST__FORM_MODEL' 'MODEL' id 82bea3a5>")
            .all()
            .await
            .unwrap_err(),
        f.list().contexts(["x"]).all().await.unwrap_err(),
        f.list().scope("bike").one().await.unwrap_err(),
        f.list().name("").one().await.unwrap_err(),
        f.list()
            .category(FormCategory::Unknown("TEMPLATE".into()))
            .all()
            .await
            .unwrap_err(),
    ];
    for err in errors {
        assert!(err.is_invalid_input(), "{err:?}");
    }
    let err = f.instantiate(&instance).send().await.unwrap_err();
    assert!(err.to_string().contains("INSTANCE"), "{err}");
    assert_eq!(server.request_count(), 0);
}
