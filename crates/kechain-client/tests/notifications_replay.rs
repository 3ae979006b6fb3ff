//! Notifications driven through recorded KE-chain traffic.

mod common;

use kechain_client::api::notifications::Recipient;
use kechain_client::models::{NotificationChannel, NotificationEvent, NotificationStatus};

const TEAM: &str = "b91440e2-ec9d-4183-a347-76e8bf1566fb";

#[tokio::test]
async fn create_from_the_current_user_and_delete() {
    let Some((replay, kc)) = common::replay("TestNotificationCreation.test_create").await else {
        return;
    };
    let n = kc
        .notifications()
        .create("_TEST_SUBJECT", "_TEST_MESSAGE")
        .send()
        .await
        .unwrap();
    assert_eq!(n.from_user, Some(98), "the current user sent it");
    assert_eq!(n.status, Some(NotificationStatus::Draft));
    assert_eq!(n.channels, vec![NotificationChannel::Email]);
    assert!(n.recipient_users.is_empty() && n.team.is_none());
    kc.notifications().delete(&n.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn create_with_inputs() {
    let Some((replay, kc)) =
        common::replay("TestNotificationCreation.test_create_with_inputs").await
    else {
        return;
    };
    let user = kc.users().get(1).await.unwrap();
    let teams = kc.teams().list().all().await.unwrap();
    let team = teams.iter().find(|t| t.id == TEAM).unwrap();
    let n = kc
        .notifications()
        .create("_TEST_SUBJECT", "_TEST_MESSAGE")
        .status(NotificationStatus::Ready)
        .event(NotificationEvent::ExportActivityAsync)
        .recipients([Recipient::User(user.pk)])
        .team(&team.id)
        .from_user(user.pk)
        .send()
        .await
        .unwrap();
    assert_eq!(n.event, Some(NotificationEvent::ExportActivityAsync));
    assert_eq!(n.recipient_users, vec![1]);
    let team_of_n = kc.teams().get(n.team.as_deref().unwrap()).await.unwrap();
    assert_eq!(team_of_n.name, "Second Team");
    kc.notifications().delete(&n.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn retrieve_one_notification_and_not_found() {
    let Some((replay, kc)) = common::replay("TestNotifications.test_retrieve_notification").await
    else {
        return;
    };
    let before = kc
        .notifications()
        .list()
        .subject("_TEST_SUBJECT")
        .all()
        .await
        .unwrap();
    assert!(before.is_empty());
    let created = kc
        .notifications()
        .create("_TEST_SUBJECT", "_TEST_MESSAGE")
        .recipients([1u64])
        .team(TEAM)
        .send()
        .await
        .unwrap();
    let found = kc
        .notifications()
        .list()
        .message("_TEST_MESSAGE")
        .subject("_TEST_SUBJECT")
        .one()
        .await
        .unwrap();
    assert_eq!(found.id, created.id);
    kc.notifications().delete(&created.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());

    let Some((replay, kc)) =
        common::replay("TestNotifications.test_retrieve_notification_raise_not_found").await
    else {
        return;
    };
    let err = kc
        .notifications()
        .list()
        .message("Doesn't exist")
        .one()
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn delete_then_the_lookup_fails() {
    let Some((replay, kc)) =
        common::replay("TestNotificationCreation.test_delete_notification_from_client").await
    else {
        return;
    };
    let n = kc
        .notifications()
        .create("_TEST_SUBJECT", "_TEST_MESSAGE")
        .send()
        .await
        .unwrap();
    kc.notifications().delete(&n.id).await.unwrap();
    let err = kc
        .notifications()
        .list()
        .message("_TEST_MESSAGE")
        .subject("_TEST_SUBJECT")
        .one()
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}
