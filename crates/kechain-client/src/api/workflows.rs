//! Workflows: list, one, create.
