//! Betamax cassettes: load recorded traffic and replay it from a [`TestServer`].
//!
//! Matching is on method, path and query (order ignored), plus the body for JSON and form
//! writes; each interaction answers once, in recorded order among equals. Base64 and gzip
//! bodies are decoded, and the recorded host (`<API_URL>` or a real one) is rewritten to the
//! server's address in every body, so links returned by the server point back to it.

use std::io::Read as _;
use std::path::Path;
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use bytes::Bytes;
use serde::Deserialize;
use serde_json::Value;

use super::record::{RecordedBody, form_pairs, percent_decode};
use super::server::{MockResponse, Received, TestServer};

/// A recorded exchange.
#[derive(Debug, Clone)]
pub struct Interaction {
    /// Method.
    pub method: String,
    /// The URI as recorded.
    pub uri: String,
    /// Request content type, if recorded.
    pub request_content_type: Option<String>,
    /// The request body, decoded.
    pub request_body: Bytes,
    /// Response status.
    pub status: u16,
    /// Response headers (transport headers removed).
    pub headers: Vec<(String, String)>,
    /// The response body, decoded (base64 and gzip undone).
    pub body: Bytes,
}

impl Interaction {
    /// The path of the recorded URI (percent-decoded), without scheme and host.
    pub fn path(&self) -> String {
        let rest = strip_origin(&self.uri);
        percent_decode(rest.split_once('?').map_or(rest, |(p, _)| p))
    }

    /// The recorded query pairs, decoded and sorted.
    pub fn query(&self) -> Vec<(String, String)> {
        let rest = strip_origin(&self.uri);
        let mut pairs = form_pairs(rest.split_once('?').map_or("", |(_, q)| q));
        pairs.sort();
        pairs
    }

    /// The recorded request body decoded like a [`RecordedBody`].
    pub fn request_body(&self) -> RecordedBody {
        RecordedBody::parse(
            self.request_content_type.as_deref().unwrap_or_default(),
            &self.request_body,
        )
    }

    /// The response body parsed as JSON, if it is JSON.
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

/// The part of a URI after its scheme and host.
fn strip_origin(uri: &str) -> &str {
    let after_scheme = uri.split_once("://").map_or(uri, |(_, r)| r);
    let start = if uri.starts_with('<') || uri.contains("://") {
        after_scheme.find('/').unwrap_or(after_scheme.len())
    } else {
        0
    };
    &after_scheme[start..]
}

/// A recorded cassette.
#[derive(Debug, Clone)]
pub struct Cassette {
    /// File stem.
    pub name: String,
    /// The interactions, in recorded order.
    pub interactions: Vec<Interaction>,
}

#[derive(Deserialize)]
struct RawCassette {
    http_interactions: Vec<RawInteraction>,
}

#[derive(Deserialize)]
struct RawInteraction {
    request: RawRequest,
    response: RawResponse,
}

#[derive(Deserialize)]
struct RawRequest {
    method: String,
    uri: String,
    #[serde(default)]
    headers: serde_json::Map<String, Value>,
    body: RawBody,
}

#[derive(Deserialize)]
struct RawResponse {
    status: RawStatus,
    #[serde(default)]
    headers: serde_json::Map<String, Value>,
    body: RawBody,
}

#[derive(Deserialize)]
struct RawStatus {
    code: u16,
}

#[derive(Deserialize)]
struct RawBody {
    #[serde(default)]
    encoding: Option<String>,
    #[serde(default)]
    string: String,
    #[serde(default)]
    base64_string: Option<String>,
}

fn header_values(headers: &serde_json::Map<String, Value>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (name, value) in headers {
        match value {
            Value::Array(values) => {
                for v in values {
                    out.push((name.clone(), v.as_str().unwrap_or_default().to_owned()));
                }
            }
            Value::String(s) => out.push((name.clone(), s.clone())),
            _ => {}
        }
    }
    out
}

fn body_bytes(body: &RawBody, headers: &[(String, String)]) -> Result<Bytes, String> {
    let raw = match &body.base64_string {
        Some(b64) if !b64.is_empty() => base64::engine::general_purpose::STANDARD
            .decode(b64.as_bytes())
            .map_err(|e| format!("bad base64 body: {e}"))?,
        _ if body.encoding.as_deref() == Some("ISO-8859-1") => {
            body.string.chars().map(|c| c as u32 as u8).collect()
        }
        _ => body.string.clone().into_bytes(),
    };
    let gzip = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("content-encoding") && v.contains("gzip"));
    if gzip && raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(raw.as_slice())
            .read_to_end(&mut out)
            .map_err(|e| format!("bad gzip body: {e}"))?;
        return Ok(Bytes::from(out));
    }
    Ok(Bytes::from(raw))
}

