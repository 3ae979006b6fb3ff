//! Contexts: exact requests (snapshots), decoding, error mapping, bad input.

mod common;

use kechain_client::Error;
use kechain_client::models::{ContextGroup, ContextType};
use platform_client_core::testing::{MockResponse, Routes, TestServer};
use serde_json::json;

const ID: &str = "3c99bd6f-3d67-4ec3-a9cf-9498cd2f92c4";
const SCOPE: &str = "bd5dceaa-a35e-47b0-9fc5-875410f4a56f";
const ACTIVITY: &str = "010d6604-45cb-48c4-8457-63f50826a48f";
const ACTIVITY2: &str = "65f266d3-0e07-4e68-9bdb-ea46d4e47b43";

/// A list row: no `context_group` (not in the fields list).
fn row(id: &str, name: &str) -> serde_json::Value {
    json!({"activities": [], "context_type": "STATIC_LOCATION", "created_at": "2021-12-21T08:34:27.498408Z",
           "description": "", "due_date": null,
           "feature_collection": {"type": "FeatureCollection", "features": [{"type": "Feature",
               "geometry": {"type": "Point", "coordinates": [5.82887, 52.851116]}, "properties": {"name": name}}]},
           "id": id, "name": name, "options": {}, "ref": "location-2", "scope": SCOPE, "start_date": null,
           "tags": [], "updated_at": "2021-12-21T08:34:27.507828Z"})
}

/// A detail or create answer: the full serializer.
fn detail(id: &str) -> serde_json::Value {
    json!({"activities": [ACTIVITY], "context_group": null, "context_type": "TIME_PERIOD",
           "created_at": "2022-08-10T12:22:11.941936Z", "derived_from": null, "description": "",
           "display_name": "__my first context for testing", "due_date": "2022-01-18T23:59:59.999999Z",
           "feature_collection": null, "form_collections": ["e6e1ef28-81e0-49f9-affd-9a5591880390"],
           "form_collections_count": 1, "id": id, "name": "__my first context for testing",
           "options": {}, "permissions": {"create": true, "update": true, "destroy": true, "read": true},
           "ref": "my-first-context-for-testing", "scope": SCOPE, "start_date": "2022-01-04T00:00:00Z",
           "tags": ["testing"], "updated_at": "2022-08-10T12:22:11.941958Z"})
}

fn routes() -> Routes {
    Routes::new()
        .on(
            "GET",
            "/api/v3/contexts/contexts.json",
            MockResponse::json(
                200,
                &json!({"count": 1, "next": null, "previous": null, "results": [row(ID, "Location 2")]}),
            ),
        )
        .on(
            "GET",
            &format!("/api/v3/contexts/contexts/{ID}.json"),
            MockResponse::json(200, &json!({"results": [detail(ID)]})),
        )
        .on(
            "POST",
            "/api/v3/contexts/contexts.json",
            MockResponse::json(201, &json!({"results": [detail(ID)]})),
        )
        .on(
            "DELETE",
            &format!("/api/v3/contexts/contexts/{ID}.json"),
            MockResponse::status(204),
        )
}

#[tokio::test]
async fn every_context_request_is_exact() {
    let server = TestServer::routes(routes()).await;
    let kc = common::client(&server.base_url());
    let contexts = kc.contexts();
    contexts
        .list()
        .scope(SCOPE)
        .name("Discipline 1")
        .one()
        .await
        .unwrap();
    contexts
        .list()
        .id(ID)
        .context_type(ContextType::TimePeriod)
        .activities([ACTIVITY, ACTIVITY2])
        .scope(SCOPE)
        .context_group(ContextGroup::Asset)
        .filter("name__contains", "first")
        .limit(5)
        .all()
        .await
        .unwrap();
    contexts.get(ID).await.unwrap();
    contexts
        .create(
            "__my first context for testing",
            ContextType::TimePeriod,
            SCOPE,
        )
        .tags(["testing"])
        .send()
        .await
        .unwrap();
    contexts
        .create("Period", ContextType::TimePeriod, SCOPE)
        .description("A period")
        .context_group(ContextGroup::WorkPeriod)
        .activities([ACTIVITY])
        .options(json!({"colour": "red"}))
        .start_date("2022-01-04T00:00:00Z")
        .due_date("2022-01-18T23:59:59.999999+00:00")
        .query("extra", "yes")
        .send()
        .await
        .unwrap();
    contexts
        .create("Here", ContextType::StaticLocation, SCOPE)
        .feature_collection(json!({"type": "FeatureCollection", "features": []}))
        .send()
        .await
        .unwrap();
    contexts.delete(ID).await.unwrap();
    insta::assert_json_snapshot!("contexts_requests", server.requests());
}

