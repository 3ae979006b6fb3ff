//! The `testing` stand-in: logins, pages, filters, creation, updates, deletion, errors.

use serde_json::json;
use vantage6_client::testing::{Collection, Vantage6Mock};
use vantage6_client::{AuthOutcome, Error};

#[tokio::test]
async fn the_mock_serves_logins_pages_and_writes() {
    let mock = Vantage6Mock::start().await;
    mock.mount(
        Collection::Organization,
        (2..=12).map(|id| json!({"id": id, "name": format!("org-{id}"), "country": if id % 2 == 0 { "NL" } else { "BE" }})),
    );
    let v6 = mock.client().await;
    let me = v6.whoami().unwrap();
    assert_eq!(
        (me.id, me.name.as_str(), me.organization_name.as_str()),
        (1, "root", "root")
    );

    let first = v6.organization().list().per_page(5).send().await.unwrap();
    assert_eq!(first.total_count, Some(12));
    assert_eq!(first.data.len(), 5);
    assert!(first.links.next.is_some() && first.links.previous.is_none());
    let all = v6.organization().list().per_page(5).all().await.unwrap();
    assert_eq!(all.len(), 12);
    assert_eq!(
        mock.calls("GET", "/api/organization"),
        4,
        "one page, then three"
    );
    let dutch = v6.organization().list().country("NL").all().await.unwrap();
    assert_eq!(dutch.len(), 6);

    let created = v6
        .organization()
        .create("org-new")
        .country("DE")
        .send()
        .await
        .unwrap();
    assert_eq!(
        v6.organization()
            .get(created.id)
            .await
            .unwrap()
            .country
            .as_deref(),
        Some("DE")
    );
    v6.organization()
        .update(created.id)
        .name("renamed")
        .send()
        .await
        .unwrap();
    assert!(
        mock.objects(Collection::Organization)
            .iter()
            .any(|o| o["name"] == "renamed")
    );
    let missing = v6.organization().get(999).await.unwrap_err();
    assert!(missing.is_not_found(), "{missing}");

    // Other users log in with their own password; a wrong one is refused.
    let alice = mock.add_user("alice", "Passw0rd!", 2);
    let other = mock.anonymous_client();
    let who = other
        .authenticate("alice", "Passw0rd!", None)
        .await
        .unwrap();
    assert!(
        matches!(who, AuthOutcome::Authenticated(w) if w.id == alice && w.organization_id == 2)
    );
    let refused = mock
        .anonymous_client()
        .authenticate("alice", "nope", None)
        .await
        .unwrap_err();
    assert!(matches!(refused, Error::Unauthorized { .. }), "{refused}");
}

#[tokio::test]
async fn a_task_runs_to_completion_on_the_mock() {
    let mock = Vantage6Mock::start().await;
    mock.mount(
        Collection::Collaboration,
        [json!({"id": 1, "name": "c1", "encrypted": false})],
    );
    mock.mount(
        Collection::Organization,
        [json!({"id": 2, "name": "org-a", "public_key": ""})],
    );
    let v6 = mock.client().await;
    let task = v6
        .task()
        .create(1, &[2], "avg", "image")
        .input(json!({"method": "avg"}))
        .send()
        .await
        .unwrap();
    mock.complete_task(task.id, &json!({"average": 42}));
    let results = v6.wait_for_results(task.id).await.unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(
        results[0].json::<serde_json::Value>().unwrap()["average"],
        42
    );
    let runs = v6.run().from_task(task.id).all().await.unwrap();
    assert_eq!(runs[0].input_text(), Some(r#"{"method":"avg"}"#));
}

#[tokio::test]
async fn a_new_login_replaces_the_session_and_created_users_log_in() {
    let mock = Vantage6Mock::start().await;
    mock.mount(
        Collection::Organization,
        [json!({"id": 2, "name": "org-a"})],
    );
    let v6 = mock.client().await;
    let created = v6
        .user()
        .create("bob", "Bob", "B", "Passw0rd!bob", "bob@a.example")
        .organization(2)
        .send()
        .await
        .unwrap();
    assert!(
        mock.objects(Collection::User)
            .iter()
            .all(|u| u.get("password").is_none())
    );
    // Bob logs in on the same client: the session is his now.
    let who = v6.authenticate("bob", "Passw0rd!bob", None).await.unwrap();
    assert_eq!(who.into_whoami().unwrap().id, created.id);
    assert_eq!(v6.user().own().await.unwrap().username, "bob");
    // A failed login leaves no session behind (not Bob's, not root's).
    let err = v6.authenticate("bob", "wrong", None).await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }), "{err}");
    assert_eq!(v6.whoami(), None);
    assert!(matches!(
        v6.organization().get(2).await,
        Err(Error::NotAuthenticated)
    ));

    // Filters the mock does not evaluate do not narrow; result details are served.
    let v6 = mock.client().await;
    assert_eq!(
        v6.role()
            .list()
            .include_root(true)
            .all()
            .await
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        v6.user()
            .list()
            .last_seen_from("2024-01-01")
            .all()
            .await
            .unwrap()
            .len(),
        2
    );
    mock.mount(
        Collection::Collaboration,
        [json!({"id": 1, "name": "c1", "encrypted": false})],
    );
    let task = v6
        .task()
        .create(1, &[2], "t", "img")
        .input(json!({}))
        .send()
        .await
        .unwrap();
    mock.complete_task(task.id, &json!({"ok": true}));
    let run = v6.run().from_task(task.id).all().await.unwrap().remove(0);
    assert_eq!(
        v6.result().get(run.id).await.unwrap().as_deref(),
        Some(r#"{"ok":true}"#)
    );
}

