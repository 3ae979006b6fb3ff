//! Generic REST access: `get/post/put/patch/delete` and `raw_*` with the reference's endpoint
//! rules, answering a [`RestResponse`] whatever the status (check it with
//! [`RestResponse::error_for_status`]).

use platform_client_core::reexports::{Bytes, HeaderMap, Method, StatusCode};
use platform_client_core::{HttpError, Request};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::client::AyonClient;
use crate::error::{AyonErrors, Error, Result};

/// A REST answer, whatever its status (the reference's `RestApiResponse`).
#[derive(Clone)]
pub struct RestResponse {
    method: Method,
    status: StatusCode,
    headers: HeaderMap,
    url: String,
    body: Bytes,
}

impl std::fmt::Debug for RestResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RestResponse")
            .field("status", &self.status.as_u16())
            .field("url", &self.url)
            .field("content_type", &self.content_type())
            .field("len", &self.body.len())
            .finish()
    }
}

impl RestResponse {
    /// The status code (`status`, `status_code`).
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// The headers (`headers`).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The `Content-Type` (`content_type`).
    pub fn content_type(&self) -> Option<&str> {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
    }

    /// The body as text, lossy UTF-8 (`text`).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body (`content`; `orig_response`'s bytes).
    pub fn bytes(&self) -> &Bytes {
        &self.body
    }

    /// The JSON body; an empty object when the body is not JSON (`data`).
    pub fn data(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|_| Value::Object(Map::new()))
    }

    /// One key of the JSON body (`get`, `response[key]`).
    pub fn get(&self, key: &str) -> Option<Value> {
        match self.data() {
            Value::Object(mut map) => map.remove(key),
            _ => None,
        }
    }

    /// The JSON body decoded into `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        let url = self
            .url
            .parse()
            .map_err(|_| Error::unexpected("the answer's URL cannot be parsed"))?;
        Ok(platform_client_core::decode_json(&self.body, &url)?)
    }

    /// The server's `detail`, else the status's reason phrase (`detail`).
    pub fn detail(&self) -> String {
        match self.get("detail") {
            Some(Value::String(s)) => s,
            Some(other) if !other.is_null() => other.to_string(),
            _ => self.status.canonical_reason().unwrap_or("").to_owned(),
        }
    }

    /// Whether the status is below 400 (`bool(response)`).
    pub fn is_success(&self) -> bool {
        (200..400).contains(&self.status.as_u16())
    }

    /// The response itself when the status is below 400, else the typed error
    /// (`raise_for_status`): [`Error::Unauthorized`], [`Error::NotFound`], ... with the
    /// server's detail.
    pub fn error_for_status(self) -> Result<Self> {
        if self.is_success() {
            return Ok(self);
        }
        let http = HttpError::from_answer(
            self.method.clone(),
            self.url.clone(),
            self.status,
            &self.headers,
            &self.body,
            &AyonErrors,
        );
        Err(Error::from(platform_client_core::Error::Status(Box::new(
            http,
        ))))
    }
}

/// A generic request being built: see [`AyonClient::raw_get`] and its siblings.
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct RestRequest<'c> {
    client: &'c AyonClient,
    request: Result<Request, String>,
}

impl RestRequest<'_> {
    fn map(mut self, change: impl FnOnce(Request) -> Result<Request, String>) -> Self {
        self.request = self.request.and_then(change);
        self
    }

    /// Adds a query parameter.
    pub fn query(self, key: &str, value: impl ToString) -> Self {
        let (key, value) = (key.to_owned(), value.to_string());
        self.map(|r| Ok(r.query(key, value)))
    }

    /// A JSON body.
    pub fn json(self, body: &impl Serialize) -> Self {
        let encoded =
            serde_json::to_value(body).map_err(|e| format!("the body cannot be encoded: {e}"));
        self.map(|r| r.json(&encoded?).map_err(|e| e.to_string()))
    }

    /// A raw body with its content type.
    pub fn body(self, content_type: &str, body: impl Into<Bytes>) -> Self {
        let body = platform_client_core::Body::Raw {
            content_type: content_type.to_owned(),
            data: body.into(),
        };
        self.map(move |r| Ok(r.body(body)))
    }

    /// A header (a control character in it is refused).
    pub fn header(self, name: &str, value: &str) -> Self {
        let (name, value) = (name.to_owned(), value.to_owned());
        self.map(move |r| r.header(&name, &value).map_err(|e| e.to_string()))
    }

    /// A timeout for this request.
    pub fn timeout(self, timeout: std::time::Duration) -> Self {
        self.map(|r| Ok(r.timeout(timeout)))
    }

    /// Sends it; the answer whatever its status. Only transport failures are retried (and
    /// only for idempotent methods).
    pub async fn send(self) -> Result<RestResponse> {
        let request = self.request.map_err(Error::invalid)?;
        let method = request.method().clone();
        let response = self.client.authed()?.send(request.any_status()).await?;
        Ok(RestResponse::new(method, response))
    }
}

