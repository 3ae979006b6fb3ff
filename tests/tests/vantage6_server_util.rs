//! The utilities against the real vantage6 server 4.15.2: health and version, passwords
//! changed and reset by e-mail, two-factor authentication reset by e-mail, key pairs generated
//! and uploaded.

use std::time::Duration;

use contract_tests::vantage6_server::{
    PASSWORD, client, fixture, login, mfa_root, new_org, new_user, now, role_id, root, totp,
    unique, v6_env, wait_for_mail,
};
use platform_client_core::testing::fast_retry;
use vantage6_client::api::encryption::SetupOutcome;
use vantage6_client::api::util::Account;
use vantage6_client::{AuthOutcome, Cryptor, Error, Vantage6Client};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_and_version_need_no_login() {
    let Some(env) = v6_env() else { return };
    let v6 = client(&env.url);
    let health = v6.util().server_health().await.unwrap();
    assert!(health.database);
    assert_eq!(v6.util().server_version().await.unwrap(), "4.15.2");
    assert_eq!(
        v6.util()
            .server_version_with(3, Duration::from_millis(50))
            .await
            .unwrap(),
        "4.15.2"
    );
    assert!(
        v6.util()
            .server_version_with(0, Duration::from_millis(50))
            .await
            .unwrap_err()
            .is_invalid_input()
    );

    // A server that is not there: every attempt is made, then the transport error is given.
    let dead = Vantage6Client::builder("http://127.0.0.1:9")
        .no_proxy()
        .retry(fast_retry())
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let err = dead
        .util()
        .server_version_with(3, Duration::from_millis(100))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Core(_)), "{err:?}");
    assert_eq!(err.status(), None);
    assert!(
        started.elapsed() >= Duration::from_millis(200),
        "two pauses"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_changes_their_password() {
    let Some(env) = v6_env() else { return };
    let root = root(&env).await;
    let org = new_org(&root, "chpw").await;
    let viewer = role_id(&root, "Viewer").await;
    let user = new_user(&root, "chpw", org.id, &[viewer]).await;
    let v6 = login(&env.url, &user.username, PASSWORD).await;

    // A wrong current password, and a new one against the policy.
    let err = v6
        .util()
        .change_my_password("Wr0ng!password", "An0ther!password")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }), "{err:?}");
    let err = v6
        .util()
        .change_my_password(PASSWORD, "short")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "{err:?}");
    assert!(err.message().unwrap().contains("Password"), "{err:?}");
    // The same password: refused before sending.
    assert!(
        v6.util()
            .change_my_password(PASSWORD, PASSWORD)
            .await
            .unwrap_err()
            .is_invalid_input()
    );

    let new_password = "N3w!password-changed";
    let answer = v6
        .util()
        .change_my_password(PASSWORD, new_password)
        .await
        .unwrap();
    assert!(
        answer.msg.contains("changed successfully"),
        "{}",
        answer.msg
    );
    login(&env.url, &user.username, new_password).await;
    let err = client(&env.url)
        .authenticate(&user.username, PASSWORD, None)
        .await
        .unwrap_err();
    assert_eq!(
        err.status(),
        Some(401),
        "the old password is refused: {err:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_password_is_reset_with_the_mailed_token() {
    let Some(env) = v6_env() else { return };
    let root = root(&env).await;
    let org = new_org(&root, "lostpw").await;
    let viewer = role_id(&root, "Viewer").await;
    // A fresh user: a second reset for the same user crashes in the 4.15.2 server (no mail).
    let user = new_user(&root, "lostpw", org.id, &[viewer]).await;
    let email = user.email.clone().unwrap();
    let anonymous = client(&env.url);

    let answer = anonymous
        .util()
        .reset_my_password(&Account::email(&email))
        .await
        .unwrap();
    assert!(answer.msg.contains("receive an email"), "{}", answer.msg);
    let token = wait_for_mail(&env, &email, None).await;

    // A token that is not one.
    let err = anonymous
        .util()
        .set_my_password("not-a-token", "N3w!password-reset")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "{err:?}");

    let new_password = "N3w!password-reset";
    let answer = anonymous
        .util()
        .set_my_password(&token, new_password)
        .await
        .unwrap();
    assert!(
        answer.msg.contains("successfully been reset"),
        "{}",
        answer.msg
    );
    let v6 = login(&env.url, &user.username, new_password).await;
    assert_eq!(v6.whoami().unwrap().id, user.id);
    let err = client(&env.url)
        .authenticate(&user.username, PASSWORD, None)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(401), "{err:?}");

    // Unknown accounts get the same answer (nothing is revealed).
    let answer = anonymous
        .util()
        .reset_my_password(&Account::username(unique("nobody")))
        .await
        .unwrap();
    assert!(answer.msg.contains("receive an email"), "{}", answer.msg);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lost_two_factor_authentication_is_reset_with_the_mailed_token() {
    let Some(env) = v6_env() else { return };
    let root = mfa_root(&env).await;
    let org = root.whoami().unwrap().organization_id;
    let viewer = role_id(&root, "Viewer").await;
    let user = new_user(&root, "lost2fa", org, &[viewer]).await;
    let email = user.email.clone().unwrap();
    let anonymous = client(&env.mfa_url);
    let AuthOutcome::MfaSetupRequired { otp_secret, .. } = anonymous
        .authenticate(&user.username, PASSWORD, None)
        .await
        .unwrap()
    else {
        panic!("first login sets up two-factor authentication")
    };

    // A wrong password is refused and sends no mail.
    let err = anonymous
        .util()
        .reset_two_factor_auth("Wr0ng!password", &Account::username(&user.username))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }), "{err:?}");

    let answer = anonymous
        .util()
        .reset_two_factor_auth(PASSWORD, &Account::username(&user.username))
        .await
        .unwrap();
    assert!(answer.msg.contains("email"), "{}", answer.msg);
    let token = wait_for_mail(&env, &email, None).await;
    let setup = anonymous.util().set_two_factor_auth(&token).await.unwrap();
    assert_ne!(setup.otp_secret(), otp_secret, "a new secret");
    assert!(
        setup
            .qr_uri()
            .contains(&format!("secret={}", setup.otp_secret())),
        "{}",
        setup.qr_uri()
    );
    assert!(!format!("{setup:?}").contains(setup.otp_secret()));

    // A code of the new secret logs in.
    let v6 = client(&env.mfa_url);
    let code = totp(setup.otp_secret(), now());
    let who = v6
        .authenticate(&user.username, PASSWORD, Some(&code))
        .await
        .unwrap()
        .into_whoami()
        .unwrap();
    assert_eq!(who.id, user.id);

    // A token that is not one.
    let err = anonymous
        .util()
        .set_two_factor_auth("not-a-token")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "{err:?}");
}

