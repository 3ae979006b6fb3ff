//! Replayed recordings (see `replay/mod.rs`): the session, server, schema and project calls.

mod replay;

use ayon_client::{Error, SecretString};
use replay::*;

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
