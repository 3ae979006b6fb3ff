//! Expiring downloads: list, one, create (with content upload).
