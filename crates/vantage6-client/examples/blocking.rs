//! Logs in and lists organisations and collaborations from plain synchronous code: no async
//! runtime of your own, no dependency besides `vantage6-client` (feature `blocking`).
//!
//! `VANTAGE6_URL=http://127.0.0.1:7601 V6_USERNAME=root V6_PASSWORD=root cargo run -p vantage6-client --features blocking --example vantage6-blocking`

use vantage6_client::Vantage6Client;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let username = std::env::var("V6_USERNAME")?;
    let password = std::env::var("V6_PASSWORD")?;
    let v6 = Vantage6Client::from_env()?.blocking()?;
    let me = v6
        .run(|c| c.authenticate(&username, &password, None))?
        .into_whoami()?;
    println!("{} of {}", me.name, me.organization_name);

    // Plain iterators: pages are fetched as they advance.
    for org in v6.iter(|c| c.organization().list().stream()) {
        let org = org?;
        println!("organisation {:>4} {}", org.id, org.name);
    }
    for collab in v6.iter(|c| c.collaboration().list().stream()) {
        let collab = collab?;
        println!(
            "collaboration {:>4} {} (encrypted: {})",
            collab.id, collab.name, collab.encrypted
        );
    }
    Ok(())
}
