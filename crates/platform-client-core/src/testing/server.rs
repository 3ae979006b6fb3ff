//! An in-process HTTP/1.1 server on loopback that records every request and answers through a
//! handler: stub routes, replayed cassettes, stand-ins of whole platforms.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::Frame;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use reqwest::header::HeaderMap;
use serde::Serialize;
use tokio::net::TcpListener;

use super::record::RequestRecord;

/// A request as the handler sees it: the record plus the raw (unredacted) headers and body.
#[derive(Debug, Clone)]
pub struct Received {
    /// The stable, redacted record.
    pub record: RequestRecord,
    /// The raw path and query as sent.
    pub path_and_query: String,
    /// The raw headers.
    pub headers: HeaderMap,
    /// The raw body.
    pub body: Bytes,
}

/// What the server answers.
#[derive(Debug, Clone)]
pub struct MockResponse {
    /// Status code.
    pub status: u16,
    /// Headers.
    pub headers: Vec<(String, String)>,
    /// Body.
    pub body: Bytes,
    /// Wait this long before answering.
    pub delay: Option<Duration>,
    /// Whether the wait uses a thread sleep (exact to a fraction of a millisecond) instead of
    /// tokio's timer (millisecond ticks, and it follows a paused test clock).
    pub precise: bool,
    /// Close the connection without answering.
    pub hang_up: bool,
    /// Send the status, the headers (with the whole body's `Content-Length`) and only this
    /// many bytes of the body, then drop the connection.
    pub cut_after: Option<usize>,
}

impl MockResponse {
    /// An answer with a status and no body.
    pub fn status(status: u16) -> Self {
        MockResponse {
            status,
            headers: Vec::new(),
            body: Bytes::new(),
            delay: None,
            precise: false,
            hang_up: false,
            cut_after: None,
        }
    }

    /// A JSON answer.
    pub fn json<T: Serialize + ?Sized>(status: u16, body: &T) -> Self {
        let bytes = serde_json::to_vec(body).unwrap_or_default();
        MockResponse::status(status)
            .header("content-type", "application/json")
            .body(bytes)
    }

    /// A raw body (content type not set).
    pub fn body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// Adds a header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Answers after `delay`.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// Answers after exactly `delay` (a thread sleep off the async workers), for benchmarks
    /// that model a server's latency.
    pub fn delay_precise(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self.precise = true;
        self
    }

    /// Drops the connection after `bytes` bytes of the body (announced whole).
    pub fn cut_after(mut self, bytes: usize) -> Self {
        self.cut_after = Some(bytes);
        self
    }

    /// Closes the connection without answering (a transport error on the client).
    pub fn hang_up() -> Self {
        MockResponse {
            hang_up: true,
            ..MockResponse::status(500)
        }
    }
}

/// The body of an answer: whole, or cut short.
type AnswerBody = BoxBody<Bytes, std::io::Error>;

/// The handler type of a [`TestServer`].
pub type Handler = Arc<dyn Fn(&Received) -> MockResponse + Send + Sync>;

struct State {
    handler: Handler,
    received: Mutex<Vec<Received>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
}

/// A loopback HTTP server for tests; it stops when dropped.
pub struct TestServer {
    addr: SocketAddr,
    state: Arc<State>,
    task: tokio::task::JoinHandle<()>,
}

impl TestServer {
    /// Starts a server answering with `handler`.
    pub async fn start(
        handler: impl Fn(&Received) -> MockResponse + Send + Sync + 'static,
    ) -> Self {
        Self::start_with(|_| Arc::new(handler)).await
    }

