//! Notifications: list, one, create, delete.
