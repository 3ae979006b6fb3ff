//! rule models (being written).
