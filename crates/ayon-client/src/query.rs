//! GraphQL query text built from a dotted field set, as the reference client builds it:
//! `attrib.fps` and `files.path` become nested selections, variables are declared only when
//! set, and a connection gets `first: <n>` and `after: "<cursor>"`.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

/// Object fields a user may name alone, and what that selects (the server's types).
const OBJECT_FIELDS: &[(&str, &[&str])] = &[
    ("files", &["id", "name", "path", "size", "hash", "hashType"]),
    ("folderTypes", &["name", "icon", "shortName", "color"]),
    ("taskTypes", &["name", "icon", "shortName", "color"]),
    ("productTypes", &["name", "icon", "color"]),
    (
        "statuses",
        &["name", "shortName", "icon", "color", "state", "scope"],
    ),
    (
        "linkTypes",
        &[
            "name",
            "linkType",
            "inputType",
            "outputType",
            "color",
            "style",
        ],
    ),
];

/// A selection tree: field name → sub-selection (empty for a leaf).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Fields(BTreeMap<String, Fields>);

impl Fields {
    /// Adds one dotted name.
    pub(crate) fn add(&mut self, dotted: &str) {
        let mut node = self;
        for part in dotted.split('.').filter(|p| !p.is_empty()) {
            node = node.0.entry(part.to_owned()).or_default();
        }
    }

    /// Adds a user's field: `attrib` alone means every attribute (`allAttrib`), and an object
    /// field alone (`files`, `folderTypes`, `statuses`, ...) means all of its fields.
    pub(crate) fn add_field(&mut self, dotted: &str) {
        match OBJECT_FIELDS.iter().find(|(name, _)| *name == dotted) {
            Some((name, children)) => {
                for child in *children {
                    self.add(&format!("{name}.{child}"));
                }
            }
            None if dotted == "attrib" => self.add("allAttrib"),
            None => self.add(dotted),
        }
    }

