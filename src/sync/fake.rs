//! An in-memory CouchDB database for the replication tests: real revision
//! trees and sequences, CouchDB's status codes and bodies, opaque string
//! sequences as CouchDB 2+ sends them, and switches to make it fail.

use super::revtree::{IncomingRevision, Rev, StoredDoc};
use super::transport::{Method, Request, Response, Transport, TransportError};
use serde_json::{Map, Value, json};
use std::cell::RefCell;
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// No answer at all, as when the server is down.
    Down,
    /// `500 Internal Server Error`.
    Error500,
    /// `_bulk_docs` stores the first half of its documents, then fails.
    HalfWrite,
}

/// A request as the server saw it: method, path, query.
pub type Logged = (Method, String, Vec<(String, String)>);

#[derive(Default)]
struct State {
    missing: bool,
    wrong_password: bool,
    seq: u64,
    docs: BTreeMap<String, (u64, StoredDoc)>,
    locals: BTreeMap<String, Value>,
    /// Requests still answered normally before `failure` starts.
    fail_after: Option<(usize, Failure)>,
    /// Every request seen: method, path, query.
    log: Vec<Logged>,
    /// Documents received through `_bulk_docs`.
    docs_received: usize,
    garbled_changes: bool,
    stuck_changes: bool,
    short_pages: bool,
    negative_pending: bool,
}

pub struct FakeCouch {
    endpoint: String,
    state: RefCell<State>,
}

impl FakeCouch {
    pub fn new(endpoint: &str) -> Self {
        FakeCouch {
            endpoint: endpoint.to_string(),
            state: RefCell::new(State::default()),
        }
    }

    pub fn missing(endpoint: &str) -> Self {
        let couch = FakeCouch::new(endpoint);
        couch.state.borrow_mut().missing = true;
        couch
    }

    pub fn set_wrong_password(&self, wrong: bool) {
        self.state.borrow_mut().wrong_password = wrong;
    }

    /// `_changes` always answers a full page and never moves past `since`.
    pub fn set_stuck_changes(&self) {
        self.state.borrow_mut().stuck_changes = true;
    }

    /// `_changes` answers half a page at most, saying how many changes are
    /// still pending, as a clustered CouchDB may.
    pub fn set_short_pages(&self) {
        self.state.borrow_mut().short_pages = true;
    }

    /// `_changes` says a negative number of changes is pending, as CouchDB
    /// sometimes miscounts.
    pub fn set_negative_pending(&self) {
        self.state.borrow_mut().negative_pending = true;
    }

    pub fn set_garbled_changes(&self) {
        self.state.borrow_mut().garbled_changes = true;
    }

    /// Answers `requests` more requests, then fails as `failure` until healed.
    pub fn fail_after(&self, requests: usize, failure: Failure) {
        self.state.borrow_mut().fail_after = Some((requests, failure));
    }

    pub fn heal(&self) {
        self.state.borrow_mut().fail_after = None;
    }

    pub fn doc(&self, id: &str) -> Option<StoredDoc> {
        self.state.borrow().docs.get(id).map(|(_, d)| d.clone())
    }

    pub fn doc_count(&self) -> usize {
        self.state.borrow().docs.len()
    }

    pub fn docs_received(&self) -> usize {
        self.state.borrow().docs_received
    }

    pub fn take_log(&self) -> Vec<Logged> {
        std::mem::take(&mut self.state.borrow_mut().log)
    }

