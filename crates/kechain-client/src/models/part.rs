//! Parts and models.
