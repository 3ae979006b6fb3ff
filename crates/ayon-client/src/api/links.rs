//! Links between entities: link types (list, get, create, ensure, delete), links (create,
//! delete), and the links of entities over GraphQL with every page of the nested connection.

use std::collections::BTreeMap;

use platform_client_core::Request;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{GraphQlList, check_project_name, check_text, entity_id};
use crate::client::AyonClient;
use crate::error::{Error, Result};
use crate::models::{EntityLink, LinkType};
use crate::query::Query;

/// The GraphQL fields of a link (they sit on the connection's edges).
const LINK_FIELDS: &[&str] = &[
    "id",
    "entityId",
    "entityType",
    "linkType",
    "name",
    "direction",
    "author",
    "description",
    "projectName",
    "data",
];
/// Links per page of an entity's nested connection.
const LINKS_PER_PAGE: u64 = 300;

/// The entity types that have links: operation, connection, ids variable.
const LINKED: [(&str, &str, &str, &str); 6] = [
    ("folder", "FoldersQuery", "folders", "folderIds"),
    ("task", "TasksQuery", "tasks", "taskIds"),
    ("product", "ProductsQuery", "products", "productIds"),
    ("version", "VersionsQuery", "versions", "versionIds"),
    (
        "representation",
        "RepresentationsQuery",
        "representations",
        "representationIds",
    ),
    ("workfile", "WorkfilesInfo", "workfiles", "workfileIds"),
];

/// Which way links go, seen from an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LinkDirection {
    /// Links whose output is the entity.
    In,
    /// Links whose input is the entity.
    Out,
}

impl AyonClient {
    /// Links and link types.
    pub fn links(&self) -> Links<'_> {
        Links { client: self }
    }
}

/// The link handler: `client.links()`.
#[derive(Debug, Clone, Copy)]
pub struct Links<'c> {
    client: &'c AyonClient,
}

/// `<type>|<input type>|<output type>` (`get_full_link_type_name`), each part checked.
pub fn full_link_type_name(link_type: &str, input_type: &str, output_type: &str) -> Result<String> {
    for (what, part) in [
        ("link_type", link_type),
        ("input_type", input_type),
        ("output_type", output_type),
    ] {
        super::check_segment(what, part)?;
        if part.contains('|') {
            return Err(Error::invalid(format!("`{what}` must not contain `|`")));
        }
    }
    Ok(format!("{link_type}|{input_type}|{output_type}"))
}

#[derive(Deserialize)]
struct LinkTypes {
    #[serde(default)]
    types: Vec<LinkType>,
}

impl<'c> Links<'c> {
    /// A project's link types (`get_link_types`): `GET /api/projects/{p}/links/types`.
    pub async fn types(&self, project: &str) -> Result<Vec<LinkType>> {
        check_project_name(project)?;
        let types: LinkTypes = self
            .client
            .json(Request::get(format!("api/projects/{project}/links/types")))
            .await?;
        Ok(types.types)
    }

    /// One link type, `None` when the project has none of that name (`get_link_type`).
    pub async fn link_type(
        &self,
        project: &str,
        link_type: &str,
        input_type: &str,
        output_type: &str,
    ) -> Result<Option<LinkType>> {
        let name = full_link_type_name(link_type, input_type, output_type)?;
        Ok(self
            .types(project)
            .await?
            .into_iter()
            .find(|t| t.name == name))
    }

    /// Creates or replaces a link type (`create_link_type`): `PUT
    /// /api/projects/{p}/links/types/{type|in|out}` with its data (`color`, `style`).
    pub async fn create_type(
        &self,
        project: &str,
        link_type: &str,
        input_type: &str,
        output_type: &str,
        data: Option<Map<String, Value>>,
    ) -> Result<()> {
        check_project_name(project)?;
        let name = full_link_type_name(link_type, input_type, output_type)?;
        let request = Request::put(format!("api/projects/{project}/links/types/{name}"))
            .json(&data.unwrap_or_default())?;
        self.client.send_empty(request).await
    }

