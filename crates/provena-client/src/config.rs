//! Where the seven APIs and Keycloak are: derived from the domain and realm as the reference
//! does (`https://{prefix}.{domain}`), each overridable.

use platform_client_core::Env;

use crate::error::{Error, Result};

/// One of the Provena APIs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Service {
    /// The data store (`data-api.`).
    Datastore,
    /// The registry (`registry-api.`).
    Registry,
    /// The provenance API (`prov-api.`).
    Prov,
    /// The auth API (`auth-api.`).
    Auth,
    /// Search (`search.`).
    Search,
    /// The job API (`job-api.`).
    Jobs,
    /// The ID (handle) service (`handle.`).
    Handle,
}

impl Service {
    /// Every service.
    pub const ALL: [Service; 7] = [
        Service::Datastore,
        Service::Registry,
        Service::Prov,
        Service::Auth,
        Service::Search,
        Service::Jobs,
        Service::Handle,
    ];

    /// The host prefix: `https://{prefix}.{domain}`.
    pub fn prefix(self) -> &'static str {
        match self {
            Service::Datastore => "data-api",
            Service::Registry => "registry-api",
            Service::Prov => "prov-api",
            Service::Auth => "auth-api",
            Service::Search => "search",
            Service::Jobs => "job-api",
            Service::Handle => "handle",
        }
    }

    /// The environment variable of its override (`PROVENA_DATASTORE_API_ENDPOINT`, ...).
    pub fn env_var(self) -> &'static str {
        match self {
            Service::Datastore => "PROVENA_DATASTORE_API_ENDPOINT",
            Service::Registry => "PROVENA_REGISTRY_API_ENDPOINT",
            Service::Prov => "PROVENA_PROV_API_ENDPOINT",
            Service::Auth => "PROVENA_AUTH_API_ENDPOINT",
            Service::Search => "PROVENA_SEARCH_API_ENDPOINT",
            Service::Jobs => "PROVENA_JOBS_SERVICE_API_ENDPOINT",
            Service::Handle => "PROVENA_HANDLE_SERVICE_API_ENDPOINT",
        }
    }

    fn index(self) -> usize {
        Service::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }
}

/// A Provena deployment: its domain, Keycloak realm and any per-service URL (the reference's
/// `Config` with `APIOverrides`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    domain: String,
    realm: String,
    overrides: [Option<String>; 7],
    keycloak: Option<String>,
}

/// A URL as given: trimmed, without a trailing `/`, `http(s)://` required.
fn check_url(what: &str, url: &str) -> Result<String> {
    let url = url.trim().trim_end_matches('/');
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !url.chars().any(char::is_whitespace) => {
            Ok(url.to_owned())
        }
        _ => Err(Error::invalid(format!(
            "`{what}` must be an http(s) URL, not {url:?}"
        ))),
    }
}

