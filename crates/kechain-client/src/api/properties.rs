//! Properties: list, one, create, bulk update.
