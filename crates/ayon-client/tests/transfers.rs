//! File transfers: installers and dependency packages up and down, any endpoint to a file or
//! a writer, addon zips and private files, reviewables — exact requests (snapshot), content
//! intact, progress, typed errors, bad input refused before sending.

mod common;

use std::path::Path;

use ayon_client::testing::AyonMock;
use ayon_client::{Error, TransferProgress, Upload};
use common::{PROJECT, id};

/// 300 000 bytes that are not text (recorded as their length).
fn content() -> Vec<u8> {
    (0..300_000u32).map(|i| (i % 253) as u8 | 0x80).collect()
}

const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R',
];

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[tokio::test]
async fn every_transfer_sends_the_documented_request_and_moves_the_bytes_intact() {
    let mock = common::mock().await;
    let ayon = mock.service_client();
    let dir = tempfile::tempdir().unwrap();
    let body = content();

    let progress = TransferProgress::new();
    ayon.installers()
        .upload("AYON-1.0.0-linux.sh", Upload::bytes(body.clone()))
        .progress(&progress)
        .send()
        .await
        .unwrap();
    assert_eq!(
        mock.file("api/desktop/installers/AYON-1.0.0-linux.sh")
            .unwrap(),
        body
    );
    assert!(progress.is_done() && !progress.is_failed());
    assert_eq!(progress.transferred(), body.len() as u64);

    let progress = TransferProgress::new();
    let dest = dir.path().join("down/AYON-1.0.0-linux.sh");
    let n = ayon
        .installers()
        .download("AYON-1.0.0-linux.sh", &dest, Some(&progress))
        .await
        .unwrap();
    assert_eq!(
        (n, std::fs::read(&dest).unwrap()),
        (body.len() as u64, body.clone())
    );
    assert_eq!(progress.percent(), Some(100.0));

    let package = write(dir.path(), "dep-linux.zip", &body);
    ayon.dependency_packages()
        .upload("dep-linux.zip", Upload::file(&package))
        .send()
        .await
        .unwrap();
    let dest = dir.path().join("dep-copy.zip");
    ayon.dependency_packages()
        .download("dep-linux.zip", &dest, None)
        .await
        .unwrap();
    assert_eq!(std::fs::read(&dest).unwrap(), body);

    // Any endpoint: under `api/` once, whether the caller wrote it or not.
    for endpoint in [
        "desktop/installers/AYON-1.0.0-linux.sh",
        "api/desktop/installers/AYON-1.0.0-linux.sh",
    ] {
        let dest = dir.path().join("any.sh");
        ayon.download_file(endpoint, &dest, None).await.unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), body);
    }
    let mut out = Vec::new();
    ayon.download_to("desktop/dependencyPackages/dep-linux.zip", &mut out, None)
        .await
        .unwrap();
    assert_eq!(out, body);
    let reader = std::io::Cursor::new(body.clone());
    ayon.upload_file(
        "desktop/installers/streamed.sh",
        Upload::reader(reader, None),
    )
    .file_name("streamed.sh")
    .send()
    .await
    .unwrap();
    assert_eq!(
        mock.file("api/desktop/installers/streamed.sh").unwrap(),
        body
    );

    let event = ayon
        .addons()
        .upload_zip(Upload::bytes(body.clone()), None)
        .await
        .unwrap();
    assert_eq!(
        mock.file(&format!("api/addons/install/{event}")).unwrap(),
        body
    );

    mock.add_file("addons/core/1.0.0/private/client/core.zip", body.clone());
    let written = ayon
        .addons()
        .download_private_file("core", "1.0.0", "client/core.zip", dir.path(), None, None)
        .await
        .unwrap();
    assert_eq!(written, dir.path().join("client/core.zip"));
    assert_eq!(std::fs::read(&written).unwrap(), body);
    let renamed = ayon
        .addons()
        .download_private_file(
            "core",
            "1.0.0",
            "client/core.zip",
            dir.path(),
            Some("renamed.zip"),
            None,
        )
        .await
        .unwrap();
    assert_eq!(renamed, dir.path().join("renamed.zip"));

    let png = write(dir.path(), "shot 010.png", PNG);
    let reviewable = ayon
        .reviewables()
        .upload(PROJECT, &id(5), &png)
        .label("first pass & notes")
        .send()
        .await
        .unwrap();
    assert_eq!(
        reviewable.mimetype, "image/png",
        "found from the file's first bytes"
    );
    assert_eq!(reviewable.filename, "shot 010.png");
    assert_eq!(
        reviewable.label.as_deref(),
        Some("first pass & notes"),
        "the label arrives intact"
    );
    assert_eq!(reviewable.availability.as_deref(), Some("ready"));
    assert_eq!(reviewable.media_info["width"], 64);

    insta::assert_json_snapshot!("transfer_requests", common::snapshot(mock.requests()));
}

