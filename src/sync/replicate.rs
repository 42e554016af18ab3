//! Push and pull replication between this device's store and a remote
//! CouchDB-protocol database.
//!
//! Each batch is written to the target before its checkpoint, and the
//! checkpoint goes to both sides, so a run cut off anywhere resumes from the
//! last batch both sides confirm; re-sending a batch is harmless because
//! revisions are stored as they are (`new_edits: false`) and only the
//! missing ones travel.

use super::local::LocalDocs;
use super::protocol::{
    BulkDocsRequest, BulkDocsResult, BulkGetDoc, BulkGetItem, BulkGetRequest, BulkGetResponse,
    ChangesResponse, Checkpoint, CheckpointEntry, Direction, RevsDiffRequest, RevsDiffResponse,
    SyncError, common_checkpoint, parse_body, replication_id, since_param, status_error,
};
use super::revtree::IncomingRevision;
use super::transport::{Request, Response, Transport};
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// How one sync run behaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncOptions {
    /// Documents per round trip.
    pub batch_size: usize,
    /// Unique per run (e.g. the start time and a random number); marks this
    /// run's checkpoints.
    pub session_id: String,
    /// Milliseconds since the Unix epoch, recorded in checkpoints.
    pub now: i64,
}

impl SyncOptions {
    pub fn new(session_id: impl Into<String>, now: i64) -> Self {
        SyncOptions {
            batch_size: 100,
            session_id: session_id.into(),
            now,
        }
    }
}

/// What a push did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PushReport {
    /// Documents compared with the server.
    pub docs_checked: usize,
    /// Revisions the server lacked and received.
    pub revisions_sent: usize,
    /// The local sequence everything up to is now on the server.
    pub last_seq: u64,
}

/// What a pull did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PullReport {
    pub docs_checked: usize,
    pub revisions_received: usize,
    pub last_seq: Value,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SyncReport {
    pub pull: PullReport,
    pub push: PushReport,
}

/// Pulls, then pushes.
pub async fn sync<L: LocalDocs, T: Transport>(
    local: &mut L,
    remote: &T,
    options: &SyncOptions,
) -> Result<SyncReport, SyncError> {
    let pull = pull(local, remote, options).await?;
    let push = push(local, remote, options).await?;
    Ok(SyncReport { pull, push })
}

/// How many local documents changed since the last completed push.
pub fn pending_push<L: LocalDocs, T: Transport>(local: &L, remote: &T) -> Result<usize, SyncError> {
    let id = replication_id(&local.replica_id()?, &remote.endpoint(), Direction::Push);
    let since = local
        .get_checkpoint(&id)?
        .and_then(|c| Checkpoint::from_json(&c))
        .and_then(|c| c.source_last_seq.as_u64())
        .unwrap_or(0);
    Ok(local.changes_since(since, usize::MAX)?.len())
}

/// Checks the database is there and reads where the last run in
/// `direction` got to.
async fn start<L: LocalDocs, T: Transport>(
    local: &L,
    remote: &T,
    options: &SyncOptions,
    direction: Direction,
) -> Result<Checkpoints, SyncError> {
    check_database(remote).await?;
    let repl_id = replication_id(&local.replica_id()?, &remote.endpoint(), direction);
    Checkpoints::load(local, remote, &repl_id, options).await
}

