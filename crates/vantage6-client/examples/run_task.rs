//! Creates a task in a collaboration (plain or encrypted: the client picks the codec), waits for
//! its results with progress and a timeout, and prints them.
//!
//! ```text
//! VANTAGE6_URL=http://127.0.0.1:7601 V6_USERNAME=alice V6_PASSWORD=… \
//! V6_COLLABORATION=1 V6_ORGANIZATIONS=2,3 [VANTAGE6_PRIVATE_KEY=private_key.pem] \
//! cargo run -p vantage6-client --example run_task
//! ```

use std::time::Duration;

use serde_json::json;
use vantage6_client::Vantage6Client;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let v6 = Vantage6Client::from_env()?; // VANTAGE6_PRIVATE_KEY loads the organisation's key
    let username = std::env::var("V6_USERNAME")?;
    let password = std::env::var("V6_PASSWORD")?;
    v6.authenticate(&username, &password, None)
        .await?
        .into_whoami()?;
    if v6.cryptor().is_some() {
        println!("public key: {:?}", v6.setup_encryption().await?);
    }
    let collaboration: u64 = std::env::var("V6_COLLABORATION")?.parse()?;
    let organizations = std::env::var("V6_ORGANIZATIONS")?
        .split(',')
        .map(|id| id.trim().parse())
        .collect::<Result<Vec<u64>, _>>()?;

    let task = v6
        .task()
        .create(
            collaboration,
            &organizations,
            "average",
            "harbor2.vantage6.ai/demo/average",
        )
        .description("mean age per organisation")
        .input(json!({"method": "partial_average", "args": [], "kwargs": {"column_name": "age"}}))
        .database("default")
        .send()
        .await?;
    println!(
        "task {} created ({} organisations)",
        task.id,
        organizations.len()
    );

    let results = v6
        .wait_for_results(task.id)
        .interval(Duration::from_secs(2))
        .timeout(Duration::from_secs(15 * 60))
        .on_progress(|status| println!("  status: {status}"))
        .await?;
    for result in &results {
        match result.json::<serde_json::Value>() {
            Ok(value) => println!("result {}: {value}", result.id),
            Err(e) => println!("result {}: not readable ({e})", result.id),
        }
    }
    Ok(())
}
