//! collaboration (being written).
