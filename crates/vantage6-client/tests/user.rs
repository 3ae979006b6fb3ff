//! Users: exact requests (snapshots), decoding of recorded answers, errors, bad input.

mod common;

use platform_client_core::testing::{MockResponse, Routes};
use serde_json::json;
use vantage6_client::Error;
use vantage6_client::models::User;

fn user(id: u64, username: &str, firstname: &str) -> serde_json::Value {
    json!({"id": id, "type": "user", "username": username, "firstname": firstname, "lastname": "A",
           "email": format!("{username}@a.example"), "ip": null, "last_seen": null, "status": null,
           "otp_secret": null, "last_email_failed_login_sent": null,
           "last_email_recover_password_sent": null,
           "organization": {"id": 2, "link": "/api/organization/2", "methods": ["GET", "PATCH", "DELETE"]},
           "roles": format!("/api/role?user_id={id}"), "rules": format!("/api/rule?user_id={id}")})
}

fn routes() -> Routes {
    let page = json!({"data": [user(4, "alice", "Alice"), user(5, "bob", "Bob")],
                      "links": {"first": "/api/user?page=1", "self": "/api/user?page=1",
                                "last": "/api/user?page=1"}});
    Routes::new()
        .on(
            "GET",
            "/api/user",
            MockResponse::json(200, &page).header("total-count", "2"),
        )
        .on(
            "GET",
            "/api/user/4",
            MockResponse::json(200, &user(4, "alice", "Alice")),
        )
        .on(
            "POST",
            "/api/user",
            MockResponse::json(201, &user(6, "carol", "Carol")),
        )
        .on(
            "PATCH",
            "/api/user/4",
            MockResponse::json(200, &user(4, "alice", "Alicia")),
        )
        .on(
            "PATCH",
            "/api/user/1",
            MockResponse::json(200, &user(1, "root", "Root")),
        )
        .on(
            "DELETE",
            "/api/user/5",
            MockResponse::json(
                200,
                &json!({"msg": "user id=5 is removed from the database"}),
            ),
        )
        .on(
            "GET",
            "/api/user/999",
            MockResponse::json(404, &json!({"msg": "user id=999 is not found"})),
        )
}

/// The snapshot keeps the passwords out of the repository; the test checks them itself.
fn snapshot_safe(
    mut records: Vec<platform_client_core::testing::RequestRecord>,
) -> serde_json::Value {
    for record in &mut records {
        if let platform_client_core::testing::RecordedBody::Json(body) = &mut record.body
            && body.get("password").is_some()
        {
            body["password"] = json!("[password]");
        }
    }
    serde_json::to_value(records).unwrap()
}

#[tokio::test]
async fn every_call_sends_the_documented_request() {
    let (server, v6) = common::logged_in(routes()).await;
    let users = v6.user();
    let page = users
        .list()
        .username("a%")
        .organization(2)
        .firstname("Al%")
        .lastname("A")
        .email("%@a.example")
        .role(7)
        .rule(3)
        .last_seen_from("2026-01-01")
        .last_seen_till("2026-12-31")
        .page(1)
        .per_page(2)
        .send()
        .await
        .unwrap();
    assert_eq!(page.total_count, Some(2));
    assert_eq!(page.data[1].username, "bob");
    let all = users.list().sort("-id").all().await.unwrap();
    assert_eq!(all.len(), 2);
    let alice = users.get(4).await.unwrap();
    assert_eq!(alice.organization_id(), Some(2));
    assert!(!alice.has_otp_secret);
    let me = users.own().await.unwrap();
    assert_eq!((me.id, me.username.as_str()), (1, "root"));
    let created = users
        .create("carol", "Carol", "C", "Password123!", "carol@a.example")
        .organization(2)
        .roles([7])
        .rules([3, 4])
        .send()
        .await
        .unwrap();
    assert_eq!(created.id, 6);
    users
        .create("dave", "Dave", "D", "Password123!", "dave@a.example")
        .send()
        .await
        .unwrap();
    users.update(4).firstname("Alicia").send().await.unwrap();
    users
        .update(4)
        .lastname("B")
        .email("alicia@a.example")
        .organization(3)
        .roles([5, 6, 7])
        .rules([])
        .send()
        .await
        .unwrap();
    users.update_own().firstname("Root").send().await.unwrap();
    let gone = users.delete(5, false).await.unwrap();
    assert_eq!(gone.msg, "user id=5 is removed from the database");
    users.delete(5, true).await.unwrap();

    let requests = server.requests();
    // Records redact the password; the raw bodies carry it.
    let posts: Vec<_> = server
        .received()
        .into_iter()
        .filter(|r| r.record.method == "POST")
        .collect();
    assert_eq!(posts.len(), 2);
    for post in posts {
        let body: serde_json::Value = serde_json::from_slice(&post.body).unwrap();
        assert_eq!(body["password"], "Password123!");
        assert_eq!(
            post.record.body,
            platform_client_core::testing::RecordedBody::Json({
                let mut redacted = body.clone();
                redacted["password"] = "[redacted]".into();
                redacted
            })
        );
    }
    insta::assert_json_snapshot!("user_requests", snapshot_safe(requests));
}