    /// Starts a server whose handler needs to know the server's base URL (e.g. to write links).
    pub async fn start_with(make: impl FnOnce(&str) -> Handler) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port for the test server");
        let addr = listener
            .local_addr()
            .expect("local address of the test server");
        let state = Arc::new(State {
            handler: make(&format!("http://{addr}")),
            received: Mutex::new(Vec::new()),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
        });
        let accept_state = state.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                // Answers go out at once rather than waiting on Nagle's algorithm.
                let _ = stream.set_nodelay(true);
                let state = accept_state.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |req| handle(state.clone(), req));
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        TestServer { addr, state, task }
    }

    /// Starts a server serving fixed [`Routes`].
    pub async fn routes(routes: Routes) -> Self {
        let routes = Arc::new(routes);
        Self::start(move |r| routes.answer(r)).await
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The base URL followed by `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}/{}", self.base_url(), path.trim_start_matches('/'))
    }

    /// Records of every request received so far, in order.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.received().into_iter().map(|r| r.record).collect()
    }

    /// Every request received so far, raw.
    pub fn received(&self) -> Vec<Received> {
        self.state
            .received
            .lock()
            .map(|r| r.clone())
            .unwrap_or_default()
    }

    /// How many requests had this method and (decoded) path.
    pub fn calls(&self, method: &str, path: &str) -> usize {
        self.state.received.lock().map_or(0, |received| {
            received
                .iter()
                .filter(|r| r.record.method == method && r.record.path == path)
                .count()
        })
    }

    /// How many requests were received.
    pub fn request_count(&self) -> usize {
        self.state.received.lock().map(|r| r.len()).unwrap_or(0)
    }

    /// The largest number of requests the server was handling at the same time.
    pub fn max_in_flight(&self) -> usize {
        self.state.max_in_flight.load(Ordering::SeqCst)
    }

    /// Forgets the requests received so far.
    pub fn clear(&self) {
        if let Ok(mut r) = self.state.received.lock() {
            r.clear();
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn handle(
    state: Arc<State>,
    req: hyper::Request<hyper::body::Incoming>,
) -> Result<hyper::Response<AnswerBody>, std::io::Error> {
    let now = state.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    state.max_in_flight.fetch_max(now, Ordering::SeqCst);
    let result = respond(&state, req).await;
    state.in_flight.fetch_sub(1, Ordering::SeqCst);
    result
}

async fn respond(
    state: &State,
    req: hyper::Request<hyper::body::Incoming>,
) -> Result<hyper::Response<AnswerBody>, std::io::Error> {
    let (parts, body) = req.into_parts();
    let body = body
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let path_and_query = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "/".to_owned());
    let received = Received {
        record: RequestRecord::new(
            parts.method.as_str(),
            &path_and_query,
            &parts.headers,
            &body,
        ),
        path_and_query,
        headers: parts.headers,
        body,
    };
    let answer = (state.handler)(&received);
    if let Ok(mut all) = state.received.lock() {
        all.push(received);
    }
    match answer.delay {
        Some(delay) if answer.precise => {
            let _ = tokio::task::spawn_blocking(move || std::thread::sleep(delay)).await;
        }
        Some(delay) => tokio::time::sleep(delay).await,
        None => {}
    }
    if answer.hang_up {
        return Err(std::io::Error::other("hang up"));
    }
    let mut builder = hyper::Response::builder().status(answer.status);
    for (name, value) in &answer.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    let body = match answer.cut_after {
        Some(cut) => {
            builder = builder.header("content-length", answer.body.len().to_string());
            let first = answer.body.slice(..cut.min(answer.body.len()));
            // The bytes go out before the connection is cut (an error at once could discard
            // them unsent).
            let frames = futures_util::stream::unfold(Some(first), |first| async move {
                match first {
                    Some(bytes) => Some((Ok(Frame::data(bytes)), None)),
                    None => {
                        tokio::time::sleep(Duration::from_millis(30)).await;
                        Some((Err(std::io::Error::other("connection cut")), None))
                    }
                }
            });
            StreamBody::new(frames).boxed()
        }
        None => Full::new(answer.body)
            .map_err(|never| match never {})
            .boxed(),
    };
    builder.body(body).map_err(std::io::Error::other)
}

/// Fixed answers by method and path; unmatched requests get a 404 naming them.
#[derive(Default)]
pub struct Routes {
    routes: Mutex<Vec<Route>>,
}

struct Route {
    method: String,
    path: String,
    query: Vec<(String, String)>,
    answers: VecDeque<MockResponse>,
}

impl Routes {
    /// No routes.
    pub fn new() -> Self {
        Routes::default()
    }

    /// Answers `method path` with `response` every time.
    pub fn on(self, method: &str, path: &str, response: MockResponse) -> Self {
        self.on_seq(method, path, vec![response])
    }

    /// Answers `method path` with each response in turn, repeating the last one.
    pub fn on_seq(self, method: &str, path: &str, responses: Vec<MockResponse>) -> Self {
        self.on_query_seq(method, path, &[], responses)
    }

    /// Like [`Routes::on_seq`], but only for requests carrying every given query pair.
    pub fn on_query_seq(
        self,
        method: &str,
        path: &str,
        query: &[(&str, &str)],
        responses: Vec<MockResponse>,
    ) -> Self {
        if let Ok(mut routes) = self.routes.lock() {
            routes.push(Route {
                method: method.to_ascii_uppercase(),
                path: path.to_owned(),
                query: query
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect(),
                answers: responses.into(),
            });
        }
        self
    }

    fn answer(&self, req: &Received) -> MockResponse {
        let r = &req.record;
        let Ok(mut routes) = self.routes.lock() else {
            return MockResponse::status(500);
        };
        // The most specific route (most query pairs) wins.
        let best = routes
            .iter_mut()
            .filter(|route| {
                route.method == r.method
                    && route.path == r.path
                    && route.query.iter().all(|q| r.query.contains(q))
            })
            .max_by_key(|route| route.query.len());
        match best {
            Some(route) if route.answers.len() > 1 => route
                .answers
                .pop_front()
                .unwrap_or_else(|| MockResponse::status(500)),
            Some(route) => route
                .answers
                .front()
                .cloned()
                .unwrap_or_else(|| MockResponse::status(500)),
            None => MockResponse::json(
                404,
                &serde_json::json!({"detail": format!("no route for {} {}", r.method, r.path)}),
            ),
        }
    }
}
