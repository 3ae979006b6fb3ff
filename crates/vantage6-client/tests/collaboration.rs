//! Collaborations: exact requests (snapshots), decoding of recorded answers, errors, bad input.

mod common;

use platform_client_core::testing::{MockResponse, Routes};
use serde_json::{Value, json};
use vantage6_client::models::{Collaboration, Message, Organization};

fn collab(id: u64, name: &str, encrypted: bool) -> Value {
    json!({"id": id, "name": name, "encrypted": encrypted,
           "organizations": format!("/api/organization?collaboration_id={id}"),
           "nodes": format!("/api/node?collaboration_id={id}"),
           "tasks": format!("/api/task?collaboration_id={id}"),
           "algorithm_stores": format!("/api/algorithmstore?collaboration_id={id}"),
           "studies": format!("/api/study?collaboration_id={id}")})
}

fn members() -> Value {
    json!([{"id": 2, "name": "org-a", "country": "NL", "public_key": ""},
           {"id": 3, "name": "org-b", "country": "BE", "public_key": ""}])
}

fn routes() -> Routes {
    let page = json!({"data": [collab(1, "collab-1", false), collab(2, "collab-enc", true)],
                      "links": {"first": "/api/collaboration?page=1", "self": "/api/collaboration?page=1",
                                "last": "/api/collaboration?page=1"}});
    Routes::new()
        .on(
            "GET",
            "/api/collaboration",
            MockResponse::json(200, &page).header("total-count", "2"),
        )
        .on(
            "GET",
            "/api/collaboration/2",
            MockResponse::json(200, &collab(2, "collab-enc", true)),
        )
        .on(
            "POST",
            "/api/collaboration",
            MockResponse::json(200, &collab(1, "collab-1", false)),
        )
        .on(
            "PATCH",
            "/api/collaboration/1",
            MockResponse::json(200, &collab(1, "collab-1b", true)),
        )
        .on(
            "DELETE",
            "/api/collaboration/1",
            MockResponse::json(
                200,
                &json!({"msg": "Collaboration id=1 successfully deleted"}),
            ),
        )
        .on(
            "POST",
            "/api/collaboration/1/organization",
            MockResponse::json(200, &members()),
        )
        .on(
            "DELETE",
            "/api/collaboration/1/organization",
            MockResponse::json(200, &members()),
        )
}

#[tokio::test]
async fn every_call_sends_the_documented_request() {
    let (server, v6) = common::logged_in(routes()).await;
    let collabs = v6.collaboration();
    let page = collabs
        .list()
        .own_organization()
        .name("collab-%")
        .encrypted(true)
        .send()
        .await
        .unwrap();
    assert_eq!(page.total_count, Some(2));
    assert!(page.data[1].encrypted && page.data[1].is_encrypted());
    let all = collabs
        .list()
        .organization(3)
        .encrypted(false)
        .algorithm_store(1)
        .per_page(5)
        .all()
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
    assert!(collabs.get(2).await.unwrap().encrypted);
    let created = collabs.create("collab-1", &[2, 3], false).await.unwrap();
    assert_eq!((created.id, created.encrypted), (1, false));
    let updated = collabs.update(1).name("collab-1b").send().await.unwrap();
    assert_eq!(updated.name, "collab-1b");
    collabs
        .update(1)
        .encrypted(true)
        .organizations([2, 3, 4])
        .send()
        .await
        .unwrap();
    let gone = collabs.delete(1, false).await.unwrap();
    assert_eq!(gone.msg, "Collaboration id=1 successfully deleted");
    collabs.delete(1, true).await.unwrap();
    let orgs = collabs.add_organization(1, 4).await.unwrap();
    assert_eq!(orgs[1].name, "org-b");
    let orgs = collabs.remove_organization(1, 4).await.unwrap();
    assert_eq!(orgs.len(), 2);
    insta::assert_json_snapshot!("collaboration_requests", server.requests());
}

