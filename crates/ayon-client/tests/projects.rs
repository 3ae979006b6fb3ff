//! Projects: listing, REST and GraphQL getters, create/update/delete, anatomy presets, roots,
//! product types, bad input.

mod common;

use ayon_client::Error;
use common::PROJECT;

#[tokio::test]
async fn every_project_call_sends_the_documented_request() {
    let mock = common::mock().await;
    let ayon = mock.client();
    let projects = ayon.projects();
    assert_eq!(projects.names(Some(true), None).await.unwrap(), [PROJECT]);
    let listing = projects.listing(None, Some(false)).await.unwrap();
    assert_eq!(listing.count, 1);
    let demo = projects.get(PROJECT).await.unwrap();
    assert_eq!(demo.code.as_deref(), Some("dem"));
    assert_eq!(demo.own_attributes()["fps"], 25.0);
    assert!(demo.own_attributes()["frameStart"].is_null());
    let statuses = demo.statuses.unwrap();
    assert_eq!(
        statuses[0]["scope"].as_array().unwrap().len(),
        6,
        "statuses without a scope get every entity type"
    );
    assert_eq!(statuses[1]["scope"], serde_json::json!(["task"]));
    assert!(projects.get_rest("missing").await.unwrap().is_none());
    assert!(projects.get("missing").await.unwrap_err().is_not_found());
    assert_eq!(
        projects.get_rest_all(Some(true), None).await.unwrap().len(),
        1
    );
    let over_graphql = projects.list().all().await.unwrap();
    assert_eq!(over_graphql[0].name, PROJECT);
    let some = projects
        .get_fields(PROJECT, ["name", "code", "attrib"])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(some.attrib["fps"], 25.0);
    assert_eq!(projects.anatomy_presets().await.unwrap()[0].name, "studio");
    assert_eq!(
        projects.default_anatomy_preset_name().await.unwrap(),
        "studio"
    );
    let anatomy = projects.anatomy_preset(None).await.unwrap();
    assert_eq!(anatomy.roots[0]["name"], "work");
    projects.anatomy_preset(Some("studio")).await.unwrap();
    projects.builtin_anatomy_preset().await.unwrap();
    let created = projects
        .create("other", "oth")
        .library(true)
        .send()
        .await
        .unwrap();
    assert_eq!(created.library, Some(true));
    let again = projects.create("other", "oth").send().await.unwrap_err();
    assert!(
        matches!(again, Error::AlreadyExists(_)),
        "an existing project is refused before the POST: {again}"
    );
    projects
        .update("other")
        .attrib("fps", 24.0)
        .active(false)
        .code("ot")
        .library(false)
        .send()
        .await
        .unwrap();
    assert_eq!(projects.get("other").await.unwrap().attrib["fps"], 24.0);
    projects.delete("other").await.unwrap();
    assert!(projects.delete("other").await.unwrap_err().is_not_found());
    let overrides = projects.root_overrides(PROJECT).await.unwrap();
    assert_eq!(overrides["test-site"]["work"], "/mnt/site/work");
    assert_eq!(
        projects
            .root_overrides_for_site(PROJECT, Some("test-site"))
            .await
            .unwrap()["work"],
        "/mnt/site/work"
    );
    assert!(
        projects
            .root_overrides_for_site(PROJECT, None)
            .await
            .unwrap()
            .is_empty(),
        "no site: nothing asked"
    );
    assert_eq!(
        projects
            .roots_for_site(PROJECT, Some("test-site"))
            .await
            .unwrap()["work"],
        "/mnt/share/projects"
    );
    assert_eq!(
        projects
            .roots_for_platform(PROJECT, Some("windows"))
            .await
            .unwrap()["work"],
        "C:/projects"
    );
    assert!(projects.product_types().await.unwrap().is_empty());
    assert_eq!(
        projects.project_product_types(PROJECT).await.unwrap()[0].name,
        "model"
    );
    insta::assert_json_snapshot!("project_requests", common::snapshot(mock.requests()));
}

#[tokio::test]
async fn bad_project_input_is_refused_before_anything_is_sent() {
    let mock = common::mock().await;
    let ayon = mock.client();
    let projects = ayon.projects();
    for bad in [
        "",
        "bad name",
        "a/b",
        "..",
        "%2e%2e",
        "x\u{7}",
        "ünï",
        &"p".repeat(65),
    ] {
        assert!(
            projects.get_rest(bad).await.unwrap_err().is_invalid_input(),
            "{bad:?}"
        );
        assert!(projects.delete(bad).await.unwrap_err().is_invalid_input());
        assert!(
            projects
                .update(bad)
                .active(true)
                .send()
                .await
                .unwrap_err()
                .is_invalid_input()
        );
        assert!(
            projects
                .create(bad, "cd")
                .send()
                .await
                .unwrap_err()
                .is_invalid_input()
        );
        assert!(
            projects
                .root_overrides(bad)
                .await
                .unwrap_err()
                .is_invalid_input()
        );
    }
    assert!(
        projects
            .create("fine", "x")
            .send()
            .await
            .unwrap_err()
            .is_invalid_input(),
        "a one-character code"
    );
    assert!(
        projects
            .create("fine", "a b")
            .send()
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        projects
            .update(PROJECT)
            .send()
            .await
            .unwrap_err()
            .is_invalid_input(),
        "an empty update"
    );
    assert!(
        projects
            .anatomy_preset(Some("../x"))
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        projects
            .roots_for_platform(PROJECT, Some("amiga"))
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        projects
            .roots_for_site(PROJECT, Some(" "))
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert_eq!(mock.request_count(), 0, "nothing was sent");
    let refused = ayon
        .projects()
        .create("fine", "fi")
        .preset("nope?")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(refused, Error::Core(_)) && refused.is_invalid_input());
}
