//! Tasks through their whole life against the real vantage6 server 4.15.2, in plain and
//! encrypted collaborations: created by a user, run by the nodes (played over REST: each node
//! logs in with its api key, reads its run's input and reports a result encoded for the
//! initiating organisation), waited for, read back and deleted; failed and killed tasks; input
//! and results exchanged with the reference Python implementation; one client reading plain and
//! encrypted results.
//!
//! Every node login costs the server one bcrypt check per node in its database (4.15.2 looks the
//! api key up that way), so the scenarios share their seeds: two tests, each with its own.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine as _;
use contract_tests::vantage6_server::{
    Seed, V6Env, assert_gone, create_node, delete_collaboration, node_client, org_key, own_run,
    patch_run, report_run, seed, unique, v6_env,
};
use serde_json::{Value, json};
use vantage6_client::Vantage6Client;
use vantage6_client::crypto;
use vantage6_client::models::{Decoded, RunResult, Task, TaskResults, TaskStatus};

const IMAGE: &str = "harbor2.vantage6.ai/demo/average";

/// Polls `done` every 20 ms for up to 20 s.
async fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A wait running in the background.
type Waiter = tokio::task::JoinHandle<vantage6_client::Result<Vec<RunResult>>>;
/// The statuses a wait polled, in order.
type Seen = Arc<Mutex<Vec<TaskStatus>>>;

/// `wait_for_results` of `task` in the background, recording every status it polls.
fn wait_in_background(v6: &Vantage6Client, task: u64) -> (Waiter, Seen) {
    let seen: Seen = Arc::default();
    let v6 = v6.clone();
    let progress = seen.clone();
    let waiter = tokio::spawn(async move {
        v6.wait_for_results(task)
            .interval(Duration::from_millis(50))
            .max_interval(Duration::from_millis(200))
            .timeout(Duration::from_secs(60))
            .on_progress(move |s| progress.lock().unwrap().push(s.clone()))
            .await
    });
    (waiter, seen)
}

/// The nodes of A and B, logged in, each with its organisation's key when `encrypted`.
async fn nodes(env: &V6Env, seed: &Seed, encrypted: bool) -> [Vantage6Client; 2] {
    let (a, b) = tokio::join!(
        node_client(env, seed.nodes[0].api_key(), encrypted.then(|| org_key(0))),
        node_client(env, seed.nodes[1].api_key(), encrypted.then(|| org_key(1))),
    );
    [a, b]
}

/// A task of the seed's user for both organisations.
async fn create_task(seed: &Seed, collaboration: u64, input: &Value) -> Task {
    seed.user
        .task()
        .create(collaboration, &seed.org_ids(), unique("task"), IMAGE)
        .description("a task of the real-server suite")
        .input(input)
        .database("default")
        .send()
        .await
        .unwrap()
}

fn texts(results: &[RunResult]) -> BTreeSet<String> {
    results
        .iter()
        .map(|r| {
            r.text()
                .unwrap_or_else(|| panic!("{:?}", r.decoded))
                .to_owned()
        })
        .collect()
}

