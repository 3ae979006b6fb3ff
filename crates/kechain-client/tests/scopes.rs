//! Scopes: exact requests (snapshots), decoding, error mapping, bad input.

mod common;

use futures_util::TryStreamExt;
use kechain_client::Error;
use kechain_client::models::ScopeStatus;
use platform_client_core::testing::{MockResponse, Routes, TestServer};
use serde_json::json;

const ID: &str = "bd5dceaa-a35e-47b0-9fc5-875410f4a56f";

fn scope(id: &str, name: &str) -> serde_json::Value {
    json!({"id": id, "name": name, "ref": "bike-project", "text": "", "status": "ACTIVE",
           "category": "USER_SCOPE", "tags": null, "members": [{"id": 1, "username": "ann", "is_manager": true}],
           "scope_options": {"landingPage": "x"}, "team_id_name": {"id": "t1", "name": "Team"},
           "progress": 12.5, "start_date": null, "brand_new_field": 7})
}

#[tokio::test]
async fn every_scope_request_is_exact() {
    let server = TestServer::routes(
        Routes::new()
            .on(
                "GET",
                "/api/v3/scopes.json",
                MockResponse::json(
                    200,
                    &json!({"count": 1, "next": null, "results": [scope(ID, "Bike Project")]}),
                ),
            )
            .on(
                "POST",
                "/api/v3/scopes.json",
                MockResponse::json(201, &json!({"results": [scope(ID, "New")]})),
            )
            .on(
                "DELETE",
                &format!("/api/v3/scopes/{ID}.json"),
                MockResponse::status(204),
            ),
    )
    .await;
    let kc = common::client(&server.base_url());
    kc.scopes().list().name("Bike Project").one().await.unwrap();
    kc.scopes()
        .list()
        .status(ScopeStatus::Closed)
        .filter("name__icontains", "bike")
        .limit(5)
        .all()
        .await
        .unwrap();
    kc.scopes().get(ID).await.unwrap();
    kc.scopes()
        .create("New")
        .description("d")
        .tags(["a", "b"])
        .start_date("2019-04-12")
        .send()
        .await
        .unwrap();
    kc.scopes().delete(ID, false).await.unwrap();
    insta::assert_json_snapshot!("scopes_requests", server.requests());
}

#[tokio::test]
async fn scopes_decode_with_unknown_fields_kept() {
    let server = TestServer::routes(Routes::new().on(
        "GET",
        "/api/v3/scopes.json",
        MockResponse::json(200, &json!({"results": [scope(ID, "Bike Project")]})),
    ))
    .await;
    let kc = common::client(&server.base_url());
    let s = kc.scopes().get(ID).await.unwrap();
    assert_eq!(s.members[0].id, 1);
    assert!(s.tags.is_empty(), "null tags read as empty");
    assert_eq!(s.extra["brand_new_field"], 7);
    assert_eq!(s.team_id_name.unwrap().name.as_deref(), Some("Team"));
}

#[tokio::test]
async fn a_list_failing_with_400_or_500_is_an_api_error_not_not_found() {
    for status in [400, 500] {
        let server = TestServer::routes(Routes::new().on(
            "GET",
            "/api/v3/scopes.json",
            MockResponse::json(
                status,
                &json!({"results": [{"status": ["Select a valid choice."]}]}),
            ),
        ))
        .await;
        let kc = common::client(&server.base_url());
        let err = kc.scopes().list().all().await.unwrap_err();
        assert!(matches!(err, Error::Api { .. }), "{err:?}");
        assert_eq!(err.status(), Some(status));
        assert!(
            err.to_string().contains("status: Select a valid choice."),
            "{err}"
        );
    }
}

#[tokio::test]
async fn forbidden_and_not_found_are_typed() {
    let server = TestServer::routes(
        Routes::new()
            .on(
                "GET",
                "/api/v3/scopes.json",
                MockResponse::json(
                    403,
                    &json!({"results": [{"detail": "Invalid username/password."}]}),
                ),
            )
            .on(
                "DELETE",
                &format!("/api/v3/scopes/{ID}.json"),
                MockResponse::json(404, &json!({"results": [{"detail": "Not found."}]})),
            ),
    )
    .await;
    let kc = common::client(&server.base_url());
    let err = kc.scopes().list().one().await.unwrap_err();
    assert!(
        matches!(&err, Error::Forbidden { detail, .. } if detail == "Invalid username/password."),
        "{err:?}"
    );
    assert!(
        kc.scopes()
            .delete(ID, true)
            .await
            .unwrap_err()
            .is_not_found()
    );
}

