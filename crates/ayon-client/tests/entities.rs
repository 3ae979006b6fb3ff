//! Tasks, products, versions, representations, workfiles: listings with their filters,
//! lookups, REST, create/update/delete, and the hierarchy of representations.

mod common;

use std::collections::BTreeMap;

use ayon_client::models::RepresentationFile;
use common::{PROJECT, id};

#[tokio::test]
async fn every_task_call_sends_the_documented_request() {
    let mock = common::mock_with_tree().await;
    let ayon = mock.client();
    let tasks = ayon.tasks();
    let all = tasks
        .list(PROJECT)
        .task_types(["Modeling"])
        .assignees(["admin"])
        .assignees_all(["admin"])
        .all()
        .await
        .unwrap();
    assert_eq!(all[0].assignees.as_deref(), Some(&["admin".to_owned()][..]));
    assert_eq!(
        tasks
            .get_by_id(PROJECT, &id(3))
            .await
            .unwrap()
            .unwrap()
            .name,
        "modeling"
    );
    assert!(
        tasks
            .get_by_name(PROJECT, &id(2), "modeling")
            .await
            .unwrap()
            .is_some()
    );
    let by_path = tasks
        .by_folder_paths(PROJECT, &["/assets/hero", "/nowhere"], None)
        .await
        .unwrap();
    assert_eq!(by_path["/assets/hero"].len(), 1);
    assert!(by_path["/nowhere"].is_empty());
    assert_eq!(
        tasks
            .by_folder_path(PROJECT, "/assets/hero")
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        tasks
            .get_by_folder_path(PROJECT, "/assets/hero", "modeling")
            .await
            .unwrap()
            .is_some()
    );
    assert!(tasks.get_rest(PROJECT, &id(3)).await.unwrap().is_some());
    let new = tasks
        .create(PROJECT, "lookdev", "Generic", &id(2))
        .id(&id(30))
        .assignees(["admin"])
        .label(Some("Look"))
        .send()
        .await
        .unwrap();
    tasks
        .update(PROJECT, &new)
        .task_type("Modeling")
        .label(None)
        .thumbnail_id(Some(&id(31)))
        .send()
        .await
        .unwrap();
    assert_eq!(
        tasks
            .get_rest(PROJECT, &new)
            .await
            .unwrap()
            .unwrap()
            .task_type
            .as_deref(),
        Some("Modeling")
    );
    tasks.delete(PROJECT, &new).await.unwrap();
    tasks
        .list(PROJECT)
        .own_attributes()
        .statuses(["Not ready"])
        .tags(["a"])
        .all()
        .await
        .unwrap();
    insta::assert_json_snapshot!("task_requests", common::snapshot(mock.requests()));
}

