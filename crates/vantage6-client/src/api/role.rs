//! role (being written).
