//! Ready-made page decoders and total-count readers.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use reqwest::header::HeaderMap;
use serde::de::{DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use super::{PageData, PageDecoder};

/// Decodes a body that is a JSON array of items; the total comes from `total` (e.g.
/// [`content_range_total`] or [`header_total`]).
pub fn json_array<T: DeserializeOwned + 'static>(
    total: fn(&HeaderMap) -> Option<u64>,
) -> PageDecoder<T> {
    Arc::new(move |response| {
        Ok(PageData {
            items: response.json()?,
            total: total(response.headers()),
            next: None,
        })
    })
}

/// Decodes a JSON object holding the items in field `items` (`"results"`, `"data"`, ...),
/// the next link or cursor in `next` and the total in `count`, without building an
/// intermediate `Value`.
pub fn json_envelope<T: DeserializeOwned + 'static>(
    items: &'static str,
    next: Option<&'static str>,
    count: Option<&'static str>,
) -> PageDecoder<T> {
    Arc::new(move |response| {
        response.json_seed(Envelope::<T> {
            items,
            next,
            count,
            item: PhantomData,
        })
    })
}

/// The total of a `Content-Range: items 0-99/1000` header (`*` or a malformed value give `None`).
pub fn content_range_total(headers: &HeaderMap) -> Option<u64> {
    let value = headers.get("content-range")?.to_str().ok()?;
    value.rsplit_once('/')?.1.trim().parse().ok()
}

/// The total of a count header such as `total-count` or `X-Total-Count`.
pub fn header_total(headers: &HeaderMap, name: &str) -> Option<u64> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

struct Envelope<T> {
    items: &'static str,
    next: Option<&'static str>,
    count: Option<&'static str>,
    item: PhantomData<T>,
}

impl<T> Clone for Envelope<T> {
    fn clone(&self) -> Self {
        Envelope {
            items: self.items,
            next: self.next,
            count: self.count,
            item: PhantomData,
        }
    }
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for Envelope<T> {
    type Value = PageData<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for Envelope<T> {
    type Value = PageData<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object with a `{}` list", self.items)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut items: Option<Vec<T>> = None;
        let mut next = None;
        let mut total = None;
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            if key == self.items {
                items = Some(map.next_value()?);
            } else if Some(key.as_ref()) == self.next {
                next = map.next_value::<Option<String>>()?;
            } else if Some(key.as_ref()) == self.count {
                total = map.next_value::<Option<u64>>()?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        let items = items.ok_or_else(|| serde::de::Error::missing_field(self.items))?;
        Ok(PageData { items, total, next })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::Response;
    use reqwest::header::HeaderValue;

    fn response(body: &str) -> Response {
        Response::from_parts(
            reqwest::StatusCode::OK,
            HeaderMap::new(),
            "http://h/x".parse().unwrap(),
            body.to_owned().into(),
        )
    }

    #[test]
    fn envelope_reads_items_next_and_count() {
        let dec = json_envelope::<u32>("results", Some("next"), Some("count"));
        let page = dec(&response(
            r#"{"count":3,"next":"http://h/x?page=2","results":[1,2],"x":{}}"#,
        ))
        .unwrap();
        assert_eq!(page.items, vec![1, 2]);
        assert_eq!(page.total, Some(3));
        assert_eq!(page.next.as_deref(), Some("http://h/x?page=2"));
        let last = dec(&response(r#"{"next":null,"results":[]}"#)).unwrap();
        assert_eq!(last.next, None);
    }

    #[test]
    fn envelope_errors_name_the_path() {
        let dec = json_envelope::<u32>("results", None, None);
        let err = dec(&response(r#"{"results":[1,"two"]}"#))
            .unwrap_err()
            .to_string();
        assert!(err.contains("results[1]"), "{err}");
        let err = dec(&response(r#"{"other":[]}"#)).unwrap_err().to_string();
        assert!(err.contains("missing field `results`"), "{err}");
    }

    #[test]
    fn totals() {
        let mut h = HeaderMap::new();
        h.insert("content-range", HeaderValue::from_static("items 0-99/1000"));
        h.insert("total-count", HeaderValue::from_static("42"));
        assert_eq!(content_range_total(&h), Some(1000));
        assert_eq!(header_total(&h, "total-count"), Some(42));
        h.insert("content-range", HeaderValue::from_static("items 0-0/*"));
        assert_eq!(content_range_total(&h), None);
    }
}
