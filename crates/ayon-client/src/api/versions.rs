//! Versions: GraphQL listing (hero, latest), lookups, last versions, REST,
//! create/update/delete.

use std::collections::BTreeMap;

use serde_json::json;

use super::write::{delete, get_rest};
use super::{EntityWrite, GraphQlList, check_project_name, entity_id, kinds};
use crate::client::AyonClient;
use crate::error::Result;
use crate::models::Version;
use crate::query::Query;

/// The GraphQL fields of a version unless told otherwise (the reference's defaults).
pub const DEFAULT_VERSION_FIELDS: &[&str] = &[
    "id",
    "version",
    "name",
    "productId",
    "taskId",
    "author",
    "status",
    "tags",
    "thumbnailId",
    "active",
    "data",
    "createdAt",
    "updatedAt",
    "allAttrib",
];

impl AyonClient {
    /// Versions.
    pub fn versions(&self) -> Versions<'_> {
        Versions { client: self }
    }
}

/// The version handler: `client.versions()`.
#[derive(Debug, Clone, Copy)]
pub struct Versions<'c> {
    client: &'c AyonClient,
}

impl<'c> Versions<'c> {
    /// A project's versions, hero versions included (`get_versions`): GraphQL
    /// `VersionsQuery`, active ones unless [`GraphQlList::active`] says otherwise.
    pub fn list(&self, project: &str) -> GraphQlList<'c, Version> {
        GraphQlList::new(
            self.client,
            Query::project_connection("VersionsQuery", project, "versions"),
            "version",
            DEFAULT_VERSION_FIELDS,
        )
        .check(check_project_name(project))
        .active(Some(true))
    }

    /// A version by id, active or not (`get_version_by_id`).
    pub async fn get_by_id(&self, project: &str, id: &str) -> Result<Option<Version>> {
        self.list(project).active(None).ids([id]).first().await
    }

    /// Version number `version` of a product (`get_version_by_name`; hero versions are
    /// negative).
    pub async fn get_by_name(
        &self,
        project: &str,
        version: i64,
        product_id: &str,
    ) -> Result<Option<Version>> {
        self.list(project)
            .active(None)
            .product_ids([product_id])
            .versions([version])
            .first()
            .await
    }

    /// Hero versions only (`get_hero_versions`).
    pub fn heroes(&self, project: &str) -> GraphQlList<'c, Version> {
        self.list(project).hero_only()
    }

    /// A hero version by id (`get_hero_version_by_id`).
    pub async fn hero_by_id(&self, project: &str, id: &str) -> Result<Option<Version>> {
        self.heroes(project).active(None).ids([id]).first().await
    }

    /// The hero version of a product (`get_hero_version_by_product_id`).
    pub async fn hero_by_product_id(
        &self,
        project: &str,
        product_id: &str,
    ) -> Result<Option<Version>> {
        self.heroes(project)
            .active(None)
            .product_ids([product_id])
            .first()
            .await
    }

    /// The latest version of each product (`get_last_versions`): product id → version.
    pub async fn last_versions<S: AsRef<str>>(
        &self,
        project: &str,
        product_ids: &[S],
    ) -> Result<BTreeMap<String, Version>> {
        let versions = self
            .list(project)
            .active(None)
            .require("productId")
            .product_ids(product_ids.iter().map(AsRef::as_ref))
            .latest_only()
            .all()
            .await?;
        Ok(versions
            .into_iter()
            .filter_map(|v| v.product_id.clone().map(|p| (p, v)))
            .collect())
    }

    /// The latest version of a product (`get_last_version_by_product_id`).
    pub async fn last_by_product_id(
        &self,
        project: &str,
        product_id: &str,
    ) -> Result<Option<Version>> {
        let id = entity_id("product_id", product_id)?;
        Ok(self.last_versions(project, &[&id]).await?.remove(&id))
    }

    /// The latest version of the product named `name` in a folder
    /// (`get_last_version_by_product_name`).
    pub async fn last_by_product_name(
        &self,
        project: &str,
        name: &str,
        folder_id: &str,
    ) -> Result<Option<Version>> {
        let product = self
            .client
            .products()
            .list(project)
            .active(None)
            .fields(["id"])
            .names([name])
            .folder_ids([folder_id])
            .first()
            .await?;
        match product {
            Some(product) => self.last_by_product_id(project, &product.id).await,
            None => Ok(None),
        }
    }

    /// Whether a version is its product's latest (`version_is_latest`): GraphQL
    /// `VersionIsLatest`.
    pub async fn is_latest(&self, project: &str, version_id: &str) -> Result<bool> {
        check_project_name(project)?;
        let id = entity_id("version_id", version_id)?;
        let query = Query::new("VersionIsLatest")
            .field("project")
            .arg_var("name", "projectName", "String!", json!(project))
            .field("version")
            .arg_var("id", "versionId", "String!", json!(id))
            .select(["product.latestVersion.id"]);
        let data = self.client.graphql_at(&query).await?;
        let latest = data
            .pointer("/product/latestVersion/id")
            .and_then(|v| v.as_str());
        Ok(latest == Some(id.as_str()))
    }

    /// A version over REST (`get_rest_version`): `None` when it does not exist.
    pub async fn get_rest(&self, project: &str, id: &str) -> Result<Option<Version>> {
        get_rest::<kinds::Version, _>(self.client, project, id).await
    }

    /// Creates version number `version` of a product (`create_version`; negative for a hero).
    pub fn create(
        &self,
        project: &str,
        version: i64,
        product_id: &str,
    ) -> EntityWrite<'c, kinds::Version> {
        EntityWrite::create(self.client, project)
            .version(version)
            .product_id(product_id)
    }

    /// Updates a version (`update_version`): only the fields set are sent (the seed put its
    /// "not set" marker into the JSON for `task_id`).
    pub fn update(&self, project: &str, id: &str) -> EntityWrite<'c, kinds::Version> {
        EntityWrite::update(self.client, project, id)
    }

    /// Deletes a version (`delete_version`).
    pub async fn delete(&self, project: &str, id: &str) -> Result<()> {
        delete::<kinds::Version>(self.client, project, id, false).await
    }
}

