//! Signs in (offline token, or the device flow), checks the services, lists your datasets
//! page by page and shows the lineage of the first one.
//!
//! `PROVENA_DOMAIN=my-provena.cloud PROVENA_REALM=provena PROVENA_OFFLINE_TOKEN_FILE=token.txt cargo run -p provena-client --example provena-quickstart`
//! (without a token: a device flow for `client-tools`, the code printed; `PROVENA_TOKEN_FILE`
//! keeps the tokens for the next run).

use futures_util::TryStreamExt;
use provena_client::{ProvenaClient, SortType};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let provena = ProvenaClient::from_env()?;
    provena.sign_in().await?;
    println!(
        "registry: {}",
        provena.registry().health_check().await?.message
    );

    let mut datasets = provena
        .datastore()
        .list_datasets()
        .sort_by(SortType::DisplayName, true)
        .page_size(20)
        .prefetch(1)
        .stream();
    let mut first = None;
    let mut n = 0;
    while let Some(dataset) = datasets.try_next().await? {
        n += 1;
        println!("{:<20} {}", dataset.id, dataset.display_name);
        first.get_or_insert(dataset.id);
    }
    println!("{n} datasets");
    if let Some(id) = first {
        let lineage = provena.prov().explore_upstream(&id, 2).await?;
        if let Some(graph) = lineage.graph {
            for link in graph.links {
                println!("{} --{}--> {}", link.source, link.kind, link.target);
            }
        }
    }
    Ok(())
}
