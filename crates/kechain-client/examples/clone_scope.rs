//! Clones a scope under a new name, then shows it.
//!
//! `cargo run -p kechain-client --example clone_scope -- "Bike Project" "Bike Project (copy)"`

use kechain_client::KechainClient;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (source, target) = match (args.next(), args.next()) {
        (Some(s), Some(t)) => (s, t),
        _ => return Err("usage: clone_scope <source scope name> <new name>".into()),
    };
    let kc = KechainClient::from_env()?;
    let source = kc.scopes().list().name(&source).one().await?;
    match kc
        .scopes()
        .clone_scope(&source)
        .name(&target)
        .send()
        .await?
    {
        Some(clone) => println!("cloned into {} ({})", clone.name, clone.id),
        None => println!("the server clones in the background"),
    }
    Ok(())
}