/// Sends this device's changes to the server.
pub async fn push<L: LocalDocs, T: Transport>(
    local: &mut L,
    remote: &T,
    options: &SyncOptions,
) -> Result<PushReport, SyncError> {
    let mut checkpoints = start(local, remote, options, Direction::Push).await?;
    let mut since = checkpoints.start.as_u64().unwrap_or(0);
    let batch_size = options.batch_size.max(1);
    let mut report = PushReport {
        last_seq: since,
        ..PushReport::default()
    };
    loop {
        let changes = local.changes_since(since, batch_size)?;
        let Some(last) = changes.last() else { break };
        let batch_end = last.seq;
        if batch_end <= since {
            // A store that lists old changes again would loop for ever.
            break;
        }
        let mut offered = RevsDiffRequest::new();
        let mut docs = Vec::new();
        for change in &changes {
            if let Some(doc) = local.get(&change.id)? {
                let leaves = doc.tree.leaves().into_iter().map(|l| l.rev).collect();
                offered.insert(change.id.clone(), leaves);
                docs.push(doc);
            }
        }
        report.docs_checked += docs.len();
        let diff: RevsDiffResponse = parse_body(
            call(remote, Request::post("_revs_diff", json!(offered))).await?,
            "revision differences",
        )?;
        let mut outgoing = Vec::new();
        for doc in &docs {
            let Some(entry) = diff.get(&doc.id) else {
                continue;
            };
            for rev in &entry.missing {
                // A leaf replaced since the changes were read is skipped; its
                // successor has a later sequence and goes in a later batch.
                if let Some(json) = doc.leaf_json(rev, true) {
                    outgoing.push(json);
                }
            }
        }
        if !outgoing.is_empty() {
            let count = outgoing.len();
            let body = BulkDocsRequest {
                docs: outgoing,
                new_edits: false,
            };
            let saved: Vec<BulkDocsResult> = parse_body(
                call(remote, Request::post("_bulk_docs", json!(body))).await?,
                "saved records",
            )?;
            if let Some(failed) = saved.into_iter().find(|r| r.error.is_some()) {
                return Err(SyncError::Rejected {
                    id: failed.id.unwrap_or_default(),
                    reason: failed.reason.or(failed.error).unwrap_or_default(),
                });
            }
            report.revisions_sent += count;
        }
        since = batch_end;
        local.pushed_through(since)?;
        checkpoints.save(local, remote, json!(since)).await?;
        report.last_seq = since;
        if changes.len() < batch_size {
            break;
        }
    }
    Ok(report)
}

/// Brings the server's changes to this device.
pub async fn pull<L: LocalDocs, T: Transport>(
    local: &mut L,
    remote: &T,
    options: &SyncOptions,
) -> Result<PullReport, SyncError> {
    let mut checkpoints = start(local, remote, options, Direction::Pull).await?;
    let mut since = checkpoints.start.clone();
    let batch_size = options.batch_size.max(1);
    let mut report = PullReport {
        last_seq: since.clone(),
        ..PullReport::default()
    };
    loop {
        let request = Request::get("_changes")
            .query("style", "all_docs")
            .query("since", since_param(&since))
            .query("limit", batch_size.to_string());
        let changes: ChangesResponse = parse_body(call(remote, request).await?, "list of changes")?;
        if changes.results.is_empty() {
            break;
        }
        if changes.last_seq == since {
            return Err(SyncError::Malformed(
                "the list of changes does not move on".into(),
            ));
        }
        report.docs_checked += changes.results.len();
        let mut wanted = Vec::new();
        // Design documents are the server's business (validation, views),
        // not records of the notebook.
        for row in changes
            .results
            .iter()
            .filter(|r| !r.id.starts_with("_design/"))
        {
            let offered: Vec<_> = row.changes.iter().map(|c| c.rev.clone()).collect();
            let missing = match local.get(&row.id)? {
                Some(doc) => doc.tree.missing(&offered),
                None => offered,
            };
            wanted.extend(missing.into_iter().map(|rev| BulkGetItem {
                id: row.id.clone(),
                rev,
            }));
        }
        if !wanted.is_empty() {
            let incoming = fetch_revisions(remote, wanted).await?;
            report.revisions_received += incoming.len();
            local.put_revisions(incoming)?;
        }
        since = changes.last_seq.clone();
        checkpoints.save(local, remote, since.clone()).await?;
        report.last_seq = since.clone();
        // CouchDB 2 and later say how many changes are left; a clustered
        // one may answer a short page while more are pending. Without that
        // figure (CouchDB 1, PouchDB), or with a negative one (a known
        // CouchDB miscount), a short page is the last.
        let more = match changes.pending {
            Some(pending) if pending >= 0 => pending > 0,
            _ => changes.results.len() >= batch_size,
        };
        if !more {
            break;
        }
    }
    Ok(report)
}

