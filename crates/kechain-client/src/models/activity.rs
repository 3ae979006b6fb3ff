//! Activities.
