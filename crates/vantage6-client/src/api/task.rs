//! Tasks: list, get, create (input encoded per organisation), delete, kill, status.

use platform_client_core::Request;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{List, check_id, check_ids, check_text};
use crate::client::Vantage6Client;
use crate::crypto;
use crate::error::{Error, Result};
use crate::models::{Database, Message, Task, TaskStatus};

impl Vantage6Client {
    /// Tasks.
    pub fn task(&self) -> Tasks<'_> {
        Tasks { client: self }
    }
}

/// The task handler: `client.task()`.
#[derive(Debug, Clone, Copy)]
pub struct Tasks<'c> {
    client: &'c Vantage6Client,
}

impl<'c> Tasks<'c> {
    /// Lists tasks (`GET task`); narrow it with the filters of [`List<Task>`].
    pub fn list(&self) -> List<'c, Task> {
        List::of(self.client, "task").finish_with(Task::decode)
    }

    /// One task (`GET task/<id>`); its `results` are a URL.
    pub async fn get(&self, id: u64) -> Result<Task> {
        check_id("id", id)?;
        self.client.json(Request::get(format!("task/{id}"))).await
    }

    /// One task with its results included and decoded (`GET task/<id>?include=results`); see
    /// [`Task::included_results`].
    pub async fn get_with_results(&self, id: u64) -> Result<Task> {
        check_id("id", id)?;
        let request = Request::get(format!("task/{id}")).query("include", "results");
        let mut task: Task = self.client.json(request).await?;
        task.decode(self.client.cryptor().as_deref());
        Ok(task)
    }

    /// Creates a task in a collaboration for the given organisations (`POST task`); set the
    /// input (required) and the rest on the returned request.
    ///
    /// ```no_run
    /// # async fn demo(v6: vantage6_client::Vantage6Client) -> vantage6_client::Result<()> {
    /// use serde_json::json;
    /// let task = v6
    ///     .task()
    ///     .create(1, &[2, 3], "average", "harbor2.vantage6.ai/demo/average")
    ///     .description("mean age")
    ///     .input(json!({"method": "central_average", "kwargs": {"column_name": "age"}}))
    ///     .database("default")
    ///     .send()
    ///     .await?;
    /// let results = v6.wait_for_results(task.id).await?;
    /// # Ok(()) }
    /// ```
    pub fn create(
        &self,
        collaboration_id: u64,
        organizations: &[u64],
        name: impl Into<String>,
        image: impl Into<String>,
    ) -> TaskCreate<'c> {
        TaskCreate {
            client: self.client,
            collaboration_id,
            organizations: organizations.to_vec(),
            name: name.into(),
            image: image.into(),
            description: String::new(),
            input: None,
            databases: Vec::new(),
        }
    }

    /// Deletes a task and its runs (`DELETE task/<id>`).
    pub async fn delete(&self, id: u64) -> Result<Message> {
        check_id("id", id)?;
        self.client
            .json(Request::delete(format!("task/{id}")))
            .await
    }

    /// Asks the nodes to stop the task's containers (`POST kill/task`); the task stays.
    pub async fn kill(&self, id: u64) -> Result<Message> {
        check_id("id", id)?;
        let request = Request::post("kill/task").json(&json!({ "id": id }))?;
        self.client.json(request).await
    }

    /// The task's status: `GET task/<id>/status` (servers 4.11+), or the `status` of
    /// `GET task/<id>` on older servers (which answer the first route with their HTML 404).
    pub async fn status(&self, id: u64) -> Result<TaskStatus> {
        check_id("id", id)?;
        poll_status(self.client, id, &mut false).await
    }
}

/// The status answer of `GET task/<id>/status` (and the part of a task it reads).
#[derive(Deserialize)]
struct StatusAnswer {
    #[serde(default)]
    status: Option<TaskStatus>,
}

/// One status poll. `legacy` is set once the server proves not to know the status route, so
/// later polls go straight to `GET task/<id>`.
pub(crate) async fn poll_status(
    client: &Vantage6Client,
    id: u64,
    legacy: &mut bool,
) -> Result<TaskStatus> {
    if !*legacy {
        match client
            .json::<StatusAnswer>(Request::get(format!("task/{id}/status")))
            .await
        {
            Ok(answer) => return status_of(id, answer),
            // An HTML 404 (no JSON body) is an unknown route; a JSON one an unknown task.
            Err(Error::NotFound {
                source: Some(source),
                ..
            }) if source.body.is_none() => *legacy = true,
            Err(e) => return Err(e),
        }
    }
    let task: StatusAnswer = client.json(Request::get(format!("task/{id}"))).await?;
    status_of(id, task)
}

