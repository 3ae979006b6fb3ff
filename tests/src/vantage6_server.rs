//! What the suites against the real vantage6 server share: where the server is (started by
//! `cargo xtask test`), unique names, TOTP codes, e-mailed tokens, forged tokens.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use hmac::{KeyInit, Mac};
use platform_client_core::Request;
use serde_json::{Value, json};
use vantage6_client::models::{Collaboration, NodeCreated, Organization, Run, RunTask, User};
use vantage6_client::{Vantage6Client, crypto};

mod two_factor;
pub use two_factor::{mailed_token_to, mailed_tokens, mfa_root, totp, wait_for_mail};

/// The servers `cargo xtask test` started (see `docs/testing.md`).
#[derive(Debug, Clone)]
pub struct V6Env {
    /// The main server's API URL (`http://127.0.0.1:<port>/api`).
    pub url: String,
    /// The API URL of the server with two-factor authentication on.
    pub mfa_url: String,
    /// The SMTP sink's log, where recovery e-mails land.
    pub smtp_log: PathBuf,
    /// The Python of the venv holding the reference `vantage6-client`.
    pub python: PathBuf,
    /// The servers' JWT secret (to forge an expired token).
    pub jwt_secret: String,
}

/// The servers, when `V6_URL` and friends are set. Absent: one line and `None` locally, a
/// failure under CI.
pub fn v6_env() -> Option<V6Env> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    match (
        var("V6_URL"),
        var("V6_MFA_URL"),
        var("V6_SMTP_LOG"),
        var("V6_PYTHON"),
        var("V6_JWT_SECRET"),
    ) {
        (Some(url), Some(mfa_url), Some(smtp), Some(python), Some(jwt_secret)) => Some(V6Env {
            url,
            mfa_url,
            smtp_log: smtp.into(),
            python: python.into(),
            jwt_secret,
        }),
        _ => {
            let line = "the real vantage6 server is not running (V6_URL unset; `cargo xtask test` or \
                        `cargo xtask v6 up` starts it); suite skipped";
            assert!(!crate::in_ci(), "{line} — under CI it must run");
            eprintln!("{line}");
            None
        }
    }
}

/// A name no other test of this run uses (the database lives for the whole run).
pub fn unique(prefix: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("{prefix}-{}-{n}", std::process::id())
}

/// Seconds since the epoch.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// `token` re-signed (HS256 with the server's secret) with its `exp` moved to the past: the
/// server answers 401 "Token has expired" to it.
pub fn expired_copy(token: &str, secret: &str) -> String {
    let enc = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut parts = token.split('.');
    let (header, payload) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let mut claims: serde_json::Value =
        serde_json::from_slice(&enc.decode(payload).unwrap_or_default()).unwrap_or_default();
    let past = now() - 3600;
    claims["exp"] = past.into();
    claims["iat"] = (past - 60).into();
    claims["nbf"] = (past - 60).into();
    let signing_input = format!("{header}.{}", enc.encode(claims.to_string()));
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(signing_input.as_bytes());
    format!(
        "{signing_input}.{}",
        enc.encode(mac.finalize().into_bytes())
    )
}

/// The password every user of the suites gets (it satisfies the server's policy).
pub const PASSWORD: &str = "Passw0rd!abc";

/// A fixture private key of `crates/vantage6-client/tests/fixtures` (`org_a_private.pem`, PKCS#1;
/// `org_b_private_pkcs8.pem`, PKCS#8), so no test waits for an RSA-4096 key to be generated.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/vantage6-client/tests/fixtures")
        .join(name)
}

/// A client for the server at `url`, not logged in.
pub fn client(url: &str) -> Vantage6Client {
    client_with_key(url, None)
}

/// A client for the server at `url` holding the private key at `key` when given.
pub fn client_with_key(url: &str, key: Option<PathBuf>) -> Vantage6Client {
    let mut builder = Vantage6Client::builder(url).no_proxy();
    if let Some(key) = key {
        builder = builder.private_key_file(key);
    }
    builder.build().expect("a client for the test server")
}

