//! The CouchDB replication protocol's request and response bodies, the
//! replication id and checkpoint documents, and how failures read to a user.

use super::revtree::{Rev, RevError, rev_hash};
use super::transport::{Response, TransportError};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;

/// `POST /db/_revs_diff`: for each document, the revisions the sender has.
pub type RevsDiffRequest = BTreeMap<String, Vec<Rev>>;

/// The answer: per document, which offered revisions the receiver lacks.
pub type RevsDiffResponse = BTreeMap<String, RevsDiffEntry>;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevsDiffEntry {
    #[serde(default)]
    pub missing: Vec<Rev>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub possible_ancestors: Vec<Rev>,
}

/// `POST /db/_bulk_docs` as a replicator sends it: documents with their
/// `_revisions`, stored as they are (`new_edits: false`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BulkDocsRequest {
    pub docs: Vec<Value>,
    pub new_edits: bool,
}

/// One row of the `_bulk_docs` answer. With `new_edits: false` CouchDB only
/// lists failures; PouchDB lists every document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkDocsResult {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub rev: Option<String>,
    #[serde(default)]
    pub ok: Option<bool>,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
}

/// `GET /db/_changes?style=all_docs&since=<seq>&limit=<n>`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChangesResponse {
    pub results: Vec<ChangeRow>,
    /// Opaque: a number for PouchDB and CouchDB 1, a string for CouchDB 2+.
    pub last_seq: Value,
    /// Signed: CouchDB can report a negative count, which says nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChangeRow {
    pub seq: Value,
    pub id: String,
    /// Every leaf revision of the document (`style=all_docs`).
    pub changes: Vec<ChangeRev>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeRev {
    pub rev: Rev,
}

