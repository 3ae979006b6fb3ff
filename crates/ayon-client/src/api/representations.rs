//! Representations: GraphQL listing and lookups, parents and hierarchy, context filters,
//! REST, create/update/delete.

use std::collections::BTreeMap;

use platform_client_core::Request;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::write::{delete, get_rest};
use super::{EntityWrite, GraphQlList, HasLinks, check_project_name, check_text, kinds};
use crate::client::AyonClient;
use crate::error::Result;
use crate::models::{
    Folder, Product, Representation, RepresentationFile, RepresentationHierarchy,
    RepresentationParents, Task, Version,
};
use crate::query::Query;

/// The GraphQL fields of a representation unless told otherwise (the reference's defaults).
pub const DEFAULT_REPRESENTATION_FIELDS: &[&str] = &[
    "id",
    "name",
    "versionId",
    "context",
    "status",
    "tags",
    "active",
    "data",
    "createdAt",
    "files.id",
    "files.name",
    "files.path",
    "files.size",
    "files.hash",
    "allAttrib",
];

impl AyonClient {
    /// Representations.
    pub fn representations(&self) -> Representations<'_> {
        Representations { client: self }
    }
}

/// The representation handler: `client.representations()`.
#[derive(Debug, Clone, Copy)]
pub struct Representations<'c> {
    client: &'c AyonClient,
}

/// One node of `RepresentationsParentsQuery`: the representation and its parents.
#[derive(Deserialize)]
struct ParentsNode {
    #[serde(default)]
    version: Option<VersionWithParents>,
    #[serde(flatten)]
    representation: Representation,
}

impl crate::models::Entity for ParentsNode {
    fn is_active(&self) -> Option<bool> {
        None
    }

    fn finish(&mut self) {
        self.representation.finish();
        if let Some(version) = &mut self.version {
            version.version.finish();
            if let Some(task) = &mut version.task {
                task.finish();
            }
            if let Some(product) = &mut version.product {
                product.product.finish();
                if let Some(folder) = &mut product.folder {
                    folder.finish();
                }
            }
        }
    }
}

#[derive(Deserialize)]
struct VersionWithParents {
    #[serde(flatten)]
    version: Version,
    #[serde(default)]
    task: Option<Task>,
    #[serde(default)]
    product: Option<ProductWithFolder>,
}

#[derive(Deserialize)]
struct ProductWithFolder {
    #[serde(flatten)]
    product: Product,
    #[serde(default)]
    folder: Option<Folder>,
}

