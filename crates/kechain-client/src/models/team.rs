//! Teams.
