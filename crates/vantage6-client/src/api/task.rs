//! task (being written).
