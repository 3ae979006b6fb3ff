//! Base URLs: joining paths without `//` or lost segments, re-basing links, redacting secrets.

use std::fmt;

use reqwest::Url;

use crate::error::{Error, Result};

/// Query keys whose values are never logged nor put in error messages.
const SECRET_QUERY_KEYS: &[&str] = &[
    "token",
    "access_token",
    "refresh_token",
    "api_key",
    "apikey",
    "key",
    "password",
    "secret",
    "client_secret",
    "signature",
    "code",
];

/// The root every relative path of a platform is joined to, always ending in `/`.
#[derive(Clone, PartialEq, Eq)]
pub struct BaseUrl(Url);

impl BaseUrl {
    /// Parses an absolute `http(s)` URL. A missing trailing slash is added, so
    /// `https://host/api` and `https://host/api/` are the same base.
    pub fn parse(input: &str) -> Result<Self> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(Error::config("the base URL is empty"));
        }
        let mut url = Url::parse(trimmed)
            .map_err(|e| Error::config(format!("the base URL is not valid: {e}")))?;
        let shown = redact_url(&url);
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Error::config(format!(
                "the base URL `{shown}` must use http or https"
            )));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(Error::config(format!("the base URL `{shown}` has no host")));
        }
        if url.query().is_some() {
            return Err(Error::config(format!(
                "the base URL `{shown}` has a query; put parameters on the requests instead"
            )));
        }
        url.set_fragment(None);
        let path = url.path().trim_end_matches('/').to_owned();
        // Collapse any run of slashes in the configured path itself.
        let mut clean = String::with_capacity(path.len() + 1);
        for segment in path.split('/').filter(|s| !s.is_empty()) {
            clean.push('/');
            clean.push_str(segment);
        }
        clean.push('/');
        url.set_path(&clean);
        Ok(BaseUrl(url))
    }

    /// The base as a URL (ends with `/`).
    pub fn as_url(&self) -> &Url {
        &self.0
    }

    /// The base as a string without its trailing slash.
    pub fn as_str_trimmed(&self) -> &str {
        self.0.as_str().trim_end_matches('/')
    }

    /// Joins a relative path: leading slashes of `path` are ignored, so the base's path segments
    /// are always kept (`https://h/api/` + `/v3/parts` = `https://h/api/v3/parts`). A query
    /// string in `path` is kept.
    pub fn join(&self, path: &str) -> Result<Url> {
        let relative = path.trim_start_matches('/');
        if relative.contains("//") {
            let (p, _) = relative.split_once('?').unwrap_or((relative, ""));
            if p.contains("//") {
                return Err(Error::invalid_input(format!(
                    "the path `{path}` contains an empty segment"
                )));
            }
        }
        let url = self.0.join(relative).map_err(|e| {
            Error::invalid_input(format!("cannot join `{path}` to the base URL: {e}"))
        })?;
        // `Url::join` treats `other:x`, `//host` or `../` as leaving the base: refuse that.
        if url.origin() != self.0.origin() || !url.path().starts_with(self.0.path()) {
            return Err(Error::invalid_input(format!(
                "the path `{path}` leaves the base URL"
            )));
        }
        Ok(url)
    }

    /// Resolves a link returned by the server (a `next` link, a `Location`) onto this base.
    ///
    /// An absolute link keeps its path and query but takes this base's scheme, host and port
    /// (servers behind proxies often report their internal address); a link starting with `/`
    /// is taken from the base's origin; any other link is joined to the base.
    pub fn rebase(&self, link: &str) -> Result<Url> {
        let link = link.trim();
        if link.is_empty() {
            return Err(Error::invalid_input("empty link"));
        }
        if let Ok(absolute) = Url::parse(link) {
            let mut url = self.0.clone();
            url.set_path(absolute.path());
            url.set_query(absolute.query());
            return Ok(url);
        }
        if link.starts_with('/') {
            let mut url = self.0.clone();
            let (path, query) = link
                .split_once('?')
                .map_or((link, None), |(p, q)| (p, Some(q)));
            url.set_path(path);
            url.set_query(query);
            return Ok(url);
        }
        self.join(link)
    }
}