#[tokio::test]
async fn streams_read_ahead_and_fetch_pages_at_once_in_order() {
    let mock = Vantage6Mock::start().await;
    mock.mount(
        Collection::Rule,
        (100..187).map(|id| json!({"id": id, "name": "r", "operation": "VIEW", "scope": "OWN"})),
    );
    let v6 = mock.client().await;
    let ids = |rules: Vec<vantage6_client::models::Rule>| -> Vec<u64> {
        rules.into_iter().map(|r| r.id).collect()
    };
    let expected: Vec<u64> = (100..187).collect();
    let sequential = ids(v6.rule().list().per_page(10).all().await.unwrap());
    assert_eq!(sequential, expected);
    let before = mock.calls("GET", "/api/rule");
    let concurrent = ids(v6
        .rule()
        .list()
        .per_page(10)
        .concurrency(4)
        .all()
        .await
        .unwrap());
    assert_eq!(concurrent, expected, "in order, none lost or repeated");
    assert_eq!(
        mock.calls("GET", "/api/rule") - before,
        9,
        "nine pages, none twice"
    );
    let ahead = ids(v6
        .rule()
        .list()
        .per_page(10)
        .prefetch(2)
        .all()
        .await
        .unwrap());
    assert_eq!(ahead, expected);
}

#[tokio::test]
async fn lists_share_the_limit_page_size_prefetch_and_concurrency_vocabulary() {
    let mock = Vantage6Mock::start().await;
    let orgs = (2..=31).map(|id| json!({"id": id, "name": format!("org-{id}")}));
    mock.mount(Collection::Organization, orgs);
    let v6 = mock.client().await;
    let list = v6.organization().list().page_size(7);
    let before = mock.requests().len();
    let first_ten = list
        .clone()
        .limit(10)
        .concurrency(3)
        .prefetch(1)
        .all()
        .await
        .unwrap();
    let ids: Vec<u64> = first_ten.iter().map(|o| o.id).collect();
    assert_eq!(
        ids,
        (1..=10).collect::<Vec<_>>(),
        "exactly the limit, in order"
    );
    let pages: Vec<String> = mock.requests()[before..]
        .iter()
        .filter(|r| r.path == "/api/organization")
        .map(|r| {
            format!(
                "{}x{}",
                r.query_values("page")[0],
                r.query_values("per_page")[0]
            )
        })
        .collect();
    assert_eq!(pages, ["1x7", "2x7"], "no page beyond the limit");
    let all = list.clone().concurrency(4).all().await.unwrap();
    assert_eq!(all.len(), 31);
    let first = list.clone().first().await.unwrap().unwrap();
    assert_eq!(first.id, 1);
    let last = mock.requests().pop().unwrap();
    assert_eq!(
        last.query_values("per_page"),
        ["1"],
        "one item is asked for"
    );
    let none = v6
        .organization()
        .list()
        .name("no such org")
        .first()
        .await
        .unwrap();
    assert!(none.is_none());
    let before = mock.requests().len();
    let err = list.page_size(0).all().await.unwrap_err();
    assert!(err.is_invalid_input(), "{err}");
    assert_eq!(mock.requests().len(), before, "nothing sent");
}
