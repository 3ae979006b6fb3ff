//! Streamed transfers: downloads into files and writers (resumed with `Range`, restarted,
//! never leaving a partial file), uploads from files, bytes and readers (re-sent only when
//! safe), progress, idle timeouts, errors.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use platform_client_core::testing::{MockResponse, Received, TestServer, local_builder};
use platform_client_core::{Error, HttpClient, Request, RetryPolicy, TransferProgress, Upload};

/// 1 MiB of varied bytes.
fn content() -> Vec<u8> {
    (0..1024 * 1024u32).map(|i| (i * 7 % 251) as u8).collect()
}

fn client(server: &TestServer) -> HttpClient {
    local_builder(server.base_url()).build().unwrap()
}

fn header(r: &Received, name: &str) -> Option<String> {
    r.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// The files of a directory (to see that no temporary file is left).
fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A server whose first answer is cut after `cut` bytes; afterwards it honours `Range`
/// (`206`) when `ranges`, else answers the whole body again.
async fn flaky_server(body: Vec<u8>, cut: usize, ranges: bool) -> TestServer {
    let body = Arc::new(body);
    let calls = AtomicUsize::new(0);
    TestServer::start(move |r| {
        let full = MockResponse::status(200)
            .header("content-type", "application/octet-stream")
            .body(body.to_vec());
        if calls.fetch_add(1, Ordering::SeqCst) == 0 {
            return full.cut_after(cut);
        }
        match header(r, "range").and_then(|v| {
            v.strip_prefix("bytes=")?
                .strip_suffix('-')?
                .parse::<usize>()
                .ok()
        }) {
            Some(start) if ranges => MockResponse::status(206)
                .header(
                    "content-range",
                    format!("bytes {start}-{}/{}", body.len() - 1, body.len()),
                )
                .body(body[start..].to_vec()),
            _ => full,
        }
    })
    .await
}

#[tokio::test]
async fn a_download_lands_whole_in_its_file_with_progress_and_no_temporary_file() {
    let body = content();
    let served = body.clone();
    let server = TestServer::start(move |_| MockResponse::status(200).body(served.clone())).await;
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("sub/installer.sh");
    let progress = TransferProgress::new();
    let n = client(&server)
        .download_file(
            Request::get("api/desktop/installers/installer.sh"),
            &dest,
            Some(&progress),
        )
        .await
        .unwrap();
    assert_eq!(n, body.len() as u64);
    assert_eq!(std::fs::read(&dest).unwrap(), body);
    assert_eq!(files(dest.parent().unwrap()), ["installer.sh"]);
    assert!(progress.is_started() && progress.is_done() && !progress.is_failed());
    assert!(!progress.is_running());
    assert_eq!(progress.attempt(), 1);
    assert_eq!(progress.transferred(), body.len() as u64);
    assert_eq!(progress.content_size(), Some(body.len() as u64));
    assert_eq!(progress.percent(), Some(100.0));
    assert_eq!(
        progress.destination_url().as_deref(),
        Some(dest.display().to_string().as_str())
    );
    assert!(
        progress
            .source_url()
            .unwrap()
            .ends_with("/api/desktop/installers/installer.sh")
    );
}

#[tokio::test]
async fn a_cut_download_resumes_with_range_where_it_stopped() {
    let body = content();
    let server = flaky_server(body.clone(), 300_000, true).await;
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("f.bin");
    let progress = TransferProgress::new();
    client(&server)
        .download_file(Request::get("f"), &dest, Some(&progress))
        .await
        .unwrap();
    assert_eq!(std::fs::read(&dest).unwrap(), body);
    let sent = server.received();
    assert_eq!(sent.len(), 2);
    assert_eq!(header(&sent[0], "range"), None);
    let resumed_at: u64 = header(&sent[1], "range").unwrap()["bytes=".len()..]
        .trim_end_matches('-')
        .parse()
        .unwrap();
    assert!(resumed_at > 0 && resumed_at <= 300_000, "{resumed_at}");
    assert_eq!(progress.attempt(), 2);
    assert_eq!(progress.content_size(), Some(body.len() as u64));
    assert_eq!(files(dir.path()), ["f.bin"]);
}

#[tokio::test]
async fn a_server_ignoring_range_restarts_a_file_from_zero() {
    let body = content();
    let server = flaky_server(body.clone(), 300_000, false).await;
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("f.bin");
    client(&server)
        .download_file(Request::get("f"), &dest, None)
        .await
        .unwrap();
    assert_eq!(std::fs::read(&dest).unwrap(), body, "nothing doubled");
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn a_writer_resumes_with_range_but_cannot_be_rewound() {
    let body = content();
    let server = flaky_server(body.clone(), 300_000, true).await;
    let mut out = Vec::new();
    let n = client(&server)
        .download_to(Request::get("f"), &mut out, None)
        .await
        .unwrap();
    assert_eq!((n, out), (body.len() as u64, body.clone()));

    let server = flaky_server(body, 300_000, false).await;
    let mut out = Vec::new();
    let err = client(&server)
        .download_to(Request::get("f"), &mut out, None)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Io { .. }), "{err:?}");
    assert!(err.to_string().contains("cannot be rewound"), "{err}");
}

