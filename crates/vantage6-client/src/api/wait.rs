//! wait (being written).
