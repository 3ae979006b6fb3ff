//! Widget associations (which property models a widget reads or writes): list, update, set,
//! clear, remove. Reached through `client.widgets().associations()`.

use platform_client_core::Request;
use serde_json::{Map, Value};

use super::widgets::FIELDS;
use super::{List, check_uuid, first_result};
use super::{all_results, check_unique};
use crate::client::KechainClient;
use crate::error::{Error, Result};
use crate::models::{Association, Widget};

/// Adds associations (a patch).
pub(super) const BULK_UPDATE: &str = "api/widgets/bulk_update_associations.json";
/// Replaces the associations (an absolute set).
const BULK_SET: &str = "api/widgets/bulk_set_associations.json";

/// The association handler: `client.widgets().associations()`.
#[derive(Debug, Clone, Copy)]
pub struct Associations<'c> {
    pub(crate) client: &'c KechainClient,
}

impl<'c> Associations<'c> {
    /// Lists associations, filtered by widget, activity, scope, part or property.
    pub fn list(&self) -> List<'c, Association> {
        List::new(self.client, "api/associations.json", "association").with(|l| {
            let blank = KEYS[..7].iter().fold(l, |l, key| l.param(key, ""));
            blank
                .layout(&KEYS)
                .refuse_zero_limit("the association limit must be at least 1")
        })
    }

    /// Adds associations to one widget (existing ones are kept); returns the widget.
    pub async fn update(&self, update: AssociationUpdate) -> Result<Widget> {
        let body = [update.to_json()?];
        let request = Request::put(BULK_UPDATE)
            .query("fields", FIELDS)
            .json(&body)?;
        first_result(self.client, request, "the updated widget").await
    }

    /// Adds associations to several widgets in one request; returns the widgets.
    pub async fn update_many(
        &self,
        updates: impl IntoIterator<Item = AssociationUpdate>,
    ) -> Result<Vec<Widget>> {
        let updates: Vec<AssociationUpdate> = updates.into_iter().collect();
        self.send_bulk(BULK_UPDATE, &updates).await
    }

    /// Replaces the associations of one widget (an update without models removes them all);
    /// returns the widget.
    pub async fn set(&self, update: AssociationUpdate) -> Result<Widget> {
        let body = [update.to_json()?];
        let request = Request::put(BULK_SET).query("fields", FIELDS).json(&body)?;
        first_result(self.client, request, "the updated widget").await
    }

    /// Replaces the associations of several widgets in one request; returns the widgets.
    pub async fn set_many(
        &self,
        updates: impl IntoIterator<Item = AssociationUpdate>,
    ) -> Result<Vec<Widget>> {
        let updates: Vec<AssociationUpdate> = updates.into_iter().collect();
        self.send_bulk(BULK_SET, &updates).await
    }

    /// Removes every association of a widget. The server answers with a short widget
    /// (`id` and `activity_id` only).
    pub async fn clear(&self, widget_id: &str) -> Result<Widget> {
        check_uuid("widget id", widget_id)?;
        let request = Request::put(format!("api/widgets/{widget_id}/clear_associations.json"));
        first_result(self.client, request, "the cleared widget").await
    }

    /// Removes the associations of a widget with these property models. Like pykechain,
    /// nothing is sent when `property_ids` is empty; the result is then `None`.
    pub async fn remove<S: AsRef<str>>(
        &self,
        widget_id: &str,
        property_ids: impl IntoIterator<Item = S>,
    ) -> Result<Option<Widget>> {
        check_uuid("widget id", widget_id)?;
        let mut ids = Vec::new();
        for id in property_ids {
            check_uuid("property id", id.as_ref())?;
            ids.push(id.as_ref().to_owned());
        }
        if ids.is_empty() {
            return Ok(None);
        }
        let body = serde_json::json!({ "id": widget_id, "model_properties_ids": ids });
        let request = Request::put(format!("api/widgets/{widget_id}/remove_associations.json"))
            .query("fields", FIELDS)
            .json(&body)?;
        first_result(self.client, request, "the widget")
            .await
            .map(Some)
    }

    pub(super) async fn send_bulk(
        &self,
        path: &str,
        updates: &[AssociationUpdate],
    ) -> Result<Vec<Widget>> {
        if updates.is_empty() {
            return Err(Error::invalid("no widget to update the associations of"));
        }
        check_unique("widget", updates.iter().map(|u| u.widget_id.as_str()))?;
        let body = updates
            .iter()
            .map(AssociationUpdate::to_json)
            .collect::<Result<Vec<_>>>()?;
        let request = Request::put(path).query("fields", FIELDS).json(&body)?;
        all_results(self.client, request).await
    }
}

/// The associations of one widget, for [`Associations::update`] and [`Associations::set`]
/// (and the `readable`/`writable` of [`super::widgets::NewWidget`]).
#[derive(Debug, Clone, PartialEq)]
pub struct AssociationUpdate {
    widget_id: String,
    readable: Vec<String>,
    writable: Vec<String>,
    part_instance: Option<String>,
    parent_part_instance: Option<String>,
    extra: Map<String, Value>,
}