impl fmt::Debug for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BaseUrl({})", redact_url(&self.0))
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact_url(&self.0))
    }
}

/// Words that make a key secret when they are one of its `_`/`-`/`.` separated parts.
const SECRET_WORDS: &[&str] = &[
    "key",
    "sig",
    "signature",
    "auth",
    "credential",
    "credentials",
];

/// True for query and JSON keys whose values are secrets (`access_token`, `api-key`,
/// `X-Amz-Signature`, `sig`, `client_secret`, `password`, ...).
pub fn is_secret_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    SECRET_QUERY_KEYS.contains(&key.as_str())
        || key.contains("token")
        || key.contains("password")
        || key.contains("secret")
        || key.contains("apikey")
        || key
            .split(['_', '-', '.'])
            .any(|part| SECRET_WORDS.contains(&part))
}

/// The URL as text with its password and secret query values replaced by `[redacted]`.
pub fn redact_url(url: &Url) -> String {
    let mut url = url.clone();
    if url.password().is_some() {
        let _ = url.set_password(Some("redacted"));
    }
    if url.query().is_some() {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(k, v)| {
                let v = if is_secret_key(&k) {
                    "[redacted]".to_owned()
                } else {
                    v.into_owned()
                };
                (k.into_owned(), v)
            })
            .collect();
        url.query_pairs_mut().clear().extend_pairs(pairs);
    }
    url.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_never_doubles_or_drops_segments() {
        for base in ["https://h/api", "https://h/api/", "https://h//api//"] {
            let b = BaseUrl::parse(base).unwrap();
            assert_eq!(
                b.join("v3/parts").unwrap().as_str(),
                "https://h/api/v3/parts"
            );
            assert_eq!(
                b.join("/v3/parts/").unwrap().as_str(),
                "https://h/api/v3/parts/"
            );
            assert_eq!(
                b.join("/v3/parts?x=1").unwrap().as_str(),
                "https://h/api/v3/parts?x=1"
            );
        }
        let root = BaseUrl::parse("http://127.0.0.1:8080").unwrap();
        assert_eq!(root.join("/x").unwrap().as_str(), "http://127.0.0.1:8080/x");
        assert!(root.join("a//b").is_err());
        let api = BaseUrl::parse("https://h/api").unwrap();
        for escape in [
            "a:b/items",
            "https://other.host/x",
            "../../admin",
            "x/../../admin",
        ] {
            assert!(api.join(escape).is_err(), "{escape}");
        }
    }

    #[test]
    fn bad_bases_are_config_errors() {
        for bad in [
            "",
            "   ",
            "not a url",
            "ftp://h/x",
            "file:///tmp",
            "https://h/api?key=1",
        ] {
            let err = BaseUrl::parse(bad).unwrap_err();
            assert!(err.is_invalid_input(), "{bad}: {err}");
        }
    }

    #[test]
    fn rebase_links() {
        let b = BaseUrl::parse("https://public.example/kc/api/").unwrap();
        assert_eq!(
            b.rebase("http://internal:8000/kc/api/parts?page=2")
                .unwrap()
                .as_str(),
            "https://public.example/kc/api/parts?page=2"
        );
        assert_eq!(
            b.rebase("/kc/api/parts?page=3").unwrap().as_str(),
            "https://public.example/kc/api/parts?page=3"
        );
        assert_eq!(
            b.rebase("parts?page=4").unwrap().as_str(),
            "https://public.example/kc/api/parts?page=4"
        );
    }

    #[test]
    fn redaction() {
        let url = Url::parse(
            "https://u:pw@h/x?token=abc&name=n&api_key=k&sig=s&X-Amz-Signature=z&author=a",
        )
        .unwrap();
        let text = redact_url(&url);
        assert!(!text.contains("abc") && !text.contains(":pw@") && !text.contains("=k"));
        assert!(!text.contains("=s&") && !text.contains("=z"), "{text}");
        assert!(
            text.contains("name=n") && text.contains("author=a"),
            "{text}"
        );
    }
}
