//! Replayed recordings (see `replay/mod.rs`): folders, tasks, products, versions,
//! representations, workfiles, links, batch operations, and a request that differs.

mod replay;

use std::collections::BTreeMap;

use ayon_client::Error;
use ayon_client::models::{Operation, RepresentationFile};
use replay::*;
use serde_json::Value;

#[tokio::test]
async fn the_folder_and_task_calls_match_the_recordings() {
    let head = replay::recording("head");
    let mut failures = Vec::new();
    macro_rules! case {
        ($caller:literal, |$a:ident| $body:expr) => {
            failures.extend(check(&head, $caller, |$a| async move { $body }).await);
        };
    }
    case!("create_folder", |a| expect(
        a.folders()
            .create(P, "assets")
            .folder_type("Folder")
            .send()
            .await?
            == ASSETS,
        "the server's id"
    ));
    case!("create_folder(child)", |a| {
        a.folders()
            .create(P, "hero")
            .folder_type("Asset")
            .parent_id(Some(ASSETS))
            .attrib("fps", 30.0)
            .tags(["a"])
            .send()
            .await
            .map(drop)
    });
    case!("create_folder(invalid name)", |a| {
        let body = a
            .raw_post("projects/rusttest/folders")
            .json(&serde_json::json!({"name": "bad name!", "folderType": "Folder"}))
            .send()
            .await?;
        let Error::Api { errors, .. } = body.error_for_status().unwrap_err() else {
            return expect(false, "400");
        };
        expect(
            errors[0].kind.as_deref() == Some("value_error.str.regex"),
            "a regex error",
        )
    });
    case!("update_folder", |a| a
        .folders()
        .update(P, HERO)
        .label(Some("Hero"))
        .send()
        .await
        .map(drop));
    case!("get_folders", |a| expect(
        a.folders().list(P).all().await?.len() == 2,
        "two folders"
    ));
    case!("get_folders(own_attributes)", |a| {
        let hero = a
            .folders()
            .list(P)
            .ids([HERO])
            .fields(["id", "name", "path"])
            .own_attributes()
            .one()
            .await?;
        expect(hero.own_attributes()["fps"] == 30.0, "own fps")
    });
    case!("get_folder_by_id", |a| expect(
        a.folders().get_by_id(P, HERO).await?.is_some(),
        "hero"
    ));
    case!("get_folder_by_path", |a| expect(
        a.folders().get_by_path(P, "/assets/hero").await?.is_some(),
        "hero"
    ));
    case!("get_folder_by_name", |a| expect(
        a.folders().get_by_name(P, "hero").await?.is_some(),
        "hero"
    ));
    case!("get_folders_hierarchy", |a| expect(
        a.folders().hierarchy(P, None, &[]).await?.flatten().len() == 2,
        "tree"
    ));
    case!("get_rest_folders", |a| expect(
        a.folders().rest_list(P, true).await?.len() >= 2,
        "folders"
    ));
    case!("get_rest_folder", |a| expect(
        a.folders().get_rest(P, HERO).await?.is_some(),
        "hero"
    ));
    case!("get_folder_ids_with_products", |a| expect(
        a.folders()
            .ids_with_products(P, None::<&[&str]>)
            .await?
            .contains(HERO),
        "hero"
    ));
    case!("delete_folder(non-empty)", |a| a
        .folders()
        .delete(P, ASSETS, false)
        .await);
    case!("delete_folder(force)", |a| expect(
        a.folders()
            .delete(P, ASSETS, true)
            .await
            .unwrap_err()
            .is_not_found(),
        "404"
    ));
    case!("create_task", |a| a
        .tasks()
        .create(P, "modeling", "Modeling", HERO)
        .assignees(["admin"])
        .send()
        .await
        .map(drop));
    case!("update_task", |a| a
        .tasks()
        .update(P, TASK)
        .label(Some("Model"))
        .send()
        .await
        .map(drop));
    case!("get_tasks", |a| expect(
        a.tasks().list(P).all().await?.len() == 1,
        "one task"
    ));
    case!("get_task_by_id", |a| expect(
        a.tasks().get_by_id(P, TASK).await?.is_some(),
        "task"
    ));
    case!("get_task_by_name", |a| expect(
        a.tasks().get_by_name(P, HERO, "modeling").await?.is_some(),
        "task"
    ));
    case!("get_tasks_by_folder_paths", |a| {
        let by_path = a
            .tasks()
            .by_folder_paths(P, &["/assets/hero"], None)
            .await?;
        expect(by_path["/assets/hero"].len() == 1, "the hero's task")
    });
    case!("get_task_by_folder_path", |a| expect(
        a.tasks()
            .get_by_folder_path(P, "/assets/hero", "modeling")
            .await?
            .is_some(),
        "task"
    ));
    case!("get_rest_task", |a| expect(
        a.tasks().get_rest(P, TASK).await?.is_some(),
        "task"
    ));
    case!("delete_task", |a| a.tasks().delete(P, TASK).await);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn the_product_version_and_representation_calls_match_the_recordings() {
    let head = replay::recording("head");
    let mut failures = Vec::new();
    macro_rules! case {
        ($caller:literal, |$a:ident| $body:expr) => {
            failures.extend(check(&head, $caller, |$a| async move { $body }).await);
        };
    }
    case!("create_product", |a| a
        .products()
        .create(P, "modelMain", "model", HERO)
        .send()
        .await
        .map(drop));
    case!("update_product", |a| {
        let data: serde_json::Map<String, Value> =
            serde_json::from_value(serde_json::json!({"k": 1})).unwrap();
        a.products()
            .update(P, PRODUCT)
            .data(data)
            .send()
            .await
            .map(drop)
    });
    case!("get_products", |a| expect(
        a.products().list(P).all().await?.len() == 1,
        "one product"
    ));
    case!("get_product_by_id", |a| expect(
        a.products().get_by_id(P, PRODUCT).await?.is_some(),
        "product"
    ));
    case!("get_product_by_name", |a| expect(
        a.products()
            .get_by_name(P, "modelMain", HERO)
            .await?
            .is_some(),
        "product"
    ));
    case!("get_rest_product", |a| expect(
        a.products().get_rest(P, PRODUCT).await?.is_some(),
        "product"
    ));
    case!("delete_product(has versions)", |a| a
        .products()
        .delete(P, PRODUCT)
        .await);
    case!("create_version", |a| a
        .versions()
        .create(P, 1, PRODUCT)
        .task_id(Some(TASK))
        .author("admin")
        .send()
        .await
        .map(drop));
    case!("create_version(2)", |a| a
        .versions()
        .create(P, 2, PRODUCT)
        .send()
        .await
        .map(drop));
    case!("create_version(hero)", |a| a
        .versions()
        .create(P, -2, PRODUCT)
        .send()
        .await
        .map(drop));
    case!("update_version", |a| a
        .versions()
        .update(P, V2)
        .status("In progress")
        .send()
        .await
        .map(drop));
    case!("get_versions", |a| expect(
        a.versions().list(P).all().await?.len() == 3,
        "three versions"
    ));
    case!("get_version_by_id", |a| expect(
        a.versions().get_by_id(P, V1).await?.is_some(),
        "v1"
    ));
    case!("get_version_by_name", |a| expect(
        a.versions().get_by_name(P, 1, PRODUCT).await?.is_some(),
        "v1"
    ));
    case!("get_hero_versions", |a| expect(
        a.versions()
            .heroes(P)
            .all()
            .await?
            .iter()
            .all(|v| v.is_hero()),
        "heroes"
    ));
    case!("get_hero_version_by_product_id", |a| expect(
        a.versions().hero_by_product_id(P, PRODUCT).await?.is_some(),
        "hero"
    ));
    case!("get_hero_version_by_id", |a| expect(
        a.versions().hero_by_id(P, HERO_VERSION).await?.is_some(),
        "hero"
    ));
    case!("get_last_versions", |a| expect(
        a.versions().last_versions(P, &[PRODUCT]).await?[PRODUCT].version == Some(2),
        "v2"
    ));
    case!("get_last_version_by_product_id", |a| expect(
        a.versions().last_by_product_id(P, PRODUCT).await?.is_some(),
        "v2"
    ));
    case!("get_last_version_by_product_name", |a| expect(
        a.versions()
            .last_by_product_name(P, "modelMain", HERO)
            .await?
            .is_some(),
        "v2"
    ));
    case!("version_is_latest", |a| expect(
        a.versions().is_latest(P, V2).await?,
        "v2 is the latest"
    ));
    case!("get_rest_version", |a| expect(
        a.versions().get_rest(P, V1).await?.is_some(),
        "v1"
    ));
    case!("delete_version", |a| a.versions().delete(P, V2).await);
    case!("create_representation", |a| {
        let file = RepresentationFile::new("{root[work]}/a.abc")
            .name("a.abc")
            .size(10)
            .hash("abc", "op3");
        let data: serde_json::Map<String, Value> = serde_json::from_value(serde_json::json!(
            {"context": {"folder": {"name": "hero"}, "representation": "abc", "ext": "abc"}}))
        .unwrap();
        a.representations()
            .create(P, "abc", V1)
            .files(vec![file])
            .attrib("path", "/x/a.abc")
            .attrib("template", "{root}/x")
            .data(data)
            .send()
            .await
            .map(drop)
    });
    case!("update_representation", |a| a
        .representations()
        .update(P, REPRESENTATION)
        .tags(["t"])
        .send()
        .await
        .map(drop));
    case!("get_representations", |a| expect(
        !a.representations().list(P).all().await?.is_empty(),
        "representations"
    ));
    case!("get_representation_by_id", |a| expect(
        a.representations()
            .get_by_id(P, REPRESENTATION)
            .await?
            .is_some(),
        "abc"
    ));
    case!("get_representation_by_name", |a| expect(
        a.representations()
            .get_by_name(P, "abc", V1)
            .await?
            .is_some(),
        "abc"
    ));
    case!("get_representations_hierarchy", |a| {
        let all = a.representations().hierarchy(P, &[REPRESENTATION]).await?;
        expect(
            all[REPRESENTATION].folder.is_some() && all[REPRESENTATION].project.is_some(),
            "parents",
        )
    });
    case!("get_representation_parents", |a| expect(
        a.representations()
            .parents_of(P, REPRESENTATION)
            .await?
            .product
            .is_some(),
        "product"
    ));
    case!("get_repre_ids_by_context_filters", |a| {
        let filters = BTreeMap::from([("folder.name".to_owned(), vec!["hero".to_owned()])]);
        expect(
            a.representations()
                .ids_by_context_filters(P, &filters, None, None)
                .await?
                == [REPRESENTATION],
            "abc",
        )
    });
    case!("get_rest_representation", |a| expect(
        a.representations()
            .get_rest(P, REPRESENTATION)
            .await?
            .is_some(),
        "abc"
    ));
    case!("delete_representation", |a| a
        .representations()
        .delete(P, REPRESENTATION)
        .await);
    case!("get_workfiles_info", |a| expect(
        !a.workfiles().list(P).all().await?.is_empty(),
        "workfiles"
    ));
    case!("get_workfile_info", |a| expect(
        a.workfiles()
            .get(P, TASK, "/work/a_v001.ma")
            .await?
            .is_some(),
        "workfile"
    ));
    case!("get_workfile_info_by_id", |a| expect(
        a.workfiles().get_by_id(P, WORKFILE).await?.is_some(),
        "workfile"
    ));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn the_batch_operations_match_the_recordings() {
    let head = replay::recording("head");
    let mut failures = Vec::new();
    for (caller, can_fail) in [
        ("send_batch_operations(ok)", false),
        ("send_batch_operations(fail,raise)", false),
        ("send_batch_operations(fail,can_fail,noraise)", true),
        ("send_batch_operations(delete)", false),
    ] {
        let body = replay::recorded_body(&head, caller, 0);
        let ops: Vec<Operation> = serde_json::from_value(body["operations"].clone()).unwrap();
        failures.extend(
            check(&head, caller, |a| async move {
                match (caller, a.send_batch_operations(P, &ops, can_fail).await) {
                    ("send_batch_operations(ok)" | "send_batch_operations(delete)", result) => {
                        result.map(drop)
                    }
                    (_, Err(Error::FailedOperations { failed, .. })) => expect(
                        failed
                            .iter()
                            .any(|f| f.error_code.as_deref() == Some("unique-violation")),
                        "409",
                    ),
                    (_, other) => expect(false, &format!("a failed batch: {other:?}")),
                }
            })
            .await,
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn a_request_that_differs_from_the_recording_is_caught() {
    let head = replay::recording("head");
    let other_id = check(&head, "get_folder_by_id", |a| async move {
        a.folders().get_by_id(P, ASSETS).await.map(drop)
    })
    .await;
    assert!(
        other_id.is_some_and(|f| f.contains("not recorded")),
        "another id in the GraphQL variables"
    );
    let other_label = check(&head, "update_folder", |a| async move {
        a.folders()
            .update(P, HERO)
            .label(Some("Other"))
            .send()
            .await
            .map(drop)
    })
    .await;
    assert!(
        other_label.is_some_and(|f| f.contains("not recorded")),
        "another body"
    );
    let other_filter = check(&head, "get_hero_versions", |a| async move {
        a.versions().list(P).latest_only().all().await.map(drop)
    })
    .await;
    assert!(
        other_filter.is_some_and(|f| f.contains("not recorded")),
        "another filter"
    );
    let same = check(&head, "get_hero_versions", |a| async move {
        a.versions().heroes(P).all().await.map(drop)
    })
    .await;
    assert_eq!(same, None);
}

#[tokio::test]
async fn the_link_calls_match_the_recordings() {
    let head = replay::recording("head");
    let mut failures = Vec::new();
    macro_rules! case {
        ($caller:literal, |$a:ident| $body:expr) => {
            failures.extend(check(&head, $caller, |$a| async move { $body }).await);
        };
    }
    case!("get_link_types", |a| expect(
        !a.links().types(P).await?.is_empty(),
        "types"
    ));
    case!("create_link_type", |a| a
        .links()
        .create_type(P, "reference", "folder", "folder", None)
        .await);
    case!("get_link_type", |a| expect(
        a.links()
            .link_type(P, "reference", "folder", "folder")
            .await?
            .is_some(),
        "the type"
    ));
    case!("create_link", |a| {
        let id = a
            .links()
            .create(P, "reference", (ASSETS, "folder"), (HERO, "folder"), None)
            .await?;
        expect(id == "1b1e07bce77811f1906a02fc00000001", "the link id")
    });
    case!("get_folder_links", |a| {
        let links = a.links().of(P, "folder", &[HERO]).send().await?;
        expect(
            links[HERO].len() == 1 && links[HERO][0].entity_id == ASSETS,
            "the incoming link",
        )
    });
    case!("get_folders_links", |a| {
        let links = a
            .links()
            .of(P, "folder", &[ASSETS, HERO])
            .direction(ayon_client::api::links::LinkDirection::In)
            .send()
            .await?;
        expect(
            links[ASSETS].is_empty() && links[HERO].len() == 1,
            "in links of both",
        )
    });
    case!("delete_link", |a| a
        .links()
        .delete(P, "1b1e07bce77811f1906a02fc00000001")
        .await);
    case!("delete_link_type", |a| a
        .links()
        .delete_type(P, "reference", "folder", "folder")
        .await);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
