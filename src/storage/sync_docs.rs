//! The record store as the replicator sees it: each record's revision tree
//! beside the record, so the phone and the laptop can sync through a
//! CouchDB-protocol server without the app's own saves knowing about it.
//!
//! Keys, besides the repository's:
//! - `rapport.rev.<doc id>`: the record's revision tree (trimmed to a few
//!   revisions per branch, but never past the newest one the server is
//!   known to hold), its local change sequence, and the content of
//!   versions that lost to the one stored under the record's own key;
//! - `rapport.sync.state`: this device's replica id and last sequence;
//! - `rapport.sync.checkpoint.<replication id>`: where the last run got to.
//!
//! The record's own key always holds the version CouchDB would show (the
//! winning revision). Saves by the app move that key's revision on without
//! touching the tree; [`RecordDocs::prepare`] adds such edits to the tree
//! before a run. A version that lost to one from another device is also
//! written to the repository's conflict key, so the existing "changed in two
//! places" screen shows it; once the user has settled it there, the losing
//! branch is closed with a deletion that the next run sends to the server.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::repository::{
    Conflict, ConflictVersion, DOC_PREFIX, canonical_head, conflict_key_name, conflict_text,
    doc_key_name, doc_text, doc_text_keeping, parse_conflict, parse_doc, sync_base_key_name,
};
use super::{KeyValueStore, StoreError};
use crate::domain::records::{DocKey, Record, compare, merge3};
use crate::sync::local::changes_after;
use crate::sync::revtree::fnv1a_128;
use crate::sync::{IncomingRevision, LocalChange, LocalDocs, LocalError, Rev, RevPath, StoredDoc};

pub const REV_PREFIX: &str = super::repository::SYNC_TREE_PREFIX;
pub const STATE_KEY: &str = super::repository::SYNC_STATE_KEY;
pub const CHECKPOINT_PREFIX: &str = "rapport.sync.checkpoint.";

/// Revisions kept per branch. The server keeps the long history (CouchDB's
/// default is 1,000); a device only needs enough to recognise the versions
/// it already has when the server sends newer ones, which always name
/// their recent ancestors.
const STEM: usize = 3;

/// This device's replica id, its last local sequence, and the sequence up
/// to which every change has reached the server.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct SyncState {
    replica: String,
    seq: u64,
    #[serde(default)]
    pushed: u64,
}

/// What is kept beside one record.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct RevMeta {
    #[serde(rename = "q")]
    seq: u64,
    #[serde(rename = "t")]
    tree: crate::sync::RevTree,
    /// Live leaves other than the one under the record's own key.
    #[serde(rename = "b", default, skip_serializing_if = "BTreeMap::is_empty")]
    others: BTreeMap<Rev, Map<String, Value>>,
    /// The newest revision the server is known to hold: trimming the tree
    /// keeps it (see [`crate::sync::RevTree::stem_keeping`]).
    #[serde(rename = "s", default, skip_serializing_if = "Option::is_none")]
    synced: Option<Rev>,
}

impl RevMeta {
    /// What to keep beside `loaded`'s record at `seq`: its tree trimmed
    /// (never past the revision the server holds) and the `others` leaves.
    fn trimmed(loaded: &Loaded, seq: u64, others: BTreeMap<Rev, Map<String, Value>>) -> Self {
        let mut tree = loaded.doc.tree.clone();
        tree.stem_keeping(STEM, loaded.synced.as_ref());
        let synced = loaded.synced.clone().filter(|r| tree.contains(r));
        RevMeta {
            seq,
            tree,
            others,
            synced,
        }
    }
}

/// What a run changed that the notebook on screen must take in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Touched {
    /// Storage keys written (record keys and conflict keys), to hand to
    /// [`super::Repository::take_external`].
    pub keys: BTreeSet<String>,
    /// Documents from the server that are not Rapport records this version
    /// can read: left on the server, not stored here.
    pub skipped: BTreeSet<String>,
}

/// The device's records as [`LocalDocs`].
#[derive(Debug)]
pub struct RecordDocs<S> {
    store: S,
    state: SyncState,
    /// Each record's sequence, kept in memory so listing changes does not
    /// read every key again.
    index: BTreeMap<String, u64>,
    /// What the last read of all storage found, until `prepare` uses it.
    scanned: Option<Scan>,
    touched: Touched,
}

