//! Widgets: list, one, create (single and bulk), bulk update, delete (single and bulk).
//! Their associations are under [`Widgets::associations`] (`api/associations.rs`).

use platform_client_core::Request;
use serde_json::{Map, Value};

use super::List;
use super::associations::{AssociationUpdate, Associations, BULK_UPDATE};
use super::{all_results, check_name, check_unique, check_uuid, first_result};
use crate::client::KechainClient;
use crate::error::{Error, Result};
use crate::models::{Widget, WidgetType};

/// pykechain's `API_EXTRA_PARAMS["widgets"]` (the same for `"widget"`).
pub(super) const FIELDS: &str = "id,name,ref,created_at,updated_at,title,widget_type,meta,order,activity_id,parent_id,progress,has_subwidgets,scope_id";
const LIST: &str = "api/widgets.json";

impl KechainClient {
    /// Widgets: list, get, create, bulk update, delete; and their associations
    /// (`client.widgets().associations()`).
    pub fn widgets(&self) -> Widgets<'_> {
        Widgets { client: self }
    }
}

/// The widget handler: `client.widgets()`.
#[derive(Debug, Clone, Copy)]
pub struct Widgets<'c> {
    pub(crate) client: &'c KechainClient,
}

impl<'c> Widgets<'c> {
    /// Lists widgets (usually those of one activity: `.activity(id)`).
    pub fn list(&self) -> List<'c, Widget> {
        // pykechain's order: fields, id, activity_id, then the keyword filters.
        List::new(self.client, LIST, "widget").with(|l| {
            l.layout(&["fields", "id", "activity_id", "*"])
                .param("fields", FIELDS)
        })
    }

    /// The widget with this id (`id=…&limit=2` on the list, like pykechain's `widget(pk=…)`).
    pub async fn get(&self, id: &str) -> Result<Widget> {
        self.list().id(id).one().await
    }

    /// The associations of widgets with properties: list, update, set, clear, remove.
    pub fn associations(&self) -> Associations<'c> {
        Associations {
            client: self.client,
        }
    }

    /// Creates a widget. When the spec has associations they are sent right after in a
    /// second request, and the widget returned is the one that request answers with.
    pub async fn create(&self, widget: NewWidget) -> Result<Widget> {
        let body = widget.to_json()?;
        let association = widget.association.clone();
        let request = Request::post(LIST).query("fields", FIELDS).json(&body)?;
        let created: Widget = first_result(self.client, request, "the created widget").await?;
        match association {
            Some(a) if !a.is_empty() => self.associations().update(a.for_widget(&created.id)).await,
            _ => Ok(created),
        }
    }

    /// Creates several widgets in one request (`POST api/widgets/bulk_create`), then sends
    /// the associations of those that have some in one more request.
    pub async fn create_many(
        &self,
        widgets: impl IntoIterator<Item = NewWidget>,
    ) -> Result<Vec<Widget>> {
        let widgets: Vec<NewWidget> = widgets.into_iter().collect();
        if widgets.is_empty() {
            return Err(Error::invalid("no widget to create"));
        }
        let body = widgets
            .iter()
            .map(NewWidget::to_json)
            .collect::<Result<Vec<_>>>()?;
        let request = Request::post("api/widgets/bulk_create")
            .query("fields", FIELDS)
            .json(&body)?;
        let mut created: Vec<Widget> = all_results(self.client, request).await?;
        let updates: Vec<AssociationUpdate> = widgets
            .iter()
            .zip(&created)
            .filter_map(|(spec, made)| {
                let a = spec.association.as_ref().filter(|a| !a.is_empty())?;
                Some(a.for_widget(&made.id))
            })
            .collect();
        if !updates.is_empty() {
            let updated = self.associations().send_bulk(BULK_UPDATE, &updates).await?;
            for widget in updated {
                if let Some(slot) = created.iter_mut().find(|w| w.id == widget.id) {
                    *slot = widget;
                }
            }
        }
        Ok(created)
    }

    /// Updates several widgets in one request (`PUT api/widgets/bulk_update`).
    pub async fn update_many(
        &self,
        updates: impl IntoIterator<Item = WidgetUpdate>,
    ) -> Result<Vec<Widget>> {
        let updates: Vec<WidgetUpdate> = updates.into_iter().collect();
        if updates.is_empty() {
            return Err(Error::invalid("no widget to update"));
        }
        check_unique("widget", updates.iter().map(|u| u.id.as_str()))?;
        let body = updates
            .iter()
            .map(WidgetUpdate::to_json)
            .collect::<Result<Vec<_>>>()?;
        let request = Request::put("api/widgets/bulk_update")
            .query("fields", FIELDS)
            .json(&body)?;
        all_results(self.client, request).await
    }

    /// Deletes a widget.
    pub async fn delete(&self, id: &str) -> Result<()> {
        check_uuid("widget id", id)?;
        let request = Request::delete(format!("api/widgets/{id}.json"));
        self.client.http.send(request).await?;
        Ok(())
    }

    /// Deletes several widgets in one request (`DELETE api/widgets/bulk_delete`). Like
    /// pykechain, an empty list is still sent (the server accepts it).
    pub async fn delete_many<S: AsRef<str>>(&self, ids: impl IntoIterator<Item = S>) -> Result<()> {
        let mut body = Vec::new();
        for id in ids {
            let id = id.as_ref();
            check_uuid("widget id", id)?;
            body.push(serde_json::json!({ "id": id }));
        }
        let request = Request::delete("api/widgets/bulk_delete").json(&body)?;
        self.client.http.send(request).await?;
        Ok(())
    }
}

