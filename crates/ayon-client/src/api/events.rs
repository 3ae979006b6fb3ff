//! Events: get, list (GraphQL, with topic wildcards and time bounds), dispatch, update,
//! delete, and enrolling for jobs (AYON services).

use std::time::{SystemTime, UNIX_EPOCH};

use platform_client_core::Request;
use serde_json::{Map, Value, json};

use super::{GraphQlList, check_text, entity_id};
use crate::client::AyonClient;
use crate::error::{Error, Result};
use crate::models::{EnrolledJob, Event};
use crate::query::Query;

/// The GraphQL fields of an event unless told otherwise (the reference's defaults).
pub const DEFAULT_EVENT_FIELDS: &[&str] = &[
    "id",
    "hash",
    "topic",
    "sender",
    "project",
    "user",
    "dependsOn",
    "status",
    "retries",
    "description",
    "createdAt",
    "updatedAt",
];

impl AyonClient {
    /// Events.
    pub fn events(&self) -> Events<'_> {
        Events { client: self }
    }
}

/// The event handler: `client.events()`.
#[derive(Debug, Clone, Copy)]
pub struct Events<'c> {
    pub(super) client: &'c AyonClient,
}

/// An event topic: `^[a-zA-Z][a-zA-Z0-9_.*]{2,64}$` (the server's rule; `*` is a wildcard in
/// filters).
pub(super) fn check_topic(what: &str, topic: &str) -> Result<()> {
    let bytes = topic.as_bytes();
    let ok = (3..=65).contains(&bytes.len())
        && bytes[0].is_ascii_alphabetic()
        && bytes[1..]
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'*'));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "`{what}` must match ^[a-zA-Z][a-zA-Z0-9_.*]{{2,64}}$, not {:?}",
            topic.chars().take(80).collect::<String>()
        )))
    }
}

/// A time as the server compares it: RFC 3339 in UTC, microseconds.
pub(crate) fn timestamp(time: SystemTime) -> String {
    let since = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = since.as_secs();
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:06}+00:00",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60,
        since.subsec_micros()
    )
}

impl<'c> Events<'c> {
    /// One event (`get_event`): `GET /api/events/{id}`.
    pub async fn get(&self, id: &str) -> Result<Event> {
        let id = entity_id("event_id", id)?;
        self.client
            .json(Request::get(format!("api/events/{id}")))
            .await
    }

    /// Events (`get_events`): GraphQL `Events`, without their logs unless
    /// [`GraphQlList::include_logs`] says otherwise.
    pub fn list(&self) -> GraphQlList<'c, Event> {
        GraphQlList::new(
            self.client,
            Query::new("Events").connection("events"),
            "event",
            DEFAULT_EVENT_FIELDS,
        )
        .scalar("includeLogs", "includeLogsFilter", "Boolean!", json!(false))
    }

    /// Dispatches an event on `topic` (`dispatch_event`): `POST /api/events`; set the rest on
    /// the returned request. The sender is the client's unless given.
    pub fn dispatch(&self, topic: &str) -> EventDispatch<'c> {
        let body = json!({
            "topic": topic, "sender": self.client.sender(), "hash": null, "project": null,
            "user": null, "description": null, "summary": {}, "payload": {},
            "finished": true, "store": true,
        });
        EventDispatch {
            client: self.client,
            body,
            error: check_topic("topic", topic).err().map(|e| e.to_string()),
        }
    }

    /// Updates an event (`update_event`): `PATCH /api/events/{id}` with only the fields set.
    /// Changing the status of another sender's event needs a service API key (403 otherwise).
    pub fn update(&self, id: &str) -> EventUpdate<'c> {
        EventUpdate {
            client: self.client,
            id: entity_id("event_id", id).map_err(|e| e.to_string()),
            body: Map::new(),
        }
    }

    /// Deletes an event (`delete_event`).
    pub async fn delete(&self, id: &str) -> Result<()> {
        let id = entity_id("event_id", id)?;
        self.client
            .send_empty(Request::delete(format!("api/events/{id}")))
            .await
    }

    /// Enrolls for a job (`enroll_event_job`): the oldest unprocessed `source_topic` event
    /// gets a `target_topic` job event for `sender`; `None` when nothing is waiting. Only
    /// service users may enroll: with a user token this is [`Error::Forbidden`] ("Only
    /// services can enroll for jobs").
    pub fn enroll(
        &self,
        source_topic: &str,
        target_topic: &str,
        sender: &str,
    ) -> EnrollRequest<'c> {
        let error = check_topic("source_topic", source_topic)
            .and_then(|()| check_topic("target_topic", target_topic))
            .and_then(|()| check_text("sender", sender))
            .err()
            .map(|e| e.to_string());
        EnrollRequest {
            client: self.client,
            body: json!({"sourceTopic": source_topic, "targetTopic": target_topic, "sender": sender}),
            error,
        }
    }
}

