//! The notebook stored one record per key, with revisions, so that a change
//! writes only what changed and two tabs never overwrite each other's work.
//!
//! Keys:
//! - `rapport.meta`: `{"app":"rapport","format":3}`;
//! - `rapport.doc.<doc id>`: one record as a document, `{"_id", "_rev",
//!   "type", ...fields}`, or a tombstone `{"_id", "_rev", "type",
//!   "_deleted": true}` once deleted;
//! - `rapport.conflict.<doc id>`: versions of a record that lost to another
//!   tab's, kept until the user decides;
//! - `rapport.recovery.<ms>`: stored text Rapport could not read.
//!
//! The rules: data that could not be read is never overwritten (it is first
//! copied, exactly, to a recovery key, and if even that fails nothing is
//! written at all); a record is written only over the revision this tab last
//! saw, and when another tab got there first the two are merged field by
//! field, with a field both changed kept as a conflict for the user.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;
use serde_json::Value;

use super::envelope::{self, DecodeError};
use super::newer_fields::with_unknown;
use super::{KeyValueStore, StoreError};
use crate::domain::records::{DocKey, Record, RecordError, RecordRef, merge3};
use crate::domain::{Notebook, Timestamp};

/// Where format 1 and 2 kept the whole notebook as one document.
pub const DATA_KEY: &str = "rapport.notebook";
pub const META_KEY: &str = "rapport.meta";
pub const DOC_PREFIX: &str = "rapport.doc.";
pub const CONFLICT_PREFIX: &str = "rapport.conflict.";
/// Prefix of keys that hold stored text Rapport could not read.
pub const RECOVERY_PREFIX: &str = "rapport.recovery.";
/// The storage format this build writes.
pub const FORMAT: u64 = 3;

/// What went wrong while reading what is stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadProblem {
    /// Some stored text is damaged. `kept_at` is the recovery key holding
    /// the last of it, or `None` when it could not be copied (then nothing
    /// is saved until the user downloads and discards it).
    Corrupt {
        reason: String,
        kept_at: Option<String>,
    },
    /// Saved by a newer Rapport: left untouched, nothing will be saved.
    TooNew { found: u64 },
    /// Records of a kind this version knows, written in a way it cannot
    /// read (by a newer version, in another window or on another device):
    /// left untouched and out of the notebook, and nothing is saved, so
    /// that no save or merge writes over them.
    NewerRecords,
    /// Browser storage cannot be used at all.
    Unavailable(String),
    /// Older data was read, but there is no room to store it record by
    /// record: it is shown, and kept as it was, until space is freed.
    NoRoomToUpgrade,
    /// An older notebook is stored, but the code that reads it could not
    /// be fetched: it is left untouched and nothing is saved.
    UpgradeMissing,
    /// A window still running an older Rapport saved the whole notebook
    /// after this one moved to a key per record. Its changes cannot be told
    /// from what it merely still held, so they are not taken in; what it
    /// saved is copied to the recovery key `kept_at` (`None`: no room, left
    /// where it is).
    OldVersionWrote { kept_at: Option<String> },
}

/// Reads a notebook stored whole by an older Rapport ([`envelope::decode`]).
///
/// Passed to [`Repository::open_with`] so that the browser fetches it, and
/// the JSON tree reader it needs, only when such a notebook is stored.
pub type Upgrader = fn(&str) -> Result<envelope::Decoded, DecodeError>;

/// The outcome of opening the store.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Loaded {
    pub notebook: Notebook,
    pub problem: Option<LoadProblem>,
    /// What `Repository::recovery_keys` and `Repository::conflicts` would
    /// say now, taken from the same reading when it could be.
    pub recovery_keys: Vec<String>,
    pub conflicts: Vec<Conflict>,
}

/// Why a save did not happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveError {
    /// Saving is off because stored data could not be read safely.
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

/// A save that stopped part way. Records merged with another tab's
/// newer version before the failure are stored merged, and this tab now
/// compares with that version: `report` must reach the screen all the same,
/// or the next save would write the screen's older copy over the other
/// tab's change.
#[derive(Clone, Debug, PartialEq)]
pub struct SaveFailed {
    pub error: SaveError,
    pub report: SaveReport,
}

/// A change the notebook on screen must take in.
// Few and short-lived: boxing the record would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    Put(Record),
    Remove(DocKey),
}

impl Change {
    pub fn apply(self, nb: &mut Notebook) {
        match self {
            Change::Put(r) => nb.put_record(r),
            Change::Remove(key) => nb.remove_record(key),
        }
    }
}

/// What a save did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SaveReport {
    /// Records written (tombstones included).
    pub written: usize,
    /// Merges with another tab's newer versions, to show on screen.
    pub changes: Vec<Change>,
    /// A new conflict was kept.
    pub conflicts_changed: bool,
}

/// What writing a record costs in a save slice's budget, counted in
/// records compared: reading the stored version, writing the new one and
/// working out its revision took about a hundred comparisons' time in the
/// browser profile.
pub const WRITE_COST: usize = 100;

/// How far a save done in slices has got (see [`Repository::save_slice`]).
#[derive(Clone, Debug, Default)]
pub struct SavePass {
    /// Records compared so far, in the order `Notebook::records` gives.
    compared: usize,
    /// How many of those have a live version this tab saw.
    matched: usize,
    /// Whether deleted records were written first, to make room.
    deleted_first: bool,
    /// What the slices so far did.
    pub report: SaveReport,
}

/// What another tab's write means for this one.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct External {
    pub changes: Vec<Change>,
    pub conflicts_changed: bool,
    pub problem: Option<LoadProblem>,
}

/// Another version of a record, kept because both it and the one on
/// screen changed the same fields.
#[derive(Clone, Debug, PartialEq)]
pub struct ConflictVersion {
    pub rev: String,
    /// `None`: that version deleted the record.
    pub record: Option<Record>,
    /// The fields both versions changed.
    pub fields: Vec<String>,
    /// The version this device showed until a sync put another device's
    /// version in its place on screen (with two devices, the one written
    /// here).
    pub from_here: bool,
}

/// A record with versions waiting for the user to choose.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    pub key: DocKey,
    pub versions: Vec<ConflictVersion>,
}

/// This tab's view of one stored record: the revision it last read or
/// wrote, and that version's content (`None` for a tombstone).
#[derive(Clone, Debug)]
struct Seen {
    rev: String,
    record: Option<Record>,
    /// For a version this tab wrote, when, and the version it replaced. A
    /// tab in another process may have read that one too and written over
    /// ours before hearing of it: what this tab changed is then measured
    /// from there, not from its own lost write (see `take_from_other_tab`).
    replaced: Option<Box<(Timestamp, Option<Record>)>>,
}

/// How long after this tab wrote a record another tab's write of the same
/// generation is taken to have been made over it unseen. Storage reaches
/// other tabs within milliseconds; the margin is for a busy phone.
const LOST_WRITE_WINDOW_MS: Timestamp = 10_000;

