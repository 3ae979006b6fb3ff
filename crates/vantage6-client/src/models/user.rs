//! user models (being written).