impl GraphQlList<'_, Event> {
    /// Only these topics (`*` is a wildcard, e.g. `entity.folder.*`).
    pub fn topics<S: Into<String>>(self, topics: impl IntoIterator<Item = S>) -> Self {
        let topics: Vec<String> = topics.into_iter().map(Into::into).collect();
        let checked = topics.iter().try_for_each(|t| check_topic("topics", t));
        self.check(checked).strings("topics", "eventTopics", topics)
    }

    /// Only these events.
    pub fn ids<S: AsRef<str>>(self, ids: impl IntoIterator<Item = S>) -> Self {
        self.ids_filter("ids", "eventIds", ids)
    }

    /// Only events of these projects.
    pub fn projects<S: Into<String>>(self, projects: impl IntoIterator<Item = S>) -> Self {
        self.strings("projects", "projectNames", projects)
    }

    /// Only events with these statuses (`pending`, `in_progress`, `finished`, `failed`, ...).
    pub fn statuses<S: Into<String>>(self, statuses: impl IntoIterator<Item = S>) -> Self {
        self.strings("statuses", "eventStatuses", statuses)
    }

    /// Only events caused by these users.
    pub fn users<S: Into<String>>(self, users: impl IntoIterator<Item = S>) -> Self {
        self.strings("users", "eventUsers", users)
    }

    /// With (or without) the `log` events.
    pub fn include_logs(self, include: bool) -> Self {
        self.scalar(
            "includeLogs",
            "includeLogsFilter",
            "Boolean!",
            json!(include),
        )
    }

    /// Only events that have (or have no) children.
    pub fn has_children(self, has: bool) -> Self {
        self.scalar("hasChildren", "hasChildrenFilter", "Boolean", json!(has))
    }

    /// Only events newer than this.
    pub fn newer_than(self, time: SystemTime) -> Self {
        self.scalar(
            "newerThan",
            "newerThanFilter",
            "String",
            json!(timestamp(time)),
        )
    }

    /// Only events older than this.
    pub fn older_than(self, time: SystemTime) -> Self {
        self.scalar(
            "olderThan",
            "olderThanFilter",
            "String",
            json!(timestamp(time)),
        )
    }
}

/// Dispatches an event; see [`Events::dispatch`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct EventDispatch<'c> {
    client: &'c AyonClient,
    body: Value,
    error: Option<String>,
}

impl EventDispatch<'_> {
    fn set(mut self, key: &str, value: Value) -> Self {
        self.body[key] = value;
        self
    }

    /// Who sends it (default: the client's sender).
    pub fn sender(self, sender: &str) -> Self {
        self.set("sender", json!(sender))
    }

    /// A hash: events with the same hash are one event.
    pub fn hash(self, hash: &str) -> Self {
        self.set("hash", json!(hash))
    }

    /// The project.
    pub fn project(self, project: &str) -> Self {
        let checked = super::check_project_name(project);
        let event = self.set("project", json!(project));
        match checked {
            Ok(()) => event,
            Err(e) => EventDispatch {
                error: Some(e.to_string()),
                ..event
            },
        }
    }

    /// The user it is for.
    pub fn user(self, user: &str) -> Self {
        self.set("user", json!(user))
    }

    /// The event this one depends on.
    pub fn depends_on(self, id: &str) -> Self {
        match entity_id("depends_on", id) {
            Ok(id) => self.set("dependsOn", json!(id)),
            Err(e) => EventDispatch {
                error: Some(e.to_string()),
                ..self
            },
        }
    }

    /// A description.
    pub fn description(self, description: &str) -> Self {
        self.set("description", json!(description))
    }

    /// A small summary (shown in lists).
    pub fn summary(self, summary: Map<String, Value>) -> Self {
        self.set("summary", Value::Object(summary))
    }

    /// The payload.
    pub fn payload(self, payload: Map<String, Value>) -> Self {
        self.set("payload", Value::Object(payload))
    }

    /// Whether it is finished (default `true`; `false` leaves it `pending`).
    pub fn finished(self, finished: bool) -> Self {
        self.set("finished", json!(finished))
    }

    /// Whether the server stores it (default `true`).
    pub fn store(self, store: bool) -> Self {
        self.set("store", json!(store))
    }

    /// Sends it; the event's id.
    pub async fn send(self) -> Result<String> {
        if let Some(message) = self.error {
            return Err(Error::invalid(message));
        }
        let answer: Value = self
            .client
            .json(Request::post("api/events").json(&self.body)?)
            .await?;
        answer
            .get("id")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| Error::unexpected("the event answer holds no id"))
    }
}

