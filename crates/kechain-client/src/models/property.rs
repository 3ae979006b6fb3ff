//! Properties and their typed values.
