//! Expiring downloads: list, one, create (with an optional upload), upload, delete.

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use platform_client_core::reexports::Bytes;
use platform_client_core::{Part, Request};
use serde_json::json;

use super::List;
use super::{check_uuid, first_result};
use crate::client::KechainClient;
use crate::error::{Error, Result};
use crate::models::ExpiringDownload;

const LIST: &str = "api/downloads.json";
/// pykechain's `API_EXTRA_PARAMS["expiring_downloads"]`.
const FIELDS: &str = "id,created_at,updated_at,expires_at,expires_in,content";

/// The expiring download handler: `client.expiring_downloads()`.
#[derive(Debug, Clone, Copy)]
pub struct ExpiringDownloads<'c> {
    pub(crate) client: &'c KechainClient,
}

impl crate::KechainClient {
    /// Expiring downloads (files behind links that stop working after a while).
    pub fn expiring_downloads(&self) -> ExpiringDownloads<'_> {
        ExpiringDownloads { client: self }
    }
}

impl<'c> ExpiringDownloads<'c> {
    /// Lists expiring downloads.
    pub fn list(&self) -> List<'c, ExpiringDownload> {
        // pykechain's order: id, expires_in, fields, then the extra filters.
        List::new(self.client, LIST, "expiring download").with(|l| {
            l.layout(&["id", "expires_in", "fields", "*"])
                .param("fields", FIELDS)
        })
    }

    /// The expiring download with this id (pykechain's `expiring_download(pk=…)`).
    pub async fn get(&self, id: &str) -> Result<ExpiringDownload> {
        self.list().id(id).one().await
    }

    /// Creates an expiring download that expires at `expires_at`, an ISO 8601 date-time
    /// (`2030-01-01T12:00:00+00:00`; without an offset it is read as UTC, as the server does).
    /// A moment in the past is rejected before anything is sent.
    pub fn create(&self, expires_at: impl Into<String>) -> CreateExpiringDownload<'c> {
        CreateExpiringDownload {
            client: self.client,
            expires_at: expires_at.into(),
            expires_in: None,
            content: None,
        }
    }

    /// Uploads `data` as the content of the download `id`, under the file name `filename`.
    pub async fn upload(
        &self,
        id: &str,
        filename: &str,
        data: impl Into<Vec<u8>>,
    ) -> Result<ExpiringDownload> {
        check_uuid("expiring download id", id)?;
        if filename.trim().is_empty() {
            return Err(Error::invalid("the file name must not be empty"));
        }
        upload(self.client, id, filename.to_owned(), data.into()).await
    }

    /// Deletes an expiring download.
    pub async fn delete(&self, id: &str) -> Result<()> {
        check_uuid("expiring download id", id)?;
        let request = Request::delete(format!("api/downloads/{id}.json"));
        self.client.http.send(request).await?;
        Ok(())
    }
}

async fn upload(
    client: &KechainClient,
    id: &str,
    filename: String,
    data: Vec<u8>,
) -> Result<ExpiringDownload> {
    // Like python-requests: a file part without a content type of its own.
    let part = Part {
        name: "attachment".to_owned(),
        filename: Some(filename),
        content_type: None,
        data: Bytes::from(data),
    };
    let request = Request::post(format!("api/downloads/{id}/upload")).multipart(vec![part]);
    first_result(client, request, "the uploaded expiring download").await
}

lookup_filters!(ids ExpiringDownload, "expiring download");

/// The filters of [`ExpiringDownloads::list`].
impl List<'_, ExpiringDownload> {
    /// Only downloads with this lifetime, in seconds.
    pub fn expires_in(self, seconds: u64) -> Self {
        self.with(|l| l.param("expires_in", seconds))
    }
}

#[derive(Debug, Clone)]
enum Content {
    Data { filename: String, data: Vec<u8> },
    Path(PathBuf),
}

/// An expiring download creation; see [`ExpiringDownloads::create`].
#[derive(Debug, Clone)]
#[must_use = "nothing is created until `send` is awaited"]
pub struct CreateExpiringDownload<'c> {
    client: &'c KechainClient,
    expires_at: String,
    expires_in: Option<u64>,
    content: Option<Content>,
}