fn status_of(id: u64, answer: StatusAnswer) -> Result<TaskStatus> {
    answer
        .status
        .ok_or_else(|| Error::Unexpected(format!("the server gave no status for task {id}")))
}

impl List<'_, Task> {
    /// Only tasks initiated by this organisation (`init_org_id`).
    pub fn initiating_org(self, id: u64) -> Self {
        self.id("init_org_id", id)
    }

    /// Only tasks initiated by this user (`init_user_id`).
    pub fn initiating_user(self, id: u64) -> Self {
        self.id("init_user_id", id)
    }

    /// Only tasks of this collaboration (`collaboration_id`).
    pub fn collaboration(self, id: u64) -> Self {
        self.id("collaboration_id", id)
    }

    /// Only tasks with this image (`image`; `%` is a wildcard).
    pub fn image(self, image: impl Into<String>) -> Self {
        self.text("image", image)
    }

    /// Only sub-tasks of this task (`parent_id`).
    pub fn parent(self, id: u64) -> Self {
        self.id("parent_id", id)
    }

    /// Only tasks of this job (`job_id`).
    pub fn job(self, id: u64) -> Self {
        self.id("job_id", id)
    }

    /// Only tasks with this name (`name`; `%` is a wildcard).
    pub fn name(self, name: impl Into<String>) -> Self {
        self.text("name", name)
    }

    /// Includes each task's results, decoded (`include=results`).
    pub fn include_results(self) -> Self {
        self.param("include", "results")
    }

    /// Only tasks with this description (`description`; `%` is a wildcard).
    pub fn description(self, description: impl Into<String>) -> Self {
        self.text("description", description)
    }

    /// Only tasks using the database with this label (`database`).
    pub fn database(self, label: impl Into<String>) -> Self {
        self.text("database", label)
    }

    /// Only the task holding this run (`run_id`). vantage6-server 4.15.2 fails on this filter
    /// with a 500 (`'Run' object has no attribute 'collaboration_id'`); older servers take it.
    pub fn run(self, id: u64) -> Self {
        self.id("run_id", id)
    }

    /// Only tasks with this status (`status`). vantage6-server 4.15.2 fails on this filter with
    /// a 500 (the status is computed, not a column); filter the listed tasks instead.
    pub fn status(self, status: &TaskStatus) -> Self {
        self.text("status", status.as_str())
    }

    /// Only tasks created by users (`true`, `is_user_created=1`) or only sub-tasks created by
    /// algorithms (`false`, `is_user_created=0`).
    pub fn user_created(self, user_created: bool) -> Self {
        self.bit("is_user_created", user_created)
    }

    /// Only tasks of this study (`study_id`, servers 4.7+).
    pub fn study(self, id: u64) -> Self {
        self.id("study_id", id)
    }

    /// Only tasks whose algorithm came from this store (`store_id`, servers 4.3+).
    pub fn store(self, id: u64) -> Self {
        self.id("store_id", id)
    }
}

/// Creates a task; see [`Tasks::create`].
///
/// Sending first reads the collaboration (`GET collaboration/<id>`): for a plain one the input
/// is base64-encoded; for an encrypted one it is encrypted for each organisation with the
/// public key of `GET organization/<id>` (an organisation without a key is an error, and
/// nothing is posted). The `POST task` is sent once, never repeated after a failure.
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct TaskCreate<'c> {
    client: &'c Vantage6Client,
    collaboration_id: u64,
    organizations: Vec<u64>,
    name: String,
    image: String,
    description: String,
    input: Option<std::result::Result<Vec<u8>, String>>,
    databases: Vec<Database>,
}

/// One organisation's entry of the task body.
#[derive(Serialize)]
struct OrganizationInput {
    id: u64,
    input: String,
}

