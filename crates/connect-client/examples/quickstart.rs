//! Counts published products, prints the first page of them and the values of one product.
//!
//! `CONNECT_API_KEY="ApiKey SU-…:…" cargo run -p connect-client --example connect-quickstart`

use connect_client::ConnectClient;
use connect_client::rql::R;
use futures_util::TryStreamExt;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let cc = ConnectClient::from_env()?;
    let published = cc
        .collection("products")
        .filter(R::new().n("status").eq("published"))
        .order_by(["-id"]);
    println!("{} published products", published.count().await?);
    let mut rows = published
        .clone()
        .slice(0..10)
        .values_list(&["id", "name", "owner.name"]);
    while let Some(row) = rows.try_next().await? {
        println!(
            "{:<16} {:<40} {}",
            row["id"], row["name"], row["owner.name"]
        );
    }
    if let Some(first) = published.first().await? {
        let id = first["id"].as_str().unwrap_or_default().to_owned();
        let values = cc
            .collection("products")
            .resource(id)
            .values(&["id", "version"])
            .await?;
        println!("{values:?}");
    }
    Ok(())
}