    /// Creates the link type unless it exists with the same data
    /// (`make_sure_link_type_exists`).
    pub async fn ensure_type(
        &self,
        project: &str,
        link_type: &str,
        input_type: &str,
        output_type: &str,
        data: Option<Map<String, Value>>,
    ) -> Result<()> {
        let existing = self
            .link_type(project, link_type, input_type, output_type)
            .await?;
        match (existing, &data) {
            (Some(_), None) => Ok(()),
            (Some(t), Some(d)) if t.data == *d => Ok(()),
            _ => {
                self.create_type(project, link_type, input_type, output_type, data)
                    .await
            }
        }
    }

    /// Deletes a link type (`delete_link_type`).
    pub async fn delete_type(
        &self,
        project: &str,
        link_type: &str,
        input_type: &str,
        output_type: &str,
    ) -> Result<()> {
        check_project_name(project)?;
        let name = full_link_type_name(link_type, input_type, output_type)?;
        self.client
            .send_empty(Request::delete(format!(
                "api/projects/{project}/links/types/{name}"
            )))
            .await
    }

    /// Links an input entity to an output entity (`create_link`): `POST
    /// /api/projects/{p}/links`; the new link's id.
    pub async fn create(
        &self,
        project: &str,
        link_type: &str,
        (input_id, input_type): (&str, &str),
        (output_id, output_type): (&str, &str),
        name: Option<&str>,
    ) -> Result<String> {
        check_project_name(project)?;
        let full = full_link_type_name(link_type, input_type, output_type)?;
        let mut body = json!({
            "input": entity_id("input_id", input_id)?,
            "output": entity_id("output_id", output_id)?,
            "linkType": full,
        });
        if let Some(name) = name {
            check_text("link_name", name)?;
            body["name"] = json!(name);
        }
        let answer: Value = self
            .client
            .json(Request::post(format!("api/projects/{project}/links")).json(&body)?)
            .await?;
        // Servers before 1.0.0-rc.6 answered the id as `link`.
        answer
            .get("id")
            .or_else(|| answer.get("link"))
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| Error::unexpected("the link answer holds no id"))
    }

    /// Deletes a link (`delete_link`).
    pub async fn delete(&self, project: &str, link_id: &str) -> Result<()> {
        check_project_name(project)?;
        let id = entity_id("link_id", link_id)?;
        self.client
            .send_empty(Request::delete(format!(
                "api/projects/{project}/links/{id}"
            )))
            .await
    }

    /// The links of entities of one type (`get_entities_links`, and `get_folders_links`,
    /// `get_tasks_links`, ...): narrow with the returned request, then `send`.
    pub fn of<S: AsRef<str>>(
        &self,
        project: &str,
        entity_type: &str,
        ids: &[S],
    ) -> EntityLinks<'c> {
        EntityLinks {
            client: self.client,
            project: project.to_owned(),
            entity_type: entity_type.to_owned(),
            ids: ids.iter().map(|i| i.as_ref().to_owned()).collect(),
            link_types: None,
            direction: None,
            names: None,
            name_regex: None,
        }
    }
}

/// The links of entities; see [`Links::of`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct EntityLinks<'c> {
    client: &'c AyonClient,
    project: String,
    entity_type: String,
    ids: Vec<String>,
    link_types: Option<Vec<String>>,
    direction: Option<LinkDirection>,
    names: Option<Vec<String>>,
    name_regex: Option<String>,
}

/// One node of the entity query: its id and a page of its links.
#[derive(Deserialize)]
struct LinkedNode {
    id: String,
    links: LinkPage,
}

impl crate::models::Entity for LinkedNode {
    fn is_active(&self) -> Option<bool> {
        None
    }
}

#[derive(Deserialize)]
struct LinkPage {
    #[serde(default)]
    edges: Vec<EntityLink>,
    #[serde(default, rename = "pageInfo")]
    page_info: Value,
}

