//! Every GraphQL query this crate builds is valid against the schema of a real AYON 1.16
//! server (`../shared/data/ayon/ayon_graphql_schema.graphql`), checked by a GraphQL compiler.

mod common;

use std::path::PathBuf;

use apollo_compiler::{ExecutableDocument, Schema};
use common::{PROJECT, id};
use std::collections::BTreeMap;

fn schema() -> apollo_compiler::validation::Valid<Schema> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/ayon/ayon_graphql_schema.graphql");
    let sdl = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Schema::parse_and_validate(sdl, "ayon_graphql_schema.graphql")
        .expect("the recorded schema is valid")
}

#[tokio::test]
async fn every_query_the_client_builds_validates_against_the_server_schema() {
    let mock = common::mock_with_tree().await;
    let ayon = mock.client();
    let folders = ayon.folders();
    folders
        .list(PROJECT)
        .ids([id(1)])
        .paths(["/assets"])
        .names(["assets"])
        .folder_types(["Folder"])
        .parent_ids([Some(id(1))])
        .statuses(["x"])
        .tags(["a"])
        .assignees_all(["admin"])
        .has_products(true)
        .has_tasks(false)
        .has_children(true)
        .has_links(ayon_client::HasLinks::Any)
        .own_attributes()
        .all()
        .await
        .ok();
    folders
        .list(PROJECT)
        .path_regex("a.*")
        .fields(["id", "attrib.fps", "attrib", "path"])
        .all()
        .await
        .ok();
    folders
        .ids_with_products(PROJECT, Some(&[id(2)]))
        .await
        .ok();
    ayon.tasks()
        .list(PROJECT)
        .ids([id(3)])
        .names(["m"])
        .task_types(["Modeling"])
        .folder_ids([id(2)])
        .assignees(["admin"])
        .assignees_all(["admin"])
        .statuses(["s"])
        .tags(["t"])
        .own_attributes()
        .all()
        .await
        .ok();
    ayon.tasks()
        .by_folder_paths(PROJECT, &["/assets/hero"], Some(&["modeling"]))
        .await
        .ok();
    ayon.products()
        .list(PROJECT)
        .ids([id(4)])
        .names(["m"])
        .folder_ids([id(2)])
        .product_types(["model"])
        .name_regex("m.*")
        .path_regex("a.*")
        .statuses(["s"])
        .tags(["t"])
        .all()
        .await
        .ok();
    ayon.products()
        .list(PROJECT)
        .names_by_folder_ids(BTreeMap::from([(id(2), vec!["m".to_owned()])]))
        .all()
        .await
        .ok();
    ayon.versions()
        .list(PROJECT)
        .ids([id(5)])
        .product_ids([id(4)])
        .task_ids([id(3)])
        .versions([1, -2])
        .hero_only()
        .latest_only()
        .hero_or_latest_only()
        .statuses(["s"])
        .tags(["t"])
        .without_heroes()
        .all()
        .await
        .ok();
    ayon.versions().is_latest(PROJECT, &id(5)).await.ok();
    ayon.representations()
        .list(PROJECT)
        .ids([id(8)])
        .names(["abc"])
        .version_ids([id(5)])
        .has_links(ayon_client::HasLinks::Both)
        .statuses(["s"])
        .tags(["t"])
        .all()
        .await
        .ok();
    ayon.representations()
        .hierarchy_of(PROJECT, &id(8))
        .await
        .ok();
    ayon.workfiles()
        .list(PROJECT)
        .ids([id(10)])
        .task_ids([id(3)])
        .paths(["/w"])
        .path_regex("x")
        .statuses(["s"])
        .tags(["t"])
        .has_links(ayon_client::HasLinks::None)
        .all()
        .await
        .ok();
    ayon.users()
        .list()
        .names(["admin"])
        .project(PROJECT)
        .all()
        .await
        .ok();
    ayon.links()
        .of(PROJECT, "folder", &[id(1)])
        .direction(ayon_client::api::links::LinkDirection::Out)
        .link_types(["reference"])
        .names(["n"])
        .name_regex("n.*")
        .send()
        .await
        .ok();
    for entity in ["task", "product", "version", "representation", "workfile"] {
        ayon.links().of(PROJECT, entity, &[id(3)]).send().await.ok();
    }
    ayon.representations()
        .list(PROJECT)
        .fields(["id", "files"])
        .all()
        .await
        .ok();
    ayon.projects()
        .list()
        .fields(["name", "folderTypes", "taskTypes", "statuses", "linkTypes"])
        .all()
        .await
        .ok();
    ayon.projects().list().all().await.ok();
    ayon.projects()
        .get_fields(PROJECT, ["name", "code", "attrib", "folderTypes.name"])
        .await
        .ok();
    ayon.projects().product_types().await.ok();
    ayon.projects().project_product_types(PROJECT).await.ok();

    let day_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(86_400);
    ayon.events()
        .list()
        .topics(["entity.*"])
        .ids([id(1)])
        .projects([PROJECT])
        .statuses(["pending"])
        .users(["admin"])
        .include_logs(true)
        .has_children(false)
        .newer_than(day_ago)
        .older_than(std::time::SystemTime::now())
        .fields(["id", "topic", "summary"])
        .all()
        .await
        .ok();

    ayon.activities()
        .list(PROJECT)
        .activity_ids([id(1)])
        .activity_types(["comment"])
        .entity_ids([id(2)])
        .entity_names(["hero"])
        .entity_type("folder")
        .changed_after(std::time::SystemTime::UNIX_EPOCH)
        .changed_before(std::time::SystemTime::now())
        .all()
        .await
        .ok();

    let schema = schema();
    let mut checked = 0;
    for record in mock.requests() {
        let platform_client_core::testing::RecordedBody::Json(body) = &record.body else {
            continue;
        };
        let Some(query) = body.get("query").and_then(|q| q.as_str()) else {
            continue;
        };
        if let Err(errors) = ExecutableDocument::parse_and_validate(&schema, query, "query.graphql")
        {
            panic!("{query}\n{errors}");
        }
        checked += 1;
    }
    assert!(checked >= 27, "only {checked} queries were checked");
}

#[test]
fn an_invalid_query_is_caught_by_the_check() {
    let schema = schema();
    let bad = "query FoldersQuery($projectName: String!) { project(name: $projectName) { folders(first: 3) { edges { node { nonsense } } } } }";
    assert!(ExecutableDocument::parse_and_validate(&schema, bad, "bad.graphql").is_err());
}
