//! Folders: the GraphQL listing (filters, fields, paging, active), lookups, the hierarchy, the
//! REST listing, create/update/delete, bad input.

mod common;

use ayon_client::{Error, TryStreamExt};
use common::{PROJECT, id};

#[tokio::test]
async fn every_folder_call_sends_the_documented_request() {
    let mock = common::mock_with_tree().await;
    let ayon = mock.client();
    let folders = ayon.folders();
    let all = folders.list(PROJECT).all().await.unwrap();
    assert_eq!(all.len(), 2);
    let hero = &all[1];
    assert_eq!(hero.path.as_deref(), Some("/assets/hero"));
    assert_eq!(
        hero.attrib["fps"], 25.0,
        "`allAttrib` is not selected by default, attrib comes from the node"
    );
    assert!(
        hero.data.is_empty(),
        "`data` arrives as JSON text and is decoded"
    );
    let by_id = folders.get_by_id(PROJECT, &id(2)).await.unwrap().unwrap();
    assert_eq!(by_id.label.as_deref(), Some("Hero"));
    let dashed = "00000000-0000-0000-0000-000000000002";
    assert_eq!(
        folders
            .get_by_id(PROJECT, dashed)
            .await
            .unwrap()
            .unwrap()
            .id,
        id(2)
    );
    assert_eq!(
        folders
            .get_by_path(PROJECT, "/assets/hero")
            .await
            .unwrap()
            .unwrap()
            .id,
        id(2)
    );
    assert_eq!(
        folders
            .get_by_name(PROJECT, "assets")
            .await
            .unwrap()
            .unwrap()
            .id,
        id(1)
    );
    assert!(
        folders
            .get_by_name(PROJECT, "nothing")
            .await
            .unwrap()
            .is_none()
    );
    let children = folders
        .list(PROJECT)
        .parent_ids([None::<&str>])
        .folder_types(["Folder"])
        .statuses(["Not ready"])
        .fields(["id", "name", "attrib"])
        .all()
        .await
        .unwrap();
    assert_eq!(children.len(), 1);
    assert_eq!(
        children[0].attrib["fps"], 25.0,
        "`attrib` selects every attribute as `allAttrib`"
    );
    let tagged = folders
        .list(PROJECT)
        .tags(["a"])
        .has_children(false)
        .own_attributes()
        .all()
        .await
        .unwrap();
    assert_eq!(
        tagged[0].own_attributes().get("fps"),
        Some(&serde_json::Value::Null)
    );
    let with_products = folders
        .ids_with_products(PROJECT, None::<&[&str]>)
        .await
        .unwrap();
    assert_eq!(with_products.into_iter().collect::<Vec<_>>(), [id(2)]);
    let tree = folders
        .hierarchy(PROJECT, Some("her"), &["Asset", "Folder"])
        .await
        .unwrap();
    assert_eq!(
        tree.flatten()
            .iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>(),
        ["assets", "hero"]
    );
    let flat = folders.rest_list(PROJECT, true).await.unwrap();
    assert_eq!(flat[1].path.as_deref(), Some("assets/hero"));
    assert!(folders.get_rest(PROJECT, &id(1)).await.unwrap().is_some());
    assert!(folders.get_rest(PROJECT, &id(99)).await.unwrap().is_none());
    let shots = folders
        .create(PROJECT, "shots")
        .id(&id(20))
        .folder_type("Folder")
        .label(Some("Shots"))
        .attrib("fps", 24)
        .tags(["x"])
        .send()
        .await
        .unwrap();
    assert_eq!(shots, id(20));
    folders
        .update(PROJECT, &shots)
        .parent_id(Some(&id(1)))
        .label(None)
        .thumbnail_id(None)
        .status("Not ready")
        .active(false)
        .send()
        .await
        .unwrap();
    let moved = folders.get_rest(PROJECT, &shots).await.unwrap().unwrap();
    assert_eq!(moved.parent_id.as_deref(), Some(id(1).as_str()));
    assert_eq!(moved.label, None);
    assert!(
        folders
            .list(PROJECT)
            .ids([&shots])
            .all()
            .await
            .unwrap()
            .is_empty(),
        "inactive folders are left out by default"
    );
    assert_eq!(
        folders
            .list(PROJECT)
            .ids([&shots])
            .active(Some(false))
            .all()
            .await
            .unwrap()
            .len(),
        1
    );
    folders.delete(PROJECT, &shots, true).await.unwrap();
    insta::assert_json_snapshot!("folder_requests", common::snapshot(mock.requests()));
}

