//! OpenAPI awareness: reject paths the Connect specification does not have.
