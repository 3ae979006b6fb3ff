//! Widgets: list, one, create one or many, bulk update, delete one or many.
