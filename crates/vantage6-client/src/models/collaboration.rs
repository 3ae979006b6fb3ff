//! collaboration models (being written).
