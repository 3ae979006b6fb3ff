//! Replayed recordings (see `replay/mod.rs`): events, secrets, bundles and desktop packages,
//! thumbnails, settings, activities.

mod replay;

use ayon_client::{Error, SecretString};
use replay::*;

#[tokio::test]
async fn the_event_calls_match_the_recordings() {
    let head = replay::recording("head");
    let svc = replay::recording("head_svc");
    let event = "1b5c5fbce77811f1906a02fc00000001";
    let job = "31ef0086e77811f1906a02fc00000001";
    let mut failures = Vec::new();
    macro_rules! case {
        ($lines:expr, $caller:literal, |$a:ident| $body:expr) => {
            failures.extend(check(&$lines, $caller, |$a| async move { $body }).await);
        };
    }
    let map = |v: serde_json::Value| v.as_object().cloned().unwrap_or_default();
    case!(head, "dispatch_event", |a| {
        let id = a
            .events()
            .dispatch("test.topic")
            .sender("tester")
            .project(P)
            .description("d")
            .summary(map(serde_json::json!({"a": 1})))
            .payload(map(serde_json::json!({"b": 2})))
            .finished(false)
            .send()
            .await?;
        expect(id == event, "the event id")
    });
    case!(head, "get_event", |a| expect(
        a.events().get(event).await?.sender_type.as_deref() == Some("rust-test"),
        "the sender type"
    ));
    case!(head, "update_event", |a| {
        let refused = a
            .events()
            .update(event)
            .status("finished")
            .description("done")
            .send()
            .await
            .unwrap_err();
        expect(
            matches!(refused, Error::Forbidden { .. }),
            "403 for a user token",
        )
    });
    case!(head, "get_events", |a| expect(
        a.events().list().topics(["test.topic"]).all().await?.len() == 1,
        "one event"
    ));
    case!(head, "get_events(limit)", |a| expect(
        a.events().list().limit(2).all().await?.len() == 2,
        "two events"
    ));
    case!(head, "dispatch_event(src)", |a| a
        .events()
        .dispatch("source.topic")
        .sender("tester")
        .send()
        .await
        .map(drop));
    case!(head, "enroll_event_job", |a| {
        let refused = a
            .events()
            .enroll("source.topic", "target.topic", "worker1")
            .description("job")
            .send()
            .await
            .unwrap_err();
        expect(
            matches!(&refused, Error::Forbidden { message, .. } if message.contains("Only services")),
            "403",
        )
    });
    case!(head, "enroll_event_job(none)", |a| {
        expect(
            a.events()
                .enroll("nothing.topic", "target2.topic", "worker1")
                .send()
                .await
                .is_err(),
            "403",
        )
    });
    case!(head, "delete_event", |a| a.events().delete(event).await);
    case!(svc, "dispatch_event(src)", |a| a
        .events()
        .dispatch("source.topic")
        .sender("svc")
        .project("svctest")
        .send()
        .await
        .map(drop));
    case!(svc, "enroll_event_job", |a| {
        let enrolled = a
            .events()
            .enroll("source.topic", "target.topic", "worker1")
            .sequential(false)
            .description("job")
            .send()
            .await?;
        expect(
            enrolled.is_some_and(|j| j.id == job && j.status.as_deref() == Some("pending")),
            "the job",
        )
    });
    case!(svc, "enroll_event_job(again,empty)", |a| {
        expect(
            a.events()
                .enroll("source.topic", "target.topic", "worker1")
                .send()
                .await?
                .is_some_and(|j| j.id == job),
            "the same job",
        )
    });
    case!(svc, "update_event(job finished)", |a| a
        .events()
        .update(job)
        .status("finished")
        .progress(100.0)
        .send()
        .await);
    case!(svc, "get_event(job)", |a| expect(
        a.events().get(job).await?.status.as_deref() == Some("finished"),
        "finished"
    ));
    case!(svc, "get_events(target)", |a| expect(
        !a.events()
            .list()
            .topics(["target.topic"])
            .all()
            .await?
            .is_empty(),
        "the job"
    ));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn the_secret_calls_match_the_recordings() {
    let head = replay::recording("head");
    let mut failures = Vec::new();
    macro_rules! case {
        ($caller:literal, |$a:ident| $body:expr) => {
            failures.extend(check(&head, $caller, |$a| async move { $body }).await);
        };
    }
    case!("save_secret", |a| a
        .secrets()
        .save("mysecret", &SecretString::from("value1"))
        .await);
    case!("get_secrets", |a| expect(
        a.secrets()
            .list()
            .await?
            .iter()
            .any(|s| s.name == "mysecret"),
        "the secret"
    ));
    case!("get_secret", |a| {
        use ayon_client::ExposeSecret;
        expect(
            a.secrets().get("mysecret").await?.value.expose_secret() == "value1",
            "the value",
        )
    });
    case!("delete_secret", |a| a.secrets().delete("mysecret").await);
    case!("get_secret(missing)", |a| expect(
        a.secrets()
            .get("mysecret")
            .await
            .unwrap_err()
            .is_not_found(),
        "404"
    ));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn the_bundle_and_desktop_calls_match_the_recordings() {
    let head = replay::recording("head");
    let mut failures = Vec::new();
    macro_rules! case {
        ($caller:literal, |$a:ident| $body:expr) => {
            failures.extend(check(&head, $caller, |$a| async move { $body }).await);
        };
    }
    let none = serde_json::Map::new;
    case!("get_bundles", |a| expect(
        a.bundles().list().await?.bundles.is_empty(),
        "no bundle yet"
    ));
    case!("check_bundle_compatibility", |a| expect(
        a.bundles()
            .create("b1", none(), None)
            .check_compatibility()
            .await?
            .success,
        "compatible"
    ));
    case!("create_bundle", |a| a
        .bundles()
        .create("b1", none(), None)
        .send()
        .await);
    case!("update_bundle", |a| a
        .bundles()
        .update("b1")
        .dev(false)
        .send()
        .await);
    case!("get_bundles(after)", |a| expect(
        a.bundles().list().await?.bundles[0].name == "b1",
        "b1"
    ));
    case!("delete_bundle", |a| a.bundles().delete("b1").await);
    case!("get_installers", |a| a
        .installers()
        .list(None, None)
        .await
        .map(drop));
    case!("get_installers(filtered)", |a| a
        .installers()
        .list(Some("1.0.0"), Some("linux"))
        .await
        .map(drop));
    case!("create_installer", |a| {
        a.installers()
            .create("AYON-1.0.0-linux.sh", "abc", "md5", 3)
            .platform("linux")
            .field("version", serde_json::json!("1.0.0"))
            .field("pythonVersion", serde_json::json!("3.11.0"))
            .field("pythonModules", serde_json::json!({}))
            .field("runtimePythonModules", serde_json::json!({}))
            .send()
            .await
    });
    case!("get_installers(after)", |a| expect(
        a.installers().list(None, None).await?[0].sources.len() == 1,
        "one source"
    ));
    case!("update_installer", |a| {
        a.installers()
            .update_sources(
                "AYON-1.0.0-linux.sh",
                vec![serde_json::json!({"type": "url", "url": "https://example.invalid/x"})],
            )
            .await
    });
    case!("delete_installer", |a| a
        .installers()
        .delete("AYON-1.0.0-linux.sh")
        .await);
    case!("get_dependency_packages", |a| a
        .dependency_packages()
        .list(None, None)
        .await
        .map(drop));
    case!("create_dependency_package", |a| {
        a.dependency_packages()
            .create("dep-linux.zip", "abc", "md5", 3)
            .platform("linux")
            .field("installerVersion", serde_json::json!("1.0.0"))
            .field("sourceAddons", serde_json::json!({}))
            .field("pythonModules", serde_json::json!({}))
            .send()
            .await
    });
    case!("get_dependency_packages(after)", |a| expect(
        a.dependency_packages().list(None, None).await?.len() == 1,
        "one package"
    ));
    case!("delete_dependency_package", |a| a
        .dependency_packages()
        .delete("dep-linux.zip")
        .await);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn the_thumbnail_calls_match_the_recordings() {
    const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    let head = replay::recording("head");
    let thumb = "1a9ad18ae77811f1906a02fc00000001";
    let mut failures = Vec::new();
    macro_rules! case {
        ($caller:literal, |$a:ident| $body:expr) => {
            failures.extend(check(&head, $caller, |$a| async move { $body }).await);
        };
    }
    case!("create_thumbnail", |a| expect(
        a.thumbnails().create(P, PNG.to_vec()).await?.id == thumb,
        "the id"
    ));
    case!("update_thumbnail", |a| expect(
        !a.thumbnails()
            .update(P, thumb, PNG.to_vec())
            .await?
            .affected_entities
            .is_empty(),
        "affected"
    ));
    case!("get_thumbnail_by_id", |a| expect(
        a.thumbnails()
            .get_by_id(P, thumb)
            .await?
            .content_type
            .as_deref()
            == Some("image/png"),
        "png"
    ));
    case!("get_folder_thumbnail", |a| a
        .thumbnails()
        .of_entity(P, "folder", HERO)
        .await
        .map(drop));
    case!("get_version_thumbnail", |a| a
        .thumbnails()
        .of_entity(P, "version", V1)
        .await
        .map(drop));
    case!("get_thumbnail(missing)", |a| a
        .thumbnails()
        .of_entity(P, "folder", ASSETS)
        .await
        .map(drop));
    case!("get_workfile_thumbnail", |a| {
        let failed = a
            .thumbnails()
            .of_entity(P, "workfile", WORKFILE)
            .await
            .unwrap_err();
        expect(failed.status() == Some(500), "the server's 500")
    });
    case!("update_folder(thumbnail)", |a| a
        .folders()
        .update(P, HERO)
        .thumbnail_id(Some(thumb))
        .send()
        .await
        .map(drop));
    case!("update_version(thumbnail)", |a| a
        .versions()
        .update(P, V1)
        .thumbnail_id(Some(thumb))
        .send()
        .await
        .map(drop));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn the_settings_calls_match_the_recordings() {
    let head = replay::recording("head");
    let mut failures = Vec::new();
    macro_rules! case {
        ($caller:literal, |$a:ident| $body:expr) => {
            failures.extend(check(&head, $caller, |$a| async move { $body }).await);
        };
    }
    case!("get_bundle_settings", |a| {
        let missing = a
            .settings()
            .bundle(None)
            .site_id("test-site")
            .with_details()
            .send()
            .await
            .unwrap_err();
        expect(missing.is_not_found(), "no production bundle: 404")
    });
    case!("get_addons_studio_settings", |a| expect(
        a.settings()
            .bundle(None)
            .site_id("test-site")
            .send()
            .await
            .unwrap_err()
            .is_not_found(),
        "404"
    ));
    case!("get_addons_project_settings", |a| {
        expect(
            a.settings()
                .bundle(Some(P))
                .site_id("test-site")
                .send()
                .await
                .unwrap_err()
                .is_not_found(),
            "404",
        )
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn the_activity_calls_match_the_recordings() {
    let head = replay::recording("head");
    let activity = "1b425e32e77811f1906a02fc00000001";
    let mut failures = Vec::new();
    macro_rules! case {
        ($caller:literal, |$a:ident| $body:expr) => {
            failures.extend(check(&head, $caller, |$a| async move { $body }).await);
        };
    }
    case!("create_activity", |a| {
        expect(
            a.activities()
                .create(P, "version", V1, "comment")
                .body("Hello @admin")
                .send()
                .await?
                == activity,
            "the id",
        )
    });
    case!("get_activities", |a| expect(
        !a.activities().list(P).all().await?.is_empty(),
        "the comment"
    ));
    case!("get_activity_by_id", |a| expect(
        a.activities()
            .get_by_id(P, activity)
            .await?
            .is_some_and(|c| c.activity_data.contains_key("origin")),
        "its data"
    ));
    case!("update_activity", |a| a
        .activities()
        .update(P, activity)
        .body("Hello 2")
        .send()
        .await
        .map(drop));
    case!("delete_activity", |a| a
        .activities()
        .delete(P, activity)
        .await);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
