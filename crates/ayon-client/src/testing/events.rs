//! Events in the stand-in: dispatch, get, update, delete, enrolling for jobs (service users
//! only), and the GraphQL `events` connection.

use platform_client_core::testing::{MockResponse, Received};
use serde_json::{Map, Value, json};

use super::{State, error};

const NOW: &str = "2026-11-23T19:57:26.633157+00:00";

/// Whether `topic` matches `pattern` (`*` matches any run of characters).
fn topic_matches(pattern: &str, topic: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == topic,
        Some((head, tail)) => topic.strip_prefix(head).is_some_and(|rest| {
            (0..=rest.len())
                .filter(|i| rest.is_char_boundary(*i))
                .any(|i| topic_matches(tail, &rest[i..]))
        }),
    }
}

/// `/api/events...` and `/api/enroll`.
pub(crate) fn rest(
    state: &mut State,
    received: &Received,
    body: &Value,
    service: bool,
    parts: &[&str],
) -> MockResponse {
    let header = |name: &str| {
        received
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let user = if service { "service" } else { "admin" };
    match (received.record.method.as_str(), parts) {
        ("POST", ["events"]) => {
            let id = state.store.fresh_hex_id();
            let finished = body["finished"].as_bool().unwrap_or(true);
            let event = json!({"id": id, "hash": body["hash"].as_str().map_or_else(|| id.clone(), str::to_owned),
                "topic": body["topic"], "sender": body["sender"].as_str().map(str::to_owned).or_else(|| header("x-sender")),
                "senderType": header("x-sender-type"), "project": body["project"],
                "user": body["user"].as_str().unwrap_or(user), "dependsOn": body.get("dependsOn").cloned().unwrap_or(Value::Null),
                "status": if finished { "finished" } else { "pending" }, "retries": 0,
                "description": body["description"], "summary": body["summary"], "payload": body["payload"],
                "createdAt": NOW, "updatedAt": NOW});
            state.store.mount("events", [event]);
            MockResponse::json(200, &json!({"id": id}))
        }
        (method, ["events", id]) => {
            let Some(index) = state.store.position("events", id) else {
                return error(404, &format!("Event {id} not found"));
            };
            match method {
                "GET" => MockResponse::json(200, &state.store.rows("events")[index]),
                "DELETE" => {
                    state.store.rows("events").remove(index);
                    MockResponse::status(204)
                }
                "PATCH" if body.get("status").is_some() && !service => {
                    error(403, "Not allowed to update status of this event")
                }
                "PATCH" => {
                    super::rest::merge(&mut state.store.rows("events")[index], body);
                    MockResponse::status(204)
                }
                _ => error(405, "Method Not Allowed"),
            }
        }
        ("POST", ["enroll"]) if !service => error(403, "Only services can enroll for jobs"),
        ("POST", ["enroll"]) => enroll(state, body, header("x-sender")),
        _ => error(404, "no such event route in the stand-in"),
    }
}

/// The oldest source event without a job of `targetTopic` gets one; the same sender gets its
/// unfinished job back.
fn enroll(state: &mut State, body: &Value, sender: Option<String>) -> MockResponse {
    let (source, target) = (
        body["sourceTopic"].as_str().unwrap_or_default(),
        body["targetTopic"].as_str().unwrap_or_default(),
    );
    let max_retries = body["maxRetries"].as_u64().unwrap_or(3);
    let events = state.store.objects("events");
    let jobs: Vec<&Value> = events.iter().filter(|e| e["topic"] == target).collect();
    let mine = |j: &&&Value| j["sender"].as_str() == sender.as_deref();
    if let Some(job) = jobs
        .iter()
        .filter(mine)
        .find(|j| matches!(j["status"].as_str(), Some("pending" | "in_progress")))
    {
        return MockResponse::json(
            200,
            &json!({"id": job["id"], "dependsOn": job["dependsOn"], "hash": job["hash"], "status": job["status"]}),
        );
    }
    // A failed job is offered again (as pending, one retry more) until `maxRetries`.
    if let Some(job) = jobs
        .iter()
        .find(|j| j["status"] == "failed" && j["retries"].as_u64().unwrap_or(0) < max_retries)
    {
        let id = job["id"].clone();
        let answer = json!({"id": id, "dependsOn": job["dependsOn"], "hash": job["hash"], "status": "pending"});
        if let Some(stored) = state
            .store
            .rows("events")
            .iter_mut()
            .find(|e| e["id"] == id)
        {
            stored["retries"] = json!(stored["retries"].as_u64().unwrap_or(0) + 1);
            stored["status"] = json!("pending");
            stored["sender"] = json!(sender);
        }
        return MockResponse::json(200, &answer);
    }
    let Some(event) = events
        .iter()
        .filter(|e| {
            e["topic"]
                .as_str()
                .is_some_and(|t| topic_matches(source, t))
        })
        .find(|e| jobs.iter().all(|j| j["dependsOn"] != e["id"]))
    else {
        return MockResponse::status(204);
    };
    let id = state.store.fresh_hex_id();
    let job = json!({"id": id, "hash": format!("{id}{id}"), "topic": target, "sender": sender, "senderType": null,
        "project": event["project"], "user": "service", "dependsOn": event["id"], "status": "pending", "retries": 0,
        "description": body["description"], "summary": {}, "payload": {}, "createdAt": NOW, "updatedAt": NOW});
    state.store.mount("events", [job.clone()]);
    MockResponse::json(
        200,
        &json!({"id": id, "dependsOn": event["id"], "hash": job["hash"], "status": "pending"}),
    )
}

/// GraphQL `events(...)`.
pub(crate) fn connection(state: &State, query: &str, variables: &Map<String, Value>) -> Value {
    let args = super::graphql::arguments(query, "events");
    let var = |arg: &str| {
        args.get(arg)
            .and_then(|text| text.strip_prefix('$'))
            .and_then(|name| variables.get(name))
            .cloned()
            .unwrap_or(Value::Null)
    };
    let list = |arg: &str| var(arg).as_array().cloned();
    let (topics, ids, projects, statuses, users) = (
        list("topics"),
        list("ids"),
        list("projects"),
        list("statuses"),
        list("users"),
    );
    let rows = state.store.objects("events");
    let selection = super::graphql::node_selection(query);
    let matching: Vec<Value> = rows
        .iter()
        .filter(|e| {
            topics.as_ref().is_none_or(|t| {
                t.iter().any(|p| {
                    p.as_str().is_some_and(|p| {
                        e["topic"]
                            .as_str()
                            .is_some_and(|topic| topic_matches(p, topic))
                    })
                })
            })
        })
        .filter(|e| ids.as_ref().is_none_or(|l| l.contains(&e["id"])))
        .filter(|e| projects.as_ref().is_none_or(|l| l.contains(&e["project"])))
        .filter(|e| statuses.as_ref().is_none_or(|l| l.contains(&e["status"])))
        .filter(|e| users.as_ref().is_none_or(|l| l.contains(&e["user"])))
        .map(|e| {
            let mut node = e.clone();
            node["summary"] = json!(e["summary"].to_string());
            super::graphql::project_fields(&node, &selection)
        })
        .collect();
    json!({"data": {"events": super::graphql::page(&matching, query, "events")}})
}

#[cfg(test)]
mod tests {
    #[test]
    fn topics_match_with_wildcards() {
        assert!(super::topic_matches(
            "entity.folder.*",
            "entity.folder.created"
        ));
        assert!(super::topic_matches("*.created", "entity.task.created"));
        assert!(super::topic_matches("a.b", "a.b"));
        assert!(!super::topic_matches(
            "entity.task.*",
            "entity.folder.created"
        ));
    }
}