/// One pass over all of storage: each record's stored revision, and the
/// leaves of each tree with nothing waiting (no conflict, no losing
/// version kept), which is where most records are between runs.
#[derive(Debug, Default)]
struct Scan {
    heads: Vec<(String, Option<String>)>,
    settled: BTreeMap<String, Vec<Rev>>,
}

fn local_error(e: StoreError) -> LocalError {
    match e {
        StoreError::QuotaExceeded => LocalError::Full,
        e => LocalError::Unavailable(e.to_string()),
    }
}

fn rev_key_name(id: &str) -> String {
    format!("{REV_PREFIX}{id}")
}

/// The record's fields as a document body (without `_id`, `_rev`, `_deleted`).
fn body_of(text: &str) -> Option<Map<String, Value>> {
    let Value::Object(mut map) = serde_json::from_str(text).ok()? else {
        return None;
    };
    for field in ["_id", "_rev", "_deleted", "_revisions", "_conflicts"] {
        map.remove(field);
    }
    Some(map)
}

fn record_of(key: DocKey, body: &Map<String, Value>) -> Option<Record> {
    Record::from_value(key, Value::Object(body.clone())).ok()
}

/// One record as stored: the parsed revision and body of its own key, and
/// what is kept beside it.
struct Loaded {
    key: DocKey,
    /// The revision under the record's own key (`None`: no such key).
    shown: Option<Rev>,
    doc: StoredDoc,
    meta_seq: Option<u64>,
    /// The tree had to take in an edit the app made since the last run.
    grafted: bool,
    /// The record's own key must be rewritten at this revision (an edit
    /// that could not be placed on the tree as it was).
    rebased: Option<Rev>,
    /// The newest revision the server is known to hold.
    synced: Option<Rev>,
}

/// Of two revisions the server holds, the one to keep as the anchor: on
/// the winning branch before elsewhere, then the newer.
fn newer_anchor(tree: &crate::sync::RevTree, a: Option<Rev>, b: Option<Rev>) -> Option<Rev> {
    match (
        a.filter(|r| tree.contains(r)),
        b.filter(|r| tree.contains(r)),
    ) {
        (Some(a), Some(b)) => {
            let winning = tree.winner().and_then(|w| tree.path_to(&w.rev));
            let rank = |r: &Rev| {
                let on_winner = winning.as_ref().is_some_and(|p| p.revs().contains(r));
                (on_winner, r.generation)
            };
            Some(if rank(&b) > rank(&a) { b } else { a })
        }
        (a, b) => a.or(b),
    }
}

impl<S: KeyValueStore> RecordDocs<S> {
    /// Opens the sync side of `store`, giving this device a replica id made
    /// by `new_replica_id` the first time.
    pub fn open(store: S, new_replica_id: impl FnOnce() -> String) -> Result<Self, LocalError> {
        let state = match store.get(STATE_KEY).map_err(local_error)? {
            Some(text) => serde_json::from_str(&text).unwrap_or_default(),
            None => SyncState::default(),
        };
        let mut docs = RecordDocs {
            store,
            state,
            index: BTreeMap::new(),
            scanned: None,
            touched: Touched::default(),
        };
        if docs.state.replica.is_empty() {
            docs.state.replica = new_replica_id();
            docs.write_state()?;
        }
        docs.scanned = Some(docs.scan()?);
        Ok(docs)
    }

