//! Typed models of the server's objects. Unknown fields are ignored, so newer servers (which
//! add fields) decode too; relations to other lists are the server's relative URLs.

mod common;
mod organization;

pub use common::{Links, Message, Page, Ref};
pub use organization::Organization;
