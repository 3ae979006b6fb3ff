//! Notifications: exact requests (snapshots), decoding, error mapping, bad input.

mod common;

use kechain_client::Error;
use kechain_client::api::notifications::Recipient;
use kechain_client::models::{NotificationChannel, NotificationEvent, NotificationStatus};
use platform_client_core::testing::{MockResponse, RecordedBody, Routes, TestServer};
use serde_json::{Value, json};

const ID: &str = "af84b840-ff8d-45c7-aac4-023f9dd8b755";
const TEAM: &str = "b91440e2-ec9d-4183-a347-76e8bf1566fb";

fn notification(event: &str) -> Value {
    json!({"id": ID, "status": "DRAFT", "event": event, "subject": "_TEST_SUBJECT",
           "message": "_TEST_MESSAGE", "recipient_users": [1], "recipient_emails": ["a@b.nl"],
           "team": TEAM, "from_user": 98, "channels": ["EMAIL", "APP"],
           "notification_options": {"url": "https://x"}, "created_at": "2022-08-10T12:24:24.544993Z",
           "updated_at": "2022-08-10T12:24:24.545019Z",
           "permissions": {"create": true, "update": true, "destroy": true, "read": true}})
}

fn routes() -> Routes {
    Routes::new()
        .on(
            "GET",
            "/api/v3/notifications.json",
            MockResponse::json(
                200,
                &json!({"count": 1, "next": null, "results": [notification("")]}),
            ),
        )
        .on(
            "POST",
            "/api/v3/notifications.json",
            MockResponse::json(
                201,
                &json!({"results": [notification("EXPORT_ACTIVITY_ASYNC")]}),
            ),
        )
        .on(
            "GET",
            "/api/users/get_current_user",
            MockResponse::json(
                200,
                &json!({"results": [{"pk": 98, "username": "pykechain_user"}]}),
            ),
        )
        .on(
            "DELETE",
            &format!("/api/v3/notifications/{ID}.json"),
            MockResponse::status(204),
        )
}

#[tokio::test]
async fn every_notification_request_is_exact() {
    let server = TestServer::routes(routes()).await;
    let kc = common::client(&server.base_url());
    kc.notifications()
        .list()
        .subject("_TEST_SUBJECT")
        .all()
        .await
        .unwrap();
    kc.notifications()
        .list()
        .message("_TEST_MESSAGE")
        .subject("_TEST_SUBJECT")
        .one()
        .await
        .unwrap();
    kc.notifications()
        .list()
        .status(NotificationStatus::Ready)
        .event(NotificationEvent::ShareActivityLink)
        .limit(5)
        .all()
        .await
        .unwrap();
    kc.notifications().get(ID).await.unwrap();
    // No sender: the current user is asked for first.
    kc.notifications()
        .create("_TEST_SUBJECT", "_TEST_MESSAGE")
        .send()
        .await
        .unwrap();
    kc.notifications()
        .create("Dummy subject", "Dummy message")
        .status(NotificationStatus::Ready)
        .event(NotificationEvent::ExportActivityAsync)
        .recipients([Recipient::User(1), Recipient::User(4)])
        .recipients(["a@b.nl", "c@d.org"])
        .team(TEAM)
        .from_user(1)
        .channel(NotificationChannel::App)
        .send()
        .await
        .unwrap();
    kc.notifications().delete(ID).await.unwrap();
    insta::assert_json_snapshot!("notifications_requests", server.requests());
}

#[tokio::test]
async fn the_form_body_is_in_pykechain_order_with_fields_inside() {
    let server = TestServer::routes(routes()).await;
    let kc = common::client(&server.base_url());
    kc.notifications()
        .create("S", "M")
        .from_user(98)
        .no_channel()
        .send()
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "a given sender needs no lookup");
    let RecordedBody::Form(pairs) = &requests[0].body else {
        panic!("{:?}", requests[0].body)
    };
    let keys: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        ["status", "subject", "message", "from_user", "fields"]
    );
    assert_eq!(
        pairs[4].1,
        "id,subject,status,message,team,created_at,options,updated_at"
    );
    assert!(requests[0].query.is_empty());
}

#[tokio::test]
async fn notifications_decode() {
    let server = TestServer::routes(routes()).await;
    let kc = common::client(&server.base_url());
    let n = kc.notifications().get(ID).await.unwrap();
    assert_eq!(n.event, None, "\"\" reads as None");
    assert_eq!(n.status, Some(NotificationStatus::Draft));
    assert_eq!(n.recipient_users, vec![1]);
    assert_eq!(n.recipient_emails, vec!["a@b.nl"]);
    assert_eq!(
        n.channels,
        vec![NotificationChannel::Email, NotificationChannel::App]
    );
    assert_eq!((n.from_user, n.team.as_deref()), (Some(98), Some(TEAM)));
    assert_eq!(n.notification_options["url"], "https://x");
    let created = kc
        .notifications()
        .create("s", "m")
        .from_user(1)
        .send()
        .await
        .unwrap();
    assert_eq!(created.event, Some(NotificationEvent::ExportActivityAsync));
    let odd: kechain_client::models::Notification = serde_json::from_value(json!({
        "id": ID, "event": null, "from_user": null, "recipient_users": null,
        "channels": ["PIGEON"], "status": "SHREDDED"}))
    .unwrap();
    assert_eq!(
        odd.channels,
        vec![NotificationChannel::Unknown("PIGEON".into())]
    );
    assert_eq!(
        odd.status,
        Some(NotificationStatus::Unknown("SHREDDED".into()))
    );
    assert!(odd.event.is_none() && odd.from_user.is_none() && odd.recipient_users.is_empty());
}

#[tokio::test]
async fn errors_are_typed() {
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
                "POST",
                "/api/v3/notifications.json",
                MockResponse::json(
                    400,
                    &json!({"results": [{"recipient_users": ["Invalid pk \"999\" - object does not exist."]}]}),
                ),
            )
            .on(
                "DELETE",
                &format!("/api/v3/notifications/{ID}.json"),
                MockResponse::json(404, &json!({"results": [{"detail": "Not found."}]})),
            ),
    )
    .await;
    let kc = common::client(&server.base_url());
    let err = kc
        .notifications()
        .create("s", "m")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Forbidden { .. }), "{err:?}");
    assert_eq!(server.request_count(), 1, "nothing posted without a sender");
    let err = kc
        .notifications()
        .create("s", "m")
        .from_user(1)
        .recipients([999u64])
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api { detail, .. } if detail.contains("recipient_users: Invalid pk")),
        "{err:?}"
    );
    assert!(
        kc.notifications()
            .delete(ID)
            .await
            .unwrap_err()
            .is_not_found()
    );
}

#[tokio::test]
async fn bad_input_is_rejected_and_nothing_is_sent() {
    let server = TestServer::start(|_| MockResponse::status(500)).await;
    let kc = common::client(&server.base_url());
    let errors = [
        kc.notifications().get("x").await.unwrap_err(),
        kc.notifications().list().id("1").all().await.unwrap_err(),
        kc.notifications().create("", "m").send().await.unwrap_err(),
        kc.notifications()
            .create("s", " ")
            .send()
            .await
            .unwrap_err(),
        kc.notifications()
            .create("s", "m")
            .team("Second Team")
            .send()
            .await
            .unwrap_err(),
        kc.notifications()
            .create("s", "m")
            .recipients(["not an e-mail"])
            .send()
            .await
            .unwrap_err(),
        kc.notifications().delete("../users").await.unwrap_err(),
    ];
    for err in errors {
        assert!(err.is_invalid_input(), "{err:?}");
    }
    assert_eq!(server.request_count(), 0);
}
