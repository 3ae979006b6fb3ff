//! Rules: exact requests (snapshots), decoding of recorded answers, errors, bad input.

mod common;

use platform_client_core::testing::{MockResponse, Routes};
use serde_json::{Value, json};
use vantage6_client::models::{Page, Rule, RuleOperation, RuleScope};

fn rule(id: u64, operation: &str, scope: &str) -> Value {
    json!({"id": id, "name": "node", "operation": operation, "scope": scope,
           "description": "view any node", "users": format!("/api/user?rule_id={id}")})
}

fn routes() -> Routes {
    let page = json!({"data": [rule(1, "VIEW", "GLOBAL"), rule(2, "VIEW", "COLLABORATION")],
                      "links": {"first": "/api/rule?page=1", "self": "/api/rule?page=1", "last": "/api/rule?page=1"}});
    Routes::new()
        .on(
            "GET",
            "/api/rule",
            MockResponse::json(200, &page).header("total-count", "2"),
        )
        .on(
            "GET",
            "/api/rule/1",
            MockResponse::json(200, &rule(1, "VIEW", "GLOBAL")),
        )
}

#[tokio::test]
async fn every_call_sends_the_documented_request() {
    let (server, v6) = common::logged_in(routes()).await;
    let rules = v6.rule();
    let page = rules
        .list()
        .name("node")
        .operation(RuleOperation::View)
        .scope(RuleScope::Global)
        .role(1)
        .user(2)
        .send()
        .await
        .unwrap();
    assert_eq!(page.total_count, Some(2));
    assert_eq!(page.data[1].scope, RuleScope::Collaboration);
    rules
        .list()
        .role(1)
        .page(2)
        .per_page(3)
        .send()
        .await
        .unwrap();
    // Values this crate does not know are sent as given.
    let all = rules
        .list()
        .operation(RuleOperation::from_wire("e"))
        .scope(RuleScope::Own)
        .all()
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
    let one = rules.get(1).await.unwrap();
    assert_eq!(
        (one.operation, one.scope),
        (RuleOperation::View, RuleScope::Global)
    );
    insta::assert_json_snapshot!("rule_requests", server.requests());
}

#[tokio::test]
async fn recorded_answers_decode() {
    let Some(get) = common::sample("rule_get") else {
        return;
    };
    let one: Rule = serde_json::from_value(get["response"].clone()).unwrap();
    assert_eq!((one.id, one.name.as_str()), (1, "node"));
    assert_eq!(one.description.as_deref(), Some("view any node"));
    let list = common::sample("rule_list").unwrap();
    let page: Page<Rule> = serde_json::from_value(list["response"].clone()).unwrap();
    assert_eq!(page.data[3].operation, RuleOperation::Edit);
    assert_eq!(page.data[2].scope, RuleScope::Organization);
    let (_server, v6) = common::logged_in(Routes::new().on(
        "GET",
        "/api/rule",
        common::recorded("rule_list_role").unwrap(),
    ))
    .await;
    let page = v6
        .rule()
        .list()
        .role(1)
        .page(2)
        .per_page(3)
        .send()
        .await
        .unwrap();
    assert_eq!(page.data[0].id, 4);
    assert!(page.links.previous.is_some() && page.links.next.is_some());
    // A 4.2 server's page.
    let old: Page<Rule> =
        serde_json::from_value(common::sample("v4.2.3/rule_per_page_2").unwrap()).unwrap();
    assert_eq!(old.data[1].scope, RuleScope::Collaboration);
    // Every value the server returns is known; others decode as `Unknown`.
    for op in RuleOperation::ALL {
        assert_eq!(&RuleOperation::from_wire(op.as_str()), op);
    }
    let odd: Rule = serde_json::from_value(rule(9, "APPROVE", "STUDY")).unwrap();
    assert_eq!(odd.operation, RuleOperation::Unknown("APPROVE".into()));
    assert_eq!(odd.scope.to_string(), "STUDY");
}

#[tokio::test]
async fn errors_are_typed() {
    let routes = Routes::new()
        .on(
            "GET",
            "/api/rule/999",
            MockResponse::json(404, &json!({"msg": "Rule id=999 not found!"})),
        )
        .on(
            "GET",
            "/api/rule",
            MockResponse::json(400, &json!({"msg": "Role with id=99 does not exist!"})),
        );
    let (_server, v6) = common::logged_in(routes).await;
    let err = v6.rule().get(999).await.unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(err.message(), Some("Rule id=999 not found!"));
    let err = v6.rule().list().role(99).send().await.unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert_eq!(err.message(), Some("Role with id=99 does not exist!"));
}

#[tokio::test]
async fn bad_input_sends_nothing() {
    let (server, v6) = common::logged_in(routes()).await;
    let r = v6.rule();
    common::refused(r.get(0)).await;
    common::refused(r.list().name(" ").send()).await;
    common::refused(r.list().role(0).send()).await;
    common::refused(r.list().user(0).all()).await;
    common::refused(
        r.list()
            .operation(RuleOperation::Unknown(String::new()))
            .send(),
    )
    .await;
    common::refused(r.list().scope(RuleScope::from_wire("")).send()).await;
    assert_eq!(server.request_count(), 0, "nothing was sent");
}
