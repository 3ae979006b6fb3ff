//! Projects: listing, REST and GraphQL getters, create/update/delete, anatomy presets, roots,
//! product types.

use std::collections::BTreeMap;

use futures_util::{StreamExt, TryStreamExt, stream};
use platform_client_core::Request;
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::{GraphQlList, check_project_name, check_segment, check_text};
use crate::client::{AyonClient, platform_name};
use crate::error::{Error, Result};
use crate::models::{
    Anatomy, AnatomyPreset, AnatomyPresets, ProductType, Project, ProjectListing, SiteRootOverrides,
};
use crate::query::Query;

/// The GraphQL fields of a project unless told otherwise (the reference's defaults).
pub const DEFAULT_PROJECT_FIELDS: &[&str] = &[
    "name",
    "code",
    "active",
    "createdAt",
    "data",
    "folderTypes.name",
    "folderTypes.icon",
    "taskTypes.name",
    "productTypes.name",
    "productTypes.icon",
    "productTypes.color",
    "allAttrib",
];
/// The GraphQL fields of a product type unless told otherwise.
pub const DEFAULT_PRODUCT_TYPE_FIELDS: &[&str] = &["name", "icon", "color"];
/// The entity types a status applies to when the project names none.
const STATUS_SCOPES: [&str; 6] = [
    "folder",
    "task",
    "product",
    "version",
    "representation",
    "workfile",
];
/// Concurrent requests of [`Projects::get_rest_all`].
const PROJECT_FETCH_CONCURRENCY: usize = 4;

impl AyonClient {
    /// Projects.
    pub fn projects(&self) -> Projects<'_> {
        Projects { client: self }
    }
}

/// The project handler: `client.projects()`.
#[derive(Debug, Clone, Copy)]
pub struct Projects<'c> {
    client: &'c AyonClient,
}

fn listing_request(active: Option<bool>, library: Option<bool>) -> Request {
    Request::get("api/projects")
        .query_opt("active", active)
        .query_opt("library", library)
}

impl<'c> Projects<'c> {
    /// The project listing (`GET /api/projects`), filtered by `active` and `library`.
    pub async fn listing(
        &self,
        active: Option<bool>,
        library: Option<bool>,
    ) -> Result<ProjectListing> {
        self.client.json(listing_request(active, library)).await
    }

    /// Project names (`get_project_names`; the reference asks for active ones by default).
    pub async fn names(&self, active: Option<bool>, library: Option<bool>) -> Result<Vec<String>> {
        let listing = self.listing(active, library).await?;
        Ok(listing.projects.into_iter().map(|p| p.name).collect())
    }

    /// A project with its anatomy and `ownAttrib` (`get_rest_project`, and `get_project`
    /// without fields): `GET /api/projects/{p}`; `None` when it does not exist. Statuses
    /// without a scope get every entity type, as the reference fills them.
    pub async fn get_rest(&self, name: &str) -> Result<Option<Project>> {
        check_project_name(name)?;
        let mut project: Option<Project> = self
            .client
            .get_optional(format!("api/projects/{name}"))
            .await?;
        if let Some(statuses) = project.as_mut().and_then(|p| p.statuses.as_mut()) {
            for status in statuses {
                if !status.get("scope").is_some_and(Value::is_array) {
                    status.insert("scope".to_owned(), json!(STATUS_SCOPES));
                }
            }
        }
        Ok(project)
    }

    /// A project (`get_project`): [`Error::NotFound`] when it does not exist.
    pub async fn get(&self, name: &str) -> Result<Project> {
        self.get_rest(name)
            .await?
            .ok_or_else(|| Error::not_found(format!("project {name} does not exist")))
    }

    /// Every project in full (`get_rest_projects`, and `get_projects` without fields): the
    /// listing, then each project, four at a time.
    pub async fn get_rest_all(
        &self,
        active: Option<bool>,
        library: Option<bool>,
    ) -> Result<Vec<Project>> {
        let names = self.names(active, library).await?;
        let handler = *self;
        stream::iter(names)
            .map(|name| async move { handler.get_rest(&name).await })
            .buffered(PROJECT_FETCH_CONCURRENCY)
            .try_filter_map(|p| async move { Ok(p) })
            .try_collect()
            .await
    }

