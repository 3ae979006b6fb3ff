//! Activities: list, one, create, clone, bulk update, move.