/// A session resumed from the tokens of a login (no login of its own).
pub async fn resume(url: &str, key: Option<PathBuf>, tokens: &(String, String)) -> Vantage6Client {
    let v6 = client_with_key(url, key);
    v6.authenticate_with_tokens(tokens.0.clone().into(), Some(tokens.1.clone().into()))
        .await
        .expect("a resumed session");
    v6
}

/// A client logged in as `username` on the server at `url` (no two-factor authentication).
pub async fn login(url: &str, username: &str, password: &str) -> Vantage6Client {
    let v6 = client(url);
    v6.authenticate(username, password, None)
        .await
        .unwrap_or_else(|e| panic!("login of {username}: {e}"))
        .into_whoami()
        .unwrap_or_else(|e| panic!("login of {username}: {e}"));
    v6
}

/// The access and refresh token of a login (a raw `POST token/user`, as a program that saves
/// them would do).
pub async fn login_tokens(url: &str, username: &str, password: &str) -> (String, String) {
    let request = Request::post("token/user")
        .without_auth()
        .json(&json!({"username": username, "password": password}))
        .expect("login body");
    let answer = client(url)
        .send_raw(request)
        .await
        .unwrap_or_else(|e| panic!("login of {username}: {e}"));
    let token = |key: &str| answer[key].as_str().expect("a token").to_owned();
    (token("access_token"), token("refresh_token"))
}

/// `root` on the main server. One login per test binary: its tokens are shared and every call
/// resumes the session from them (a login costs the server a bcrypt check, during which the
/// single-process server answers nothing else).
pub async fn root(env: &V6Env) -> Vantage6Client {
    static TOKENS: tokio::sync::OnceCell<(String, String)> = tokio::sync::OnceCell::const_new();
    let tokens = TOKENS
        .get_or_init(|| login_tokens(&env.url, "root", "root"))
        .await;
    resume(&env.url, None, tokens).await
}

/// The id of a default role (`Researcher`, `Organization Admin`, ...).
pub async fn role_id(v6: &Vantage6Client, name: &str) -> u64 {
    let page = v6.role().list().name(name).send().await.expect("role list");
    page.data
        .iter()
        .find(|r| r.name == name && r.is_default_role)
        .unwrap_or_else(|| panic!("no default role {name}"))
        .id
}

