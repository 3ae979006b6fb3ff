//! How the real vantage6 server 4.15.2 says no, and what the client makes of it: 400 with the
//! server's message and field errors, 401 for a missing permission (sent once), 404 as JSON and
//! as the HTML page of an unknown route, 422 for bad tokens, 500; and bad input that never
//! leaves the client.

use base64::Engine as _;
use contract_tests::vantage6_server::{
    CountingProxy, PASSWORD, client, create_node, delete_collaboration, fixture, login, new_org,
    new_user, role_id, root, unique, v6_env,
};
use platform_client_core::Request;
use platform_client_core::reexports::SecretString;
use serde_json::json;
use vantage6_client::Error;

const IMAGE: &str = "harbor2.vantage6.ai/demo/average";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_are_400_with_the_servers_message() {
    let Some(env) = v6_env() else { return };
    let root = root(&env).await;
    let (a, b) = tokio::join!(new_org(&root, "e400"), new_org(&root, "e400"));
    let name = unique("e400");
    let plain = root
        .collaboration()
        .create(&name, &[a.id, b.id], false)
        .await
        .unwrap();
    // A duplicate name.
    let err = root
        .collaboration()
        .create(&name, &[a.id], false)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { .. }), "{err:?}");
    assert_eq!(err.status(), Some(400));
    assert!(err.message().unwrap().contains(&name), "{err:?}");

    // A task for an organisation without a node (only A has one).
    let node = create_node(&root, plain.id, a.id).await;
    let researcher = role_id(&root, "Researcher").await;
    let user = new_user(&root, "e400", a.id, &[researcher]).await;
    let v6 = login(&env.url, &user.username, PASSWORD).await;
    let err = v6
        .task()
        .create(plain.id, &[a.id, b.id], "no node", IMAGE)
        .input(json!({"method": "x"}))
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "{err:?}");
    assert!(
        err.message().unwrap().contains("no nodes registered"),
        "{err:?}"
    );
    assert!(err.message().unwrap().contains(&b.id.to_string()));

    // Input that is not text in a plain collaboration.
    let err = v6
        .task()
        .create(plain.id, &[a.id], "binary", IMAGE)
        .input_raw(vec![0xff, 0xfe, 0x00, 0x81])
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "{err:?}");
    assert!(
        err.message().unwrap().contains("cannot be parsed"),
        "{err:?}"
    );

    // Readable input in an encrypted collaboration (sent raw: the client would encrypt it).
    let secret = root
        .collaboration()
        .create(&unique("e400-enc"), &[a.id], true)
        .await
        .unwrap();
    let secret_node = create_node(&root, secret.id, a.id).await;
    let plain_input = base64::engine::general_purpose::STANDARD.encode(r#"{"method":"x"}"#);
    let body = json!({"name": "t", "image": IMAGE, "description": "", "collaboration_id": secret.id,
                      "organizations": [{"id": a.id, "input": plain_input}], "databases": []});
    let err = v6
        .send_raw(Request::post("task").json(&body).unwrap())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "{err:?}");
    assert!(
        err.message().unwrap().contains("requires encryption"),
        "{err:?}"
    );

    // A body missing a field: the server's field errors.
    let request = Request::post("token/user")
        .without_auth()
        .json(&json!({"username": "root"}))
        .unwrap();
    let err = client(&env.url).send_raw(request).await.unwrap_err();
    assert_eq!(err.status(), Some(400), "{err:?}");
    let Error::Api { errors, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(
        errors.as_ref().unwrap().get("password").is_some(),
        "{err:?}"
    );
    assert!(err.message().unwrap().contains("password"), "{err:?}");

    assert!(!node.api_key().is_empty() && !secret_node.api_key().is_empty());
    delete_collaboration(&root, plain.id).await;
    delete_collaboration(&root, secret.id).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_permission_is_401_and_sent_once() {
    let Some(env) = v6_env() else { return };
    let root = root(&env).await;
    let org = new_org(&root, "e401").await;
    let researcher = role_id(&root, "Researcher").await;
    let user = new_user(&root, "e401", org.id, &[researcher]).await;
    let proxy = CountingProxy::start(&env.url).await;
    let v6 = login(&proxy.url, &user.username, PASSWORD).await;

    let err = v6.user().delete(1, false).await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }), "{err:?}");
    assert_eq!(err.status(), Some(401));
    assert_eq!(err.message(), Some("You lack the permission to do that!"));
    assert_eq!(
        proxy.count("DELETE /api/user/1 HTTP/1.1"),
        1,
        "never re-sent"
    );
    assert_eq!(proxy.count("POST /api/token/refresh"), 0, "no refresh");
    // Root is still there.
    assert_eq!(root.user().get(1).await.unwrap().username, "root");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_objects_are_404_json_and_unknown_routes_404_html() {
    let Some(env) = v6_env() else { return };
    let v6 = root(&env).await;
    let err = v6.organization().get(999_999).await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert_eq!(err.status(), Some(404));
    assert!(err.message().unwrap().contains("999999"), "{err:?}");
    // An unknown task's status is the JSON 404, not the sign of an old server.
    let err = v6.task().status(999_999).await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(err.message().unwrap().contains("999999"), "{err:?}");

    let err = v6
        .send_raw(Request::get("no/such/route"))
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(
        err.message().unwrap().contains("unknown route"),
        "the hint: {err:?}"
    );
    // A wrong API path gives the same hint.
    let wrong = vantage6_client::Vantage6Client::builder(&env.url)
        .api_path("/v6")
        .no_proxy()
        .build()
        .unwrap();
    let err = wrong.util().server_health().await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(err.message().unwrap().contains("API path"), "{err:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_tokens_are_422() {
    let Some(env) = v6_env() else { return };
    // A token the server did not sign (a readable JWT with a foreign signature).
    let enc = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let exp = contract_tests::vantage6_server::now() + 3600;
    let forged = format!(
        "{}.{}.{}",
        enc.encode(r#"{"alg":"HS256","typ":"JWT"}"#),
        enc.encode(
            json!({"sub": 1, "type": "access", "exp": exp, "client_type": "user"}).to_string()
        ),
        enc.encode("not the signature")
    );
    let err = client(&env.url)
        .authenticate_with_tokens(SecretString::from(forged), None)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { .. }), "{err:?}");
    assert_eq!(err.status(), Some(422));
    assert!(err.message().unwrap().contains("Signature"), "{err:?}");

    // A refresh token used as an access token.
    let request = Request::post("token/user")
        .without_auth()
        .json(&json!({"username": "root", "password": "root"}))
        .unwrap();
    let answer = client(&env.url).send_raw(request).await.unwrap();
    let refresh = answer["refresh_token"].as_str().unwrap().to_owned();
    let err = client(&env.url)
        .authenticate_with_tokens(SecretString::from(refresh), None)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(422), "{err:?}");
    assert!(err.message().unwrap().contains("non-refresh"), "{err:?}");

    // A bearer that is not a JWT (422), and another scheme (401).
    let raw = |value: &str| {
        Request::get("user/1")
            .without_auth()
            .header("Authorization", value)
            .unwrap()
    };
    let err = client(&env.url)
        .send_raw(raw("Bearer not-a-jwt"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { .. }), "{err:?}");
    assert_eq!(err.status(), Some(422), "{err:?}");
    let err = client(&env.url)
        .send_raw(raw("Token abc"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(401), "{err:?}");
    assert!(err.message().unwrap().contains("Bearer"), "{err:?}");

    // Not a JWT at all: the client cannot read a subject from it and says so (nothing sent).
    let proxy = CountingProxy::start(&env.url).await;
    let err = client(&proxy.url)
        .authenticate_with_tokens(SecretString::from("garbage".to_owned()), None)
        .await
        .unwrap_err();
    assert!(err.is_invalid_input(), "{err:?}");
    assert_eq!(proxy.count("HTTP/1.1"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_failure_is_500() {
    let Some(env) = v6_env() else { return };
    let v6 = root(&env).await;
    let err = v6
        .send_raw(Request::get("rule").query("per_page", 0))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { .. }), "{err:?}");
    assert_eq!(err.status(), Some(500));
    assert!(!err.message().unwrap().is_empty());
    // The typed list refuses `per_page(0)` before sending.
    let err = v6.rule().list().per_page(0).send().await.unwrap_err();
    assert!(err.is_invalid_input(), "{err:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_encrypted_task_for_an_organisation_without_a_key_is_never_posted() {
    let Some(env) = v6_env() else { return };
    let root = root(&env).await;
    let (a, b) = tokio::join!(new_org(&root, "nokey"), new_org(&root, "nokey"));
    let collaboration = root
        .collaboration()
        .create(&unique("nokey"), &[a.id, b.id], true)
        .await
        .unwrap();
    let (researcher, admin) = tokio::join!(
        role_id(&root, "Researcher"),
        role_id(&root, "Organization Admin")
    );
    let user = new_user(&root, "nokey", a.id, &[researcher, admin]).await;
    let proxy = CountingProxy::start(&env.url).await;
    let v6 = login(&proxy.url, &user.username, PASSWORD).await;
    v6.setup_encryption_from_file(fixture("org_a_private.pem"))
        .await
        .unwrap();

    let err = v6
        .task()
        .create(collaboration.id, &[a.id, b.id], "secret", IMAGE)
        .input(json!({"method": "x"}))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Crypto(_)), "{err:?}");
    assert!(
        err.to_string().contains(&format!("organisation {}", b.id)),
        "{err}"
    );
    assert_eq!(proxy.count("POST /api/task"), 0, "nothing posted");
    let tasks = v6
        .task()
        .list()
        .collaboration(collaboration.id)
        .send()
        .await
        .unwrap();
    assert_eq!(tasks.total_count, Some(0));

    // Bad arguments are refused before anything is sent.
    let before = proxy.count("HTTP/1.1");
    for err in [
        v6.task()
            .create(collaboration.id, &[], "t", IMAGE)
            .input(1)
            .send()
            .await
            .unwrap_err(),
        v6.task()
            .create(collaboration.id, &[a.id], "t", IMAGE)
            .send()
            .await
            .unwrap_err(),
        v6.task()
            .create(collaboration.id, &[a.id], "t", IMAGE)
            .input(1)
            .database("not a label")
            .send()
            .await
            .unwrap_err(),
        v6.organization().list().name(" ").send().await.unwrap_err(),
    ] {
        assert!(err.is_invalid_input(), "{err:?}");
    }
    assert_eq!(proxy.count("HTTP/1.1"), before);
    delete_collaboration(&root, collaboration.id).await;
}