/// The whole life of a task in the seed's collaboration, the nodes played by `nodes`.
async fn lifecycle(seed: &Seed, nodes: &[Vantage6Client; 2], encrypted: bool) {
    let [a, b] = seed.org_ids();
    let collaboration = seed.collaboration.id;
    let input = json!({"method": "partial_average", "args": [], "kwargs": {"column": "âge"}});
    let task = create_task(seed, collaboration, &input).await;
    assert_eq!(task.status, Some(TaskStatus::Pending));
    assert_eq!(task.init_org.as_ref().unwrap().id, a);
    assert_eq!(task.collaboration.as_ref().unwrap().id, collaboration);
    assert_eq!(task.image.as_deref(), Some(IMAGE));
    assert_eq!(task.databases[0].label, "default");
    let (waiter, seen) = wait_in_background(&seed.user, task.id);

    // Each node reads its input, decoded (decrypted with its own key when encrypted).
    let mut runs = Vec::new();
    for node in nodes {
        let run = own_run(node, task.id).await;
        assert_eq!(run.input_json::<Value>().unwrap(), input);
        assert_eq!(
            crypto::is_encrypted(run.input.as_deref().unwrap()),
            encrypted
        );
        assert_eq!(run.status, Some(TaskStatus::Pending));
        runs.push(run);
    }

    // Node A starts, then both finish: the waiter sees every status on the way.
    wait_until("the first poll", || !seen.lock().unwrap().is_empty()).await;
    patch_run(
        &nodes[0],
        runs[0].id,
        &json!({"started_at": "2024-01-01T00:00:00.000000", "status": "active"}),
    )
    .await;
    wait_until("the active status", || {
        seen.lock().unwrap().contains(&TaskStatus::Active)
    })
    .await;
    let outputs = [
        json!({"org": "a", "average": 41.5}),
        json!({"org": "b", "average": 43.5, "naïve": true}),
    ];
    report_run(&nodes[0], task.id, "completed", &outputs[0]).await;
    report_run(&nodes[1], task.id, "completed", &outputs[1]).await;
    let results = waiter.await.unwrap().unwrap();
    let expected: BTreeSet<String> = outputs.iter().map(Value::to_string).collect();
    assert_eq!(texts(&results), expected);
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.first(), Some(&TaskStatus::Pending), "{seen:?}");
    assert_eq!(seen.last(), Some(&TaskStatus::Completed), "{seen:?}");
    assert!(seen.contains(&TaskStatus::Active), "{seen:?}");
    for r in &results {
        assert_eq!(
            crypto::is_encrypted(r.result.as_deref().unwrap()),
            encrypted
        );
    }

    // Reading it all back.
    let v6 = &seed.user;
    assert_eq!(
        v6.task().status(task.id).await.unwrap(),
        TaskStatus::Completed
    );
    let read = v6.task().get(task.id).await.unwrap();
    assert!(read.is_finished());
    assert!(matches!(read.results, Some(TaskResults::Url(_))));
    let with_results = v6.task().get_with_results(task.id).await.unwrap();
    assert_eq!(texts(with_results.included_results()), expected);

    let one = &results[0];
    let text = v6.result().get(one.id).await.unwrap();
    assert_eq!(text.as_deref(), one.text());
    let value: Value = v6.result().get_json(one.id).await.unwrap();
    assert_eq!(value.to_string(), one.text().unwrap());
    let details = v6.result().details(one.id).await.unwrap();
    assert_eq!(details.decoded, one.decoded);
    let page = v6.result().from_task(task.id).send().await.unwrap();
    assert_eq!(page.total_count, Some(2));
    assert_eq!(texts(&page.data), expected);
    let of_b = v6
        .result()
        .from_task(task.id)
        .organization(b)
        .all()
        .await
        .unwrap();
    assert_eq!(texts(&of_b), BTreeSet::from([outputs[1].to_string()]));

    // Runs: the user (of A) reads A's input; B's input is B's to decrypt.
    let run_a = v6.run().get(runs[0].id).await.unwrap();
    assert_eq!(run_a.input_json::<Value>().unwrap(), input);
    assert_eq!(run_a.status, Some(TaskStatus::Completed));
    assert_eq!(run_a.log.as_deref(), Some("ok"));
    let run_b = v6.run().get(runs[1].id).await.unwrap();
    if encrypted {
        assert!(
            run_b.decoded_input.error().is_some(),
            "{:?}",
            run_b.decoded_input
        );
    } else {
        assert_eq!(run_b.input_json::<Value>().unwrap(), input);
    }
    let with_task = v6.run().get_with_task(runs[0].id).await.unwrap();
    let included = with_task.task.as_ref().unwrap().task().unwrap();
    assert_eq!((included.id, &included.name), (task.id, &task.name));
    let all_runs = v6.run().from_task(task.id).all().await.unwrap();
    assert_eq!(all_runs.len(), 2);
    assert!(all_runs.iter().all(|r| r.task_id() == Some(task.id)));
    let at_b = v6
        .run()
        .list()
        .task(task.id)
        .organization(b)
        .send()
        .await
        .unwrap();
    assert_eq!(
        at_b.data.iter().map(|r| r.id).collect::<Vec<_>>(),
        [runs[1].id]
    );
    let open = v6.run().list().task(task.id).open().all().await.unwrap();
    assert!(open.is_empty(), "every run finished");
    let listed_with_tasks = v6
        .run()
        .list()
        .task(task.id)
        .include_task()
        .all()
        .await
        .unwrap();
    assert!(
        listed_with_tasks
            .iter()
            .all(|r| r.task.as_ref().unwrap().task().is_some())
    );

    // Task lists and their filters.
    let me = v6.whoami().unwrap().id;
    let only = |tasks: Vec<Task>| tasks.iter().map(|t| t.id).collect::<Vec<_>>();
    let list = v6.task().list();
    assert_eq!(
        only(
            list.clone()
                .collaboration(collaboration)
                .all()
                .await
                .unwrap()
        ),
        [task.id]
    );
    let named = list
        .clone()
        .initiating_user(me)
        .name(task.name.clone().unwrap())
        .all()
        .await
        .unwrap();
    assert_eq!(only(named), [task.id]);
    let filtered = list
        .clone()
        .collaboration(collaboration)
        .initiating_org(a)
        .image(IMAGE)
        .database("default")
        .user_created(true)
        .description("a task of the real-server suite")
        .all()
        .await
        .unwrap();
    assert_eq!(only(filtered), [task.id]);
    assert!(
        list.clone()
            .collaboration(collaboration)
            .user_created(false)
            .all()
            .await
            .unwrap()
            .is_empty()
    );
    // Server bugs (4.15.2): filtering on `status` (computed from the runs, no SQL expression)
    // or on `run_id` (`Run.collaboration_id` does not exist) crashes the server.
    let by_status = list.clone().status(&TaskStatus::Completed).send().await;
    let by_run = list.clone().run(runs[1].id).send().await;
    for err in [by_status.unwrap_err(), by_run.unwrap_err()] {
        assert_eq!(err.status(), Some(500), "{err:?}");
        assert_eq!(
            err.message(),
            Some("An unexpected error occurred on the server!")
        );
    }
    let with_results = list
        .clone()
        .collaboration(collaboration)
        .include_results()
        .all()
        .await
        .unwrap();
    assert_eq!(texts(with_results[0].included_results()), expected);

    // A finished task cannot be killed; it can be deleted.
    let err = seed.root.task().kill(task.id).await.unwrap_err();
    assert_eq!(err.status(), Some(400), "{err:?}");
    assert!(
        err.message().unwrap().contains("already finished"),
        "{err:?}"
    );
    let answer = v6.task().delete(task.id).await.unwrap();
    assert!(answer.msg.contains("deleted"), "{}", answer.msg);
    assert_gone(v6.task().get(task.id).await, |t| t.name == task.name);
    assert_gone(v6.run().get(runs[0].id).await, |r| {
        r.task.as_ref().map(|t| t.id()) == Some(task.id)
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_tasks_complete_fail_and_are_killed() {
    let Some(env) = v6_env() else { return };
    let seed = seed(&env, false).await;
    let nodes = nodes(&env, &seed, false).await;
    lifecycle(&seed, &nodes, false).await;
    fail_and_kill(&seed, &nodes).await;
    seed.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn encrypted_tasks_complete_interoperate_and_mix_with_plain_ones() {
    let Some(env) = v6_env() else { return };
    let seed = seed(&env, true).await;
    let nodes = nodes(&env, &seed, true).await;
    lifecycle(&seed, &nodes, true).await;
    interop(&env, &seed, &nodes).await;
    mixed(&env, &seed, &nodes).await;
    seed.cleanup().await;
}

/// A failed run ends the wait; so does a killed task.
async fn fail_and_kill(seed: &Seed, nodes: &[Vantage6Client; 2]) {
    let task = create_task(seed, seed.collaboration.id, &json!({"method": "fail"})).await;
    let (waiter, seen) = wait_in_background(&seed.user, task.id);
    wait_until("the first poll", || !seen.lock().unwrap().is_empty()).await;
    // Only A answers, with a failure; B never starts.
    report_run(&nodes[0], task.id, "failed", &json!({"error": "boom"})).await;
    let results = waiter.await.unwrap().unwrap();
    let last = seen.lock().unwrap().last().cloned().unwrap();
    assert!(last.has_failed(), "{last:?}");
    assert_eq!(results.len(), 2);
    let texts: Vec<Option<&str>> = results.iter().map(|r| r.text()).collect();
    assert!(texts.contains(&Some(r#"{"error":"boom"}"#)), "{texts:?}");
    assert!(
        results.iter().any(|r| r.decoded == Decoded::Absent),
        "B has no result"
    );
    let status = seed
        .user
        .wait_for_results(task.id)
        .interval(Duration::from_millis(50))
        .final_status()
        .await
        .unwrap();
    assert_eq!(status, last);
    // The server fails B's run too, as it had not started.
    let run_b = own_run(&nodes[1], task.id).await;
    assert_eq!(run_b.status, Some(TaskStatus::Failed));
    assert!(run_b.log.unwrap().contains("sibling run"));

    // A killed task ends the wait too. Killing needs the right to send events, which a
    // Researcher lacks (401); root has it.
    let task = create_task(seed, seed.collaboration.id, &json!({"method": "slow"})).await;
    let (waiter, seen) = wait_in_background(&seed.user, task.id);
    wait_until("the first poll", || !seen.lock().unwrap().is_empty()).await;
    let err = seed.user.task().kill(task.id).await.unwrap_err();
    assert_eq!(err.status(), Some(401), "{err:?}");
    let answer = seed.root.task().kill(task.id).await.unwrap();
    assert!(answer.msg.contains("instructed to kill"), "{}", answer.msg);
    let results = waiter.await.unwrap().unwrap();
    assert_eq!(results.len(), 2);
    assert!(results.iter().all(|r| r.decoded == Decoded::Absent));
    assert_eq!(
        seen.lock().unwrap().last(),
        Some(&TaskStatus::Killed),
        "{seen:?}"
    );
    assert_eq!(
        seed.user.task().get(task.id).await.unwrap().status,
        Some(TaskStatus::Killed)
    );
}

/// One client with the initiator's key reads the results of an encrypted and of a plain
/// collaboration (the Python client cannot: its one cryptor fails on plain results).
async fn mixed(env: &V6Env, encrypted: &Seed, encrypted_nodes: &[Vantage6Client; 2]) {
    let [a, b] = encrypted.org_ids();
    let plain = encrypted
        .root
        .collaboration()
        .create(&unique("mixed-plain"), &[a, b], false)
        .await
        .unwrap();
    let plain_nodes = [
        create_node(&encrypted.root, plain.id, a).await,
        create_node(&encrypted.root, plain.id, b).await,
    ];
    let input = json!({"method": "mixed"});
    let secret_task = create_task(encrypted, encrypted.collaboration.id, &input).await;
    let plain_task = create_task(encrypted, plain.id, &input).await;

    let plain_node_clients = [
        node_client(env, plain_nodes[0].api_key(), Some(org_key(0))).await,
        node_client(env, plain_nodes[1].api_key(), Some(org_key(1))).await,
    ];
    for (i, node) in encrypted_nodes.iter().enumerate() {
        report_run(node, secret_task.id, "completed", &json!({"secret": i})).await;
    }
    for (i, node) in plain_node_clients.iter().enumerate() {
        // A node with a key loaded still reads plain input.
        assert_eq!(
            own_run(node, plain_task.id)
                .await
                .input_json::<Value>()
                .unwrap(),
            input
        );
        report_run(node, plain_task.id, "completed", &json!({"plain": i})).await;
    }

    // A new session of A's user, with A's key: both kinds decode.
    let user = encrypted.user_session(&env.url, Some(org_key(0))).await;
    let fast = Duration::from_millis(50);
    let secret = user
        .wait_for_results(secret_task.id)
        .interval(fast)
        .await
        .unwrap();
    let open = user
        .wait_for_results(plain_task.id)
        .interval(fast)
        .await
        .unwrap();
    assert_eq!(
        texts(&secret),
        BTreeSet::from([r#"{"secret":0}"#.into(), r#"{"secret":1}"#.into()])
    );
    assert_eq!(
        texts(&open),
        BTreeSet::from([r#"{"plain":0}"#.into(), r#"{"plain":1}"#.into()])
    );
    let me = user.whoami().unwrap().id;
    let mine: Vec<Task> = user
        .task()
        .list()
        .initiating_user(me)
        .include_results()
        .all()
        .await
        .unwrap()
        .into_iter()
        .filter(|t| [secret_task.id, plain_task.id].contains(&t.id))
        .collect();
    assert_eq!(mine.len(), 2);
    for task in &mine {
        assert_eq!(texts(task.included_results()).len(), 2);
    }

    // Without the key the encrypted ones cannot be read; the list still comes back.
    let keyless = encrypted.user_session(&env.url, None).await;
    let page = keyless
        .result()
        .from_task(secret_task.id)
        .all()
        .await
        .unwrap();
    assert!(page.iter().all(|r| r.decoded.error().is_some()));
    let err = keyless.result().get(page[0].id).await.unwrap_err();
    assert!(matches!(err, vantage6_client::Error::Crypto(_)), "{err:?}");
    let plain_page = keyless
        .result()
        .from_task(plain_task.id)
        .all()
        .await
        .unwrap();
    assert_eq!(texts(&plain_page).len(), 2);
    delete_collaboration(&encrypted.root, plain.id).await;
}

/// `vantage6.common.encryption.RSACryptor` of the reference client (in the venv of
/// `cargo xtask test`): `decrypt` prints the base64 of the plaintext, `encrypt` encrypts the
/// text for the given base64 public key.
const REFERENCE: &str = r#"
import sys, base64
from pathlib import Path
from vantage6.common.encryption import RSACryptor
key, mode, data = sys.argv[1], sys.argv[2], sys.argv[3]
cryptor = RSACryptor(Path(key))
if mode == "decrypt":
    print(base64.b64encode(cryptor.decrypt_str_to_bytes(data)).decode())
else:
    text, public_key = data.split("\n", 1)
    print(cryptor.encrypt_bytes_to_str(text.encode(), public_key))
"#;

fn reference(env: &V6Env, key: &Path, mode: &str, data: &str) -> String {
    let out = Command::new(&env.python)
        .args(["-c", REFERENCE, &key.to_string_lossy(), mode, data])
        .output()
        .expect("the venv's python runs");
    assert!(
        out.status.success(),
        "reference {mode}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// A task input encrypted by our client, as stored on the server, is decrypted by the
/// reference implementation; a result it encrypted is decrypted by ours.
async fn interop(env: &V6Env, seed: &Seed, nodes: &[Vantage6Client; 2]) {
    let input = json!({"method": "central_average", "kwargs": {"column": "âge"},
                       "values": (0..300).collect::<Vec<_>>()});
    let task = create_task(seed, seed.collaboration.id, &input).await;

    // The inputs as stored on the server, decrypted by the reference with each org's key.
    let runs = seed.root.run().from_task(task.id).all().await.unwrap();
    assert_eq!(runs.len(), 2);
    for run in &runs {
        let index = usize::from(run.organization.as_ref().unwrap().id == seed.orgs[1].id);
        let raw = run.input.as_deref().unwrap();
        assert!(crypto::is_encrypted(raw));
        let decrypted = reference(env, &org_key(index), "decrypt", raw);
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(decrypted)
            .unwrap();
        assert_eq!(serde_json::from_slice::<Value>(&bytes).unwrap(), input);
    }

    // Node B reports a result the reference encrypted for A; node A one of ours.
    let public_a = seed.root.organization().get(seed.orgs[0].id).await.unwrap();
    let theirs = reference(
        env,
        &org_key(1),
        "encrypt",
        &format!(
            "{}\n{}",
            r#"{"from": "python"}"#,
            public_a.public_key.unwrap()
        ),
    );
    let run_b = own_run(&nodes[1], task.id).await;
    patch_run(
        &nodes[1],
        run_b.id,
        &json!({"started_at": "2024-01-01T00:00:00.000000",
                "finished_at": "2024-01-01T00:00:01.000000",
                "status": "completed", "result": theirs, "log": "ok"}),
    )
    .await;
    report_run(&nodes[0], task.id, "completed", &json!({"from": "rust"})).await;
    let results = seed
        .user
        .wait_for_results(task.id)
        .interval(Duration::from_millis(50))
        .await
        .unwrap();
    assert_eq!(
        texts(&results),
        BTreeSet::from([r#"{"from": "python"}"#.into(), r#"{"from":"rust"}"#.into()])
    );
}