/// A new organisation named `unique(prefix)`.
pub async fn new_org(v6: &Vantage6Client, prefix: &str) -> Organization {
    let name = unique(prefix);
    v6.organization()
        .create(&name)
        .country("NL")
        .domain(format!("{name}.example.org"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("create organisation {name}: {e}"))
}

/// A new user of `org` with `roles`, password [`PASSWORD`] and e-mail `<username>@example.org`.
pub async fn new_user(v6: &Vantage6Client, prefix: &str, org: u64, roles: &[u64]) -> User {
    let username = unique(prefix);
    let email = format!("{username}@example.org");
    v6.user()
        .create(&username, "Test", "User", PASSWORD, email)
        .organization(org)
        .roles(roles.iter().copied())
        .send()
        .await
        .unwrap_or_else(|e| panic!("create user {username}: {e}"))
}

/// Two organisations A and B, a collaboration of both with a node each, and a user of A who
/// may create tasks (Researcher) and set A's key (Organization Admin).
pub struct Seed {
    /// `root` on the main server.
    pub root: Vantage6Client,
    /// Organisation A (the initiator of tasks) and B.
    pub orgs: [Organization; 2],
    /// Their collaboration.
    pub collaboration: Collaboration,
    /// The node of A and the node of B, with their api keys.
    pub nodes: [NodeCreated; 2],
    /// The user of A, logged in (with A's key loaded when the collaboration is encrypted).
    pub user: Vantage6Client,
    /// The access and refresh token of its login, to open more sessions without another login
    /// ([`Vantage6Client::authenticate_with_tokens`]).
    pub tokens: (String, String),
}

impl Seed {
    /// Another session of the user (sharing nothing with [`Seed::user`]), holding the private key
    /// at `key` when given.
    pub async fn user_session(&self, url: &str, key: Option<PathBuf>) -> Vantage6Client {
        resume(url, key, &self.tokens).await
    }

    /// The ids of A and B.
    pub fn org_ids(&self) -> [u64; 2] {
        [self.orgs[0].id, self.orgs[1].id]
    }

    /// Deletes the collaboration with its tasks and nodes. Every node login makes the server
    /// check the api key against every node's bcrypt hash in turn, so nodes are not left behind.
    pub async fn cleanup(self) {
        delete_collaboration(&self.root, self.collaboration.id).await;
    }
}

/// Deletes a collaboration with its tasks and nodes (`delete_dependents=1`).
pub async fn delete_collaboration(root: &Vantage6Client, id: u64) {
    root.collaboration()
        .delete(id, true)
        .await
        .unwrap_or_else(|e| panic!("delete collaboration {id}: {e}"));
}

/// The private key fixture of organisation A (0) or B (1).
pub fn org_key(index: usize) -> PathBuf {
    fixture(["org_a_private.pem", "org_b_private_pkcs8.pem"][index])
}

/// Seeds a [`Seed`]. For an encrypted collaboration both organisations upload the public half
/// of their fixture key, each through a user of its own (only members may set it).
pub async fn seed(env: &V6Env, encrypted: bool) -> Seed {
    let root = root(env).await;
    let (a, b) = tokio::join!(new_org(&root, "seed-a"), new_org(&root, "seed-b"));
    let collaboration = root
        .collaboration()
        .create(&unique("seed-collab"), &[a.id, b.id], encrypted)
        .await
        .expect("create collaboration");
    let nodes = [
        create_node(&root, collaboration.id, a.id).await,
        create_node(&root, collaboration.id, b.id).await,
    ];
    let (researcher, admin) = tokio::join!(
        role_id(&root, "Researcher"),
        role_id(&root, "Organization Admin")
    );
    let user = new_user(&root, "seed-user", a.id, &[researcher, admin]).await;
    let tokens = login_tokens(&env.url, &user.username, PASSWORD).await;
    let v6 = resume(&env.url, None, &tokens).await;
    if encrypted {
        let admin_b = new_user(&root, "seed-admin-b", b.id, &[admin]).await;
        let v6_b = login(&env.url, &admin_b.username, PASSWORD).await;
        let (ours, theirs) = tokio::join!(
            v6.setup_encryption_from_file(org_key(0)),
            v6_b.setup_encryption_from_file(org_key(1))
        );
        ours.expect("org A uploads its key");
        theirs.expect("org B uploads its key");
    }
    Seed {
        root,
        orgs: [a, b],
        collaboration,
        nodes,
        user: v6,
        tokens,
    }
}

/// A node of `org` in `collaboration`.
pub async fn create_node(v6: &Vantage6Client, collaboration: u64, org: u64) -> NodeCreated {
    v6.node()
        .create(collaboration)
        .organization(org)
        .name(unique("node"))
        .send()
        .await
        .expect("create node")
}

/// A client logged in as the node with `api_key`, holding its organisation's private key when
/// given.
pub async fn node_client(env: &V6Env, api_key: &str, key: Option<PathBuf>) -> Vantage6Client {
    let v6 = client_with_key(&env.url, key);
    v6.authenticate_node(api_key).await.expect("node login");
    v6
}

/// Acts as the node logged in on `node`: finds its run of `task`, and reports it finished with
/// `status` and `result` (JSON), encoded for the initiating organisation (base64, or encrypted
/// with its public key for an encrypted collaboration) — what a real node does. Returns the
/// run as the node read it before reporting (its input decoded with the node's key).
pub async fn report_run(node: &Vantage6Client, task: u64, status: &str, result: &Value) -> Run {
    let run = own_run(node, task).await;
    let bytes = result.to_string().into_bytes();
    // Encrypted input (the `key$iv$data` layout) means an encrypted collaboration.
    let encoded = if crypto::is_encrypted(run.input.as_deref().unwrap_or_default()) {
        let task = run.task.as_ref().and_then(RunTask::task).expect("included");
        let init_org = task.init_org.as_ref().expect("task initiator").id;
        let org = node.organization().get(init_org).await.expect("initiator");
        crypto::encrypt(org.public_key.as_deref().unwrap_or_default(), &bytes)
            .expect("encrypt for the initiator")
    } else {
        crypto::encode_plain(&bytes)
    };
    let body = json!({"started_at": "2024-01-01T00:00:00.000000", "status": status,
        "finished_at": "2024-01-01T00:00:01.000000", "result": encoded, "log": "ok"});
    patch_run(node, run.id, &body).await;
    run
}

/// The node's own run of `task`, its task included
/// (`GET run?task_id=&organization_id=<own>&include=task`).
pub async fn own_run(node: &Vantage6Client, task: u64) -> Run {
    let org = node.whoami().expect("node logged in").organization_id;
    let mut page = node
        .run()
        .list()
        .task(task)
        .organization(org)
        .include_task()
        .send()
        .await
        .expect("the node lists its runs");
    assert_eq!(page.data.len(), 1, "one run per organisation");
    page.data.remove(0)
}

/// `PATCH run/<id>` as a node does.
pub async fn patch_run(node: &Vantage6Client, run: u64, body: &Value) -> Value {
    let request = Request::patch(format!("run/{run}"))
        .json(body)
        .expect("run body");
    node.send_raw(request)
        .await
        .unwrap_or_else(|e| panic!("PATCH run/{run}: {e}"))
}

/// A TCP proxy in front of a server that keeps what clients sent, to count the requests the
/// server received (the dev server logs none).
pub struct CountingProxy {
    /// The proxy's API URL (the server's, with the proxy's port).
    pub url: String,
    /// What went to the server (each read whole: a request line is never split).
    sent: Arc<Mutex<String>>,
    task: tokio::task::JoinHandle<()>,
}

impl CountingProxy {
    /// A proxy for the API at `api_url` (`http://127.0.0.1:<port>/api`).
    pub async fn start(api_url: &str) -> Self {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let rest = api_url.strip_prefix("http://").expect("an http:// URL");
        let (upstream, path) = rest.split_once('/').unwrap_or((rest, ""));
        let upstream = upstream.to_owned();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the proxy");
        let url = format!("http://{}/{path}", listener.local_addr().expect("address"));
        let sent: Arc<Mutex<String>> = Arc::default();
        let log = sent.clone();
        let task = tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let Ok(mut outbound) = tokio::net::TcpStream::connect(&upstream).await else {
                    continue;
                };
                let log = log.clone();
                tokio::spawn(async move {
                    let (mut in_read, mut in_write) = inbound.split();
                    let (mut out_read, mut out_write) = outbound.split();
                    let upstream = async {
                        let mut chunk = [0u8; 65536];
                        while let Ok(n @ 1..) = in_read.read(&mut chunk).await {
                            let text = String::from_utf8_lossy(&chunk[..n]);
                            log.lock().expect("proxy log").push_str(&text);
                            if out_write.write_all(&chunk[..n]).await.is_err() {
                                break;
                            }
                        }
                        let _ = out_write.shutdown().await;
                    };
                    let downstream = async {
                        let _ = tokio::io::copy(&mut out_read, &mut in_write).await;
                        let _ = in_write.shutdown().await;
                    };
                    tokio::join!(upstream, downstream);
                });
            }
        });
        CountingProxy { url, sent, task }
    }

    /// How many requests with this request line (e.g. `DELETE /api/user/1 HTTP/1.1`), or
    /// starting so, went through.
    pub fn count(&self, request_line: &str) -> usize {
        self.sent
            .lock()
            .expect("proxy log")
            .matches(request_line)
            .count()
    }
}

impl Drop for CountingProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Asserts that a deleted object is gone: a 404, or its id now names another object (SQLite
/// reuses ids, and tests running alongside create objects all the time).
pub fn assert_gone<T: std::fmt::Debug>(
    answer: vantage6_client::Result<T>,
    is_deleted: impl Fn(&T) -> bool,
) {
    match answer {
        Err(e) => assert!(e.is_not_found(), "{e:?}"),
        Ok(object) => assert!(!is_deleted(&object), "still there: {object:?}"),
    }
}
