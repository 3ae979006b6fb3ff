//! The Rust side of the parity scenarios: each name of `tests/connect_parity/scenarios.py`, done
//! with `connect-client` the way a user would write it.

use connect_client::rql::{R, RqlValue};
use connect_client::{ConnectClient, Error, ResourceSet};
use futures_util::TryStreamExt;
use serde_json::{Value, json};

const TRICKY: &str = "a&b #c=d,(e) ñ";

/// Every scenario this side knows, in the order of the Python script.
pub(crate) const NAMES: &[&str] = &[
    "iterate_all_pages",
    "iterate_limit_50",
    "iterate_filtered_kwargs",
    "iterate_small_limit_10",
    "iterate_empty",
    "iterate_without_content_range",
    "slice_5_18",
    "slice_0_3",
    "slice_20_40",
    "slice_count_10_20",
    "slice_small_5_18_limit_10",
    "slice_small_20_40_limit_10",
    "slice_small_past_end_limit_10",
    "count",
    "count_after_iteration",
    "first",
    "first_of_empty",
    "index_5",
    "filter_r_and_kwargs",
    "filter_string_expression",
    "filter_or_and_not",
    "filter_dates_bools_numbers",
    "filter_null_empty_like",
    "filter_value_with_space",
    "filter_in_out_ne",
    "filter_quoted_with_spaces",
    "filter_unicode",
    "filter_special_characters",
    "search_hello_world",
    "search_ampersand",
    "select_order_by_chain",
    "full_chain_count",
    "values_list",
    "configure_params",
    "create",
    "create_empty_payload",
    "bulk_create",
    "bulk_update",
    "bulk_delete",
    "resource_get",
    "resource_int_id",
    "resource_update",
    "resource_delete",
    "resource_exists",
    "resource_exists_404",
    "resource_get_404",
    "resource_values",
    "resource_id_with_space",
    "resource_id_unicode",
    "resource_id_with_slash",
    "resource_id_with_question_mark",
    "resource_id_dot_dot",
    "endpoint_trailing_slash",
    "resource_action_get",
    "resource_action_post",
    "resource_action_post_no_payload",
    "resource_action_put",
    "resource_action_delete",
    "collection_action_get",
    "collection_action_post",
    "nested_namespace_action",
    "nested_namespaces_count",
    "sub_collection_iterate",
    "underscore_sugar",
    "low_level_calls",
    "error_400",
    "error_500",
    "error_500_on_a_page",
    "exists_500",
    "retry_get_502",
    "retry_get_500",
    "retry_post_502",
    "no_retry_429",
];

/// The count and the first and last ids of some items (like the script's `summary`).
fn summary(items: &[Value]) -> Value {
    json!({
        "n": items.len(),
        "first": items.first().map(|i| i["id"].clone()),
        "last": items.last().map(|i| i["id"].clone()),
    })
}

async fn collect(rs: ResourceSet) -> Result<Value, Error> {
    Ok(summary(&rs.try_collect().await?))
}

fn item_id(item: Option<Value>) -> Value {
    item.map_or(Value::Null, |i| i["id"].clone())
}

