//! Generic REST access (endpoint rules, responses whatever the status) and GraphQL (any query,
//! failures inside HTTP 200, the schema), schemas and attributes.

mod common;

use ayon_client::Error;
use platform_client_core::testing::{MockResponse, Routes, TestServer};
use serde_json::json;

#[tokio::test]
async fn generic_calls_answer_whatever_the_status() {
    let mock = common::mock_with_tree().await;
    let ayon = mock.client();
    let ok = ayon.get("projects", &[("active", "true")]).await.unwrap();
    assert_eq!(ok.status(), 200);
    assert!(ok.is_success());
    assert_eq!(ok.content_type(), Some("application/json"));
    assert_eq!(ok.data()["count"], 1);
    assert_eq!(ok.get("count"), Some(json!(1)));
    assert!(ok.text().contains("\"projects\""));
    let same = ayon
        .get(&format!("{}/api/projects", mock.base_url()), &[])
        .await
        .unwrap();
    assert_eq!(
        same.status(),
        200,
        "a full URL under the server is used as is"
    );
    let missing = ayon.get("/projects/nothing/", &[]).await.unwrap();
    assert_eq!(missing.status(), 404);
    assert_eq!(missing.detail(), "Project nothing not found");
    let error = missing.clone().error_for_status().unwrap_err();
    assert!(error.is_not_found(), "{error}");
    let created = ayon
        .post(
            "projects/demo/folders",
            &json!({"name": "raw", "folderType": "Folder"}),
        )
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let id = created.get("id").unwrap();
    let path = format!("projects/demo/folders/{}", id.as_str().unwrap());
    assert_eq!(
        ayon.patch(&path, &json!({"label": "Raw"}))
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(
        ayon.put("projects/demo/nothing", &json!({}))
            .await
            .unwrap()
            .status(),
        405
    );
    assert_eq!(
        ayon.delete(&path, &[("force", "true")])
            .await
            .unwrap()
            .status(),
        204
    );
    let raw = ayon
        .raw_post("projects/demo/folders")
        .body("application/json", r#"{"name": "bad name!"}"#)
        .header("x-extra", "1")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 400);
    let Error::Api { errors, .. } = raw.error_for_status().unwrap_err() else {
        panic!("a validation error")
    };
    assert_eq!(
        errors[0].msg,
        "string does not match regex '^[a-zA-Z0-9_]([a-zA-Z0-9_\\.\\-]*[a-zA-Z0-9_])?$'"
    );
    ayon.raw_get("info")
        .query("x", 1)
        .timeout(std::time::Duration::from_secs(5))
        .send()
        .await
        .unwrap();
    ayon.raw_put("projects/demo").send().await.unwrap();
    ayon.raw_patch("projects/demo")
        .json(&json!({"active": true}))
        .send()
        .await
        .unwrap();
    ayon.raw_delete("projects/demo/folders/nothing")
        .send()
        .await
        .unwrap();
    for bad in ["", "../etc/passwd", "projects/%2e%2e/x", "a\nb"] {
        assert!(
            ayon.get(bad, &[]).await.unwrap_err().is_invalid_input(),
            "{bad:?}"
        );
    }
    assert!(
        ayon.raw_get("info")
            .header("x-bad", "a\nb")
            .send()
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    insta::assert_json_snapshot!("generic_requests", common::snapshot(mock.requests()));
}

#[tokio::test]
async fn graphql_failures_inside_http_200_are_typed() {
    let mock = common::mock_with_tree().await;
    let ayon = mock.client();
    let answer = ayon.query_graphql("query FoldersQuery($projectName: String!) { project(name: $projectName) { folders { edges { node { name } } } } }",
        Some(serde_json::Map::from_iter([("projectName".to_owned(), json!("demo"))]))).await.unwrap();
    assert_eq!(
        answer.pointer("/project/folders/edges/0/node/name"),
        Some(&json!("assets"))
    );
    let failed = ayon
        .query_graphql("query Nonsense { nonsense }", None)
        .await
        .unwrap_err();
    let Error::GraphQl(failed) = failed else {
        panic!("{failed:?}")
    };
    assert!(failed.errors[0].message.contains("Nonsense"));
    assert_eq!(failed.errors[0].locations[0].line, 1);
    assert!(
        ayon.query_graphql("  ", None)
            .await
            .unwrap_err()
            .is_invalid_input()
    );

    let recorded = json!({"data": null, "errors": [{"message": "Cannot query field 'nonsense' on type 'Query'.",
        "locations": [{"line": 1, "column": 9}], "path": null}]});
    let server = TestServer::routes(Routes::new().on(
        "POST",
        "/graphql",
        MockResponse::json(200, &recorded),
    ))
    .await;
    let ayon = ayon_client::AyonClient::builder(server.base_url())
        .no_proxy()
        .api_key("k1")
        .build()
        .unwrap();
    let error = ayon.folders().list("demo").all().await.unwrap_err();
    let Error::GraphQl(failed) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(failed.operation.as_deref(), Some("FoldersQuery"));
    assert_eq!(
        error.to_string(),
        "GraphQL query failed: Cannot query field 'nonsense' on type 'Query'. (Line 1 Column 9)"
    );
}

#[tokio::test]
async fn schemas_and_attributes() {
    let mock = common::mock().await;
    let ayon = mock.client();
    assert_eq!(ayon.server_schema().await.unwrap()["openapi"], "3.1.0");
    assert!(ayon.schemas().await.unwrap().contains_key("FolderModel"));
    let folder = ayon.attributes_for_type("folder").await.unwrap();
    assert_eq!(folder["fps"]["type"], "float");
    assert!(!folder.contains_key("email"));
    assert_eq!(
        ayon.attributes_fields_for_type("user").await.unwrap(),
        ["attrib.fullName", "attrib.email", "attrib.avatarUrl"]
    );
    let fields = ayon.default_fields_for_type("folder").await.unwrap();
    assert!(fields.contains(&"folderType".to_owned()) && fields.contains(&"attrib.fps".to_owned()));
    assert_eq!(
        ayon.default_fields_for_type("productType").await.unwrap(),
        ["name", "icon", "color"]
    );
    assert_eq!(
        mock.calls("GET", "/api/attributes"),
        1,
        "the schema is read once"
    );
    ayon.reset_attributes_schema();
    ayon.attributes_schema(true).await.unwrap();
    ayon.attributes_schema(false).await.unwrap();
    assert_eq!(mock.calls("GET", "/api/attributes"), 3);
    assert!(
        ayon.attributes_for_type("spaceship")
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(ayon.graphql_allows_data_in_query().await.unwrap());
    let schema = ayon.graphql_schema().await.unwrap_err();
    assert!(
        matches!(schema, Error::GraphQl(_)),
        "the stand-in has no introspection: {schema}"
    );
    insta::assert_json_snapshot!("schema_requests", common::snapshot(mock.requests()));
}

#[tokio::test]
async fn a_token_in_a_query_stays_out_of_responses_and_errors() {
    let mock = common::mock().await;
    let ayon = mock.client();
    let answer = ayon
        .raw_get("projects/nothing")
        .query("token", "secret-in-the-query")
        .send()
        .await
        .unwrap();
    assert!(!format!("{answer:?}").contains("secret-in-the-query"));
    let error = answer.error_for_status().unwrap_err();
    assert!(
        !format!("{error} {error:?}").contains("secret-in-the-query"),
        "{error}"
    );
}

#[tokio::test]
async fn attribute_configuration_changes_forget_the_cached_schema() {
    let mock = common::mock().await;
    let ayon = mock.client();
    ayon.attributes_schema(true).await.unwrap();
    let data = json!({"type": "string", "title": "My attr"})
        .as_object()
        .cloned()
        .unwrap();
    ayon.set_attribute_config("myAttr", data.clone(), &["folder", "task"], None, false)
        .await
        .unwrap();
    ayon.set_attribute_config("myAttr", data, &["folder"], Some(3), false)
        .await
        .unwrap();
    ayon.attributes_schema(true).await.unwrap();
    ayon.remove_attribute_config("myAttr").await.unwrap();
    assert!(
        ayon.remove_attribute_config("a")
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        ayon.set_attribute_config("my_attr", serde_json::Map::new(), &["folder"], None, false)
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        ayon.set_attribute_config("ok12", serde_json::Map::new(), &["spaceship"], None, false)
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    let puts: Vec<_> = mock
        .requests()
        .into_iter()
        .filter(|r| r.method == "PUT")
        .collect();
    let platform_client_core::testing::RecordedBody::Json(first) = &puts[0].body else {
        panic!("{:?}", puts[0].body)
    };
    assert_eq!(first["position"], 8, "after the 8 attributes");
    assert_eq!(
        mock.calls("GET", "/api/attributes"),
        3,
        "read for the position, and again after the change"
    );
    insta::assert_json_snapshot!(
        "attribute_config_requests",
        common::snapshot(mock.requests())
    );
}