    /// Projects over GraphQL with chosen fields (`get_projects(fields=...)`): `ProjectsQuery`,
    /// active ones unless [`GraphQlList::active`] says otherwise (as the reference).
    pub fn list(&self) -> GraphQlList<'c, Project> {
        GraphQlList::new(
            self.client,
            Query::new("ProjectsQuery").connection("projects"),
            "project",
            DEFAULT_PROJECT_FIELDS,
        )
        .active(Some(true))
    }

    /// One project over GraphQL with chosen fields (`get_project(fields=...)`): `ProjectQuery`.
    /// `ownAttrib` is not a GraphQL field of projects: use [`Self::get`] for it (the seed
    /// asked GraphQL and failed).
    pub async fn get_fields<S: AsRef<str>>(
        &self,
        name: &str,
        fields: impl IntoIterator<Item = S>,
    ) -> Result<Option<Project>> {
        check_project_name(name)?;
        let fields: Vec<String> = fields.into_iter().map(|f| f.as_ref().to_owned()).collect();
        let query = Query::new("ProjectQuery")
            .field("project")
            .arg_var("name", "projectName", "String!", json!(name))
            .select(if fields.is_empty() {
                DEFAULT_PROJECT_FIELDS
                    .iter()
                    .map(|f| (*f).to_owned())
                    .collect()
            } else {
                fields
            });
        let data = self.client.graphql_at(&query).await?;
        if data.is_null() {
            return Ok(None);
        }
        serde_json::from_value(data)
            .map(Some)
            .map_err(|e| Error::unexpected(format!("the project does not decode: {e}")))
    }

    /// Creates a project (`create_project`): checks it does not exist, reads the anatomy
    /// preset (`preset`, else the primary one), `POST /api/projects`, and returns the project.
    pub fn create(&self, name: &str, code: &str) -> ProjectCreate<'c> {
        ProjectCreate {
            client: self.client,
            name: name.to_owned(),
            code: code.to_owned(),
            library: false,
            preset: None,
        }
    }

    /// Updates a project (`update_project`): `PATCH /api/projects/{p}` with only the fields set.
    pub fn update(&self, name: &str) -> ProjectUpdate<'c> {
        ProjectUpdate {
            client: self.client,
            name: name.to_owned(),
            body: Map::new(),
            error: None,
        }
    }

    /// Deletes a project (`delete_project`): `DELETE /api/projects/{p}`; [`Error::NotFound`]
    /// when it does not exist.
    pub async fn delete(&self, name: &str) -> Result<()> {
        check_project_name(name)?;
        self.client
            .send_empty(Request::delete(format!("api/projects/{name}")))
            .await
    }

    /// The anatomy presets (`get_project_anatomy_presets`).
    pub async fn anatomy_presets(&self) -> Result<Vec<AnatomyPreset>> {
        let presets: AnatomyPresets = self
            .client
            .json(Request::get("api/anatomy/presets"))
            .await?;
        Ok(presets.presets)
    }

    /// The primary preset's name, `_` when none is primary (`get_default_anatomy_preset_name`).
    pub async fn default_anatomy_preset_name(&self) -> Result<String> {
        let presets = self.anatomy_presets().await?;
        Ok(presets
            .into_iter()
            .find(|p| p.primary)
            .map_or_else(|| "_".to_owned(), |p| p.name))
    }

    /// An anatomy preset, the primary one for `None` (`get_project_anatomy_preset`).
    pub async fn anatomy_preset(&self, name: Option<&str>) -> Result<Anatomy> {
        let name = name.unwrap_or("__primary__");
        check_segment("preset_name", name)?;
        self.client
            .json(Request::get(format!("api/anatomy/presets/{name}")))
            .await
    }

    /// The built-in anatomy preset (`get_build_in_anatomy_preset`): `__builtin__` (servers
    /// since 1.0.8; older ones call it `_`, pass that to [`Self::anatomy_preset`]).
    pub async fn builtin_anatomy_preset(&self) -> Result<Anatomy> {
        self.anatomy_preset(Some("__builtin__")).await
    }

    /// Root overrides of every site (`get_project_root_overrides`,
    /// `get_project_roots_by_site`): `GET /api/projects/{p}/roots`.
    pub async fn root_overrides(&self, project: &str) -> Result<SiteRootOverrides> {
        check_project_name(project)?;
        self.client
            .json(Request::get(format!("api/projects/{project}/roots")))
            .await
    }

    /// Root overrides of one site, the client's site for `None`; empty without a site
    /// (`get_project_root_overrides_by_site_id`, `get_project_roots_for_site`).
    pub async fn root_overrides_for_site(
        &self,
        project: &str,
        site_id: Option<&str>,
    ) -> Result<BTreeMap<String, String>> {
        let Some(site) = site_id.or(self.client.site_id()) else {
            check_project_name(project)?;
            return Ok(BTreeMap::new());
        };
        let mut all = self.root_overrides(project).await?;
        Ok(all.remove(site).unwrap_or_default())
    }

    /// The roots resolved for a site, the client's site for `None`
    /// (`get_project_roots_by_site_id`): `GET /api/projects/{p}/siteRoots?site_id=`.
    pub async fn roots_for_site(
        &self,
        project: &str,
        site_id: Option<&str>,
    ) -> Result<BTreeMap<String, String>> {
        check_project_name(project)?;
        let site = site_id.or(self.client.site_id());
        if let Some(site) = site {
            check_text("site_id", site)?;
        }
        // The server reads the site from `x-ayon-site-id`; the query pair is what the reference
        // sends, kept for servers that read it.
        let mut request =
            Request::get(format!("api/projects/{project}/siteRoots")).query_opt("site_id", site);
        if let Some(site) = site {
            request = request.header("x-ayon-site-id", site)?;
        }
        self.client.json(request).await
    }

    /// The roots resolved for a platform, this one for `None` (`get_project_roots_by_platform`):
    /// `GET /api/projects/{p}/siteRoots?platform=`.
    pub async fn roots_for_platform(
        &self,
        project: &str,
        platform: Option<&str>,
    ) -> Result<BTreeMap<String, String>> {
        check_project_name(project)?;
        let platform = platform.unwrap_or(platform_name());
        if !matches!(platform, "windows" | "linux" | "darwin") {
            return Err(Error::invalid(format!(
                "`platform` must be windows, linux or darwin, not {platform:?}"
            )));
        }
        self.client
            .json(
                Request::get(format!("api/projects/{project}/siteRoots"))
                    .query("platform", platform),
            )
            .await
    }

    /// The studio's product types (`get_product_types`): GraphQL `ProductTypes`.
    pub async fn product_types(&self) -> Result<Vec<ProductType>> {
        let query = Query::new("ProductTypes")
            .field("productTypes")
            .select(DEFAULT_PRODUCT_TYPE_FIELDS);
        decode_list(self.client.graphql_at(&query).await?)
    }

    /// A project's product types (`get_project_product_types`): GraphQL `ProjectProductTypes`.
    pub async fn project_product_types(&self, project: &str) -> Result<Vec<ProductType>> {
        check_project_name(project)?;
        let query = Query::new("ProjectProductTypes")
            .field("project")
            .arg_var("name", "projectName", "String!", json!(project))
            .field("productTypes")
            .select(DEFAULT_PRODUCT_TYPE_FIELDS);
        decode_list(self.client.graphql_at(&query).await?)
    }
}

