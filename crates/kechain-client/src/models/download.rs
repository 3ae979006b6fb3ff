//! Expiring downloads.