#[tokio::test]
async fn the_limit_is_exact_across_pages() {
    let server = TestServer::start(|r| {
        let offset: usize = r
            .record
            .query_values("offset")
            .first()
            .map_or(0, |v| v.parse().unwrap());
        let limit: usize = r.record.query_values("limit")[0].parse().unwrap();
        let rows: Vec<_> = (offset..(offset + limit).min(250))
            .map(|i| {
                scope(
                    &format!("{i:08}-0000-0000-0000-000000000000"),
                    &format!("s{i}"),
                )
            })
            .collect();
        let next = (offset + limit < 250).then(|| {
            format!(
                "https://kec.example.com/api/v3/scopes.json?limit={limit}&offset={}",
                offset + limit
            )
        });
        MockResponse::json(200, &json!({"count": 250, "next": next, "results": rows}))
    })
    .await;
    let kc = common::client(&server.base_url());
    let got: Vec<_> = kc
        .scopes()
        .list()
        .limit(150)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(got.len(), 150, "pykechain would return 200 here");
    assert_eq!(server.request_count(), 2);
    assert_eq!(kc.scopes().list().all().await.unwrap().len(), 250);
}

#[tokio::test]
async fn bad_input_is_rejected_and_nothing_is_sent() {
    let server = TestServer::start(|_| MockResponse::status(500)).await;
    let kc = common::client(&server.base_url());
    let errors = [
        kc.scopes().get("not-a-uuid").await.unwrap_err(),
        kc.scopes().list().name("  ").one().await.unwrap_err(),
        kc.scopes().list().id("123").all().await.unwrap_err(),
        kc.scopes().create("").send().await.unwrap_err(),
        kc.scopes()
            .create("x")
            .team("team-name")
            .send()
            .await
            .unwrap_err(),
        kc.scopes()
            .create("x")
            .due_date("next week")
            .send()
            .await
            .unwrap_err(),
        kc.scopes().delete("../../users", true).await.unwrap_err(),
    ];
    for err in errors {
        assert!(err.is_invalid_input(), "{err:?}");
    }
    assert_eq!(server.request_count(), 0);
}

#[test]
fn from_env_reads_the_reference_variables() {
    use kechain_client::{Env, KechainClient};
    let env = Env::with_values([
        ("KECHAIN_URL", "https://kec.example.com"),
        ("KECHAIN_TOKEN", "tok"),
        ("KECHAIN_CHECK_CERTIFICATES", "off"),
    ]);
    let builder = KechainClient::builder_from_env(&env).unwrap();
    let debug = format!("{builder:?}");
    assert!(
        debug.contains("kec.example.com")
            && debug.contains("Token([redacted])")
            && debug.contains("accept_invalid_certs: true"),
        "{debug}"
    );
    assert!(!debug.contains("tok\""));
    let basic = Env::with_values([
        ("KECHAIN_URL", "https://k"),
        ("KECHAIN_USERNAME", "ann"),
        ("KECHAIN_PASSWORD", "pw"),
    ]);
    assert!(
        format!("{:?}", KechainClient::builder_from_env(&basic).unwrap())
            .contains("Basic(ann:[redacted])")
    );
    let missing = Env::with_values([("OTHER", "x")]);
    let err = KechainClient::builder_from_env(&missing).unwrap_err();
    assert!(err.to_string().contains("KECHAIN_URL"), "{err}");
}

#[test]
fn a_mistyped_certificate_flag_is_an_error_never_checks_switched_off() {
    use kechain_client::{Env, KechainClient};
    let with = |value: &str| {
        let env = Env::with_values([
            ("KECHAIN_URL", "https://kec.example.com"),
            ("KECHAIN_CHECK_CERTIFICATES", value),
        ]);
        KechainClient::builder_from_env(&env).map(|b| format!("{b:?}"))
    };
    for typo in ["ture", "flase", "of", "2", "disabled"] {
        let err = with(typo).unwrap_err();
        assert!(err.is_invalid_input(), "{typo:?}: {err:?}");
        assert!(
            err.to_string().contains("KECHAIN_CHECK_CERTIFICATES"),
            "{err}"
        );
    }
    for on in ["true", "ON", "ok", "y", "yes", "1", " True "] {
        assert!(
            with(on).unwrap().contains("accept_invalid_certs: false"),
            "{on:?}"
        );
    }
    for off in ["false", "off", "no", "n", "0"] {
        assert!(
            with(off).unwrap().contains("accept_invalid_certs: true"),
            "{off:?}"
        );
    }
    // Unset (or blank) keeps verification on.
    assert!(with(" ").unwrap().contains("accept_invalid_certs: false"));
}

#[tokio::test]
async fn from_env_file_reads_the_named_file() {
    use platform_client_core::testing::{EnvFile, MockResponse, TestServer};
    let server = TestServer::start(|_| MockResponse::json(200, &json!({"results": []}))).await;
    let url = format!("KECHAIN_URL={}", server.base_url());
    let file = EnvFile::new(&[&url, "KECHAIN_TOKEN=from-the-file"]).unwrap();
    let kc = kechain_client::KechainClient::from_env_file(file.path()).unwrap();
    assert!(kc.scopes().list().all().await.unwrap().is_empty());
    let sent = server.received();
    assert_eq!(sent[0].record.path, "/api/v3/scopes.json");
    let auth = sent[0]
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok());
    assert_eq!(auth, Some("Token from-the-file"));
    let missing = kechain_client::KechainClient::from_env_file("/no/such/.env").unwrap_err();
    assert!(missing.is_invalid_input(), "{missing}");
}