#[tokio::test]
async fn recorded_answers_decode() {
    let Some(created) = common::sample("collab_create") else {
        return;
    };
    let plain: Collaboration = serde_json::from_value(created["response"].clone()).unwrap();
    assert_eq!(
        (plain.id, plain.name.as_str(), plain.encrypted),
        (1, "collab-1", false)
    );
    assert_eq!(
        plain.studies.as_deref(),
        Some("/api/study?collaboration_id=1")
    );
    for name in ["collab_create_enc", "alice_collab_get_other"] {
        let sample = common::sample(name).unwrap();
        let enc: Collaboration = serde_json::from_value(sample["response"].clone()).unwrap();
        assert!(enc.encrypted, "{name}");
    }
    let update = common::sample("collab_update").unwrap();
    assert_eq!(update["request"]["body"], json!({"name": "collab-1b"}));
    let updated: Collaboration = serde_json::from_value(update["response"].clone()).unwrap();
    assert_eq!(updated.name, "collab-1b");
    for name in ["collab_add_org", "collab_remove_org"] {
        let sample = common::sample(name).unwrap();
        let orgs: Vec<Organization> = serde_json::from_value(sample["response"].clone()).unwrap();
        assert!(orgs.iter().any(|o| o.name == "org-a" && o.has_public_key()));
    }
    let deleted = common::sample("collab_delete_deps").unwrap();
    let msg: Message = serde_json::from_value(deleted["response"].clone()).unwrap();
    assert!(msg.msg.contains("successfully deleted"));
    // A 4.2 server's collaboration: no study or store links.
    let old: Collaboration =
        serde_json::from_value(common::sample("v4.2.3/collaboration_1").unwrap()).unwrap();
    assert_eq!((old.name.as_str(), old.studies), ("c1", None));
    // The page the Python client got for `collaboration.list()` (own organisation).
    let outputs = common::sample("pyclient_outputs").unwrap();
    let page = MockResponse::json(200, &outputs["collaboration.list"]);
    let (_server, v6) =
        common::logged_in(Routes::new().on("GET", "/api/collaboration", page)).await;
    let page = v6.collaboration().list().send().await.unwrap();
    assert_eq!(page.data.len(), 2);
    assert!(page.links.first.is_some());
}

#[tokio::test]
async fn errors_are_typed() {
    let Some(with_deps) = common::recorded("collab_delete_with_deps") else {
        return;
    };
    let routes = Routes::new()
        .on("DELETE", "/api/collaboration/1", with_deps)
        .on(
            "POST",
            "/api/collaboration",
            common::recorded("err_400_collab").unwrap(),
        )
        .on(
            "GET",
            "/api/collaboration/9",
            MockResponse::json(404, &json!({"msg": "Collaboration with id=9 not found"})),
        );
    let (_server, v6) = common::logged_in(routes).await;
    let err = v6.collaboration().delete(1, false).await.unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert!(
        err.message()
            .unwrap()
            .contains("set delete_dependents=True")
    );
    let err = v6
        .collaboration()
        .create("x", &[2], false)
        .await
        .unwrap_err();
    let vantage6_client::Error::Api { errors, .. } = &err else {
        panic!("{err:?}");
    };
    assert!(errors.as_ref().unwrap().get("encrypted").is_some());
    assert!(
        err.message()
            .unwrap()
            .contains("organization_ids: Missing data for required field.")
    );
    assert!(v6.collaboration().get(9).await.unwrap_err().is_not_found());
}

#[tokio::test]
async fn bad_input_sends_nothing() {
    let (server, v6) = common::logged_in(routes()).await;
    let c = v6.collaboration();
    common::refused(c.get(0)).await;
    common::refused(c.create(" ", &[2], false)).await;
    common::refused(c.create("c", &[], false)).await;
    common::refused(c.create("c", &[2, 0], false)).await;
    common::refused(c.create("c", &[2, 3, 2], true)).await;
    common::refused(c.update(0).name("x").send()).await;
    common::refused(c.update(1).send()).await;
    common::refused(c.update(1).name("").send()).await;
    common::refused(c.update(1).organizations([]).send()).await;
    common::refused(c.delete(0, true)).await;
    common::refused(c.add_organization(0, 2)).await;
    common::refused(c.remove_organization(1, 0)).await;
    common::refused(c.list().name(" ").send()).await;
    common::refused(c.list().organization(0).all()).await;
    // Without a login the own organisation is unknown: reported, not sent.
    let anonymous = common::client(&server);
    let err = anonymous
        .collaboration()
        .list()
        .own_organization()
        .send()
        .await
        .unwrap_err();
    assert!(err.is_invalid_input(), "{err}");
    assert!(err.to_string().contains("authenticate"), "{err}");
    assert_eq!(server.request_count(), 0, "nothing was sent");
}
