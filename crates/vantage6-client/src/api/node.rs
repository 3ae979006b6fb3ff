//! node (being written).