impl AssociationUpdate {
    /// Associations of the widget with this id.
    pub fn new(widget_id: impl Into<String>) -> Self {
        AssociationUpdate {
            widget_id: widget_id.into(),
            readable: Vec::new(),
            writable: Vec::new(),
            part_instance: None,
            parent_part_instance: None,
            extra: Map::new(),
        }
    }

    /// Property models the widget shows read-only.
    pub fn readable<S: Into<String>>(mut self, property_ids: impl IntoIterator<Item = S>) -> Self {
        self.readable
            .extend(property_ids.into_iter().map(Into::into));
        self
    }

    /// Property models the widget may edit.
    pub fn writable<S: Into<String>>(mut self, property_ids: impl IntoIterator<Item = S>) -> Self {
        self.writable
            .extend(property_ids.into_iter().map(Into::into));
        self
    }

    /// The part instance the widget shows.
    pub fn part_instance(mut self, part_id: impl Into<String>) -> Self {
        self.part_instance = Some(part_id.into());
        self
    }

    /// The parent of the part instances the widget shows.
    pub fn parent_part_instance(mut self, part_id: impl Into<String>) -> Self {
        self.parent_part_instance = Some(part_id.into());
        self
    }

    /// Any other body field (pykechain's `**kwargs`).
    pub fn field(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.extra.insert(key.into(), value.into());
        self
    }

    /// True when nothing but the widget id would be sent.
    pub(super) fn is_empty(&self) -> bool {
        self.readable.is_empty()
            && self.writable.is_empty()
            && self.part_instance.is_none()
            && self.parent_part_instance.is_none()
            && self.extra.is_empty()
    }

    /// The same associations for another widget.
    pub(super) fn for_widget(&self, widget_id: &str) -> Self {
        AssociationUpdate {
            widget_id: widget_id.to_owned(),
            ..self.clone()
        }
    }

    /// Validates everything but the widget id.
    pub(super) fn check_models(&self) -> Result<()> {
        for id in self.readable.iter().chain(&self.writable) {
            check_uuid("property model id", id)?;
        }
        if let Some(both) = self.readable.iter().find(|r| self.writable.contains(r)) {
            return Err(Error::invalid(format!(
                "property {both} is given as both readable and writable"
            )));
        }
        for (what, id) in [
            ("part instance id", &self.part_instance),
            ("parent part instance id", &self.parent_part_instance),
        ] {
            if let Some(id) = id {
                check_uuid(what, id)?;
            }
        }
        Ok(())
    }

    fn to_json(&self) -> Result<Value> {
        check_uuid("widget id", &self.widget_id)?;
        self.check_models()?;
        // pykechain omits empty lists and unset parts.
        let mut body = Map::new();
        body.insert("id".into(), self.widget_id.clone().into());
        if !self.readable.is_empty() {
            body.insert(
                "readable_model_properties_ids".into(),
                self.readable.clone().into(),
            );
        }
        if !self.writable.is_empty() {
            body.insert(
                "writable_model_properties_ids".into(),
                self.writable.clone().into(),
            );
        }
        if let Some(id) = &self.part_instance {
            body.insert("part_instance_id".into(), id.clone().into());
        }
        if let Some(id) = &self.parent_part_instance {
            body.insert("parent_part_instance_id".into(), id.clone().into());
        }
        body.extend(self.extra.clone());
        Ok(Value::Object(body))
    }
}

/// The filters of `api/associations.json` besides `limit`, in pykechain's order (the server
/// wants all of them, unset ones blank; `limit` is added when sending).
const KEYS: [&str; 8] = [
    "widget",
    "activity",
    "scope",
    "instance_part",
    "instance_property",
    "model_part",
    "model_property",
    "*",
];

/// The filters of [`Associations::list`].
impl List<'_, Association> {
    fn set(self, key: &str, id: impl Into<String>) -> Self {
        self.uuid(key, &format!("{key} id"), id)
    }

    /// Only the associations of this widget.
    pub fn widget(self, widget_id: impl Into<String>) -> Self {
        self.set("widget", widget_id)
    }

    /// Only the associations of the widgets of this activity.
    pub fn activity(self, activity_id: impl Into<String>) -> Self {
        self.set("activity", activity_id)
    }

    /// Only the associations in this scope.
    pub fn scope(self, scope_id: impl Into<String>) -> Self {
        self.set("scope", scope_id)
    }

    /// Only the associations with properties of this part instance.
    pub fn instance_part(self, part_id: impl Into<String>) -> Self {
        self.set("instance_part", part_id)
    }

    /// Only the associations with this property instance.
    pub fn instance_property(self, property_id: impl Into<String>) -> Self {
        self.set("instance_property", property_id)
    }

    /// Only the associations with properties of this part model.
    pub fn model_part(self, part_id: impl Into<String>) -> Self {
        self.set("model_part", part_id)
    }

    /// Only the associations with this property model.
    pub fn model_property(self, property_id: impl Into<String>) -> Self {
        self.set("model_property", property_id)
    }
}