impl Cassette {
    /// Loads a betamax JSON cassette.
    pub fn load(path: &Path) -> Result<Cassette, String> {
        let text = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        Cassette::parse(&name, &text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Parses a betamax JSON cassette.
    pub fn parse(name: &str, text: &[u8]) -> Result<Cassette, String> {
        let raw: RawCassette =
            serde_json::from_slice(text).map_err(|e| format!("not a betamax cassette: {e}"))?;
        let mut interactions = Vec::with_capacity(raw.http_interactions.len());
        for i in raw.http_interactions {
            let req_headers = header_values(&i.request.headers);
            let mut headers = header_values(&i.response.headers);
            let body = body_bytes(&i.response.body, &headers)?;
            headers.retain(|(n, _)| {
                ![
                    "content-encoding",
                    "transfer-encoding",
                    "content-length",
                    "connection",
                ]
                .contains(&n.to_ascii_lowercase().as_str())
            });
            interactions.push(Interaction {
                method: i.request.method.to_ascii_uppercase(),
                request_content_type: req_headers
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
                    .map(|(_, v)| v.clone()),
                request_body: body_bytes(&i.request.body, &req_headers)?,
                uri: i.request.uri,
                status: i.response.status.code,
                headers,
                body,
            });
        }
        Ok(Cassette {
            name: name.to_owned(),
            interactions,
        })
    }

    /// The recorded origin (`<API_URL>` or `scheme://host`) of the first interaction.
    pub fn recorded_origin(&self) -> Option<String> {
        let uri = &self.interactions.first()?.uri;
        let path = strip_origin(uri);
        Some(uri[..uri.len() - path.len()].to_owned())
    }
}

/// A server replaying one cassette, and what it could not match.
pub struct Replay {
    /// The server; point the client at [`TestServer::base_url`].
    pub server: TestServer,
    state: Arc<Mutex<ReplayState>>,
}

struct ReplayState {
    interactions: Vec<(Interaction, bool)>,
    unmatched: Vec<String>,
}

/// How strictly requests are matched against the recording.
#[derive(Debug, Clone, Default)]
pub struct ReplayOptions {
    /// Whether JSON and form bodies of writes must equal the recorded ones.
    pub body: BodyMatch,
    /// Query keys our client may add where the recorded request had none (e.g. the page size
    /// `limit` of a client that always pages, against a recording of an unpaged list). A key the
    /// recording has must still match exactly.
    pub optional_query: Vec<String>,
    /// How two JSON bodies compare under [`BodyMatch::Strict`] (default: equal values). A
    /// platform whose bodies carry text the reference builds in another order (a GraphQL query
    /// with its fields in set order) passes a comparison of the normalised forms.
    pub json_equal: Option<fn(&serde_json::Value, &serde_json::Value) -> bool>,
}

/// Whether request bodies of writes must match the recorded ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BodyMatch {
    /// JSON and form bodies must be equal to the recorded ones.
    #[default]
    Strict,
    /// Bodies are not compared.
    Ignore,
}

impl Replay {
    /// Starts a server that replays `cassette`.
    pub async fn start(cassette: &Cassette, body_match: BodyMatch) -> Replay {
        let options = ReplayOptions {
            body: body_match,
            ..ReplayOptions::default()
        };
        Replay::start_with(cassette, options).await
    }

