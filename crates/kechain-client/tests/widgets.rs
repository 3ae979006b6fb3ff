//! Widgets and their associations: exact requests (snapshots), decoding, error mapping, bad input.

mod common;

use kechain_client::Error;
use kechain_client::api::associations::AssociationUpdate;
use kechain_client::api::widgets::{NewWidget, WidgetUpdate};
use kechain_client::models::{Association, Widget, WidgetType};
use platform_client_core::testing::{MockResponse, Routes, TestServer};
use serde_json::{Map, Value, json};

const SCOPE: &str = "bd5dceaa-a35e-47b0-9fc5-875410f4a56f";
const ACT: &str = "8d205857-0e30-4dae-b962-b3a67f14b8e9";
const W1: &str = "c3646b2d-0b10-45f9-893d-f9872cc9e278";
const W2: &str = "f3b8de49-9ec7-492d-bed7-5d3a4acbd451";
const P1: &str = "2161ba2f-85cc-4344-a3e1-c81c74c19ce7";
const P2: &str = "1c07f49b-8107-4522-abd1-5c73cc88686b";
const PART: &str = "15f4764c-0c24-40cd-9691-9bb29477b8de";
const PART2: &str = "96e4986d-3989-473e-9d70-8d71824d1818";

/// A widget as the server sends it (2022 recording), plus a field this crate does not model.
fn widget(id: &str, widget_type: &str, title: Option<&str>) -> Value {
    json!({"id": id, "title": title, "ref": null, "widget_type": widget_type,
           "meta": {"activityId": ACT, "customTitle": null, "showTitleValue": "Default"},
           "activity_id": ACT, "parent_id": null, "order": 1,
           "created_at": "2022-08-12T10:05:50.598660Z", "updated_at": "2022-08-12T10:05:50.598684Z",
           "scope_id": SCOPE, "progress": 1.0, "has_subwidgets": false, "layout": {"x": 1}})
}

fn association(id: &str, instance: bool) -> Value {
    json!({"id": id, "widget": W1, "activity": ACT, "model_property": P1,
           "model_part": "8b38dbf4-38d2-4442-b958-0f93613c2e1e",
           "instance_property": if instance { json!("dc1eba98-ebb8-4225-aae4-604877184788") } else { Value::Null },
           "instance_part": if instance { json!(PART) } else { Value::Null },
           "writable": false, "scope": SCOPE,
           "permissions": {"update": true, "destroy": true, "read": true}})
}

fn meta(value: Value) -> Map<String, Value> {
    value.as_object().unwrap().clone()
}

fn ok(status: u16, results: Value) -> MockResponse {
    MockResponse::json(status, &json!({ "results": results }))
}

async fn server() -> TestServer {
    let grid = widget(W1, "PROPERTYGRID", None);
    let html = widget(W2, "HTML", Some("Another HTML widget"));
    TestServer::routes(
        Routes::new()
            .on(
                "GET",
                "/api/widgets.json",
                MockResponse::json(200, &json!({"count": 1, "next": null, "results": [grid]})),
            )
            .on("POST", "/api/widgets.json", ok(201, json!([grid])))
            .on(
                "POST",
                "/api/widgets/bulk_create",
                ok(201, json!([grid, html])),
            )
            .on(
                "PUT",
                "/api/widgets/bulk_update",
                ok(200, json!([grid, html])),
            )
            .on(
                "PUT",
                "/api/widgets/bulk_update_associations.json",
                ok(200, json!([html])),
            )
            .on(
                "PUT",
                "/api/widgets/bulk_set_associations.json",
                ok(200, json!([grid])),
            )
            .on(
                "PUT",
                &format!("/api/widgets/{W1}/clear_associations.json"),
                ok(200, json!([{"id": W1, "activity_id": ACT}])),
            )
            .on(
                "PUT",
                &format!("/api/widgets/{W1}/remove_associations.json"),
                ok(200, json!([grid])),
            )
            .on(
                "DELETE",
                &format!("/api/widgets/{W1}.json"),
                MockResponse::status(204),
            )
            .on(
                "DELETE",
                "/api/widgets/bulk_delete",
                MockResponse::status(204),
            )
            .on(
                "GET",
                "/api/associations.json",
                MockResponse::json(
                    200,
                    &json!({"count": 2, "next": null,
                            "results": [association("a1", true), association("a2", false)]}),
                ),
            ),
    )
    .await
}

