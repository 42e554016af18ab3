//! Loading and saving the notebook without ever losing what is stored.
//!
//! The rule: data that could not be read is never overwritten. Unreadable
//! text is first copied to a recovery key; if even that copy fails, or the
//! data comes from a newer Rapport, nothing is written at all.

use super::envelope::{self, DecodeError};
use super::{KeyValueStore, StoreError};
use crate::domain::{Notebook, Timestamp};

/// Where the notebook lives.
pub const DATA_KEY: &str = "rapport.notebook";
/// Prefix of keys that hold stored text Rapport could not read.
pub const RECOVERY_PREFIX: &str = "rapport.recovery.";

/// What went wrong while reading the stored notebook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadProblem {
    /// The stored text is damaged. `kept_at` is the recovery key holding it,
    /// or `None` when it could not be copied (then nothing will be saved).
    Corrupt {
        reason: String,
        kept_at: Option<String>,
    },
    /// Saved by a newer Rapport: left untouched, nothing will be saved.
    TooNew { found: u64 },
    /// Browser storage cannot be used at all.
    Unavailable(String),
}

/// The outcome of opening the store.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    pub notebook: Notebook,
    pub problem: Option<LoadProblem>,
}

/// Why a save did not happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveError {
    /// Saving is off because the stored data could not be read safely.
    ReadOnly,
    Store(StoreError),
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SaveError::ReadOnly => write!(
                f,
                "saving is paused so that the data Rapport could not read is not overwritten"
            ),
            SaveError::Store(e) => write!(f, "{e}"),
        }
    }
}

/// The notebook's place in a key-value store.
#[derive(Debug)]
pub struct Repository<S> {
    store: S,
    writable: bool,
}

impl<S: KeyValueStore> Repository<S> {
    /// Reads the stored notebook. `now` names the recovery key if needed.
    pub fn open(store: S, now: Timestamp) -> (Self, Loaded) {
        let raw = match store.get(DATA_KEY) {
            Ok(raw) => raw,
            Err(e) => {
                return (
                    Repository {
                        store,
                        writable: false,
                    },
                    Loaded {
                        notebook: Notebook::default(),
                        problem: Some(LoadProblem::Unavailable(e.to_string())),
                    },
                );
            }
        };
        let Some(raw) = raw else {
            return (
                Repository {
                    store,
                    writable: true,
                },
                Loaded {
                    notebook: Notebook::default(),
                    problem: None,
                },
            );
        };
        match envelope::decode(&raw) {
            Ok(decoded) => (
                Repository {
                    store,
                    writable: true,
                },
                Loaded {
                    notebook: decoded.notebook,
                    problem: None,
                },
            ),
            Err(DecodeError::TooNew { found }) => (
                Repository {
                    store,
                    writable: false,
                },
                Loaded {
                    notebook: Notebook::default(),
                    problem: Some(LoadProblem::TooNew { found }),
                },
            ),
            Err(err) => {
                let kept_at = keep_for_recovery(&store, &raw, now);
                let writable = kept_at.is_some();
                (
                    Repository { store, writable },
                    Loaded {
                        notebook: Notebook::default(),
                        problem: Some(LoadProblem::Corrupt {
                            reason: err.to_string(),
                            kept_at,
                        }),
                    },
                )
            }
        }
    }

    /// Refuses every later save, e.g. once a newer version has written.
    pub fn stop_writing(&mut self) {
        self.writable = false;
    }

    /// Whether saves are allowed.
    pub fn is_writable(&self) -> bool {
        self.writable
    }

    /// Stores the notebook. On failure the stored data is as it was.
    pub fn save(&self, notebook: &Notebook) -> Result<(), SaveError> {
        if !self.writable {
            return Err(SaveError::ReadOnly);
        }
        self.store
            .set(DATA_KEY, &envelope::encode(notebook))
            .map_err(SaveError::Store)
    }