#[tokio::test]
async fn contexts_decode_from_lists_and_details() {
    let server = TestServer::routes(routes()).await;
    let kc = common::client(&server.base_url());
    let listed = kc.contexts().list().scope(SCOPE).all().await.unwrap();
    assert_eq!(listed.len(), 1);
    let location = &listed[0];
    assert_eq!(location.context_type, Some(ContextType::StaticLocation));
    assert_eq!(location.context_group, None, "lists leave the group out");
    assert_eq!(
        location.feature_collection.as_ref().unwrap()["type"],
        "FeatureCollection"
    );
    assert_eq!(location.reference.as_deref(), Some("location-2"));

    let period = kc.contexts().get(ID).await.unwrap();
    assert_eq!(period.context_type, Some(ContextType::TimePeriod));
    assert_eq!(period.context_group, None);
    assert!(period.feature_collection.is_none());
    assert_eq!(period.activities, [ACTIVITY]);
    assert_eq!(period.start_date.as_deref(), Some("2022-01-04T00:00:00Z"));
    assert_eq!(period.form_collections.len(), 1);
    assert_eq!(period.tags, ["testing"]);
    assert_eq!(period.extra["form_collections_count"], 1);
    assert_eq!(period.extra["permissions"]["destroy"], true);

    let unknown: kechain_client::models::Context = serde_json::from_value(
        json!({"id": ID, "name": "x", "context_type": "NEW_KIND", "context_group": "WORKPERIOD", "tags": null}),
    )
    .unwrap();
    assert_eq!(
        unknown.context_type,
        Some(ContextType::Unknown("NEW_KIND".into()))
    );
    assert_eq!(unknown.context_group, Some(ContextGroup::WorkPeriod));
    assert!(unknown.tags.is_empty());
}

#[tokio::test]
async fn lookups_map_not_found_and_multiple_found() {
    let server = TestServer::routes(
        Routes::new()
            .on_seq(
                "GET",
                "/api/v3/contexts/contexts.json",
                vec![
                    MockResponse::json(200, &json!({"count": 0, "next": null, "results": []})),
                    MockResponse::json(
                        200,
                        &json!({"count": 2, "next": null, "results": [row(ID, "a"), row(ACTIVITY, "b")]}),
                    ),
                ],
            )
            .on(
                "GET",
                &format!("/api/v3/contexts/contexts/{ID}.json"),
                MockResponse::json(404, &json!({"results": [{"detail": "Not found."}]})),
            ),
    )
    .await;
    let kc = common::client(&server.base_url());
    let err = kc
        .contexts()
        .list()
        .name("Nowhere")
        .one()
        .await
        .unwrap_err();
    assert!(
        err.is_not_found() && err.to_string().contains("Nowhere"),
        "{err}"
    );
    let err = kc.contexts().list().scope(SCOPE).one().await.unwrap_err();
    assert!(
        matches!(err, Error::MultipleFound { count: 2, .. }),
        "{err:?}"
    );
    assert!(kc.contexts().get(ID).await.unwrap_err().is_not_found());
}

#[tokio::test]
async fn a_rejected_create_is_an_api_error_with_the_field_errors() {
    let server = TestServer::routes(Routes::new().on(
        "POST",
        "/api/v3/contexts/contexts.json",
        MockResponse::json(
            400,
            &json!({"results": [{"scope": ["Invalid pk \"bd5dceaa-a35e-47b0-9fc5-875410f4a56e\" - object does not exist."]}]}),
        ),
    ))
    .await;
    let kc = common::client(&server.base_url());
    let err = kc
        .contexts()
        .create("x", ContextType::TextLabel, SCOPE)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { .. }), "{err:?}");
    assert_eq!(err.status(), Some(400));
    assert!(err.to_string().contains("scope: Invalid pk"), "{err}");
}

#[tokio::test]
async fn bad_input_is_rejected_and_nothing_is_sent() {
    let server = TestServer::start(|_| MockResponse::status(500)).await;
    let kc = common::client(&server.base_url());
    let c = kc.contexts();
    let create = || c.create("Period", ContextType::TimePeriod, SCOPE);
    let errors = [
        c.create(" ", ContextType::TextLabel, SCOPE)
            .send()
            .await
            .unwrap_err(),
        c.create("x", ContextType::TextLabel, "Bike Project")
            .send()
            .await
            .unwrap_err(),
        c.create("x", ContextType::Unknown("PLACE".into()), SCOPE)
            .send()
            .await
            .unwrap_err(),
        create()
            .context_group(ContextGroup::Unknown("TEAM".into()))
            .send()
            .await
            .unwrap_err(),
        create()
            .activities(["not-an-activity"])
            .send()
            .await
            .unwrap_err(),
        create().options(json!(["a"])).send().await.unwrap_err(),
        create()
            .feature_collection(json!("here"))
            .send()
            .await
            .unwrap_err(),
        create().start_date("next monday").send().await.unwrap_err(),
        create()
            .start_date("2022-01-18")
            .due_date("2022-01-04T00:00:00+00:00")
            .send()
            .await
            .unwrap_err(),
        c.get("41590471").await.unwrap_err(),
        c.delete("../scopes").await.unwrap_err(),
        c.list().scope("Bike Project").all().await.unwrap_err(),
        c.list().name("").one().await.unwrap_err(),
        c.list().activities(["x"]).all().await.unwrap_err(),
        c.list()
            .context_type(ContextType::Unknown("X".into()))
            .all()
            .await
            .unwrap_err(),
    ];
    for err in errors {
        assert!(err.is_invalid_input(), "{err:?}");
    }
    assert_eq!(server.request_count(), 0);
}
