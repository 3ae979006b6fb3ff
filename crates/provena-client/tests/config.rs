//! Configuration from the environment: the domain, realm and overrides, and the sign-in it
//! picks (static token, offline token or file, device flow with a token file); bad values
//! refused before anything is built.

use platform_client_core::Env;
use provena_client::{Config, ProvenaClient, Service};

fn env(pairs: &[(&str, &str)]) -> Env {
    Env::with_values(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())))
}

#[test]
fn the_deployment_and_its_overrides_come_from_the_environment() {
    let config = Config::from_env(&env(&[
        ("PROVENA_DOMAIN", "my-provena.cloud"),
        ("PROVENA_REGISTRY_API_ENDPOINT", "http://localhost:8000/"),
        (
            "PROVENA_KEYCLOAK_ENDPOINT",
            "http://localhost:8080/realms/test",
        ),
    ]))
    .unwrap();
    assert_eq!(config.realm(), "provena", "the default realm");
    assert_eq!(config.endpoint(Service::Registry), "http://localhost:8000");
    assert_eq!(
        config.endpoint(Service::Prov),
        "https://prov-api.my-provena.cloud"
    );
    assert_eq!(
        config.keycloak_endpoint(),
        "http://localhost:8080/realms/test"
    );
    assert!(Config::from_env(&env(&[])).unwrap_err().is_invalid_input());
    assert!(
        Config::from_env(&env(&[
            ("PROVENA_DOMAIN", "x.io"),
            ("PROVENA_PROV_API_ENDPOINT", "not a url")
        ]))
        .is_err()
    );
}

#[test]
fn the_sign_in_is_chosen_from_the_environment() {
    let base = [
        ("PROVENA_DOMAIN", "my-provena.cloud"),
        ("PROVENA_REALM", "rrap"),
    ];
    let built = |extra: &[(&str, &str)]| {
        let mut pairs = base.to_vec();
        pairs.extend_from_slice(extra);
        ProvenaClient::builder_from_env(&env(&pairs)).and_then(|b| b.build())
    };
    assert!(built(&[("PROVENA_ACCESS_TOKEN", "tok")]).is_ok());
    assert!(built(&[("PROVENA_OFFLINE_TOKEN", "offline")]).is_ok());
    assert!(
        built(&[("PROVENA_OFFLINE_TOKEN", "a b")])
            .unwrap_err()
            .is_invalid_input()
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("offline.txt");
    std::fs::write(&file, "offline-from-file\n").unwrap();
    assert!(built(&[("PROVENA_OFFLINE_TOKEN_FILE", file.to_str().unwrap())]).is_ok());
    let missing = dir.path().join("missing.txt");
    assert!(built(&[("PROVENA_OFFLINE_TOKEN_FILE", missing.to_str().unwrap())]).is_err());
    let device = built(&[("PROVENA_TOKEN_FILE", "tokens.json")]).unwrap();
    assert_eq!(device.config().realm(), "rrap");
    let shown = format!("{device:?}");
    assert!(!shown.contains("offline-from-file"));
}
