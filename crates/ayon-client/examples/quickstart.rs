//! Connects to the AYON server named by `AYON_SERVER_URL` and `AYON_API_KEY` (or a `.env`
//! file), prints the server version and, for every project, its folders as a tree of paths and
//! the number of products: `cargo run -p ayon-client --example ayon-quickstart`.

use ayon_client::{AyonClient, TryStreamExt};

#[tokio::main]
async fn main() -> ayon_client::Result<()> {
    let ayon = AyonClient::from_env()?;
    println!(
        "AYON {} at {}",
        ayon.server_version().await?,
        ayon.base_url()
    );
    let me = ayon.connect().await?;
    println!(
        "logged in as {} (service user: {})",
        me.name,
        ayon.is_service_user()?
    );
    for project in ayon.projects().names(Some(true), None).await? {
        println!("{project}");
        let mut folders = ayon
            .folders()
            .list(&project)
            .fields(["id", "path"])
            .prefetch(1)
            .stream();
        while let Some(folder) = folders.try_next().await? {
            println!("  {}", folder.path.unwrap_or_default());
        }
        let products = ayon.products().list(&project).fields(["id"]).all().await?;
        println!("  {} products", products.len());
    }
    Ok(())
}
