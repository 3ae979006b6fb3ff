//! The Provena quickstart against the `testing` stand-in (the seven APIs and Keycloak), or
//! the deployment named by `PROVENA_DOMAIN` (read-only there, signed in from the
//! environment).

use std::time::Instant;

use provena_client::models::{ItemSubType, OrganisationDomainInfo};
use provena_client::testing::ProvenaMock;
use provena_client::{Env, ProvenaClient, SortType};

use super::{Part, Row};

const ORGANISATIONS: usize = 120;

/// Runs the quickstart and returns its rows.
pub(crate) async fn part() -> Result<Vec<Row>, String> {
    let env = Env::discover().map_err(|e| e.to_string())?;
    let real = env.get("PROVENA_DOMAIN").is_some();
    let mock = if real {
        None
    } else {
        Some(ProvenaMock::start().await)
    };
    let provena = match &mock {
        Some(m) => m.offline_client(),
        None => ProvenaClient::builder_from_env(&env)
            .and_then(|b| b.build())
            .map_err(|e| e.to_string())?,
    };
    let count = || mock.as_ref().map_or(0, ProvenaMock::request_count);
    let mut part = Part::new(
        "provena",
        if real {
            provena.config().domain().to_owned()
        } else {
            "embedded stand-in".into()
        },
    );

    let started = Instant::now();
    let outcome = match provena.sign_in().await {
        Ok(()) => "RS256 token checked against the realm key".into(),
        Err(e) => format!("error: {e}"),
    };
    part.step("sign in (offline token)", outcome, started, count());

    if mock.is_some() {
        let started = Instant::now();
        let mut made = 0;
        for i in 0..ORGANISATIONS {
            let org = OrganisationDomainInfo::new(&format!("Organisation {i:03}"));
            if provena
                .registry()
                .create_item(ItemSubType::Organisation, &org)
                .await
                .is_ok()
            {
                made += 1;
            }
        }
        part.step(
            "create organisations",
            format!("{made} created"),
            started,
            count(),
        );
    }

    let started = Instant::now();
    let outcome = match provena
        .registry()
        .list_items(ItemSubType::Organisation)
        .map_err(|e| e.to_string())?
        .sort_by(SortType::DisplayName, true)
        .page_size(25)
        .prefetch(1)
        .all()
        .await
    {
        Ok(all) => format!("{} items, pages of 25, 1 ahead", all.len()),
        Err(e) => format!("error: {e}"),
    };
    part.step(
        "stream organisations (pagination_key)",
        outcome,
        started,
        count(),
    );

    let started = Instant::now();
    let outcome = match provena.datastore().fetch_dataset("10378.1/0").await {
        Err(provena_client::Error::Failed { details }) => {
            format!("typed: {}", details.chars().take(30).collect::<String>())
        }
        other => format!("{:?}", other.map(|_| "found")),
    };
    part.step(
        "a missing dataset (HTTP 200, success=false)",
        outcome,
        started,
        count(),
    );

    let started = Instant::now();
    let outcome = match provena.datastore().fetch_dataset("10378.1/").await {
        Err(e) => format!("rejected before sending: {}", e.is_invalid_input()),
        Ok(_) => "unexpected success".into(),
    };
    part.step("a handle without a suffix", outcome, started, count());
    Ok(part.rows())
}
