//! Persistence: a small key-value trait, its implementations, and the
//! versioned envelope the notebook is stored in.

pub mod envelope;
pub mod memory;
pub mod repository;

#[cfg(target_arch = "wasm32")]
pub mod local;

pub use memory::MemoryStore;
pub use repository::{LoadProblem, Loaded, Repository, SaveError};

use std::fmt;

/// Why the underlying store refused an operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The browser's storage quota is used up.
    QuotaExceeded,
    /// Storage is switched off or not reachable (private mode, policy).
    Unavailable(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::QuotaExceeded => write!(f, "the browser's storage for Rapport is full"),
            StoreError::Unavailable(why) => write!(f, "browser storage is not available ({why})"),
        }
    }
}

/// The few operations Rapport needs from a string key-value store.
pub trait KeyValueStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError>;
    fn set(&self, key: &str, value: &str) -> Result<(), StoreError>;
    fn remove(&self, key: &str) -> Result<(), StoreError>;
    fn keys(&self) -> Result<Vec<String>, StoreError>;
}
