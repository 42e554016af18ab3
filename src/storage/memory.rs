//! An in-memory store for tests, with a switch and a quota that make writes
//! fail the way a full browser quota does.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use super::{KeyValueStore, StoreError};

/// A `KeyValueStore` kept in memory.
#[derive(Debug, Default)]
pub struct MemoryStore {
    items: RefCell<BTreeMap<String, String>>,
    full: Cell<bool>,
    limit: Cell<Option<usize>>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// A store that already holds `value` under `key`.
    pub fn with(key: &str, value: &str) -> Self {
        let store = Self::new();
        store.items.borrow_mut().insert(key.into(), value.into());
        store
    }

    /// While `full` is set every write fails with `QuotaExceeded`.
    pub fn set_full(&self, full: bool) {
        self.full.set(full);
    }

    /// A quota of `limit` characters of keys and values (none if `None`):
    /// a write that would go past it fails with `QuotaExceeded`. Replacing
    /// a value counts only the difference, as browsers do.
    pub fn set_limit(&self, limit: Option<usize>) {
        self.limit.set(limit);
    }

    /// Characters of keys and values stored.
    pub fn used(&self) -> usize {
        self.items
            .borrow()
            .iter()
            .map(|(k, v)| k.chars().count() + v.chars().count())
            .sum()
    }
}

impl KeyValueStore for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.items.borrow().get(key).cloned())
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StoreError> {
        if self.full.get() {
            return Err(StoreError::QuotaExceeded);
        }
        if let Some(limit) = self.limit.get() {
            let size = |k: &str, v: &str| k.chars().count() + v.chars().count();
            let old = self.items.borrow().get(key).map_or(0, |v| size(key, v));
            if self.used() - old + size(key, value) > limit {
                return Err(StoreError::QuotaExceeded);
            }
        }
        self.items.borrow_mut().insert(key.into(), value.into());
        Ok(())
    }

    fn remove(&self, key: &str) -> Result<(), StoreError> {
        self.items.borrow_mut().remove(key);
        Ok(())
    }

    fn keys(&self) -> Result<Vec<String>, StoreError> {
        Ok(self.items.borrow().keys().cloned().collect())
    }
}