impl<'c> Representations<'c> {
    /// A project's representations (`get_representations`): GraphQL `RepresentationsQuery`,
    /// active ones unless [`GraphQlList::active`] says otherwise.
    pub fn list(&self, project: &str) -> GraphQlList<'c, Representation> {
        GraphQlList::new(
            self.client,
            Query::project_connection("RepresentationsQuery", project, "representations"),
            "representation",
            DEFAULT_REPRESENTATION_FIELDS,
        )
        .check(check_project_name(project))
        .active(Some(true))
    }

    /// A representation by id, active or not (`get_representation_by_id`).
    pub async fn get_by_id(&self, project: &str, id: &str) -> Result<Option<Representation>> {
        self.list(project).active(None).ids([id]).first().await
    }

    /// The representation named `name` of a version (`get_representation_by_name`).
    pub async fn get_by_name(
        &self,
        project: &str,
        name: &str,
        version_id: &str,
    ) -> Result<Option<Representation>> {
        self.list(project)
            .active(None)
            .version_ids([version_id])
            .names([name])
            .first()
            .await
    }

    /// Each representation with its version, task, product, folder and project
    /// (`get_representations_hierarchy`): `GET /api/projects/{p}` and GraphQL
    /// `RepresentationsParentsQuery`. Ids that do not exist map to an empty hierarchy.
    pub async fn hierarchy<S: AsRef<str>>(
        &self,
        project: &str,
        ids: &[S],
    ) -> Result<BTreeMap<String, RepresentationHierarchy>> {
        let mut out: BTreeMap<String, RepresentationHierarchy> = BTreeMap::new();
        for id in ids {
            out.insert(
                super::entity_id("representation_ids", id.as_ref())?,
                RepresentationHierarchy::default(),
            );
        }
        if out.is_empty() {
            check_project_name(project)?;
            return Ok(out);
        }
        let project_entity = self.client.projects().get_rest(project).await?;
        let prefixed = |prefix: &str, defaults: &[&str]| -> Vec<String> {
            defaults.iter().map(|f| format!("{prefix}{f}")).collect()
        };
        let mut fields = prefixed("", DEFAULT_REPRESENTATION_FIELDS);
        fields.extend(prefixed(
            "version.",
            super::versions::DEFAULT_VERSION_FIELDS,
        ));
        fields.extend(prefixed("version.task.", super::tasks::DEFAULT_TASK_FIELDS));
        fields.extend(prefixed(
            "version.product.",
            super::products::DEFAULT_PRODUCT_FIELDS,
        ));
        fields.extend(prefixed(
            "version.product.folder.",
            super::folders::DEFAULT_FOLDER_FIELDS,
        ));
        let nodes: Vec<ParentsNode> = GraphQlList::new(
            self.client,
            Query::project_connection("RepresentationsParentsQuery", project, "representations"),
            "representation",
            &[],
        )
        .ids_filter(
            "ids",
            "representationIds",
            out.keys().cloned().collect::<Vec<_>>(),
        )
        .fields(fields)
        .all()
        .await?;
        for node in nodes {
            let entry = out.entry(node.representation.id.clone()).or_default();
            entry.project = project_entity.clone();
            if let Some(v) = node.version {
                entry.task = v.task;
                if let Some(p) = v.product {
                    entry.folder = p.folder;
                    entry.product = Some(p.product);
                }
                entry.version = Some(v.version);
            }
            entry.representation = Some(node.representation);
        }
        Ok(out)
    }

    /// One representation's hierarchy (`get_representation_hierarchy`).
    pub async fn hierarchy_of(&self, project: &str, id: &str) -> Result<RepresentationHierarchy> {
        let id = super::entity_id("representation_id", id)?;
        let mut all = self.hierarchy(project, &[&id]).await?;
        Ok(all.remove(&id).unwrap_or_default())
    }

    /// Each representation's version, product, folder and project
    /// (`get_representations_parents`).
    pub async fn parents<S: AsRef<str>>(
        &self,
        project: &str,
        ids: &[S],
    ) -> Result<BTreeMap<String, RepresentationParents>> {
        Ok(self
            .hierarchy(project, ids)
            .await?
            .into_iter()
            .map(|(id, h)| {
                let parents = RepresentationParents {
                    version: h.version,
                    product: h.product,
                    folder: h.folder,
                    project: h.project,
                };
                (id, parents)
            })
            .collect())
    }

    /// One representation's parents (`get_representation_parents`).
    pub async fn parents_of(&self, project: &str, id: &str) -> Result<RepresentationParents> {
        let id = super::entity_id("representation_id", id)?;
        let mut all = self.parents(project, &[&id]).await?;
        Ok(all.remove(&id).unwrap_or_default())
    }

    /// The ids of the representations whose template context matches
    /// (`get_repre_ids_by_context_filters`): key (e.g. `folder.name`) → values or regular
    /// expressions, optionally among these names and versions. `POST
    /// /api/projects/{p}/repreContextFilter`.
    pub async fn ids_by_context_filters(
        &self,
        project: &str,
        context_filters: &BTreeMap<String, Vec<String>>,
        names: Option<&[&str]>,
        version_ids: Option<&[&str]>,
    ) -> Result<Vec<String>> {
        check_project_name(project)?;
        let mut body = Map::new();
        let context: Vec<Value> = context_filters
            .iter()
            .map(|(key, values)| {
                check_text("context_filters", key)?;
                Ok(json!({"key": key, "values": values}))
            })
            .collect::<Result<_>>()?;
        body.insert("context".to_owned(), Value::Array(context));
        if let Some(names) = names {
            if names.is_empty() {
                return Ok(Vec::new());
            }
            body.insert("names".to_owned(), json!(names));
        }
        if let Some(ids) = version_ids {
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            let ids: Vec<String> = ids
                .iter()
                .map(|id| super::entity_id("version_ids", id))
                .collect::<Result<_>>()?;
            body.insert("versionIds".to_owned(), json!(ids));
        }
        #[derive(Deserialize)]
        struct Ids {
            #[serde(default)]
            ids: Vec<String>,
        }
        let request = Request::post(format!("api/projects/{project}/repreContextFilter"))
            .json(&body)?
            .retry_safe(true);
        let answer: Ids = self.client.json(request).await?;
        Ok(answer.ids)
    }

    /// A representation over REST (`get_rest_representation`): `None` when it does not exist.
    pub async fn get_rest(&self, project: &str, id: &str) -> Result<Option<Representation>> {
        get_rest::<kinds::Representation, _>(self.client, project, id).await
    }

    /// Creates a representation of a version (`create_representation`); add its files.
    pub fn create(
        &self,
        project: &str,
        name: &str,
        version_id: &str,
    ) -> EntityWrite<'c, kinds::Representation> {
        EntityWrite::create(self.client, project)
            .name(name)
            .version_id(version_id)
    }

    /// Updates a representation (`update_representation`).
    pub fn update(&self, project: &str, id: &str) -> EntityWrite<'c, kinds::Representation> {
        EntityWrite::update(self.client, project, id)
    }

    /// Deletes a representation (`delete_representation`): `DELETE
    /// .../representations/{id}` (the seed used the singular path, which the server refuses
    /// with 405).
    pub async fn delete(&self, project: &str, id: &str) -> Result<()> {
        delete::<kinds::Representation>(self.client, project, id, false).await
    }
}

