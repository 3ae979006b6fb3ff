//! Typed models of the server's objects. Unknown fields are ignored, so newer servers (which
//! add fields) decode too; relations to other lists are the server's relative URLs.

mod collaboration;
mod common;
mod node;
mod organization;
mod result;
mod role;
mod rule;
mod run;
mod task;
mod user;

pub use collaboration::*;
pub use common::{Links, Message, Page, Ref};
pub use node::*;
pub use organization::Organization;
pub use result::*;
pub use role::*;
pub use rule::*;
pub use run::*;
pub use task::*;
pub use user::*;
