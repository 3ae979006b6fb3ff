//! The recorded traffic of the Python reference clients against a real AYON 1.16 server,
//! replayed: for every recorded call this crate covers, our call sends the recorded requests
//! (method, path, query, body up to ids and ordering) and decodes the recorded answers into
//! our types, errors included. Where the reference sends extra requests we do not need (it
//! re-reads the user after a login, checks a project before deleting it), ours are a subset.

mod replay;

use std::collections::BTreeMap;
use std::future::Future;

use ayon_client::models::{Operation, RepresentationFile};
use ayon_client::testing::USER_TOKEN;
use ayon_client::{AyonClient, Error, SecretString};
use serde_json::Value;

const P: &str = "rusttest";
const ASSETS: &str = "195fb9ace77811f1888002fc00000001";
const HERO: &str = "196f2e82e77811f1888002fc00000001";
const TASK: &str = "19aea292e77811f1888002fc00000001";
const PRODUCT: &str = "19de3a98e77811f1888002fc00000001";
const V1: &str = "19fdfc20e77811f1888002fc00000001";
const V2: &str = "1a0f6fb4e77811f1888002fc00000001";
const HERO_VERSION: &str = "1a1dbd9ee77811f1888002fc00000001";
const REPRESENTATION: &str = "1a71923ee77811f1888002fc00000001";
const WORKFILE: &str = "1abeccb6e77811f1888002fc00000001";

/// Runs one recorded call; a failure is returned as one line.
async fn check<F, Fut>(lines: &[Value], caller: &str, call: F) -> Option<String>
where
    F: FnOnce(AyonClient) -> Fut,
    Fut: Future<Output = ayon_client::Result<()>>,
{
    let (replay, cut) = replay::replay(lines, caller).await;
    let ayon = AyonClient::builder(replay.server.base_url())
        .no_proxy()
        .hostname("vm")
        .max_retries(1)
        .token(USER_TOKEN)
        .build()
        .unwrap();
    let result = call(ayon).await;
    let unmatched = replay.unmatched();
    if !unmatched.is_empty() {
        return Some(format!(
            "{caller}: not recorded: {unmatched:?} ({result:?})"
        ));
    }
    if replay.used() == 0 {
        return Some(format!("{caller}: nothing was sent"));
    }
    match result {
        Ok(()) => None,
        // A recorded answer cut short cannot decode; the request still matched.
        Err(Error::Core(ayon_client::CoreError::Decode(_))) if cut => None,
        Err(e) => Some(format!("{caller}: {e:?}")),
    }
}

fn expect(condition: bool, what: &str) -> ayon_client::Result<()> {
    if condition {
        Ok(())
    } else {
        Err(Error::Unexpected(what.to_owned()))
    }
}