impl CreateExpiringDownload<'_> {
    /// Lifetime in seconds (sent as `null` when not set, like pykechain).
    pub fn expires_in(mut self, seconds: u64) -> Self {
        self.expires_in = Some(seconds);
        self
    }

    /// Uploads `data` as the content, under the file name `filename`, once created.
    pub fn content(mut self, filename: impl Into<String>, data: impl Into<Vec<u8>>) -> Self {
        self.content = Some(Content::Data {
            filename: filename.into(),
            data: data.into(),
        });
        self
    }

    /// Uploads the file at `path` as the content once created. The file is read before
    /// anything is sent, so a missing file creates nothing (pykechain creates, then fails).
    pub fn content_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.content = Some(Content::Path(path.into()));
        self
    }

    /// Creates the download, then uploads its content if one was given.
    pub async fn send(self) -> Result<ExpiringDownload> {
        let expires = parse_iso_utc(&self.expires_at).ok_or_else(|| {
            Error::invalid(format!(
                "the expiry moment `{}` is not an ISO 8601 date-time",
                self.expires_at
            ))
        })?;
        let now = now_micros();
        if expires < now {
            return Err(Error::invalid(format!(
                "the expiry moment `{}` is in the past (now is {})",
                self.expires_at,
                format_iso_utc(now)
            )));
        }
        let content = match self.content {
            None => None,
            Some(Content::Data { filename, data }) => {
                if filename.trim().is_empty() {
                    return Err(Error::invalid("the file name must not be empty"));
                }
                Some((filename, data))
            }
            Some(Content::Path(path)) => {
                let filename = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .ok_or_else(|| {
                        Error::invalid(format!("`{}` does not name a file", path.display()))
                    })?;
                let data = std::fs::read(&path).map_err(|e| {
                    Error::invalid(format!("cannot read `{}`: {e}", path.display()))
                })?;
                Some((filename, data))
            }
        };
        // pykechain sends a naive local `created_at`; this sends the UTC moment with its offset.
        let body = json!({
            "created_at": format_iso_utc(now),
            "expires_at": self.expires_at,
            "expires_in": self.expires_in,
        });
        let request = Request::post(LIST).json(&body)?;
        let created: ExpiringDownload =
            first_result(self.client, request, "the created expiring download").await?;
        match content {
            Some((filename, data)) => upload(self.client, &created.id, filename, data).await,
            None => Ok(created),
        }
    }
}

const MICROS_PER_DAY: i128 = 86_400_000_000;

/// Microseconds since the Unix epoch of an ISO 8601 date (`2030-01-31`) or date-time
/// (`2030-01-31T12:00[:00[.123456]][Z|±HH[:MM]]`); without an offset it is UTC. `None` when
/// the text is not such a date.
pub(crate) fn parse_iso_utc(value: &str) -> Option<i128> {
    let value = value.trim();
    let (date, time) = match value.split_once(['T', ' ']) {
        Some((d, t)) => (d, Some(t)),
        None => (value, None),
    };
    let mut fields = date.split('-');
    let year = digits(fields.next()?, 4)?;
    let month = digits(fields.next()?, 2)?;
    let day = digits(fields.next()?, 2)?;
    if fields.next().is_some() || !(1..=12).contains(&month) || day < 1 {
        return None;
    }
    if day > days_in_month(year, month) {
        return None;
    }
    let mut micros = i128::from(days_from_civil(year, month, day)) * MICROS_PER_DAY;
    if let Some(time) = time {
        let (clock, offset) = split_offset(time)?;
        micros += parse_clock(clock)? - i128::from(offset) * 1_000_000;
    }
    Some(micros)
}

