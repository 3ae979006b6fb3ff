//! The one `send` path: auth, retry loop, tracing span, response classification.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use backon::Retryable as _;
use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{StatusCode, Url};
use serde::de::DeserializeOwned;
use tracing::Instrument as _;

use crate::auth::Auth;
use crate::config::ClientBuilder;
use crate::error::{DecodeError, Error, HttpError, Result, body_excerpt};
use crate::error_body::ErrorBody;
use crate::request::{Request, Target};
use crate::retry::RetryPolicy;
use crate::url::{BaseUrl, redact_url};

/// Reads a platform's error body: returns its error code and message.
pub type ErrorParser =
    fn(StatusCode, Option<&serde_json::Value>) -> (Option<String>, Option<String>);

/// The default [`ErrorParser`]: `error_code`/`code` and `detail`/`message`/`msg`/`error`.
pub fn default_error_parser(
    _status: StatusCode,
    body: Option<&serde_json::Value>,
) -> (Option<String>, Option<String>) {
    let Some(obj) = body.and_then(|b| b.as_object()) else {
        return (None, None);
    };
    let text = |keys: &[&str]| {
        keys.iter().find_map(|k| match obj.get(*k) {
            Some(serde_json::Value::String(s)) => Some(s.clone()),
            Some(serde_json::Value::Number(n)) => Some(n.to_string()),
            _ => None,
        })
    };
    (
        text(&["error_code", "code", "errorCode"]),
        text(&["detail", "message", "msg", "error", "error_description"]),
    )
}

/// An HTTP client bound to one platform's base URL and credentials.
///
/// Cloning is cheap (an `Arc`): all clones share one connection pool and one token cache.
#[derive(Clone)]
pub struct HttpClient {
    pub(crate) inner: Arc<Inner>,
}

#[derive(Clone)]
pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) base: BaseUrl,
    pub(crate) auth: Auth,
    pub(crate) retry: RetryPolicy,
    pub(crate) error_body: Arc<dyn ErrorBody>,
    /// The platform's default headers, added to every request (not to the clients made with
    /// [`HttpClient::with_base_url`]).
    pub(crate) default_headers: HeaderMap,
    pub(crate) header_names: Vec<String>,
    pub(crate) timeout: Option<Duration>,
}

/// The names of the headers every request carries (for `Debug`): the default headers and the
/// transport's user agent.
pub(crate) fn header_names(default_headers: &HeaderMap) -> Vec<String> {
    let mut names: Vec<String> = default_headers
        .keys()
        .map(|n| n.as_str().to_owned())
        .collect();
    names.push(reqwest::header::USER_AGENT.as_str().to_owned());
    names
}

impl fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header_names = &self.inner.header_names;
        f.debug_struct("HttpClient")
            .field("base_url", &self.inner.base)
            .field("auth", &self.inner.auth)
            .field("retry", &self.inner.retry)
            .field("timeout", &self.inner.timeout)
            .field("default_headers", &header_names)
            .finish_non_exhaustive()
    }
}

/// A received response with its whole body.
#[derive(Clone)]
pub struct Response {
    status: StatusCode,
    headers: HeaderMap,
    url: Url,
    body: Bytes,
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("url", &redact_url(&self.url))
            .field("body_len", &self.body.len())
            .finish_non_exhaustive()
    }
}

impl Response {
    /// Builds a response (for decoders under test and replayed traffic).
    pub fn from_parts(status: StatusCode, headers: HeaderMap, url: Url, body: Bytes) -> Self {
        Response {
            status,
            headers,
            url,
            body,
        }
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// A header as text, if present and readable.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The final URL.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The body.
    pub fn bytes(&self) -> &Bytes {
        &self.body
    }

    /// The body, consuming the response.
    pub fn into_bytes(self) -> Bytes {
        self.body
    }

    /// The body as text (lossy UTF-8).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Decodes the JSON body; a mismatch names the JSON path that failed.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        decode_json(&self.body, &self.url)
    }

    /// Decodes the body with a serde seed (used by envelope decoders).
    pub fn json_seed<'de, S: serde::de::DeserializeSeed<'de> + Clone>(
        &'de self,
        seed: S,
    ) -> Result<S::Value> {
        decode_seed(&self.body, &self.url, seed)
    }
}

/// Decodes `body` as JSON into `T`, naming the failing path.
pub fn decode_json<T: DeserializeOwned>(body: &[u8], url: &Url) -> Result<T> {
    decode_seed(body, url, std::marker::PhantomData::<T>)
}

/// Decodes `body` as JSON with a serde seed, naming the failing path. The fast path decodes
/// directly; only a failure is decoded again with path tracking, to name where it failed.
pub fn decode_seed<'de, S: serde::de::DeserializeSeed<'de> + Clone>(
    body: &'de [u8],
    url: &Url,
    seed: S,
) -> Result<S::Value> {
    let mut de = serde_json::Deserializer::from_slice(body);
    if let Ok(value) = seed
        .clone()
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v))
    {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let mut track = serde_path_to_error::Track::new();
    seed.deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track))
        .and_then(|v| de.end().map(|()| v))
        .map_err(|e| decode_error(url, body, track.path().to_string(), &e))
}