    /// Reads all of storage in one pass (the browser hands it over in one
    /// call): every tree once, for the index and for `prepare`.
    fn scan(&mut self) -> Result<Scan, LocalError> {
        let mut scan = Scan::default();
        let mut metas: Vec<(String, RevMeta)> = Vec::new();
        self.store
            .for_each_entry(&mut |key, value| {
                let Ok(text) = value else { return };
                if let Some(id) = key.strip_prefix(REV_PREFIX) {
                    if let Ok(meta) = serde_json::from_str::<RevMeta>(text) {
                        metas.push((id.to_string(), meta));
                    }
                } else if let Some(id) = key.strip_prefix(DOC_PREFIX)
                    && let Some(doc_key) = DocKey::parse(id)
                {
                    let rev = match canonical_head(text) {
                        Some((_, rev, _)) => Some(rev),
                        None => parse_doc(doc_key, text).ok().map(|(rev, _)| rev),
                    };
                    scan.heads.push((id.to_string(), rev));
                }
            })
            .map_err(local_error)?;
        for (id, meta) in metas {
            self.index.insert(id.clone(), meta.seq);
            self.state.seq = self.state.seq.max(meta.seq);
            if meta.others.is_empty() && meta.tree.conflicts().is_empty() {
                let leaves = meta.tree.leaves().into_iter().map(|l| l.rev).collect();
                scan.settled.insert(id, leaves);
            }
        }
        Ok(scan)
    }

    /// Takes every edit the app made since the last run into the records'
    /// trees, and closes the losing branches of conflicts the user has
    /// settled, so a push sends them. Returns how many records changed.
    pub fn prepare(&mut self) -> Result<usize, LocalError> {
        let scan = match self.scanned.take() {
            Some(scan) => scan,
            None => self.scan()?,
        };
        let mut changed = 0;
        for (id, rev) in scan.heads {
            // Unreadable records are the repository's to keep aside.
            let Some(rev) = rev.and_then(|r| r.parse::<Rev>().ok()) else {
                continue;
            };
            if scan
                .settled
                .get(&id)
                .is_some_and(|leaves| leaves.contains(&rev))
            {
                continue;
            }
            let Some(mut loaded) = self.load(&id)? else {
                continue;
            };
            let settled = self.close_settled(&mut loaded)?;
            if loaded.grafted || loaded.rebased.is_some() || settled || loaded.meta_seq.is_none() {
                self.store_loaded(loaded, None)?;
                changed += 1;
            }
        }
        Ok(changed)
    }

    /// What this run changed, cleared for the next.
    pub fn take_touched(&mut self) -> Touched {
        std::mem::take(&mut self.touched)
    }

    /// Takes in what another tab stored in the state since: the state is
    /// only ever written forward from the larger of the two.
    fn refresh_state(&mut self) {
        if let Ok(Some(text)) = self.store.get(STATE_KEY)
            && let Ok(stored) = serde_json::from_str::<SyncState>(&text)
        {
            self.state.seq = self.state.seq.max(stored.seq);
            self.state.pushed = self.state.pushed.max(stored.pushed);
        }
    }

    fn write_state(&self) -> Result<(), LocalError> {
        let text = serde_json::to_string(&self.state)
            .map_err(|e| LocalError::Unavailable(e.to_string()))?;
        self.store.set(STATE_KEY, &text).map_err(local_error)
    }

    fn write_meta(&self, id: &str, meta: &RevMeta) -> Result<(), LocalError> {
        let text =
            serde_json::to_string(meta).map_err(|e| LocalError::Unavailable(e.to_string()))?;
        self.store
            .set(&rev_key_name(id), &text)
            .map_err(local_error)
    }

    fn read_meta(&self, id: &str) -> Result<Option<RevMeta>, LocalError> {
        match self.store.get(&rev_key_name(id)) {
            Ok(Some(text)) => Ok(serde_json::from_str(&text).ok()),
            Ok(None) => Ok(None),
            Err(StoreError::NotText) => Ok(None),
            Err(e) => Err(local_error(e)),
        }
    }