/// A fresh organisation and a user of it who may set its public key (Organization Admin).
async fn org_admin(env: &contract_tests::vantage6_server::V6Env, prefix: &str) -> Vantage6Client {
    let root = root(env).await;
    let org = new_org(&root, prefix).await;
    let admin = role_id(&root, "Organization Admin").await;
    let user = new_user(&root, prefix, org.id, &[admin]).await;
    login(&env.url, &user.username, PASSWORD).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_generated_key_is_written_and_its_public_half_uploaded() {
    let Some(env) = v6_env() else { return };
    let v6 = org_admin(&env, "genkey").await;
    let dir = std::env::temp_dir().join(unique("v6-genkey"));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("private_key.pem");

    let generated = v6
        .util()
        .generate_private_key()
        .file(&path)
        .send()
        .await
        .unwrap();
    assert_eq!(generated.path, path);
    assert_eq!(generated.setup, SetupOutcome::Uploaded);
    let pem = std::fs::read_to_string(&path).unwrap();
    assert!(pem.starts_with("-----BEGIN RSA PRIVATE KEY-----"), "PKCS#1");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let written = Cryptor::from_pem(&pem).unwrap();
    let org = v6.organization().own().await.unwrap();
    assert_eq!(
        org.public_key.as_deref(),
        Some(&*written.public_key_base64())
    );
    assert_eq!(
        v6.cryptor().unwrap().public_key_pem(),
        written.public_key_pem()
    );
    assert_eq!(
        v6.setup_encryption().await.unwrap(),
        SetupOutcome::Unchanged
    );

    // An existing file is kept unless overwriting is asked for (checked before generating).
    let err = v6
        .util()
        .generate_private_key()
        .file(&path)
        .send()
        .await
        .unwrap_err();
    assert!(err.is_invalid_input(), "{err:?}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), pem);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn setup_encryption_uploads_once_and_replaces_another_key() {
    let Some(env) = v6_env() else { return };
    // Nothing to upload before a login, or without a key.
    let anonymous = client(&env.url);
    assert!(matches!(
        anonymous.setup_encryption().await.unwrap_err(),
        Error::NotAuthenticated
    ));
    let v6 = org_admin(&env, "setupenc").await;
    assert!(!v6.organization().own().await.unwrap().has_public_key());
    assert!(matches!(
        v6.setup_encryption().await.unwrap_err(),
        Error::Crypto(_)
    ));

    let key_a = Cryptor::from_pem_file(fixture("org_a_private.pem")).unwrap();
    v6.set_cryptor(Cryptor::from_pem_file(fixture("org_a_private.pem")).unwrap());
    assert_eq!(v6.setup_encryption().await.unwrap(), SetupOutcome::Uploaded);
    assert_eq!(
        v6.organization().own().await.unwrap().public_key.as_deref(),
        Some(&*key_a.public_key_base64())
    );
    assert_eq!(
        v6.setup_encryption().await.unwrap(),
        SetupOutcome::Unchanged
    );

    // Another key (PKCS#8 this time) replaces it.
    let outcome = v6
        .setup_encryption_from_file(fixture("org_b_private_pkcs8.pem"))
        .await
        .unwrap();
    assert_eq!(outcome, SetupOutcome::Replaced);
    let key_b = Cryptor::from_pem_file(fixture("org_b_private_pkcs8.pem")).unwrap();
    assert_eq!(
        v6.organization().own().await.unwrap().public_key.as_deref(),
        Some(&*key_b.public_key_base64())
    );
    assert_eq!(
        v6.setup_encryption().await.unwrap(),
        SetupOutcome::Unchanged
    );
}