    /// The stored text under `DATA_KEY`, whatever its state.
    pub fn raw_data(&self) -> Option<String> {
        self.store.get(DATA_KEY).ok().flatten()
    }

    /// Recovery keys, oldest first.
    pub fn recovery_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self
            .store
            .keys()
            .unwrap_or_default()
            .into_iter()
            .filter(|k| k.starts_with(RECOVERY_PREFIX))
            .collect();
        keys.sort_by_key(|k| {
            k[RECOVERY_PREFIX.len()..]
                .parse::<i64>()
                .unwrap_or(i64::MAX)
        });
        keys
    }

    pub fn recovery_text(&self, key: &str) -> Option<String> {
        self.store.get(key).ok().flatten()
    }

    /// Deletes a recovery copy the user no longer wants.
    pub fn discard_recovery(&self, key: &str) -> Result<(), StoreError> {
        if key.starts_with(RECOVERY_PREFIX) {
            self.store.remove(key)
        } else {
            Ok(())
        }
    }

    pub fn store(&self) -> &S {
        &self.store
    }
}

/// Copies unreadable text to a fresh recovery key and reads it back, so the
/// main key may be overwritten only once the copy is known to be whole.
fn keep_for_recovery<S: KeyValueStore>(store: &S, raw: &str, now: Timestamp) -> Option<String> {
    let keys = store.keys().ok()?;
    // The same damaged text seen again (a reload before any save) is kept once.
    for key in keys.iter().filter(|k| k.starts_with(RECOVERY_PREFIX)) {
        if store.get(key).ok().flatten().as_deref() == Some(raw) {
            return Some(key.clone());
        }
    }
    let mut stamp = now;
    let key = loop {
        let key = format!("{RECOVERY_PREFIX}{stamp}");
        if !keys.contains(&key) {
            break key;
        }
        stamp += 1;
    };
    store.set(&key, raw).ok()?;
    (store.get(&key).ok().flatten().as_deref() == Some(raw)).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Contact, ListKind};
    use crate::storage::MemoryStore;

    const NOW: Timestamp = 1_790_000_000_000;

    fn notebook_with(name: &str) -> Notebook {
        let mut nb = Notebook::default();
        let id = nb.alloc_id();
        nb.contacts.push(Contact {
            id,
            name: name.into(),
            list: ListKind::A,
            ..Contact::default()
        });
        nb
    }

    #[test]
    fn empty_store_opens_fresh_and_writable() {
        let (repo, loaded) = Repository::open(MemoryStore::new(), NOW);
        assert_eq!(loaded.problem, None);
        assert_eq!(loaded.notebook, Notebook::default());
        assert!(repo.is_writable());
    }

    #[test]
    fn saved_notebook_reads_back() {
        let (repo, _) = Repository::open(MemoryStore::new(), NOW);
        let nb = notebook_with("Ana");
        repo.save(&nb).unwrap();
        let store = repo.store;
        let (_, loaded) = Repository::open(store, NOW);
        assert_eq!(loaded.notebook, nb);
    }

    #[test]
    fn corrupt_data_is_kept_under_a_recovery_key_before_any_write() {
        let store = MemoryStore::with(DATA_KEY, "{\"app\":\"rapport\",\"vers");
        let (repo, loaded) = Repository::open(store, NOW);
        let Some(LoadProblem::Corrupt {
            kept_at: Some(key), ..
        }) = loaded.problem
        else {
            panic!("expected a kept corrupt copy, got {:?}", loaded.problem);
        };
        assert_eq!(
            repo.recovery_text(&key).as_deref(),
            Some("{\"app\":\"rapport\",\"vers")
        );
        assert_eq!(loaded.notebook, Notebook::default());
        // Opening alone never touches the main key.
        assert_eq!(
            repo.raw_data().as_deref(),
            Some("{\"app\":\"rapport\",\"vers")
        );
        // Once kept, new work may be saved and the copy survives it.
        assert!(repo.is_writable());
        repo.save(&notebook_with("New")).unwrap();
        assert_eq!(
            repo.recovery_text(&key).as_deref(),
            Some("{\"app\":\"rapport\",\"vers")
        );
        assert_eq!(repo.recovery_keys(), vec![key]);
    }

    #[test]
    fn reopening_the_same_corrupt_data_keeps_one_copy() {
        let store = MemoryStore::with(DATA_KEY, "garbage");
        let (repo, _) = Repository::open(store, NOW);
        let (repo, _) = Repository::open(repo.store, NOW + 5);
        assert_eq!(repo.recovery_keys().len(), 1);
    }

    #[test]
    fn a_second_different_corruption_gets_its_own_key() {
        let store = MemoryStore::with(DATA_KEY, "garbage one");
        let (repo, _) = Repository::open(store, NOW);
        repo.store.set(DATA_KEY, "garbage two").unwrap();
        let (repo, _) = Repository::open(repo.store, NOW);
        let keys = repo.recovery_keys();
        assert_eq!(keys.len(), 2);
        assert_eq!(repo.recovery_text(&keys[0]).as_deref(), Some("garbage one"));
        assert_eq!(repo.recovery_text(&keys[1]).as_deref(), Some("garbage two"));
    }

    #[test]
    fn corrupt_data_that_cannot_be_copied_is_never_overwritten() {
        let store = MemoryStore::with(DATA_KEY, "garbage");
        store.set_full(true);
        let (repo, loaded) = Repository::open(store, NOW);
        assert!(matches!(
            loaded.problem,
            Some(LoadProblem::Corrupt { kept_at: None, .. })
        ));
        assert!(!repo.is_writable());
        repo.store.set_full(false);
        assert_eq!(repo.save(&notebook_with("Ana")), Err(SaveError::ReadOnly));
        assert_eq!(repo.raw_data().as_deref(), Some("garbage"));
    }

    #[test]
    fn data_from_a_newer_version_is_left_alone() {
        let text = r#"{"app":"rapport","version":999,"notebook":{"future":true}}"#;
        let (repo, loaded) = Repository::open(MemoryStore::with(DATA_KEY, text), NOW);
        assert_eq!(loaded.problem, Some(LoadProblem::TooNew { found: 999 }));
        assert_eq!(repo.save(&Notebook::default()), Err(SaveError::ReadOnly));
        assert_eq!(repo.raw_data().as_deref(), Some(text));
    }

    #[test]
    fn a_full_quota_fails_the_save_and_keeps_the_old_data() {
        let (repo, _) = Repository::open(MemoryStore::new(), NOW);
        let first = notebook_with("Ana");
        repo.save(&first).unwrap();
        repo.store.set_full(true);
        assert_eq!(
            repo.save(&notebook_with("Ben")),
            Err(SaveError::Store(StoreError::QuotaExceeded))
        );
        repo.store.set_full(false);
        let (_, loaded) = Repository::open(repo.store, NOW);
        assert_eq!(loaded.notebook, first);
    }

    #[test]
    fn a_stopped_repository_never_writes_again() {
        let (mut repo, _) = Repository::open(MemoryStore::new(), NOW);
        repo.save(&notebook_with("Ana")).unwrap();
        repo.stop_writing();
        assert_eq!(repo.save(&notebook_with("Ben")), Err(SaveError::ReadOnly));
        let (_, loaded) = Repository::open(repo.store, NOW);
        assert_eq!(loaded.notebook.contacts[0].name, "Ana");
    }

    #[test]
    fn discard_only_touches_recovery_keys() {
        let store = MemoryStore::with(DATA_KEY, "garbage");
        let (repo, _) = Repository::open(store, NOW);
        let key = repo.recovery_keys().remove(0);
        repo.discard_recovery(DATA_KEY).unwrap();
        assert!(repo.raw_data().is_some());
        repo.discard_recovery(&key).unwrap();
        assert!(repo.recovery_keys().is_empty());
    }
}