#[tokio::test]
async fn folders_stream_page_by_page_with_bounded_pages() {
    let mock = common::mock().await;
    let rows: Vec<_> = (0..25u32)
        .map(|i| serde_json::json!({"id": id(100 + i), "name": format!("f{i:02}"), "folderType": "Folder",
                                    "parentId": null, "path": format!("f{i:02}"), "active": i % 5 != 0,
                                    "attrib": {}, "data": {}, "tags": []}))
        .collect();
    mock.mount(PROJECT, "folders", rows);
    let ayon = mock.client();
    let active: Vec<_> = ayon
        .folders()
        .list(PROJECT)
        .page_size(4)
        .prefetch(1)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(active.len(), 20);
    assert_eq!(
        mock.calls("POST", "/graphql"),
        7,
        "25 folders in pages of 4"
    );
    mock.clear_requests();
    let first = ayon
        .folders()
        .list(PROJECT)
        .active(None)
        .page_size(4)
        .limit(6)
        .all()
        .await
        .unwrap();
    assert_eq!(
        first.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
        ["f00", "f01", "f02", "f03", "f04", "f05"]
    );
    assert_eq!(
        mock.calls("POST", "/graphql"),
        2,
        "no page beyond the limit"
    );
    let cursor_sent = mock.requests()[1].body.clone();
    assert!(
        format!("{cursor_sent:?}").contains("after: \\\"WzNd\\\""),
        "{cursor_sent:?}"
    );
    let one = ayon
        .folders()
        .list(PROJECT)
        .names(["f01"])
        .one()
        .await
        .unwrap();
    assert_eq!(one.name, "f01");
    let many = ayon
        .folders()
        .list(PROJECT)
        .folder_types(["Folder"])
        .one()
        .await
        .unwrap_err();
    assert!(matches!(many, Error::MultipleFound { count: 2, .. }));
    let none = ayon
        .folders()
        .list(PROJECT)
        .names(["zz"])
        .one()
        .await
        .unwrap_err();
    assert!(none.is_not_found());
}

#[tokio::test]
async fn bad_folder_input_is_refused_before_anything_is_sent() {
    let mock = common::mock().await;
    let ayon = mock.client();
    let folders = ayon.folders();
    let long = "x".repeat(10_000_000);
    for project in [
        "",
        "bad name",
        "a/b",
        "..",
        "%2e%2e",
        "a\u{0}b",
        "prójekt",
        long.as_str(),
    ] {
        assert!(
            folders
                .list(project)
                .all()
                .await
                .unwrap_err()
                .is_invalid_input(),
            "{:?}",
            &project[..project.len().min(20)]
        );
        assert!(
            folders
                .create(project, "ok")
                .send()
                .await
                .unwrap_err()
                .is_invalid_input()
        );
        assert!(
            folders
                .delete(project, &id(1), false)
                .await
                .unwrap_err()
                .is_invalid_input()
        );
    }
    for bad_id in [
        "",
        "1",
        "not-hex-not-hex-not-hex-not-hexx",
        "../../etc",
        &format!("{}/x", id(1)),
        long.as_str(),
    ] {
        assert!(
            folders
                .get_by_id(PROJECT, bad_id)
                .await
                .unwrap_err()
                .is_invalid_input(),
            "{bad_id:?}"
        );
        assert!(
            folders
                .get_rest(PROJECT, bad_id)
                .await
                .unwrap_err()
                .is_invalid_input()
        );
        assert!(
            folders
                .update(PROJECT, bad_id)
                .label(None)
                .send()
                .await
                .unwrap_err()
                .is_invalid_input()
        );
        assert!(
            folders
                .create(PROJECT, "ok")
                .parent_id(Some(bad_id))
                .send()
                .await
                .unwrap_err()
                .is_invalid_input()
        );
    }
    for bad_name in [
        "",
        " ",
        "bad name!",
        "a/b",
        "..",
        ".hidden",
        "trailing-",
        "x\ny",
        "naïve",
    ] {
        assert!(
            folders
                .create(PROJECT, bad_name)
                .send()
                .await
                .unwrap_err()
                .is_invalid_input(),
            "{bad_name:?}"
        );
    }
    assert!(
        folders
            .update(PROJECT, &id(1))
            .send()
            .await
            .unwrap_err()
            .is_invalid_input(),
        "an empty update"
    );
    assert!(
        folders
            .list(PROJECT)
            .names([" "])
            .all()
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        folders
            .list(PROJECT)
            .fields(["id", "name }"])
            .all()
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        folders
            .list(PROJECT)
            .page_size(0)
            .all()
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        folders
            .hierarchy(PROJECT, Some(""), &[])
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        folders
            .list(PROJECT)
            .ids(Vec::<String>::new())
            .all()
            .await
            .unwrap()
            .is_empty(),
        "an empty id list matches nothing"
    );
    assert_eq!(mock.request_count(), 0, "nothing was sent");
}

#[tokio::test]
async fn server_errors_are_typed() {
    let mock = common::mock_with_tree().await;
    let ayon = mock.client();
    let duplicate = ayon
        .folders()
        .create(PROJECT, "ASSETS")
        .folder_type("Folder")
        .send()
        .await
        .unwrap_err();
    assert_eq!(duplicate.status(), Some(409));
    assert!(
        duplicate.message().unwrap().contains("already exists"),
        "{duplicate}"
    );
    let missing = ayon
        .folders()
        .update(PROJECT, &id(99))
        .label(Some("x"))
        .send()
        .await
        .unwrap_err();
    assert!(missing.is_not_found());
    let unknown = ayon.folders().list("nosuchproject").all().await.unwrap();
    assert!(
        unknown.is_empty(),
        "an unknown project has no folders (GraphQL `project: null`)"
    );
}