#[tokio::test]
async fn recorded_answers_decode() {
    let Some(created) = common::sample("user_create") else {
        return;
    };
    let user: User = serde_json::from_value(created["response"].clone()).unwrap();
    assert_eq!((user.id, user.username.as_str()), (4, "alice"));
    assert_eq!(user.email.as_deref(), Some("alice@a.example"));
    assert_eq!(user.kind.as_deref(), Some("user"));
    assert_eq!(user.roles.as_deref(), Some("/api/role?user_id=4"));
    // The recorded request is exactly what `create` sends.
    let (server, v6) = common::logged_in(Routes::new().on(
        "POST",
        "/api/user",
        common::recorded("user_create").unwrap(),
    ))
    .await;
    v6.user()
        .create("alice", "Alice", "A", "Password123!", "alice@a.example")
        .organization(2)
        .roles([7])
        .send()
        .await
        .unwrap();
    let sent: serde_json::Value = serde_json::from_slice(&server.received()[0].body).unwrap();
    assert_eq!(sent, created["request"]["body"]);

    for (name, firstname) in [("user_update", "Alicia"), ("user_update_roles", "Alicia")] {
        let sample = common::sample(name).unwrap();
        let user: User = serde_json::from_value(sample["response"].clone()).unwrap();
        assert_eq!(user.firstname.as_deref(), Some(firstname));
    }
    let sample = common::sample("user_update_roles").unwrap();
    let (server, v6) = common::logged_in(Routes::new().on(
        "PATCH",
        "/api/user/4",
        common::recorded("user_update_roles").unwrap(),
    ))
    .await;
    v6.user().update(4).roles([5, 6, 7]).send().await.unwrap();
    let platform_client_core::testing::RecordedBody::Json(sent) = &server.requests()[0].body else {
        panic!("a JSON body");
    };
    assert_eq!(sent, &sample["request"]["body"]);

    let (_server, v6) = common::logged_in(Routes::new().on(
        "GET",
        "/api/user",
        common::recorded("user_list").unwrap(),
    ))
    .await;
    let page = v6.user().list().per_page(2).send().await.unwrap();
    assert_eq!(page.data.len(), 2);
    assert_eq!(
        page.data[1].last_seen.as_deref(),
        Some("2026-11-23T19:57:49.932045")
    );
    assert_eq!(page.data[1].firstname, None);
    assert!(page.links.first.is_some());
}

#[test]
fn a_two_factor_secret_is_never_kept() {
    let mut value = user(4, "alice", "Alice");
    value["otp_secret"] = json!("O4PPJXGRPRC3Q7TR2KWAG6QGKDKSFSPM");
    let decoded: User = serde_json::from_value(value).unwrap();
    assert!(decoded.has_otp_secret);
    assert!(!format!("{decoded:?}").contains("O4PPJ"));
    let encoded = serde_json::to_string(&decoded).unwrap();
    assert!(!encoded.contains("otp_secret"), "{encoded}");
}