impl<'c> TaskCreate<'c> {
    /// A description (default empty).
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = description.into();
        self
    }

    /// The algorithm's input, sent as JSON (free-form; vantage6 algorithm wrappers read
    /// `{"method": ..., "args": [...], "kwargs": {...}}`).
    pub fn input(mut self, input: impl Serialize) -> Self {
        self.input = Some(serde_json::to_vec(&input).map_err(|e| e.to_string()));
        self
    }

    /// The input as bytes, encoded as given (it should be JSON for vantage6 4 nodes).
    pub fn input_raw(mut self, input: impl Into<Vec<u8>>) -> Self {
        self.input = Some(Ok(input.into()));
        self
    }

    /// The databases the nodes use (replacing earlier ones). Labels are checked before
    /// sending. Without databases an empty list is sent, as the Python client does.
    pub fn databases<D: Into<Database>>(mut self, databases: impl IntoIterator<Item = D>) -> Self {
        self.databases = databases.into_iter().map(Into::into).collect();
        self
    }

    /// Adds a database (a label, or a [`Database`] with options).
    pub fn database(mut self, database: impl Into<Database>) -> Self {
        self.databases.push(database.into());
        self
    }

    /// Checks the arguments and returns the input bytes.
    fn validate(&self) -> Result<&[u8]> {
        check_id("collaboration_id", self.collaboration_id)?;
        check_ids("organizations", &self.organizations, false)?;
        if let Some(id) = self
            .organizations
            .iter()
            .enumerate()
            .find_map(|(i, id)| self.organizations[..i].contains(id).then_some(id))
        {
            return Err(Error::invalid(format!(
                "organisation {id} is listed twice in `organizations`"
            )));
        }
        check_text("name", &self.name)?;
        check_text("image", &self.image)?;
        for database in &self.databases {
            check_label(&database.label)?;
        }
        match &self.input {
            None => Err(Error::invalid(
                "the task has no input: set it with `input` (e.g. `json!({\"method\": ...})`)",
            )),
            Some(Err(e)) => Err(Error::invalid(format!("the input cannot be encoded: {e}"))),
            Some(Ok(bytes)) => Ok(bytes),
        }
    }

    /// The input for each organisation: base64 for a plain collaboration, encrypted with each
    /// organisation's public key for an encrypted one.
    async fn encode(&self, input: &[u8]) -> Result<Vec<OrganizationInput>> {
        #[derive(Deserialize)]
        struct Collaboration {
            #[serde(default)]
            encrypted: bool,
        }
        #[derive(Deserialize)]
        struct PublicKey {
            #[serde(default)]
            public_key: Option<String>,
        }
        let collaboration_id = self.collaboration_id;
        let collaboration: Collaboration = self
            .client
            .json(Request::get(format!("collaboration/{collaboration_id}")))
            .await?;
        if collaboration.encrypted && self.client.cryptor().is_none() {
            return Err(Error::Crypto(format!(
                "collaboration {collaboration_id} is encrypted: load your organisation's private key first (`private_key_file`, `set_cryptor`): its results could not be read otherwise; nothing was posted"
            )));
        }
        let mut entries = Vec::with_capacity(self.organizations.len());
        for &id in &self.organizations {
            let input = if collaboration.encrypted {
                let org: PublicKey = self
                    .client
                    .json(Request::get(format!("organization/{id}")))
                    .await?;
                let key = org.public_key.unwrap_or_default();
                if key.trim().is_empty() {
                    return Err(Error::Crypto(format!(
                        "collaboration {collaboration_id} is encrypted, but organisation {id} \
                         has no public key (it must set up encryption first); nothing was sent"
                    )));
                }
                crypto::encrypt(&key, input).map_err(|e| {
                    Error::Crypto(format!(
                        "cannot encrypt the input for organisation {id}: {e}"
                    ))
                })?
            } else {
                crypto::encode_plain(input)
            };
            entries.push(OrganizationInput { id, input });
        }
        Ok(entries)
    }

    /// Encodes the input and creates the task.
    pub async fn send(self) -> Result<Task> {
        let input = self.validate()?;
        let organizations = self.encode(input).await?;
        let body = json!({
            "name": self.name,
            "image": self.image,
            "description": self.description,
            "collaboration_id": self.collaboration_id,
            "organizations": organizations,
            "databases": self.databases,
        });
        let mut task: Task = self.client.json(Request::post("task").json(&body)?).await?;
        task.decode(self.client.cryptor().as_deref());
        Ok(task)
    }
}

/// A database label must be an identifier: nodes turn it into environment variable names.
fn check_label(label: &str) -> Result<()> {
    let mut chars = label.chars();
    let valid = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if valid {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "database label `{label}` is not an identifier (letters, digits and `_`, not \
             starting with a digit)"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::check_label;

    #[test]
    fn labels_are_identifiers() {
        for ok in ["default", "_x", "db_2", "A"] {
            assert!(check_label(ok).is_ok(), "{ok}");
        }
        for bad in ["", "2db", "my-db", "a b", "ü", "a.b"] {
            assert!(check_label(bad).is_err(), "{bad}");
        }
    }
}