async fn fetch_revisions<T: Transport>(
    remote: &T,
    wanted: Vec<BulkGetItem>,
) -> Result<Vec<IncomingRevision>, SyncError> {
    let requested: BTreeSet<(String, String)> = wanted
        .iter()
        .map(|w| (w.id.clone(), w.rev.to_string()))
        .collect();
    let request =
        Request::post("_bulk_get", json!(BulkGetRequest { docs: wanted })).query("revs", "true");
    let got: BulkGetResponse = parse_body(call(remote, request).await?, "records")?;
    let mut incoming = Vec::new();
    for result in got.results {
        for doc in result.docs {
            match doc {
                BulkGetDoc::Ok(json) => {
                    let revision = IncomingRevision::from_json(&json)?;
                    if !requested.contains(&(revision.id.clone(), revision.rev().to_string())) {
                        return Err(SyncError::Malformed(format!(
                            "record {} came back unasked",
                            revision.id
                        )));
                    }
                    incoming.push(revision);
                }
                // Replaced on the server since the change was listed: the
                // newer revision comes with a later change.
                BulkGetDoc::Error(e) if e.error == "not_found" => {}
                BulkGetDoc::Missing(_) => {}
                BulkGetDoc::Error(e) => {
                    return Err(SyncError::Server {
                        status: 200,
                        reason: format!("{} ({})", e.error, e.reason),
                    });
                }
            }
        }
    }
    Ok(incoming)
}

/// Sends a request; any status other than 2xx becomes the user's error.
async fn call<T: Transport>(remote: &T, request: Request) -> Result<Response, SyncError> {
    let response = remote.send(request).await?;
    if (200..300).contains(&response.status) {
        Ok(response)
    } else {
        Err(status_error(&response, false))
    }
}

/// Fails early, with the clearest message, when the database is not usable.
async fn check_database<T: Transport>(remote: &T) -> Result<(), SyncError> {
    let response = remote.send(Request::get("")).await?;
    match response.status {
        200..=299 if response.body.is_object() => Ok(()),
        200..=299 => Err(SyncError::Malformed("database information".into())),
        _ => Err(status_error(&response, true)),
    }
}

/// The checkpoint of one replication on both sides.
struct Checkpoints {
    replication_id: String,
    session_id: String,
    now: i64,
    /// Where this run starts (0 when the two sides do not agree).
    start: Value,
    /// Earlier sessions both sides agree on, carried into new checkpoints.
    agreed: Vec<CheckpointEntry>,
    /// The remote checkpoint document's current `_rev`, needed to replace it.
    remote_rev: Option<String>,
}

impl Checkpoints {
    async fn load<L: LocalDocs, T: Transport>(
        local: &L,
        remote: &T,
        replication_id: &str,
        options: &SyncOptions,
    ) -> Result<Self, SyncError> {
        let local_doc = local.get_checkpoint(replication_id)?;
        let (remote_doc, remote_rev) = read_remote_checkpoint(remote, replication_id).await?;
        let local_cp = local_doc.as_ref().and_then(Checkpoint::from_json);
        let remote_cp = remote_doc.as_ref().and_then(Checkpoint::from_json);
        let (start, agreed) = common_checkpoint(local_cp.as_ref(), remote_cp.as_ref())
            .unwrap_or_else(|| (json!(0), Vec::new()));
        Ok(Checkpoints {
            replication_id: replication_id.to_string(),
            session_id: options.session_id.clone(),
            now: options.now,
            start,
            agreed,
            remote_rev,
        })
    }

    /// Records `seq` on the server, then on this device.
    async fn save<L: LocalDocs, T: Transport>(
        &mut self,
        local: &mut L,
        remote: &T,
        seq: Value,
    ) -> Result<(), SyncError> {
        let checkpoint = Checkpoint::new(&self.session_id, seq, &self.agreed, self.now).to_json();
        let path = format!("_local/{}", self.replication_id);
        let mut attempt = 0;
        loop {
            let mut doc = checkpoint.clone();
            if let (Some(obj), Some(rev)) = (doc.as_object_mut(), &self.remote_rev) {
                obj.insert("_rev".into(), Value::String(rev.clone()));
            }
            let response = remote.send(Request::put(path.clone(), doc)).await?;
            if (200..300).contains(&response.status) {
                self.remote_rev = response
                    .body
                    .get("rev")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                break;
            }
            // Someone else replaced it (another run of this replication):
            // take its revision and write ours over it once.
            if response.status == 409 && attempt == 0 {
                attempt += 1;
                self.remote_rev = read_remote_checkpoint(remote, &self.replication_id)
                    .await?
                    .1;
                continue;
            }
            return Err(status_error(&response, false));
        }
        local.put_checkpoint(&self.replication_id, checkpoint)?;
        Ok(())
    }
}

