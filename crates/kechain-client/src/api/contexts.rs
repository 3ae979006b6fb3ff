//! Contexts: list, one, get, create, delete.

use platform_client_core::Request;
use serde_json::{Map, Value, json};

use super::List;
use super::downloads::parse_iso_utc;
use super::{check_iso_date, check_name, check_uuid, first_result};
use crate::client::KechainClient;
use crate::error::{Error, Result};
use crate::models::{Context, ContextGroup, ContextType};

const LIST: &str = "api/v3/contexts/contexts.json";
/// pykechain's `API_EXTRA_PARAMS["contexts"]` (and `["context"]`, the same list). It lacks
/// `context_group`, so list rows come without it.
const FIELDS: &str = "id,name,ref,created_at,updated_at,description,tags,context_type,activities,scope,options,feature_collection,start_date,due_date";

/// The context handler: `client.contexts()`.
#[derive(Debug, Clone, Copy)]
pub struct Contexts<'c> {
    pub(crate) client: &'c KechainClient,
}

impl crate::KechainClient {
    /// Contexts (locations, time periods, labels).
    pub fn contexts(&self) -> Contexts<'_> {
        Contexts { client: self }
    }
}

fn check_type(context_type: &ContextType) -> Result<()> {
    match context_type {
        ContextType::Unknown(v) => Err(Error::invalid(format!("unknown context type `{v}`"))),
        _ => Ok(()),
    }
}

fn check_group(group: &ContextGroup) -> Result<()> {
    match group {
        ContextGroup::Unknown(v) => Err(Error::invalid(format!("unknown context group `{v}`"))),
        _ => Ok(()),
    }
}

impl<'c> Contexts<'c> {
    /// Lists contexts.
    pub fn list(&self) -> List<'c, Context> {
        // pykechain's order: id, context_type, activities, scope, context_group, the other
        // filters, and `fields` last (`Context.list` appends it).
        List::new(self.client, LIST, "context").with(|l| {
            l.layout(&[
                "id",
                "context_type",
                "activities",
                "scope",
                "name",
                "context_group",
                "*",
                "fields",
            ])
            .param("fields", FIELDS)
        })
    }

    /// The context with this id, from its detail route (pykechain's `context(pk=…)`).
    pub async fn get(&self, id: &str) -> Result<Context> {
        check_uuid("context id", id)?;
        let request =
            Request::get(format!("api/v3/contexts/contexts/{id}.json")).query("fields", FIELDS);
        first_result(self.client, request, &format!("context with id {id}")).await
    }

    /// Creates a context named `name` of `context_type` in the scope `scope_id`.
    pub fn create(
        &self,
        name: impl Into<String>,
        context_type: ContextType,
        scope_id: impl Into<String>,
    ) -> CreateContext<'c> {
        CreateContext {
            client: self.client,
            name: name.into(),
            context_type,
            scope: scope_id.into(),
            description: String::new(),
            tags: Vec::new(),
            context_group: None,
            activities: Vec::new(),
            options: None,
            feature_collection: None,
            start_date: None,
            due_date: None,
            query: Vec::new(),
        }
    }

    /// Deletes a context.
    pub async fn delete(&self, id: &str) -> Result<()> {
        check_uuid("context id", id)?;
        let request = Request::delete(format!("api/v3/contexts/contexts/{id}.json"));
        self.client.http.send(request).await?;
        Ok(())
    }
}

lookup_filters!(Context, "context", "contexts");

/// The filters of [`Contexts::list`].
impl List<'_, Context> {
    /// Only contexts of this type.
    pub fn context_type(self, context_type: ContextType) -> Self {
        self.with(|l| {
            l.check(check_type(&context_type))
                .param("context_type", context_type)
        })
    }

    /// Only contexts linked to these activities (one `activities` key each, like pykechain).
    pub fn activities<S: Into<String>>(self, ids: impl IntoIterator<Item = S>) -> Self {
        let ids: Vec<String> = ids.into_iter().map(Into::into).collect();
        self.with(|l| {
            ids.iter()
                .fold(l, |l, id| l.check(check_uuid("activity id", id)))
                .params("activities", ids)
        })
    }

    /// Only contexts of this scope.
    pub fn scope(self, scope_id: impl Into<String>) -> Self {
        self.uuid("scope", "scope id", scope_id)
    }

    /// Only contexts of this group.
    pub fn context_group(self, group: ContextGroup) -> Self {
        self.with(|l| l.check(check_group(&group)).param("context_group", group))
    }
}