/// `since` as the query string wants it: a string sequence goes as is, a
/// number as its digits.
pub fn since_param(seq: &Value) -> String {
    match seq {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `POST /db/_bulk_get?revs=true`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkGetRequest {
    pub docs: Vec<BulkGetItem>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkGetItem {
    pub id: String,
    pub rev: Rev,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BulkGetResponse {
    pub results: Vec<BulkGetResult>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BulkGetResult {
    pub id: String,
    pub docs: Vec<BulkGetDoc>,
}

/// Either the document (`{"ok": {...}}`) or why it could not be read:
/// CouchDB sends `{"error": {...}}`, PouchDB Server `{"missing": "<rev>"}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum BulkGetDoc {
    #[serde(rename = "ok")]
    Ok(Value),
    #[serde(rename = "error")]
    Error(ErrorBody),
    #[serde(rename = "missing")]
    Missing(Value),
}

/// CouchDB's error body.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    #[serde(default)]
    pub error: String,
    #[serde(default)]
    pub reason: String,
}

/// Which way a replication runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// This device to the server.
    Push,
    /// The server to this device.
    Pull,
}

/// The id of the `_local/` checkpoint document for one replication: the
/// same two endpoints and direction always give the same id.
pub fn replication_id(local_replica: &str, remote_endpoint: &str, direction: Direction) -> String {
    let (source, target) = match direction {
        Direction::Push => (local_replica, remote_endpoint),
        Direction::Pull => (remote_endpoint, local_replica),
    };
    let mut key = Map::new();
    key.insert("replicator".into(), Value::String("rapport/1".into()));
    key.insert("source".into(), Value::String(source.into()));
    key.insert("target".into(), Value::String(target.into()));
    format!("rapport-{}", rev_hash(None, false, &key))
}

/// A checkpoint as stored in `_local/<replication id>` on both sides: the
/// source sequence up to which everything reached the target, for this and
/// a few earlier sessions so a run cut off between the two writes can still
/// resume from the last point both sides agree on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub session_id: String,
    pub source_last_seq: Value,
    /// This session first, then earlier ones.
    #[serde(default)]
    pub history: Vec<CheckpointEntry>,
    #[serde(default)]
    pub replicator: String,
    #[serde(default)]
    pub version: u32,
    /// When it was written, milliseconds since the Unix epoch.
    #[serde(default)]
    pub time: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckpointEntry {
    pub session_id: String,
    pub last_seq: Value,
}

/// How many sessions a checkpoint remembers.
const CHECKPOINT_HISTORY: usize = 5;

impl Checkpoint {
    /// A checkpoint for `session_id` at `seq`, keeping `earlier` sessions.
    pub fn new(session_id: &str, seq: Value, earlier: &[CheckpointEntry], now: i64) -> Self {
        let mut history = vec![CheckpointEntry {
            session_id: session_id.to_string(),
            last_seq: seq.clone(),
        }];
        history.extend(
            earlier
                .iter()
                .filter(|e| e.session_id != session_id)
                .take(CHECKPOINT_HISTORY - 1)
                .cloned(),
        );
        Checkpoint {
            session_id: session_id.to_string(),
            source_last_seq: seq,
            history,
            replicator: "rapport".into(),
            version: 1,
            time: now,
        }
    }

    /// Reads a stored checkpoint document, ignoring `_id`, `_rev` and
    /// fields other replicators add. None if it is not one of ours.
    pub fn from_json(doc: &Value) -> Option<Self> {
        serde_json::from_value(doc.clone()).ok()
    }

    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// Where to resume: the newest session both checkpoints record with the
/// same sequence, and the entries both agree on (to carry forward).
pub fn common_checkpoint(
    local: Option<&Checkpoint>,
    remote: Option<&Checkpoint>,
) -> Option<(Value, Vec<CheckpointEntry>)> {
    let (local, remote) = (local?, remote?);
    let agreed: Vec<CheckpointEntry> = local
        .history
        .iter()
        .filter(|e| remote.history.contains(e))
        .cloned()
        .collect();
    let newest = agreed.first()?.last_seq.clone();
    Some((newest, agreed))
}

/// Why a sync did not finish, in terms a user can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyncError {
    /// 401: the user name or password is wrong.
    WrongPassword,
    /// 403: signed in, but this user may not use this database.
    Forbidden(String),
    /// No answer: offline, wrong address, server down, or CORS not set up.
    Unreachable(String),
    /// 404 on the database itself.
    DatabaseMissing,
    /// 5xx or another unexpected status.
    Server { status: u16, reason: String },
    /// An answer that does not follow the protocol.
    Malformed(String),
    /// The server refused to store some records.
    Rejected { id: String, reason: String },
    /// This device's storage failed.
    Local(LocalError),
}

impl fmt::Display for SyncError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SyncError::WrongPassword => {
                write!(f, "The server did not accept the user name or password.")
            }
            SyncError::Forbidden(reason) => write!(
                f,
                "This user may not use that database. Ask the server's owner for access{}",
                reason_suffix(reason)
            ),
            SyncError::Unreachable(_) => write!(
                f,
                "Could not reach the sync server. Check that you are online, that the address \
                 is right, and that the server allows this app (CORS)."
            ),
            SyncError::DatabaseMissing => write!(
                f,
                "The server has no database by that name. Check the name (the server address \
                 should not end with it), or create the database on the server."
            ),
            // Waiting would not make a request smaller.
            SyncError::Server { status: 413, .. } => write!(
                f,
                "The sync server refused a request as too large (error 413). Its owner can \
                 raise the size it accepts (CouchDB's max_http_request_size)."
            ),
            SyncError::Server { status, reason } => write!(
                f,
                "The sync server had a problem (error {status}){}. Try again later.",
                reason_suffix(reason)
            ),
            SyncError::Malformed(what) => write!(
                f,
                "The sync server gave an answer Rapport does not understand ({what}). \
                 Is the address a CouchDB server?"
            ),
            SyncError::Rejected { id, reason } => write!(
                f,
                "The server refused to save record {id}{}. It stays on this device.",
                reason_suffix(reason)
            ),
            SyncError::Local(e) => write!(f, "{e}"),
        }
    }
}

fn reason_suffix(reason: &str) -> String {
    if reason.is_empty() {
        String::new()
    } else {
        format!(": {reason}")
    }
}