    fn render(&self, out: &mut String, depth: usize) {
        for (name, children) in &self.0 {
            indent(out, depth);
            out.push_str(name);
            if children.0.is_empty() {
                out.push('\n');
            } else {
                out.push_str(" {\n");
                children.render(out, depth + 1);
                indent(out, depth);
                out.push_str("}\n");
            }
        }
    }
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

/// One argument of a field: `name: $variable`.
#[derive(Debug, Clone, PartialEq)]
struct Arg(&'static str, String);

/// A field on the way to the selection: `project(name: $projectName)`.
#[derive(Debug, Clone, PartialEq)]
struct Segment {
    name: &'static str,
    args: Vec<Arg>,
}

/// A GraphQL query: an operation, its variables, a path of fields, and either a connection
/// (paged by `first`/`after`) or a plain selection at its end.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Query {
    operation: &'static str,
    /// Declared variables: name, GraphQL type, value.
    variables: Vec<(String, &'static str, Value)>,
    path: Vec<Segment>,
    connection: bool,
    pub(crate) fields: Fields,
}

impl Query {
    /// A query named `operation`.
    pub(crate) fn new(operation: &'static str) -> Query {
        Query {
            operation,
            variables: Vec::new(),
            path: Vec::new(),
            connection: false,
            fields: Fields::default(),
        }
    }

    /// A query of project `project`'s `field` connection:
    /// `project(name: $projectName) { <field>(...) { edges { node {...} } pageInfo {...} } }`.
    pub(crate) fn project_connection(
        operation: &'static str,
        project: &str,
        field: &'static str,
    ) -> Query {
        Query::new(operation)
            .field("project")
            .arg_var("name", "projectName", "String!", json!(project))
            .connection(field)
    }

    /// Declares `$variable: ty` with `value` without passing it to a field of the path (for
    /// arguments written into the selection, e.g. a nested connection's filters).
    pub(crate) fn declare(mut self, variable: &str, ty: &'static str, value: Value) -> Query {
        self.variables.retain(|(n, _, _)| n != variable);
        self.variables.push((variable.to_owned(), ty, value));
        self
    }

    /// Descends into `name`.
    pub(crate) fn field(mut self, name: &'static str) -> Query {
        self.path.push(Segment {
            name,
            args: Vec::new(),
        });
        self
    }

    /// Descends into the connection `name` (the last segment).
    pub(crate) fn connection(mut self, name: &'static str) -> Query {
        self = self.field(name);
        self.connection = true;
        self
    }

    /// Declares `$variable: ty` with `value` and passes it as argument `arg` of the last
    /// segment (replacing an earlier one).
    pub(crate) fn arg_var(
        mut self,
        arg: &'static str,
        variable: &str,
        ty: &'static str,
        value: Value,
    ) -> Query {
        self.variables.retain(|(n, _, _)| n != variable);
        self.variables.push((variable.to_owned(), ty, value));
        if let Some(last) = self.path.last_mut() {
            last.args.retain(|a| a.0 != arg);
            last.args.push(Arg(arg, variable.to_owned()));
        }
        self
    }

    /// Selects these dotted fields (in addition to those selected before); `attrib` alone
    /// selects every attribute, as `allAttrib`.
    pub(crate) fn select<S: AsRef<str>>(mut self, names: impl IntoIterator<Item = S>) -> Query {
        for name in names {
            self.fields.add_field(name.as_ref());
        }
        self
    }

    /// The operation name.
    pub(crate) fn operation(&self) -> &'static str {
        self.operation
    }

    /// The names of the path, e.g. `["project", "folders"]` (where the answer's data is).
    pub(crate) fn data_path(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.path.iter().map(|s| s.name)
    }

    /// The query text; a connection asks for `first` items after `after`.
    pub(crate) fn text(&self, first: u64, after: Option<&str>) -> String {
        let mut out = format!("query {}", self.operation);
        if !self.variables.is_empty() {
            let declared: Vec<String> = self
                .variables
                .iter()
                .map(|(n, t, _)| format!("${n}: {t}"))
                .collect();
            out.push('(');
            out.push_str(&declared.join(", "));
            out.push(')');
        }
        out.push_str(" {\n");
        let last = self.path.len().saturating_sub(1);
        for (depth, segment) in self.path.iter().enumerate() {
            indent(&mut out, depth + 1);
            out.push_str(segment.name);
            let mut args: Vec<String> = segment
                .args
                .iter()
                .map(|Arg(n, v)| format!("{n}: ${v}"))
                .collect();
            if self.connection && depth == last {
                args.push(format!("first: {first}"));
                if let Some(cursor) = after {
                    args.push(format!("after: {}", Value::String(cursor.to_owned())));
                }
            }
            if !args.is_empty() {
                out.push('(');
                out.push_str(&args.join(", "));
                out.push(')');
            }
            out.push_str(" {\n");
        }
        let depth = self.path.len() + 1;
        if self.connection {
            let mut page = Fields::default();
            page.0.insert(
                "edges".to_owned(),
                Fields(BTreeMap::from([("node".to_owned(), self.fields.clone())])),
            );
            page.add("pageInfo.endCursor");
            page.add("pageInfo.hasNextPage");
            page.render(&mut out, depth);
        } else {
            self.fields.render(&mut out, depth);
        }
        for depth in (0..self.path.len()).rev() {
            indent(&mut out, depth + 1);
            out.push_str("}\n");
        }
        out.push('}');
        out
    }

    /// The variables as a JSON object.
    pub(crate) fn variables(&self) -> Map<String, Value> {
        self.variables
            .iter()
            .map(|(n, _, v)| (n.clone(), v.clone()))
            .collect()
    }

    /// The request body `{"query", "variables"}`.
    pub(crate) fn body(&self, first: u64, after: Option<&str>) -> Value {
        json!({ "query": self.text(first, after), "variables": self.variables() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_connection_query_reads_like_the_reference() {
        let q = Query::project_connection("FoldersQuery", "demo", "folders")
            .arg_var("ids", "folderIds", "[String!]", json!(["a"]))
            .select(["id", "attrib.fps", "attrib.frameStart", "name"]);
        let text = q.text(300, Some("WzJd"));
        assert_eq!(
            text,
            "query FoldersQuery($projectName: String!, $folderIds: [String!]) {\n  project(name: $projectName) {\n    folders(ids: $folderIds, first: 300, after: \"WzJd\") {\n      edges {\n        node {\n          attrib {\n            fps\n            frameStart\n          }\n          id\n          name\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n}"
        );
        assert_eq!(q.variables()["folderIds"], json!(["a"]));
        assert_eq!(q.data_path().collect::<Vec<_>>(), ["project", "folders"]);
    }

    #[test]
    fn a_plain_query_has_no_paging() {
        let q = Query::new("ProductTypes")
            .field("productTypes")
            .select(["name", "icon"]);
        assert_eq!(
            q.text(300, None),
            "query ProductTypes {\n  productTypes {\n    icon\n    name\n  }\n}"
        );
    }
}