    fn handle(&self, request: Request) -> Result<Response, TransportError> {
        let mut state = self.state.borrow_mut();
        state
            .log
            .push((request.method, request.path.clone(), request.query.clone()));
        let mut half_write = false;
        if let Some((left, failure)) = state.fail_after {
            if left > 0 {
                state.fail_after = Some((left - 1, failure));
            } else {
                match failure {
                    Failure::Down => return Err(TransportError("connection refused".into())),
                    Failure::Error500 => {
                        return Ok(reply(
                            500,
                            json!({"error": "unknown_error", "reason": "badarg"}),
                        ));
                    }
                    Failure::HalfWrite => half_write = true,
                }
            }
        }
        if state.wrong_password {
            return Ok(reply(
                401,
                json!({"error": "unauthorized", "reason": "Name or password is incorrect."}),
            ));
        }
        if state.missing {
            return Ok(reply(
                404,
                json!({"error": "not_found", "reason": "Database does not exist."}),
            ));
        }
        let body = request.body.unwrap_or(Value::Null);
        let query = |key: &str| {
            request
                .query
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        };
        let response = match (request.method, request.path.as_str()) {
            (Method::Get, "") => reply(
                200,
                json!({"db_name": "fake", "update_seq": seq_json(state.seq), "doc_count": state.docs.len()}),
            ),
            (Method::Post, "_revs_diff") => {
                let Some(offered) = body.as_object() else {
                    return Ok(bad_request("body must be an object"));
                };
                let mut out = Map::new();
                for (id, revs) in offered {
                    let revs: Vec<Rev> = match serde_json::from_value(revs.clone()) {
                        Ok(r) => r,
                        Err(_) => return Ok(bad_request("bad revisions")),
                    };
                    let missing = match state.docs.get(id) {
                        Some((_, doc)) => doc.tree.missing(&revs),
                        None => revs,
                    };
                    if !missing.is_empty() {
                        out.insert(id.clone(), json!({"missing": missing}));
                    }
                }
                reply(200, Value::Object(out))
            }
            (Method::Post, "_bulk_docs") => {
                if body.get("new_edits") != Some(&json!(false)) {
                    return Ok(bad_request("replication must not create new edits"));
                }
                let Some(docs) = body.get("docs").and_then(Value::as_array) else {
                    return Ok(bad_request("docs missing"));
                };
                let take = if half_write {
                    docs.len() / 2
                } else {
                    docs.len()
                };
                for doc in &docs[..take] {
                    let incoming = match IncomingRevision::from_json(doc) {
                        Ok(i) => i,
                        Err(e) => return Ok(bad_request(&e.to_string())),
                    };
                    state.docs_received += 1;
                    let next = state.seq + 1;
                    let entry = state
                        .docs
                        .entry(incoming.id.clone())
                        .or_insert_with(|| (0, StoredDoc::new(&incoming.id)));
                    if entry.1.merge(&incoming).unwrap_or(false) {
                        entry.0 = next;
                        state.seq = next;
                    }
                }
                if half_write {
                    return Ok(reply(
                        500,
                        json!({"error": "unknown_error", "reason": "timeout"}),
                    ));
                }
                reply(201, json!([]))
            }
            (Method::Get, "_changes") => {
                if state.garbled_changes {
                    return Ok(reply(200, json!({"rows": "?"})));
                }
                if state.stuck_changes {
                    let since = query("since").unwrap_or("0");
                    let limit = query("limit").and_then(|l| l.parse().ok()).unwrap_or(1);
                    let row =
                        json!({"seq": since, "id": "contact:0", "changes": [{"rev": "1-aa"}]});
                    return Ok(reply(
                        200,
                        json!({"results": vec![row; limit], "last_seq": since}),
                    ));
                }
                let since = query("since").map_or(0, parse_seq);
                let limit = query("limit")
                    .and_then(|l| l.parse().ok())
                    .unwrap_or(usize::MAX);
                let all_docs = query("style") == Some("all_docs");
                let mut rows: Vec<(u64, &String, &StoredDoc)> = state
                    .docs
                    .iter()
                    .filter(|(_, (seq, _))| *seq > since)
                    .map(|(id, (seq, doc))| (*seq, id, doc))
                    .collect();
                rows.sort_by_key(|r| r.0);
                let total = rows.len();
                let page = if state.short_pages {
                    (limit / 2).max(1)
                } else {
                    limit
                };
                rows.truncate(page);
                let pending = if state.negative_pending {
                    -3
                } else {
                    (total - rows.len()) as i64
                };
                let last_seq = rows.last().map_or(since, |r| r.0);
                let results: Vec<Value> = rows
                    .iter()
                    .map(|(seq, id, doc)| {
                        let revs: Vec<Value> = if all_docs {
                            doc.tree
                                .leaves()
                                .iter()
                                .map(|l| json!({"rev": l.rev}))
                                .collect()
                        } else {
                            vec![json!({"rev": doc.winner().map(|w| w.rev)})]
                        };
                        let mut row = json!({"seq": seq_json(*seq), "id": id, "changes": revs});
                        if doc.is_deleted() {
                            row["deleted"] = json!(true);
                        }
                        row
                    })
                    .collect();
                reply(
                    200,
                    json!({"results": results, "last_seq": seq_json(last_seq), "pending": pending}),
                )
            }
            (Method::Post, "_bulk_get") => {
                let revs = query("revs") == Some("true");
                let Some(items) = body.get("docs").and_then(Value::as_array) else {
                    return Ok(bad_request("docs missing"));
                };
                let mut results = Vec::new();
                for item in items {
                    let id = item.get("id").and_then(Value::as_str).unwrap_or_default();
                    let rev: Option<Rev> = item
                        .get("rev")
                        .and_then(Value::as_str)
                        .and_then(|r| r.parse().ok());
                    let found = state
                        .docs
                        .get(id)
                        .zip(rev.as_ref())
                        .and_then(|((_, doc), rev)| doc.leaf_json(rev, revs));
                    let entry = match found {
                        Some(doc) => json!({"ok": doc}),
                        None => {
                            json!({"error": {"id": id, "rev": rev, "error": "not_found", "reason": "missing"}})
                        }
                    };
                    results.push(json!({"id": id, "docs": [entry]}));
                }
                reply(200, json!({"results": results}))
            }
            (Method::Get, path) if path.starts_with("_local/") => match state.locals.get(path) {
                Some(doc) => reply(200, doc.clone()),
                None => reply(404, json!({"error": "not_found", "reason": "missing"})),
            },
            (Method::Put, path) if path.starts_with("_local/") => {
                let current = state.locals.get(path).and_then(|d| d.get("_rev").cloned());
                if body.get("_rev").cloned() != current {
                    return Ok(reply(
                        409,
                        json!({"error": "conflict", "reason": "Document update conflict."}),
                    ));
                }
                let n = current
                    .as_ref()
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("0-"))
                    .and_then(|n| n.parse::<u64>().ok())
                    .unwrap_or(0);
                let rev = format!("0-{}", n + 1);
                let mut doc = body.clone();
                doc["_id"] = json!(path);
                doc["_rev"] = json!(rev);
                state.locals.insert(path.to_string(), doc);
                reply(201, json!({"ok": true, "id": path, "rev": rev}))
            }
            _ => reply(404, json!({"error": "not_found", "reason": "missing"})),
        };
        Ok(response)
    }
}

impl Transport for FakeCouch {
    fn endpoint(&self) -> String {
        self.endpoint.clone()
    }

    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        self.handle(request)
    }
}

fn reply(status: u16, body: Value) -> Response {
    Response { status, body }
}

fn bad_request(reason: &str) -> Response {
    reply(400, json!({"error": "bad_request", "reason": reason}))
}

/// CouchDB 2+ style: a string the client must not interpret.
fn seq_json(seq: u64) -> Value {
    json!(format!(
        "{seq}-g1AAAAFTeJzLYWBgYMlgTmFQSklKzi9KdUhJMtRLytVNTtYtLdYtzi8tykxLLYKJ"
    ))
}

fn parse_seq(text: &str) -> u64 {
    text.split('-')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}