/// A context creation; see [`Contexts::create`].
#[derive(Debug, Clone)]
#[must_use = "nothing is created until `send` is awaited"]
pub struct CreateContext<'c> {
    client: &'c KechainClient,
    name: String,
    context_type: ContextType,
    scope: String,
    description: String,
    tags: Vec<String>,
    context_group: Option<ContextGroup>,
    activities: Vec<String>,
    options: Option<Value>,
    feature_collection: Option<Value>,
    start_date: Option<String>,
    due_date: Option<String>,
    query: Vec<(String, String)>,
}

impl CreateContext<'_> {
    /// Description (default empty).
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = text.into();
        self
    }

    /// Tags.
    pub fn tags<S: Into<String>>(mut self, tags: impl IntoIterator<Item = S>) -> Self {
        self.tags = tags.into_iter().map(Into::into).collect();
        self
    }

    /// Group.
    pub fn context_group(mut self, group: ContextGroup) -> Self {
        self.context_group = Some(group);
        self
    }

    /// The activities to link the context to.
    pub fn activities<S: Into<String>>(mut self, ids: impl IntoIterator<Item = S>) -> Self {
        self.activities = ids.into_iter().map(Into::into).collect();
        self
    }

    /// Options (a JSON object).
    pub fn options(mut self, options: Value) -> Self {
        self.options = Some(options);
        self
    }

    /// GeoJSON feature collection of a `STATIC_LOCATION` (a JSON object).
    pub fn feature_collection(mut self, collection: Value) -> Self {
        self.feature_collection = Some(collection);
        self
    }

    /// Start of a `TIME_PERIOD`, ISO 8601.
    pub fn start_date(mut self, date: impl Into<String>) -> Self {
        self.start_date = Some(date.into());
        self
    }

    /// End of a `TIME_PERIOD`, ISO 8601 (not before the start).
    pub fn due_date(mut self, date: impl Into<String>) -> Self {
        self.due_date = Some(date.into());
        self
    }

    /// An extra query parameter (pykechain sends its `**kwargs` in the query).
    pub fn query(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((key.into(), value.into()));
        self
    }

    /// Creates the context.
    pub async fn send(self) -> Result<Context> {
        check_name("the context name", &self.name)?;
        check_uuid("scope id", &self.scope)?;
        check_type(&self.context_type)?;
        if let Some(g) = &self.context_group {
            check_group(g)?;
        }
        for activity in &self.activities {
            check_uuid("activity id", activity)?;
        }
        let options = object("options", self.options)?;
        let feature_collection = object("feature collection", self.feature_collection)?;
        for (what, date) in [
            ("start date", &self.start_date),
            ("due date", &self.due_date),
        ] {
            if let Some(date) = date {
                check_iso_date(what, date)?;
            }
        }
        if let (Some(start), Some(due)) = (&self.start_date, &self.due_date)
            && let (Some(s), Some(d)) = (parse_iso_utc(start), parse_iso_utc(due))
            && d < s
        {
            return Err(Error::invalid(format!(
                "the due date `{due}` is before the start date `{start}`"
            )));
        }
        // All eleven keys, as pykechain sends them.
        let body = json!({
            "name": self.name,
            "description": self.description,
            "scope": self.scope,
            "context_type": self.context_type,
            "tags": self.tags,
            "context_group": self.context_group,
            "activities": self.activities,
            "options": options,
            "feature_collection": feature_collection,
            "start_date": self.start_date,
            "due_date": self.due_date,
        });
        let mut request = Request::post(LIST);
        for (k, v) in &self.query {
            request = request.query(k, v);
        }
        let request = request.query("fields", FIELDS).json(&body)?;
        first_result(self.client, request, "the created context").await
    }
}

/// A JSON object argument; `None` becomes `{}` (as pykechain sends it).
fn object(what: &str, value: Option<Value>) -> Result<Map<String, Value>> {
    match value {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(Value::Object(map)) => Ok(map),
        Some(other) => Err(Error::invalid(format!(
            "the {what} must be a JSON object, not `{other}`"
        ))),
    }
}
