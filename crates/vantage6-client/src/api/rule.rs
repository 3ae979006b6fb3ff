//! rule (being written).