async fn read_remote_checkpoint<T: Transport>(
    remote: &T,
    replication_id: &str,
) -> Result<(Option<Value>, Option<String>), SyncError> {
    let response = remote
        .send(Request::get(format!("_local/{replication_id}")))
        .await?;
    match response.status {
        200..=299 => {
            let rev = response
                .body
                .get("_rev")
                .and_then(Value::as_str)
                .map(str::to_string);
            Ok((Some(response.body), rev))
        }
        404 => Ok((None, None)),
        _ => Err(status_error(&response, false)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::fake::{Failure, FakeCouch};
    use crate::sync::local::MemoryDocs;
    use crate::sync::transport::{Method, block_on};
    use proptest::prelude::*;

    const SERVER: &str = "https://couch.example/rapport-ada";

    fn options(session: &str) -> SyncOptions {
        SyncOptions {
            batch_size: 10,
            session_id: session.into(),
            now: 1_764_000_000_000,
        }
    }

    fn sync_now(
        local: &mut MemoryDocs,
        couch: &FakeCouch,
        session: &str,
    ) -> Result<SyncReport, SyncError> {
        block_on(sync(local, couch, &options(session)))
    }

    fn contact(name: &str) -> Value {
        json!({"type": "contact", "name": name, "list": "B"})
    }

    /// Every document, as shown, with its conflicts.
    fn shown(local: &MemoryDocs) -> Vec<(String, Option<Value>)> {
        local
            .ids()
            .map(|id| {
                (
                    id.to_string(),
                    local.doc(id).and_then(StoredDocExt::shown_with_conflicts),
                )
            })
            .collect()
    }

    trait StoredDocExt {
        fn shown_with_conflicts(&self) -> Option<Value>;
    }

    impl StoredDocExt for crate::sync::revtree::StoredDoc {
        fn shown_with_conflicts(&self) -> Option<Value> {
            let mut doc = self.winning_json()?;
            if self.is_deleted() {
                doc["_deleted"] = json!(true);
            }
            Some(doc)
        }
    }

    #[test]
    fn two_devices_converge_through_the_server() {
        let couch = FakeCouch::new(SERVER);
        let mut phone = MemoryDocs::new("phone");
        let mut laptop = MemoryDocs::new("laptop");
        for i in 0..23 {
            phone
                .edit(&format!("contact:{i}"), contact(&format!("P{i}")))
                .unwrap();
        }
        laptop
            .edit(
                "organization:1",
                json!({"type": "organization", "name": "Acme"}),
            )
            .unwrap();
        let r = sync_now(&mut phone, &couch, "s1").unwrap();
        assert_eq!(r.push.revisions_sent, 23);
        sync_now(&mut laptop, &couch, "s2").unwrap();
        sync_now(&mut phone, &couch, "s3").unwrap();
        assert_eq!(couch.doc_count(), 24);
        assert_eq!(shown(&phone), shown(&laptop));
        assert_eq!(phone.shown("contact:7").unwrap()["name"], json!("P7"));

        // An edit on the laptop reaches the phone as the new winner.
        laptop
            .edit("contact:7", contact("P7 (met at the fair)"))
            .unwrap();
        sync_now(&mut laptop, &couch, "s4").unwrap();
        let r = sync_now(&mut phone, &couch, "s5").unwrap();
        assert_eq!(r.pull.revisions_received, 1);
        assert_eq!(r.push.revisions_sent, 0);
        assert_eq!(
            phone.shown("contact:7").unwrap()["name"],
            json!("P7 (met at the fair)")
        );
        assert_eq!(shown(&phone), shown(&laptop));

        // Nothing changed: nothing travels, only the changes list is asked.
        couch.take_log();
        let r = sync_now(&mut phone, &couch, "s6").unwrap();
        assert_eq!((r.pull.revisions_received, r.push.revisions_sent), (0, 0));
        assert!(
            couch
                .take_log()
                .iter()
                .all(|(m, p, _)| *m != Method::Post || p != "_bulk_docs")
        );
    }

    /// A laptop sends 23 contacts (more than two pages); the server is
    /// then set up by `paging`, and a fresh phone must receive them all.
    fn pull_everything_with(paging: impl FnOnce(&FakeCouch)) {
        let couch = FakeCouch::new(SERVER);
        let mut laptop = MemoryDocs::new("laptop");
        for i in 0..23 {
            laptop
                .edit(&format!("contact:{i}"), contact(&format!("L{i}")))
                .unwrap();
        }
        sync_now(&mut laptop, &couch, "l1").unwrap();
        paging(&couch);
        let mut phone = MemoryDocs::new("phone");
        let r = sync_now(&mut phone, &couch, "p1").unwrap();
        assert_eq!(r.pull.revisions_received, 23);
        assert_eq!(shown(&phone), shown(&laptop));
    }

    #[test]
    fn a_short_page_of_changes_with_more_pending_is_not_the_last() {
        pull_everything_with(FakeCouch::set_short_pages);
    }

    #[test]
    fn a_negative_pending_count_falls_back_to_full_pages() {
        pull_everything_with(FakeCouch::set_negative_pending);
    }

    #[test]
    fn design_documents_on_the_server_stay_there() {
        let couch = FakeCouch::new(SERVER);
        let design =
            json!({"_id": "_design/rules", "_rev": "1-aa", "validate_doc_update": "function() {}"});
        let saved = block_on(couch.send(Request::post(
            "_bulk_docs",
            json!({"docs": [design, {"_id": "contact:1", "_rev": "1-bb", "name": "Ada"}], "new_edits": false}),
        )))
        .unwrap();
        assert_eq!(saved.status, 201);
        let mut phone = MemoryDocs::new("phone");
        let r = sync_now(&mut phone, &couch, "a").unwrap();
        assert_eq!(r.pull.revisions_received, 1);
        assert_eq!(phone.ids().collect::<Vec<_>>(), ["contact:1"]);
    }

    #[test]
    fn concurrent_edits_show_the_same_winner_and_conflict_on_both() {
        let couch = FakeCouch::new(SERVER);
        let mut phone = MemoryDocs::new("phone");
        let mut laptop = MemoryDocs::new("laptop");
        phone.edit("contact:1", contact("Ada")).unwrap();
        sync_now(&mut phone, &couch, "a").unwrap();
        sync_now(&mut laptop, &couch, "b").unwrap();
        // Both edit while apart.
        let on_phone = phone.edit("contact:1", contact("Ada L. (phone)")).unwrap();
        let on_laptop = laptop
            .edit("contact:1", contact("Ada Lovelace (laptop)"))
            .unwrap();
        sync_now(&mut phone, &couch, "c").unwrap();
        sync_now(&mut laptop, &couch, "d").unwrap();
        sync_now(&mut phone, &couch, "e").unwrap();

        let expected_winner = on_phone.clone().max(on_laptop.clone());
        for device in [&phone, &laptop] {
            let doc = device.doc("contact:1").unwrap();
            assert_eq!(doc.winner().unwrap().rev, expected_winner);
            assert_eq!(doc.conflicts().len(), 1);
            // Both versions are kept, to be shown side by side.
            assert_eq!(doc.leaves.len(), 2);
        }
        assert_eq!(phone.doc("contact:1"), laptop.doc("contact:1"));
        assert_eq!(
            couch.doc("contact:1").unwrap().tree,
            phone.doc("contact:1").unwrap().tree
        );

        // Keeping one version on the laptop resolves it everywhere.
        laptop.resolve("contact:1", &on_laptop).unwrap();
        sync_now(&mut laptop, &couch, "f").unwrap();
        sync_now(&mut phone, &couch, "g").unwrap();
        for device in [&phone, &laptop] {
            let doc = device.doc("contact:1").unwrap();
            assert!(doc.conflicts().is_empty());
            assert_eq!(doc.winner().unwrap().rev, on_laptop);
        }
    }

    #[test]
    fn deletes_propagate() {
        let couch = FakeCouch::new(SERVER);
        let mut phone = MemoryDocs::new("phone");
        let mut laptop = MemoryDocs::new("laptop");
        phone.edit("contact:1", contact("Ada")).unwrap();
        phone.edit("contact:2", contact("Grace")).unwrap();
        sync_now(&mut phone, &couch, "a").unwrap();
        sync_now(&mut laptop, &couch, "b").unwrap();
        assert!(laptop.shown("contact:2").is_some());
        laptop.delete("contact:2").unwrap();
        sync_now(&mut laptop, &couch, "c").unwrap();
        sync_now(&mut phone, &couch, "d").unwrap();
        assert!(phone.shown("contact:2").is_none());
        assert!(phone.doc("contact:2").unwrap().is_deleted());
        assert!(couch.doc("contact:2").unwrap().is_deleted());
        assert!(phone.shown("contact:1").is_some());
        // A record deleted on one device and edited on the other comes back
        // with the edit: the live version wins, nothing is lost.
        phone.delete("contact:1").unwrap();
        laptop.edit("contact:1", contact("Ada, again")).unwrap();
        sync_now(&mut phone, &couch, "e").unwrap();
        sync_now(&mut laptop, &couch, "f").unwrap();
        sync_now(&mut phone, &couch, "g").unwrap();
        assert_eq!(
            phone.shown("contact:1").unwrap()["name"],
            json!("Ada, again")
        );
        assert_eq!(shown(&phone), shown(&laptop));
    }

    #[test]
    fn a_push_cut_off_midway_resumes_without_loss_or_resending() {
        let couch = FakeCouch::new(SERVER);
        let mut phone = MemoryDocs::new("phone");
        for i in 0..35 {
            phone
                .edit(&format!("contact:{i}"), contact(&format!("C{i}")))
                .unwrap();
        }
        // Database check, checkpoint read, then batch 1 (diff, docs,
        // checkpoint) goes through; batch 2 is half written when it fails.
        couch.fail_after(6, Failure::HalfWrite);
        let err = block_on(push(&mut phone, &couch, &options("s1"))).unwrap_err();
        assert!(
            matches!(err, SyncError::Server { status: 500, .. }),
            "{err:?}"
        );
        assert_eq!(couch.doc_count(), 15);
        couch.heal();
        let before = couch.docs_received();
        let r = block_on(push(&mut phone, &couch, &options("s2"))).unwrap();
        // Batch 1 is not offered again, the half written one is only
        // completed, and the rest is sent once.
        assert_eq!(r.docs_checked, 25);
        assert_eq!(r.revisions_sent, 20);
        assert_eq!(couch.docs_received() - before, 20);
        assert_eq!(couch.doc_count(), 35);
        for i in 0..35 {
            let doc = couch.doc(&format!("contact:{i}")).unwrap();
            assert_eq!(doc.tree.len(), 1, "no duplicate revision for contact:{i}");
        }
        assert_eq!(pending_push(&phone, &couch).unwrap(), 0);
        phone.edit("contact:3", contact("C3 changed")).unwrap();
        assert_eq!(pending_push(&phone, &couch).unwrap(), 1);
    }

    #[test]
    fn a_pull_cut_off_midway_resumes_from_its_checkpoint() {
        let couch = FakeCouch::new(SERVER);
        let mut phone = MemoryDocs::new("phone");
        for i in 0..35 {
            phone
                .edit(&format!("contact:{i}"), contact(&format!("C{i}")))
                .unwrap();
        }
        block_on(push(&mut phone, &couch, &options("p"))).unwrap();
        let mut laptop = MemoryDocs::new("laptop");
        // The server goes down after the first batch and its checkpoint.
        couch.fail_after(6, Failure::Down);
        let err = block_on(pull(&mut laptop, &couch, &options("l1"))).unwrap_err();
        assert!(matches!(err, SyncError::Unreachable(_)));
        assert_eq!(laptop.ids().count(), 10);
        couch.heal();
        couch.take_log();
        let r = block_on(pull(&mut laptop, &couch, &options("l2"))).unwrap();
        assert_eq!(r.revisions_received, 25);
        let first_changes = couch
            .take_log()
            .into_iter()
            .find(|(_, p, _)| p == "_changes")
            .unwrap();
        let since = first_changes
            .2
            .iter()
            .find(|(k, _)| k == "since")
            .unwrap()
            .1
            .clone();
        assert!(since.starts_with("10-"), "resumed from {since}");
        assert_eq!(shown(&phone), shown(&laptop));
    }

    /// A device whose storage refuses the next checkpoint write.
    struct FlakyCheckpoints {
        inner: MemoryDocs,
        refuse_next: bool,
    }

    impl LocalDocs for FlakyCheckpoints {
        fn replica_id(&self) -> Result<String, crate::sync::LocalError> {
            self.inner.replica_id()
        }
        fn changes_since(
            &self,
            since: u64,
            limit: usize,
        ) -> Result<Vec<crate::sync::LocalChange>, crate::sync::LocalError> {
            self.inner.changes_since(since, limit)
        }
        fn get(&self, id: &str) -> Result<Option<crate::sync::StoredDoc>, crate::sync::LocalError> {
            self.inner.get(id)
        }
        fn put_revisions(
            &mut self,
            revisions: Vec<IncomingRevision>,
        ) -> Result<(), crate::sync::LocalError> {
            self.inner.put_revisions(revisions)
        }
        fn get_checkpoint(&self, id: &str) -> Result<Option<Value>, crate::sync::LocalError> {
            self.inner.get_checkpoint(id)
        }
        fn put_checkpoint(
            &mut self,
            id: &str,
            checkpoint: Value,
        ) -> Result<(), crate::sync::LocalError> {
            if std::mem::take(&mut self.refuse_next) {
                return Err(crate::sync::LocalError::Full);
            }
            self.inner.put_checkpoint(id, checkpoint)
        }
    }

    #[test]
    fn checkpoints_cut_between_the_two_writes_fall_back_to_an_agreed_one() {
        let couch = FakeCouch::new(SERVER);
        let mut phone = FlakyCheckpoints {
            inner: MemoryDocs::new("phone"),
            refuse_next: false,
        };
        for i in 0..15 {
            phone
                .inner
                .edit(&format!("contact:{i}"), contact("x"))
                .unwrap();
        }
        block_on(push(&mut phone, &couch, &options("s1"))).unwrap();
        for i in 15..40 {
            phone
                .inner
                .edit(&format!("contact:{i}"), contact("y"))
                .unwrap();
        }
        // Session 2's first checkpoint reaches the server but not the device.
        phone.refuse_next = true;
        let err = block_on(push(&mut phone, &couch, &options("s2"))).unwrap_err();
        assert_eq!(err, SyncError::Local(crate::sync::LocalError::Full));
        assert!(err.to_string().contains("full"));
        assert_eq!(couch.doc_count(), 25);
        // The sides disagree on session 2, so session 3 resumes from session
        // 1's point: batch 1 of session 2 is compared again but not resent.
        let r = block_on(push(&mut phone, &couch, &options("s3"))).unwrap();
        assert_eq!(r.docs_checked, 25);
        assert_eq!(r.revisions_sent, 15);
        assert_eq!(couch.doc_count(), 40);
        assert_eq!(couch.docs_received(), 40);
    }

    #[test]
    fn a_replaced_or_emptied_server_gets_everything_again() {
        let mut phone = MemoryDocs::new("phone");
        for i in 0..5 {
            phone.edit(&format!("contact:{i}"), contact("x")).unwrap();
        }
        let first = FakeCouch::new(SERVER);
        sync_now(&mut phone, &first, "a").unwrap();
        // Same address, but the database was deleted and created again.
        let second = FakeCouch::new(SERVER);
        let r = sync_now(&mut phone, &second, "b").unwrap();
        assert_eq!(r.push.revisions_sent, 5);
        assert_eq!(second.doc_count(), 5);
    }

    #[test]
    fn refusals_give_plain_errors_and_keep_local_data() {
        let mut phone = MemoryDocs::new("phone");
        phone.edit("contact:1", contact("Ada")).unwrap();
        let before = shown(&phone);

        let couch = FakeCouch::new(SERVER);
        couch.set_wrong_password(true);
        assert_eq!(
            sync_now(&mut phone, &couch, "a").unwrap_err(),
            SyncError::WrongPassword
        );

        let missing = FakeCouch::missing(SERVER);
        assert_eq!(
            sync_now(&mut phone, &missing, "b").unwrap_err(),
            SyncError::DatabaseMissing
        );

        let down = FakeCouch::new(SERVER);
        down.fail_after(0, Failure::Down);
        assert!(matches!(
            sync_now(&mut phone, &down, "c"),
            Err(SyncError::Unreachable(_))
        ));

        let broken = FakeCouch::new(SERVER);
        broken.fail_after(2, Failure::Error500);
        assert!(matches!(
            sync_now(&mut phone, &broken, "d"),
            Err(SyncError::Server { status: 500, .. })
        ));

        let garbled = FakeCouch::new(SERVER);
        garbled.set_garbled_changes();
        assert!(matches!(
            sync_now(&mut phone, &garbled, "e"),
            Err(SyncError::Malformed(_))
        ));

        let stuck = FakeCouch::new(SERVER);
        stuck.set_stuck_changes();
        assert!(matches!(
            sync_now(&mut phone, &stuck, "g"),
            Err(SyncError::Malformed(_))
        ));

        assert_eq!(shown(&phone), before);
        assert_eq!(pending_push(&phone, &couch).unwrap(), 1);
        // Once the password is right, the queued change goes through.
        couch.set_wrong_password(false);
        sync_now(&mut phone, &couch, "f").unwrap();
        assert_eq!(couch.doc_count(), 1);
    }

    /// One step of a random scenario: a device edits, deletes or syncs.
    #[derive(Clone, Debug)]
    enum Step {
        Edit { device: usize, doc: usize, text: u8 },
        Delete { device: usize, doc: usize },
        Sync { device: usize },
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            4 => (0..3usize, 0..4usize, any::<u8>()).prop_map(|(device, doc, text)| Step::Edit { device, doc, text }),
            1 => (0..3usize, 0..4usize).prop_map(|(device, doc)| Step::Delete { device, doc }),
            3 => (0..3usize).prop_map(|device| Step::Sync { device }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn any_edits_and_sync_order_end_identical_on_every_device(steps in prop::collection::vec(step(), 1..40)) {
            let couch = FakeCouch::new(SERVER);
            let mut devices: Vec<MemoryDocs> = (0..3).map(|i| MemoryDocs::new(format!("device-{i}"))).collect();
            for (n, step) in steps.iter().enumerate() {
                match step {
                    Step::Edit { device, doc, text } => {
                        devices[*device].edit(&format!("contact:{doc}"), contact(&format!("{text}"))).unwrap();
                    }
                    Step::Delete { device, doc } => {
                        let id = format!("contact:{doc}");
                        if devices[*device].shown(&id).is_some() {
                            devices[*device].delete(&id).unwrap();
                        }
                    }
                    Step::Sync { device } => {
                        sync_now(&mut devices[*device], &couch, &format!("s{n}")).unwrap();
                    }
                }
            }
            // Everyone syncs twice round; then all hold the same trees.
            for round in 0..2 {
                for (i, device) in devices.iter_mut().enumerate() {
                    sync_now(device, &couch, &format!("final-{round}-{i}")).unwrap();
                }
            }
            for device in &devices[1..] {
                prop_assert_eq!(shown(device), shown(&devices[0]));
                for id in devices[0].ids() {
                    prop_assert_eq!(device.doc(id), devices[0].doc(id));
                }
            }
        }
    }
}