/// A JSON list (or `null`) decoded into `T`s.
pub(crate) fn decode_list<T: serde::de::DeserializeOwned>(value: Value) -> Result<Vec<T>> {
    if value.is_null() {
        return Ok(Vec::new());
    }
    serde_json::from_value(value)
        .map_err(|e| Error::unexpected(format!("the list does not decode: {e}")))
}

/// Creates a project; see [`Projects::create`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct ProjectCreate<'c> {
    client: &'c AyonClient,
    name: String,
    code: String,
    library: bool,
    preset: Option<String>,
}

impl ProjectCreate<'_> {
    /// A library project.
    pub fn library(mut self, library: bool) -> Self {
        self.library = library;
        self
    }

    /// The anatomy preset to start from (default: the primary one).
    pub fn preset(mut self, preset: &str) -> Self {
        self.preset = Some(preset.to_owned());
        self
    }

    /// Sends it; the new project. [`Error::AlreadyExists`] when a project of that name exists
    /// (nothing is created).
    pub async fn send(self) -> Result<Project> {
        check_project_name(&self.name)?;
        let code_ok = self.code.len() >= 2
            && self
                .code
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if !code_ok {
            return Err(Error::invalid(format!(
                "`code` must match ^[a-zA-Z0-9_][a-zA-Z0-9_]*[a-zA-Z0-9_]$, not {:?}",
                self.code
            )));
        }
        let projects = self.client.projects();
        if projects.get_rest(&self.name).await?.is_some() {
            return Err(Error::AlreadyExists(format!("project {}", self.name)));
        }
        let anatomy = projects.anatomy_preset(self.preset.as_deref()).await?;
        let body = json!({"name": self.name, "code": self.code, "anatomy": anatomy, "library": self.library});
        self.client
            .send_empty(Request::post("api/projects").json(&body)?)
            .await?;
        projects.get(&self.name).await
    }
}

