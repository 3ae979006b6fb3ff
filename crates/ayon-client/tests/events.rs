//! Events: get, list with filters, dispatch, update, delete, and enrolling for jobs (service
//! users only).

mod common;

use std::time::{Duration, SystemTime};

use ayon_client::Error;
use serde_json::json;

#[tokio::test]
async fn every_event_call_sends_the_documented_request() {
    let mock = common::mock().await;
    let ayon = mock.client().with_sender(Some("tester")).unwrap();
    let events = ayon.events();
    let summary = json!({"a": 1}).as_object().cloned().unwrap();
    let id = events
        .dispatch("test.topic")
        .project(common::PROJECT)
        .description("d")
        .summary(summary.clone())
        .payload(json!({"b": 2}).as_object().cloned().unwrap())
        .finished(false)
        .send()
        .await
        .unwrap();
    let event = events.get(&id).await.unwrap();
    assert_eq!(event.status.as_deref(), Some("pending"));
    assert_eq!(
        event.sender.as_deref(),
        Some("tester"),
        "the client's sender by default"
    );
    assert_eq!(event.summary, summary);
    let listed = events
        .list()
        .topics(["test.*"])
        .projects([common::PROJECT])
        .statuses(["pending"])
        .users(["admin"])
        .all()
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, id);
    // Fixed times, so that the snapshot is stable.
    let long_ago = SystemTime::UNIX_EPOCH + Duration::from_secs(1_764_720_000);
    let later = long_ago + Duration::from_secs(86_400);
    events
        .list()
        .include_logs(true)
        .has_children(false)
        .newer_than(long_ago)
        .older_than(later)
        .limit(5)
        .all()
        .await
        .unwrap();
    let refused = events
        .update(&id)
        .status("finished")
        .description("done")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(refused, Error::Forbidden { .. }),
        "a user token may not change the status: {refused}"
    );
    events
        .update(&id)
        .description("done")
        .progress(50.0)
        .retries(1)
        .send()
        .await
        .unwrap();
    let job = events
        .enroll("test.topic", "target.topic", "worker1")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&job, Error::Forbidden { message, .. } if message == "Only services can enroll for jobs")
    );
    events.delete(&id).await.unwrap();
    assert!(events.get(&id).await.unwrap_err().is_not_found());
    insta::assert_json_snapshot!("event_requests", common::snapshot(mock.requests()));
}

#[tokio::test]
async fn services_enroll_for_jobs_one_source_event_at_a_time() {
    let mock = common::mock().await;
    let service = mock.service_client().with_sender(Some("svc-host")).unwrap();
    let events = service.events();
    let source = events
        .dispatch("source.topic")
        .project(common::PROJECT)
        .send()
        .await
        .unwrap();
    let job = events
        .enroll("source.topic", "target.topic", "worker1")
        .description("job")
        .sequential(false)
        .max_retries(3)
        .ignore_older_than(3)
        .ignore_sender_types(["publisher"])
        .send()
        .await
        .unwrap()
        .expect("a job for the waiting event");
    assert_eq!(job.depends_on.as_deref(), Some(source.as_str()));
    let again = events
        .enroll("source.topic", "target.topic", "worker1")
        .send()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        again.id, job.id,
        "the same sender gets its unfinished job back"
    );
    events
        .update(&job.id)
        .status("finished")
        .progress(100.0)
        .send()
        .await
        .unwrap();
    assert!(
        events
            .enroll("source.topic", "target.topic", "worker1")
            .send()
            .await
            .unwrap()
            .is_none(),
        "nothing is waiting"
    );
    assert_eq!(
        events.get(&job.id).await.unwrap().status.as_deref(),
        Some("finished")
    );
}

#[tokio::test]
async fn bad_event_input_is_refused_before_anything_is_sent() {
    let mock = common::mock().await;
    let ayon = mock.client();
    let events = ayon.events();
    for topic in ["", "ab", "1topic", "bad topic", "a/b", &"t".repeat(70)] {
        assert!(
            events
                .dispatch(topic)
                .send()
                .await
                .unwrap_err()
                .is_invalid_input(),
            "{topic:?}"
        );
        assert!(
            events
                .list()
                .topics([topic])
                .all()
                .await
                .unwrap_err()
                .is_invalid_input()
        );
        assert!(
            events
                .enroll(topic, "target.topic", "w")
                .send()
                .await
                .unwrap_err()
                .is_invalid_input()
        );
    }
    assert!(events.get("nope").await.unwrap_err().is_invalid_input());
    assert!(events.delete("").await.unwrap_err().is_invalid_input());
    assert!(
        events
            .update("x")
            .status("finished")
            .send()
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        events
            .update(&common::id(1))
            .send()
            .await
            .unwrap_err()
            .is_invalid_input(),
        "an empty update"
    );
    assert!(
        events
            .dispatch("ok.topic")
            .project("bad project")
            .send()
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        events
            .dispatch("ok.topic")
            .depends_on("x")
            .send()
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert!(
        events
            .enroll("a.topic", "b.topic", " ")
            .send()
            .await
            .unwrap_err()
            .is_invalid_input()
    );
    assert_eq!(mock.request_count(), 0);
}
