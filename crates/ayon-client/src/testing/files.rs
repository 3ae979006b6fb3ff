//! Files in the stand-in: installer and dependency package content (`PUT`/`GET`, with
//! `Range`), addon private files, addon zips installed, reviewables uploaded.

use std::collections::BTreeMap;

use platform_client_core::reexports::Bytes;
use platform_client_core::testing::{MockResponse, Received};
use serde_json::json;

use super::{State, error};
use crate::api::new_entity_id;

/// The stored files, by path (`api/desktop/installers/x`, `addons/n/v/private/f`).
pub(crate) type Files = BTreeMap<String, Bytes>;

fn header<'r>(received: &'r Received, name: &str) -> Option<&'r str> {
    received.headers.get(name).and_then(|v| v.to_str().ok())
}

/// A stored file, honouring `Range: bytes=<start>-`.
fn serve(files: &Files, key: &str, received: &Received, missing: &str) -> MockResponse {
    let Some(content) = files.get(key) else {
        return error(404, missing);
    };
    let start = header(received, "range").and_then(|r| {
        r.strip_prefix("bytes=")?
            .strip_suffix('-')?
            .parse::<usize>()
            .ok()
    });
    match start {
        Some(start) if start < content.len() => MockResponse::status(206)
            .header("content-type", "application/octet-stream")
            .header(
                "content-range",
                format!("bytes {start}-{}/{}", content.len() - 1, content.len()),
            )
            .body(content.slice(start..)),
        _ => MockResponse::status(200)
            .header("content-type", "application/octet-stream")
            .body(content.clone()),
    }
}

/// The answer for a file route, `None` for other routes.
pub(crate) fn answer(state: &mut State, received: &Received) -> Option<MockResponse> {
    let record = &received.record;
    let path = record.path.trim_matches('/');
    let segments: Vec<&str> = path.split('/').collect();
    let answer = match (record.method.as_str(), segments.as_slice()) {
        ("PUT", ["api", "desktop", "installers" | "dependencyPackages", _]) => {
            state.files.insert(path.to_owned(), received.body.clone());
            MockResponse::status(204)
        }
        (
            "GET",
            [
                "api",
                "desktop",
                kind @ ("installers" | "dependencyPackages"),
                name,
            ],
        ) => {
            let what = if *kind == "installers" {
                "Installer"
            } else {
                "Dependency package"
            };
            serve(
                &state.files,
                path,
                received,
                &format!("{what} {name} not found"),
            )
        }
        ("GET", ["addons", _, _, "private", ..]) => {
            serve(&state.files, path, received, "File not found")
        }
        ("POST", ["api", "addons", "install"]) => {
            let event = new_entity_id();
            state
                .files
                .insert(format!("api/addons/install/{event}"), received.body.clone());
            MockResponse::json(200, &json!({"eventId": event}))
        }
        ("POST", ["api", "projects", _, "versions", _, "reviewables"]) => reviewable(received),
        _ => return None,
    };
    Some(answer)
}

/// A reviewable as the server stores it; media it cannot probe is refused as the server
/// does without `ffprobe` support for it.
fn reviewable(received: &Received) -> MockResponse {
    let mimetype = header(received, "content-type").unwrap_or_default();
    if !(mimetype.starts_with("image/") || mimetype.starts_with("video/")) {
        return error(400, "Failed to extract media info");
    }
    let Some(filename) = header(received, "x-file-name") else {
        return error(422, "x-file-name header is required");
    };
    let label = received
        .record
        .query
        .iter()
        .find(|(k, _)| k == "label")
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| filename.to_owned());
    MockResponse::json(
        200,
        &json!({
            "fileId": new_entity_id(), "activityId": new_entity_id(), "filename": filename,
            "label": label, "mimetype": mimetype, "availability": "ready",
            "mediaInfo": {"probeVersion": 1, "width": 64, "height": 64, "codec": "png",
                          "size": received.body.len()},
            "createdAt": "2026-11-23T19:57:40.123456+00:00",
            "updatedAt": "2026-11-23T19:57:40.123456+00:00",
            "author": {"name": "service", "fullName": null},
        }),
    )
}