#[tokio::test]
async fn every_product_call_sends_the_documented_request() {
    let mock = common::mock_with_tree().await;
    let ayon = mock.client();
    let products = ayon.products();
    let all = products
        .list(PROJECT)
        .product_types(["model"])
        .folder_ids([id(2)])
        .all()
        .await
        .unwrap();
    assert_eq!(all[0].product_type.as_deref(), Some("model"));
    assert!(products.get_by_id(PROJECT, &id(4)).await.unwrap().is_some());
    assert!(
        products
            .get_by_name(PROJECT, "modelMain", &id(2))
            .await
            .unwrap()
            .is_some()
    );
    let wanted = BTreeMap::from([
        (id(2), vec!["modelMain".to_owned()]),
        (id(1), vec!["modelMain".to_owned()]),
    ]);
    assert_eq!(
        products
            .list(PROJECT)
            .names_by_folder_ids(wanted)
            .all()
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        products
            .type_names(PROJECT, Some(&[id(4)]))
            .await
            .unwrap()
            .into_iter()
            .collect::<Vec<_>>(),
        ["model"]
    );
    assert_eq!(
        products
            .type_names(PROJECT, None::<&[&str]>)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(products.get_rest(PROJECT, &id(4)).await.unwrap().is_some());
    let new = products
        .create(PROJECT, "rigMain", "rig", &id(2))
        .id(&id(40))
        .data(serde_json::Map::new())
        .send()
        .await
        .unwrap();
    products
        .update(PROJECT, &new)
        .name("rigMain2")
        .product_type("rig")
        .send()
        .await
        .unwrap();
    products.delete(PROJECT, &new).await.unwrap();
    insta::assert_json_snapshot!("product_requests", common::snapshot(mock.requests()));
}

#[tokio::test]
async fn every_version_call_sends_the_documented_request() {
    let mock = common::mock_with_tree().await;
    let ayon = mock.client();
    let versions = ayon.versions();
    assert_eq!(versions.list(PROJECT).all().await.unwrap().len(), 3);
    assert_eq!(
        versions
            .list(PROJECT)
            .without_heroes()
            .all()
            .await
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        versions
            .list(PROJECT)
            .without_standard()
            .all()
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        versions
            .get_by_id(PROJECT, &id(5))
            .await
            .unwrap()
            .unwrap()
            .version,
        Some(1)
    );
    assert_eq!(
        versions
            .get_by_name(PROJECT, 2, &id(4))
            .await
            .unwrap()
            .unwrap()
            .id,
        id(6)
    );
    let heroes = versions.heroes(PROJECT).all().await.unwrap();
    assert!(heroes.iter().all(|v| v.is_hero()) && heroes.len() == 1);
    assert!(
        versions
            .hero_by_id(PROJECT, &id(7))
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        versions
            .hero_by_product_id(PROJECT, &id(4))
            .await
            .unwrap()
            .is_some()
    );
    let last = versions.last_versions(PROJECT, &[id(4)]).await.unwrap();
    assert_eq!(last[&id(4)].version, Some(2));
    assert_eq!(
        versions
            .last_by_product_id(PROJECT, &id(4))
            .await
            .unwrap()
            .unwrap()
            .id,
        id(6)
    );
    assert_eq!(
        versions
            .last_by_product_name(PROJECT, "modelMain", &id(2))
            .await
            .unwrap()
            .unwrap()
            .id,
        id(6)
    );
    assert!(
        versions
            .last_by_product_name(PROJECT, "nothing", &id(2))
            .await
            .unwrap()
            .is_none()
    );
    assert!(versions.is_latest(PROJECT, &id(6)).await.unwrap());
    assert!(!versions.is_latest(PROJECT, &id(5)).await.unwrap());
    assert_eq!(
        versions
            .list(PROJECT)
            .task_ids([id(3)])
            .all()
            .await
            .unwrap()
            .len(),
        1,
        "the seed's undeclared variable is declared"
    );
    assert!(versions.get_rest(PROJECT, &id(5)).await.unwrap().is_some());
    let new = versions
        .create(PROJECT, 3, &id(4))
        .id(&id(50))
        .task_id(Some(&id(3)))
        .author("admin")
        .send()
        .await
        .unwrap();
    versions
        .update(PROJECT, &new)
        .task_id(None)
        .thumbnail_id(None)
        .send()
        .await
        .unwrap();
    assert_eq!(
        versions
            .get_rest(PROJECT, &new)
            .await
            .unwrap()
            .unwrap()
            .task_id,
        None
    );
    versions.delete(PROJECT, &new).await.unwrap();
    versions
        .list(PROJECT)
        .hero_or_latest_only()
        .versions([1, 2])
        .all()
        .await
        .unwrap_err();
    insta::assert_json_snapshot!("version_requests", common::snapshot(mock.requests()));
}

#[tokio::test]
async fn every_representation_call_sends_the_documented_request() {
    let mock = common::mock_with_tree().await;
    let ayon = mock.client();
    let representations = ayon.representations();
    let all = representations
        .list(PROJECT)
        .version_ids([id(5)])
        .all()
        .await
        .unwrap();
    let abc = &all[0];
    assert_eq!(
        abc.context.as_ref().unwrap()["folder"]["name"],
        "hero",
        "`context` arrives as JSON text"
    );
    assert_eq!(
        abc.files.as_ref().unwrap()[0].size,
        Some(10),
        "`files[].size` arrives as text"
    );
    assert!(
        representations
            .get_by_id(PROJECT, &id(8))
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        representations
            .get_by_name(PROJECT, "abc", &id(5))
            .await
            .unwrap()
            .is_some()
    );
    let wanted = BTreeMap::from([(id(5), vec!["abc".to_owned()])]);
    assert_eq!(
        representations
            .list(PROJECT)
            .names_by_version_ids(wanted)
            .all()
            .await
            .unwrap()
            .len(),
        1
    );
    let hierarchy = representations.hierarchy_of(PROJECT, &id(8)).await.unwrap();
    assert_eq!(hierarchy.folder.unwrap().name, "hero");
    assert_eq!(hierarchy.product.unwrap().name, "modelMain");
    assert_eq!(hierarchy.task.unwrap().name, "modeling");
    assert_eq!(hierarchy.version.unwrap().version, Some(1));
    assert_eq!(hierarchy.project.unwrap().name, PROJECT);
    assert_eq!(hierarchy.representation.unwrap().name, "abc");
    let parents = representations.parents_of(PROJECT, &id(8)).await.unwrap();
    assert_eq!(parents.folder.unwrap().id, id(2));
    let missing = representations.parents(PROJECT, &[id(99)]).await.unwrap();
    assert!(missing[&id(99)].version.is_none());
    let filters = BTreeMap::from([("folder.name".to_owned(), vec!["hero".to_owned()])]);
    assert_eq!(
        representations
            .ids_by_context_filters(PROJECT, &filters, None, None)
            .await
            .unwrap(),
        [id(8)]
    );
    assert!(
        representations
            .ids_by_context_filters(PROJECT, &filters, Some(&[]), None)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        representations
            .get_rest(PROJECT, &id(8))
            .await
            .unwrap()
            .is_some()
    );
    let file = RepresentationFile::new("{root[work]}/b.abc")
        .size(20)
        .name("b.abc")
        .hash("xyz", "op3");
    let new = representations
        .create(PROJECT, "usd", &id(5))
        .id(&id(80))
        .files(vec![file])
        .send()
        .await
        .unwrap();
    representations
        .update(PROJECT, &new)
        .status("Approved")
        .send()
        .await
        .unwrap();
    representations.delete(PROJECT, &new).await.unwrap();
    insta::assert_json_snapshot!("representation_requests", common::snapshot(mock.requests()), {
        ".**.files[].id" => "[file id]"
    });
}

#[tokio::test]
async fn workfiles_and_users() {
    let mock = common::mock_with_tree().await;
    let ayon = mock.client();
    let workfiles = ayon.workfiles();
    assert_eq!(
        workfiles.list(PROJECT).all().await.unwrap()[0]
            .path
            .as_deref(),
        Some("/work/a_v001.ma")
    );
    assert!(
        workfiles
            .get(PROJECT, &id(3), "/work/a_v001.ma")
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        workfiles
            .get_by_id(PROJECT, &id(10))
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        workfiles
            .list(PROJECT)
            .path_regex("a_v.*")
            .all()
            .await
            .unwrap_err()
            .to_string()
            .contains("pathEx"),
        "the stand-in says what it cannot do"
    );
    let users = ayon.users();
    let all = users.list().all().await.unwrap();
    assert_eq!(all.len(), 2);
    assert!(all[0].admin() && all[1].service());
    assert!(
        all[0].access_groups.as_ref().unwrap().is_object(),
        "`accessGroups` arrives as JSON text"
    );
    assert_eq!(
        users.get_by_name("admin").await.unwrap().unwrap().name,
        "admin"
    );
    assert!(
        users
            .list()
            .project(PROJECT)
            .names(["service"])
            .first()
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(users.get(Some("admin")).await.unwrap().name, "admin");
    assert_eq!(users.get(None).await.unwrap().name, "admin");
    assert!(users.get(Some("ghost")).await.unwrap_err().is_not_found());
    assert!(
        users
            .get(Some("no/slash"))
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    insta::assert_json_snapshot!("workfile_user_requests", common::snapshot(mock.requests()));
}

#[tokio::test]
async fn writes_send_what_the_server_keeps() {
    let mock = common::mock_with_tree().await;
    let ayon = mock.client();
    let context = serde_json::json!({"folder": {"name": "hero"}, "ext": "usd"});
    ayon.representations()
        .create(PROJECT, "usd", &id(5))
        .id(&id(81))
        .context(context.as_object().unwrap().clone())
        .files(vec![RepresentationFile::new("{root[work]}/c.usd")])
        .send()
        .await
        .unwrap();
    let sent = mock.requests().last().unwrap().body.clone();
    let platform_client_core::testing::RecordedBody::Json(body) = sent else {
        panic!("{sent:?}")
    };
    assert_eq!(
        body["data"]["context"], context,
        "the context lives in `data`"
    );
    assert!(body.get("context").is_none());
    let file = body["files"][0].as_object().unwrap();
    assert!(
        !file.contains_key("hashType") && !file.contains_key("size"),
        "unset file fields are not sent as null: {file:?}"
    );
    let versions = ayon.versions();
    mock.clear_requests();
    assert!(
        versions
            .list(PROJECT)
            .versions([])
            .all()
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        mock.request_count(),
        0,
        "an empty version list matches nothing"
    );
    let names = ayon
        .folders()
        .list(PROJECT)
        .names(Vec::<String>::new())
        .names(["hero"])
        .all()
        .await
        .unwrap();
    assert_eq!(
        names.len(),
        1,
        "a later non-empty list replaces the empty one"
    );
    let files = ayon
        .representations()
        .list(PROJECT)
        .fields(["id", "files"])
        .all()
        .await
        .unwrap();
    assert_eq!(
        files[0].files.as_ref().unwrap()[0].hash_type.as_deref(),
        Some("op3"),
        "`files` alone selects every file field"
    );
}