impl EntityLinks<'_> {
    /// Only links of these types (`link_types`, e.g. `reference`).
    pub fn link_types<S: Into<String>>(mut self, types: impl IntoIterator<Item = S>) -> Self {
        self.link_types = Some(types.into_iter().map(Into::into).collect());
        self
    }

    /// Only links in this direction (`link_direction`).
    pub fn direction(mut self, direction: LinkDirection) -> Self {
        self.direction = Some(direction);
        self
    }

    /// Only links with these names (`link_names`).
    pub fn names<S: Into<String>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        self.names = Some(names.into_iter().map(Into::into).collect());
        self
    }

    /// Only links whose name matches a regular expression (`link_name_regex`).
    pub fn name_regex(mut self, regex: impl Into<String>) -> Self {
        self.name_regex = Some(regex.into());
        self
    }

    /// Entity id → its links, every asked id present. Entities come a page at a time; an
    /// entity with more links than one nested page holds has the rest fetched for it alone.
    pub async fn send(self) -> Result<BTreeMap<String, Vec<EntityLink>>> {
        check_project_name(&self.project)?;
        let Some(&(_, operation, connection, variable)) =
            LINKED.iter().find(|(t, ..)| *t == self.entity_type)
        else {
            return Err(Error::invalid(format!(
                "entities of type {:?} have no links (folder, task, product, version, \
                 representation, workfile)",
                self.entity_type
            )));
        };
        let ids: Vec<String> = self
            .ids
            .iter()
            .map(|id| entity_id("entity_ids", id))
            .collect::<Result<_>>()?;
        if let Some(regex) = &self.name_regex {
            check_text("link_name_regex", regex)?;
        }
        let mut out: BTreeMap<String, Vec<EntityLink>> =
            ids.iter().map(|id| (id.clone(), Vec::new())).collect();
        if ids.is_empty() {
            return Ok(out);
        }
        let mut pending: Vec<(Vec<String>, Option<String>)> = vec![(ids, None)];
        while let Some((ids, after)) = pending.pop() {
            let query = self.query(operation, connection, variable, &ids, after.as_deref());
            let nodes: Vec<LinkedNode> = GraphQlList::new(self.client, query, "entity", &[])
                .all()
                .await?;
            for node in nodes {
                let next = (node.links.page_info.get("hasNextPage") == Some(&json!(true)))
                    .then(|| {
                        node.links
                            .page_info
                            .get("endCursor")
                            .and_then(Value::as_str)
                    })
                    .flatten()
                    .map(str::to_owned);
                if let Some(cursor) = next {
                    pending.push((vec![node.id.clone()], Some(cursor)));
                }
                out.entry(node.id).or_default().extend(node.links.edges);
            }
        }
        Ok(out)
    }

    /// The entity query with the nested links connection, after `after` in it.
    fn query(
        &self,
        operation: &'static str,
        connection: &'static str,
        variable: &str,
        ids: &[String],
        after: Option<&str>,
    ) -> Query {
        let mut query = Query::project_connection(operation, &self.project, connection).arg_var(
            "ids",
            variable,
            "[String!]",
            json!(ids),
        );
        let mut args = Vec::new();
        let mut declare = |query: Query, arg: &str, var: &str, ty: &'static str, value: Value| {
            args.push(format!("{arg}: ${var}"));
            query.declare(var, ty, value)
        };
        if let Some(types) = &self.link_types {
            query = declare(query, "linkTypes", "linkTypes", "[String!]", json!(types));
        }
        if let Some(direction) = self.direction {
            let text = match direction {
                LinkDirection::In => "in",
                LinkDirection::Out => "out",
            };
            query = declare(query, "direction", "linkDirection", "String!", json!(text));
        }
        if let Some(names) = &self.names {
            query = declare(query, "names", "linkNames", "[String!]", json!(names));
        }
        if let Some(regex) = &self.name_regex {
            query = declare(query, "nameEx", "linkNameRegex", "String!", json!(regex));
        }
        args.push(format!("first: {LINKS_PER_PAGE}"));
        if let Some(cursor) = after {
            args.push(format!("after: {}", Value::String(cursor.to_owned())));
        }
        let links = format!("links({})", args.join(", "));
        query.fields.add("id");
        for field in LINK_FIELDS {
            query.fields.add(&format!("{links}.edges.{field}"));
        }
        query.fields.add(&format!("{links}.pageInfo.endCursor"));
        query.fields.add(&format!("{links}.pageInfo.hasNextPage"));
        query
    }
}
