//! What the replicator needs from this device's store, and an in-memory
//! store that does it (for tests, and as the reference for the real one).

use super::protocol::LocalError;
use super::revtree::{IncomingRevision, Rev, RevError, StoredDoc};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A document changed at local sequence `seq`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalChange {
    pub seq: u64,
    pub id: String,
}

/// The device's document store as replication sees it.
///
/// Every change to a document (a local edit, a deletion, or revisions merged
/// by [`LocalDocs::put_revisions`]) gives it a new, higher local sequence
/// number; sequences never go back, also across reloads.
pub trait LocalDocs {
    /// A random id made once when this device's store was created and kept
    /// with it; a store restored elsewhere or created afresh gets a new one.
    fn replica_id(&self) -> Result<String, LocalError>;

    /// Documents whose latest change is after `since`, in increasing `seq`
    /// order, each once (at its latest sequence), at most `limit` of them.
    /// Deleted documents are included.
    fn changes_since(&self, since: u64, limit: usize) -> Result<Vec<LocalChange>, LocalError>;

    /// A document's revision tree and the fields of each live leaf.
    fn get(&self, id: &str) -> Result<Option<StoredDoc>, LocalError>;

    /// Stores revisions from the server as they are (CouchDB's
    /// `new_edits: false`): merge each into its document's tree with
    /// [`StoredDoc::merge`], keep the leaf's fields, change nothing already
    /// stored. A revision already held is a no-op and must not bump the
    /// sequence. Either all are stored or the call fails.
    fn put_revisions(&mut self, revisions: Vec<IncomingRevision>) -> Result<(), LocalError>;

    /// A replication checkpoint (kept apart from documents; not in changes).
    fn get_checkpoint(&self, replication_id: &str) -> Result<Option<Value>, LocalError>;

    fn put_checkpoint(&mut self, replication_id: &str, checkpoint: Value)
    -> Result<(), LocalError>;

    /// Every change up to local sequence `seq` is now on the server (a
    /// push got that far). A store that trims history uses it to know
    /// which revisions the server holds: its next push must name one.
    fn pushed_through(&mut self, seq: u64) -> Result<(), LocalError> {
        let _ = seq;
        Ok(())
    }
}

/// The [`LocalDocs::changes_since`] answer from each document's id and
/// latest sequence.
pub fn changes_after<'a>(
    docs: impl Iterator<Item = (&'a str, u64)>,
    since: u64,
    limit: usize,
) -> Vec<LocalChange> {
    let mut changes: Vec<LocalChange> = docs
        .filter(|(_, seq)| *seq > since)
        .map(|(id, seq)| LocalChange {
            seq,
            id: id.to_string(),
        })
        .collect();
    changes.sort_by_key(|c| c.seq);
    changes.truncate(limit);
    changes
}

/// Documents in memory, keyed by id.
#[derive(Clone, Debug, Default)]
pub struct MemoryDocs {
    replica: String,
    seq: u64,
    docs: BTreeMap<String, (u64, StoredDoc)>,
    checkpoints: BTreeMap<String, Value>,
}

impl MemoryDocs {
    pub fn new(replica_id: impl Into<String>) -> Self {
        MemoryDocs {
            replica: replica_id.into(),
            ..MemoryDocs::default()
        }
    }

    /// Saves `fields` as the new version of `id`, on top of the version
    /// shown (the winner), as the app does when the user edits a record.
    pub fn edit(&mut self, id: &str, fields: Value) -> Result<Rev, RevError> {
        let body: Map<String, Value> = match fields {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        self.change(id, body, false)
    }

    pub fn delete(&mut self, id: &str) -> Result<Rev, RevError> {
        self.change(id, Map::new(), true)
    }

    fn change(
        &mut self,
        id: &str,
        body: Map<String, Value>,
        deleted: bool,
    ) -> Result<Rev, RevError> {
        let mut doc = self
            .docs
            .get(id)
            .map(|(_, d)| d.clone())
            .unwrap_or_else(|| StoredDoc::new(id));
        let parent = doc.winner().map(|w| w.rev);
        let rev = doc.edit(parent.as_ref(), body, deleted)?;
        self.seq += 1;
        self.docs.insert(id.to_string(), (self.seq, doc));
        Ok(rev)
    }

    /// Resolves a conflict by keeping `keep` and deleting every other live leaf.
    pub fn resolve(&mut self, id: &str, keep: &Rev) -> Result<(), RevError> {
        let Some((_, doc)) = self.docs.get(id) else {
            return Ok(());
        };
        let mut doc = doc.clone();
        doc.resolve(keep, None)?;
        self.seq += 1;
        self.docs.insert(id.to_string(), (self.seq, doc));
        Ok(())
    }

    pub fn doc(&self, id: &str) -> Option<&StoredDoc> {
        self.docs.get(id).map(|(_, d)| d)
    }

    /// The version shown for `id`, None if unknown or deleted.
    pub fn shown(&self, id: &str) -> Option<Value> {
        let doc = self.doc(id)?;
        if doc.is_deleted() {
            None
        } else {
            doc.winning_json()
        }
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.docs.keys().map(String::as_str)
    }

    pub fn update_seq(&self) -> u64 {
        self.seq
    }
}

impl LocalDocs for MemoryDocs {
    fn replica_id(&self) -> Result<String, LocalError> {
        Ok(self.replica.clone())
    }

    fn changes_since(&self, since: u64, limit: usize) -> Result<Vec<LocalChange>, LocalError> {
        Ok(changes_after(
            self.docs.iter().map(|(id, (seq, _))| (id.as_str(), *seq)),
            since,
            limit,
        ))
    }

    fn get(&self, id: &str) -> Result<Option<StoredDoc>, LocalError> {
        Ok(self.doc(id).cloned())
    }

    fn put_revisions(&mut self, revisions: Vec<IncomingRevision>) -> Result<(), LocalError> {
        let mut updated = self.docs.clone();
        let mut seq = self.seq;
        for incoming in &revisions {
            let entry = updated
                .entry(incoming.id.clone())
                .or_insert_with(|| (0, StoredDoc::new(&incoming.id)));
            let changed = entry
                .1
                .merge(incoming)
                .map_err(|e| LocalError::Unavailable(e.to_string()))?;
            if changed {
                seq += 1;
                entry.0 = seq;
            }
        }
        self.docs = updated;
        self.seq = seq;
        Ok(())
    }

    fn get_checkpoint(&self, replication_id: &str) -> Result<Option<Value>, LocalError> {
        Ok(self.checkpoints.get(replication_id).cloned())
    }

    fn put_checkpoint(
        &mut self,
        replication_id: &str,
        checkpoint: Value,
    ) -> Result<(), LocalError> {
        self.checkpoints
            .insert(replication_id.to_string(), checkpoint);
        Ok(())
    }
}
