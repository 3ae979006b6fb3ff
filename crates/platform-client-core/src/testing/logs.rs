//! Capturing what `tracing` logs during a test, to check that no secret reaches the logs.

use std::io::Write;
use std::sync::{Arc, Mutex};

/// The text logged on this thread since [`capture_logs`] (every level, spans included when
/// they close, no colours).
#[derive(Clone, Default)]
pub struct CapturedLogs(Arc<Mutex<Vec<u8>>>);

impl CapturedLogs {
    /// Everything logged so far.
    pub fn text(&self) -> String {
        let bytes = self.0.lock().map(|b| b.clone()).unwrap_or_default();
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

impl Write for CapturedLogs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut bytes) = self.0.lock() {
            bytes.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Starts capturing this thread's logs until the guard is dropped. Use it in a
/// `current_thread` test, alone in its test binary: `tracing` caches which callsites are
/// enabled, and tests running in parallel without a subscriber would switch them off.
pub fn capture_logs() -> (CapturedLogs, tracing::subscriber::DefaultGuard) {
    let capture = CapturedLogs::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .finish();
    (capture, tracing::subscriber::set_default(subscriber))
}
