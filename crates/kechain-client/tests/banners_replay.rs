//! Banners driven through recorded KE-chain traffic.

mod common;

use kechain_client::models::Banner;
use kechain_client::{Error, KechainClient};

/// The test suite's banner: active, from 2020-01-01 00:01 UTC, with a "more info" link.
async fn create_test_banner(kc: &KechainClient) -> Banner {
    kc.banners()
        .create(
            "__This is a test banner__",
            "poo-storm",
            "2020-01-01T00:01:00+00:00",
        )
        .active(true)
        .url("https://www.ke-chain.nl/")
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn create_and_delete() {
    let Some((replay, kc)) = common::replay("TestBanners.test_create").await else {
        return;
    };
    let banner = create_test_banner(&kc).await;
    assert_eq!(banner.id, "741dc6a4-3131-4768-a2e0-1795665bb416");
    assert_eq!(banner.active_from.as_deref(), Some("2020-01-01T00:01:00Z"));
    assert_eq!(banner.is_active, Some(true));
    kc.banners().delete(&banner.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn list_banners() {
    let Some((replay, kc)) = common::replay("TestBanners.test_get_banners").await else {
        return;
    };
    let banner = create_test_banner(&kc).await;
    let all = kc.banners().list().all().await.unwrap();
    assert!(all.iter().any(|b| b.id == banner.id));
    assert!(
        all.iter()
            .any(|b| b.icon.as_deref() == Some("chalkboard-teacher"))
    );
    kc.banners().delete(&banner.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn one_banner_by_text_and_too_many() {
    let Some((replay, kc)) = common::replay("TestBanners.test_get_banner").await else {
        return;
    };
    let banner = create_test_banner(&kc).await;
    let found = kc
        .banners()
        .list()
        .text("__This is a test banner__")
        .one()
        .await
        .unwrap();
    assert_eq!(found.id, banner.id);
    let err = kc.banners().list().one().await.unwrap_err();
    assert!(
        matches!(err, Error::MultipleFound { count: 4, .. }),
        "{err:?}"
    );
    kc.banners().delete(&banner.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn a_deleted_banner_is_gone() {
    let Some((replay, kc)) = common::replay("TestBanners.test_delete").await else {
        return;
    };
    let banner = create_test_banner(&kc).await;
    kc.banners().delete(&banner.id).await.unwrap();
    let err = kc.banners().delete(&banner.id).await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    let err = kc.banners().get(&banner.id).await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(
        kc.banners()
            .delete(&banner.id)
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}
