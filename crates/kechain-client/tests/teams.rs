//! Teams: exact requests (snapshots), the create flow, decoding, error mapping, bad input.

mod common;

use kechain_client::Error;
use kechain_client::models::TeamRole;
use platform_client_core::testing::{MockResponse, Routes, TestServer};
use serde_json::{Value, json};

const ID: &str = "ff28b78f-3727-42c3-a248-82494ca01b9d";

fn member(pk: u64, username: &str, role: &str) -> Value {
    json!({"pk": pk, "username": username, "name": "", "email": "", "role": role})
}

fn team(members: Vec<Value>) -> Value {
    json!({"id": ID, "ref": "test-team", "name": "_test team",
           "url": format!("https://pim3-test.ke-chain.com/api/v3/teams/{ID}"), "description": "",
           "profile_image": null, "options": {"landingPage": "#/scopes"}, "is_hidden": false,
           "members": members, "created_at": "2022-08-10T12:32:25.210250Z",
           "updated_at": "2022-08-10T12:32:25.210275Z",
           "scopes": [{"id": "bd5dceaa-a35e-47b0-9fc5-875410f4a56f", "name": "Bike Project"}],
           "permissions": {"add_members": true}, "brand_new_field": 7})
}

fn results(value: Value) -> MockResponse {
    MockResponse::json(200, &json!({"results": [value]}))
}

fn routes() -> Routes {
    let both = vec![
        member(98, "pykechain_user", "OWNER"),
        member(4, "testuser", "OWNER"),
    ];
    let owner = vec![member(4, "testuser", "OWNER")];
    let creator = vec![member(98, "pykechain_user", "OWNER")];
    Routes::new()
        .on(
            "GET",
            "/api/users.json",
            MockResponse::json(
                200,
                &json!({"count": 1, "next": null, "results": [
                {"pk": 4, "username": "testuser", "url": "x"}]}),
            ),
        )
        .on(
            "GET",
            "/api/teams.json",
            MockResponse::json(
                200,
                &json!({"count": 1, "next": null, "results": [team(owner.clone())]}),
            ),
        )
        .on(
            "POST",
            "/api/teams.json",
            MockResponse::json(201, &json!({"results": [team(creator.clone())]})),
        )
        .on_seq(
            "PUT",
            &format!("/api/teams/{ID}/add_members"),
            vec![results(team(both)), results(team(creator))],
        )
        .on(
            "PUT",
            &format!("/api/teams/{ID}/remove_members"),
            results(team(owner.clone())),
        )
        .on("GET", &format!("/api/v3/teams/{ID}"), results(team(owner)))
        .on(
            "DELETE",
            &format!("/api/teams/{ID}.json"),
            MockResponse::status(204),
        )
}

#[tokio::test]
async fn every_team_request_is_exact() {
    let server = TestServer::routes(routes()).await;
    let kc = common::client(&server.base_url());
    kc.teams().list().name("_test team").one().await.unwrap();
    kc.teams().list().hidden(true).limit(3).all().await.unwrap();
    kc.teams()
        .list()
        .any_visibility()
        .filter("name__icontains", "team")
        .all()
        .await
        .unwrap();
    kc.teams().get(ID).await.unwrap();
    kc.teams().refresh(ID).await.unwrap();
    // By user name: lookup, create, add the owner, remove the creator, re-read.
    let mut options = serde_json::Map::new();
    options.insert("landingPage".into(), json!("#/scopes"));
    let created = kc
        .teams()
        .create("_test team", "testuser")
        .description("d")
        .options(options)
        .hidden(true)
        .send()
        .await
        .unwrap();
    assert_eq!(created.members.len(), 1);
    assert_eq!(created.members[0].pk, 4);
    // By id, the creator itself: nothing to remove, no re-read.
    let mine = kc.teams().create("_test team", 98).send().await.unwrap();
    assert_eq!(mine.members[0].pk, 98);
    kc.teams()
        .add_members(ID, TeamRole::Member, &[5, 6])
        .await
        .unwrap();
    kc.teams().remove_members(ID, &[5]).await.unwrap();
    kc.teams().delete(ID).await.unwrap();
    insta::assert_json_snapshot!("teams_requests", server.requests());
}

#[tokio::test]
async fn teams_decode_with_members_and_roles() {
    let server = TestServer::routes(routes()).await;
    let kc = common::client(&server.base_url());
    let t = kc.teams().get(ID).await.unwrap();
    assert_eq!(t.reference.as_deref(), Some("test-team"));
    assert_eq!(t.members[0].role, Some(TeamRole::Owner));
    assert_eq!(t.members_with_role(&TeamRole::Owner).count(), 1);
    assert_eq!(t.members_with_role(&TeamRole::Member).count(), 0);
    assert_eq!(t.scopes[0].name.as_deref(), Some("Bike Project"));
    assert_eq!(t.options["landingPage"], "#/scopes");
    assert_eq!(t.extra["brand_new_field"], 7);
    assert!(t.profile_image.is_none());
}

#[tokio::test]
async fn errors_are_typed_and_the_flow_stops_at_the_first() {
    let server = TestServer::routes(
        Routes::new()
            .on(
                "GET",
                "/api/users.json",
                MockResponse::json(200, &json!({"count": 0, "next": null, "results": []})),
            )
            .on(
                "GET",
                "/api/teams.json",
                MockResponse::json(
                    200,
                    &json!({"count": 4, "next": "x", "results": [team(vec![]), team(vec![])]}),
                ),
            )
            .on(
                "POST",
                "/api/teams.json",
                MockResponse::json(
                    400,
                    &json!({"results": [{"name": ["This field may not be blank."]}]}),
                ),
            ),
    )
    .await;
    let kc = common::client(&server.base_url());
    let err = kc.teams().list().one().await.unwrap_err();
    assert!(
        matches!(err, Error::MultipleFound { count: 4, .. }),
        "{err:?}"
    );
    let err = kc.teams().create("t", "nobody").send().await.unwrap_err();
    assert!(err.is_not_found(), "unknown owner: {err:?}");
    let err = kc.teams().create("t", 4).send().await.unwrap_err();
    assert!(
        matches!(&err, Error::Api { detail, .. } if detail.contains("may not be blank")),
        "{err:?}"
    );
    assert_eq!(server.request_count(), 3);
}

#[tokio::test]
async fn bad_input_is_rejected_and_nothing_is_sent() {
    let server = TestServer::start(|_| MockResponse::status(500)).await;
    let kc = common::client(&server.base_url());
    let errors = [
        kc.teams().get("Second Team").await.unwrap_err(),
        kc.teams().refresh("x").await.unwrap_err(),
        kc.teams().list().name("").one().await.unwrap_err(),
        kc.teams().create(" ", 4).send().await.unwrap_err(),
        kc.teams().create("t", "").send().await.unwrap_err(),
        kc.teams()
            .add_members(ID, TeamRole::Owner, &[])
            .await
            .unwrap_err(),
        kc.teams()
            .add_members("x", TeamRole::Owner, &[1])
            .await
            .unwrap_err(),
        kc.teams().remove_members(ID, &[]).await.unwrap_err(),
        kc.teams().delete("../scopes").await.unwrap_err(),
    ];
    for err in errors {
        assert!(err.is_invalid_input(), "{err:?}");
    }
    assert_eq!(server.request_count(), 0);
}
