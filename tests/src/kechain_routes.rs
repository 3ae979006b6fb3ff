//! The KE-chain endpoints seen in recorded traffic and the Rust type each one answers with.

use serde::de::DeserializeOwned;

use kechain_client::api::versions::{AppVersion, WidgetSchema};
use kechain_client::models::Scope;

/// How a body was decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoded {
    /// Into the endpoint's model.
    Typed,
    /// Only as JSON (the endpoint has no model yet).
    Untyped,
}

/// One endpoint: method, path pattern (`{id}` is a UUID or number) and decoder.
pub struct Route {
    /// HTTP method.
    pub method: &'static str,
    /// Path pattern.
    pub pattern: &'static str,
    /// Decodes a success body.
    pub decode: fn(&[u8]) -> Result<Decoded, String>,
}

#[derive(serde::Deserialize)]
struct Envelope<T> {
    results: Vec<T>,
}

fn envelope<T: DeserializeOwned>(body: &[u8]) -> Result<Vec<T>, String> {
    let url = "http://recorded/".parse().map_err(|_| "url".to_owned())?;
    client_core::decode_json::<Envelope<T>>(body, &url)
        .map(|e| e.results)
        .map_err(|e| e.to_string())
}

/// A `{"results": [T, ...]}` list (paged or not).
fn list<T: DeserializeOwned>(body: &[u8]) -> Result<Decoded, String> {
    envelope::<T>(body).map(|_| Decoded::Typed)
}

/// A `{"results": [T]}` single object.
fn one<T: DeserializeOwned>(body: &[u8]) -> Result<Decoded, String> {
    match envelope::<T>(body)?.len() {
        0 => Err("expected one object in `results`, found none".to_owned()),
        _ => Ok(Decoded::Typed),
    }
}

/// No content.
fn empty(body: &[u8]) -> Result<Decoded, String> {
    if body.is_empty() {
        Ok(Decoded::Typed)
    } else {
        Err(format!("expected no body, got {} bytes", body.len()))
    }
}

/// A file download: any bytes.
fn bytes(_body: &[u8]) -> Result<Decoded, String> {
    Ok(Decoded::Typed)
}

/// An endpoint without a model yet: the envelope as JSON.
fn untyped(body: &[u8]) -> Result<Decoded, String> {
    if body.is_empty() {
        return Ok(Decoded::Typed);
    }
    envelope::<serde_json::Value>(body).map(|_| Decoded::Untyped)
}

macro_rules! routes {
    ($($method:literal $pattern:literal => $decode:expr),+ $(,)?) => {
        /// Every known endpoint.
        pub static ROUTES: &[Route] = &[$(Route { method: $method, pattern: $pattern, decode: $decode }),+];
    };
}

routes! {
    "GET" "/api/v3/scopes.json" => list::<Scope>,
    "POST" "/api/v3/scopes.json" => one::<Scope>,
    "POST" "/api/v3/scopes/clone" => list::<Scope>,
    "GET" "/api/v3/scopes/{id}.json" => one::<Scope>,
    "PUT" "/api/v3/scopes/{id}.json" => one::<Scope>,
    "PATCH" "/api/v3/scopes/{id}.json" => one::<Scope>,
    "DELETE" "/api/v3/scopes/{id}.json" => empty,
    "PUT" "/api/v3/scopes/{id}/{action}" => one::<Scope>,
    "GET" "/api/versions.json" => list::<AppVersion>,
    "GET" "/api/widgets/schemas" => list::<WidgetSchema>,
    "GET" "/api/v3/parts/export" => bytes,
    "GET" "/api/v3/properties/{id}/download" => bytes,
    "GET" "/api/services/{id}/download" => bytes,
    "DELETE" "{any}" => empty,
    "GET" "{any}" => untyped,
    "POST" "{any}" => untyped,
    "PUT" "{any}" => untyped,
    "PATCH" "{any}" => untyped,
}

/// The first route matching `method` and `path`.
pub fn route_for(method: &str, path: &str) -> Option<&'static Route> {
    ROUTES
        .iter()
        .find(|r| r.method == method && matches(r.pattern, path))
}

fn is_id(segment: &str) -> bool {
    let hex = segment.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    (segment.len() == 36 && hex)
        || (!segment.is_empty() && segment.chars().all(|c| c.is_ascii_digit()))
}

fn matches(pattern: &str, path: &str) -> bool {
    if pattern == "{any}" {
        return path.starts_with("/api/");
    }
    let (p, s): (Vec<&str>, Vec<&str>) = (pattern.split('/').collect(), path.split('/').collect());
    p.len() == s.len()
        && p.iter().zip(&s).all(|(p, s)| match *p {
            "{id}" => is_id(s),
            "{action}" => !s.is_empty() && !is_id(s),
            _ => match p.strip_prefix("{id}") {
                Some(suffix) => s.strip_suffix(suffix).is_some_and(is_id),
                None => p == s,
            },
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert!(matches(
            "/api/v3/scopes/{id}.json",
            "/api/v3/scopes/bd5dceaa-a35e-47b0-9fc5-875410f4a56f.json"
        ));
        assert!(!matches("/api/v3/scopes/{id}.json", "/api/v3/scopes/clone"));
        assert!(matches(
            "/api/v3/scopes/{id}/{action}",
            "/api/v3/scopes/bd5dceaa-a35e-47b0-9fc5-875410f4a56f/add_member"
        ));
        assert_eq!(
            route_for("GET", "/api/v3/scopes.json").map(|r| r.pattern),
            Some("/api/v3/scopes.json")
        );
    }
}