fn decode_error(url: &Url, body: &[u8], path: String, e: &serde_json::Error) -> Error {
    Error::Decode(Box::new(DecodeError {
        url: redact_url(url),
        path,
        message: e.to_string(),
        body_excerpt: body_excerpt(body),
    }))
}

impl HttpClient {
    /// A builder for `base_url`.
    pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(base_url)
    }

    /// The base URL.
    pub fn base_url(&self) -> &BaseUrl {
        &self.inner.base
    }

    /// The credentials.
    pub fn auth(&self) -> &Auth {
        &self.inner.auth
    }

    /// The same client (pool, base URL, retry policy, timeouts, headers) with other credentials,
    /// e.g. one without credentials for a login or token refresh.
    pub fn with_auth(&self, auth: Auth) -> HttpClient {
        self.derive(|inner| inner.auth = auth)
    }

    /// A clone of the settings changed by `change`, on the same pool.
    fn derive(&self, change: impl FnOnce(&mut Inner)) -> HttpClient {
        let mut inner = Inner::clone(&self.inner);
        change(&mut inner);
        HttpClient {
            inner: Arc::new(inner),
        }
    }

    /// The same client (pool, credentials, settings) with the default header `name` set to
    /// `value`, replacing its earlier value, or removed with `None`: a cheap way to derive a
    /// client with another identity (a sender, a site id, "act as user") without changing a
    /// client others share. A name or value that is not a valid header (e.g. with a control
    /// character) is refused as invalid input.
    pub fn with_default_header(&self, name: &str, value: Option<&str>) -> Result<HttpClient> {
        let header = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::invalid_input(format!("`{name}` is not a valid header name")))?;
        let value = value
            .map(HeaderValue::from_str)
            .transpose()
            .map_err(|_| {
                Error::invalid_input(format!(
                    "the value of header `{name}` is not valid (control characters or non-visible bytes)"
                ))
            })?;
        Ok(self.derive(|inner| {
            inner.default_headers.remove(&header);
            if let Some(value) = value {
                inner.default_headers.insert(header, value);
            }
            inner.header_names = header_names(&inner.default_headers);
        }))
    }

    /// The same client with another retry policy (e.g. for one batch of calls).
    pub fn with_retry(&self, policy: RetryPolicy) -> HttpClient {
        self.derive(|inner| inner.retry = policy)
    }

    /// The same client with another whole-request timeout (`None`: no overall limit; a
    /// request's own [`Request::timeout`] still applies).
    pub fn with_timeout(&self, timeout: Option<Duration>) -> HttpClient {
        self.derive(|inner| inner.timeout = timeout)
    }

    /// A client for another base URL (a token endpoint on another host, a specification URL)
    /// sharing this one's connection pool, TLS, proxy, timeout and retry settings and user
    /// agent, but **not** its credentials or default headers (they belong to the platform's
    /// host; add credentials with [`HttpClient::with_auth`]). Error bodies are read with
    /// [`default_error_parser`].
    pub fn with_base_url(&self, base_url: &str) -> Result<HttpClient> {
        let base = BaseUrl::parse(base_url)?;
        Ok(self.derive(|inner| {
            inner.base = base;
            inner.auth = Auth::None;
            inner.error_body = crate::error_body::default_error_body();
            inner.default_headers = HeaderMap::new();
            inner.header_names = header_names(&inner.default_headers);
        }))
    }

    /// A client for another service of the same platform (its own host, the same
    /// deployment): the same pool, credentials, token cache, error reading and default
    /// headers, another base URL.
    pub fn with_service_url(&self, base_url: &str) -> Result<HttpClient> {
        let base = BaseUrl::parse(base_url)?;
        Ok(self.derive(|inner| inner.base = base))
    }

    /// The full URL a request goes to (query included).
    pub fn url_for(&self, req: &Request) -> Result<Url> {
        let mut url = match &req.target {
            Target::Path(p) => self.inner.base.join(p)?,
            Target::Link(l) => self.inner.base.rebase(l)?,
        };
        if !req.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&req.query);
        }
        if !req.raw_query.is_empty() {
            let mut query = req.raw_query.join("&");
            if let Some(pairs) = url.query().filter(|q| !q.is_empty()) {
                query.push('&');
                query.push_str(pairs);
            }
            url.set_query(Some(&query));
        }
        Ok(url)
    }

    /// Sends a request and decodes its JSON answer.
    pub async fn send_json<T: DeserializeOwned>(&self, req: Request) -> Result<T> {
        self.send(req).await?.json()
    }

    /// Sends a request: applies credentials, retries per the policy, records one tracing span
    /// (method, path, status, attempts, elapsed) and turns error statuses into
    /// [`Error::Status`].
    pub async fn send(&self, req: Request) -> Result<Response> {
        let url = self.url_for(&req)?;
        let span = tracing::debug_span!(
            "http.request",
            http.method = %req.method,
            url.path = %url.path(),
            http.status = tracing::field::Empty,
            attempt = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let attempts = AtomicU32::new(0);
        let retry_safe = req.is_retry_safe();
        let policy = &self.inner.retry;
        let result = (|| async {
            attempts.fetch_add(1, Ordering::Relaxed);
            self.attempt(&req, &url).await
        })
        .retry(policy.backoff())
        .sleep(tokio::time::sleep)
        .when(|e: &Error| e.is_retryable() && (retry_safe || e.never_sent()))
        .adjust(|e, step| policy.wait(e, step))
        .notify(|e, wait| {
            tracing::debug!(error = %e, wait_ms = wait.as_millis() as u64, "retrying");
        })
        .instrument(span.clone())
        .await;
        let status = match &result {
            Ok(r) => Some(r.status.as_u16()),
            Err(e) => e.status().map(|s| s.as_u16()),
        };
        if let Some(status) = status {
            span.record("http.status", status);
        }
        span.record("attempt", attempts.load(Ordering::Relaxed));
        span.record("elapsed_ms", started.elapsed().as_millis() as u64);
        span.in_scope(|| match &result {
            Ok(_) => tracing::debug!("request completed"),
            Err(e) => tracing::debug!(error = %e, "request failed"),
        });
        result
    }

    async fn attempt(&self, req: &Request, url: &Url) -> Result<Response> {
        let auth = if req.authenticated {
            self.inner.auth.header_value().await?
        } else {
            None
        };
        let mut response = self.dispatch(req, url, auth.as_ref()).await?;
        if response.status == StatusCode::UNAUTHORIZED
            && let (Auth::Refreshing(shared), Some((_, _, generation))) = (&self.inner.auth, &auth)
            && shared.is_expiry(&response)
        {
            tracing::debug!("access token refused, refreshing once");
            shared.invalidate(*generation).await;
            let fresh = self.inner.auth.header_value().await?;
            response = self.dispatch(req, url, fresh.as_ref()).await?;
        }
        self.classify(req, response)
    }

    async fn dispatch(
        &self,
        req: &Request,
        url: &Url,
        auth: Option<&(HeaderName, HeaderValue, u64)>,
    ) -> Result<Response> {
        let mut rb = self.request_builder(req, url, auth);
        if let Some(timeout) = self.timeout_for(req) {
            rb = rb.timeout(timeout);
        }
        rb = req.build_body(rb);
        let to_error = |e| Error::from_reqwest(&req.method, redact_url(url), e);
        let mut response = rb.send().await.map_err(to_error)?;
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let final_url = response.url().clone();
        let body = response.bytes().await.map_err(to_error)?;
        Ok(Response {
            status,
            headers,
            url: final_url,
            body,
        })
    }

    /// The request with the default headers, the request's own and the credentials; no body,
    /// no timeout.
    pub(crate) fn request_builder(
        &self,
        req: &Request,
        url: &Url,
        auth: Option<&(HeaderName, HeaderValue, u64)>,
    ) -> reqwest::RequestBuilder {
        let mut rb = self.inner.http.request(req.method.clone(), url.clone());
        if !self.inner.default_headers.is_empty() {
            rb = rb.headers(self.inner.default_headers.clone());
        }
        if !req.headers.is_empty() {
            rb = rb.headers(req.headers.clone());
        }
        if let Some((name, value, _)) = auth {
            rb = rb.header(name.clone(), value.clone());
        }
        rb
    }

    /// The timeout of a request: its own, else the client's.
    pub(crate) fn timeout_for(&self, req: &Request) -> Option<Duration> {
        req.timeout.or(self.inner.timeout)
    }

    pub(crate) fn classify(&self, req: &Request, response: Response) -> Result<Response> {
        if req.any_status && !response.status.is_redirection() {
            return Ok(response);
        }
        if response.status.is_success() {
            return match self.inner.error_body.failure_in_success(&response) {
                None => Ok(response),
                Some(info) => {
                    let json = serde_json::from_slice(&response.body).ok();
                    Err(status_error(req, &response, json, info))
                }
            };
        }
        Err(self.error_status(req, &response))
    }

    /// The typed error of an answer with an error (or redirect) status.
    pub(crate) fn error_status(&self, req: &Request, response: &Response) -> Error {
        let json: Option<serde_json::Value> = serde_json::from_slice(&response.body).ok();
        let mut info = self.inner.error_body.parse(response.status, json.as_ref());
        if response.status.is_redirection() {
            // Only same-origin redirects are followed (credentials never leave the host);
            // the target is not quoted, it may carry secrets.
            info.message = Some("redirect to another origin not followed".to_owned());
        }
        status_error(req, response, json, info)
    }
}

fn status_error(
    req: &Request,
    response: &Response,
    json: Option<serde_json::Value>,
    info: crate::ErrorInfo,
) -> Error {
    Error::Status(Box::new(HttpError::with_info(
        req.method.clone(),
        redact_url(&response.url),
        response.status,
        &response.headers,
        &response.body,
        json,
        info,
    )))
}
