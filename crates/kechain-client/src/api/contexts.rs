//! Contexts: list, one, create, delete.
