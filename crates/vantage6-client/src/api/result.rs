//! result (being written).
