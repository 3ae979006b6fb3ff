//! run models (being written).