/// Updates a project; see [`Projects::update`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct ProjectUpdate<'c> {
    client: &'c AyonClient,
    name: String,
    body: Map<String, Value>,
    error: Option<String>,
}

impl ProjectUpdate<'_> {
    fn set(mut self, key: &str, value: impl Serialize) -> Self {
        match serde_json::to_value(value) {
            Ok(v) => {
                self.body.insert(key.to_owned(), v);
            }
            Err(e) => {
                self.error
                    .get_or_insert(format!("`{key}` cannot be encoded: {e}"));
            }
        }
        self
    }

    /// Whether it is a library project.
    pub fn library(self, library: bool) -> Self {
        self.set("library", library)
    }

    /// The folder types (replacing them).
    pub fn folder_types(self, types: Vec<Map<String, Value>>) -> Self {
        self.set("folderTypes", types)
    }

    /// The task types (replacing them).
    pub fn task_types(self, types: Vec<Map<String, Value>>) -> Self {
        self.set("taskTypes", types)
    }

    /// The link types (replacing them).
    pub fn link_types(self, types: Vec<Map<String, Value>>) -> Self {
        self.set("linkTypes", types)
    }

    /// The statuses (replacing them).
    pub fn statuses(self, statuses: Vec<Map<String, Value>>) -> Self {
        self.set("statuses", statuses)
    }

    /// The tags (replacing them).
    pub fn tags(self, tags: Vec<Map<String, Value>>) -> Self {
        self.set("tags", tags)
    }

    /// The configuration.
    pub fn config(self, config: Map<String, Value>) -> Self {
        self.set("config", config)
    }

    /// One attribute value, e.g. `("fps", 24.0)`.
    pub fn attrib(mut self, name: &str, value: impl Serialize) -> Self {
        let value = match serde_json::to_value(value) {
            Ok(value) => value,
            Err(e) => {
                self.error
                    .get_or_insert(format!("attribute `{name}` cannot be encoded: {e}"));
                return self;
            }
        };
        if let Value::Object(attrib) = self
            .body
            .entry("attrib")
            .or_insert_with(|| Value::Object(Map::new()))
        {
            attrib.insert(name.to_owned(), value);
        }
        self
    }

    /// Free-form data.
    pub fn data(self, data: Map<String, Value>) -> Self {
        self.set("data", data)
    }

    /// Whether it is active.
    pub fn active(self, active: bool) -> Self {
        self.set("active", active)
    }

    /// The project code.
    pub fn code(self, code: &str) -> Self {
        self.set("code", code)
    }

    /// Any other field (camelCase, as the server names it).
    pub fn field(self, key: &str, value: impl Serialize) -> Self {
        self.set(key, value)
    }

    /// Sends it (`204`).
    pub async fn send(self) -> Result<()> {
        check_project_name(&self.name)?;
        if let Some(message) = self.error {
            return Err(Error::invalid(message));
        }
        if self.body.is_empty() {
            return Err(Error::invalid("nothing to update"));
        }
        self.client
            .send_empty(Request::patch(format!("api/projects/{}", self.name)).json(&self.body)?)
            .await
    }
}