impl std::error::Error for SyncError {}

impl From<TransportError> for SyncError {
    fn from(e: TransportError) -> Self {
        SyncError::Unreachable(e.0)
    }
}

impl From<LocalError> for SyncError {
    fn from(e: LocalError) -> Self {
        SyncError::Local(e)
    }
}

impl From<RevError> for SyncError {
    fn from(e: RevError) -> Self {
        SyncError::Malformed(e.to_string())
    }
}

/// Maps an unsuccessful status to the error a user sees. `on_database` says
/// the request was for the database itself, where 404 means it is missing.
pub fn status_error(response: &Response, on_database: bool) -> SyncError {
    let body: ErrorBody = serde_json::from_value(response.body.clone()).unwrap_or_default();
    match response.status {
        401 => SyncError::WrongPassword,
        403 => SyncError::Forbidden(body.reason),
        404 if on_database
            || body.reason.contains("does not exist")
            || body.reason == "no_db_file" =>
        {
            SyncError::DatabaseMissing
        }
        status => SyncError::Server {
            status,
            reason: if body.reason.is_empty() {
                body.error
            } else {
                body.reason
            },
        },
    }
}

/// Reads a successful answer into its typed form.
pub fn parse_body<T: serde::de::DeserializeOwned>(
    response: Response,
    what: &str,
) -> Result<T, SyncError> {
    serde_json::from_value(response.body).map_err(|e| SyncError::Malformed(format!("{what}: {e}")))
}

/// Why the device's own store failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LocalError {
    /// The browser's storage for Rapport is full.
    Full,
    /// Storage is switched off, unreadable or refused the write.
    Unavailable(String),
}

impl fmt::Display for LocalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LocalError::Full => write!(
                f,
                "This device's storage for Rapport is full, so synced records could not be saved."
            ),
            LocalError::Unavailable(why) => {
                write!(f, "This device's storage could not be used ({why}).")
            }
        }
    }
}

impl std::error::Error for LocalError {}

