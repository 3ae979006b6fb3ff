//! Rules (read only: the server defines them).

use platform_client_core::Request;

use super::{List, check_id};
use crate::client::Vantage6Client;
use crate::error::Result;
use crate::models::{Rule, RuleOperation, RuleScope};

impl Vantage6Client {
    /// Rules.
    pub fn rule(&self) -> Rules<'_> {
        Rules { client: self }
    }
}

/// The rule handler: `client.rule()`.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'c> {
    client: &'c Vantage6Client,
}

impl<'c> Rules<'c> {
    /// Lists rules (`GET rule`); narrow it with the filters of [`List<Rule>`].
    pub fn list(&self) -> List<'c, Rule> {
        List::of(self.client, "rule")
    }

    /// One rule (`GET rule/<id>`).
    pub async fn get(&self, id: u64) -> Result<Rule> {
        check_id("id", id)?;
        self.client.json(Request::get(format!("rule/{id}"))).await
    }
}

impl List<'_, Rule> {
    /// Only rules about this resource (`name`, exact, e.g. `node`).
    pub fn name(self, name: impl Into<String>) -> Self {
        self.text("name", name)
    }

    /// Only rules allowing this operation (`operation`, sent upper case as the server
    /// returns it: `VIEW`; lower case matches nothing).
    pub fn operation(self, operation: RuleOperation) -> Self {
        self.text("operation", operation.as_str())
    }

    /// Only rules of this scope (`scope`, sent upper case: `GLOBAL`).
    pub fn scope(self, scope: RuleScope) -> Self {
        self.text("scope", scope.as_str())
    }

    /// Only the rules of this role (`role_id`).
    pub fn role(self, id: u64) -> Self {
        self.id("role_id", id)
    }

    /// Only the rules a user has, directly or through roles (`user_id`).
    pub fn user(self, id: u64) -> Self {
        self.id("user_id", id)
    }
}
