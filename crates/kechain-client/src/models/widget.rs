//! Widgets and their associations.
