//! Organisations: exact requests (snapshots), decoding of recorded answers, errors, bad input.

mod common;

use platform_client_core::testing::{MockResponse, Routes};
use serde_json::json;
use vantage6_client::Error;

fn org(id: u64, name: &str) -> serde_json::Value {
    json!({"id": id, "name": name, "domain": "a.example", "address1": "Street 1", "address2": "City",
           "zipcode": "1234AB", "country": "NL", "public_key": "",
           "collaborations": format!("/api/collaboration?organization_id={id}"),
           "nodes": format!("/api/node?organization_id={id}"), "users": "/api/user?organization_id=2",
           "tasks": "/api/task?init_org_id=2", "runs": "/api/run?organization_id=2",
           "studies": "/api/study?organization_id=2"})
}

fn routes() -> Routes {
    let page = json!({"data": [org(2, "org-a"), org(3, "org-b")],
                      "links": {"first": "/api/organization?page=1", "self": "/api/organization?page=1",
                                "last": "/api/organization?page=1"}});
    Routes::new()
        .on(
            "GET",
            "/api/organization",
            MockResponse::json(200, &page).header("total-count", "2"),
        )
        .on(
            "GET",
            "/api/organization/2",
            MockResponse::json(200, &org(2, "org-a")),
        )
        .on(
            "POST",
            "/api/organization",
            MockResponse::json(201, &org(4, "org-c")),
        )
        .on(
            "PATCH",
            "/api/organization/2",
            MockResponse::json(200, &org(2, "org-a2")),
        )
        .on(
            "PATCH",
            "/api/organization/1",
            MockResponse::json(200, &org(1, "root")),
        )
        .on(
            "GET",
            "/api/organization/999",
            MockResponse::json(404, &json!({"msg": "Organization id=999 not found!"})),
        )
}

#[tokio::test]
async fn every_call_sends_the_documented_request() {
    let (server, v6) = common::logged_in(routes()).await;
    let orgs = v6.organization();
    let page = orgs
        .list()
        .name("org-%")
        .country("NL")
        .collaboration(1)
        .send()
        .await
        .unwrap();
    assert_eq!(page.total_count, Some(2));
    assert_eq!(page.data[1].name, "org-b");
    assert_eq!(page.links.this.as_deref(), Some("/api/organization?page=1"));
    let all = orgs
        .list()
        .study(4)
        .per_page(5)
        .sort("-id")
        .all()
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(orgs.get(2).await.unwrap().country.as_deref(), Some("NL"));
    assert_eq!(orgs.own().await.unwrap().name, "root");
    let created = orgs
        .create("org-c")
        .address1("Street 1")
        .address2("City")
        .zipcode("1234AB")
        .country("NL")
        .domain("c.example")
        .send()
        .await
        .unwrap();
    assert_eq!(created.id, 4);
    assert!(!created.has_public_key());
    orgs.update(2).name("org-a2").send().await.unwrap();
    orgs.update_own()
        .public_key("LS0tLS1CRUdJTg==")
        .send()
        .await
        .unwrap();
    insta::assert_json_snapshot!("organization_requests", server.requests());
}

#[tokio::test]
async fn recorded_answers_decode() {
    let Some(created) = common::sample("org_create") else {
        return;
    };
    let org: vantage6_client::models::Organization =
        serde_json::from_value(created["response"].clone()).unwrap();
    assert_eq!((org.id, org.name.as_str()), (2, "org-a"));
    assert_eq!(org.public_key.as_deref(), Some(""));
    let Some(listed) = common::recorded("alice_org_list") else {
        return;
    };
    let (_server, v6) =
        common::logged_in(Routes::new().on("GET", "/api/organization", listed)).await;
    let page = v6.organization().list().send().await.unwrap();
    assert!(!page.data.is_empty());
    assert!(page.links.first.is_some());
}

#[tokio::test]
async fn errors_are_typed_and_bad_input_sends_nothing() {
    let (server, v6) = common::logged_in(routes()).await;
    let err = v6.organization().get(999).await.unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(err.message(), Some("Organization id=999 not found!"));
    assert_eq!(err.status(), Some(404));
    server.clear();
    let orgs = v6.organization();
    common::refused(orgs.get(0)).await;
    common::refused(orgs.create(" ").send()).await;
    common::refused(orgs.update(0).name("x").send()).await;
    common::refused(orgs.update(2).send()).await;
    common::refused(orgs.list().name("").send()).await;
    common::refused(orgs.list().collaboration(0).all()).await;
    common::refused(orgs.list().per_page(0).send()).await;
    common::refused(orgs.list().page(0).send()).await;
    assert_eq!(server.request_count(), 0, "nothing was sent");
    // Without a login, the own organisation is unknown.
    let anonymous = common::client(&server);
    assert!(matches!(
        anonymous.organization().own().await,
        Err(Error::NotAuthenticated)
    ));
    assert!(matches!(
        anonymous.organization().get(2).await,
        Err(Error::NotAuthenticated)
    ));
    assert_eq!(server.request_count(), 0);
}

#[test]
fn fields_a_newer_server_adds_are_kept_but_never_secrets() {
    let body = serde_json::json!({
        "id": 2, "name": "org-a", "region": "eu-west", "tags": ["a"],
        "api_key": "k3y-not-for-models", "refresh_token": "r3fresh"
    });
    let org: vantage6_client::models::Organization = serde_json::from_value(body).unwrap();
    assert_eq!(org.extra["region"], "eu-west");
    assert_eq!(org.extra["tags"], serde_json::json!(["a"]));
    assert!(!org.extra.contains_key("api_key") && !org.extra.contains_key("refresh_token"));
    let shown = format!("{org:?}{}", serde_json::to_string(&org).unwrap());
    assert!(
        !shown.contains("k3y") && !shown.contains("r3fresh"),
        "{shown}"
    );
}