impl EntityWrite<'_, kinds::Representation> {
    /// The version.
    pub fn version_id(self, version: &str) -> Self {
        self.set_id("versionId", Some(version))
    }

    /// The files (replacing them).
    pub fn files(self, files: Vec<RepresentationFile>) -> Self {
        if let Some(bad) = files
            .iter()
            .find(|f| super::entity_id("files.id", &f.id).is_err())
        {
            let id = bad.id.clone();
            return self.set_id("files.id", Some(&id));
        }
        self.set("files", files)
    }

    /// The template context (`folder`, `product`, `version`, `ext`, ...), stored as
    /// `data.context` as the server keeps it.
    pub fn context(self, context: Map<String, Value>) -> Self {
        self.set_data("context", Value::Object(context))
    }
}

super::common_filters!(Representation, "representation");

impl GraphQlList<'_, Representation> {
    /// Only representations with these names.
    pub fn names<S: Into<String>>(self, names: impl IntoIterator<Item = S>) -> Self {
        self.strings("names", "representationNames", names)
    }

    /// Only representations of these versions.
    pub fn version_ids<S: AsRef<str>>(self, ids: impl IntoIterator<Item = S>) -> Self {
        self.ids_filter("versionIds", "versionIds", ids)
    }

    /// Only representations with links in this direction (`has_links`).
    pub fn has_links(self, links: HasLinks) -> Self {
        self.scalar(
            "hasLinks",
            "representationHasLinks",
            "HasLinksFilter",
            json!(links.as_str()),
        )
    }

    /// Only these names of these versions (`names_by_version_ids`): version id → names.
    pub fn names_by_version_ids(self, wanted: BTreeMap<String, Vec<String>>) -> Self {
        let names: std::collections::BTreeSet<String> =
            wanted.values().flatten().cloned().collect();
        self.version_ids(wanted.keys().cloned().collect::<Vec<_>>())
            .names(names)
            .require("name")
            .keep(
                "names_by_version",
                "versionId",
                move |r: &Representation| {
                    r.version_id
                        .as_ref()
                        .and_then(|v| wanted.get(v))
                        .is_some_and(|names| names.contains(&r.name))
                },
            )
    }
}