    /// Reads a record and its tree, with any edit the app made since the
    /// last run placed on the tree (in memory only).
    fn load(&self, id: &str) -> Result<Option<Loaded>, LocalError> {
        let Some(key) = DocKey::parse(id) else {
            return Ok(None);
        };
        let meta = self.read_meta(id)?;
        let text = match self.store.get(&doc_key_name(key)) {
            Ok(text) => text,
            // Unreadable: the repository keeps it aside; nothing to sync.
            Err(StoreError::NotText) => return Ok(None),
            Err(e) => return Err(local_error(e)),
        };
        let (shown, deleted) = match &text {
            Some(text) => match parse_doc(key, text) {
                Ok((rev, record)) => (rev.parse::<Rev>().ok(), record.is_none()),
                Err(_) => return Ok(None),
            },
            None => (None, false),
        };
        let mut doc = StoredDoc::new(id);
        let mut meta_seq = None;
        let mut synced = None;
        if let Some(meta) = meta {
            doc.tree = meta.tree;
            doc.leaves = meta.others;
            meta_seq = Some(meta.seq);
            synced = meta.synced;
        }
        let mut loaded = Loaded {
            key,
            shown: shown.clone(),
            doc,
            meta_seq,
            grafted: false,
            rebased: None,
            synced,
        };
        let (Some(rev), Some(text)) = (shown, text) else {
            return Ok(Some(loaded));
        };
        if !loaded.doc.tree.contains(&rev) {
            // Unchanged since a push that got past it: the server holds the
            // version this edit follows, the one to keep history back to.
            if meta_seq.is_some_and(|seq| seq <= self.state.pushed) {
                let winner = loaded.doc.tree.winner().map(|w| w.rev);
                loaded.synced = newer_anchor(&loaded.doc.tree, loaded.synced.take(), winner);
            }
            let path = match loaded.doc.tree.winner() {
                None => RevPath::new(vec![rev.clone()]),
                Some(parent) => {
                    let below = loaded
                        .doc
                        .tree
                        .path_to(&parent.rev)
                        .map(|p| p.revs().to_vec())
                        .unwrap_or_else(|| vec![parent.rev.clone()]);
                    // The app saves often between two runs (notes at every
                    // pause) and the server never sees those versions: an
                    // edit more than one generation past the version the
                    // tree holds gets a new revision one past it, so its
                    // history reaches a version the server knows even
                    // after trimming.
                    let head = if rev.generation == parent.rev.generation + 1 {
                        rev.clone()
                    } else {
                        let link = format!("{rev}>{}", parent.rev);
                        let hash = format!("{:032x}", fnv1a_128(link.as_bytes()));
                        let rebased = Rev::new(parent.rev.generation + 1, hash);
                        loaded.rebased = Some(rebased.clone());
                        rebased
                    };
                    RevPath::new(std::iter::once(head).chain(below).collect())
                }
            }
            .map_err(|e| LocalError::Unavailable(e.to_string()))?;
            let head = path.head().clone();
            loaded.doc.tree.merge_path(&path, deleted);
            loaded.grafted = true;
            loaded.shown = Some(head);
        }
        if !deleted
            && let Some(shown) = &loaded.shown
            && let Some(body) = body_of(&text)
        {
            loaded.doc.leaves.insert(shown.clone(), body);
        }
        Ok(Some(loaded))
    }

    /// Closes every losing branch the user no longer has on the "changed in
    /// two places" screen.
    fn close_settled(&self, loaded: &mut Loaded) -> Result<bool, LocalError> {
        let losers: Vec<Rev> = loaded
            .doc
            .conflicts()
            .into_iter()
            .filter(|r| Some(r) != loaded.shown.as_ref())
            .collect();
        if losers.is_empty() {
            return Ok(false);
        }
        let waiting: BTreeSet<String> = self
            .conflict(loaded.key)
            .map(|c| c.versions.into_iter().map(|v| v.rev).collect())
            .unwrap_or_default();
        let mut closed = false;
        for rev in losers {
            if !waiting.contains(&rev.to_string()) {
                loaded
                    .doc
                    .edit(Some(&rev), Map::new(), true)
                    .map_err(|e| LocalError::Unavailable(e.to_string()))?;
                closed = true;
            }
        }
        Ok(closed)
    }

