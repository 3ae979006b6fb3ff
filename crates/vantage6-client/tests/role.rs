//! Roles: exact requests (snapshots), decoding of recorded answers, errors, bad input.

mod common;

use platform_client_core::testing::{MockResponse, Routes};
use serde_json::{Value, json};
use vantage6_client::Error;
use vantage6_client::models::{Message, Role};

fn role(id: u64, name: &str, org: Option<u64>) -> Value {
    let organization = org.map_or(Value::Null, |o| {
        json!({"id": o, "link": format!("/api/organization/{o}"), "methods": ["GET", "PATCH", "DELETE"]})
    });
    json!({"id": id, "name": name, "description": "test role", "is_default_role": org.is_none(),
           "organization": organization, "rules": format!("/api/rule?role_id={id}"),
           "users": format!("/api/user?role_id={id}")})
}

fn routes() -> Routes {
    let page = json!({"data": [role(1, "Root", None), role(8, "my-role", Some(2))],
                      "links": {"first": "/api/role?page=1", "self": "/api/role?page=1", "last": "/api/role?page=1"}});
    Routes::new()
        .on(
            "GET",
            "/api/role",
            MockResponse::json(200, &page).header("total-count", "2"),
        )
        .on(
            "GET",
            "/api/role/1",
            MockResponse::json(200, &role(1, "Root", None)),
        )
        .on(
            "POST",
            "/api/role",
            MockResponse::json(201, &role(8, "my-role", Some(1))),
        )
        .on(
            "PATCH",
            "/api/role/8",
            MockResponse::json(200, &role(8, "my-role-renamed", Some(2))),
        )
        .on(
            "DELETE",
            "/api/role/8",
            MockResponse::json(200, &json!({"msg": "Role removed from the database."})),
        )
}

#[tokio::test]
async fn every_call_sends_the_documented_request() {
    let (server, v6) = common::logged_in(routes()).await;
    let roles = v6.role();
    let page = roles
        .list()
        .name("my-%")
        .description("%test%")
        .organization(2)
        .include_root(true)
        .rule(1)
        .user(3)
        .send()
        .await
        .unwrap();
    assert_eq!(page.total_count, Some(2));
    assert!(page.data[0].is_default_role && page.data[0].organization.is_none());
    // `include_root(false)` sends nothing (the server reads any value as true).
    let all = roles
        .list()
        .collaboration(1)
        .include_root(true)
        .include_root(false)
        .all()
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(roles.get(1).await.unwrap().name, "Root");
    // Default organisation: the logged-in user's (root, 1).
    let created = roles
        .create("my-role", "test role", [1, 2, 3])
        .send()
        .await
        .unwrap();
    assert_eq!(created.organization.unwrap().id, 1);
    roles
        .create("my-role", "", Vec::new())
        .organization(2)
        .send()
        .await
        .unwrap();
    let updated = roles
        .update(8)
        .name("my-role-renamed")
        .rules([1, 2])
        .send()
        .await
        .unwrap();
    assert_eq!(updated.name, "my-role-renamed");
    roles
        .update(8)
        .description("only this")
        .send()
        .await
        .unwrap();
    roles.update(8).rules([]).send().await.unwrap();
    let gone = roles.delete(8, false).await.unwrap();
    assert_eq!(gone.msg, "Role removed from the database.");
    roles.delete(8, true).await.unwrap();
    insta::assert_json_snapshot!("role_requests", server.requests());
}

