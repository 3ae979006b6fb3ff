//! Reviewables: media uploaded to a version for review.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The answer of a reviewable upload (the server's `ReviewableModel`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Reviewable {
    /// The stored file's id.
    #[serde(default, deserialize_with = "super::null_default")]
    pub file_id: String,
    /// The `reviewable` activity on the version.
    #[serde(default, deserialize_with = "super::null_default")]
    pub activity_id: String,
    /// The original file name.
    #[serde(default, deserialize_with = "super::null_default")]
    pub filename: String,
    /// The label (the server fills in the file name without one).
    #[serde(default)]
    pub label: Option<String>,
    /// The media type.
    #[serde(default, deserialize_with = "super::null_default")]
    pub mimetype: String,
    /// `unknown`, `conversionRequired`, `conversionRecommended` or `ready`.
    #[serde(default)]
    pub availability: Option<String>,
    /// What the server's probe found: `width`, `height`, `codec`, `frameRate`,
    /// `duration`, ...
    #[serde(default, deserialize_with = "super::null_default")]
    pub media_info: Map<String, Value>,
    /// The file this one was converted from.
    #[serde(default)]
    pub created_from: Option<String>,
    /// The processing status, while a conversion runs.
    #[serde(default)]
    pub processing: Option<Value>,
    /// When it was created.
    #[serde(default)]
    pub created_at: Option<String>,
    /// When it was last updated.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Who uploaded it (`name`, `fullName`).
    #[serde(default, deserialize_with = "super::null_default")]
    pub author: Map<String, Value>,
}

/// The media type of a file from its first bytes (`get_media_mime_type`), for the reviewable
/// formats: images (PNG, JPEG, WebP, GIF, TIFF, BMP, OpenEXR, Photoshop, SVG), the ISO
/// family (QuickTime, MP4, M4V, 3GPP, JPEG 2000), Matroska/WebM, AVI, MXF, PDF. The reference
/// answered `tiff` and `gif` for those two, which are not media types.
pub fn media_type(head: &[u8]) -> Option<&'static str> {
    let at = |range: std::ops::Range<usize>| head.get(range);
    let starts = |magic: &[u8]| head.starts_with(magic);
    if starts(b"\x89PNG") {
        Some("image/png")
    } else if starts(b"\xff\xd8\xff") {
        Some("image/jpeg")
    } else if starts(b"RIFF") && at(8..12) == Some(b"WEBP") {
        Some("image/webp")
    } else if starts(b"RIFF") && at(8..12) == Some(b"AVI ") {
        Some("video/x-msvideo")
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        Some("image/gif")
    } else if starts(b"II*\0") || starts(b"MM\0*") {
        Some("image/tiff")
    } else if starts(b"v/1\x01") {
        Some("image/x-exr")
    } else if starts(b"8BPS") {
        Some("image/vnd.adobe.photoshop")
    } else if starts(b"%PDF") {
        Some("application/pdf")
    } else if starts(b"\x06\x0e\x2b\x34") {
        Some("application/mxf")
    } else if starts(b"\x1a\x45\xdf\xa3") {
        let webm = head.windows(4).any(|w| w == b"webm");
        Some(if webm {
            "video/webm"
        } else {
            "video/x-matroska"
        })
    } else if at(4..8) == Some(b"ftyp") {
        iso_media_type(at(8..12)?)
    } else if starts(b"BM") && head.len() >= 14 {
        Some("image/bmp")
    } else if head
        .windows(34)
        .any(|w| w == b"xmlns=\"http://www.w3.org/2000/svg\"")
    {
        Some("image/svg+xml")
    } else {
        None
    }
}

/// The ISO base media file types by their `ftyp` brand.
fn iso_media_type(brand: &[u8]) -> Option<&'static str> {
    match brand {
        b"qt  " | b"MSNV" => Some("video/quicktime"),
        b"3g2a" | b"3g2b" | b"3g2c" | b"KDDI" => Some("video/3gpp2"),
        b"M4V " | b"M4VH" | b"M4VP" => Some("video/x-m4v"),
        b"mj2s" | b"mjp2" => Some("video/mj2"),
        _ if brand.starts_with(b"3g") => Some("video/3gpp"),
        _ if brand.starts_with(b"jp2") => Some("image/jp2"),
        b"isom" | b"iso2" | b"iso4" | b"iso5" | b"iso6" | b"avc1" | b"mmp4" | b"mp41" | b"mp42"
        | b"dash" | b"F4V " | b"F4P " => Some("video/mp4"),
        _ if brand.starts_with(b"NDS") || brand.starts_with(b"NDX") => Some("video/mp4"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::media_type;

    #[test]
    fn media_types_by_magic() {
        let cases: [(&[u8], Option<&str>); 12] = [
            (b"\x89PNG\r\n\x1a\n....", Some("image/png")),
            (b"\xff\xd8\xff\xe0..JFIF", Some("image/jpeg")),
            (b"RIFF\0\0\0\0WEBPVP8 ", Some("image/webp")),
            (b"RIFF\0\0\0\0AVI LIST", Some("video/x-msvideo")),
            (b"GIF89a..", Some("image/gif")),
            (b"II*\0\x08\0\0\0", Some("image/tiff")),
            (b"v/1\x01\x02\0\0\0", Some("image/x-exr")),
            (b"\0\0\0\x14ftypqt  \0\0\0\0", Some("video/quicktime")),
            (b"\0\0\0\x20ftypisom\0\0\x02\0", Some("video/mp4")),
            (
                b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01webm",
                Some("video/webm"),
            ),
            (b"plain text, not media", None),
            (b"BM", None),
        ];
        for (head, expected) in cases {
            assert_eq!(media_type(head), expected, "{head:?}");
        }
    }
}