    /// Merges, field by field, another device's version that conflicts
    /// with the one shown, when the version both grew from is kept (see
    /// `Repository::keep_sync_base`) and no field changed on both sides:
    /// then there is nothing for the user to choose. The merge is a new
    /// version on top of the winner, and the other branch is closed, as
    /// when the user settles a conflict; a device doing the same merge
    /// makes the very same revisions. Returns whether it merged.
    fn merge_on_base(&self, loaded: &mut Loaded) -> Result<bool, LocalError> {
        let conflicts = loaded.doc.conflicts();
        // Two versions, as two devices make; more are left to the user.
        let [loser] = conflicts.as_slice() else {
            return Ok(false);
        };
        let Some(winner) = loaded.doc.winner().filter(|w| !w.deleted) else {
            return Ok(false);
        };
        let base_name = sync_base_key_name(loaded.key);
        let Ok(Some(text)) = self.store.get(&base_name) else {
            return Ok(false);
        };
        let Ok((base_rev, Some(base))) = parse_doc(loaded.key, &text) else {
            return Ok(false);
        };
        let Ok(base_rev) = base_rev.parse::<Rev>() else {
            return Ok(false);
        };
        // Only the last version both grew from says who changed what: an
        // older one would take a later change back as if never made.
        let path = |rev: &Rev| {
            loaded
                .doc
                .tree
                .path_to(rev)
                .map(|p| p.revs().to_vec())
                .unwrap_or_default()
        };
        let theirs_path = path(loser);
        let nearest_shared = path(&winner.rev)
            .into_iter()
            .find(|rev| theirs_path.contains(rev));
        if nearest_shared.as_ref() != Some(&base_rev) {
            return Ok(false);
        }
        // Read as this version's records, and only if nothing is lost that
        // way (fields from a newer version of Rapport would be; fields an
        // older one lacks only come back with their defaults).
        let record = |rev: &Rev| {
            let body = loaded.doc.leaves.get(rev)?;
            let record = record_of(loaded.key, body)?;
            let again = body_of(&doc_text(loaded.key, "1-0", Some(record.as_ref())))?;
            body.iter()
                .all(|(field, value)| again.get(field) == Some(value))
                .then_some(record)
        };
        let (Some(ours), Some(theirs)) = (record(&winner.rev), record(loser)) else {
            return Ok(false);
        };
        let merged = merge3(&base, &ours, &theirs);
        if !merged.conflicting.is_empty() {
            return Ok(false);
        }
        let body = if merged.record == ours {
            None
        } else {
            let text = doc_text(
                loaded.key,
                &winner.rev.to_string(),
                Some(merged.record.as_ref()),
            );
            Some(body_of(&text).ok_or_else(|| {
                LocalError::Unavailable(format!("{} cannot be merged", loaded.doc.id))
            })?)
        };
        loaded
            .doc
            .resolve(&winner.rev, body)
            .map_err(|e| LocalError::Unavailable(e.to_string()))?;
        Ok(true)
    }

    fn conflict(&self, key: DocKey) -> Option<Conflict> {
        let text = self.store.get(&conflict_key_name(key)).ok().flatten()?;
        parse_conflict(key, &text)
    }

