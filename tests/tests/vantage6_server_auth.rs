//! Logging in against the real vantage6 server 4.15.2: users (with and without two-factor
//! authentication), nodes, sessions resumed from tokens and refreshed when expired.

use contract_tests::vantage6_server::{
    CountingProxy, PASSWORD, client, create_node, delete_collaboration, expired_copy, login_tokens,
    mfa_root, new_org, new_user, now, role_id, root, totp, unique, v6_env,
};
use platform_client_core::Request;
use platform_client_core::reexports::SecretString;
use serde_json::Value;
use vantage6_client::{AuthOutcome, Error};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn root_logs_in_and_a_wrong_password_is_refused() {
    let Some(env) = v6_env() else { return };
    let v6 = client(&env.url);
    assert!(v6.whoami().is_none());
    let outcome = v6.authenticate("root", "root", None).await.unwrap();
    let who = outcome.whoami().unwrap().clone();
    assert_eq!(
        (who.kind.as_str(), who.id, who.name.as_str()),
        ("user", 1, "root")
    );
    assert_eq!(
        (who.organization_id, who.organization_name.as_str()),
        (1, "root")
    );
    assert_eq!(v6.whoami(), Some(who));
    // The session works.
    assert_eq!(v6.user().own().await.unwrap().username, "root");

    for (user, password) in [("root", "wrong-password"), (&*unique("nobody"), "root")] {
        let err = client(&env.url)
            .authenticate(user, password, None)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Unauthorized { .. }), "{err:?}");
        assert_eq!(err.status(), Some(401));
        assert_eq!(err.message(), Some("Failed to login"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_two_factor_login_goes_through_every_state() {
    let Some(env) = v6_env() else { return };
    let root = mfa_root(&env).await;
    let org = root.whoami().unwrap().organization_id;
    let viewer = role_id(&root, "Viewer").await;
    let user = new_user(&root, "mfa-user", org, &[viewer]).await;
    let v6 = client(&env.mfa_url);

    // First login: the server creates the secret and gives no token.
    let AuthOutcome::MfaSetupRequired {
        qr_uri,
        otp_secret,
        message,
    } = v6
        .authenticate(&user.username, PASSWORD, None)
        .await
        .unwrap()
    else {
        panic!("the first login must set up two-factor authentication")
    };
    assert!(qr_uri.starts_with("otpauth://totp/"), "{qr_uri}");
    assert!(qr_uri.contains(&format!("secret={otp_secret}")), "{qr_uri}");
    assert!(
        qr_uri.contains("v6-mfa"),
        "issuer names the server: {qr_uri}"
    );
    assert!(message.contains("obligatory"), "{message}");
    assert!(v6.whoami().is_none());

    // No code.
    let outcome = v6
        .authenticate(&user.username, PASSWORD, None)
        .await
        .unwrap();
    assert!(
        matches!(&outcome, AuthOutcome::MfaCodeRequired { message } if message.contains("two-factor")),
        "{outcome:?}"
    );
    // A wrong code: one the server would not accept now (it allows one step either side).
    let t = now();
    let valid = [t - 30, t, t + 30, t + 60].map(|at| totp(&otp_secret, at));
    let wrong = (0..10u32)
        .map(|n| format!("{n:06}"))
        .find(|c| !valid.contains(c))
        .unwrap();
    let outcome = v6
        .authenticate(&user.username, PASSWORD, Some(&wrong))
        .await
        .unwrap();
    assert!(
        matches!(&outcome, AuthOutcome::MfaCodeIncorrect { message } if message.contains("incorrect")),
        "{outcome:?}"
    );
    assert!(v6.whoami().is_none());

    // The right code.
    let code = totp(&otp_secret, now());
    let who = v6
        .authenticate(&user.username, PASSWORD, Some(&code))
        .await
        .unwrap()
        .into_whoami()
        .unwrap();
    assert_eq!((who.kind.as_str(), who.id), ("user", user.id));
    assert_eq!(who.name, user.username);
    assert_eq!(who.organization_id, org);
    assert_eq!(v6.user().own().await.unwrap().id, user.id);
    // The user object says a secret is set (without holding it).
    assert!(root.user().get(user.id).await.unwrap().has_otp_secret);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_logs_in_with_its_api_key() {
    let Some(env) = v6_env() else { return };
    let root = root(&env).await;
    let org = new_org(&root, "node-login").await;
    let collaboration = root
        .collaboration()
        .create(&unique("node-login"), &[org.id], false)
        .await
        .unwrap();
    let node = create_node(&root, collaboration.id, org.id).await;

    let v6 = client(&env.url);
    let who = v6.authenticate_node(node.api_key()).await.unwrap();
    assert_eq!((who.kind.as_str(), who.id), ("node", node.id));
    assert_eq!(Some(&who.name), node.name.as_ref());
    assert_eq!(
        (who.organization_id, who.organization_name.as_str()),
        (org.id, org.name.as_str())
    );
    assert_eq!(v6.whoami(), Some(who));
    // The node session reads what a node may read.
    assert_eq!(v6.node().get(node.id).await.unwrap().id, node.id);
    // A node has no user.
    assert!(v6.user().own().await.unwrap_err().is_invalid_input());

    let err = client(&env.url)
        .authenticate_node("00000000-0000-4000-8000-000000000000")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }), "{err:?}");
    assert_eq!(err.message(), Some("Api key is not recognized!"));
    delete_collaboration(&root, collaboration.id).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_access_token_is_refreshed_once() {
    let Some(env) = v6_env() else { return };
    let (access, refresh) = login_tokens(&env.url, "root", "root").await;
    let expired = expired_copy(&access, &env.jwt_secret);

    // The server itself refuses the expired token.
    let request = Request::get("user/1")
        .without_auth()
        .header("Authorization", &format!("Bearer {expired}"))
        .unwrap();
    let err = client(&env.url).send_raw(request).await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }), "{err:?}");
    assert_eq!(err.message(), Some("Token has expired"));

    // Resumed with the refresh token: one refresh, then every call works.
    let proxy = CountingProxy::start(&env.url).await;
    let v6 = client(&proxy.url);
    let who = v6
        .authenticate_with_tokens(
            SecretString::from(expired.clone()),
            Some(SecretString::from(refresh)),
        )
        .await
        .unwrap();
    assert_eq!(
        (who.kind.as_str(), who.id, who.name.as_str()),
        ("user", 1, "root")
    );
    let orgs = v6.organization().list().send().await.unwrap();
    assert!(!orgs.data.is_empty());
    let version: Value = v6.send_raw(Request::get("user/1")).await.unwrap();
    assert_eq!(version["username"], "root");
    assert_eq!(proxy.count("POST /api/token/refresh HTTP/1.1"), 1);
    assert_eq!(proxy.count("GET /api/user/1 HTTP/1.1"), 2);

    // Without a refresh token an expired session is a typed error, found before anything is
    // sent (the client reads the expiry from the token).
    let v6 = client(&proxy.url);
    let err = v6
        .authenticate_with_tokens(SecretString::from(expired), None)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Core(_)), "{err:?}");
    assert_eq!(err.status(), None);
    assert!(err.to_string().contains("log in again"), "{err}");
    assert_eq!(proxy.count("GET /api/user/1 HTTP/1.1"), 2);
    assert_eq!(proxy.count("POST /api/token/refresh HTTP/1.1"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_resumed_from_valid_tokens_needs_no_login() {
    let Some(env) = v6_env() else { return };
    let root = root(&env).await;
    let org = new_org(&root, "resume").await;
    let viewer = role_id(&root, "Viewer").await;
    let user = new_user(&root, "resume", org.id, &[viewer]).await;
    let (access, refresh) = login_tokens(&env.url, &user.username, PASSWORD).await;

    let proxy = CountingProxy::start(&env.url).await;
    let v6 = client(&proxy.url);
    let who = v6
        .authenticate_with_tokens(
            SecretString::from(access),
            Some(SecretString::from(refresh)),
        )
        .await
        .unwrap();
    assert_eq!((who.id, who.organization_id), (user.id, org.id));
    assert_eq!(v6.user().own().await.unwrap().username, user.username);
    assert_eq!(proxy.count("POST /api/token/"), 0, "no login, no refresh");
}

/// The login of a user whose roles do not let them read their own organisation (here: no role
/// at all): the server accepts it and the Python client logs in (its `whoami` then has no
/// organisation name); so does ours.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_without_roles_logs_in() {
    let Some(env) = v6_env() else { return };
    let root = root(&env).await;
    let org = new_org(&root, "no-roles").await;
    let user = new_user(&root, "no-roles", org.id, &[]).await;
    let v6 = client(&env.url);
    let who = v6
        .authenticate(&user.username, PASSWORD, None)
        .await
        .unwrap()
        .into_whoami()
        .unwrap();
    assert_eq!((who.id, who.organization_id), (user.id, org.id));
    assert_eq!(
        who.organization_name, "",
        "they may not read their organisation"
    );
    assert_eq!(v6.user().own().await.unwrap().username, user.username);
    let err = v6.organization().own().await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }), "{err:?}");
}