/// Runs one scenario; `Ok(None)` when the name is unknown here.
pub(crate) async fn run(name: &str, cc: &ConnectClient) -> Option<Result<Value, Error>> {
    let products = cc.collection("products");
    let small = cc.collection("small");
    let prd = products.resource("PRD-1");
    let result = match name {
        // Pagination and slicing.
        "iterate_all_pages" => collect(products.list()).await,
        "iterate_limit_50" => collect(products.list().page_size(50)).await,
        "iterate_filtered_kwargs" => {
            collect(products.filter(R::kwargs([("status", "published")]))).await
        }
        "iterate_small_limit_10" => collect(small.list()).await,
        "iterate_empty" => collect(cc.collection("empty").list()).await,
        "iterate_without_content_range" => collect(cc.collection("nocr").list()).await,
        "slice_5_18" => collect(products.list().slice(5..18)).await,
        "slice_0_3" => collect(products.list().slice(0..3)).await,
        "slice_20_40" => collect(products.list().slice(20..40)).await,
        "slice_count_10_20" => products.list().slice(10..20).count().await.map(Value::from),
        "slice_small_5_18_limit_10" => collect(small.list().slice(5..18)).await,
        "slice_small_20_40_limit_10" => collect(small.list().slice(20..40)).await,
        "slice_small_past_end_limit_10" => collect(small.list().slice(30..40)).await,
        "count" => products.list().count().await.map(Value::from),
        "count_after_iteration" => count_after_iteration(cc).await,
        "first" => products.list().first().await.map(item_id),
        "first_of_empty" => cc.collection("empty").list().first().await.map(item_id),
        "index_5" => products.list().get(5).await.map(item_id),
        // Filters, search, select and ordering.
        "filter_r_and_kwargs" => {
            let query =
                R::new().n("a.b").eq("x") & R::kwargs([("c__in", RqlValue::list(["1", "2"]))]);
            let rs = products.filter(query).filter(R::kwargs([("d__gt", 3)]));
            rs.count().await.map(Value::from)
        }
        "filter_string_expression" => products
            .list()
            .filter_rql("eq(status,published)")
            .count()
            .await
            .map(Value::from),
        "filter_or_and_not" => {
            let query = R::kwargs([("a", 1)]) | !R::kwargs([("b", "2")]);
            products.filter(query).count().await.map(Value::from)
        }
        "filter_dates_bools_numbers" => {
            let query = R::new().n("created").ge("2024-05-17")
                & R::new().n("active").eq(true)
                & R::new().n("price").lt(9.5);
            products.filter(query).count().await.map(Value::from)
        }
        "filter_null_empty_like" => {
            let query = R::new().n("x").null(true)
                & R::new().n("y").empty(false)
                & R::new().n("name").ilike("*saas*");
            products.filter(query).count().await.map(Value::from)
        }
        "filter_value_with_space" => {
            let query = R::new().n("name").ilike("*saas services*");
            products.filter(query).count().await.map(Value::from)
        }
        "filter_in_out_ne" => {
            let query = R::new().n("status").in_(["draft", "published"])
                & R::new().n("kind").out(["a", "b"])
                & R::new().n("owner").ne("me");
            products.filter(query).count().await.map(Value::from)
        }
        "filter_quoted_with_spaces" => count_name(cc, "\"x y\"").await,
        "filter_unicode" => count_name(cc, "ñandú").await,
        "filter_special_characters" => count_name(cc, TRICKY).await,
        "search_hello_world" => products
            .list()
            .search("hello world")
            .first()
            .await
            .map(item_id),
        "search_ampersand" => products.list().search("a&b").count().await.map(Value::from),
        "select_order_by_chain" => {
            collect(small.list().select(["-a", "b"]).order_by(["x", "-y"])).await
        }
        "full_chain_count" => {
            let rs = products
                .list()
                .page_size(5)
                .order_by(["a"])
                .order_by(["-b"])
                .select(["x"])
                .select(["-y"])
                .filter(R::kwargs([("a", 1)]))
                .filter_rql("eq(b,2)")
                .search("s");
            rs.count().await.map(Value::from)
        }
        "values_list" => {
            let rows = small.list().page_size(10).slice(0..3).values_list(&[
                "id",
                "inner.title",
                "nope.x",
            ]);
            rows.try_collect::<Vec<_>>().await.map(|rows| json!(rows))
        }
        "configure_params" => collect(small.list().param("x", "1")).await,
        // Create, bulk operations, resources.
        "create" => {
            products
                .create(&json!({"name": "P", "tags": ["a", "b"], "n": 1, "ok": true}))
                .await
        }
        "create_empty_payload" => products.create(&json!({})).await,
        "bulk_create" => {
            products
                .bulk_create(&[json!({"name": "A"}), json!({"name": "B"})])
                .await
        }
        "bulk_update" => {
            products
                .bulk_update(&[json!({"id": "PRD-1", "name": "A"})])
                .await
        }
        "bulk_delete" => {
            products
                .bulk_delete(&[json!({"id": "PRD-1"}), json!({"id": "PRD-2"})])
                .await
        }
        "resource_get" => prd.get().await,
        "resource_int_id" => products.resource(123).get().await,
        "resource_update" => prd.update(&json!({"name": "Q", "n": 2})).await,
        "resource_delete" => prd.delete().await,
        "resource_exists" => prd.exists().await.map(Value::from),
        "resource_exists_404" => products.resource("PRD-404").exists().await.map(Value::from),
        "resource_get_404" => products.resource("PRD-404").get().await,
        "resource_values" => prd
            .values(&["id", "inner.title", "nope"])
            .await
            .map(Value::Object),
        "resource_id_with_space" => products.resource("a b").get().await,
        "resource_id_unicode" => products.resource("ñ").get().await,
        "resource_id_with_slash" => products.resource("a/b").get().await,
        "resource_id_with_question_mark" => products.resource("a?b").get().await,
        "resource_id_dot_dot" => products.resource("..").get().await,
        "endpoint_trailing_slash" => prd.get().await,
        // Actions and namespaces.
        "resource_action_get" => prd.action("endsale").get().await,
        "resource_action_post" => {
            prd.action("endsale")
                .post(Some(&json!({"reason": "old", "at": [1, 2]})))
                .await
        }
        "resource_action_post_no_payload" => prd.action("approve").post(None::<&Value>).await,
        "resource_action_put" => prd.action("endsale").put(Some(&json!({"x": 1}))).await,
        "resource_action_delete" => prd.action("endsale").delete().await,
        "collection_action_get" => products.action("stats").get().await,
        "collection_action_post" => {
            products
                .action("reprocess")
                .post(Some(&json!({"all": true})))
                .await
        }
        "nested_namespace_action" => {
            let env = cc
                .ns("devops")
                .collection("services")
                .resource("SRVC-1")
                .collection("environments")
                .resource("ENV-1");
            env.collection("variables").action("export").get().await
        }
        "nested_namespaces_count" => cc
            .ns("a")
            .ns("b")
            .collection("products")
            .list()
            .count()
            .await
            .map(Value::from),
        "sub_collection_iterate" => collect(prd.collection("items").list()).await,
        "underscore_sugar" => cc
            .collection("my-collection")
            .list()
            .first()
            .await
            .map(item_id),
        "low_level_calls" => low_level_calls(cc).await,
        // Errors and retries.
        "error_400" => cc.collection("bad").create(&json!({"x": 1})).await,
        "error_500" | "retry_get_500" => products.resource("PRD-500").get().await,
        "error_500_on_a_page" => collect(cc.collection("broken").list()).await,
        "exists_500" => products.resource("PRD-500").exists().await.map(Value::from),
        "retry_get_502" => cc
            .collection("gateway")
            .list()
            .count()
            .await
            .map(Value::from),
        "retry_post_502" => cc.collection("gateway").create(&json!({"x": 1})).await,
        "no_retry_429" => cc.collection("busy").list().count().await.map(Value::from),
        _ => return None,
    };
    Some(result)
}

async fn count_name(cc: &ConnectClient, name: &str) -> Result<Value, Error> {
    let rs = cc
        .collection("products")
        .filter(R::kwargs([("name", name)]));
    rs.count().await.map(Value::from)
}

async fn count_after_iteration(cc: &ConnectClient) -> Result<Value, Error> {
    let rs = cc.collection("small").list();
    let n = rs.try_collect().await?.len();
    Ok(json!([n, rs.count().await?]))
}

async fn low_level_calls(cc: &ConnectClient) -> Result<Value, Error> {
    Ok(json!([
        cc.get("products/PRD-1/items").await?,
        cc.create("products", &json!({"a": 1})).await?,
        cc.update("products/PRD-1", &json!({"a": 2})).await?,
        cc.delete("products/PRD-1").await?,
    ]))
}
