//! Users: exact requests (snapshots), decoding, error mapping, bad input, and `create_user`
//! (not recorded in any cassette, so tested here against the test server only).

mod common;

use kechain_client::Error;
use kechain_client::models::LanguageCode;
use platform_client_core::testing::{MockResponse, RecordedBody, Routes, TestServer};
use serde_json::json;

const TEAM: &str = "b91440e2-ec9d-4183-a347-76e8bf1566fb";

fn user(pk: u64, username: &str, language: &str) -> serde_json::Value {
    json!({"url": format!("https://pim3-test.ke-chain.com/api/v3/users/{pk}.json"), "pk": pk,
           "name": "User Test", "username": username, "email": "a@b.nl", "is_staff": false,
           "is_superuser": false, "is_active": true, "is_hidden": false,
           "date_joined": "2019-07-17T07:40:06Z", "last_login": null, "language_code": language,
           "timezone": "Europe/Amsterdam", "profile_image": null})
}

fn current() -> serde_json::Value {
    json!({"url": "https://pim3-test.ke-chain.com/api/v3/users/98", "pk": 98, "id": 98,
           "uid": "u-98", "name": "pykechain_user", "username": "pykechain_user", "email": "",
           "is_staff": true, "is_superuser": true, "is_active": true, "is_hidden": false,
           "date_joined": "2019-12-12T13:12:48Z", "last_login": null,
           "global_groups": ["GG:Configurators"], "user_permissions": [],
           "permissions": {"sim_module_enabled": true}, "language_code": "en",
           "timezone": "Europe/Amsterdam", "profile_image": null, "options": {}, "teams": null,
           "api_permissions": {"update": true}})
}

fn routes() -> Routes {
    Routes::new()
        .on(
            "GET",
            "/api/users.json",
            MockResponse::json(
                200,
                &json!({"count": 1, "next": null, "results": [user(4, "testuser", "nl")]}),
            ),
        )
        .on(
            "GET",
            "/api/users/get_current_user",
            MockResponse::json(200, &json!({"results": [current()]})),
        )
        .on(
            "POST",
            "/api/users.json",
            MockResponse::json(201, &json!({"results": [user(400, "newbie", "")]})),
        )
        .on(
            "POST",
            "/accounts/password/reset/",
            MockResponse::json(
                200,
                &json!({"detail": "Password reset e-mail has been sent."}),
            ),
        )
}

#[tokio::test]
async fn every_user_request_is_exact() {
    let server = TestServer::routes(routes()).await;
    let kc = common::client(&server.base_url());
    kc.users().list().username("testuser").one().await.unwrap();
    kc.users().get(1).await.unwrap();
    kc.users()
        .list()
        .filter("id__in", "3,333")
        .filter("is_hidden", "False")
        .limit(10)
        .all()
        .await
        .unwrap();
    kc.users().current().await.unwrap();
    kc.users()
        .create("newbie", "newbie@example.com")
        .name("New Bie")
        .timezone("Europe/Amsterdam")
        .language(LanguageCode::Dutch)
        .teams([TEAM])
        .send_password_link(true)
        .send()
        .await
        .unwrap();
    kc.users()
        .create("minimal", "min@example.com")
        .send()
        .await
        .unwrap();
    insta::assert_json_snapshot!("users_requests", server.requests());
}

/// `create_user` is not in any cassette. pykechain sends unset optional fields as JSON `null`;
/// DRF rejects `null` for non-nullable fields, so they are left out and `team_ids` is `[]`.
#[tokio::test]
async fn create_user_leaves_unset_fields_out_and_resets_the_password_last() {
    let server = TestServer::routes(routes()).await;
    let kc = common::client(&server.base_url());
    let created = kc
        .users()
        .create("minimal", "min@example.com")
        .send_password_link(true)
        .send()
        .await
        .unwrap();
    assert_eq!(created.pk, 400);
    assert_eq!(created.language_code, None, "\"\" reads as None");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].body,
        RecordedBody::Json(
            json!({"username": "minimal", "email": "min@example.com", "team_ids": []})
        )
    );
    assert_eq!(requests[1].path, "/accounts/password/reset/");
    assert_eq!(
        requests[1].body,
        RecordedBody::Json(json!({"email": "a@b.nl"})),
        "the link goes to the address the server stored"
    );
    server.clear();
    kc.users()
        .create("quiet", "q@example.com")
        .send()
        .await
        .unwrap();
    assert_eq!(server.request_count(), 1, "no reset unless asked");
}