impl EntityWrite<'_, kinds::Version> {
    /// The version number (negative for a hero version).
    pub fn version(self, version: i64) -> Self {
        self.set("version", version)
    }

    /// The product.
    pub fn product_id(self, product: &str) -> Self {
        self.set_id("productId", Some(product))
    }

    /// The task it was made in; `None` removes it.
    pub fn task_id(self, task: Option<&str>) -> Self {
        self.set_id("taskId", task)
    }

    /// The author (a user name).
    pub fn author(self, author: &str) -> Self {
        self.set("author", author)
    }
}

super::common_filters!(Version, "version");

impl GraphQlList<'_, Version> {
    /// Only versions of these products.
    pub fn product_ids<S: AsRef<str>>(self, ids: impl IntoIterator<Item = S>) -> Self {
        self.ids_filter("productIds", "productIds", ids)
    }

    /// Only versions made in these tasks (the seed set an undeclared variable here).
    pub fn task_ids<S: AsRef<str>>(self, ids: impl IntoIterator<Item = S>) -> Self {
        self.ids_filter("taskIds", "taskIds", ids)
    }

    /// Only these version numbers.
    pub fn versions(self, versions: impl IntoIterator<Item = i64>) -> Self {
        let versions: Vec<serde_json::Value> = versions.into_iter().map(|v| json!(v)).collect();
        self.list_of("versions", "versions", "[Int!]", versions)
    }

    /// Only hero versions (`hero=True, standard=False`).
    pub fn hero_only(self) -> Self {
        self.scalar("heroOnly", "heroOnly", "Boolean", json!(true))
    }

    /// Only the latest version of each product (`latest=True`).
    pub fn latest_only(self) -> Self {
        self.scalar("latestOnly", "latestOnly", "Boolean", json!(true))
    }

    /// The hero version of each product, else its latest.
    pub fn hero_or_latest_only(self) -> Self {
        self.scalar(
            "heroOrLatestOnly",
            "heroOrLatestOnly",
            "Boolean",
            json!(true),
        )
    }

    /// Leaves hero versions out (`hero=False`).
    pub fn without_heroes(self) -> Self {
        self.keep("hero", "version", |v: &Version| !v.is_hero())
    }

    /// Leaves standard versions out, keeping heroes (`standard=False`).
    pub fn without_standard(self) -> Self {
        self.keep("hero", "version", Version::is_hero)
    }
}
