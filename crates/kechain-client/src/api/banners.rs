//! Banners: list, one, get, active, create, delete.

use platform_client_core::Request;
use serde::Serialize;

use super::List;
use super::{check_iso_date, check_name, check_uuid, first_result, py_bool};
use crate::client::KechainClient;
use crate::error::{Error, Result};
use crate::models::Banner;

const LIST: &str = "api/v3/banners.json";
const ACTIVE: &str = "api/v3/banners/active.json";
/// pykechain's `API_EXTRA_PARAMS["banners"]`.
const FIELDS: &str = "id,text,icon,is_active,active_from,active_until,url,created_at,updated_at";

impl KechainClient {
    /// Banners (site-wide announcements).
    pub fn banners(&self) -> Banners<'_> {
        Banners { client: self }
    }
}

/// The banner handler: `client.banners()`.
#[derive(Debug, Clone, Copy)]
pub struct Banners<'c> {
    pub(crate) client: &'c KechainClient,
}

impl<'c> Banners<'c> {
    /// Lists banners.
    pub fn list(&self) -> List<'c, Banner> {
        // pykechain's order: text, id, is_active, fields, then the extra filters.
        List::new(self.client, LIST, "banner").with(|l| {
            l.layout(&["text", "id", "is_active", "fields", "*"])
                .name_key("text")
                .param("fields", FIELDS)
        })
    }

    /// The banner with this id.
    pub async fn get(&self, id: &str) -> Result<Banner> {
        self.list().id(id).one().await
    }

    /// The banner shown now (`GET api/v3/banners/active.json`): [`Error::NotFound`] when none
    /// is, [`Error::MultipleFound`] when several are.
    pub async fn active(&self) -> Result<Banner> {
        let mut results: Vec<Banner> =
            super::all_results(self.client, Request::get(ACTIVE)).await?;
        match results.len() {
            0 => Err(Error::not_found("an active banner")),
            1 => Ok(results.remove(0)),
            n => Err(Error::MultipleFound {
                what: "the active banner".to_owned(),
                count: n as u64,
            }),
        }
    }

    /// Creates a banner showing `text` with the Font Awesome `icon`, active from `active_from`
    /// (ISO 8601, e.g. `2020-01-01T00:01:00+00:00`).
    pub fn create(
        &self,
        text: impl Into<String>,
        icon: impl Into<String>,
        active_from: impl Into<String>,
    ) -> CreateBanner<'c> {
        CreateBanner {
            client: self.client,
            text: text.into(),
            icon: icon.into(),
            active_from: active_from.into(),
            active_until: None,
            is_active: false,
            url: None,
        }
    }

    /// Deletes a banner (a banner already deleted gives [`Error::NotFound`]).
    pub async fn delete(&self, id: &str) -> Result<()> {
        check_uuid("banner id", id)?;
        let request = Request::delete(format!("api/v3/banners/{id}.json"));
        self.client.http.send(request).await?;
        Ok(())
    }
}

lookup_filters!(ids Banner, "banner");

/// The filters of [`Banners::list`].
impl List<'_, Banner> {
    /// Only banners with this exact text.
    pub fn text(self, text: impl Into<String>) -> Self {
        self.non_blank("text", "the banner text", text)
    }

    /// Only switched-on (`true`) or switched-off (`false`) banners.
    pub fn active(self, is_active: bool) -> Self {
        self.with(|l| l.param("is_active", py_bool(is_active)))
    }
}

/// A banner creation; see [`Banners::create`].
#[derive(Debug, Clone)]
#[must_use = "nothing is created until `send` is awaited"]
pub struct CreateBanner<'c> {
    client: &'c KechainClient,
    text: String,
    icon: String,
    active_from: String,
    active_until: Option<String>,
    is_active: bool,
    url: Option<String>,
}

/// The JSON body: unset `active_until` and `url` are sent as `null`, as pykechain does and the
/// server accepts.
#[derive(Serialize)]
struct BannerBody<'a> {
    text: &'a str,
    icon: &'a str,
    active_from: &'a str,
    active_until: Option<&'a str>,
    is_active: bool,
    url: Option<&'a str>,
}

impl CreateBanner<'_> {
    /// End of the active period (ISO 8601).
    pub fn active_until(mut self, date: impl Into<String>) -> Self {
        self.active_until = Some(date.into());
        self
    }

    /// Switches the banner on (default `false`).
    pub fn active(mut self, is_active: bool) -> Self {
        self.is_active = is_active;
        self
    }

    /// Target of the "more info" button (an `http(s)` URL).
    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    /// Creates the banner (`POST api/v3/banners.json?fields=…`, 201).
    pub async fn send(self) -> Result<Banner> {
        check_name("the banner text", &self.text)?;
        check_name("the banner icon", &self.icon)?;
        check_iso_date("active-from date", &self.active_from)?;
        if let Some(until) = &self.active_until {
            check_iso_date("active-until date", until)?;
        }
        if let Some(url) = &self.url {
            check_url(url)?;
        }
        let body = BannerBody {
            text: &self.text,
            icon: &self.icon,
            active_from: &self.active_from,
            active_until: self.active_until.as_deref(),
            is_active: self.is_active,
            url: self.url.as_deref(),
        };
        let request = Request::post(LIST).query("fields", FIELDS).json(&body)?;
        first_result(self.client, request, "the created banner").await
    }
}

fn check_url(url: &str) -> Result<()> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(rest)
            if !rest.is_empty()
                && !rest.starts_with('/')
                && !url.chars().any(char::is_whitespace) =>
        {
            Ok(())
        }
        _ => Err(Error::invalid(format!("`{url}` is not an http(s) URL"))),
    }
}
