//! node models (being written).
