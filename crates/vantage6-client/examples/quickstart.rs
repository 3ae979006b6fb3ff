//! Logs in, prints who you are, the collaborations you can see and every rule, page by page.
//!
//! `VANTAGE6_URL=http://127.0.0.1:7601 V6_USERNAME=root V6_PASSWORD=root cargo run -p vantage6-client --example vantage6-quickstart`
//! (add `V6_MFA_CODE=123456` on a server with two-factor authentication).

use futures_util::TryStreamExt;
use vantage6_client::{AuthOutcome, Vantage6Client};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let v6 = Vantage6Client::from_env()?;
    let username = std::env::var("V6_USERNAME")?;
    let password = std::env::var("V6_PASSWORD")?;
    let code = std::env::var("V6_MFA_CODE").ok();
    let me = match v6
        .authenticate(&username, &password, code.as_deref())
        .await?
    {
        AuthOutcome::Authenticated(me) => me,
        AuthOutcome::MfaSetupRequired { qr_uri, .. } => {
            println!(
                "add this to your authenticator app, then run again with V6_MFA_CODE:\n{qr_uri}"
            );
            return Ok(());
        }
        other => return Err(format!("not logged in: {other:?}").into()),
    };
    println!("{} (id {}) of {}", me.name, me.id, me.organization_name);
    println!("server {}", v6.util().server_version().await?);

    let collaborations = v6.collaboration().list().own_organization().send().await?;
    for c in &collaborations.data {
        let kind = if c.encrypted { "encrypted" } else { "plain" };
        println!("collaboration {} {} ({kind})", c.id, c.name);
    }
    let mut rules = v6.rule().list().per_page(25).stream();
    let mut n = 0;
    while let Some(rule) = rules.try_next().await? {
        n += 1;
        println!(
            "{:>3} {:<28} {}",
            rule.id,
            rule.name,
            rule.description.unwrap_or_default()
        );
    }
    println!("{n} rules");
    Ok(())
}
