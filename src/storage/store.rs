//! The record store as the app holds it: a [`Repository`] behind a trait
//! object.
//!
//! The app calls the repository only through [`Store`], and makes one only
//! where it opens the notebook. That keeps the repository's code (reading,
//! merging and writing every kind of record) out of the wasm's main module:
//! the splitter puts it in the part that opens the notebook, which the
//! first screen does not need to be drawn.

use super::StoreError;
use super::repository::{SavePass, Usage};
use super::{Conflict, External, KeyValueStore, Repository, SaveError, SaveFailed, SaveReport};
use crate::domain::records::{DocKey, Record};
use crate::domain::today_snapshot::TodaySnapshot;
use crate::domain::{Notebook, Timestamp};
use crate::sync::SyncSettings;

/// Where this device's sync settings are kept: beside the records, never
/// in them, so that backups and exports do not carry the password.
pub const SYNC_SETTINGS_KEY: &str = "rapport.sync.settings";

/// What the app asks of the open notebook's storage; each method is the
/// [`Repository`] method of the same name.
pub trait Store: Send + Sync {
    fn is_writable(&self) -> bool;
    fn save(&mut self, nb: &Notebook, now: Timestamp) -> Result<SaveReport, SaveFailed>;
    fn save_slice(
        &mut self,
        nb: &Notebook,
        now: Timestamp,
        pass: &mut SavePass,
        budget: usize,
    ) -> Result<bool, SaveError>;
    /// [`Repository::take_from_other_tab`] if `from_other_tab`, else
    /// [`Repository::take_external`].
    fn take_external(
        &mut self,
        key: &str,
        nb: &Notebook,
        now: Timestamp,
        from_other_tab: bool,
    ) -> External;
    fn keep_other_version(
        &self,
        theirs: Record,
        fields: Vec<String>,
        now: Timestamp,
    ) -> Result<(), StoreError>;
    fn conflicts(&self) -> Vec<Conflict>;
    fn settle_conflict(&self, key: DocKey) -> Result<(), StoreError>;
    fn drop_sync_bases(&self) -> bool;
    fn recovery_keys(&self) -> Vec<String>;
    fn recovery_text(&self, key: &str) -> Option<String>;
    fn discard_recovery(&self, key: &str) -> Result<(), StoreError>;
    /// Whether [`Repository::unreadable_keys`] names any.
    fn has_unreadable(&self) -> bool;
    fn unreadable_text(&self) -> Option<String>;
    fn discard_unreadable(&mut self) -> Result<(), StoreError>;
    fn usage(&self) -> Result<Usage, StoreError>;
    /// This device's sync settings; the defaults (sync off) if none are
    /// kept or they cannot be read. Read here, with the records, so that
    /// their reader is not in the first download.
    fn sync_settings(&self) -> SyncSettings;
    /// [`today_cache::write`](super::today_cache::write) to this store:
    /// only an open notebook keeps a snapshot, so its writer need not be in
    /// the first download either.
    fn keep_today(
        &self,
        snapshot: &TodaySnapshot,
        previous: Option<&str>,
    ) -> Result<Option<String>, StoreError>;
}

impl<S: KeyValueStore + Send + Sync> Store for Repository<S> {
    fn is_writable(&self) -> bool {
        Repository::is_writable(self)
    }
    fn save(&mut self, nb: &Notebook, now: Timestamp) -> Result<SaveReport, SaveFailed> {
        Repository::save(self, nb, now)
    }
    fn save_slice(
        &mut self,
        nb: &Notebook,
        now: Timestamp,
        pass: &mut SavePass,
        budget: usize,
    ) -> Result<bool, SaveError> {
        Repository::save_slice(self, nb, now, pass, budget)
    }
    fn take_external(
        &mut self,
        key: &str,
        nb: &Notebook,
        now: Timestamp,
        from_other_tab: bool,
    ) -> External {
        self.take(key, nb, now, from_other_tab)
    }
    fn keep_other_version(
        &self,
        theirs: Record,
        fields: Vec<String>,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        Repository::keep_other_version(self, theirs, fields, now)
    }
    fn conflicts(&self) -> Vec<Conflict> {
        Repository::conflicts(self)
    }
    fn settle_conflict(&self, key: DocKey) -> Result<(), StoreError> {
        Repository::settle_conflict(self, key)
    }
    fn drop_sync_bases(&self) -> bool {
        Repository::drop_sync_bases(self)
    }
    fn recovery_keys(&self) -> Vec<String> {
        Repository::recovery_keys(self)
    }
    fn recovery_text(&self, key: &str) -> Option<String> {
        Repository::recovery_text(self, key)
    }
    fn discard_recovery(&self, key: &str) -> Result<(), StoreError> {
        Repository::discard_recovery(self, key)
    }
    fn has_unreadable(&self) -> bool {
        !self.unreadable_keys().is_empty()
    }
    fn unreadable_text(&self) -> Option<String> {
        Repository::unreadable_text(self)
    }
    fn discard_unreadable(&mut self) -> Result<(), StoreError> {
        Repository::discard_unreadable(self)
    }
    fn usage(&self) -> Result<Usage, StoreError> {
        Repository::usage(self)
    }
    fn sync_settings(&self) -> SyncSettings {
        self.store()
            .get(SYNC_SETTINGS_KEY)
            .ok()
            .flatten()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }
    fn keep_today(
        &self,
        snapshot: &TodaySnapshot,
        previous: Option<&str>,
    ) -> Result<Option<String>, StoreError> {
        super::today_cache::write(self.store(), snapshot, previous)
    }
}
