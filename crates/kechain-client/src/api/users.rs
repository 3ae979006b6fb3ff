//! Users: list, one, current, create.
