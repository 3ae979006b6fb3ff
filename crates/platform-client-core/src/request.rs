//! A request description that can be sent (and re-sent) by [`crate::HttpClient`].

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;

use crate::error::{Error, Result};

/// What a request carries. Bodies are kept as bytes so a retry re-sends them unchanged.
#[derive(Clone, Default)]
#[non_exhaustive]
pub enum Body {
    /// No body.
    #[default]
    Empty,
    /// `application/json`.
    Json(Bytes),
    /// `application/x-www-form-urlencoded` pairs, in order.
    Form(Vec<(String, String)>),
    /// `multipart/form-data` parts.
    Multipart(Vec<Part>),
    /// Raw bytes with a content type.
    Raw {
        /// The `Content-Type` to send.
        content_type: String,
        /// The bytes.
        data: Bytes,
    },
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Body::Empty => f.write_str("Empty"),
            Body::Json(b) => write!(f, "Json({} bytes)", b.len()),
            Body::Form(pairs) => write!(f, "Form({} fields)", pairs.len()),
            Body::Multipart(parts) => write!(f, "Multipart({} parts)", parts.len()),
            Body::Raw { content_type, data } => {
                write!(f, "Raw({content_type}, {} bytes)", data.len())
            }
        }
    }
}

/// One part of a multipart body.
#[derive(Clone, Debug)]
pub struct Part {
    /// Field name.
    pub name: String,
    /// File name, for file parts.
    pub filename: Option<String>,
    /// Content type, for file parts.
    pub content_type: Option<String>,
    /// Content.
    pub data: Bytes,
}

impl Part {
    /// A text field.
    pub fn text(name: impl Into<String>, value: impl Into<String>) -> Self {
        Part {
            name: name.into(),
            filename: None,
            content_type: None,
            data: Bytes::from(value.into()),
        }
    }

    /// A file field.
    pub fn file(
        name: impl Into<String>,
        filename: impl Into<String>,
        content_type: impl Into<String>,
        data: impl Into<Bytes>,
    ) -> Self {
        Part {
            name: name.into(),
            filename: Some(filename.into()),
            content_type: Some(content_type.into()),
            data: data.into(),
        }
    }
}

/// Where a request goes: a path joined to the base URL, or a link re-based onto it.
#[derive(Clone, Debug)]
pub(crate) enum Target {
    Path(String),
    Link(String),
}

/// A request to send through [`crate::HttpClient::send`].
///
/// ```
/// use platform_client_core::Request;
/// let req = Request::get("v3/parts.json").query("limit", 2).query("name", "Wheel");
/// assert_eq!(req.method().as_str(), "GET");
/// ```
#[derive(Clone, Debug)]
pub struct Request {
    pub(crate) method: Method,
    pub(crate) target: Target,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) raw_query: Vec<String>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Body,
    pub(crate) retry_safe: Option<bool>,
    pub(crate) authenticated: bool,
    pub(crate) timeout: Option<Duration>,
    pub(crate) any_status: bool,
}

