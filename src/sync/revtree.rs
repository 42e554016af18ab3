//! Revision ids and revision trees, with the same winner CouchDB and PouchDB
//! pick, so every device that holds the same revisions shows the same version.
//!
//! A tree is kept as a set of revisions with their parent (when known). Every
//! revision id names one parent for ever (the hash covers it), so merging
//! paths is a set union and does not depend on the order edits arrive in.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

/// A revision id, `N-hash`: generation `N` (1 for a new document) and a hash.
///
/// The derived order (generation, then hash as a string) is the order
/// CouchDB uses between two leaves that are both deleted or both not.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Rev {
    pub generation: u64,
    pub hash: String,
}

/// Why a revision id, a `_revisions` history or a document could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RevError {
    /// Not of the form `N-hash` with `N` >= 1.
    BadRev(String),
    /// A `_revisions` history that is empty, starts below 1 or runs below 1.
    BadHistory(String),
    /// A document without a usable `_id`.
    MissingId,
    /// A document without `_rev`.
    MissingRev(String),
    /// The document's `_rev` is not the newest entry of its `_revisions`.
    RevMismatch { id: String, rev: String },
    /// A document was merged into another document's tree.
    WrongDocument { expected: String, got: String },
    /// A local edit named a parent that is not a current leaf.
    NotALeaf(String),
}

impl fmt::Display for RevError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RevError::BadRev(r) => write!(f, "\"{r}\" is not a revision id"),
            RevError::BadHistory(why) => write!(f, "a revision history is unusable: {why}"),
            RevError::MissingId => write!(f, "a record has no id"),
            RevError::MissingRev(id) => write!(f, "record {id} has no revision"),
            RevError::RevMismatch { id, rev } => {
                write!(f, "record {id}: revision {rev} does not match its history")
            }
            RevError::WrongDocument { expected, got } => {
                write!(f, "record {got} was filed under record {expected}")
            }
            RevError::NotALeaf(rev) => {
                write!(
                    f,
                    "revision {rev} was already changed; reload and edit again"
                )
            }
        }
    }
}

impl std::error::Error for RevError {}

impl Rev {
    pub fn new(generation: u64, hash: impl Into<String>) -> Self {
        Rev {
            generation,
            hash: hash.into(),
        }
    }
}

impl FromStr for Rev {
    type Err = RevError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || RevError::BadRev(s.to_string());
        let (generation, hash) = s.split_once('-').ok_or_else(bad)?;
        let generation: u64 = generation.parse().map_err(|_| bad())?;
        if generation == 0 || hash.is_empty() {
            return Err(bad());
        }
        Ok(Rev::new(generation, hash))
    }
}

impl fmt::Display for Rev {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.generation, self.hash)
    }
}

impl Serialize for Rev {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Rev {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// CouchDB's `_revisions` form of a history: the newest generation and the
/// hashes from the newest back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revisions {
    pub start: u64,
    pub ids: Vec<String>,
}

/// A branch of history, newest revision first, each the parent of the one
/// before it. The oldest may have an unknown parent (history was trimmed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevPath(Vec<Rev>);

impl RevPath {
    /// A path from revisions listed newest first; generations must step down by one.
    pub fn new(revs: Vec<Rev>) -> Result<Self, RevError> {
        if revs.is_empty() {
            return Err(RevError::BadHistory("it is empty".into()));
        }
        for pair in revs.windows(2) {
            if pair[1].generation + 1 != pair[0].generation {
                return Err(RevError::BadHistory(format!(
                    "{} does not follow {}",
                    pair[0], pair[1]
                )));
            }
        }
        Ok(RevPath(revs))
    }

