//! The same calls as `quickstart`, from plain synchronous code: no async runtime of your own,
//! no dependency besides `connect-client` (feature `blocking`).
//!
//! `CONNECT_API_KEY="ApiKey SU-…:…" cargo run -p connect-client --features blocking --example connect-blocking`

use connect_client::ConnectClient;
use connect_client::rql::R;

fn main() -> Result<(), connect_client::Error> {
    let cc = ConnectClient::from_env()?.blocking()?;
    let published = cc
        .client()
        .collection("products")
        .filter(R::new().n("status").eq("published"))
        .order_by(["-id"]);
    println!("{} published products", cc.run(|_| published.count())?);

    // A plain iterator: pages are fetched as it advances.
    for product in cc.iter(|_| published.clone().slice(0..10).stream()) {
        let product = product?;
        println!("{:<16} {}", product["id"], product["name"]);
    }
    Ok(())
}
