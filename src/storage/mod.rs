//! Persistence: a small key-value trait, its implementations, and the
//! versioned envelope the notebook is stored in.

pub mod envelope;
pub mod memory;
pub mod newer_fields;
pub mod repository;
pub mod store;
pub mod sync_docs;
pub mod today_cache;

#[cfg(target_arch = "wasm32")]
pub mod local;

pub use memory::MemoryStore;
pub use repository::{
    Conflict, External, LoadProblem, Loaded, Repository, SaveError, SaveFailed, SavePass,
    SaveReport,
};

use std::fmt;

/// Why the underlying store refused an operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The browser's storage quota is used up.
    QuotaExceeded,
    /// Storage is switched off or not reachable (private mode, policy).
    Unavailable(String),
    /// The stored value is not text Rust can hold unchanged (a lone UTF-16
    /// surrogate): it can be copied as it is, but not read.
    NotText,
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::QuotaExceeded => write!(f, "the browser's storage for Rapport is full"),
            StoreError::Unavailable(why) => write!(f, "browser storage is not available ({why})"),
            StoreError::NotText => write!(f, "the stored value is not valid text"),
        }
    }
}

/// The few operations Rapport needs from a string key-value store.
pub trait KeyValueStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError>;
    fn set(&self, key: &str, value: &str) -> Result<(), StoreError>;
    fn remove(&self, key: &str) -> Result<(), StoreError>;
    fn keys(&self) -> Result<Vec<String>, StoreError>;

    /// Copies the value under `from` to `to` exactly as stored, even when
    /// it is not valid text, and checks the copy reads back the same.
    fn copy(&self, from: &str, to: &str) -> Result<(), StoreError> {
        let value = self.get(from)?.unwrap_or_default();
        self.set(to, &value)?;
        if self.get(to)?.as_deref() == Some(value.as_str()) {
            Ok(())
        } else {
            Err(StoreError::Unavailable("the copy did not read back".into()))
        }
    }

    /// Whether two keys hold exactly the same value.
    fn same_value(&self, a: &str, b: &str) -> Result<bool, StoreError> {
        Ok(self.get(a)? == self.get(b)?)
    }

    /// Hands every key to `f` with its value (or why the value cannot be
    /// read). Opening reads all of them, and a store that pays a toll per
    /// call (the browser's) can hand them over in one go.
    fn for_each_entry(
        &self,
        f: &mut dyn FnMut(&str, Result<&str, StoreError>),
    ) -> Result<(), StoreError> {
        each_entry_by_key(self, f)
    }

    /// The space used, in UTF-16 code units of keys and values: the unit
    /// browsers count their quota of about 5.24 million in.
    fn used_units(&self) -> Result<usize, StoreError> {
        let mut total = 0;
        for key in self.keys()? {
            let value = self.get(&key).unwrap_or_default().unwrap_or_default();
            total += key.encode_utf16().count() + value.encode_utf16().count();
        }
        Ok(total)
    }
}

/// [`KeyValueStore::for_each_entry`] one key at a time: the way any store
/// can, and the browser's when it cannot hand everything over at once.
pub fn each_entry_by_key<S: KeyValueStore + ?Sized>(
    store: &S,
    f: &mut dyn FnMut(&str, Result<&str, StoreError>),
) -> Result<(), StoreError> {
    for key in store.keys()? {
        match store.get(&key) {
            Ok(Some(value)) => f(&key, Ok(&value)),
            // Removed while listing: it is not there any more.
            Ok(None) => {}
            Err(e) => f(&key, Err(e)),
        }
    }
    Ok(())
}

/// One store shared by several owners (the repository and the sync side,
/// or two tabs in tests).
impl<T: KeyValueStore + ?Sized> KeyValueStore for std::rc::Rc<T> {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        (**self).get(key)
    }
    fn set(&self, key: &str, value: &str) -> Result<(), StoreError> {
        (**self).set(key, value)
    }
    fn remove(&self, key: &str) -> Result<(), StoreError> {
        (**self).remove(key)
    }
    fn keys(&self) -> Result<Vec<String>, StoreError> {
        (**self).keys()
    }
    fn copy(&self, from: &str, to: &str) -> Result<(), StoreError> {
        (**self).copy(from, to)
    }
    fn same_value(&self, a: &str, b: &str) -> Result<bool, StoreError> {
        (**self).same_value(a, b)
    }
    fn used_units(&self) -> Result<usize, StoreError> {
        (**self).used_units()
    }
    fn for_each_entry(
        &self,
        f: &mut dyn FnMut(&str, Result<&str, StoreError>),
    ) -> Result<(), StoreError> {
        (**self).for_each_entry(f)
    }
}