    /// Writes a record's tree, then (if the winner moved) its own key, then
    /// lists any new losing version for the user. `before` is the revision
    /// under the record's own key when it was read.
    fn store_loaded(&mut self, mut loaded: Loaded, before: Option<&Rev>) -> Result<(), LocalError> {
        let id = loaded.doc.id.clone();
        let key = loaded.key;
        let winner = loaded.doc.winner();
        let shown_before = before.cloned().or(loaded.shown.clone());
        let shown_now = winner.as_ref().map(|w| w.rev.clone());
        let mut new_text = None;
        if (shown_now != shown_before || loaded.rebased.is_some())
            && let Some(w) = &winner
        {
            // Fields a newer device wrote stay in the record's own key,
            // so that an edit here keeps them and sync sends them on.
            let mut pulled = None;
            let record = if w.deleted {
                None
            } else {
                let body = loaded.doc.leaves.get(&w.rev).cloned().unwrap_or_default();
                let record = record_of(key, &body).ok_or_else(|| {
                    LocalError::Unavailable(format!("{id} cannot be read as a record"))
                })?;
                pulled = Some(Value::Object(body).to_string());
                Some(record)
            };
            new_text = Some(doc_text_keeping(
                key,
                &w.rev.to_string(),
                record.as_ref().map(Record::as_ref),
                pulled.as_deref(),
            ));
        }
        // Versions that lost to the one shown and are new to the user.
        let known: BTreeSet<Rev> = self
            .read_meta(&id)?
            .map(|m| m.others.into_keys().collect())
            .unwrap_or_default();
        let mut losing = loaded.doc.leaves.clone();
        if let Some(w) = &winner {
            losing.remove(&w.rev);
        }
        let winner_record = winner
            .as_ref()
            .filter(|w| !w.deleted)
            .and_then(|w| loaded.doc.leaves.get(&w.rev))
            .and_then(|b| record_of(key, b));
        let mut new_versions = Vec::new();
        for (rev, body) in &losing {
            if known.contains(rev) && shown_now == shown_before {
                continue;
            }
            let Some(record) = record_of(key, body) else {
                continue;
            };
            let fields: Vec<String> = match &winner_record {
                Some(w) => compare(w, &record).into_iter().map(|d| d.field).collect(),
                None => Vec::new(),
            };
            if winner_record.is_some() && fields.is_empty() {
                // The same content reached by two devices: nothing to choose.
                loaded
                    .doc
                    .edit(Some(rev), Map::new(), true)
                    .map_err(|e| LocalError::Unavailable(e.to_string()))?;
                continue;
            }
            new_versions.push(ConflictVersion {
                rev: rev.to_string(),
                record: Some(record),
                fields,
                // What this device showed until another device's version
                // won: now on the other side of the compare.
                from_here: shown_before.as_ref() == Some(rev),
            });
        }
        let mut others = loaded.doc.leaves.clone();
        if let Some(w) = &winner {
            others.remove(&w.rev);
        }
        // Versions from another device that were closed there (the user
        // chose on that device) or now win are no longer waiting here.
        let closed: BTreeSet<String> = known
            .iter()
            .filter(|rev| !others.contains_key(*rev))
            .map(Rev::to_string)
            .collect();
        let existing = self.conflict(key);
        if !new_versions.is_empty() || (!closed.is_empty() && existing.is_some()) {
            let mut conflict = existing.unwrap_or(Conflict {
                key,
                versions: Vec::new(),
            });
            conflict.versions.retain(|v| !closed.contains(&v.rev));
            for v in new_versions {
                if !conflict.versions.iter().any(|c| c.rev == v.rev) {
                    conflict.versions.push(v);
                }
            }
            let name = conflict_key_name(key);
            if conflict.versions.is_empty() {
                self.store.remove(&name).map_err(local_error)?;
            } else {
                self.store
                    .set(&name, &conflict_text(&conflict))
                    .map_err(local_error)?;
            }
            self.touched.keys.insert(name);
        }
        let seq = self.next_seq()?;
        let meta = RevMeta::trimmed(&loaded, seq, others);
        let rev_key = rev_key_name(&id);
        let old_meta = self.store.get(&rev_key).ok().flatten();
        self.write_meta(&id, &meta)?;
        if let Some(text) = new_text {
            let name = doc_key_name(key);
            if let Err(e) = self.store.set(&name, &text) {
                // Put the tree back so it never names a version not stored.
                let _ = match old_meta {
                    Some(old) => self.store.set(&rev_key, &old),
                    None => self.store.remove(&rev_key),
                };
                return Err(local_error(e));
            }
            self.touched.keys.insert(name);
        }
        self.index.insert(id, seq);
        Ok(())
    }

    /// The next local sequence. Read afresh each time: another tab may
    /// have synced meanwhile, and a sequence given twice could let a change
    /// slip under a checkpoint unsent.
    fn next_seq(&mut self) -> Result<u64, LocalError> {
        self.refresh_state();
        self.state.seq += 1;
        self.write_state()?;
        Ok(self.state.seq)
    }
}

impl<S: KeyValueStore> LocalDocs for RecordDocs<S> {
    fn replica_id(&self) -> Result<String, LocalError> {
        Ok(self.state.replica.clone())
    }

    fn changes_since(&self, since: u64, limit: usize) -> Result<Vec<LocalChange>, LocalError> {
        Ok(changes_after(
            self.index.iter().map(|(id, seq)| (id.as_str(), *seq)),
            since,
            limit,
        ))
    }