lookup_filters!(ids Widget, "widget");

/// The filters of [`Widgets::list`].
impl List<'_, Widget> {
    /// Only the widgets of this activity.
    pub fn activity(self, activity_id: impl Into<String>) -> Self {
        self.uuid("activity_id", "activity id", activity_id)
    }
}

/// A widget to create, for [`Widgets::create`] and [`Widgets::create_many`].
#[derive(Debug, Clone, PartialEq)]
pub struct NewWidget {
    activity_id: String,
    widget_type: WidgetType,
    meta: Map<String, Value>,
    title: Option<String>,
    order: Option<i64>,
    parent_id: Option<String>,
    association: Option<AssociationUpdate>,
    extra: Map<String, Value>,
}

impl NewWidget {
    /// A widget of `widget_type` in activity `activity_id`, configured by `meta` (its keys
    /// depend on the type, e.g. `{"htmlContent": "..."}` for HTML).
    pub fn new(
        activity_id: impl Into<String>,
        widget_type: WidgetType,
        meta: Map<String, Value>,
    ) -> Self {
        NewWidget {
            activity_id: activity_id.into(),
            widget_type,
            meta,
            title: None,
            order: None,
            parent_id: None,
            association: None,
            extra: Map::new(),
        }
    }

    /// Title (must not be blank).
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Position on the page.
    pub fn order(mut self, order: i64) -> Self {
        self.order = Some(order);
        self
    }

    /// The parent (multi-column) widget.
    pub fn parent(mut self, widget_id: impl Into<String>) -> Self {
        self.parent_id = Some(widget_id.into());
        self
    }

    fn with_association(mut self, f: impl FnOnce(AssociationUpdate) -> AssociationUpdate) -> Self {
        let current = self
            .association
            .take()
            .unwrap_or_else(|| AssociationUpdate::new(String::new()));
        self.association = Some(f(current));
        self
    }

    /// Property models the widget shows read-only (pykechain's `readable_models`/`inputs`).
    pub fn readable<S: Into<String>>(self, property_ids: impl IntoIterator<Item = S>) -> Self {
        self.with_association(|a| a.readable(property_ids))
    }

    /// Property models the widget may edit (pykechain's `writable_models`/`outputs`).
    pub fn writable<S: Into<String>>(self, property_ids: impl IntoIterator<Item = S>) -> Self {
        self.with_association(|a| a.writable(property_ids))
    }

    /// The part instance the widget shows.
    pub fn part_instance(self, part_id: impl Into<String>) -> Self {
        self.with_association(|a| a.part_instance(part_id))
    }

    /// The parent of the part instances the widget shows.
    pub fn parent_part_instance(self, part_id: impl Into<String>) -> Self {
        self.with_association(|a| a.parent_part_instance(part_id))
    }

    /// Any other body field (pykechain's `**kwargs`, e.g. `("show_title_value", "Default")`).
    pub fn field(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.extra.insert(key.into(), value.into());
        self
    }

    fn to_json(&self) -> Result<Value> {
        check_uuid("activity id", &self.activity_id)?;
        if !WidgetType::ALL.contains(&self.widget_type) {
            return Err(Error::invalid(format!(
                "`{}` is not a known widget type",
                self.widget_type
            )));
        }
        if let Some(parent) = &self.parent_id {
            check_uuid("parent widget id", parent)?;
        }
        if let Some(a) = &self.association {
            a.check_models()?;
        }
        let mut body = Map::new();
        body.insert("activity_id".into(), self.activity_id.clone().into());
        body.insert("widget_type".into(), self.widget_type.to_string().into());
        body.insert("meta".into(), Value::Object(self.meta.clone()));
        body.insert("parent_id".into(), self.parent_id.clone().into());
        if let Some(title) = &self.title {
            check_name("the widget title", title)?;
            body.insert("title".into(), title.clone().into());
        }
        if let Some(order) = self.order {
            body.insert("order".into(), order.into());
        }
        body.extend(self.extra.clone());
        Ok(Value::Object(body))
    }
}

/// The changes to one widget, for [`Widgets::update_many`].
#[derive(Debug, Clone, PartialEq)]
pub struct WidgetUpdate {
    id: String,
    fields: Map<String, Value>,
}

impl WidgetUpdate {
    /// Changes to the widget with this id.
    pub fn new(id: impl Into<String>) -> Self {
        WidgetUpdate {
            id: id.into(),
            fields: Map::new(),
        }
    }

    /// New title (must not be blank; use `.field("title", Value::Null)` to remove it).
    pub fn title(self, title: impl Into<String>) -> Self {
        self.field("title", title.into())
    }

    /// New position on the page.
    pub fn order(self, order: i64) -> Self {
        self.field("order", order)
    }

    /// New configuration (replaces the whole `meta`).
    pub fn meta(self, meta: Map<String, Value>) -> Self {
        self.field("meta", Value::Object(meta))
    }

    /// Any other field.
    pub fn field(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.fields.insert(key.into(), value.into());
        self
    }

    fn to_json(&self) -> Result<Value> {
        check_uuid("widget id", &self.id)?;
        if let Some(Value::String(title)) = self.fields.get("title") {
            check_name("the widget title", title)?;
        }
        let mut body = Map::new();
        body.insert("id".into(), self.id.clone().into());
        body.extend(self.fields.clone());
        Ok(Value::Object(body))
    }
}