#[tokio::test]
async fn the_session_and_server_calls_match_the_recordings() {
    let head = replay::recording("head");
    let mut failures = Vec::new();
    macro_rules! case {
        ($caller:literal, |$a:ident| $body:expr) => {
            failures.extend(check(&head, $caller, |$a| async move { $body }).await);
        };
    }
    case!("get_info(no auth)", |a| expect(
        a.info().await?.version == "1.16.0+DEVELOP",
        "version"
    ));
    case!("get_info", |a| expect(
        a.info().await?.user.is_some(),
        "the user in the info"
    ));
    case!("get_server_version", |a| expect(
        a.server_version().await?.as_tuple() == (1, 16, 0, None, Some("DEVELOP")),
        "semver"
    ));
    case!("login", |a| expect(
        a.login("admin", "admin-password").await?.user.is_some(),
        "the user"
    ));
    case!("get_user", |a| expect(a.me().await?.admin(), "admin"));
    case!("get_user(admin)", |a| expect(
        a.users().get(Some("admin")).await?.name == "admin",
        "admin"
    ));
    case!("get_users", |a| expect(
        a.users().list().all().await?.iter().any(|u| u.admin()),
        "users"
    ));
    case!("get_user_by_name", |a| expect(
        a.users().get_by_name("admin").await?.is_some(),
        "admin"
    ));
    case!("None", |a| {
        let user = a
            .set_token(SecretString::from("0123456789abcdef0123456789abcdef"))
            .await?;
        expect(user.service() && a.is_service_user()?, "a service key")
    });
    case!("logout", |a| a.logout().await);
    case!("badtoken:get_project_names", |a| {
        let refused = a.projects().names(Some(true), None).await.unwrap_err();
        expect(
            matches!(refused, Error::Unauthorized { .. }),
            "401 is Unauthorized",
        )
    });
    case!("get_server_schema", |a| expect(
        a.server_schema().await?.get("paths").is_some(),
        "paths"
    ));
    case!("get_schemas", |a| expect(
        !a.schemas().await?.is_empty(),
        "schemas"
    ));
    case!("get_attributes_for_type(after set)", |a| expect(
        a.attributes_for_type("folder").await?.contains_key("fps"),
        "fps"
    ));
    case!("query_graphql", |a| {
        let answer = a
            .query_graphql("query { users { edges { node { name } } } }", None)
            .await?;
        expect(
            answer.pointer("/users/edges/0/node/name").is_some(),
            "a name",
        )
    });
    case!("query_graphql(error)", |a| {
        let failed = a
            .query_graphql("query { nonsense }", None)
            .await
            .unwrap_err();
        expect(
            matches!(&failed, Error::GraphQl(f) if f.errors[0].message.contains("nonsense")),
            "GraphQL error",
        )
    });
    case!("raise_for_status(404)", |a| {
        let answer = a.get("projects/nope", &[]).await?;
        expect(
            answer.status() == 404 && answer.error_for_status().unwrap_err().is_not_found(),
            "404",
        )
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn the_project_calls_match_the_recordings() {
    let head = replay::recording("head");
    let seed = replay::recording("1011");
    let mut failures = Vec::new();
    macro_rules! case {
        ($lines:expr, $caller:literal, |$a:ident| $body:expr) => {
            failures.extend(check(&$lines, $caller, |$a| async move { $body }).await);
        };
    }
    case!(head, "get_project_anatomy_presets", |a| a
        .projects()
        .anatomy_presets()
        .await
        .map(drop));
    case!(head, "get_default_anatomy_preset_name", |a| expect(
        a.projects().default_anatomy_preset_name().await? == "_",
        "no primary preset"
    ));
    case!(head, "get_build_in_anatomy_preset", |a| expect(
        !a.projects()
            .builtin_anatomy_preset()
            .await?
            .roots
            .is_empty(),
        "roots"
    ));
    case!(head, "create_project", |a| expect(
        a.projects().create(P, "rt").send().await?.name == P,
        "created"
    ));
    case!(head, "get_project_names", |a| expect(
        a.projects()
            .names(Some(true), None)
            .await?
            .contains(&P.to_owned()),
        "names"
    ));
    case!(head, "get_projects", |a| expect(
        a.projects().get_rest_all(Some(true), None).await?.len() == 2,
        "two projects"
    ));
    case!(seed, "get_projects(fields)", |a| a
        .projects()
        .list()
        .fields(["active", "name", "code"])
        .all()
        .await
        .map(drop));
    case!(head, "get_project", |a| expect(
        a.projects().get(P).await?.code.as_deref() == Some("rt"),
        "code"
    ));
    case!(head, "get_project(fields,own)", |a| expect(
        a.projects().get(P).await?.own_attrib.is_some(),
        "ownAttrib over REST"
    ));
    case!(head, "get_rest_project", |a| expect(
        a.projects().get_rest(P).await?.is_some(),
        "project"
    ));
    case!(head, "update_project", |a| a
        .projects()
        .update(P)
        .attrib("fps", 24.0)
        .send()
        .await);
    case!(head, "get_project_root_overrides", |a| a
        .projects()
        .root_overrides(P)
        .await
        .map(drop));
    case!(head, "get_project_roots_by_site_id", |a| expect(
        a.projects()
            .roots_for_site(P, Some("test-site"))
            .await?
            .contains_key("work"),
        "work"
    ));
    case!(head, "get_project_roots_by_platform", |a| a
        .projects()
        .roots_for_platform(P, Some("linux"))
        .await
        .map(drop));
    case!(head, "get_product_types", |a| a
        .projects()
        .product_types()
        .await
        .map(drop));
    case!(seed, "get_project_product_types", |a| a
        .projects()
        .project_product_types(P)
        .await
        .map(drop));
    case!(seed, "get_product_type_names", |a| a
        .products()
        .type_names(P, None::<&[&str]>)
        .await
        .map(drop));
    case!(head, "delete_project", |a| a.projects().delete(P).await);
    case!(head, "set_attribute_config", |a| {
        let data = serde_json::json!({"type": "string", "title": "My attr"})
            .as_object()
            .cloned()
            .unwrap_or_default();
        a.set_attribute_config("myAttr", data, &["folder", "task"], None, false)
            .await
    });
    case!(head, "remove_attribute_config", |a| a
        .remove_attribute_config("myAttr")
        .await);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

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

#[tokio::test]
async fn the_event_calls_match_the_recordings() {
    let head = replay::recording("head");
    let svc = replay::recording("head_svc");
    let event = "1b5c5fbce77811f1906a02fc00000001";
    let job = "31ef0086e77811f1906a02fc00000001";
    let mut failures = Vec::new();
    macro_rules! case {
        ($lines:expr, $caller:literal, |$a:ident| $body:expr) => {
            failures.extend(check(&$lines, $caller, |$a| async move { $body }).await);
        };
    }
    let map = |v: serde_json::Value| v.as_object().cloned().unwrap_or_default();
    case!(head, "dispatch_event", |a| {
        let id = a
            .events()
            .dispatch("test.topic")
            .sender("tester")
            .project(P)
            .description("d")
            .summary(map(serde_json::json!({"a": 1})))
            .payload(map(serde_json::json!({"b": 2})))
            .finished(false)
            .send()
            .await?;
        expect(id == event, "the event id")
    });
    case!(head, "get_event", |a| expect(
        a.events().get(event).await?.sender_type.as_deref() == Some("rust-test"),
        "the sender type"
    ));
    case!(head, "update_event", |a| {
        let refused = a
            .events()
            .update(event)
            .status("finished")
            .description("done")
            .send()
            .await
            .unwrap_err();
        expect(
            matches!(refused, Error::Forbidden { .. }),
            "403 for a user token",
        )
    });
    case!(head, "get_events", |a| expect(
        a.events().list().topics(["test.topic"]).all().await?.len() == 1,
        "one event"
    ));
    case!(head, "get_events(limit)", |a| expect(
        a.events().list().limit(2).all().await?.len() == 2,
        "two events"
    ));
    case!(head, "dispatch_event(src)", |a| a
        .events()
        .dispatch("source.topic")
        .sender("tester")
        .send()
        .await
        .map(drop));
    case!(head, "enroll_event_job", |a| {
        let refused = a
            .events()
            .enroll("source.topic", "target.topic", "worker1")
            .description("job")
            .send()
            .await
            .unwrap_err();
        expect(
            matches!(&refused, Error::Forbidden { message, .. } if message.contains("Only services")),
            "403",
        )
    });
    case!(head, "enroll_event_job(none)", |a| {
        expect(
            a.events()
                .enroll("nothing.topic", "target2.topic", "worker1")
                .send()
                .await
                .is_err(),
            "403",
        )
    });
    case!(head, "delete_event", |a| a.events().delete(event).await);
    case!(svc, "dispatch_event(src)", |a| a
        .events()
        .dispatch("source.topic")
        .sender("svc")
        .project("svctest")
        .send()
        .await
        .map(drop));
    case!(svc, "enroll_event_job", |a| {
        let enrolled = a
            .events()
            .enroll("source.topic", "target.topic", "worker1")
            .sequential(false)
            .description("job")
            .send()
            .await?;
        expect(
            enrolled.is_some_and(|j| j.id == job && j.status.as_deref() == Some("pending")),
            "the job",
        )
    });
    case!(svc, "enroll_event_job(again,empty)", |a| {
        expect(
            a.events()
                .enroll("source.topic", "target.topic", "worker1")
                .send()
                .await?
                .is_some_and(|j| j.id == job),
            "the same job",
        )
    });
    case!(svc, "update_event(job finished)", |a| a
        .events()
        .update(job)
        .status("finished")
        .progress(100.0)
        .send()
        .await);
    case!(svc, "get_event(job)", |a| expect(
        a.events().get(job).await?.status.as_deref() == Some("finished"),
        "finished"
    ));
    case!(svc, "get_events(target)", |a| expect(
        !a.events()
            .list()
            .topics(["target.topic"])
            .all()
            .await?
            .is_empty(),
        "the job"
    ));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn the_secret_calls_match_the_recordings() {
    let head = replay::recording("head");
    let mut failures = Vec::new();
    macro_rules! case {
        ($caller:literal, |$a:ident| $body:expr) => {
            failures.extend(check(&head, $caller, |$a| async move { $body }).await);
        };
    }
    case!("save_secret", |a| a
        .secrets()
        .save("mysecret", &SecretString::from("value1"))
        .await);
    case!("get_secrets", |a| expect(
        a.secrets()
            .list()
            .await?
            .iter()
            .any(|s| s.name == "mysecret"),
        "the secret"
    ));
    case!("get_secret", |a| {
        use ayon_client::ExposeSecret;
        expect(
            a.secrets().get("mysecret").await?.value.expose_secret() == "value1",
            "the value",
        )
    });
    case!("delete_secret", |a| a.secrets().delete("mysecret").await);
    case!("get_secret(missing)", |a| expect(
        a.secrets()
            .get("mysecret")
            .await
            .unwrap_err()
            .is_not_found(),
        "404"
    ));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn the_bundle_and_desktop_calls_match_the_recordings() {
    let head = replay::recording("head");
    let mut failures = Vec::new();
    macro_rules! case {
        ($caller:literal, |$a:ident| $body:expr) => {
            failures.extend(check(&head, $caller, |$a| async move { $body }).await);
        };
    }
    let none = serde_json::Map::new;
    case!("get_bundles", |a| expect(
        a.bundles().list().await?.bundles.is_empty(),
        "no bundle yet"
    ));
    case!("check_bundle_compatibility", |a| expect(
        a.bundles()
            .create("b1", none(), None)
            .check_compatibility()
            .await?
            .success,
        "compatible"
    ));
    case!("create_bundle", |a| a
        .bundles()
        .create("b1", none(), None)
        .send()
        .await);
    case!("update_bundle", |a| a
        .bundles()
        .update("b1")
        .dev(false)
        .send()
        .await);
    case!("get_bundles(after)", |a| expect(
        a.bundles().list().await?.bundles[0].name == "b1",
        "b1"
    ));
    case!("delete_bundle", |a| a.bundles().delete("b1").await);
    case!("get_installers", |a| a
        .installers()
        .list(None, None)
        .await
        .map(drop));
    case!("get_installers(filtered)", |a| a
        .installers()
        .list(Some("1.0.0"), Some("linux"))
        .await
        .map(drop));
    case!("create_installer", |a| {
        a.installers()
            .create("AYON-1.0.0-linux.sh", "abc", "md5", 3)
            .platform("linux")
            .field("version", serde_json::json!("1.0.0"))
            .field("pythonVersion", serde_json::json!("3.11.0"))
            .field("pythonModules", serde_json::json!({}))
            .field("runtimePythonModules", serde_json::json!({}))
            .send()
            .await
    });
    case!("get_installers(after)", |a| expect(
        a.installers().list(None, None).await?[0].sources.len() == 1,
        "one source"
    ));
    case!("update_installer", |a| {
        a.installers()
            .update_sources(
                "AYON-1.0.0-linux.sh",
                vec![serde_json::json!({"type": "url", "url": "https://example.invalid/x"})],
            )
            .await
    });
    case!("delete_installer", |a| a
        .installers()
        .delete("AYON-1.0.0-linux.sh")
        .await);
    case!("get_dependency_packages", |a| a
        .dependency_packages()
        .list(None, None)
        .await
        .map(drop));
    case!("create_dependency_package", |a| {
        a.dependency_packages()
            .create("dep-linux.zip", "abc", "md5", 3)
            .platform("linux")
            .field("installerVersion", serde_json::json!("1.0.0"))
            .field("sourceAddons", serde_json::json!({}))
            .field("pythonModules", serde_json::json!({}))
            .send()
            .await
    });
    case!("get_dependency_packages(after)", |a| expect(
        a.dependency_packages().list(None, None).await?.len() == 1,
        "one package"
    ));
    case!("delete_dependency_package", |a| a
        .dependency_packages()
        .delete("dep-linux.zip")
        .await);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn the_thumbnail_calls_match_the_recordings() {
    const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    let head = replay::recording("head");
    let thumb = "1a9ad18ae77811f1906a02fc00000001";
    let mut failures = Vec::new();
    macro_rules! case {
        ($caller:literal, |$a:ident| $body:expr) => {
            failures.extend(check(&head, $caller, |$a| async move { $body }).await);
        };
    }
    case!("create_thumbnail", |a| expect(
        a.thumbnails().create(P, PNG.to_vec()).await?.id == thumb,
        "the id"
    ));
    case!("update_thumbnail", |a| expect(
        !a.thumbnails()
            .update(P, thumb, PNG.to_vec())
            .await?
            .affected_entities
            .is_empty(),
        "affected"
    ));
    case!("get_thumbnail_by_id", |a| expect(
        a.thumbnails()
            .get_by_id(P, thumb)
            .await?
            .content_type
            .as_deref()
            == Some("image/png"),
        "png"
    ));
    case!("get_folder_thumbnail", |a| a
        .thumbnails()
        .of_entity(P, "folder", HERO)
        .await
        .map(drop));
    case!("get_version_thumbnail", |a| a
        .thumbnails()
        .of_entity(P, "version", V1)
        .await
        .map(drop));
    case!("get_thumbnail(missing)", |a| a
        .thumbnails()
        .of_entity(P, "folder", ASSETS)
        .await
        .map(drop));
    case!("get_workfile_thumbnail", |a| {
        let failed = a
            .thumbnails()
            .of_entity(P, "workfile", WORKFILE)
            .await
            .unwrap_err();
        expect(failed.status() == Some(500), "the server's 500")
    });
    case!("update_folder(thumbnail)", |a| a
        .folders()
        .update(P, HERO)
        .thumbnail_id(Some(thumb))
        .send()
        .await
        .map(drop));
    case!("update_version(thumbnail)", |a| a
        .versions()
        .update(P, V1)
        .thumbnail_id(Some(thumb))
        .send()
        .await
        .map(drop));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn the_settings_calls_match_the_recordings() {
    let head = replay::recording("head");
    let mut failures = Vec::new();
    macro_rules! case {
        ($caller:literal, |$a:ident| $body:expr) => {
            failures.extend(check(&head, $caller, |$a| async move { $body }).await);
        };
    }
    case!("get_bundle_settings", |a| {
        let missing = a
            .settings()
            .bundle(None)
            .site_id("test-site")
            .with_details()
            .send()
            .await
            .unwrap_err();
        expect(missing.is_not_found(), "no production bundle: 404")
    });
    case!("get_addons_studio_settings", |a| expect(
        a.settings()
            .bundle(None)
            .site_id("test-site")
            .send()
            .await
            .unwrap_err()
            .is_not_found(),
        "404"
    ));
    case!("get_addons_project_settings", |a| {
        expect(
            a.settings()
                .bundle(Some(P))
                .site_id("test-site")
                .send()
                .await
                .unwrap_err()
                .is_not_found(),
            "404",
        )
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn the_activity_calls_match_the_recordings() {
    let head = replay::recording("head");
    let activity = "1b425e32e77811f1906a02fc00000001";
    let mut failures = Vec::new();
    macro_rules! case {
        ($caller:literal, |$a:ident| $body:expr) => {
            failures.extend(check(&head, $caller, |$a| async move { $body }).await);
        };
    }
    case!("create_activity", |a| {
        expect(
            a.activities()
                .create(P, "version", V1, "comment")
                .body("Hello @admin")
                .send()
                .await?
                == activity,
            "the id",
        )
    });
    case!("get_activities", |a| expect(
        !a.activities().list(P).all().await?.is_empty(),
        "the comment"
    ));
    case!("get_activity_by_id", |a| expect(
        a.activities()
            .get_by_id(P, activity)
            .await?
            .is_some_and(|c| c.activity_data.contains_key("origin")),
        "its data"
    ));
    case!("update_activity", |a| a
        .activities()
        .update(P, activity)
        .body("Hello 2")
        .send()
        .await
        .map(drop));
    case!("delete_activity", |a| a
        .activities()
        .delete(P, activity)
        .await);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
