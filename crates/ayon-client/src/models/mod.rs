//! Typed answers. Entities decode both their REST and their GraphQL shapes: GraphQL returns
//! some JSON as text (`data`, `context`, `accessGroups`, `allAttrib`, `files[].size`), which is
//! decoded into values before the typed model sees it.

mod activity;
mod attribute;
mod bundle;
mod entity;
mod event;
mod folder;
mod info;
mod link;
mod operation;
mod project;
mod representation;
mod reviewable;
mod user;
mod version;

pub use activity::Activity;
pub use attribute::{AttributeData, AttributeModel, AttributesSchema};
pub use bundle::{AddonInfo, Bundle, BundleCompatibility, Bundles, DesktopPackage};
pub use entity::{Entity, Product, ProductType, Task, Workfile};
pub use event::{EnrolledJob, Event};
pub use folder::{Folder, FolderHierarchy, FolderHierarchyItem, RestFolders};
pub use info::{ServerInfo, ServerVersion};
pub use link::{EntityLink, LinkType};
pub use operation::{Operation, OperationKind, OperationResult, OperationsAnswer};
pub use project::{
    Anatomy, AnatomyPreset, AnatomyPresets, Project, ProjectListing, ProjectSummary,
    SiteRootOverrides,
};
pub use representation::{
    Representation, RepresentationFile, RepresentationHierarchy, RepresentationParents,
};
pub use reviewable::{Reviewable, media_type};
pub use user::User;
pub use version::Version;

use serde_json::{Map, Value};

/// Keys whose GraphQL value is JSON text (free-form payloads, never looked into).
const JSON_TEXT_KEYS: [&str; 6] = [
    "data",
    "context",
    "accessGroups",
    "activityData",
    "config",
    "traits",
];

/// Decodes, in place and at any depth, the JSON that GraphQL returns as text: `data`,
/// `context`, `accessGroups`, `activityData`, `config`; `allAttrib` merged into `attrib`;
/// `files[].size` as a number.
pub(crate) fn decode_json_text(value: &mut Value) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(decode_json_text),
        Value::Object(object) => {
            for key in JSON_TEXT_KEYS {
                if let Some(slot) = object.get_mut(key) {
                    parse_text(slot);
                }
            }
            if let Some(Value::String(text)) = object.remove("allAttrib")
                && let Ok(Value::Object(all)) = serde_json::from_str::<Value>(&text)
            {
                let attrib = object
                    .entry("attrib")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(attrib) = attrib {
                    for (k, v) in all {
                        attrib.insert(k, v);
                    }
                }
            }
            if let Some(Value::Array(files)) = object.get_mut("files") {
                for file in files.iter_mut() {
                    if let Some(size) = file.get_mut("size")
                        && let Some(number) = size.as_str().and_then(|s| s.parse::<u64>().ok())
                    {
                        *size = Value::from(number);
                    }
                }
            }
            // Nested entities (a version's product, its folder, ...) are decoded alike; payloads
            // (`data`, `attrib`, ...) are the user's and stay as they are.
            for (key, child) in object.iter_mut() {
                let payload = JSON_TEXT_KEYS.contains(&key.as_str()) || key == "attrib";
                if !payload && (child.is_object() || child.is_array()) {
                    decode_json_text(child);
                }
            }
        }
        _ => {}
    }
}

/// `"{...}"` / `"[...]"` → the value; other text stays.
fn parse_text(slot: &mut Value) {
    if let Value::String(text) = slot {
        let trimmed = text.trim_start();
        if (trimmed.starts_with('{') || trimmed.starts_with('['))
            && let Ok(parsed) = serde_json::from_str::<Value>(text)
        {
            *slot = parsed;
        } else if trimmed == "null" || trimmed.is_empty() {
            *slot = Value::Null;
        }
    }
}

/// A free-form map without the keys named like secrets (a user's `data` holds its password
/// hash and API key hash), `null` as empty.
pub(crate) fn map_without_secrets<'de, D>(deserializer: D) -> Result<Map<String, Value>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let mut map: Map<String, Value> = null_default(deserializer)?;
    map.retain(|key, _| !platform_client_core::url::is_secret_key(key));
    Ok(map)
}

/// A field GraphQL sends as JSON text and REST as a value: text is parsed, `null` and empty
/// text are the default.
pub(crate) fn json_text<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned + Default,
{
    use serde::Deserialize;
    use serde::de::Error as _;
    match Option::<Value>::deserialize(deserializer)? {
        None | Some(Value::Null) => Ok(T::default()),
        Some(Value::String(text)) if text.trim().is_empty() || text.trim() == "null" => {
            Ok(T::default())
        }
        Some(Value::String(text)) => serde_json::from_str(&text).map_err(D::Error::custom),
        Some(other) => serde_json::from_value(other).map_err(D::Error::custom),
    }
}

/// [`json_text`] for an optional field (`None` for `null` or empty text).
pub(crate) fn json_text_opt<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    use serde::Deserialize;
    use serde::de::Error as _;
    match Option::<Value>::deserialize(deserializer)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) if text.trim().is_empty() || text.trim() == "null" => Ok(None),
        Some(Value::String(text)) => serde_json::from_str(&text)
            .map(Some)
            .map_err(D::Error::custom),
        Some(other) => serde_json::from_value(other)
            .map(Some)
            .map_err(D::Error::custom),
    }
}

/// A number GraphQL sends as text (`files[].size`).
pub(crate) fn number_or_text<'de, D>(deserializer: D) -> Result<Option<u64>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    use serde::Deserialize;
    use serde::de::Error as _;
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum NumberOrText {
        Number(u64),
        Text(String),
    }
    match Option::<NumberOrText>::deserialize(deserializer)? {
        None => Ok(None),
        Some(NumberOrText::Number(n)) => Ok(Some(n)),
        Some(NumberOrText::Text(t)) => t.trim().parse().map(Some).map_err(D::Error::custom),
    }
}

/// Merges `allAttrib` (every attribute, as GraphQL sends it) into `attrib`.
pub(crate) fn merge_all_attrib(
    attrib: &mut Map<String, Value>,
    all: &mut Option<Map<String, Value>>,
) {
    if let Some(all) = all.take() {
        if attrib.is_empty() {
            *attrib = all;
        } else {
            attrib.extend(all);
        }
    }
}

/// `null` as the default value (GraphQL and REST send `null` for empty maps and lists).
pub(crate) fn null_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de> + Default,
{
    use serde::Deserialize;
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::decode_json_text;
    use serde_json::json;

    #[test]
    fn graphql_text_fields_become_values() {
        let mut node = json!({"data": "{\"a\": {\"data\": \"{}\"}}", "allAttrib": "{\"fps\": 25}",
            "attrib": {"fps": 24, "x": 1}, "files": [{"size": "10"}],
            "version": {"context": "{\"folder\": {\"name\": \"hero\"}}"}, "name": "data"});
        decode_json_text(&mut node);
        assert_eq!(
            node["data"]["a"]["data"], "{}",
            "payloads are not looked into"
        );
        assert_eq!(node["attrib"], json!({"fps": 25, "x": 1}));
        assert_eq!(node["files"][0]["size"], 10);
        assert_eq!(node["version"]["context"]["folder"]["name"], "hero");
        assert!(node.get("allAttrib").is_none());
    }
}