impl Seen {
    fn read(rev: String, record: Option<Record>) -> Seen {
        Seen {
            rev,
            record,
            replaced: None,
        }
    }

    /// The version this tab's copy and another tab's revision `theirs`
    /// both started from: the one seen, unless `theirs` was not made from
    /// it (no later generation) but written over this tab's own recent
    /// write unseen, when both started from the version that write
    /// replaced.
    fn base_with(&self, theirs: &str, now: Timestamp) -> Option<Record> {
        match self.replaced.as_deref() {
            Some((written_at, replaced))
                if rev_generation(theirs) <= rev_generation(&self.rev)
                    && now.saturating_sub(*written_at) <= LOST_WRITE_WINDOW_MS =>
            {
                replaced.clone()
            }
            _ => self.record.clone(),
        }
    }
}

/// The notebook's place in a key-value store.
#[derive(Debug)]
pub struct Repository<S> {
    store: S,
    writable: bool,
    seen: KeyMap<Seen>,
    /// How many entries of `seen` hold a record rather than a tombstone,
    /// kept up to date so that no save has to count them.
    live: usize,
    /// Keys whose text could not be read nor copied aside.
    unreadable: Vec<String>,
    meta_written: bool,
    /// The recovery copy of an old window's last whole-notebook save.
    old_window_copy: Option<String>,
    /// Space used, in UTF-16 code units, kept up to date by saves so that
    /// showing it never means reading all of storage again.
    units: UnitsCache,
}

/// A measured size, or none yet. Atomic only so that the repository may be
/// shared the way the UI framework requires; it is never used across threads.
#[derive(Debug)]
struct UnitsCache(std::sync::atomic::AtomicUsize);

impl UnitsCache {
    const UNKNOWN: usize = usize::MAX;

    fn new() -> Self {
        UnitsCache(std::sync::atomic::AtomicUsize::new(Self::UNKNOWN))
    }

    fn get(&self) -> Option<usize> {
        let v = self.0.load(std::sync::atomic::Ordering::Relaxed);
        (v != Self::UNKNOWN).then_some(v)
    }

    fn set(&self, units: Option<usize>) {
        self.0.store(
            units.unwrap_or(Self::UNKNOWN),
            std::sync::atomic::Ordering::Relaxed,
        );
    }
}

#[derive(Deserialize)]
struct DocHead {
    #[serde(rename = "_id")]
    id: String,
    #[serde(rename = "_rev")]
    rev: String,
    #[serde(rename = "_deleted", default)]
    deleted: bool,
}

/// Hashes record keys by their random id, which is already well spread:
/// saving compares every record, so hashing must cost next to nothing.
#[derive(Default, Clone, Copy)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }

    fn write_isize(&mut self, n: isize) {
        self.write_u64(n as u64);
    }
}

type KeyMap<V> = HashMap<DocKey, V, std::hash::BuildHasherDefault<KeyHasher>>;

/// Why a stored document could not be read.
#[derive(Debug)]
pub(crate) enum DocError {
    Store(StoreError),
    Damaged,
    /// Well-formed, but not a record this version can read: most likely
    /// one a newer version wrote (see [`LoadProblem::NewerRecords`]).
    Newer,
}

pub(crate) fn doc_key_name(key: DocKey) -> String {
    format!("{DOC_PREFIX}{}", key.doc_id())
}

pub(crate) fn conflict_key_name(key: DocKey) -> String {
    format!("{CONFLICT_PREFIX}{}", key.doc_id())
}

/// Reads one stored document: its revision and record (`None` if deleted).
pub(crate) fn parse_doc(key: DocKey, text: &str) -> Result<(String, Option<Record>), DocError> {
    let (id, rev, deleted) = match canonical_head(text) {
        Some(head) => head,
        None => {
            let head: DocHead = serde_json::from_str(text).map_err(|_| DocError::Damaged)?;
            (head.id, head.rev, head.deleted)
        }
    };
    if id != key.doc_id() || rev_generation(&rev).is_none() {
        return Err(DocError::Damaged);
    }
    if deleted {
        return Ok((rev, None));
    }
    let record = Record::from_json(key, text).map_err(|e| match e {
        RecordError::Invalid(_) if super::newer_fields::members(text).is_some() => DocError::Newer,
        _ => DocError::Damaged,
    })?;
    Ok((rev, Some(record)))
}

/// The id, revision and deletion of a document in the form `doc_text`
/// writes, read from its first characters so that loading thousands of
/// records parses each only once. Anything else (a document from another
/// writer, or damaged) gets `None` and is read in full.
pub(crate) fn canonical_head(text: &str) -> Option<(String, String, bool)> {
    let rest = text.strip_prefix("{\"_id\":\"")?;
    let (id, rest) = rest.split_once('"')?;
    let rest = rest.strip_prefix(",\"_rev\":\"")?;
    let (rev, rest) = rest.split_once('"')?;
    let rest = rest.strip_prefix(",\"type\":\"")?;
    // Ids, revisions and types Rapport writes never need escaping.
    let plain = |s: &str| s.bytes().all(|b| b != b'\\' && b >= 0x20);
    if !plain(id) || !plain(rev) || !rest.contains('"') {
        return None;
    }
    let deleted = text.ends_with(",\"_deleted\":true}");
    Some((id.to_string(), rev.to_string(), deleted))
}

/// The document text for a record (or a tombstone) at `rev`.
pub(crate) fn doc_text(key: DocKey, rev: &str, record: Option<RecordRef<'_>>) -> String {
    doc_text_keeping(key, rev, record, None)
}

/// [`doc_text`] keeping what `stored` (the document it replaces) holds
/// that this version does not read (see [`super::newer_fields`]).
pub(crate) fn doc_text_keeping(
    key: DocKey,
    rev: &str,
    record: Option<RecordRef<'_>>,
    stored: Option<&str>,
) -> String {
    let head = format!(
        "{{\"_id\":{},\"_rev\":{},\"type\":{}",
        quoted(&key.doc_id()),
        quoted(rev),
        quoted(key.kind.name())
    );
    match record {
        None => format!("{head},\"_deleted\":true}}"),
        Some(r) => {
            let mut body = r.to_json();
            if let Some(stored) = stored {
                body = with_unknown(&body, stored);
            }
            match body.strip_prefix('{') {
                Some("}") | None => format!("{head}}}"),
                Some(rest) => format!("{head},{rest}"),
            }
        }
    }
}

/// The generation number of a revision `N-hash`.
pub fn rev_generation(rev: &str) -> Option<u64> {
    let (n, hash) = rev.split_once('-')?;
    if hash.is_empty() {
        return None;
    }
    n.parse().ok().filter(|n| *n > 0)
}