    /// Starts a server that replays `cassette` with explicit matching options.
    pub async fn start_with(cassette: &Cassette, options: ReplayOptions) -> Replay {
        let origin = cassette.recorded_origin().unwrap_or_default();
        let state = Arc::new(Mutex::new(ReplayState {
            interactions: cassette
                .interactions
                .iter()
                .cloned()
                .map(|i| (i, false))
                .collect(),
            unmatched: Vec::new(),
        }));
        let handler_state = state.clone();
        let server = TestServer::start_with(move |base| {
            let base = base.to_owned();
            Arc::new(move |req: &Received| answer(&handler_state, req, &origin, &base, &options))
        })
        .await;
        Replay { server, state }
    }

    /// Requests that matched no unused interaction (each described in one line).
    pub fn unmatched(&self) -> Vec<String> {
        self.state
            .lock()
            .map(|s| s.unmatched.clone())
            .unwrap_or_default()
    }

    /// How many interactions were answered.
    pub fn used(&self) -> usize {
        self.state
            .lock()
            .map(|s| s.interactions.iter().filter(|(_, used)| *used).count())
            .unwrap_or(0)
    }
}

fn query_matches(
    recorded: &[(String, String)],
    sent: &[(String, String)],
    optional: &[String],
) -> bool {
    let kept: Vec<&(String, String)> = sent
        .iter()
        .filter(|(k, _)| !optional.contains(k) || recorded.iter().any(|(rk, _)| rk == k))
        .collect();
    kept.len() == recorded.len() && kept.iter().zip(recorded).all(|(a, b)| *a == b)
}

fn bodies_match(recorded: &RecordedBody, sent: &RecordedBody, options: &ReplayOptions) -> bool {
    match (recorded, sent) {
        (RecordedBody::Json(a), RecordedBody::Json(b)) => match options.json_equal {
            Some(equal) => equal(a, b),
            None => a == b,
        },
        (RecordedBody::Form(a), RecordedBody::Form(b)) => {
            let (mut a, mut b) = (a.clone(), b.clone());
            a.sort();
            b.sort();
            a == b
        }
        _ => true,
    }
}

fn answer(
    state: &Mutex<ReplayState>,
    req: &Received,
    origin: &str,
    base: &str,
    options: &ReplayOptions,
) -> MockResponse {
    let Ok(mut state) = state.lock() else {
        return MockResponse::status(500);
    };
    let r = &req.record;
    let mut sent_query =
        super::record::form_pairs(req.path_and_query.split_once('?').map_or("", |(_, q)| q));
    sent_query.sort();
    let found = state.interactions.iter_mut().find(|(i, used)| {
        !*used
            && i.method == r.method
            && i.path() == r.path
            && query_matches(&i.query(), &sent_query, &options.optional_query)
            && (options.body == BodyMatch::Ignore
                || bodies_match(&i.request_body(), &r.body, options))
    });
    match found {
        Some((interaction, used)) => {
            *used = true;
            let body = match std::str::from_utf8(&interaction.body) {
                Ok(text) if !origin.is_empty() && text.contains(origin) => {
                    Bytes::from(text.replace(origin, base))
                }
                _ => interaction.body.clone(),
            };
            let mut response = MockResponse::status(interaction.status).body(body);
            response.headers = interaction.headers.clone();
            response
        }
        None => {
            let line = format!(
                "{} {} (no unused recorded interaction matches)",
                r.method, req.path_and_query
            );
            state.unmatched.push(line.clone());
            MockResponse::json(599, &serde_json::json!({ "detail": line }))
        }
    }
}
