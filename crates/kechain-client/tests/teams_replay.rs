//! Teams driven through recorded KE-chain traffic.

mod common;

use kechain_client::models::TeamRole;
use kechain_client::{Error, KechainClient};

async fn create_test_team(kc: &KechainClient) -> kechain_client::models::Team {
    kc.teams()
        .create("_test team", "testuser")
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn create_a_team_owned_by_another_user() {
    let Some((replay, kc)) = common::replay("TestTeams.test_create_team").await else {
        return;
    };
    let team = create_test_team(&kc).await;
    assert_eq!(team.id, "ff28b78f-3727-42c3-a248-82494ca01b9d");
    let owners: Vec<_> = team.members_with_role(&TeamRole::Owner).collect();
    assert_eq!(owners.len(), 1);
    assert_eq!(owners[0].username.as_deref(), Some("testuser"));
    assert_eq!(team.members.len(), 1, "the creating user was removed");
    kc.teams().delete(&team.id).await.unwrap();
    // pykechain also looks up the creating user by name; its pk is already in the team.
    assert_eq!(replay.used(), 6);
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn create_a_team_with_inputs() {
    let Some((replay, kc)) = common::replay("TestTeams.test_create_team_with_inputs").await else {
        return;
    };
    // The test suite looks the owner up once and passes the `User` to both creations.
    let owner = kc.users().list().username("testuser").one().await.unwrap();
    let plain = kc
        .teams()
        .create("_test team", &owner)
        .send()
        .await
        .unwrap();
    let mut options = serde_json::Map::new();
    options.insert(
        "landingPage".into(),
        "#/scopes/bd5dceaa-a35e-47b0-9fc5-875410f4a56f".into(),
    );
    let rich = kc
        .teams()
        .create("_test team", &owner)
        .description("This is the description")
        .options(options)
        .hidden(true)
        .send()
        .await
        .unwrap();
    assert_eq!(rich.description.as_deref(), Some("This is the description"));
    assert_eq!(rich.is_hidden, Some(true));
    assert_eq!(
        rich.options["landingPage"],
        "#/scopes/bd5dceaa-a35e-47b0-9fc5-875410f4a56f"
    );
    kc.teams().delete(&rich.id).await.unwrap();
    kc.teams().delete(&plain.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn retrieve_teams() {
    let Some((replay, kc)) = common::replay("TestTeams.test_retrieve_teams").await else {
        return;
    };
    let team = create_test_team(&kc).await;
    let teams = kc.teams().list().all().await.unwrap();
    assert!(teams.iter().any(|t| t.name == "Second Team"));
    assert!(teams.iter().all(|t| t.is_hidden == Some(false)));
    kc.teams().delete(&team.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn one_team_unknown_multiple_and_by_name() {
    let Some((replay, kc)) = common::replay("TestTeams.test_retrieve_single_unknown_team").await
    else {
        return;
    };
    let err = kc
        .teams()
        .list()
        .name("This is not a existing team name for sure")
        .one()
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());

    let Some((replay, kc)) =
        common::replay("TestTeams.test_retrieve_single_multiple_team_raises_error").await
    else {
        return;
    };
    let err = kc.teams().list().one().await.unwrap_err();
    assert!(
        matches!(err, Error::MultipleFound { count: 4, .. }),
        "{err:?}"
    );
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());

    let Some((replay, kc)) =
        common::replay("TestTeams.test_retrieve_single_team_with_known_teamname").await
    else {
        return;
    };
    let created = create_test_team(&kc).await;
    let found = kc.teams().list().name("_test team").one().await.unwrap();
    assert_eq!(found.id, created.id);
    kc.teams().delete(&created.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}

#[tokio::test]
async fn add_and_remove_a_member() {
    let Some((replay, kc)) = common::replay("TestTeams.test_add_and_remove_member").await else {
        return;
    };
    let team = create_test_team(&kc).await;
    let other = kc
        .users()
        .list()
        .username("anotheruser")
        .one()
        .await
        .unwrap();
    let grown = kc
        .teams()
        .add_members(&team.id, TeamRole::Member, &[other.pk])
        .await
        .unwrap();
    assert_eq!(grown.members_with_role(&TeamRole::Member).count(), 1);
    let shrunk = kc
        .teams()
        .remove_members(&team.id, &[other.pk])
        .await
        .unwrap();
    assert_eq!(shrunk.members.len(), 1);
    kc.teams().delete(&team.id).await.unwrap();
    assert!(replay.unmatched().is_empty(), "{:?}", replay.unmatched());
}