impl Request {
    /// A request with `method` to `path` (relative to the base URL).
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Request {
            method,
            target: Target::Path(path.into()),
            query: Vec::new(),
            raw_query: Vec::new(),
            headers: HeaderMap::new(),
            body: Body::Empty,
            retry_safe: None,
            authenticated: true,
            timeout: None,
            any_status: false,
        }
    }

    /// GET `path`.
    pub fn get(path: impl Into<String>) -> Self {
        Request::new(Method::GET, path)
    }

    /// POST `path`.
    pub fn post(path: impl Into<String>) -> Self {
        Request::new(Method::POST, path)
    }

    /// PUT `path`.
    pub fn put(path: impl Into<String>) -> Self {
        Request::new(Method::PUT, path)
    }

    /// PATCH `path`.
    pub fn patch(path: impl Into<String>) -> Self {
        Request::new(Method::PATCH, path)
    }

    /// DELETE `path`.
    pub fn delete(path: impl Into<String>) -> Self {
        Request::new(Method::DELETE, path)
    }

    /// GET a link returned by the server (absolute or relative), re-based onto the base URL.
    pub fn get_link(link: impl Into<String>) -> Self {
        let mut req = Request::get("");
        req.target = Target::Link(link.into());
        req
    }

    /// The same request (headers, auth) sent to a server-provided link instead.
    pub(crate) fn with_link(&self, link: &str) -> Request {
        let mut req = self.clone();
        req.target = Target::Link(link.to_owned());
        req.query.clear();
        req.raw_query.clear();
        req
    }

    /// The method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The query pairs, in order.
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }

    /// Appends a query pair.
    pub fn query(mut self, key: impl Into<String>, value: impl ToString) -> Self {
        self.query.push((key.into(), value.to_string()));
        self
    }

    /// Appends a raw query component sent verbatim before the pairs (e.g. an RQL expression
    /// `and(eq(a,b),ne(c,d))`). The caller encodes what must be encoded; characters a URL query
    /// cannot hold (spaces, `#`) are percent-encoded. Empty components are ignored.
    pub fn raw_query(mut self, component: impl Into<String>) -> Self {
        let component = component.into();
        if !component.is_empty() {
            self.raw_query.push(component);
        }
        self
    }

    /// The raw query components, in order.
    pub fn raw_query_parts(&self) -> &[String] {
        &self.raw_query
    }

    /// Appends a query pair when `value` is `Some`.
    pub fn query_opt(self, key: impl Into<String>, value: Option<impl ToString>) -> Self {
        match value {
            Some(v) => self.query(key, v),
            None => self,
        }
    }

    /// Replaces every pair named `key` with one pair (or appends it).
    pub fn set_query(mut self, key: &str, value: impl ToString) -> Self {
        let value = value.to_string();
        match self.query.iter().position(|(k, _)| k == key) {
            Some(i) => {
                self.query[i].1 = value;
                let mut seen = false;
                self.query.retain(|(k, _)| {
                    if k != key {
                        return true;
                    }
                    let keep = !seen;
                    seen = true;
                    keep
                });
            }
            None => self.query.push((key.to_owned(), value)),
        }
        self
    }

    /// Adds a header. Invalid names or values are rejected as invalid input.
    pub fn header(mut self, name: &str, value: &str) -> Result<Self> {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::invalid_input(format!("`{name}` is not a valid header name")))?;
        let value = HeaderValue::from_str(value)
            .map_err(|_| Error::invalid_input(format!("invalid value for header `{name}`")))?;
        self.headers.insert(name, value);
        Ok(self)
    }

    /// A JSON body.
    pub fn json(mut self, body: &impl Serialize) -> Result<Self> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| Error::invalid_input(format!("cannot serialize the request body: {e}")))?;
        self.body = Body::Json(Bytes::from(bytes));
        Ok(self)
    }

    /// A form body.
    pub fn form<K: Into<String>, V: Into<String>>(
        mut self,
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        self.body = Body::Form(
            pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        );
        self
    }

    /// A multipart body.
    pub fn multipart(mut self, parts: Vec<Part>) -> Self {
        self.body = Body::Multipart(parts);
        self
    }

    /// Any body.
    pub fn body(mut self, body: Body) -> Self {
        self.body = body;
        self
    }

    /// Declares whether re-sending this request is safe, overriding the method's default
    /// (GET, HEAD, PUT, DELETE, OPTIONS are; POST and PATCH are not).
    pub fn retry_safe(mut self, safe: bool) -> Self {
        self.retry_safe = Some(safe);
        self
    }

    /// Sends the request without the client's credentials (login calls).
    pub fn without_auth(mut self) -> Self {
        self.authenticated = false;
        self
    }

    /// Returns every answer as a [`crate::Response`], error statuses included (for generic
    /// "give me the response" calls that inspect the status themselves). Only transport
    /// failures are then retried; a GraphQL or envelope failure in a 2xx answer is not an
    /// error either.
    pub fn any_status(mut self) -> Self {
        self.any_status = true;
        self
    }

    /// A timeout for this request only (e.g. a large download), overriding the client's.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Whether re-sending after the server may have seen the request is allowed.
    pub fn is_retry_safe(&self) -> bool {
        let idempotent = matches!(
            self.method,
            Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
        );
        self.retry_safe.unwrap_or(idempotent)
    }

    pub(crate) fn build_body(&self, mut rb: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.body {
            Body::Empty => rb,
            Body::Json(bytes) => rb
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(bytes.clone()),
            Body::Form(pairs) => rb.form(pairs),
            Body::Raw { content_type, data } => rb
                .header(reqwest::header::CONTENT_TYPE, content_type.as_str())
                .body(data.clone()),
            Body::Multipart(parts) => {
                let mut form = reqwest::multipart::Form::new();
                for part in parts {
                    let make = || {
                        let body = reqwest::Body::from(part.data.clone());
                        let p = reqwest::multipart::Part::stream_with_length(
                            body,
                            part.data.len() as u64,
                        );
                        match &part.filename {
                            Some(name) => p.file_name(name.clone()),
                            None => p,
                        }
                    };
                    let p = match &part.content_type {
                        // An unparsable type is sent without a Content-Type rather than failing.
                        Some(ct) => make().mime_str(ct).unwrap_or_else(|_| make()),
                        None => make(),
                    };
                    form = form.part(part.name.clone(), p);
                }
                rb = rb.multipart(form);
                rb
            }
        }
    }
}
