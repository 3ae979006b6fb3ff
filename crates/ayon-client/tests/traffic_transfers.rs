//! Replayed recordings (see `replay/mod.rs`): installer upload and download, a thumbnail
//! downloaded through the generic file download, reviewables (refused media, a stored PNG).

mod replay;

use ayon_client::{Error, TransferProgress, Upload};
use replay::*;

const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R',
];

#[tokio::test]
async fn the_transfer_calls_match_the_recordings() {
    let head = replay::recording("head");
    let svc = replay::recording("head_svc");
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("thumb.png");
    std::fs::write(&png, PNG).unwrap();
    let rev = dir.path().join("rev.png");
    std::fs::write(&rev, PNG).unwrap();
    let dest = dir.path().join("AYON-1.0.0-linux.sh");
    let mut failures = Vec::new();
    macro_rules! case {
        ($lines:expr, $caller:literal, |$a:ident| $body:expr) => {
            failures.extend(check(&$lines, $caller, |$a| async move { $body }).await);
        };
    }
    case!(head, "upload_installer", |a| {
        let progress = TransferProgress::new();
        a.installers()
            .upload(
                "AYON-1.0.0-linux.sh",
                Upload::bytes(&b"#!/bin/sh\necho ayon\n"[..]),
            )
            .progress(&progress)
            .send()
            .await?;
        expect(
            progress.is_done() && !progress.is_failed(),
            "the upload completed",
        )
    });
    case!(head, "download_installer", |a| {
        let n = a
            .installers()
            .download("AYON-1.0.0-linux.sh", &dest, None)
            .await?;
        expect(
            n == 0 && dest.exists(),
            "the recorded (empty) body in place",
        )
    });
    let thumbnail = "1a9ad18ae77811f1906a02fc00000001";
    let thumb_dest = dir.path().join("thumb-copy.png");
    case!(head, "download_file(thumbnail)", |a| {
        a.download_file(
            &format!("projects/{P}/thumbnails/{thumbnail}"),
            &thumb_dest,
            None,
        )
        .await?;
        expect(thumb_dest.exists(), "the thumbnail file")
    });
    case!(head, "upload_reviewable", |a| {
        let refused = a
            .reviewables()
            .upload(P, V1, &png)
            .label("rev")
            .send()
            .await
            .unwrap_err();
        expect(
            matches!(&refused, Error::Api { message, .. } if message.contains("Failed to extract media info")),
            "400 without ffprobe support",
        )
    });
    case!(svc, "upload_reviewable(png)", |a| {
        let version = "31b7ca62e77811f196c302fc00000001";
        let reviewable = a
            .reviewables()
            .upload("svctest", version, &rev)
            .label("rev")
            .send()
            .await?;
        expect(
            reviewable.mimetype == "image/png"
                && reviewable.filename == "rev.png"
                && reviewable.availability.as_deref() == Some("ready")
                && reviewable.media_info["width"] == 64,
            "the stored reviewable",
        )
    });
    assert!(failures.is_empty(), "{failures:#?}");
}
