//! The same calls as `quickstart`, from plain synchronous code: no async runtime of your own,
//! no dependency besides `kechain-client` (feature `blocking`).
//!
//! `KECHAIN_URL=https://kec.example.com KECHAIN_TOKEN=… cargo run -p kechain-client --features blocking --example kechain-blocking -- "Bike Project"`

use kechain_client::KechainClient;

fn main() -> Result<(), kechain_client::Error> {
    let name = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "Bike Project".to_owned());
    let kc = KechainClient::from_env()?.blocking()?;
    let scope = kc.run(|c| async move { c.scopes().list().name(&name).one().await })?;
    println!(
        "{} {} ({} members)",
        scope.id,
        scope.name,
        scope.members.len()
    );

    // A plain iterator: pages are fetched as it advances.
    for part in kc.iter(|c| c.parts().list().scope(&scope.id).limit(50).stream()) {
        let part = part?;
        println!("  {:<40} {}", part.name, part.id);
    }
    Ok(())
}
