//! task models (being written).
