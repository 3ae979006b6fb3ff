//! Teams: list, one, create.