/// Updates an event; see [`Events::update`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct EventUpdate<'c> {
    client: &'c AyonClient,
    id: std::result::Result<String, String>,
    body: Map<String, Value>,
}

impl EventUpdate<'_> {
    fn set(mut self, key: &str, value: Value) -> Self {
        self.body.insert(key.to_owned(), value);
        self
    }

    /// The sender.
    pub fn sender(self, sender: &str) -> Self {
        self.set("sender", json!(sender))
    }

    /// The project.
    pub fn project(self, project: &str) -> Self {
        self.set("project", json!(project))
    }

    /// The user.
    pub fn user(self, user: &str) -> Self {
        self.set("user", json!(user))
    }

    /// The status (`pending`, `in_progress`, `finished`, `failed`, `aborted`, `restarted`).
    pub fn status(self, status: &str) -> Self {
        self.set("status", json!(status))
    }

    /// A description.
    pub fn description(self, description: &str) -> Self {
        self.set("description", json!(description))
    }

    /// The summary.
    pub fn summary(self, summary: Map<String, Value>) -> Self {
        self.set("summary", Value::Object(summary))
    }

    /// The payload.
    pub fn payload(self, payload: Map<String, Value>) -> Self {
        self.set("payload", Value::Object(payload))
    }

    /// Progress in percent.
    pub fn progress(self, percent: f64) -> Self {
        self.set("progress", json!(percent))
    }

    /// The retry count.
    pub fn retries(self, retries: u32) -> Self {
        self.set("retries", json!(retries))
    }

    /// Sends it (`204`).
    pub async fn send(self) -> Result<()> {
        let id = self.id.map_err(Error::invalid)?;
        if self.body.is_empty() {
            return Err(Error::invalid("nothing to update"));
        }
        self.client
            .send_empty(Request::patch(format!("api/events/{id}")).json(&self.body)?)
            .await
    }
}

/// Enrolls for a job; see [`Events::enroll`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct EnrollRequest<'c> {
    client: &'c AyonClient,
    body: Value,
    error: Option<String>,
}

impl EnrollRequest<'_> {
    /// The job's description.
    pub fn description(mut self, description: &str) -> Self {
        self.body["description"] = json!(description);
        self
    }

    /// Whether jobs must be processed one after the other (`sequential`).
    pub fn sequential(mut self, sequential: bool) -> Self {
        self.body["sequential"] = json!(sequential);
        self
    }

    /// A filter on the source events (`events_filter`, the server's query filter).
    pub fn filter(mut self, filter: Value) -> Self {
        self.body["filter"] = filter;
        self
    }

    /// How often a failed job is retried (`max_retries`).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.body["maxRetries"] = json!(retries);
        self
    }

    /// Leaves source events older than this many days alone (`ignore_older_than`; servers
    /// after 1.5.1).
    pub fn ignore_older_than(mut self, days: u32) -> Self {
        self.body["ignoreOlderThan"] = json!(days);
        self
    }

    /// Leaves source events of these sender types alone, e.g. the service's own
    /// (`ignore_sender_types`; servers after 1.5.4).
    pub fn ignore_sender_types<S: Into<String>>(
        mut self,
        types: impl IntoIterator<Item = S>,
    ) -> Self {
        let types: Vec<String> = types.into_iter().map(Into::into).collect();
        self.body["ignoreSenderTypes"] = json!(types);
        self
    }

    /// Sends it: the job, or `None` when no source event is waiting (`204`).
    pub async fn send(self) -> Result<Option<EnrolledJob>> {
        if let Some(message) = self.error {
            return Err(Error::invalid(message));
        }
        let response = self
            .client
            .authed()?
            .send(Request::post("api/enroll").json(&self.body)?)
            .await?;
        if response.status().as_u16() == 204 || response.bytes().is_empty() {
            return Ok(None);
        }
        Ok(Some(response.json()?))
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn timestamps_are_rfc3339_in_utc() {
        let t = UNIX_EPOCH + Duration::from_micros(1_764_806_400_123_456);
        assert_eq!(super::timestamp(t), "2025-12-04T00:00:00.123456+00:00");
        assert_eq!(
            super::timestamp(UNIX_EPOCH),
            "1970-01-01T00:00:00.000000+00:00"
        );
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400); // 2000-02-29
        assert_eq!(&super::timestamp(leap)[..10], "2000-02-29");
    }
}