#[tokio::test]
async fn every_widget_and_association_request_is_exact() {
    let server = server().await;
    let kc = common::client(&server.base_url());
    let widgets = kc.widgets();
    widgets.list().activity(ACT).all().await.unwrap();
    widgets.get(W1).await.unwrap();
    widgets
        .list()
        .activity(ACT)
        .filter("widget_type", "HTML")
        .limit(3)
        .all()
        .await
        .unwrap();
    // Without associations: one request.
    let plain = NewWidget::new(ACT, WidgetType::Undefined, Map::new())
        .title("Test_widget")
        .order(100);
    widgets.create(plain).await.unwrap();
    // With associations: the create, then the associations; the second answer is returned.
    let grid = NewWidget::new(
        ACT,
        WidgetType::PropertyGrid,
        meta(json!({"activityId": ACT, "partInstanceId": PART, "showColumns": []})),
    )
    .parent(W2)
    .writable([P1, P2])
    .part_instance(PART)
    .field("show_title_value", "Default");
    let made = widgets.create(grid).await.unwrap();
    assert_eq!(made.id, W2, "the widget of the association answer");
    let many = widgets
        .create_many([
            NewWidget::new(ACT, WidgetType::Html, meta(json!({"htmlContent": "a"}))).title("A"),
            NewWidget::new(ACT, WidgetType::Html, meta(json!({"htmlContent": "b"}))).readable([P1]),
        ])
        .await
        .unwrap();
    assert_eq!(many.len(), 2);
    assert_eq!(many[1].title.as_deref(), Some("Another HTML widget"));
    widgets
        .update_many([
            WidgetUpdate::new(W1).title("widget 1").order(2),
            WidgetUpdate::new(W2)
                .meta(meta(json!({"htmlContent": "c"})))
                .field("title", Value::Null),
        ])
        .await
        .unwrap();
    widgets.delete(W1).await.unwrap();
    widgets.delete_many([W1, W2]).await.unwrap();
    widgets.delete_many(Vec::<String>::new()).await.unwrap();

    let assoc = widgets.associations();
    let rows = assoc.list().widget(W1).all().await.unwrap();
    assert_eq!(rows.len(), 2);
    assoc
        .list()
        .model_property(P1)
        .limit(3)
        .all()
        .await
        .unwrap();
    assoc
        .list()
        .scope(SCOPE)
        .activity(ACT)
        .instance_part(PART)
        .instance_property(P2)
        .model_part(PART2)
        .all()
        .await
        .unwrap();
    assoc
        .update(
            AssociationUpdate::new(W1)
                .readable([P1])
                .writable([P2])
                .part_instance(PART)
                .parent_part_instance(PART2)
                .field("extra", 1),
        )
        .await
        .unwrap();
    assoc
        .update_many([
            AssociationUpdate::new(W1).readable([P1]),
            AssociationUpdate::new(W2).writable([P2]),
        ])
        .await
        .unwrap();
    assoc.set(AssociationUpdate::new(W1)).await.unwrap();
    assoc
        .set_many([AssociationUpdate::new(W1).writable([P1, P2])])
        .await
        .unwrap();
    let cleared = assoc.clear(W1).await.unwrap();
    assert_eq!(cleared.activity_id.as_deref(), Some(ACT));
    assert!(cleared.widget_type.is_none() && cleared.meta.is_empty());
    assert!(assoc.remove(W1, [P1]).await.unwrap().is_some());
    let before = server.request_count();
    assert!(
        assoc
            .remove(W1, Vec::<&str>::new())
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        server.request_count(),
        before,
        "nothing to remove, nothing sent"
    );
    insta::assert_json_snapshot!("widgets_requests", server.requests());
}

#[test]
fn widgets_and_associations_decode() {
    let w: Widget = serde_json::from_value(widget(W1, "PROPERTYGRID", None)).unwrap();
    assert_eq!(w.widget_type, Some(WidgetType::PropertyGrid));
    assert_eq!(w.meta["showTitleValue"], "Default");
    assert!(w.title.is_none() && w.reference.is_none() && w.parent_id.is_none());
    assert_eq!(w.order, Some(1));
    assert_eq!(w.extra["layout"]["x"], 1);
    let odd: Widget = serde_json::from_value(json!({"id": W2, "activity_id": ACT, "meta": null,
        "widget_type": "SPREADSHEET", "progress": 0}))
    .unwrap();
    assert_eq!(
        odd.widget_type,
        Some(WidgetType::Unknown("SPREADSHEET".into()))
    );
    assert!(odd.meta.is_empty());
    assert_eq!(odd.progress, Some(0.0));
    let a: Association = serde_json::from_value(association("a2", false)).unwrap();
    assert!(a.instance_part.is_none() && a.instance_property.is_none());
    assert_eq!(a.model_property.as_deref(), Some(P1));
    assert_eq!(a.writable, Some(false));
    assert_eq!(a.permissions["read"], true);
}

