//! Widget associations: list, update, set, clear, remove.
