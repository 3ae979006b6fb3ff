//! Users: the GraphQL listing and lookups, REST getters.

use platform_client_core::Request;
use serde_json::json;

use super::{GraphQlList, check_project_name, check_user_name};
use crate::client::AyonClient;
use crate::error::Result;
use crate::models::User;
use crate::query::Query;

/// The GraphQL fields of a user unless told otherwise (the reference's defaults).
pub const DEFAULT_USER_FIELDS: &[&str] = &[
    "name",
    "active",
    "isAdmin",
    "isManager",
    "isService",
    "isGuest",
    "accessGroups",
    "defaultAccessGroups",
    "hasPassword",
    "apiKeyPreview",
    "createdAt",
    "updatedAt",
    "allAttrib",
];

impl AyonClient {
    /// Users.
    pub fn users(&self) -> Users<'_> {
        Users { client: self }
    }
}

/// The user handler: `client.users()`.
#[derive(Debug, Clone, Copy)]
pub struct Users<'c> {
    client: &'c AyonClient,
}

impl<'c> Users<'c> {
    /// Users (`get_users`): GraphQL `Users`; narrow it with [`GraphQlList::project`] and
    /// [`GraphQlList::names`].
    pub fn list(&self) -> GraphQlList<'c, User> {
        GraphQlList::new(
            self.client,
            Query::new("Users").connection("users"),
            "user",
            DEFAULT_USER_FIELDS,
        )
    }

    /// A user by name over GraphQL (`get_user_by_name`).
    pub async fn get_by_name(&self, name: &str) -> Result<Option<User>> {
        check_user_name(name)?;
        self.list().names([name]).first().await
    }

    /// A user over REST (`get_user(username)`): `GET /api/users/{name}`; the logged-in user for
    /// `None` (`GET /api/users/me`).
    pub async fn get(&self, name: Option<&str>) -> Result<User> {
        match name {
            None => self.client.me().await,
            Some(name) => {
                check_user_name(name)?;
                self.client
                    .json(Request::get(format!("api/users/{name}")))
                    .await
            }
        }
    }
}

impl GraphQlList<'_, User> {
    /// Only these users.
    pub fn names<S: Into<String>>(self, names: impl IntoIterator<Item = S>) -> Self {
        self.strings("names", "userNames", names)
    }

    /// Only users with access to this project (`project_name`).
    pub fn project(self, project: &str) -> Self {
        self.check(check_project_name(project)).scalar(
            "projectName",
            "projectName",
            "String",
            json!(project),
        )
    }
}