    fn get(&self, id: &str) -> Result<Option<StoredDoc>, LocalError> {
        let Some(loaded) = self.load(id)? else {
            return Ok(None);
        };
        // An edit the app saved since `prepare` is in what the push sends:
        // the tree must hold it too, or the next edit would be placed
        // beside it instead of after it, a conflict of the device with
        // itself. Only the tree is written, at the same sequence; the
        // record's own key is the app's (the next run places it).
        if loaded.grafted
            && let Some(seq) = loaded.meta_seq
        {
            let mut others = loaded.doc.leaves.clone();
            if let Some(shown) = &loaded.shown {
                others.remove(shown);
            }
            self.write_meta(id, &RevMeta::trimmed(&loaded, seq, others))?;
        }
        Ok(Some(loaded.doc))
    }

    fn pushed_through(&mut self, seq: u64) -> Result<(), LocalError> {
        self.refresh_state();
        if seq > self.state.pushed {
            self.state.pushed = seq;
            self.write_state()?;
        }
        Ok(())
    }

    fn put_revisions(&mut self, revisions: Vec<IncomingRevision>) -> Result<(), LocalError> {
        // Every revision of one record in this batch is taken in before
        // anything is decided about it: a choice made on another device
        // arrives as the chosen version and the closed branch together, and
        // taken one at a time it would look like a fresh conflict to merge.
        let mut by_record: Vec<(DocKey, Vec<IncomingRevision>)> = Vec::new();
        for incoming in revisions {
            let Some(key) = DocKey::parse(&incoming.id) else {
                self.touched.skipped.insert(incoming.id.clone());
                continue;
            };
            if !incoming.deleted && record_of(key, &incoming.body).is_none() {
                self.touched.skipped.insert(incoming.id.clone());
                continue;
            }
            match by_record.iter_mut().find(|(k, _)| *k == key) {
                Some((_, all)) => all.push(incoming),
                None => by_record.push((key, vec![incoming])),
            }
        }
        for (key, all) in by_record {
            let id = key.doc_id();
            let mut loaded = match self.load(&id)? {
                Some(loaded) => loaded,
                None if self
                    .store
                    .get(&doc_key_name(key))
                    .map_err(local_error)?
                    .is_some() =>
                {
                    // Stored but unreadable here: the repository keeps it
                    // aside first; these revisions wait for the next run.
                    self.touched.skipped.insert(id);
                    continue;
                }
                None => continue,
            };
            let before = loaded.shown.clone();
            // A conflict already here is the user's to settle (or being
            // settled on another device, whose choice may arrive as several
            // revisions): only one this pull brings is merged on its own.
            let conflict_before = !loaded.doc.conflicts().is_empty();
            let settled = self.close_settled(&mut loaded)?;
            let mut changed = false;
            for incoming in &all {
                changed |= loaded
                    .doc
                    .merge(incoming)
                    .map_err(|e| LocalError::Unavailable(e.to_string()))?;
                // What came from the server is held there.
                loaded.synced = newer_anchor(
                    &loaded.doc.tree,
                    loaded.synced.take(),
                    Some(incoming.path.head().clone()),
                );
            }
            if changed || settled || loaded.grafted || loaded.rebased.is_some() {
                let merged = !conflict_before && self.merge_on_base(&mut loaded)?;
                // Another device's version arrived and nothing waits for a
                // choice: this device's changes are on the server and
                // taken in there, so the version they grew from is no
                // longer needed to merge.
                let done_with_base = merged || loaded.doc.conflicts().is_empty();
                let key = loaded.key;
                self.store_loaded(loaded, before.as_ref())?;
                if done_with_base {
                    let _ = self.store.remove(&sync_base_key_name(key));
                }
            }
        }
        Ok(())
    }

    fn get_checkpoint(&self, replication_id: &str) -> Result<Option<Value>, LocalError> {
        match self
            .store
            .get(&format!("{CHECKPOINT_PREFIX}{replication_id}"))
            .map_err(local_error)?
        {
            Some(text) => Ok(serde_json::from_str(&text).ok()),
            None => Ok(None),
        }
    }

    fn put_checkpoint(
        &mut self,
        replication_id: &str,
        checkpoint: Value,
    ) -> Result<(), LocalError> {
        self.store
            .set(
                &format!("{CHECKPOINT_PREFIX}{replication_id}"),
                &checkpoint.to_string(),
            )
            .map_err(local_error)
    }
}

#[cfg(test)]
mod tests;
