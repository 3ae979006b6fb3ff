//! Forms: list, one, create form models, instantiate.
