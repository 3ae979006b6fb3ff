//! util (being written).
