//! Links: link types, links, and the links of entities with every page of the nested
//! connection.

mod common;

use ayon_client::api::links::LinkDirection;
use common::{PROJECT, id};
use serde_json::json;

#[tokio::test]
async fn every_link_call_sends_the_documented_request() {
    let mock = common::mock_with_tree().await;
    let ayon = mock.client();
    let links = ayon.links();
    assert!(
        links
            .types(PROJECT)
            .await
            .unwrap()
            .iter()
            .any(|t| t.name == "reference|folder|folder")
    );
    assert!(
        links
            .link_type(PROJECT, "reference", "folder", "folder")
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        links
            .link_type(PROJECT, "breakdown", "folder", "task")
            .await
            .unwrap()
            .is_none()
    );
    let style = json!({"color": "#ff0000", "style": "dashed"})
        .as_object()
        .cloned();
    links
        .create_type(PROJECT, "breakdown", "folder", "task", style.clone())
        .await
        .unwrap();
    links
        .ensure_type(PROJECT, "breakdown", "folder", "task", style)
        .await
        .unwrap();
    links
        .ensure_type(PROJECT, "template", "folder", "folder", None)
        .await
        .unwrap();
    let link = links
        .create(
            PROJECT,
            "reference",
            (&id(1), "folder"),
            (&id(2), "folder"),
            Some("ref"),
        )
        .await
        .unwrap();
    links
        .create(
            PROJECT,
            "breakdown",
            (&id(2), "folder"),
            (&id(3), "task"),
            None,
        )
        .await
        .unwrap();
    let all = links
        .of(PROJECT, "folder", &[id(1), id(2), id(99)])
        .send()
        .await
        .unwrap();
    assert_eq!(all[&id(1)].len(), 1);
    assert_eq!(all[&id(1)][0].direction, "out");
    assert_eq!(all[&id(2)].len(), 2);
    assert!(all[&id(99)].is_empty(), "every asked id is present");
    let incoming = links
        .of(PROJECT, "folder", &[id(2)])
        .direction(LinkDirection::In)
        .link_types(["reference"])
        .names(["ref"])
        .send()
        .await
        .unwrap();
    assert_eq!(incoming[&id(2)][0].entity_id, id(1));
    assert_eq!(
        links.of(PROJECT, "task", &[id(3)]).send().await.unwrap()[&id(3)][0].entity_type,
        "folder"
    );
    links.delete(PROJECT, &link).await.unwrap();
    links
        .delete_type(PROJECT, "breakdown", "folder", "task")
        .await
        .unwrap();
    insta::assert_json_snapshot!("link_requests", common::snapshot(mock.requests()));
}

#[tokio::test]
async fn links_beyond_one_nested_page_are_fetched() {
    let mock = common::mock_with_tree().await;
    let ayon = mock.client();
    let links: Vec<_> = (0..305u32)
        .map(|i| json!({"id": id(1000 + i), "input": id(1), "output": id(2), "linkType": "reference|folder|folder", "author": "admin"}))
        .collect();
    mock.mount(PROJECT, "links", links);
    mock.mount(PROJECT, "linkTypes", [json!({"name": "reference|folder|folder", "linkType": "reference", "inputType": "folder", "outputType": "folder", "data": {}})]);
    let all = ayon
        .links()
        .of(PROJECT, "folder", &[id(1), id(2)])
        .send()
        .await
        .unwrap();
    assert_eq!(all[&id(1)].len(), 305);
    assert_eq!(all[&id(2)].len(), 305);
    assert_eq!(
        mock.calls("POST", "/graphql"),
        3,
        "one page of entities, then the rest of each one's links"
    );
}

#[tokio::test]
async fn bad_link_input_is_refused_before_anything_is_sent() {
    let mock = common::mock().await;
    let ayon = mock.client();
    let links = ayon.links();
    assert!(
        links
            .of(PROJECT, "spaceship", &[id(1)])
            .send()
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        links
            .of(PROJECT, "folder", &["x"])
            .send()
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        links
            .create_type(PROJECT, "a|b", "folder", "folder", None)
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        links
            .create_type(PROJECT, "ref", "../x", "folder", None)
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        links
            .create(
                PROJECT,
                "reference",
                ("bad", "folder"),
                (&id(2), "folder"),
                None
            )
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        links
            .create(
                PROJECT,
                "reference",
                (&id(1), "folder"),
                (&id(2), "folder"),
                Some(" ")
            )
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        links
            .delete(PROJECT, "")
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        links
            .types("bad name")
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        links
            .of(PROJECT, "folder", &Vec::<String>::new())
            .send()
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(mock.request_count(), 0);
}
