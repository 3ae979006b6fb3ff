//! Services and service executions.
