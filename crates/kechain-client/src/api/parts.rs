//! Parts and models: list, one, create part, model, model with properties, proxy model.
