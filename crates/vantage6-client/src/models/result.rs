//! result models (being written).
