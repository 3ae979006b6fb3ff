//! [`RequestRecord`]: what reached the server, in a form stable enough to snapshot.

use std::collections::BTreeMap;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use serde::Serialize;

use crate::url::is_secret_key;

/// Headers left out of records: transport details that vary between runs.
const VOLATILE_HEADERS: &[&str] = &[
    "host",
    "content-length",
    "connection",
    "accept-encoding",
    "transfer-encoding",
    "te",
];

/// A received request: method, path, sorted query, redacted headers and the decoded body (with
/// the values of secret-looking JSON keys redacted; the raw body is in
/// [`super::Received::body`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestRecord {
    /// HTTP method.
    pub method: String,
    /// Percent-decoded path.
    pub path: String,
    /// Query pairs, decoded and sorted (secret values redacted).
    pub query: Vec<(String, String)>,
    /// Headers (lower-case names) with secrets redacted; the user agent keeps only its product.
    pub headers: BTreeMap<String, String>,
    /// The body, decoded by content type.
    pub body: RecordedBody,
}

/// A request body as recorded.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum RecordedBody {
    /// No body.
    None,
    /// A JSON body.
    Json(serde_json::Value),
    /// Form fields in order.
    Form(Vec<(String, String)>),
    /// Multipart parts.
    Multipart(Vec<RecordedPart>),
    /// Other text.
    Text(String),
    /// Other bytes (length only).
    Binary(usize),
}

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordedPart {
    /// Field name.
    pub name: String,
    /// File name, if any.
    pub filename: Option<String>,
    /// Content type, if any.
    pub content_type: Option<String>,
    /// Content as text when it is UTF-8, else its length.
    pub content: String,
}

/// True for header names whose values are secrets.
pub fn is_secret_header(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    matches!(
        name.as_str(),
        "authorization" | "proxy-authorization" | "cookie" | "set-cookie"
    ) || [
        "key",
        "token",
        "secret",
        "password",
        "session",
        "auth",
        "credential",
        "signature",
    ]
    .iter()
    .any(|word| name.contains(word))
}

impl RequestRecord {
    /// Builds a record from raw request parts.
    pub fn new(method: &str, path_and_query: &str, headers: &HeaderMap, body: &Bytes) -> Self {
        let (path, query) = path_and_query
            .split_once('?')
            .unwrap_or((path_and_query, ""));
        let mut pairs: Vec<(String, String)> = form_pairs(query)
            .into_iter()
            .map(|(k, v)| {
                let v = if is_secret_key(&k) {
                    "[redacted]".to_owned()
                } else {
                    v
                };
                (k, v)
            })
            .collect();
        pairs.sort();
        let mut recorded = BTreeMap::new();
        for (name, value) in headers {
            let name = name.as_str();
            if VOLATILE_HEADERS.contains(&name) {
                continue;
            }
            let text = String::from_utf8_lossy(value.as_bytes()).into_owned();
            let text = if is_secret_header(name) {
                redact_credential(&text)
            } else if name == "user-agent" {
                text.split('/').next().unwrap_or_default().to_owned()
            } else if name == "content-type" && text.starts_with("multipart/") {
                "multipart/form-data".to_owned()
            } else {
                text
            };
            recorded
                .entry(name.to_owned())
                .and_modify(|v: &mut String| {
                    v.push_str(", ");
                    v.push_str(&text);
                })
                .or_insert(text);
        }
        let content_type = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        RequestRecord {
            method: method.to_owned(),
            path: percent_decode(path),
            query: pairs,
            headers: recorded,
            body: match RecordedBody::parse(content_type, body) {
                RecordedBody::Json(mut value) => {
                    redact_json(&mut value);
                    RecordedBody::Json(value)
                }
                other => other,
            },
        }
    }

    /// The value of a recorded header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }

    /// The values of a query parameter.
    pub fn query_values(&self, key: &str) -> Vec<&str> {
        self.query
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// Keeps the scheme of a credential (`Bearer`, `Token`, `ApiKey`) and hides the rest.
fn redact_credential(value: &str) -> String {
    match value.split_once(' ') {
        Some((scheme, _)) if !scheme.is_empty() => format!("{scheme} [redacted]"),
        _ => "[redacted]".to_owned(),
    }
}

/// Whether a JSON body field holds a credential: passwords, secrets, tokens, api and private
/// keys, one-time codes. (Narrower than query keys: a body's `extra_key` is data.)
fn is_secret_field(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    [
        "password",
        "secret",
        "token",
        "api_key",
        "apikey",
        "private_key",
        "mfa_code",
        "otp",
    ]
    .iter()
    .any(|word| key.contains(word))
}

/// Replaces the text and number values of credential fields ([`is_secret_field`]) with
/// `[redacted]`, at any depth.
fn redact_json(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                if is_secret_field(key) && (item.is_string() || item.is_number()) {
                    *item = serde_json::Value::String("[redacted]".to_owned());
                } else {
                    redact_json(item);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(redact_json),
        _ => {}
    }
}

impl RecordedBody {
    /// Decodes a body by its content type.
    pub fn parse(content_type: &str, body: &[u8]) -> Self {
        if body.is_empty() {
            return RecordedBody::None;
        }
        let ct = content_type.to_ascii_lowercase();
        if (ct.contains("json") || (ct.is_empty() && body.first() == Some(&b'{')))
            && let Ok(v) = serde_json::from_slice(body)
        {
            return RecordedBody::Json(v);
        }
        if ct.starts_with("application/x-www-form-urlencoded") {
            return RecordedBody::Form(form_pairs(&String::from_utf8_lossy(body)));
        }
        if ct.starts_with("multipart/")
            && let Some(boundary) = ct.split("boundary=").nth(1)
        {
            let boundary = content_type[content_type.len() - boundary.len()..].trim_matches('"');
            return RecordedBody::Multipart(parse_multipart(boundary, body));
        }
        match std::str::from_utf8(body) {
            Ok(text) => RecordedBody::Text(text.to_owned()),
            Err(_) => RecordedBody::Binary(body.len()),
        }
    }
}

/// Decodes `a=1&b=x+y` into pairs.
pub fn form_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|s| !s.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (
                percent_decode(&k.replace('+', " ")),
                percent_decode(&v.replace('+', " ")),
            )
        })
        .collect()
}

/// Percent-decodes text (invalid escapes are kept as they are).
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn parse_multipart(boundary: &str, body: &[u8]) -> Vec<RecordedPart> {
    let text = String::from_utf8_lossy(body);
    let delimiter = format!("--{boundary}");
    text.split(delimiter.as_str())
        .filter_map(|chunk| {
            let chunk = chunk.strip_prefix("\r\n")?;
            let (head, content) = chunk.split_once("\r\n\r\n")?;
            let content = content.strip_suffix("\r\n").unwrap_or(content);
            let mut part = RecordedPart {
                name: String::new(),
                filename: None,
                content_type: None,
                content: content.to_owned(),
            };
            for line in head.lines() {
                let lower = line.to_ascii_lowercase();
                if lower.starts_with("content-disposition") {
                    part.name = attribute(line, "name").unwrap_or_default();
                    part.filename = attribute(line, "filename");
                } else if let Some(ct) = lower.strip_prefix("content-type:") {
                    part.content_type = Some(ct.trim().to_owned());
                }
            }
            Some(part)
        })
        .collect()
}

fn attribute(line: &str, name: &str) -> Option<String> {
    line.split(';').map(str::trim).find_map(|attr| {
        let value = attr.strip_prefix(name)?.strip_prefix('=')?;
        Some(value.trim_matches('"').to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn records_are_sorted_and_redacted() {
        let mut h = HeaderMap::new();
        h.insert("authorization", HeaderValue::from_static("Token abc123"));
        h.insert("x-api-key", HeaderValue::from_static("k"));
        h.insert(
            "user-agent",
            HeaderValue::from_static("kechain-client/0.1.0"),
        );
        h.insert("host", HeaderValue::from_static("127.0.0.1:4000"));
        h.insert(
            "content-type",
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        let r = RequestRecord::new(
            "POST",
            "/api/a%20b?z=1&a=x+y&access_token=t",
            &h,
            &Bytes::from_static(b"name=New+scope&x=%26"),
        );
        assert_eq!(r.path, "/api/a b");
        assert_eq!(
            r.query,
            vec![
                ("a".into(), "x y".into()),
                ("access_token".into(), "[redacted]".into()),
                ("z".into(), "1".into())
            ]
        );
        assert_eq!(r.header("authorization"), Some("Token [redacted]"));
        assert_eq!(r.header("x-api-key"), Some("[redacted]"));
        assert_eq!(r.header("user-agent"), Some("kechain-client"));
        assert_eq!(r.header("host"), None);
        assert_eq!(
            r.body,
            RecordedBody::Form(vec![
                ("name".into(), "New scope".into()),
                ("x".into(), "&".into())
            ])
        );
    }

    #[test]
    fn multipart_parts_are_parsed() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--XyZ\r\nContent-Disposition: form-data; name=\"part\"\r\n\r\n42\r\n--XyZ--\r\n";
        let parsed = RecordedBody::parse("multipart/form-data; boundary=XyZ", body);
        let RecordedBody::Multipart(parts) = parsed else {
            panic!("{parsed:?}")
        };
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].filename.as_deref(), Some("a.txt"));
        assert_eq!(parts[0].content, "hello");
        assert_eq!(parts[1].name, "part");
        assert_eq!(parts[1].content, "42");
    }
}
