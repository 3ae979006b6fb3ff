//! The AYON quickstart against the `testing` stand-in (or the server named by
//! `AYON_SERVER_URL` / `AYON_API_KEY`, read-only there).

use std::time::Instant;

use ayon_client::testing::{ADMIN_PASSWORD, AyonMock};
use ayon_client::{AyonClient, Env};
use serde_json::json;

use super::{Part, Row};

const PROJECT: &str = "demo";
const FOLDERS: usize = 1_500;

/// Runs the quickstart and returns its rows.
pub(crate) async fn part() -> Result<Vec<Row>, String> {
    let env = Env::discover().map_err(|e| e.to_string())?;
    let real = env.get("AYON_SERVER_URL").is_some();
    let mock = if real {
        None
    } else {
        Some(AyonMock::start().await)
    };
    let ayon = match &mock {
        Some(m) => m.builder().build().map_err(|e| e.to_string())?,
        None => AyonClient::builder_from_env(&env)
            .and_then(|b| b.build())
            .map_err(|e| e.to_string())?,
    };
    let count = || mock.as_ref().map_or(0, AyonMock::request_count);
    let mut part = Part::new(
        "ayon",
        if real {
            ayon.base_url().to_owned()
        } else {
            "embedded stand-in".into()
        },
    );

    let started = Instant::now();
    let outcome = match ayon.server_version().await {
        Ok(v) => format!("AYON {v}"),
        Err(e) => format!("error: {e}"),
    };
    part.step("server version (semver)", outcome, started, count());

    let project = if let Some(m) = &mock {
        m.add_project(PROJECT);
        let started = Instant::now();
        let outcome = match ayon.login("admin", ADMIN_PASSWORD).await {
            Ok(answer) => answer.detail.unwrap_or_default(),
            Err(e) => format!("error: {e}"),
        };
        part.step("login", outcome, started, count());
        let started = Instant::now();
        let mut batch = ayon.operations(PROJECT);
        batch.chunk_size(500);
        for i in 0..FOLDERS {
            batch.create(
                "folder",
                json!({"name": format!("shot_{i:04}"), "folderType": "Shot"})
                    .as_object()
                    .cloned()
                    .unwrap_or_default(),
            );
        }
        let outcome = match batch.commit().await {
            Ok(results) => format!("{} folders in batches of 500", results.len()),
            Err(e) => format!("error: {e}"),
        };
        part.step(
            "create folders (batch operations)",
            outcome,
            started,
            count(),
        );
        PROJECT.to_owned()
    } else {
        match ayon.projects().names(Some(true), None).await {
            Ok(names) => names.into_iter().next().unwrap_or_default(),
            Err(e) => return Err(format!("listing projects: {e}")),
        }
    };

    let started = Instant::now();
    let outcome = match ayon
        .folders()
        .list(&project)
        .fields(["id", "path"])
        .page_size(300)
        .prefetch(1)
        .all()
        .await
    {
        Ok(all) => format!("{} folders, pages of 300, 1 ahead", all.len()),
        Err(e) => format!("error: {e}"),
    };
    part.step("stream every folder (GraphQL)", outcome, started, count());

    let started = Instant::now();
    let outcome = match ayon
        .query_graphql("query Nonsense { nonsense }", None)
        .await
    {
        Err(ayon_client::Error::GraphQl(failed)) => {
            format!("typed: {} error(s)", failed.errors.len())
        }
        other => format!("unexpected: {other:?}"),
    };
    part.step(
        "a failing GraphQL query (HTTP 200)",
        outcome,
        started,
        count(),
    );

    let started = Instant::now();
    let outcome = match ayon.folders().create(&project, "../etc").send().await {
        Err(e) => format!("rejected before sending: {}", e.is_invalid_input()),
        Ok(_) => "unexpected success".into(),
    };
    part.step("a folder named `../etc`", outcome, started, count());
    Ok(part.rows())
}