impl From<crate::storage::StoreError> for LocalError {
    fn from(e: crate::storage::StoreError) -> Self {
        match e {
            crate::storage::StoreError::QuotaExceeded => LocalError::Full,
            crate::storage::StoreError::Unavailable(why) => LocalError::Unavailable(why),
            crate::storage::StoreError::NotText => {
                LocalError::Unavailable("a stored value is not valid text".into())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn replication_id_is_stable_and_depends_on_both_ends_and_direction() {
        let a = replication_id("phone-1", "https://h/db", Direction::Push);
        assert_eq!(
            a,
            replication_id("phone-1", "https://h/db", Direction::Push)
        );
        assert_ne!(
            a,
            replication_id("phone-1", "https://h/db", Direction::Pull)
        );
        assert_ne!(
            a,
            replication_id("phone-2", "https://h/db", Direction::Push)
        );
        assert_ne!(
            a,
            replication_id("phone-1", "https://h/db2", Direction::Push)
        );
        assert!(a.starts_with("rapport-") && a.len() == 8 + 32);
    }

    #[test]
    fn bodies_read_as_couchdb_and_pouchdb_send_them() {
        let changes: ChangesResponse = serde_json::from_value(json!({
            "results": [
                {"seq": "12-g1AAAA", "id": "contact:1", "changes": [{"rev": "2-b"}, {"rev": "2-c"}]},
                {"seq": 13, "id": "contact:2", "changes": [{"rev": "3-d"}], "deleted": true}
            ],
            "last_seq": "13-g1AAAB", "pending": 0
        }))
        .unwrap();
        assert_eq!(changes.results[0].changes.len(), 2);
        assert!(changes.results[1].deleted);
        assert_eq!(since_param(&changes.last_seq), "13-g1AAAB");
        assert_eq!(since_param(&json!(42)), "42");

        let diff: RevsDiffResponse = serde_json::from_value(
            json!({"a": {"missing": ["2-b"], "possible_ancestors": ["1-a"]}}),
        )
        .unwrap();
        assert_eq!(diff["a"].missing, vec!["2-b".parse::<Rev>().unwrap()]);

        let got: BulkGetResponse = serde_json::from_value(json!({"results": [
            {"id": "a", "docs": [
                {"ok": {"_id": "a", "_rev": "1-x"}},
                {"error": {"id": "a", "rev": "1-y", "error": "not_found", "reason": "missing"}},
                {"missing": "9-z"}
            ]}
        ]}))
        .unwrap();
        assert!(matches!(got.results[0].docs[0], BulkGetDoc::Ok(_)));
        assert!(matches!(&got.results[0].docs[1], BulkGetDoc::Error(e) if e.error == "not_found"));
        assert!(matches!(got.results[0].docs[2], BulkGetDoc::Missing(_)));

        let saved: Vec<BulkDocsResult> =
            serde_json::from_value(json!([{"ok": true, "id": "a", "rev": "1-x"}])).unwrap();
        assert_eq!(saved[0].error, None);
    }

    #[test]
    fn statuses_map_to_plain_errors() {
        let r = |status, body| Response { status, body };
        assert_eq!(
            status_error(&r(401, json!({})), false),
            SyncError::WrongPassword
        );
        assert_eq!(
            status_error(&r(404, json!({})), true),
            SyncError::DatabaseMissing
        );
        assert_eq!(
            status_error(
                &r(
                    404,
                    json!({"error": "not_found", "reason": "Database does not exist."})
                ),
                false
            ),
            SyncError::DatabaseMissing
        );
        assert!(matches!(
            status_error(&r(500, json!({"error": "x", "reason": "disk full"})), false),
            SyncError::Server { status: 500, ref reason } if reason == "disk full"
        ));
        assert!(matches!(
            status_error(&r(403, json!({})), false),
            SyncError::Forbidden(_)
        ));
        let text = SyncError::Unreachable("connection refused".into()).to_string();
        assert!(text.contains("CORS") && !text.contains("refused"));
        assert!(SyncError::WrongPassword.to_string().contains("password"));
        assert!(
            SyncError::DatabaseMissing
                .to_string()
                .contains("no database")
        );
        // Too large is not a passing problem: trying again later won't do.
        let too_large = SyncError::Server {
            status: 413,
            reason: String::new(),
        }
        .to_string();
        assert!(too_large.contains("too large") && !too_large.contains("Try again later"));
    }

    #[test]
    fn checkpoints_ignore_other_fields() {
        let c = Checkpoint::new("s1", json!("5-abc"), &[], 1_000);
        let mut stored = c.to_json();
        stored["_id"] = json!("_local/x");
        stored["_rev"] = json!("0-3");
        assert_eq!(Checkpoint::from_json(&stored), Some(c));
        assert_eq!(Checkpoint::from_json(&json!({"foo": 1})), None);
    }

    #[test]
    fn resume_point_is_the_newest_session_both_sides_agree_on() {
        let s1 = Checkpoint::new("s1", json!(10), &[], 0);
        let s2_remote = Checkpoint::new("s2", json!(20), &s1.history, 0);
        let s2_local_behind = Checkpoint::new("s2", json!(15), &s1.history, 0);
        // The remote write of session 2 landed, the local one did not.
        let (seq, agreed) = common_checkpoint(Some(&s2_local_behind), Some(&s2_remote)).unwrap();
        assert_eq!(seq, json!(10));
        assert_eq!(agreed.len(), 1);
        let (seq, _) = common_checkpoint(Some(&s2_remote), Some(&s2_remote.clone())).unwrap();
        assert_eq!(seq, json!(20));
        assert_eq!(common_checkpoint(None, Some(&s2_remote)), None);
        let other = Checkpoint::new("s9", json!(20), &[], 0);
        assert_eq!(common_checkpoint(Some(&other), Some(&s2_remote)), None);
        // Only a few sessions are remembered.
        let mut c = s1;
        for i in 0..20 {
            c = Checkpoint::new(&format!("t{i}"), json!(i), &c.history, 0);
        }
        assert_eq!(c.history.len(), 5);
    }
}
