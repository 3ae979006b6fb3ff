//! Connects with `KECHAIN_URL` + `KECHAIN_TOKEN` (environment or `.env`), finds a scope and lists
//! the active scopes page by page.
//!
//! `KECHAIN_URL=https://kec.example.com KECHAIN_TOKEN=… cargo run -p kechain-client --example kechain-quickstart -- "Bike Project"`

use futures_util::TryStreamExt;
use kechain_client::KechainClient;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let name = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "Bike Project".to_owned());
    let kc = KechainClient::from_env()?;
    let scope = kc.scopes().list().name(&name).one().await?;
    println!(
        "{} {} ({} members)",
        scope.id,
        scope.name,
        scope.members.len()
    );

    let mut scopes = kc.scopes().list().limit(50).stream();
    while let Some(s) = scopes.try_next().await? {
        println!(
            "  {:<40} {}",
            s.name,
            s.status.map(|st| st.to_string()).unwrap_or_default()
        );
    }
    if kc
        .match_app_version(
            kechain_client::api::versions::App::Label("pim"),
            ">=3.0.0",
            Some(false),
        )
        .await?
    {
        println!("widget types: {}", kc.widget_schemas().await?.len());
    }
    Ok(())
}
