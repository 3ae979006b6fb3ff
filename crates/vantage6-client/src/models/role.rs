//! role models (being written).
