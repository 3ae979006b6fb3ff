//! GraphQL: any query with variables, and the schema by introspection.

use platform_client_core::Request;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use crate::client::AyonClient;
use crate::error::{Error, Result};
use crate::query::Query;

/// The standard introspection query (`get_graphql_schema`).
const INTROSPECTION: &str = "query IntrospectionQuery {
  __schema {
    queryType { name }
    mutationType { name }
    subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) {
    name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason
  }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name
    ofType { kind name ofType { kind name ofType { kind name } } } } } } }
}";

/// The data of a successful GraphQL query (`GraphQlResponse.data`).
#[derive(Debug, Clone, PartialEq)]
pub struct GraphQlResponse {
    /// `data` of the answer.
    pub data: Value,
}

impl GraphQlResponse {
    /// The value at a JSON pointer into `data`, e.g. `/project/folders`.
    pub fn pointer(&self, pointer: &str) -> Option<&Value> {
        self.data.pointer(pointer)
    }

    /// `data` decoded into `T`.
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_value(self.data.clone())
            .map_err(|e| Error::unexpected(format!("GraphQL data does not decode: {e}")))
    }
}

impl AyonClient {
    /// Sends a GraphQL query with variables (`query_graphql`): `POST /graphql`. The server
    /// answers HTTP 200 even when the query fails: that is [`Error::GraphQl`] with every
    /// message, path and location.
    pub async fn query_graphql(
        &self,
        query: &str,
        variables: Option<Map<String, Value>>,
    ) -> Result<GraphQlResponse> {
        if query.trim().is_empty() {
            return Err(Error::invalid("the GraphQL query is empty"));
        }
        let body = json!({ "query": query, "variables": variables.unwrap_or_default() });
        // Queries are re-sent after transient failures; mutations are not.
        let reads = !query.trim_start().starts_with("mutation");
        let request = Request::post("graphql").json(&body)?.retry_safe(reads);
        let mut answer: Value = self.json(request).await?;
        Ok(GraphQlResponse {
            data: answer
                .get_mut("data")
                .map(Value::take)
                .unwrap_or(Value::Null),
        })
    }

    /// The GraphQL schema by introspection (`get_graphql_schema`): the `data` of the
    /// answer (`{"__schema": ...}`; the seed returned the response object instead).
    pub async fn graphql_schema(&self) -> Result<Value> {
        Ok(self.query_graphql(INTROSPECTION, None).await?.data)
    }

    /// Sends a query built here, its JSON text fields decoded; `data` at the query's path.
    pub(crate) async fn graphql_at(&self, query: &Query) -> Result<Value> {
        let body = query.body(self.page_size, None);
        let mut answer: Value = self
            .json(Request::post("graphql").json(&body)?.retry_safe(true))
            .await
            .map_err(|e| super::list::with_operation(e, query.operation()))?;
        let mut node = answer
            .get_mut("data")
            .map(Value::take)
            .unwrap_or(Value::Null);
        for name in query.data_path() {
            node = node.get_mut(name).map(Value::take).unwrap_or(Value::Null);
        }
        crate::models::decode_json_text(&mut node);
        Ok(node)
    }
}
