//! Bad input, every family: ids, names, project names and paths that are empty, blank, hold
//! `/`, `..`, `%2e%2e`, control characters, NUL, 10 MB or non-ASCII are refused as invalid
//! input with nothing sent; free text (a status, a path filter) reaches the server encoded.

mod common;

use ayon_client::AyonClient;
use common::{PROJECT, id};

fn bad_values() -> Vec<String> {
    [
        "",
        " ",
        "a/b",
        "..",
        "%2e%2e",
        "x\u{0}y",
        "x\ny",
        "tab\there",
        "ünïcode",
        "a b",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .chain([format!("{}/../x", id(1)), "x".repeat(10_000_000)])
    .collect()
}

async fn refused<T: std::fmt::Debug>(
    what: &str,
    value: &str,
    result: ayon_client::Result<T>,
) -> Option<String> {
    match result {
        Err(e) if e.is_invalid_input() => None,
        other => Some(format!(
            "{what}({:?}): {}",
            value.chars().take(20).collect::<String>(),
            format!("{other:?}").chars().take(200).collect::<String>()
        )),
    }
}

#[tokio::test]
async fn bad_ids_and_names_are_refused_with_nothing_sent() {
    let mock = common::mock().await;
    let ayon: AyonClient = mock.client();
    let mut failures = Vec::new();
    for bad in bad_values() {
        let b = bad.as_str();
        let checks = [
            refused(
                "tasks.get_by_id",
                b,
                ayon.tasks().get_by_id(PROJECT, b).await,
            )
            .await,
            refused(
                "tasks.create folder",
                b,
                ayon.tasks().create(PROJECT, "t", "Generic", b).send().await,
            )
            .await,
            refused(
                "tasks.create name",
                b,
                ayon.tasks()
                    .create(PROJECT, b, "Generic", &id(1))
                    .send()
                    .await,
            )
            .await,
            refused("tasks.delete", b, ayon.tasks().delete(PROJECT, b).await).await,
            refused(
                "products.get_rest",
                b,
                ayon.products().get_rest(PROJECT, b).await,
            )
            .await,
            refused(
                "products.create name",
                b,
                ayon.products()
                    .create(PROJECT, b, "model", &id(1))
                    .send()
                    .await,
            )
            .await,
            refused(
                "products.list folder_ids",
                b,
                ayon.products().list(PROJECT).folder_ids([b]).all().await,
            )
            .await,
            refused(
                "versions.get_by_id",
                b,
                ayon.versions().get_by_id(PROJECT, b).await,
            )
            .await,
            refused(
                "versions.is_latest",
                b,
                ayon.versions().is_latest(PROJECT, b).await,
            )
            .await,
            refused(
                "versions.create product",
                b,
                ayon.versions().create(PROJECT, 1, b).send().await,
            )
            .await,
            refused(
                "versions.last_by_product_id",
                b,
                ayon.versions().last_by_product_id(PROJECT, b).await,
            )
            .await,
            refused(
                "representations.get_rest",
                b,
                ayon.representations().get_rest(PROJECT, b).await,
            )
            .await,
            refused(
                "representations.create name",
                b,
                ayon.representations()
                    .create(PROJECT, b, &id(1))
                    .send()
                    .await,
            )
            .await,
            refused(
                "representations.hierarchy_of",
                b,
                ayon.representations().hierarchy_of(PROJECT, b).await,
            )
            .await,
            refused(
                "workfiles.get_by_id",
                b,
                ayon.workfiles().get_by_id(PROJECT, b).await,
            )
            .await,
            refused("users.get", b, ayon.users().get(Some(b)).await).await,
            refused("users.get_by_name", b, ayon.users().get_by_name(b).await).await,
            refused("projects.get_rest", b, ayon.projects().get_rest(b).await).await,
            refused(
                "projects.roots_for_platform",
                b,
                ayon.projects().roots_for_platform(PROJECT, Some(b)).await,
            )
            .await,
            refused(
                "folders.rest_list",
                b,
                ayon.folders().rest_list(b, false).await,
            )
            .await,
            refused(
                "operations project",
                b,
                ayon.send_batch_operations(b, &[], false).await,
            )
            .await,
        ];
        failures.extend(checks.into_iter().flatten());
        // A tab is allowed in a header value; other control characters are not.
        if b.chars().any(|c| c.is_control() && c != '\t') {
            failures.extend(refused("with_sender", b, ayon.with_sender(Some(b)).map(drop)).await);
            failures.extend(refused("with_site_id", b, ayon.with_site_id(Some(b)).map(drop)).await);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(mock.request_count(), 0, "nothing was sent");
}

#[tokio::test]
async fn free_text_reaches_the_server_intact() {
    let mock = common::mock_with_tree().await;
    let ayon = mock.client();
    let status = "Wait for review: ünï / 100% & more";
    ayon.folders()
        .update(PROJECT, &id(2))
        .status(status)
        .send()
        .await
        .unwrap();
    assert_eq!(
        ayon.folders()
            .get_rest(PROJECT, &id(2))
            .await
            .unwrap()
            .unwrap()
            .status
            .as_deref(),
        Some(status)
    );
    let search = "hé/ro & co?";
    ayon.folders()
        .hierarchy(PROJECT, Some(search), &[])
        .await
        .unwrap();
    let record = mock
        .requests()
        .into_iter()
        .find(|r| r.path.ends_with("/hierarchy"))
        .unwrap();
    assert_eq!(
        record.query_values("search"),
        [search],
        "sent percent-encoded, decoded intact"
    );
}
