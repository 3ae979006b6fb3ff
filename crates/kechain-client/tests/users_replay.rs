//! Users driven through recorded KE-chain traffic.

mod common;

use kechain_client::models::LanguageCode;
use kechain_client::{Error, KechainClient};
use platform_client_core::testing::fast_retry;

#[tokio::test]
async fn retrieve_users() {
    let Some((replay, kc)) = common::replay("TestUsers.test_retrieve_users").await else {
        return;
    };
    let users = kc.users().list().all().await.unwrap();
    assert_eq!(users.len(), 19);
    let me = users.iter().find(|u| u.pk == 98).unwrap();
    assert_eq!(me.username.as_deref(), Some("pykechain_user"));
    assert_eq!(me.language_code, Some(LanguageCode::English));
    assert_eq!(
        users.iter().filter(|u| u.language_code.is_none()).count(),
        6
    );
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn one_user_unknown_multiple_and_by_id() {
    let Some((replay, kc)) = common::replay("TestUsers.test_retrieve_single_unknown_user").await
    else {
        return;
    };
    let err = kc
        .users()
        .list()
        .username("123lladadwd")
        .one()
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());

    let Some((replay, kc)) =
        common::replay("TestUsers.test_retrieve_single_multiple_user_raises_error").await
    else {
        return;
    };
    let err = kc.users().list().one().await.unwrap_err();
    assert!(
        matches!(err, Error::MultipleFound { count: 19, .. }),
        "{err:?}"
    );
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());

    let Some((replay, kc)) =
        common::replay("TestUsers.test_retrieve_single_user_with_known_id").await
    else {
        return;
    };
    let superuser = kc.users().get(1).await.unwrap();
    assert_eq!(superuser.username.as_deref(), Some("superuser"));
    assert_eq!(superuser.is_superuser, Some(true));
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn current_user_then_forbidden_without_credentials() {
    let Some((replay, kc)) = common::replay("TestClientLive.test_get_current_user").await else {
        return;
    };
    let me = kc.users().current().await.unwrap();
    assert_eq!(me.pk, 98);
    assert_eq!(me.global_groups, vec!["GG:Configurators"]);
    let anonymous = KechainClient::builder(replay.server.base_url())
        .no_proxy()
        .retry(fast_retry())
        .build()
        .unwrap();
    let err = anonymous.users().current().await.unwrap_err();
    assert!(
        matches!(&err, Error::Forbidden { detail, .. } if detail.contains("credentials were not provided")),
        "{err:?}"
    );
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}