#[tokio::test]
async fn errors_are_typed_and_bad_input_sends_nothing() {
    let Some(invalid) = common::recorded("err_400_user") else {
        return;
    };
    let lacking = MockResponse::json(401, &json!({"msg": "You lack the permission to do that!"}));
    let has_tasks = common::recorded("user_delete").unwrap();
    let (server, v6) = common::logged_in(
        routes()
            .on("POST", "/api/user", invalid)
            .on("PATCH", "/api/user/4", lacking)
            .on("DELETE", "/api/user/4", has_tasks),
    )
    .await;
    let users = v6.user();
    let err = users
        .create("bob", "B", "B", "short", "b@b.b")
        .organization(2)
        .send()
        .await
        .unwrap_err();
    let Error::Api { errors, .. } = &err else {
        panic!("a validation error: {err:?}");
    };
    assert_eq!(err.status(), Some(400));
    assert_eq!(
        errors.as_ref().unwrap()["email"][0],
        "Not a valid email address."
    );
    assert!(
        err.message()
            .unwrap()
            .starts_with("Request body is incorrect (email: ")
    );
    assert!(
        !format!("{err:?} {err}").contains("short\""),
        "no password in errors"
    );
    let err = users.update(4).firstname("x").send().await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }), "{err}");
    let err = users.delete(4, false).await.unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert!(err.message().unwrap().contains("delete_dependents"));
    let err = users.get(999).await.unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(err.message(), Some("user id=999 is not found"));
    assert_eq!(server.request_count(), 4, "each request sent once");
    server.clear();

    let bad = [
        users.get(0).await.unwrap_err(),
        users.delete(0, true).await.unwrap_err(),
        users
            .create(" ", "A", "A", "Password123!", "a@a.example")
            .send()
            .await
            .unwrap_err(),
        users
            .create("a", "", "A", "Password123!", "a@a.example")
            .send()
            .await
            .unwrap_err(),
        users
            .create("a", "A", " ", "Password123!", "a@a.example")
            .send()
            .await
            .unwrap_err(),
        users
            .create("a", "A", "A", "", "a@a.example")
            .send()
            .await
            .unwrap_err(),
        users
            .create("a", "A", "A", "Password123!", "")
            .send()
            .await
            .unwrap_err(),
        users
            .create("a", "A", "A", "Password123!", "a@a.example")
            .organization(0)
            .send()
            .await
            .unwrap_err(),
        users
            .create("a", "A", "A", "Password123!", "a@a.example")
            .roles([0])
            .send()
            .await
            .unwrap_err(),
        users
            .create("a", "A", "A", "Password123!", "a@a.example")
            .rules([1, 0])
            .send()
            .await
            .unwrap_err(),
        users.update(0).firstname("x").send().await.unwrap_err(),
        users.update(4).send().await.unwrap_err(),
        users.update(4).firstname(" ").send().await.unwrap_err(),
        users.update(4).organization(0).send().await.unwrap_err(),
        users.update(4).roles([0]).send().await.unwrap_err(),
        users.list().username("").send().await.unwrap_err(),
        users.list().organization(0).all().await.unwrap_err(),
        users.list().role(0).send().await.unwrap_err(),
        users.list().rule(0).send().await.unwrap_err(),
        users.list().last_seen_from(" ").send().await.unwrap_err(),
    ];
    for (i, err) in bad.iter().enumerate() {
        assert!(err.is_invalid_input(), "case {i}: {err:?}");
    }
    assert_eq!(server.request_count(), 0, "nothing was sent");

    // Without a login, the own user is unknown and nothing is sent.
    let anonymous = common::client(&server);
    assert!(matches!(
        anonymous.user().own().await,
        Err(Error::NotAuthenticated)
    ));
    assert!(matches!(
        anonymous.user().update_own().firstname("x").send().await,
        Err(Error::NotAuthenticated)
    ));
    let err = anonymous.user().get(4).await.unwrap_err();
    assert!(err.to_string().contains("not authenticated"), "{err}");
    assert_eq!(server.request_count(), 0);
}

#[test]
fn the_password_is_not_in_debug_output() {
    let v6 = vantage6_client::Vantage6Client::builder("http://127.0.0.1:9")
        .build()
        .unwrap();
    let users = v6.user();
    let create = users.create("a", "A", "A", "Sup3rSecret!", "a@a.example");
    let text = format!("{create:?}");
    assert!(!text.contains("Sup3rSecret"), "{text}");
    assert!(text.contains("REDACTED"), "{text}");
}
