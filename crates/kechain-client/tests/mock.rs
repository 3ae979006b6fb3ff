//! The `testing` mocker behaves like KE-chain for users' tests.

use futures_util::TryStreamExt;
use kechain_client::testing::{Collection, KechainMock};
use serde_json::json;

fn scopes(n: usize) -> Vec<serde_json::Value> {
    (0..n)
        .map(|i| json!({"id": format!("{i:08}-45cb-48c4-8457-63f50826a48f"), "name": format!("Project {i}"), "status": if i % 2 == 0 { "ACTIVE" } else { "CLOSED" }}))
        .collect()
}

#[tokio::test]
async fn the_mock_pages_filters_creates_and_deletes() {
    let mock = KechainMock::start().await;
    mock.mount(Collection::Scopes, scopes(250));
    let kc = mock.client();
    let active: Vec<_> = kc.scopes().list().stream().try_collect().await.unwrap();
    assert_eq!(active.len(), 125);
    assert_eq!(
        mock.calls("GET", "/api/v3/scopes.json"),
        2,
        "two pages of 100"
    );
    let one = kc.scopes().list().name("Project 4").one().await.unwrap();
    assert_eq!(one.id, "00000004-45cb-48c4-8457-63f50826a48f");
    assert!(
        kc.scopes()
            .list()
            .name("Project 3")
            .one()
            .await
            .unwrap_err()
            .is_not_found(),
        "closed"
    );

    let created = kc.scopes().create("New").tags(["x"]).send().await.unwrap();
    assert_eq!(created.tags, vec!["x"]);
    assert_eq!(kc.reload(&created).await.unwrap().name, "New");
    kc.scopes().delete(&created.id, false).await.unwrap();
    assert!(kc.reload(&created).await.unwrap_err().is_not_found());
    assert_eq!(mock.objects(Collection::Scopes).len(), 250);
}

#[tokio::test]
async fn the_project_named_by_the_environment() {
    use kechain_client::Env;
    let mock = KechainMock::start().await;
    mock.mount(Collection::Scopes, scopes(6));
    let kc = mock.client();
    let by_name = Env::with_values([("KECHAIN_SCOPE", "Project 2")]);
    assert_eq!(
        kc.project_from_env(&by_name).await.unwrap().name,
        "Project 2"
    );
    let by_id = Env::with_values([
        ("KECHAIN_SCOPE_ID", "00000003-45cb-48c4-8457-63f50826a48f"),
        ("KECHAIN_SCOPE_STATUS", "CLOSED"),
    ]);
    assert_eq!(kc.project_from_env(&by_id).await.unwrap().name, "Project 3");
    let before = mock.requests().len();
    let none = Env::with_values([("OTHER", "x")]);
    assert!(
        kc.project_from_env(&none)
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    let bad = Env::with_values([("KECHAIN_SCOPE_ID", "not-a-uuid")]);
    assert!(
        kc.project_from_env(&bad)
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert_eq!(
        mock.requests().len(),
        before,
        "nothing sent for bad settings"
    );
}