/// `YYYY-MM-DDTHH:MM:SS.ffffff+00:00` of microseconds since the Unix epoch.
pub(crate) fn format_iso_utc(micros: i128) -> String {
    let days = micros.div_euclid(MICROS_PER_DAY);
    let of_day = micros.rem_euclid(MICROS_PER_DAY);
    let (y, m, d) = civil_from_days(i64::try_from(days).unwrap_or_default());
    let secs = of_day / 1_000_000;
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:06}+00:00",
        secs / 3600,
        secs / 60 % 60,
        secs % 60,
        of_day % 1_000_000
    )
}

fn now_micros() -> i128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i128::try_from(d.as_micros()).unwrap_or(i128::MAX))
}

fn digits(text: &str, len: usize) -> Option<i64> {
    (text.len() == len && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Splits `12:00:00+02:00` into the clock and the offset in seconds.
fn split_offset(time: &str) -> Option<(&str, i64)> {
    if let Some(clock) = time.strip_suffix(['Z', 'z']) {
        return Some((clock, 0));
    }
    let Some(at) = time.rfind(['+', '-']) else {
        return Some((time, 0));
    };
    let (clock, offset) = time.split_at(at);
    let sign = if offset.starts_with('-') { -1 } else { 1 };
    let offset = offset[1..].replace(':', "");
    let (hours, minutes) = match offset.len() {
        2 => (digits(&offset, 2)?, 0),
        4 => (digits(&offset[..2], 2)?, digits(&offset[2..], 2)?),
        _ => return None,
    };
    (hours < 24 && minutes < 60).then_some((clock, sign * (hours * 3600 + minutes * 60)))
}

/// Microseconds into the day of `HH:MM[:SS[.fraction]]`.
fn parse_clock(clock: &str) -> Option<i128> {
    let (hms, fraction) = match clock.split_once(['.', ',']) {
        Some((hms, f)) => (hms, Some(f)),
        None => (clock, None),
    };
    let mut parts = hms.split(':');
    let hours = digits(parts.next()?, 2)?;
    let minutes = digits(parts.next()?, 2)?;
    let seconds = parts.next().map_or(Some(0), |s| digits(s, 2))?;
    if parts.next().is_some() || hours > 23 || minutes > 59 || seconds > 60 {
        return None;
    }
    let mut micros = i128::from(hours * 3600 + minutes * 60 + seconds) * 1_000_000;
    if let Some(fraction) = fraction {
        if fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let six: String = fraction.chars().chain("000000".chars()).take(6).collect();
        micros += six.parse::<i128>().ok()?;
    }
    Some(micros)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_parse_to_utc() {
        let noon = parse_iso_utc("2022-08-10T12:22:13.833302Z").unwrap();
        assert_eq!(format_iso_utc(noon), "2022-08-10T12:22:13.833302+00:00");
        assert_eq!(
            parse_iso_utc("2022-08-10T14:22:13.833302+02:00"),
            Some(noon)
        );
        assert_eq!(parse_iso_utc("2022-08-10T12:22:13.833302"), Some(noon));
        assert_eq!(parse_iso_utc("1970-01-01"), Some(0));
        assert_eq!(parse_iso_utc("1969-12-31T23:00-01:00"), Some(0));
        assert_eq!(
            format_iso_utc(parse_iso_utc("2024-02-29T23:59:59.5+0000").unwrap()),
            "2024-02-29T23:59:59.500000+00:00"
        );
        assert_eq!(format_iso_utc(-1), "1969-12-31T23:59:59.999999+00:00");
        for bad in [
            "",
            "next week",
            "2023-02-29",
            "2022-13-01",
            "2022-8-10",
            "2022-08-10T25:00",
            "2022-08-10T12",
            "2022-08-10T12:00+5",
            "2022-08-10T12:00:00.",
            "20220810",
        ] {
            assert_eq!(parse_iso_utc(bad), None, "{bad}");
        }
    }

    #[test]
    fn now_formats_like_an_aware_iso_date() {
        let now = format_iso_utc(now_micros());
        assert!(now.ends_with("+00:00") && now.len() == 32, "{now}");
        assert_eq!(
            parse_iso_utc(&now).map(|m| m / 1_000_000 > 1_700_000_000),
            Some(true)
        );
    }
}