#[tokio::test]
async fn transfer_errors_are_typed_and_leave_no_file() {
    let mock = common::mock().await;
    let ayon = mock.service_client();
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("missing.sh");
    let err = ayon
        .installers()
        .download("missing.sh", &dest, None)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::NotFound { message, .. } if message == "Installer missing.sh not found"),
        "{err:?}"
    );
    assert!(
        std::fs::read_dir(dir.path()).unwrap().next().is_none(),
        "no file, no temporary file"
    );

    let doc = write(dir.path(), "notes.txt", b"plain text is no media");
    let err = ayon
        .reviewables()
        .upload(PROJECT, &id(5), &doc)
        .send()
        .await
        .unwrap_err();
    assert!(
        err.is_invalid_input() && err.to_string().contains("content_type"),
        "{err}"
    );
    assert_eq!(
        mock.request_count(),
        1,
        "nothing sent for an unknown media type"
    );

    let err = ayon
        .reviewables()
        .upload(PROJECT, &id(5), &doc)
        .content_type("application/pdf")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api { message, .. } if message.contains("Failed to extract media info"))
            && err.status() == Some(400),
        "{err:?}"
    );
    let err = ayon
        .reviewables()
        .upload(PROJECT, &id(5), dir.path().join("absent.png"))
        .content_type("image/png")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Core(ayon_client::CoreError::Io { .. })),
        "{err:?}"
    );
}

#[tokio::test]
async fn bad_transfer_input_is_refused_before_anything_is_sent() {
    let mock = AyonMock::start().await;
    let ayon = mock.service_client();
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("f");
    for name in ["", " ", "../x", "a/b", "%2e%2e", "x\u{0}y", "a\nb"] {
        let up = ayon
            .installers()
            .upload(name, Upload::bytes(&b"x"[..]))
            .send()
            .await;
        assert!(up.unwrap_err().is_invalid_input(), "{name:?}");
        let down = ayon.dependency_packages().download(name, &dest, None).await;
        assert!(down.unwrap_err().is_invalid_input(), "{name:?}");
    }
    for endpoint in ["", "../secrets", "api/%2e%2e/x", "a\u{7}b"] {
        assert!(
            ayon.download_file(endpoint, &dest, None)
                .await
                .unwrap_err()
                .is_invalid_input(),
            "{endpoint:?}"
        );
        let up = ayon
            .upload_file(endpoint, Upload::bytes(&b"x"[..]))
            .send()
            .await;
        assert!(up.unwrap_err().is_invalid_input(), "{endpoint:?}");
    }
    let addons = ayon.addons();
    for (file, dest_name) in [
        ("../x", None),
        ("a/../../x", None),
        ("ok.zip", Some("../../escape")),
        ("ok.zip", Some("/etc/passwd")),
        ("ok.zip", Some("")),
    ] {
        let err = addons
            .download_private_file("core", "1.0.0", file, dir.path(), dest_name, None)
            .await
            .unwrap_err();
        assert!(err.is_invalid_input(), "{file:?} {dest_name:?}: {err}");
    }
    let png = write(dir.path(), "a.png", PNG);
    for (project, version) in [("bad project", id(5)), ("demo", "nope".to_owned())] {
        let err = ayon
            .reviewables()
            .upload(project, &version, &png)
            .send()
            .await
            .unwrap_err();
        assert!(err.is_invalid_input(), "{project} {version}");
    }
    let err = ayon
        .upload_file("desktop/installers/x", Upload::bytes(&b"x"[..]))
        .method(ayon_client::Method::GET)
        .send()
        .await
        .unwrap_err();
    assert!(err.is_invalid_input(), "an upload is not a GET: {err}");
    assert_eq!(mock.request_count(), 0);
    assert!(
        std::fs::read_dir(dir.path())
            .unwrap()
            .all(|e| e.unwrap().file_name() == "a.png")
    );
}
