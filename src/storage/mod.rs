//! Persistence (in progress)