impl Config {
    /// A deployment at `domain` (`my-provena.cloud`) with the Keycloak realm `realm`
    /// (`provena`). Nothing is contacted.
    pub fn new(domain: &str, realm: &str) -> Result<Config> {
        let domain = domain.trim().trim_end_matches('/');
        let ok_domain = !domain.is_empty()
            && domain
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':'));
        if !ok_domain {
            return Err(Error::invalid(format!(
                "`domain` must be a host name such as my-provena.cloud (no scheme, no path), not {domain:?}"
            )));
        }
        let realm = realm.trim();
        if realm.is_empty()
            || realm.contains(['/', '?', '#'])
            || realm.chars().any(char::is_whitespace)
        {
            return Err(Error::invalid(format!(
                "`realm` must be a Keycloak realm name, not {realm:?}"
            )));
        }
        Ok(Config {
            domain: domain.to_owned(),
            realm: realm.to_owned(),
            overrides: Default::default(),
            keycloak: None,
        })
    }

    /// Sends `service`'s requests to `url` instead of `https://{prefix}.{domain}`.
    pub fn with_endpoint(mut self, service: Service, url: &str) -> Result<Config> {
        self.overrides[service.index()] = Some(check_url("endpoint", url)?);
        Ok(self)
    }

    /// Uses `url` as the realm's URL (`.../realms/{realm}`) instead of
    /// `https://auth.{domain}/auth/realms/{realm}`.
    pub fn with_keycloak_endpoint(mut self, url: &str) -> Result<Config> {
        self.keycloak = Some(check_url("keycloak_endpoint", url)?);
        Ok(self)
    }

    /// Every service at `url` (and Keycloak at `url/auth/realms/{realm}`): for a stand-in on
    /// one port.
    pub fn with_all_endpoints(mut self, url: &str) -> Result<Config> {
        let url = check_url("endpoint", url)?;
        for service in Service::ALL {
            self.overrides[service.index()] = Some(url.clone());
        }
        self.keycloak = Some(format!("{url}/auth/realms/{}", self.realm));
        Ok(self)
    }

    /// The domain.
    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// The Keycloak realm.
    pub fn realm(&self) -> &str {
        &self.realm
    }

    /// A service's base URL (no trailing `/`).
    pub fn endpoint(&self, service: Service) -> String {
        match &self.overrides[service.index()] {
            Some(url) => url.clone(),
            None => format!("https://{}.{}", service.prefix(), self.domain),
        }
    }

    /// The realm's URL: `https://auth.{domain}/auth/realms/{realm}` (the legacy `/auth`
    /// prefix, as the reference), unless overridden.
    pub fn keycloak_endpoint(&self) -> String {
        match &self.keycloak {
            Some(url) => url.clone(),
            None => format!("https://auth.{}/auth/realms/{}", self.domain, self.realm),
        }
    }

    /// From `PROVENA_DOMAIN`, `PROVENA_REALM` and the overrides (`PROVENA_<SERVICE>_..._ENDPOINT`,
    /// `PROVENA_KEYCLOAK_ENDPOINT`).
    pub fn from_env(env: &Env) -> Result<Config> {
        let domain = env
            .get("PROVENA_DOMAIN")
            .ok_or_else(|| Error::invalid("PROVENA_DOMAIN is not set"))?;
        let realm = env
            .get("PROVENA_REALM")
            .unwrap_or_else(|| "provena".to_owned());
        let mut config = Config::new(&domain, &realm)?;
        for service in Service::ALL {
            if let Some(url) = env.get(service.env_var()) {
                config = config.with_endpoint(service, &url)?;
            }
        }
        if let Some(url) = env.get("PROVENA_KEYCLOAK_ENDPOINT") {
            config = config.with_keycloak_endpoint(&url)?;
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_follow_the_reference_rules() {
        let config = Config::new("example.provena.io", "provena").unwrap();
        assert_eq!(
            config.endpoint(Service::Datastore),
            "https://data-api.example.provena.io"
        );
        assert_eq!(
            config.endpoint(Service::Search),
            "https://search.example.provena.io"
        );
        assert_eq!(
            config.endpoint(Service::Jobs),
            "https://job-api.example.provena.io"
        );
        assert_eq!(
            config.endpoint(Service::Handle),
            "https://handle.example.provena.io"
        );
        assert_eq!(
            config.keycloak_endpoint(),
            "https://auth.example.provena.io/auth/realms/provena"
        );
        let config = config
            .with_endpoint(Service::Registry, "http://localhost:8000/")
            .unwrap();
        assert_eq!(config.endpoint(Service::Registry), "http://localhost:8000");
        for bad in ["", "https://x.io", "a b", "x.io/path"] {
            assert!(Config::new(bad, "provena").is_err(), "{bad:?}");
        }
        assert!(Config::new("x.io", "").is_err());
        assert!(
            Config::new("x.io", "r")
                .unwrap()
                .with_endpoint(Service::Auth, "ftp://x")
                .is_err()
        );
    }
}