#[tokio::test]
async fn errors_are_typed() {
    let server = TestServer::routes(
        Routes::new()
            .on(
                "PUT",
                "/api/widgets/bulk_update_associations.json",
                MockResponse::json(
                    400,
                    &json!({"results": ["All associated properties must be instances or models."]}),
                ),
            )
            .on(
                "DELETE",
                &format!("/api/widgets/{W1}.json"),
                MockResponse::json(404, &json!({"results": [{"detail": "Not found."}]})),
            )
            .on_seq(
                "GET",
                "/api/widgets.json",
                vec![
                    MockResponse::json(200, &json!({"count": 0, "next": null, "results": []})),
                    MockResponse::json(
                        200,
                        &json!({"count": 5, "next": null,
                                "results": [widget(W1, "HTML", None), widget(W2, "HTML", None)]}),
                    ),
                ],
            )
            .on(
                "GET",
                "/api/associations.json",
                MockResponse::json(500, &json!({"results": [{"detail": "Server Error"}]})),
            ),
    )
    .await;
    let kc = common::client(&server.base_url());
    let err = kc
        .widgets()
        .associations()
        .update(AssociationUpdate::new(W1).readable([SCOPE]))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api { detail, results: Some(_), .. }
            if detail == "All associated properties must be instances or models."),
        "{err:?}"
    );
    assert!(kc.widgets().delete(W1).await.unwrap_err().is_not_found());
    assert!(kc.widgets().get(W1).await.unwrap_err().is_not_found());
    let err = kc.widgets().list().activity(ACT).one().await.unwrap_err();
    assert!(
        matches!(err, Error::MultipleFound { count: 5, .. }),
        "{err:?}"
    );
    let err = kc.widgets().associations().list().all().await.unwrap_err();
    assert_eq!(err.status(), Some(500), "{err:?}");
}

#[tokio::test]
async fn bad_input_is_rejected_and_nothing_is_sent() {
    let server = TestServer::start(|_| MockResponse::status(500)).await;
    let kc = common::client(&server.base_url());
    let widgets = kc.widgets();
    let assoc = widgets.associations();
    let new = || NewWidget::new(ACT, WidgetType::Html, Map::new());
    let errors = [
        widgets.get("42").await.unwrap_err(),
        widgets
            .list()
            .activity("Specify wheel diameter")
            .all()
            .await
            .unwrap_err(),
        widgets
            .create(NewWidget::new("x", WidgetType::Html, Map::new()))
            .await
            .unwrap_err(),
        widgets
            .create(NewWidget::new(
                ACT,
                WidgetType::Unknown("SPREADSHEET".into()),
                Map::new(),
            ))
            .await
            .unwrap_err(),
        widgets.create(new().title("  ")).await.unwrap_err(),
        widgets.create(new().parent("w1")).await.unwrap_err(),
        widgets.create(new().readable(["Gears"])).await.unwrap_err(),
        widgets
            .create(new().readable([P1]).writable([P1]))
            .await
            .unwrap_err(),
        widgets
            .create(new().part_instance("Bike"))
            .await
            .unwrap_err(),
        widgets.create_many([]).await.unwrap_err(),
        widgets
            .create_many([new(), new().order(1).parent("x")])
            .await
            .unwrap_err(),
        widgets.update_many([]).await.unwrap_err(),
        widgets
            .update_many([
                WidgetUpdate::new(W1).order(1),
                WidgetUpdate::new(W1).order(2),
            ])
            .await
            .unwrap_err(),
        widgets
            .update_many([WidgetUpdate::new(W1).title("")])
            .await
            .unwrap_err(),
        widgets
            .update_many([WidgetUpdate::new("w1").order(1)])
            .await
            .unwrap_err(),
        widgets.delete("../activities").await.unwrap_err(),
        widgets.delete_many([W1, "w2"]).await.unwrap_err(),
        assoc.list().widget("w1").all().await.unwrap_err(),
        assoc
            .list()
            .model_property(P1)
            .limit(0)
            .all()
            .await
            .unwrap_err(),
        assoc
            .update(AssociationUpdate::new("w1").readable([P1]))
            .await
            .unwrap_err(),
        assoc.update_many([]).await.unwrap_err(),
        assoc
            .update_many([AssociationUpdate::new(W1), AssociationUpdate::new(W1)])
            .await
            .unwrap_err(),
        assoc
            .set(AssociationUpdate::new(W1).writable(["Gears"]))
            .await
            .unwrap_err(),
        assoc.set_many([]).await.unwrap_err(),
        assoc.clear("w1").await.unwrap_err(),
        assoc.remove("w1", [P1]).await.unwrap_err(),
        assoc.remove(W1, ["Gears"]).await.unwrap_err(),
    ];
    for err in errors {
        assert!(err.is_invalid_input(), "{err:?}");
    }
    assert_eq!(server.request_count(), 0);
}