/// The revision after `previous` for a document whose content is `body`.
/// Deterministic, so that the same edit made from the same revision gets
/// the same revision anywhere.
pub fn next_rev(previous: Option<&str>, body: &str) -> String {
    let generation = previous.and_then(rev_generation).unwrap_or(0) + 1;
    let mut h1: u64 = 0xcbf2_9ce4_8422_2325;
    let mut h2: u64 = 0x8422_2325_cbf2_9ce4;
    for b in previous
        .unwrap_or("")
        .bytes()
        .chain([0])
        .chain(body.bytes())
    {
        h1 = (h1 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        h2 = (h2 ^ u64::from(b)).wrapping_mul(0x0000_0001_0000_01b3 ^ 0x5bd1e995);
    }
    format!("{generation}-{h1:016x}{h2:016x}")
}

impl<S: KeyValueStore> Repository<S> {
    /// Reads what is stored, upgrading older formats. `now` names
    /// recovery keys if needed.
    pub fn open(store: S, now: Timestamp) -> (Self, Loaded) {
        Self::open_with(store, now, Some(envelope::decode))
    }

    /// [`Repository::open`] with the reader of older notebooks given, or
    /// `None` when it is not at hand: an older notebook is then left as it
    /// is ([`LoadProblem::UpgradeMissing`]).
    pub fn open_with(store: S, now: Timestamp, upgrader: Option<Upgrader>) -> (Self, Loaded) {
        let mut repo = Repository {
            store,
            writable: true,
            seen: KeyMap::default(),
            live: 0,
            unreadable: Vec::new(),
            meta_written: false,
            old_window_copy: None,
            units: UnitsCache::new(),
        };
        let mut notebook = Notebook::default();
        let mut aside = None;
        let problem = repo.load(&mut notebook, now, upgrader, &mut aside);
        notebook.sort_by_creation();
        // Listing the keys again costs as much as a quarter of opening
        // with thousands of records; only copies of damage made while
        // opening are not in the first reading.
        let (recovery_keys, conflicts) = match aside {
            Some((mut recovery_keys, mut conflicts)) if problem.is_none() => {
                sort_recovery_keys(&mut recovery_keys);
                sort_conflicts(&mut conflicts);
                (recovery_keys, conflicts)
            }
            _ => (repo.recovery_keys(), repo.conflicts()),
        };
        if matches!(
            problem,
            Some(
                LoadProblem::TooNew { .. }
                    | LoadProblem::NewerRecords
                    | LoadProblem::Unavailable(_)
                    | LoadProblem::NoRoomToUpgrade
                    | LoadProblem::UpgradeMissing
                    | LoadProblem::Corrupt { kept_at: None, .. }
            )
        ) {
            repo.writable = false;
        }
        (
            repo,
            Loaded {
                notebook,
                problem,
                recovery_keys,
                conflicts,
            },
        )
    }

    /// Reads every record into `nb`. `aside` gets the recovery keys and
    /// conflicts read on the way.
    fn load(
        &mut self,
        nb: &mut Notebook,
        now: Timestamp,
        upgrader: Option<Upgrader>,
        aside: &mut Option<(Vec<String>, Vec<Conflict>)>,
    ) -> Option<LoadProblem> {
        let mut damaged: Vec<String> = Vec::new();
        // Records a newer version wrote: left where they are, unread.
        let mut newer: Vec<String> = Vec::new();
        let mut kept_at = None;
        match self.store.get(META_KEY) {
            Err(StoreError::NotText) => damaged.push(META_KEY.into()),
            Err(e) => return Some(LoadProblem::Unavailable(e.to_string())),
            Ok(Some(text)) => match meta_format(&text) {
                Some(found) if found > FORMAT => return Some(LoadProblem::TooNew { found }),
                Some(_) => self.meta_written = true,
                // Finds nothing to do when there is no older notebook.
                None => damaged.push(META_KEY.into()),
            },
            Ok(None) => {
                if let Err(problem) = self.upgrade(nb, now, upgrader) {
                    return Some(problem);
                }
            }
        }
        // Everything is read in one go (the upgrade may have written
        // records): asking the browser key by key was most of the time
        // opening took with thousands of records.
        let mut units = 0;
        let mut seen = KeyMap::default();
        let mut live = 0;
        let mut failure = None;
        let mut recovery_keys = Vec::new();
        let mut conflicts = Vec::new();
        // The whole-notebook key beside the format mark: written by an old
        // window after the move (the move itself removes it).
        let mut old_window_wrote = false;
        let listed = self.store.for_each_entry(&mut |key, value| {
            if failure.is_some() {
                return;
            }
            old_window_wrote |= key == DATA_KEY;
            units += utf16_len(key);
            if key.starts_with(RECOVERY_PREFIX) {
                recovery_keys.push(key.to_string());
            } else if let Some(doc_key) = key.strip_prefix(CONFLICT_PREFIX).and_then(DocKey::parse)
            {
                // Versions kept to compare that cannot be read are set
                // aside like a damaged record: listed and recoverable, not
                // silently ignored until the next conflict writes over them.
                match &value {
                    Ok(text) => match parse_conflict(doc_key, text) {
                        Some(conflict) => conflicts.push(conflict),
                        None => damaged.push(key.to_string()),
                    },
                    Err(StoreError::NotText) => damaged.push(key.to_string()),
                    Err(e) => failure = Some(e.clone()),
                }
            }
            // A kind this version does not know (from a newer one) is left
            // alone, neither read nor written.
            let Some(doc_key) = key.strip_prefix(DOC_PREFIX).and_then(DocKey::parse) else {
                units += value.map_or(0, utf16_len);
                return;
            };
            match value.map(|text| (text, parse_doc(doc_key, text))) {
                Ok((text, Ok((rev, record)))) => {
                    units += utf16_len(text);
                    if let Some(r) = &record {
                        push_loaded(nb, r.clone());
                        live += 1;
                    }
                    seen.insert(doc_key, Seen::read(rev, record));
                }
                Ok((text, Err(DocError::Newer))) => {
                    units += utf16_len(text);
                    newer.push(key.to_string());
                }
                Ok((_, Err(_))) | Err(StoreError::NotText) => damaged.push(key.to_string()),
                Err(e) => failure = Some(e),
            }
        });
        if let Some(e) = listed.err().or(failure) {
            return Some(LoadProblem::Unavailable(e.to_string()));
        }
        self.seen = seen;
        self.live = live;
        if !newer.is_empty() {
            // Kept, like unreadable data, for the user to download, or to
            // delete if no newer version will ever read it; damage found
            // beside them waits with them, as nothing is written now.
            self.unreadable.append(&mut newer);
            self.unreadable.append(&mut damaged);
            self.units.set(Some(units));
            return Some(LoadProblem::NewerRecords);
        }
        if old_window_wrote && self.meta_written && damaged.is_empty() {
            return Some(self.set_aside_old_format(now));
        }
        if damaged.is_empty() {
            self.units.set(Some(units));
            *aside = Some((recovery_keys, conflicts));
            return None;
        }
        for key in &damaged {
            match keep_for_recovery(&self.store, key, now) {
                Some(copy) => {
                    kept_at = Some(copy);
                    // The copy is whole, so the damaged original may go: a
                    // record is then simply missing rather than unreadable.
                    let _ = self.store.remove(key);
                    if key == META_KEY {
                        self.meta_written = false;
                    }
                }
                None => self.unreadable.push(key.clone()),
            }
        }
        let reason = match damaged.len() {
            1 => "one stored item could not be read".to_string(),
            n => format!("{n} stored items could not be read"),
        };
        Some(LoadProblem::Corrupt {
            reason,
            kept_at: if self.unreadable.is_empty() {
                kept_at
            } else {
                None
            },
        })
    }

    /// Moves a format 1 or 2 notebook into one key per record. The old
    /// document goes only once every record and the format mark are written.
    fn upgrade(
        &mut self,
        nb: &mut Notebook,
        now: Timestamp,
        upgrader: Option<Upgrader>,
    ) -> Result<(), LoadProblem> {
        let raw = match self.store.get(DATA_KEY) {
            Ok(Some(raw)) => raw,
            Ok(None) => return Ok(()),
            Err(StoreError::NotText) => String::new(),
            Err(e) => return Err(LoadProblem::Unavailable(e.to_string())),
        };
        let Some(decode) = upgrader else {
            return Err(LoadProblem::UpgradeMissing);
        };
        let decoded = match decode(&raw) {
            Ok(decoded) => decoded,
            Err(DecodeError::TooNew { found }) => return Err(LoadProblem::TooNew { found }),
            Err(err) => {
                return match keep_for_recovery(&self.store, DATA_KEY, now) {
                    Some(kept) => {
                        let _ = self.store.remove(DATA_KEY);
                        Err(LoadProblem::Corrupt {
                            reason: err.to_string(),
                            kept_at: Some(kept),
                        })
                    }
                    None => {
                        self.unreadable.push(DATA_KEY.into());
                        Err(LoadProblem::Corrupt {
                            reason: err.to_string(),
                            kept_at: None,
                        })
                    }
                };
            }
        };
        // Records left by an upgrade cut short are from the same old data.
        for key in self.store.keys().unwrap_or_default() {
            if key.starts_with(DOC_PREFIX) || key.starts_with(CONFLICT_PREFIX) {
                let _ = self.store.remove(&key);
            }
        }
        let upgraded = decoded.notebook;
        let mut written = Vec::new();
        let mut result = Ok(());
        for (key, record) in upgraded.records() {
            let rev = next_rev(None, &record.to_json());
            let name = doc_key_name(key);
            if let Err(e) = self.store.set(&name, &doc_text(key, &rev, Some(record))) {
                result = Err(e);
                break;
            }
            written.push(name);
        }
        if result.is_ok() {
            result = self.store.set(META_KEY, &meta_text());
        }
        if result.is_err() {
            for name in written {
                let _ = self.store.remove(&name);
            }
            *nb = upgraded;
            return Err(LoadProblem::NoRoomToUpgrade);
        }
        self.meta_written = true;
        let _ = self.store.remove(DATA_KEY);
        Ok(())
    }

    fn read_doc(&self, key: DocKey) -> Result<Option<(String, Option<Record>)>, DocError> {
        Ok(self
            .read_doc_text(key)?
            .map(|(rev, record, _)| (rev, record)))
    }

    /// The stored document, and its text.
    #[allow(clippy::type_complexity)]
    fn read_doc_text(
        &self,
        key: DocKey,
    ) -> Result<Option<(String, Option<Record>, String)>, DocError> {
        let Some(text) = self
            .store
            .get(&doc_key_name(key))
            .map_err(DocError::Store)?
        else {
            return Ok(None);
        };
        parse_doc(key, &text).map(|(rev, record)| Some((rev, record, text)))
    }

    fn set_seen(&mut self, key: DocKey, seen: Seen) {
        let now_live = seen.record.is_some();
        let was_live = self
            .seen
            .insert(key, seen)
            .is_some_and(|old| old.record.is_some());
        self.live = self.live + usize::from(now_live) - usize::from(was_live);
    }

    fn forget_seen(&mut self, key: DocKey) -> Option<Seen> {
        let old = self.seen.remove(&key);
        if old.as_ref().is_some_and(|s| s.record.is_some()) {
            self.live -= 1;
        }
        old
    }

    /// Refuses every later save, e.g. once a newer version has written.
    pub fn stop_writing(&mut self) {
        self.writable = false;
    }

    /// Whether saves are allowed.
    pub fn is_writable(&self) -> bool {
        self.writable
    }

    /// Writes every record that differs from what this tab last stored or
    /// read, and nothing else. On failure what is stored stays whole: each
    /// record is either its old or its new version, and the failure carries
    /// what the save did before it (see [`SaveFailed`]).
    pub fn save(&mut self, nb: &Notebook, now: Timestamp) -> Result<SaveReport, SaveFailed> {
        let mut pass = SavePass::default();
        loop {
            match self.save_slice(nb, now, &mut pass, usize::MAX) {
                Ok(true) => return Ok(pass.report),
                Ok(false) => {}
                Err(error) => {
                    return Err(SaveFailed {
                        error,
                        report: pass.report,
                    });
                }
            }
        }
    }

    /// Goes on with `pass`, a save done a slice at a time: compares more
    /// records with what this tab last stored or read, and writes those
    /// that differ, until `budget` is spent (a record compared costs 1, a
    /// record written [`WRITE_COST`] more). True once every record has been
    /// compared (and deleted ones written as such); `pass.report` then says
    /// what the whole pass did. The notebook must not change between the
    /// slices of one pass: after a change, start a new pass.
    pub fn save_slice(
        &mut self,
        nb: &Notebook,
        now: Timestamp,
        pass: &mut SavePass,
        budget: usize,
    ) -> Result<bool, SaveError> {
        if !self.writable {
            return Err(SaveError::ReadOnly);
        }
        if !self.meta_written {
            self.store
                .set(META_KEY, &meta_text())
                .map_err(SaveError::Store)?;
            self.meta_written = true;
            self.units.set(None);
        }
        let mut spent = 0usize;
        for (key, record) in nb.records().skip(pass.compared) {
            if spent >= budget {
                return Ok(false);
            }
            spent += 1;
            pass.compared += 1;
            let dirty = match self.seen.get(&key) {
                Some(Seen {
                    record: Some(seen), ..
                }) => !record.same_as(seen),
                // The default settings need no record until changed.
                None if key == DocKey::SETTINGS
                    && record.same_as(&Record::Settings(Default::default())) =>
                {
                    false
                }
                _ => true,
            };
            if dirty {
                match self.write_over_seen(key, Some(record), now, &mut pass.report) {
                    // Deleted records free their room when written as
                    // such: restoring a backup replaces every record, and
                    // the backup fits where old and new together do not.
                    Err(SaveError::Store(StoreError::QuotaExceeded)) if !pass.deleted_first => {
                        pass.deleted_first = true;
                        self.write_deletions(nb, now, &mut pass.report)?;
                        self.write_over_seen(key, Some(record), now, &mut pass.report)?;
                    }
                    written => written?,
                }
                spent = spent.saturating_add(WRITE_COST);
            }
            if self.seen.get(&key).is_some_and(|s| s.record.is_some()) {
                pass.matched += 1;
            }
        }
        // A record this tab saw that the notebook no longer has was deleted.
        if pass.matched < self.live || pass.deleted_first {
            self.write_deletions(nb, now, &mut pass.report)?;
        }
        Ok(true)
    }

    /// Writes as deleted every record this tab saw that `nb` no longer has.
    fn write_deletions(
        &mut self,
        nb: &Notebook,
        now: Timestamp,
        report: &mut SaveReport,
    ) -> Result<(), SaveError> {
        let present: HashSet<DocKey> = nb.records().map(|(k, _)| k).collect();
        let gone: Vec<DocKey> = self
            .seen
            .iter()
            .filter(|(k, s)| s.record.is_some() && !present.contains(k))
            .map(|(k, _)| *k)
            .collect();
        for key in gone {
            self.write_over_seen(key, None, now, report)?;
        }
        Ok(())
    }

    /// Writes `ours` for `key` if the stored revision is still the one this
    /// tab saw; otherwise merges with the stored one first.
    fn write_over_seen(
        &mut self,
        key: DocKey,
        ours: Option<RecordRef<'_>>,
        now: Timestamp,
        report: &mut SaveReport,
    ) -> Result<(), SaveError> {
        let name = doc_key_name(key);
        let mut old_size = 0;
        let mut stored_text = None;
        let stored = match self.read_doc_text(key) {
            Ok(stored) => stored.map(|(rev, record, text)| {
                old_size = utf16_len(&text);
                if record.is_some() {
                    stored_text = Some(text);
                }
                (rev, record)
            }),
            Err(DocError::Store(e @ StoreError::Unavailable(_)))
            | Err(DocError::Store(e @ StoreError::QuotaExceeded)) => {
                return Err(SaveError::Store(e));
            }
            Err(DocError::Newer) => {
                // Written by a newer version since: never written over.
                self.hold_newer(name);
                return Err(SaveError::ReadOnly);
            }
            Err(_) => {
                // Damaged by someone else since: keep it before writing.
                if keep_for_recovery(&self.store, &name, now).is_none() {
                    return Err(SaveError::Store(StoreError::QuotaExceeded));
                }
                self.units.set(None);
                None
            }
        };
        let seen_rev = self.seen.get(&key).map(|s| s.rev.clone());
        let stored_rev = stored.as_ref().map(|(rev, _)| rev.clone());
        let mut to_write: Option<Record> = ours.map(RecordRef::to_owned);
        if stored_rev != seen_rev
            && let Some((_, theirs)) = &stored
        {
            let base = self.seen.get(&key).and_then(|s| s.record.clone());
            let outcome = reconcile(key, base.as_ref(), to_write.as_ref(), theirs.as_ref());
            if let Some(version) = outcome.conflict {
                // Unless their version is kept, writing ours would lose it:
                // then nothing is written, and the error says why.
                self.keep_conflict(key, stored_rev.clone().unwrap_or_default(), version, now)
                    .map_err(SaveError::Store)?;
                report.conflicts_changed = true;
            }
            if outcome.record != to_write {
                report.changes.push(match &outcome.record {
                    Some(r) => Change::Put(r.clone()),
                    None => Change::Remove(key),
                });
            }
            if outcome.record == *theirs {
                // Nothing of ours is left to add: take theirs as seen.
                self.set_seen(
                    key,
                    Seen::read(stored_rev.unwrap_or_default(), theirs.clone()),
                );
                return Ok(());
            }
            to_write = outcome.record;
        }
        if to_write.is_none() && stored.is_none() {
            // Never stored, and gone: nothing to write.
            self.forget_seen(key);
            return Ok(());
        }
        let body = to_write
            .as_ref()
            .map(Record::to_json)
            .unwrap_or_else(|| "deleted".into());
        let rev = next_rev(stored_rev.as_deref(), &body);
        // What a newer version stored beside the record's fields stays.
        let text = doc_text_keeping(
            key,
            &rev,
            to_write.as_ref().map(Record::as_ref),
            stored_text.as_deref(),
        );
        self.store.set(&name, &text).map_err(SaveError::Store)?;
        // After the write, so that keeping it never costs the save itself
        // the room it needs.
        if let Some((stored_rev, stored_record)) = &stored {
            let record = stored_record.as_ref().filter(|_| to_write.is_some());
            if self.keep_sync_base(key, stored_rev, record) {
                // Not counted as records are: measured afresh when asked.
                self.units.set(None);
            }
        }
        report.written += 1;
        if let Some(units) = self.units.get() {
            let new_size = utf16_len(&text)
                + if stored.is_none() {
                    utf16_len(&name)
                } else {
                    0
                };
            self.units
                .set(Some((units + new_size).saturating_sub(old_size)));
        }
        self.set_seen(
            key,
            Seen {
                rev,
                record: to_write,
                replaced: Some(Box::new((now, stored.and_then(|(_, r)| r)))),
            },
        );
        Ok(())
    }

    /// Before the first change to a record since a sync run left it, keeps
    /// that version aside (`rapport.base.<doc id>`): the version the other
    /// devices started from too, so that when a sync meets their change to
    /// the same record, fields changed on one side only merge on their own
    /// (see `sync_docs`). Only for records a sync has seen. A delete, or a
    /// version that cannot be kept (no room), drops the one kept before,
    /// so that no older version is ever taken for the starting point.
    /// Whether storage changed.
    fn keep_sync_base(&self, key: DocKey, stored_rev: &str, stored: Option<&Record>) -> bool {
        let name = sync_base_key_name(key);
        let Some(text) = self
            .store
            .get(&format!("{}{}", SYNC_TREE_PREFIX, key.doc_id()))
            .ok()
            .flatten()
        else {
            return false;
        };
        let Ok(tree) = serde_json::from_str::<TreeHead>(&text) else {
            return false;
        };
        let Some(record) = stored else {
            // Deleted: whatever was kept is no starting point any more.
            return self.store.remove(&name).is_ok();
        };
        // Only a version the server holds is one other devices can have
        // started from: an edit a run took in but could not send (offline)
        // is not, and the version kept before it still is.
        let pushed = self
            .store
            .get(SYNC_STATE_KEY)
            .ok()
            .flatten()
            .and_then(|text| serde_json::from_str::<PushedThrough>(&text).ok())
            .map_or(0, |state| state.pushed);
        // The tree stores each revision's hash as a JSON string.
        let in_tree = stored_rev
            .split_once('-')
            .is_some_and(|(_, hash)| text.contains(&format!("\"{hash}\"")));
        let on_server =
            tree.synced.as_deref() == Some(stored_rev) || (in_tree && tree.seq <= pushed);
        if !on_server {
            return false;
        }
        let text = doc_text(key, stored_rev, Some(record.as_ref()));
        if self.store.set(&name, &text).is_err() {
            let _ = self.store.remove(&name);
        }
        true
    }

    /// Takes in a write made outside this tab's saves to `key` (a sync
    /// run's), given the notebook this tab shows; another tab's write goes
    /// through [`Repository::take_from_other_tab`].
    pub fn take_external(&mut self, key: &str, nb: &Notebook, now: Timestamp) -> External {
        self.take(key, nb, now, false)
    }

    /// [`Repository::take_external`] for a write another tab made, which
    /// may have replaced one this tab had just made: see [`Seen`].
    pub fn take_from_other_tab(&mut self, key: &str, nb: &Notebook, now: Timestamp) -> External {
        self.take(key, nb, now, true)
    }

    /// [`Repository::take_from_other_tab`] if `from_other_tab`, else
    /// [`Repository::take_external`].
    pub(crate) fn take(
        &mut self,
        key: &str,
        nb: &Notebook,
        now: Timestamp,
        from_other_tab: bool,
    ) -> External {
        // Another tab wrote: what it took is not known without measuring.
        self.units.set(None);
        let mut out = External::default();
        if key == META_KEY {
            match self.store.get(META_KEY) {
                Ok(Some(text)) => match meta_format(&text) {
                    Some(found) if found > FORMAT => {
                        self.writable = false;
                        out.problem = Some(LoadProblem::TooNew { found });
                    }
                    Some(_) => {}
                    None => {
                        out.problem = Some(self.set_aside(META_KEY, now));
                        self.meta_written = false;
                    }
                },
                Err(StoreError::NotText) => {
                    out.problem = Some(self.set_aside(META_KEY, now));
                    self.meta_written = false;
                }
                _ => {}
            }
            return out;
        }
        if key.starts_with(CONFLICT_PREFIX) {
            out.conflicts_changed = true;
            return out;
        }
        if key == DATA_KEY {
            let written = !matches!(self.store.get(DATA_KEY), Ok(None));
            if written && self.meta_written {
                out.problem = Some(self.set_aside_old_format(now));
            }
            return out;
        }
        let Some(doc_key) = key.strip_prefix(DOC_PREFIX).and_then(DocKey::parse) else {
            return out;
        };
        let (rev, theirs) = match self.read_doc(doc_key) {
            Ok(Some(doc)) => doc,
            // Removed from storage (site data cleared elsewhere): this
            // tab's copy is the one left, and the next save writes it.
            Ok(None) => {
                self.forget_seen(doc_key);
                return out;
            }
            Err(DocError::Newer) => {
                // A newer version's record: this tab's copy must not go
                // back over it, nor anything else this tab would save.
                self.hold_newer(key.to_string());
                out.problem = Some(LoadProblem::NewerRecords);
                return out;
            }
            Err(_) => {
                out.problem = Some(self.set_aside(key, now));
                // What this tab last saw goes back in place of the damage.
                if let Some(seen) = self.forget_seen(doc_key) {
                    let mut report = SaveReport::default();
                    let record = seen.record.as_ref().map(Record::as_ref);
                    let _ = self.write_over_seen(doc_key, record, now, &mut report);
                }
                return out;
            }
        };
        let seen = self.seen.get(&doc_key);
        if seen.is_some_and(|s| s.rev == rev) {
            return out;
        }
        let base = match seen {
            Some(s) if from_other_tab => s.base_with(&rev, now),
            _ => seen.and_then(|s| s.record.clone()),
        };
        let ours = nb
            .record(doc_key)
            .map(RecordRef::to_owned)
            // Default settings this tab never saved are nothing of its own.
            .filter(|r| seen.is_some() || *r != Record::Settings(Default::default()));
        let changed_here = ours != base;
        let result = if changed_here {
            let outcome = reconcile(doc_key, base.as_ref(), ours.as_ref(), theirs.as_ref());
            if let Some(version) = outcome.conflict {
                if self
                    .keep_conflict(doc_key, rev.clone(), version, now)
                    .is_err()
                {
                    // No room to keep their version: this tab goes on
                    // comparing with the one before it, so its next save
                    // meets theirs again and refuses to write over it.
                    if let Some(r) = outcome.record.filter(|r| Some(r) != ours.as_ref()) {
                        out.changes.push(Change::Put(r));
                    }
                    return out;
                }
                out.conflicts_changed = true;
            }
            outcome.record
        } else {
            theirs.clone()
        };
        self.set_seen(doc_key, Seen::read(rev, theirs));
        if result != ours {
            out.changes.push(match result {
                Some(r) => Change::Put(r),
                None => Change::Remove(doc_key),
            });
        }
        out
    }

    /// Stops saving: `key` holds a record a newer version wrote, which is
    /// offered for download with what could not be read.
    fn hold_newer(&mut self, key: String) {
        self.writable = false;
        if !self.unreadable.contains(&key) {
            self.unreadable.push(key);
        }
    }

    /// Copies a damaged key aside, reporting the problem to show.
    fn set_aside(&mut self, key: &str, now: Timestamp) -> LoadProblem {
        let kept_at = keep_for_recovery(&self.store, key, now);
        if kept_at.is_none() {
            self.unreadable.push(key.to_string());
            self.writable = false;
        }
        LoadProblem::Corrupt {
            reason: "another window stored something Rapport cannot read".into(),
            kept_at,
        }
    }

    /// What an old window saved whole is copied to a recovery key, where
    /// the user can download it, and removed once the copy is whole.
    ///
    /// An old window saves again after every pause in typing, each time the
    /// whole notebook as it holds it: only its newest save is kept, or the
    /// copies would fill storage.
    fn set_aside_old_format(&mut self, now: Timestamp) -> LoadProblem {
        self.units.set(None);
        let kept_at = keep_for_recovery(&self.store, DATA_KEY, now);
        if let Some(kept) = &kept_at {
            let _ = self.store.remove(DATA_KEY);
            if let Some(older) = self.old_window_copy.replace(kept.clone())
                && older != *kept
            {
                let _ = self.store.remove(&older);
            }
        }
        LoadProblem::OldVersionWrote { kept_at }
    }

    /// Stores `version` beside `key` for the user to compare. Whoever
    /// calls this must not write over that version until this succeeded.
    fn keep_conflict(
        &self,
        key: DocKey,
        rev: String,
        version: ConflictVersion,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        self.units.set(None);
        let name = conflict_key_name(key);
        let empty = Conflict {
            key,
            versions: Vec::new(),
        };
        let readable = match self.store.get(&name) {
            Ok(Some(text)) => parse_conflict(key, &text),
            Ok(None) => Some(empty.clone()),
            Err(StoreError::NotText) => None,
            Err(e) => return Err(e),
        };
        // Versions kept earlier that cannot be read are copied aside before
        // the key is written anew, never written over unread; without room
        // for the copy, nothing is written.
        let mut conflict = match readable {
            Some(conflict) => conflict,
            None => {
                keep_for_recovery(&self.store, &name, now).ok_or(StoreError::QuotaExceeded)?;
                empty
            }
        };
        if conflict.versions.iter().any(|v| v.record == version.record) {
            return Ok(());
        }
        conflict.versions.push(ConflictVersion { rev, ..version });
        self.store
            .set(&conflict_key_name(key), &conflict_text(&conflict))
    }

    /// Keeps `theirs` for the user to compare with what is on screen: a
    /// draft that started from an older version met a newer one.
    pub fn keep_other_version(
        &self,
        theirs: Record,
        fields: Vec<String>,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let key = theirs.key();
        let rev = self
            .seen
            .get(&key)
            .map(|s| s.rev.clone())
            .unwrap_or_default();
        self.keep_conflict(
            key,
            rev,
            ConflictVersion {
                rev: String::new(),
                record: Some(theirs),
                fields,
                from_here: false,
            },
            now,
        )
    }

    fn conflict(&self, key: DocKey) -> Option<Conflict> {
        let text = self.store.get(&conflict_key_name(key)).ok().flatten()?;
        parse_conflict(key, &text)
    }

    /// Every record with versions waiting for the user, in key order.
    pub fn conflicts(&self) -> Vec<Conflict> {
        let mut out: Vec<Conflict> = self
            .store
            .keys()
            .unwrap_or_default()
            .iter()
            .filter_map(|k| k.strip_prefix(CONFLICT_PREFIX))
            .filter_map(DocKey::parse)
            .filter_map(|key| self.conflict(key))
            .collect();
        sort_conflicts(&mut out);
        out
    }

    /// The user has settled a conflict; the version they kept is on screen
    /// and saved by the next save.
    pub fn settle_conflict(&self, key: DocKey) -> Result<(), StoreError> {
        self.units.set(None);
        self.store.remove(&conflict_key_name(key))
    }

    /// Frees the room taken by versions kept for sync's merges (see
    /// `keep_sync_base`): they only save the user a choice, and records
    /// come first. Whether any was there.
    pub fn drop_sync_bases(&self) -> bool {
        let bases: Vec<String> = self
            .store
            .keys()
            .unwrap_or_default()
            .into_iter()
            .filter(|k| k.starts_with(SYNC_BASE_PREFIX))
            .collect();
        for key in &bases {
            let _ = self.store.remove(key);
        }
        !bases.is_empty()
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
        sort_recovery_keys(&mut keys);
        keys
    }

    pub fn recovery_text(&self, key: &str) -> Option<String> {
        self.store.get(key).ok().flatten()
    }

    /// Deletes a recovery copy the user no longer wants.
    pub fn discard_recovery(&self, key: &str) -> Result<(), StoreError> {
        self.units.set(None);
        if key.starts_with(RECOVERY_PREFIX) {
            self.store.remove(key)
        } else {
            Ok(())
        }
    }

    /// The keys whose text could not be read nor set aside.
    pub fn unreadable_keys(&self) -> &[String] {
        &self.unreadable
    }

    /// The unreadable text, as well as it can be read, for a download.
    pub fn unreadable_text(&self) -> Option<String> {
        let texts: Vec<(String, String)> = self
            .unreadable
            .iter()
            .map(|k| {
                (
                    k.clone(),
                    self.store.get(k).ok().flatten().unwrap_or_default(),
                )
            })
            .collect();
        match texts.len() {
            0 => None,
            1 => Some(texts[0].1.clone()),
            _ => Some(
                Value::Object(
                    texts
                        .into_iter()
                        .map(|(k, v)| (k, Value::String(v)))
                        .collect(),
                )
                .to_string(),
            ),
        }
    }

    /// Deletes the unreadable text (after the user downloaded it) so that
    /// saving can start again.
    pub fn discard_unreadable(&mut self) -> Result<(), StoreError> {
        for key in std::mem::take(&mut self.unreadable) {
            self.store.remove(&key)?;
            if key == META_KEY {
                self.meta_written = false;
            }
        }
        self.writable = true;
        Ok(())
    }

    /// Space used and the number of live records.
    pub fn usage(&self) -> Result<Usage, StoreError> {
        let units = match self.units.get() {
            Some(units) => units,
            None => {
                let units = self.store.used_units()?;
                self.units.set(Some(units));
                units
            }
        };
        Ok(Usage {
            units,
            records: self.live,
        })
    }

    pub fn store(&self) -> &S {
        &self.store
    }
}

/// The length of `text` in UTF-16 code units, from its bytes: every
/// character is one unit but those of four bytes, which are two. Opening
/// measures megabytes of text, so this avoids decoding it.
fn utf16_len(text: &str) -> usize {
    text.bytes()
        .map(|b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
        .sum()
}

/// Adds a record read from storage. Each is under its own key, so none can
/// be in the notebook already: looking first would scan its list for every
/// record read.
fn push_loaded(nb: &mut Notebook, record: Record) {
    match record {
        Record::Contact(r) => nb.contacts.push(r),
        Record::Organization(r) => nb.organizations.push(r),
        Record::Meeting(r) => nb.meetings.push(r),
        Record::FollowUp(r) => nb.follow_ups.push(r),
        Record::Event(r) => nb.events.push(r),
        Record::JournalNote(r) => nb.journal_notes.push(r),
        Record::Pitch(r) => nb.pitches.push(r),
        settings @ Record::Settings(_) => nb.put_record(settings),
    }
}

/// Oldest first, by the time in their names. (`sort_by_time` here and in
/// `sort_conflicts` shares the app's one sort routine.)
fn sort_recovery_keys(keys: &mut Vec<String>) {
    crate::domain::sort_by_time(keys, |k| {
        let at = k[RECOVERY_PREFIX.len()..].parse::<i64>();
        (at.unwrap_or(i64::MAX), 0)
    });
}

/// In the order of their records' keys: by kind, then id.
fn sort_conflicts(conflicts: &mut Vec<Conflict>) {
    crate::domain::sort_by_time(conflicts, |c| (c.key.kind as i64, c.key.id));
}

/// How much of the browser's storage Rapport uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Usage {
    /// UTF-16 code units of keys and values.
    pub units: usize,
    pub records: usize,
}

impl Usage {
    /// What browsers give one site: 5 MiB of UTF-16 code units (about
    /// 5.24 million).
    pub const QUOTA_UNITS: usize = 5 * 1024 * 1024;

    /// Share of the quota used, 0 to 100.
    pub fn percent(&self) -> u32 {
        ((self.units as u64 * 100) / Self::QUOTA_UNITS as u64).min(100) as u32
    }

    /// Time to warn: 80% or more used.
    pub fn nearly_full(&self) -> bool {
        self.units * 5 >= Self::QUOTA_UNITS * 4
    }
}

/// What merging two versions of one record gives.
struct Reconciled {
    record: Option<Record>,
    conflict: Option<ConflictVersion>,
}

/// Merges this tab's version of a record with another tab's, both grown
/// from `base`. An edit beats a delete; a field both changed keeps ours
/// on screen and theirs as a conflict.
fn reconcile(
    key: DocKey,
    base: Option<&Record>,
    ours: Option<&Record>,
    theirs: Option<&Record>,
) -> Reconciled {
    match (ours, theirs) {
        (None, None) => Reconciled {
            record: None,
            conflict: None,
        },
        // They deleted what we edited, or we deleted what they edited:
        // the edit is kept; a deletion is easy to do again.
        (Some(o), None) => Reconciled {
            record: Some(o.clone()),
            conflict: None,
        },
        (None, Some(t)) => Reconciled {
            record: Some(t.clone()),
            conflict: None,
        },
        (Some(o), Some(t)) => {
            if o == t {
                return Reconciled {
                    record: Some(o.clone()),
                    conflict: None,
                };
            }
            let fallback;
            let base = match base {
                Some(b) => b,
                None => {
                    // No common version: every differing field conflicts.
                    fallback = Record::from_json(key, "{}")
                        .or_else(|_| Record::from_json(key, &format!("{{\"id\":{}}}", key.id)))
                        .unwrap_or_else(|_| o.clone());
                    &fallback
                }
            };
            let merged = merge3(base, o, t);
            let conflict = (!merged.conflicting.is_empty()).then(|| ConflictVersion {
                rev: String::new(),
                record: Some(t.clone()),
                fields: merged.conflicting.clone(),
                from_here: false,
            });
            Reconciled {
                record: Some(merged.record),
                conflict,
            }
        }
    }
}

/// `s` as a JSON string. The stored texts below are written by hand rather
/// than through `json!`: that builds a `Value` first, and its code would
/// weigh on the first download.
fn quoted(s: &str) -> String {
    // Writing a string to a `String` cannot fail.
    serde_json::to_string(s).unwrap_or_default()
}

/// What `keep_sync_base` reads of a record's sync entry (see `sync_docs`):
/// its local sequence and the newest revision the server is known to hold.
#[derive(Deserialize)]
struct TreeHead {
    #[serde(rename = "q")]
    seq: u64,
    #[serde(rename = "s", default)]
    synced: Option<String>,
}

/// What `keep_sync_base` reads of the sync state (`sync_docs::SyncState`):
/// the local sequence up to which every change has reached the server. A
/// view of that one field rather than the whole state, whose reader would
/// weigh more on the first download (measured: 0.2 KiB).
#[derive(Deserialize)]
struct PushedThrough {
    #[serde(default)]
    pushed: u64,
}

/// The sync state's key (see `sync_docs`).
pub const SYNC_STATE_KEY: &str = "rapport.sync.state";

/// Where a record's revision tree is kept once it has been synced (see
/// `sync_docs`).
pub const SYNC_TREE_PREFIX: &str = "rapport.rev.";
/// Where the version a record's unsynced changes started from is kept.
pub const SYNC_BASE_PREFIX: &str = "rapport.base.";

/// The key of a record's sync base (see `Repository::keep_sync_base`).
pub(crate) fn sync_base_key_name(key: DocKey) -> String {
    format!("{SYNC_BASE_PREFIX}{}", key.doc_id())
}

fn meta_text() -> String {
    format!("{{\"app\":{},\"format\":{FORMAT}}}", quoted(envelope::APP))
}

fn meta_format(text: &str) -> Option<u64> {
    let v: Value = serde_json::from_str(text).ok()?;
    if v.get("app")?.as_str()? != envelope::APP {
        return None;
    }
    v.get("format")?.as_u64().filter(|f| *f >= 1)
}

pub(crate) fn conflict_text(conflict: &Conflict) -> String {
    let versions: Vec<String> = conflict
        .versions
        .iter()
        .map(|v| {
            let fields: Vec<String> = v.fields.iter().map(|f| quoted(f)).collect();
            let doc = v.record.as_ref().map_or("null".into(), Record::to_json);
            format!(
                "{{\"_rev\":{},\"_deleted\":{},\"here\":{},\"fields\":[{}],\"doc\":{doc}}}",
                quoted(&v.rev),
                v.record.is_none(),
                v.from_here,
                fields.join(",")
            )
        })
        .collect();
    format!(
        "{{\"_id\":{},\"versions\":[{}]}}",
        quoted(&conflict.key.doc_id()),
        versions.join(",")
    )
}

/// `None` if any version cannot be read: the key is then set aside whole
/// rather than written over with the versions that could.
pub(crate) fn parse_conflict(key: DocKey, text: &str) -> Option<Conflict> {
    let v: Value = serde_json::from_str(text).ok()?;
    let versions = v
        .get("versions")?
        .as_array()?
        .iter()
        .map(|version| {
            let deleted = version.get("_deleted").and_then(Value::as_bool) == Some(true);
            let record = if deleted {
                None
            } else {
                Some(Record::from_value(key, version.get("doc")?.clone()).ok()?)
            };
            Some(ConflictVersion {
                rev: version.get("_rev")?.as_str()?.to_string(),
                record,
                fields: version
                    .get("fields")
                    .and_then(Value::as_array)
                    .map(|f| {
                        f.iter()
                            .filter_map(|x| x.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default(),
                from_here: version.get("here").and_then(Value::as_bool) == Some(true),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Conflict { key, versions })
}

/// Copies the unreadable value under `key` to a fresh recovery key, exactly
/// as stored, and checks it reads back the same, so the original may be
/// overwritten only once the copy is known to be whole.
fn keep_for_recovery<S: KeyValueStore>(store: &S, key: &str, now: Timestamp) -> Option<String> {
    let keys = store.keys().ok()?;
    // The same damaged text seen again (a reload before any save) is kept once.
    for existing in keys.iter().filter(|k| k.starts_with(RECOVERY_PREFIX)) {
        if store.same_value(existing, key).ok()? {
            return Some(existing.clone());
        }
    }
    let mut stamp = now;
    let target = loop {
        let candidate = format!("{RECOVERY_PREFIX}{stamp}");
        if !keys.contains(&candidate) {
            break candidate;
        }
        stamp += 1;
    };
    match store.copy(key, &target) {
        Ok(()) => Some(target),
        Err(_) => {
            let _ = store.remove(&target);
            None
        }
    }
}

#[cfg(test)]
mod tests;
