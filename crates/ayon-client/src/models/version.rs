//! Versions (hero versions have a negative number).

use super::entity::entity;

entity! {
    /// A version: REST `GET /api/projects/{p}/versions/{id}` or GraphQL `versions`.
    pub struct Version {
        /// The number; hero versions are negative (`-2` is the hero of version 2).
        pub version: Option<i64>,
        /// The product it belongs to.
        pub product_id: Option<String>,
        /// The task it was made in.
        pub task_id: Option<String>,
        /// Who made it.
        pub author: Option<String>,
    }
}

impl Version {
    /// Whether this is a hero version (negative number).
    pub fn is_hero(&self) -> bool {
        self.version.is_some_and(|v| v < 0)
    }
}