#[tokio::test]
async fn a_failed_download_leaves_no_partial_file_and_the_old_file_untouched() {
    let served = content();
    let server = TestServer::start(move |_| {
        MockResponse::status(200)
            .body(served.clone())
            .cut_after(1000)
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("f.bin");
    std::fs::write(&dest, b"old").unwrap();
    let progress = TransferProgress::new();
    let err = local_builder(server.base_url())
        .retry(
            RetryPolicy::none()
                .max_retries(2)
                .initial_delay(Duration::from_millis(1)),
        )
        .build()
        .unwrap()
        .download_file(Request::get("f"), &dest, Some(&progress))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(server.request_count(), 3, "retried per the policy");
    assert_eq!(std::fs::read(&dest).unwrap(), b"old");
    assert_eq!(files(dir.path()), ["f.bin"]);
    assert!(progress.is_failed() && progress.is_done());
    assert!(progress.fail_reason().unwrap().contains("transport error"));
}

#[tokio::test]
async fn an_error_status_is_typed_and_creates_no_file() {
    let server = TestServer::start(|_| {
        MockResponse::json(
            404,
            &serde_json::json!({"code": 404, "detail": "Installer not found"}),
        )
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("f.bin");
    let err = client(&server)
        .download_file(Request::get("f"), &dest, None)
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(
        err.http().unwrap().message.as_deref(),
        Some("Installer not found")
    );
    assert!(files(dir.path()).is_empty());
    assert_eq!(server.request_count(), 1, "a 404 is not retried");
}

#[tokio::test]
async fn an_upload_streams_the_file_with_its_length_and_counts_progress() {
    let server = TestServer::start(|_| MockResponse::status(204)).await;
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("pkg.zip");
    let body = content();
    std::fs::write(&src, &body).unwrap();
    let progress = TransferProgress::new();
    let request = Request::put("api/desktop/installers/pkg.zip")
        .header("content-type", "application/zip")
        .unwrap();
    let response = client(&server)
        .upload(request, Upload::file(&src), Some(&progress))
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 204);
    let sent = server.received();
    assert_eq!(sent[0].body.as_ref(), body.as_slice());
    assert_eq!(
        header(&sent[0], "content-length"),
        Some(body.len().to_string())
    );
    assert_eq!(
        header(&sent[0], "content-type").as_deref(),
        Some("application/zip")
    );
    assert_eq!(progress.transferred(), body.len() as u64);
    assert_eq!(progress.content_size(), Some(body.len() as u64));
    assert_eq!(progress.source_url(), Some(src.display().to_string()));
}

#[tokio::test]
async fn a_reader_without_length_goes_chunked() {
    let server = TestServer::start(|_| MockResponse::status(204)).await;
    let body = content();
    let reader = std::io::Cursor::new(body.clone());
    client(&server)
        .upload(Request::put("f"), Upload::reader(reader, None), None)
        .await
        .unwrap();
    let sent = server.received();
    assert_eq!(sent[0].body.as_ref(), body.as_slice());
    assert_eq!(
        header(&sent[0], "transfer-encoding").as_deref(),
        Some("chunked")
    );
}

/// A server answering 503 once, then 204.
async fn busy_once() -> TestServer {
    let calls = AtomicUsize::new(0);
    TestServer::start(move |_| {
        if calls.fetch_add(1, Ordering::SeqCst) == 0 {
            MockResponse::status(503)
        } else {
            MockResponse::status(204)
        }
    })
    .await
}

#[tokio::test]
async fn uploads_are_sent_again_only_when_the_source_repeats_and_the_method_is_idempotent() {
    let bytes = bytes::Bytes::from(content());
    let server = busy_once().await;
    client(&server)
        .upload(Request::put("f"), Upload::bytes(bytes.clone()), None)
        .await
        .unwrap();
    let sent = server.received();
    assert_eq!(sent.len(), 2, "a PUT of bytes is sent again");
    assert_eq!(sent[1].body, bytes, "whole again");

    let server = busy_once().await;
    let err = client(&server)
        .upload(Request::post("f"), Upload::bytes(bytes.clone()), None)
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.request_count(), 1, "a POST is never re-sent");

    let server = busy_once().await;
    let reader = std::io::Cursor::new(bytes.to_vec());
    let err = client(&server)
        .upload(
            Request::put("f"),
            Upload::reader(reader, Some(bytes.len() as u64)),
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.request_count(), 1, "a reader is read once");
}

#[tokio::test]
async fn bad_sources_and_reused_progress_send_nothing() {
    let server = TestServer::start(|_| MockResponse::status(204)).await;
    let c = client(&server);
    let err = c
        .upload(
            Request::put("f"),
            Upload::file("/nonexistent/dir/file.zip"),
            None,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Io { action: "read", .. }), "{err:?}");
    let progress = TransferProgress::new();
    c.upload(Request::put("f"), Upload::bytes(&b"x"[..]), Some(&progress))
        .await
        .unwrap();
    let err = c
        .upload(Request::put("f"), Upload::bytes(&b"x"[..]), Some(&progress))
        .await
        .unwrap_err();
    assert!(err.is_invalid_input(), "{err:?}");
    let dir = tempfile::tempdir().unwrap();
    let err = c
        .download_file(Request::get("f"), dir.path(), None)
        .await
        .unwrap_err();
    assert!(err.is_invalid_input(), "a directory: {err:?}");
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn the_timeout_bounds_stalls_not_the_whole_transfer() {
    let server = TestServer::start(|_| {
        MockResponse::status(200)
            .body("late")
            .delay(Duration::from_secs(3))
    })
    .await;
    let c = local_builder(server.base_url())
        .retry(RetryPolicy::none())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let mut out = Vec::new();
    let err = c
        .download_to(Request::get("f"), &mut out, None)
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
}
