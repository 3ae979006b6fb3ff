//! One table of error answers every platform crate runs its own client against, so that the
//! predicates of every platform error ([`PlatformError`]) are proven the same way.

use std::fmt::Debug;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;

use super::server::{MockResponse, TestServer};
use crate::PlatformError;

/// How long [`check_error_predicates`] lets an answer wait: give the client a shorter request
/// timeout than this (e.g. 200 ms).
pub const SLOW_ANSWER: Duration = Duration::from_secs(2);

/// One row of the table: the answer and what the error must say.
struct Case {
    name: &'static str,
    answer: MockResponse,
    status: Option<u16>,
    not_found: bool,
    retryable: bool,
    timeout: bool,
}

fn cases() -> Vec<Case> {
    let json = |status, body| MockResponse::json(status, &body);
    let case = |name, answer, status, not_found, retryable, timeout| Case {
        name,
        answer,
        status,
        not_found,
        retryable,
        timeout,
    };
    let detail = json!({"detail": "x", "msg": "x", "errors": ["x"], "error_code": "E"});
    let html = MockResponse::status(404).body("<html><body>Not Found</body></html>");
    let slow = json(200, json!({})).delay(SLOW_ANSWER);
    vec![
        case(
            "404 JSON",
            json(404, detail.clone()),
            Some(404),
            true,
            false,
            false,
        ),
        case("404 HTML", html, Some(404), true, false, false),
        case(
            "400",
            json(400, detail.clone()),
            Some(400),
            false,
            false,
            false,
        ),
        case(
            "500",
            json(500, detail.clone()),
            Some(500),
            false,
            false,
            false,
        ),
        case(
            "503",
            json(503, detail.clone()),
            Some(503),
            false,
            true,
            false,
        ),
        case("429", json(429, detail), Some(429), false, true, false),
        case("timeout", slow, None, false, true, true),
        case("dropped", MockResponse::hang_up(), None, false, true, false),
    ]
}

/// Runs `call` (which builds the platform's client for the given base URL, with a request
/// timeout below [`SLOW_ANSWER`], and makes one idempotent call) against every answer of the
/// table, and asserts the platform error's `status`, `http`, `is_not_found`, `is_retryable`,
/// `is_timeout` and `is_invalid_input`. Panics with the case's name on a mismatch.
pub async fn check_error_predicates<T, E, F, Fut>(call: F)
where
    F: Fn(String) -> Fut,
    Fut: Future<Output = Result<T, E>>,
    T: Debug,
    E: PlatformError + Debug,
{
    let answer = Arc::new(Mutex::new(MockResponse::status(500)));
    let current = answer.clone();
    let server = TestServer::start(move |_| {
        let guard = current.lock();
        guard.map_or_else(|_| MockResponse::status(500), |a| a.clone())
    })
    .await;
    for case in cases() {
        if let Ok(mut next) = answer.lock() {
            *next = case.answer.clone();
        }
        let name = case.name;
        let error = match call(server.base_url()).await {
            Ok(value) => panic!("{name}: expected an error, got {value:?}"),
            Err(error) => error,
        };
        assert_eq!(error.status(), case.status, "{name}: status of {error:?}");
        assert_eq!(
            error.http().map(|h| h.status.as_u16()),
            case.status,
            "{name}: http()"
        );
        assert_eq!(
            error.is_not_found(),
            case.not_found,
            "{name}: is_not_found {error:?}"
        );
        assert_eq!(
            error.is_retryable(),
            case.retryable,
            "{name}: is_retryable {error:?}"
        );
        assert_eq!(
            error.is_timeout(),
            case.timeout,
            "{name}: is_timeout {error:?}"
        );
        assert!(
            !error.is_invalid_input(),
            "{name}: is_invalid_input {error:?}"
        );
    }
}