#[tokio::test]
async fn users_decode_including_the_current_user_extras() {
    let server = TestServer::routes(routes()).await;
    let kc = common::client(&server.base_url());
    let u = kc.users().list().username("testuser").one().await.unwrap();
    assert_eq!((u.pk, u.language_code), (4, Some(LanguageCode::Dutch)));
    assert!(u.global_groups.is_empty() && u.id.is_none());
    let me = kc.users().current().await.unwrap();
    assert_eq!(
        (me.pk, me.id, me.uid.as_deref()),
        (98, Some(98), Some("u-98"))
    );
    assert_eq!(me.global_groups, vec!["GG:Configurators"]);
    assert_eq!(me.permissions["sim_module_enabled"], true);
    assert_eq!(me.api_permissions["update"], true);
    assert!(me.extra.contains_key("teams") && me.extra.contains_key("user_permissions"));
}

#[tokio::test]
async fn current_user_without_credentials_is_forbidden() {
    let server = TestServer::routes(
        Routes::new()
            .on(
                "GET",
                "/api/users/get_current_user",
                MockResponse::json(
                    403,
                    &json!({"results": [{"detail": "Authentication credentials were not provided."}]}),
                ),
            )
            .on(
                "GET",
                "/api/users.json",
                MockResponse::json(200, &json!({"count": 19, "next": "x", "results": [
                    user(5, "a", ""), user(89, "b", "")]})),
            )
            .on(
                "POST",
                "/api/users.json",
                MockResponse::json(400, &json!({"results": [{"username": ["A user with that username already exists."]}]})),
            ),
    )
    .await;
    let kc = common::client(&server.base_url());
    let err = kc.users().current().await.unwrap_err();
    assert!(
        matches!(&err, Error::Forbidden { detail, .. } if detail == "Authentication credentials were not provided."),
        "{err:?}"
    );
    let err = kc.users().list().one().await.unwrap_err();
    assert!(
        matches!(err, Error::MultipleFound { count: 19, .. }),
        "{err:?}"
    );
    let err = kc
        .users()
        .create("testuser", "a@b.nl")
        .send_password_link(true)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api { detail, .. } if detail.contains("already exists")),
        "{err:?}"
    );
    assert_eq!(
        server.request_count(),
        3,
        "no reset after a failed creation"
    );
}

#[tokio::test]
async fn bad_input_is_rejected_and_nothing_is_sent() {
    let server = TestServer::start(|_| MockResponse::status(500)).await;
    let kc = common::client(&server.base_url());
    let errors = [
        kc.users().list().username("").one().await.unwrap_err(),
        kc.users().create("", "a@b.nl").send().await.unwrap_err(),
        kc.users()
            .create("two words", "a@b.nl")
            .send()
            .await
            .unwrap_err(),
        kc.users()
            .create("x", "not-an-email")
            .send()
            .await
            .unwrap_err(),
        kc.users().create("x", "a@b").send().await.unwrap_err(),
        kc.users().create("x", "a @b.nl").send().await.unwrap_err(),
        kc.users()
            .create("x", "a@b.nl")
            .name(" ")
            .send()
            .await
            .unwrap_err(),
        kc.users()
            .create("x", "a@b.nl")
            .timezone("Europe / Amsterdam")
            .send()
            .await
            .unwrap_err(),
        kc.users()
            .create("x", "a@b.nl")
            .teams(["Second Team"])
            .send()
            .await
            .unwrap_err(),
    ];
    for err in errors {
        assert!(err.is_invalid_input(), "{err:?}");
    }
    assert_eq!(server.request_count(), 0);
}