#[tokio::test]
async fn recorded_answers_decode() {
    let Some(create) = common::sample("role_create") else {
        return;
    };
    assert_eq!(
        create["request"]["body"],
        json!({"name": "my-role", "description": "test role", "rules": [1, 2, 3], "organization_id": 2})
    );
    let created: Role = serde_json::from_value(create["response"].clone()).unwrap();
    assert_eq!((created.id, created.is_default_role), (8, false));
    assert_eq!(created.organization.unwrap().id, 2);
    assert_eq!(created.rules.as_deref(), Some("/api/rule?role_id=8"));
    let root: Role =
        serde_json::from_value(common::sample("role_get").unwrap()["response"].clone()).unwrap();
    assert!(root.is_default_role && root.organization.is_none());
    assert_eq!(root.description.as_deref(), Some("Super role"));
    let update = common::sample("role_update").unwrap();
    assert_eq!(
        update["request"]["body"],
        json!({"name": "my-role-renamed", "rules": [1, 2]})
    );
    let updated: Role = serde_json::from_value(update["response"].clone()).unwrap();
    assert_eq!(updated.name, "my-role-renamed");
    let deleted: Message =
        serde_json::from_value(common::sample("role_delete").unwrap()["response"].clone()).unwrap();
    assert_eq!(deleted.msg, "Role removed from the database.");
    let (_server, v6) = common::logged_in(Routes::new().on(
        "GET",
        "/api/role",
        common::recorded("role_list").unwrap(),
    ))
    .await;
    let page = v6.role().list().send().await.unwrap();
    assert!(page.data.iter().any(|r| r.name == "Researcher"));
    assert!(page.data.iter().all(|r| r.is_default_role));
    // A 4.2 server's page.
    let old: vantage6_client::models::Page<Role> =
        serde_json::from_value(common::sample("v4.2.3/role_per_page_3").unwrap()).unwrap();
    assert_eq!(old.data.len(), 3);
}

#[tokio::test]
async fn errors_are_typed() {
    let Some(nulls) = common::recorded("role_update_nulls") else {
        return;
    };
    let default_role = MockResponse::json(
        400,
        &json!({"msg": "Role Collaboration Admin is a default role and cannot be edited or deleted."}),
    );
    let routes = Routes::new()
        .on("PATCH", "/api/role/8", nulls)
        .on("DELETE", "/api/role/7", default_role)
        .on(
            "GET",
            "/api/role/99",
            MockResponse::json(404, &json!({"msg": "Role with id=99 not found!"})),
        )
        .on(
            "POST",
            "/api/role",
            MockResponse::json(401, &json!({"msg": "You lack the permission to do that!"})),
        );
    let (_server, v6) = common::logged_in(routes).await;
    // The 400 a null-carrying body gets (what the Python client sends): `msg` is an object,
    // shown as JSON.
    let err = v6.role().update(8).name("x").send().await.unwrap_err();
    assert_eq!(err.status(), Some(400));
    let message = err.message().unwrap();
    assert!(
        message.contains(r#""name":["Field may not be null."]"#),
        "{message}"
    );
    assert!(err.to_string().contains("Field may not be null."), "{err}");
    let err = v6.role().delete(7, true).await.unwrap_err();
    assert!(err.message().unwrap().contains("is a default role"));
    assert!(v6.role().get(99).await.unwrap_err().is_not_found());
    let err = v6.role().create("r", "d", [1]).send().await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }), "{err:?}");
}

#[tokio::test]
async fn bad_input_sends_nothing() {
    let (server, v6) = common::logged_in(routes()).await;
    let r = v6.role();
    common::refused(r.get(0)).await;
    common::refused(r.create(" ", "d", [1]).send()).await;
    common::refused(r.create("r", "d", [1, 0]).send()).await;
    common::refused(r.create("r", "d", [1]).organization(0).send()).await;
    common::refused(r.update(0).name("x").send()).await;
    common::refused(r.update(8).send()).await;
    common::refused(r.update(8).name("").send()).await;
    common::refused(r.update(8).rules([0]).send()).await;
    common::refused(r.delete(0, false)).await;
    common::refused(r.list().name("").send()).await;
    common::refused(r.list().rule(0).all()).await;
    common::refused(r.list().user(0).send()).await;
    assert_eq!(server.request_count(), 0, "nothing was sent");
    // Without a login, a role of "my" organisation cannot be created.
    let anonymous = common::client(&server);
    assert!(matches!(
        anonymous.role().create("r", "d", [1]).send().await,
        Err(Error::NotAuthenticated)
    ));
    assert_eq!(server.request_count(), 0);
}