impl RestResponse {
    /// The answer of a request sent with `method`.
    pub(crate) fn new(method: Method, response: platform_client_core::Response) -> Self {
        RestResponse {
            method,
            status: response.status(),
            url: platform_client_core::url::redact_url(response.url()),
            headers: response.headers().clone(),
            body: response.into_bytes(),
        }
    }
}

impl AyonClient {
    /// The path of a REST endpoint as the reference forms it: a full URL under the server is
    /// used as is; anything else goes under `api/` (leading and trailing `/` dropped).
    /// `..` segments and control characters are refused.
    pub(crate) fn endpoint_path(&self, endpoint: &str) -> Result<String> {
        let base = self.base_url();
        let trimmed = endpoint.trim_matches('/');
        let path = match endpoint.strip_prefix(base) {
            Some(rest) => rest.trim_matches('/').to_owned(),
            // An endpoint already under `api/` is not put under it twice (the seed's
            // `download_file` sent `/api/api/...`).
            None if trimmed == "api" || trimmed.starts_with("api/") => trimmed.to_owned(),
            None => format!("api/{trimmed}"),
        };
        if endpoint.trim().is_empty()
            || path.chars().any(char::is_control)
            || path
                .split(['/', '?'])
                .any(|s| s == ".." || s.eq_ignore_ascii_case("%2e%2e"))
        {
            return Err(Error::invalid(format!(
                "`endpoint` {:?} is not a server path (empty, `..` or control characters)",
                endpoint.chars().take(80).collect::<String>()
            )));
        }
        Ok(path)
    }

    fn raw(&self, method: Method, endpoint: &str) -> RestRequest<'_> {
        RestRequest {
            client: self,
            request: self
                .endpoint_path(endpoint)
                .map(|path| Request::new(method, path))
                .map_err(|e| e.to_string()),
        }
    }

    /// `GET` any endpoint (`raw_get`): add a query, headers, a timeout, then `send`.
    pub fn raw_get(&self, endpoint: &str) -> RestRequest<'_> {
        self.raw(Method::GET, endpoint)
    }

    /// `POST` any endpoint (`raw_post`).
    pub fn raw_post(&self, endpoint: &str) -> RestRequest<'_> {
        self.raw(Method::POST, endpoint)
    }

    /// `PUT` any endpoint (`raw_put`).
    pub fn raw_put(&self, endpoint: &str) -> RestRequest<'_> {
        self.raw(Method::PUT, endpoint)
    }

    /// `PATCH` any endpoint (`raw_patch`).
    pub fn raw_patch(&self, endpoint: &str) -> RestRequest<'_> {
        self.raw(Method::PATCH, endpoint)
    }

    /// `DELETE` any endpoint (`raw_delete`).
    pub fn raw_delete(&self, endpoint: &str) -> RestRequest<'_> {
        self.raw(Method::DELETE, endpoint)
    }

    fn with_query<'a>(request: RestRequest<'a>, query: &[(&str, &str)]) -> RestRequest<'a> {
        query.iter().fold(request, |r, (k, v)| r.query(k, v))
    }

    /// `GET` with query parameters (`get(endpoint, **params)`).
    pub async fn get(&self, endpoint: &str, query: &[(&str, &str)]) -> Result<RestResponse> {
        Self::with_query(self.raw_get(endpoint), query).send().await
    }

    /// `DELETE` with query parameters (`delete(endpoint, **params)`).
    pub async fn delete(&self, endpoint: &str, query: &[(&str, &str)]) -> Result<RestResponse> {
        Self::with_query(self.raw_delete(endpoint), query)
            .send()
            .await
    }

    /// `POST` a JSON body (`post(endpoint, **body)`).
    pub async fn post(&self, endpoint: &str, body: &impl Serialize) -> Result<RestResponse> {
        self.raw_post(endpoint).json(body).send().await
    }

    /// `PUT` a JSON body (`put(endpoint, **body)`).
    pub async fn put(&self, endpoint: &str, body: &impl Serialize) -> Result<RestResponse> {
        self.raw_put(endpoint).json(body).send().await
    }

    /// `PATCH` a JSON body (`patch(endpoint, **body)`).
    pub async fn patch(&self, endpoint: &str, body: &impl Serialize) -> Result<RestResponse> {
        self.raw_patch(endpoint).json(body).send().await
    }
}
