//! Banners: list, one, create, active.
