//! Banners.