    pub fn from_revisions(revisions: &Revisions) -> Result<Self, RevError> {
        let count = revisions.ids.len() as u64;
        if count == 0 || revisions.start < count {
            return Err(RevError::BadHistory(format!(
                "{} revisions cannot end at generation {}",
                count, revisions.start
            )));
        }
        let revs = revisions
            .ids
            .iter()
            .enumerate()
            .map(|(i, hash)| {
                if hash.is_empty() {
                    Err(RevError::BadHistory("an empty hash".into()))
                } else {
                    Ok(Rev::new(revisions.start - i as u64, hash.clone()))
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        RevPath::new(revs)
    }

    pub fn to_revisions(&self) -> Revisions {
        Revisions {
            start: self.head().generation,
            ids: self.0.iter().map(|r| r.hash.clone()).collect(),
        }
    }

    pub fn head(&self) -> &Rev {
        &self.0[0]
    }

    pub fn revs(&self) -> &[Rev] {
        &self.0
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Node {
    parent: Option<Rev>,
    /// Only kept for leaves: whether that revision is a deletion.
    deleted: bool,
}

/// Every known revision of one document and how they descend from each other.
///
/// Stored as each leaf with its history in `_revisions` form (about a third
/// of the size of a map from revision to parent); loading merges the
/// branches back, which gives the same tree.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "Vec<StoredBranch>", try_from = "Vec<StoredBranch>")]
pub struct RevTree {
    nodes: BTreeMap<Rev, Node>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct StoredBranch {
    start: u64,
    ids: Vec<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    deleted: bool,
}

impl From<RevTree> for Vec<StoredBranch> {
    fn from(tree: RevTree) -> Self {
        tree.leaves()
            .into_iter()
            .filter_map(|leaf| {
                let revisions = tree.path_to(&leaf.rev)?.to_revisions();
                Some(StoredBranch {
                    start: revisions.start,
                    ids: revisions.ids,
                    deleted: leaf.deleted,
                })
            })
            .collect()
    }
}

impl TryFrom<Vec<StoredBranch>> for RevTree {
    type Error = RevError;

    fn try_from(branches: Vec<StoredBranch>) -> Result<Self, Self::Error> {
        let mut tree = RevTree::new();
        for branch in branches {
            let path = RevPath::from_revisions(&Revisions {
                start: branch.start,
                ids: branch.ids,
            })?;
            tree.merge_path(&path, branch.deleted);
        }
        Ok(tree)
    }
}

/// A current tip of a branch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leaf {
    pub rev: Rev,
    pub deleted: bool,
}

impl RevTree {
    pub fn new() -> Self {
        RevTree::default()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn contains(&self, rev: &Rev) -> bool {
        self.nodes.contains_key(rev)
    }

    /// Adds a branch whose newest revision is `deleted` or not. Returns true
    /// when the newest revision was not known before.
    pub fn merge_path(&mut self, path: &RevPath, deleted: bool) -> bool {
        let revs = path.revs();
        let head_is_new = !self.nodes.contains_key(&revs[0]);
        for (i, rev) in revs.iter().enumerate() {
            let parent = revs.get(i + 1).cloned();
            let node = self.nodes.entry(rev.clone()).or_default();
            if node.parent.is_none() {
                node.parent = parent;
            }
        }
        // Only a revision nobody descends from keeps its deleted flag; this
        // keeps the tree the same whatever order paths arrive in.
        if deleted
            && !self.has_children(&revs[0])
            && let Some(node) = self.nodes.get_mut(&revs[0])
        {
            node.deleted = true;
        }
        for rev in &revs[1..] {
            if let Some(node) = self.nodes.get_mut(rev) {
                node.deleted = false;
            }
        }
        if let Some(oldest_parent) = revs.last().and_then(|r| self.nodes[r].parent.clone())
            && let Some(node) = self.nodes.get_mut(&oldest_parent)
        {
            node.deleted = false;
        }
        head_is_new
    }

    fn has_children(&self, rev: &Rev) -> bool {
        self.nodes.values().any(|n| n.parent.as_ref() == Some(rev))
    }

    /// The tips of every branch, in revision order.
    pub fn leaves(&self) -> Vec<Leaf> {
        let parents: BTreeSet<&Rev> = self
            .nodes
            .values()
            .filter_map(|n| n.parent.as_ref())
            .collect();
        self.nodes
            .iter()
            .filter(|(rev, _)| !parents.contains(rev))
            .map(|(rev, node)| Leaf {
                rev: rev.clone(),
                deleted: node.deleted,
            })
            .collect()
    }

    pub fn is_leaf(&self, rev: &Rev) -> bool {
        self.nodes.contains_key(rev) && !self.has_children(rev)
    }

    /// The revision CouchDB shows: a leaf that is not deleted if there is one,
    /// then the highest generation, then the greater hash.
    pub fn winner(&self) -> Option<Leaf> {
        self.leaves()
            .into_iter()
            .max_by(|a, b| (!a.deleted, &a.rev).cmp(&(!b.deleted, &b.rev)))
    }

    /// Leaves other than the winner that are not deleted (CouchDB's `_conflicts`).
    pub fn conflicts(&self) -> Vec<Rev> {
        let winner = self.winner().map(|w| w.rev);
        let mut revs: Vec<Rev> = self
            .leaves()
            .into_iter()
            .filter(|l| !l.deleted && Some(&l.rev) != winner.as_ref())
            .map(|l| l.rev)
            .collect();
        revs.sort_by(|a, b| b.cmp(a));
        revs
    }

    /// Whether the document as shown is deleted (no live branch remains).
    pub fn is_deleted(&self) -> bool {
        self.winner().is_none_or(|w| w.deleted)
    }

    /// The history of `rev` back to the oldest known ancestor.
    pub fn path_to(&self, rev: &Rev) -> Option<RevPath> {
        let mut revs = vec![rev.clone()];
        let mut node = self.nodes.get(rev)?;
        while let Some(parent) = &node.parent {
            revs.push(parent.clone());
            match self.nodes.get(parent) {
                Some(n) => node = n,
                None => break,
            }
        }
        Some(RevPath(revs))
    }

    /// Which of `revs` this tree does not hold (the `_revs_diff` rule: a
    /// revision known only as an ancestor is not missing).
    pub fn missing<'a>(&self, revs: impl IntoIterator<Item = &'a Rev>) -> Vec<Rev> {
        let mut missing: Vec<Rev> = revs
            .into_iter()
            .filter(|r| !self.nodes.contains_key(r))
            .cloned()
            .collect();
        missing.sort();
        missing.dedup();
        missing
    }

    /// Forgets revisions more than `limit` steps behind every leaf, as
    /// CouchDB's `revs_limit` does, so a record edited often stays small.
    pub fn stem(&mut self, limit: usize) {
        self.stem_keeping(limit, None);
    }

    /// [`RevTree::stem`], except that a branch holding `anchor` keeps it
    /// and everything after it: a revision the server is known to have.
    /// The branch's next push names its history, and the server can only
    /// join that history to its own through a revision it holds; without
    /// one it would keep the push as a second branch, a conflict of the
    /// device with itself.
    pub fn stem_keeping(&mut self, limit: usize, anchor: Option<&Rev>) {
        let limit = limit.max(1);
        let mut keep = BTreeSet::new();
        for leaf in self.leaves() {
            if let Some(path) = self.path_to(&leaf.rev) {
                let revs = path.revs();
                let reach = anchor
                    .and_then(|a| revs.iter().position(|r| r == a))
                    .map_or(limit, |at| limit.max(at + 1));
                keep.extend(revs.iter().take(reach).cloned());
            }
        }
        self.nodes.retain(|rev, _| keep.contains(rev));
        let kept: BTreeSet<Rev> = self.nodes.keys().cloned().collect();
        for node in self.nodes.values_mut() {
            if node.parent.as_ref().is_some_and(|p| !kept.contains(p)) {
                node.parent = None;
            }
        }
    }
}

/// The underscore fields a document carries besides its own data.
const META_FIELDS: [&str; 6] = [
    "_id",
    "_rev",
    "_revisions",
    "_deleted",
    "_conflicts",
    "_deleted_conflicts",
];

/// One revision of a document as received from the other side, checked and
/// split into its history and its own fields.
#[derive(Clone, Debug, PartialEq)]
pub struct IncomingRevision {
    pub id: String,
    pub path: RevPath,
    pub deleted: bool,
    /// The document's own fields, without `_id`, `_rev`, `_revisions`, `_deleted`.
    pub body: Map<String, Value>,
}

impl IncomingRevision {
    /// Reads a document with `_id`, `_rev` and (optionally) `_revisions`.
    pub fn from_json(doc: &Value) -> Result<Self, RevError> {
        let obj = doc.as_object().ok_or(RevError::MissingId)?;
        let id = obj
            .get("_id")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .ok_or(RevError::MissingId)?
            .to_string();
        let rev: Rev = obj
            .get("_rev")
            .and_then(Value::as_str)
            .ok_or_else(|| RevError::MissingRev(id.clone()))?
            .parse()?;
        let path = match obj.get("_revisions") {
            Some(r) => {
                let revisions: Revisions = serde_json::from_value(r.clone())
                    .map_err(|e| RevError::BadHistory(e.to_string()))?;
                let path = RevPath::from_revisions(&revisions)?;
                if path.head() != &rev {
                    return Err(RevError::RevMismatch {
                        id,
                        rev: rev.to_string(),
                    });
                }
                path
            }
            None => RevPath(vec![rev]),
        };
        let deleted = obj
            .get("_deleted")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let body = obj
            .iter()
            .filter(|(k, _)| !META_FIELDS.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Ok(IncomingRevision {
            id,
            path,
            deleted,
            body,
        })
    }

    pub fn rev(&self) -> &Rev {
        self.path.head()
    }
}

/// One document as a local store keeps it: its revision tree and the data of
/// every leaf, so conflicting versions can be shown side by side.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StoredDoc {
    pub id: String,
    pub tree: RevTree,
    /// The fields of each leaf revision (deleted leaves have none).
    pub leaves: BTreeMap<Rev, Map<String, Value>>,
}

impl StoredDoc {
    pub fn new(id: impl Into<String>) -> Self {
        StoredDoc {
            id: id.into(),
            ..StoredDoc::default()
        }
    }

    /// Merges a revision received from the other side (`new_edits: false`):
    /// nothing already here changes, the new branch is added. Returns true
    /// when the revision was new.
    pub fn merge(&mut self, incoming: &IncomingRevision) -> Result<bool, RevError> {
        if incoming.id != self.id {
            return Err(RevError::WrongDocument {
                expected: self.id.clone(),
                got: incoming.id.clone(),
            });
        }
        let is_new = self.tree.merge_path(&incoming.path, incoming.deleted);
        let head = incoming.rev();
        if self.tree.is_leaf(head) && !incoming.deleted && !self.leaves.contains_key(head) {
            self.leaves.insert(head.clone(), incoming.body.clone());
        }
        self.drop_stale_bodies();
        Ok(is_new)
    }

    fn drop_stale_bodies(&mut self) {
        let live: BTreeSet<Rev> = self.live_leaves().collect();
        self.leaves.retain(|rev, _| live.contains(rev));
    }

    /// The leaves that are not deletions, in revision order.
    fn live_leaves(&self) -> impl Iterator<Item = Rev> + use<> {
        self.tree
            .leaves()
            .into_iter()
            .filter(|l| !l.deleted)
            .map(|l| l.rev)
    }

    /// Records a local edit on top of `parent` (None for a new document) and
    /// returns its revision. The hash is computed from the parent and the
    /// content, so the same edit made twice gives the same revision.
    pub fn edit(
        &mut self,
        parent: Option<&Rev>,
        body: Map<String, Value>,
        deleted: bool,
    ) -> Result<Rev, RevError> {
        let mut revs = match parent {
            Some(p) => {
                if !self.tree.is_leaf(p) {
                    return Err(RevError::NotALeaf(p.to_string()));
                }
                self.tree.path_to(p).map(|p| p.0).unwrap_or_default()
            }
            None => {
                // A document that already has revisions is edited on one of
                // its leaves (a deleted one to bring it back), never re-rooted.
                if let Some(w) = self.tree.winner() {
                    return Err(RevError::NotALeaf(w.rev.to_string()));
                }
                Vec::new()
            }
        };
        let generation = parent.map_or(1, |p| p.generation + 1);
        let hash = rev_hash(parent, deleted, &body);
        let rev = Rev::new(generation, hash);
        revs.insert(0, rev.clone());
        let incoming = IncomingRevision {
            id: self.id.clone(),
            path: RevPath(revs),
            deleted,
            body: if deleted { Map::new() } else { body },
        };
        self.merge(&incoming)?;
        Ok(rev)
    }

    /// Ends a conflict: every live leaf but `keep` gets a deletion on top,
    /// and `merged` (if given) becomes a new version on top of `keep`, as
    /// when the user merges two versions. Returns the revision now shown.
    pub fn resolve(
        &mut self,
        keep: &Rev,
        merged: Option<Map<String, Value>>,
    ) -> Result<Rev, RevError> {
        let live: Vec<Rev> = self.live_leaves().collect();
        if !live.contains(keep) {
            return Err(RevError::NotALeaf(keep.to_string()));
        }
        for rev in live.iter().filter(|r| *r != keep) {
            self.edit(Some(rev), Map::new(), true)?;
        }
        match merged {
            Some(body) => self.edit(Some(keep), body, false),
            None => Ok(keep.clone()),
        }
    }

    /// Forgets history more than `limit` revisions behind each leaf (see
    /// [`RevTree::stem`]); the leaves and their fields stay.
    pub fn stem(&mut self, limit: usize) {
        self.tree.stem(limit);
    }

    pub fn winner(&self) -> Option<Leaf> {
        self.tree.winner()
    }

    pub fn conflicts(&self) -> Vec<Rev> {
        self.tree.conflicts()
    }

    pub fn is_deleted(&self) -> bool {
        self.tree.is_deleted()
    }

    /// A leaf as CouchDB sends it: `_id`, `_rev`, `_deleted` when deleted,
    /// `_revisions` when asked for, then the fields.
    pub fn leaf_json(&self, rev: &Rev, with_revisions: bool) -> Option<Value> {
        let leaf = self.tree.leaves().into_iter().find(|l| &l.rev == rev)?;
        let mut doc = Map::new();
        doc.insert("_id".into(), Value::String(self.id.clone()));
        doc.insert("_rev".into(), Value::String(rev.to_string()));
        if leaf.deleted {
            doc.insert("_deleted".into(), Value::Bool(true));
        } else {
            let body = self.leaves.get(rev)?;
            doc.extend(body.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        if with_revisions {
            let path = self.tree.path_to(rev)?;
            let revisions = serde_json::to_value(path.to_revisions()).ok()?;
            doc.insert("_revisions".into(), revisions);
        }
        Some(Value::Object(doc))
    }

    /// The winning version with `_id` and `_rev`, and `_conflicts` if any.
    pub fn winning_json(&self) -> Option<Value> {
        let winner = self.winner()?;
        let mut doc = self.leaf_json(&winner.rev, false)?;
        let conflicts = self.conflicts();
        if !conflicts.is_empty() {
            let list = conflicts
                .iter()
                .map(|r| Value::String(r.to_string()))
                .collect();
            doc.as_object_mut()?
                .insert("_conflicts".into(), Value::Array(list));
        }
        Some(doc)
    }
}

/// 32 hex digits from the parent, the deletion flag and the content (FNV-1a,
/// 128 bits, over canonical JSON): stable across devices and builds.
pub fn rev_hash(parent: Option<&Rev>, deleted: bool, body: &Map<String, Value>) -> String {
    let mut text = String::new();
    if let Some(p) = parent {
        text.push_str(&p.to_string());
    }
    text.push(if deleted { '1' } else { '0' });
    canonical_json(&Value::Object(body.clone()), &mut text);
    format!("{:032x}", fnv1a_128(text.as_bytes()))
}

pub(crate) fn fnv1a_128(bytes: &[u8]) -> u128 {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    bytes
        .iter()
        .fold(OFFSET, |h, b| (h ^ u128::from(*b)).wrapping_mul(PRIME))
}

/// JSON with object keys sorted, whatever order the map keeps them in.
fn canonical_json(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                canonical_json(&map[k], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical_json(v, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn rev(s: &str) -> Rev {
        s.parse().unwrap()
    }

    fn path(revs: &[&str]) -> RevPath {
        RevPath::new(revs.iter().map(|r| rev(r)).collect()).unwrap()
    }

    #[test]
    fn parses_and_prints_revision_ids() {
        let r = rev("3-0123456789abcdef0123456789abcdef");
        assert_eq!(r.generation, 3);
        assert_eq!(r.to_string(), "3-0123456789abcdef0123456789abcdef");
        for bad in ["", "3", "-abc", "0-abc", "x-abc", "3-"] {
            assert!(bad.parse::<Rev>().is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn revisions_form_round_trips_and_is_checked() {
        let revisions = Revisions {
            start: 3,
            ids: vec!["c".into(), "b".into(), "a".into()],
        };
        let p = RevPath::from_revisions(&revisions).unwrap();
        assert_eq!(p.revs(), path(&["3-c", "2-b", "1-a"]).revs());
        assert_eq!(p.to_revisions(), revisions);
        let too_long = Revisions {
            start: 1,
            ids: vec!["b".into(), "a".into()],
        };
        assert!(RevPath::from_revisions(&too_long).is_err());
        assert!(RevPath::new(vec![rev("3-c"), rev("1-a")]).is_err());
    }

    #[test]
    fn winner_prefers_live_then_generation_then_hash() {
        let mut t = RevTree::new();
        t.merge_path(&path(&["2-b", "1-a"]), false);
        t.merge_path(&path(&["3-z", "2-y", "1-a"]), true);
        // The longer branch is deleted, so the live one wins.
        assert_eq!(t.winner().unwrap().rev, rev("2-b"));
        t.merge_path(&path(&["2-c", "1-a"]), false);
        assert_eq!(t.winner().unwrap().rev, rev("2-c"));
        assert_eq!(t.conflicts(), vec![rev("2-b")]);
        t.merge_path(&path(&["3-a", "2-b"]), false);
        assert_eq!(t.winner().unwrap().rev, rev("3-a"));
        assert_eq!(t.conflicts(), vec![rev("2-c")]);
        assert!(!t.is_deleted());
    }

    #[test]
    fn all_branches_deleted_means_deleted_with_highest_tombstone_winning() {
        let mut t = RevTree::new();
        t.merge_path(&path(&["2-b", "1-a"]), true);
        t.merge_path(&path(&["3-c", "2-x", "1-a"]), true);
        assert!(t.is_deleted());
        assert_eq!(t.winner().unwrap().rev, rev("3-c"));
        assert!(t.conflicts().is_empty());
    }

    #[test]
    fn trimmed_history_is_joined_when_the_older_part_arrives() {
        let mut t = RevTree::new();
        t.merge_path(&path(&["5-e", "4-d"]), false);
        assert_eq!(t.path_to(&rev("5-e")).unwrap().revs().len(), 2);
        t.merge_path(&path(&["4-d", "3-c", "2-b", "1-a"]), false);
        assert_eq!(t.leaves().len(), 1);
        assert_eq!(t.path_to(&rev("5-e")).unwrap().revs().len(), 5);
    }

    #[test]
    fn missing_skips_known_ancestors() {
        let mut t = RevTree::new();
        t.merge_path(&path(&["3-c", "2-b", "1-a"]), false);
        let offered = [rev("2-b"), rev("3-c"), rev("3-d"), rev("4-e")];
        assert_eq!(t.missing(&offered), vec![rev("3-d"), rev("4-e")]);
    }

    #[test]
    fn stemming_keeps_the_newest_revisions_of_every_branch() {
        let mut t = RevTree::new();
        t.merge_path(&path(&["5-e", "4-d", "3-c", "2-b", "1-a"]), false);
        t.merge_path(&path(&["3-x", "2-b"]), false);
        t.stem(2);
        let mut kept: Vec<String> = t.nodes.keys().map(|r| r.to_string()).collect();
        kept.sort();
        assert_eq!(kept, ["2-b", "3-x", "4-d", "5-e"]);
        assert_eq!(t.winner().unwrap().rev, rev("5-e"));
        assert_eq!(t.path_to(&rev("5-e")).unwrap().revs().len(), 2);
    }

    #[test]
    fn stemming_keeps_what_the_server_holds_on_its_branch() {
        let mut t = RevTree::new();
        t.merge_path(&path(&["6-f", "5-e", "4-d", "3-c", "2-b", "1-a"]), false);
        t.merge_path(&path(&["3-x", "2-b"]), false);
        t.stem_keeping(2, Some(&rev("3-c")));
        let mut kept: Vec<String> = t.nodes.keys().map(|r| r.to_string()).collect();
        kept.sort();
        // 3-c and what came after it stay; the other branch is stemmed as
        // usual, and nothing older than the anchor is kept for it.
        assert_eq!(kept, ["2-b", "3-c", "3-x", "4-d", "5-e", "6-f"]);
        // An anchor on no branch changes nothing.
        let mut u = t.clone();
        u.stem_keeping(2, Some(&rev("9-z")));
        assert_eq!(u.path_to(&rev("6-f")).unwrap().revs().len(), 2);
    }

    #[test]
    fn stored_doc_keeps_every_live_leaf_and_forgets_replaced_ones() {
        let mut doc = StoredDoc::new("contact:1");
        let mut body = Map::new();
        body.insert("name".into(), json!("Ada"));
        let r1 = doc.edit(None, body.clone(), false).unwrap();
        body.insert("name".into(), json!("Ada L."));
        let r2 = doc.edit(Some(&r1), body.clone(), false).unwrap();
        assert_eq!(doc.leaves.len(), 1);
        assert!(doc.leaves.contains_key(&r2));
        // An edit on an old revision is refused rather than forking silently.
        assert!(doc.edit(Some(&r1), body.clone(), false).is_err());
        let other = IncomingRevision::from_json(&json!({
            "_id": "contact:1", "_rev": "2-ffff", "name": "Ada Lovelace",
            "_revisions": {"start": 2, "ids": ["ffff", r1.hash]}
        }))
        .unwrap();
        assert!(doc.merge(&other).unwrap());
        assert!(!doc.merge(&other).unwrap());
        assert_eq!(doc.leaves.len(), 2);
        let shown = doc.winning_json().unwrap();
        assert_eq!(shown["_rev"], json!("2-ffff"));
        assert_eq!(shown["_conflicts"], json!([r2.to_string()]));
        // Deleting the losing branch resolves the conflict.
        doc.edit(Some(&r2), Map::new(), true).unwrap();
        assert!(doc.conflicts().is_empty());
        assert_eq!(doc.leaves.len(), 1);
        assert!(!doc.is_deleted());
        let tomb = doc.tree.leaves().into_iter().find(|l| l.deleted).unwrap();
        let json = doc.leaf_json(&tomb.rev, true).unwrap();
        assert_eq!(json["_deleted"], json!(true));
        assert_eq!(json["_revisions"]["ids"].as_array().unwrap().len(), 3);
    }

    #[test]
    fn resolving_keeps_one_version_or_a_merge_and_deletes_the_others() {
        let mut doc = StoredDoc::new("meeting:1");
        let base = doc
            .edit(
                None,
                json!({"notes": "a"}).as_object().unwrap().clone(),
                false,
            )
            .unwrap();
        let mine = doc
            .edit(
                Some(&base),
                json!({"notes": "a b"}).as_object().unwrap().clone(),
                false,
            )
            .unwrap();
        let theirs = IncomingRevision::from_json(&json!({
            "_id": "meeting:1", "_rev": "2-0000", "notes": "a c",
            "_revisions": {"start": 2, "ids": ["0000", base.hash]}
        }))
        .unwrap();
        doc.merge(&theirs).unwrap();
        let mut merged_doc = doc.clone();
        // Keeping the lower-ranked version still shows it afterwards.
        let kept = doc.resolve(theirs.rev(), None).unwrap();
        assert_eq!(kept, *theirs.rev());
        assert_eq!(doc.winner().unwrap().rev, kept);
        assert!(doc.conflicts().is_empty());
        assert!(doc.resolve(&mine, None).is_err());
        // Merging both texts makes a new version on top of the kept one.
        let merged = json!({"notes": "a b\n\na c"}).as_object().unwrap().clone();
        let rev = merged_doc.resolve(&mine, Some(merged.clone())).unwrap();
        assert_eq!(rev.generation, 3);
        assert_eq!(
            merged_doc.winning_json().unwrap()["notes"],
            json!("a b\n\na c")
        );
        assert!(merged_doc.conflicts().is_empty());
        assert_eq!(merged_doc.leaves.len(), 1);
    }

    #[test]
    fn a_stored_doc_is_compact_and_loads_back() {
        let mut doc = StoredDoc::new("contact:1");
        let mut parent = None;
        for i in 0..10 {
            let body = json!({"name": format!("v{i}")})
                .as_object()
                .unwrap()
                .clone();
            parent = Some(doc.edit(parent.as_ref(), body, false).unwrap());
        }
        let text = serde_json::to_string(&doc).unwrap();
        // Ten revisions of 32 hex digits, stored once each.
        assert!(text.len() < 10 * 36 + 120, "{} bytes: {text}", text.len());
        assert_eq!(serde_json::from_str::<StoredDoc>(&text).unwrap(), doc);
        assert!(serde_json::from_str::<RevTree>(r#"[{"start": 1, "ids": ["b", "a"]}]"#).is_err());
    }

    #[test]
    fn incoming_documents_are_checked() {
        let ok = IncomingRevision::from_json(&json!({
            "_id": "a", "_rev": "2-b", "_revisions": {"start": 2, "ids": ["b", "a"]},
            "_conflicts": ["2-c"], "type": "contact"
        }))
        .unwrap();
        assert_eq!(
            ok.body,
            json!({"type": "contact"}).as_object().unwrap().clone()
        );
        for bad in [
            json!({"_rev": "1-a"}),
            json!({"_id": "a"}),
            json!({"_id": "a", "_rev": "x"}),
            json!({"_id": "a", "_rev": "2-b", "_revisions": {"start": 2, "ids": ["c", "a"]}}),
            json!({"_id": "a", "_rev": "2-b", "_revisions": {"start": 1, "ids": ["b", "a"]}}),
            json!(["not", "a", "document"]),
        ] {
            assert!(IncomingRevision::from_json(&bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rev_hash_ignores_key_order_and_covers_parent_and_content() {
        let a: Map<String, Value> =
            serde_json::from_str(r#"{"x":1,"y":[1,{"b":2,"a":1}]}"#).unwrap();
        let mut b = Map::new();
        b.insert("y".into(), json!([1, {"a": 1, "b": 2}]));
        b.insert("x".into(), json!(1));
        assert_eq!(rev_hash(None, false, &a), rev_hash(None, false, &b));
        assert_ne!(rev_hash(None, false, &a), rev_hash(None, true, &a));
        assert_ne!(
            rev_hash(None, false, &a),
            rev_hash(Some(&rev("1-a")), false, &a)
        );
        assert_eq!(rev_hash(None, false, &a).len(), 32);
    }

    /// A random history of edits: each edit extends an earlier revision (or
    /// starts a root), possibly as a deletion.
    fn edit_history() -> impl Strategy<Value = Vec<(RevPath, bool)>> {
        prop::collection::vec(
            (any::<prop::sample::Index>(), any::<bool>(), 0u8..16),
            1..24,
        )
        .prop_map(|steps| {
            let mut made: Vec<RevPath> = Vec::new();
            let mut out = Vec::new();
            for (i, (pick, deleted, salt)) in steps.into_iter().enumerate() {
                let parent = if made.is_empty() || i % 7 == 3 {
                    None
                } else {
                    Some(made[pick.index(made.len())].clone())
                };
                let generation = parent.as_ref().map_or(1, |p| p.head().generation + 1);
                let rev = Rev::new(generation, format!("{:02x}{i:02}", salt));
                let mut revs = vec![rev];
                if let Some(p) = parent {
                    revs.extend(p.revs().iter().cloned());
                }
                let path = RevPath::new(revs).unwrap();
                made.push(path.clone());
                out.push((path, deleted));
            }
            out
        })
    }

    /// A path as a replicator may send it: cut `keep` revisions down, but
    /// never above the newest revision the receiver already holds.
    fn trimmed(path: &RevPath, keep: usize, receiver: &RevTree) -> RevPath {
        let revs = path.revs();
        let known = revs
            .iter()
            .position(|r| receiver.contains(r))
            .map_or(revs.len(), |i| i + 1);
        RevPath::new(revs.iter().take(keep.max(known)).cloned().collect()).unwrap()
    }

    proptest! {
        #[test]
        fn any_order_gives_the_same_tree_and_winner(
            edits in edit_history(),
            order in any::<prop::sample::Index>(),
            seed in any::<u64>(),
        ) {
            let mut forward = RevTree::new();
            for (p, d) in &edits {
                forward.merge_path(p, *d);
            }
            // A shuffled order, decided by the seed.
            let mut shuffled = edits.clone();
            let mut s = seed | 1;
            for i in (1..shuffled.len()).rev() {
                s ^= s << 13; s ^= s >> 7; s ^= s << 17;
                shuffled.swap(i, (s % (i as u64 + 1)) as usize);
            }
            let mut other = RevTree::new();
            for (p, d) in &shuffled {
                other.merge_path(p, *d);
            }
            // Replaying some edits twice changes nothing.
            let again = &edits[order.index(edits.len())];
            other.merge_path(&again.0, again.1);
            prop_assert_eq!(&forward, &other);
            prop_assert_eq!(forward.winner(), other.winner());
            prop_assert_eq!(forward.conflicts(), other.conflicts());
        }

        #[test]
        fn replicas_exchanging_trimmed_histories_agree_on_the_winner(
            edits in edit_history(),
            split in any::<prop::sample::Index>(),
            keep in 1usize..4,
        ) {
            // Two replicas each saw part of the edits, then exchange their
            // leaves with histories as short as replication may send them.
            let cut = split.index(edits.len() + 1);
            let mut a = RevTree::new();
            let mut b = RevTree::new();
            for (p, d) in &edits[..cut] { a.merge_path(p, *d); }
            for (p, d) in &edits[cut..] { b.merge_path(p, *d); }
            let a_leaves: Vec<(RevPath, bool)> = a.leaves().iter()
                .map(|l| (trimmed(&a.path_to(&l.rev).unwrap(), keep, &b), l.deleted)).collect();
            let b_leaves: Vec<(RevPath, bool)> = b.leaves().iter()
                .map(|l| (trimmed(&b.path_to(&l.rev).unwrap(), keep, &a), l.deleted)).collect();
            for (p, d) in &b_leaves { a.merge_path(p, *d); }
            for (p, d) in &a_leaves { b.merge_path(p, *d); }
            let mut full = RevTree::new();
            for (p, d) in &edits { full.merge_path(p, *d); }
            prop_assert_eq!(&a, &full);
            prop_assert_eq!(&b, &full);
            prop_assert_eq!(a.winner(), b.winner());
        }

        #[test]
        fn a_stored_tree_loads_back_the_same(edits in edit_history(), limit in 1usize..6) {
            let mut t = RevTree::new();
            for (p, d) in &edits { t.merge_path(p, *d); }
            let text = serde_json::to_string(&t).unwrap();
            prop_assert_eq!(&serde_json::from_str::<RevTree>(&text).unwrap(), &t);
            t.stem(limit);
            let text = serde_json::to_string(&t).unwrap();
            prop_assert_eq!(&serde_json::from_str::<RevTree>(&text).unwrap(), &t);
        }

        #[test]
        fn winner_is_a_leaf_and_beats_every_other_leaf(edits in edit_history()) {
            let mut t = RevTree::new();
            for (p, d) in &edits { t.merge_path(p, *d); }
            let w = t.winner().unwrap();
            for l in t.leaves() {
                prop_assert!((!w.deleted, &w.rev) >= (!l.deleted, &l.rev));
            }
            prop_assert!(t.is_leaf(&w.rev));
        }
    }
}
