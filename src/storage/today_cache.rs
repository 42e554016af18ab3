//! Where the [`TodaySnapshot`] is kept: one small key beside the records.
//!
//! It is a cache, never the only copy of anything: what it holds is read
//! again from the records as soon as the notebook is open, so a snapshot
//! that cannot be read, or is of an older format, is simply not used.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{KeyValueStore, StoreError};
use crate::domain::clock::MeetingClock;
use crate::domain::records::{DocKey, Kind, Record};
use crate::domain::today::TodayView;
use crate::domain::today_snapshot::{TodaySnapshot, shown_on_today};
use crate::domain::{Contact, Id, Meeting, Timestamp};

/// The key the snapshot is kept under. Not a record key, so opening,
/// saving and sync leave it alone.
pub const TODAY_KEY: &str = "rapport.today";

/// Bumped whenever the text below changes shape.
const FORMAT: u32 = 1;

/// The most text a snapshot may take (UTF-8 bytes, at least as many as
/// the UTF-16 units storage counts). A Today naming hundreds of contacts
/// to get back in touch with is not kept: the room is the records'.
pub const MOST_TEXT: usize = 100_000;

#[derive(Serialize, Deserialize)]
struct Stored {
    format: u32,
    #[serde(with = "crate::domain::calendar::iso_date")]
    day: NaiveDate,
    view: TodayView,
    empty: bool,
    backup_since: Option<Timestamp>,
    /// Each record as its document id and its own fields' JSON.
    records: Vec<(String, String)>,
}

/// The fields of a contact or a meeting that Today's rows show (see
/// [`shown_on_today`]), read without the readers of whole records.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Shown {
    id: Id,
    name: String,
    contact_id: Option<Id>,
    contact_name: String,
    scheduled_at: Option<Timestamp>,
    created_at: Timestamp,
    ended_at: Option<Timestamp>,
    clock: Option<Started>,
}

#[derive(Deserialize)]
struct Started {
    started_at: Timestamp,
}

/// A record of the snapshot, as far as Today shows it; `None` for a kind
/// Today's rows do not show, or text that cannot be read.
fn read_record(key: DocKey, json: &str) -> Option<Record> {
    let record = match key.kind {
        Kind::FollowUp => Record::FollowUp(serde_json::from_str(json).ok()?),
        Kind::Contact | Kind::Meeting => {
            let s: Shown = serde_json::from_str(json).ok()?;
            if key.kind == Kind::Contact {
                Record::Contact(Contact {
                    id: s.id,
                    name: s.name,
                    ..Contact::default()
                })
            } else {
                Record::Meeting(Meeting {
                    id: s.id,
                    contact_id: s.contact_id,
                    contact_name: s.contact_name,
                    scheduled_at: s.scheduled_at,
                    created_at: s.created_at,
                    ended_at: s.ended_at,
                    clock: s
                        .clock
                        .map(|c| MeetingClock::start(c.started_at, Default::default())),
                    ..Meeting::default()
                })
            }
        }
        _ => return None,
    };
    (record.id() == key.id).then(|| shown_on_today(record.as_ref()))
}

/// The snapshot as stored text.
pub fn encode(snapshot: &TodaySnapshot) -> String {
    let stored = Stored {
        format: FORMAT,
        day: snapshot.day,
        view: snapshot.view.clone(),
        empty: snapshot.empty,
        backup_since: snapshot.backup_since,
        records: snapshot
            .records
            .iter()
            .map(|r| (r.key().doc_id(), r.to_json()))
            .collect(),
    };
    serde_json::to_string(&stored).expect("a snapshot is plain data")
}

/// The snapshot in `text`, unless any of it cannot be read.
pub fn decode(text: &str) -> Option<TodaySnapshot> {
    let stored: Stored = serde_json::from_str(text).ok()?;
    if stored.format != FORMAT {
        return None;
    }
    let records = stored
        .records
        .iter()
        .map(|(id, json)| read_record(DocKey::parse(id)?, json))
        .collect::<Option<Vec<Record>>>()?;
    Some(TodaySnapshot {
        day: stored.day,
        view: stored.view,
        empty: stored.empty,
        backup_since: stored.backup_since,
        records,
    })
}

/// The kept snapshot, if there is one that can be read.
pub fn read(store: &impl KeyValueStore) -> Option<TodaySnapshot> {
    decode(&store.get(TODAY_KEY).ok()??)
}

/// Keeps `snapshot` unless the same text is kept already (`previous`, as
/// last read or written); gives back the text now kept, or `None` when the
/// snapshot is too large to keep and none is kept any more.
pub fn write(
    store: &impl KeyValueStore,
    snapshot: &TodaySnapshot,
    previous: Option<&str>,
) -> Result<Option<String>, StoreError> {
    let text = encode(snapshot);
    if text.len() > MOST_TEXT {
        store.remove(TODAY_KEY)?;
        return Ok(None);
    }
    if previous != Some(text.as_str()) {
        store.set(TODAY_KEY, &text)?;
    }
    Ok(Some(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::FixedZone;
    use crate::domain::contacts::{Contact, ListKind};
    use crate::domain::followups::{FollowUp, FollowUpKind};
    use crate::domain::{DAY_MS, Notebook};
    use crate::storage::MemoryStore;
    use crate::storage::repository::Repository;

    const NOW: Timestamp = 1_795_446_000_000;

    fn snapshot() -> TodaySnapshot {
        let mut nb = Notebook::default();
        let ana = nb
            .add_contact(
                Contact {
                    name: "Ana <script>alert(1)</script> \u{1F600}".into(),
                    list: ListKind::B,
                    ..Contact::default()
                },
                NOW - 30 * DAY_MS,
            )
            .unwrap();
        let id = nb.alloc_id();
        nb.follow_ups.push(FollowUp {
            id,
            kind: FollowUpKind::ThankYou,
            contact_id: Some(ana),
            due: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            ..FollowUp::default()
        });
        TodaySnapshot::take(&nb, NOW, &FixedZone(0))
    }

    #[test]
    fn reads_back_what_was_kept() {
        let store = MemoryStore::default();
        let snap = snapshot();
        assert_eq!(snap.records.len(), 2);
        let kept = write(&store, &snap, None).unwrap().unwrap();
        assert_eq!(read(&store), Some(snap.clone()));
        // Kept once: the same snapshot again writes nothing.
        store.set(TODAY_KEY, "changed behind our back").unwrap();
        assert_eq!(write(&store, &snap, Some(&kept)).unwrap(), Some(kept));
        assert_eq!(read(&store), None);
        write(&store, &snap, None).unwrap();
        assert_eq!(read(&store), Some(snap.clone()));

        // One too large to keep takes the old one away with it.
        let mut large = snap;
        large.view.overdue = (1..20_000).collect();
        assert_eq!(write(&store, &large, None).unwrap(), None);
        assert_eq!(store.get(TODAY_KEY).unwrap(), None);
    }

    #[test]
    fn a_snapshot_kept_with_whole_records_reads_as_today_shows_them() {
        // Kept by an earlier version, which wrote each record whole.
        let mut nb = Notebook::default();
        let ana = nb
            .add_contact(
                Contact {
                    name: "Ana Souza".into(),
                    notes: "Met at the fair".into(),
                    ..Contact::default()
                },
                NOW - DAY_MS,
            )
            .unwrap();
        let meeting = nb.alloc_id();
        nb.meetings.push(Meeting {
            id: meeting,
            contact_id: Some(ana),
            contact_name: "Ana Souza".into(),
            scheduled_at: Some(NOW + DAY_MS),
            notes: "Ask about the data team".into(),
            ..Meeting::default()
        });
        // A thank-you due names her on Today.
        let thanks = nb.alloc_id();
        nb.follow_ups.push(FollowUp {
            id: thanks,
            kind: FollowUpKind::ThankYou,
            contact_id: Some(ana),
            due: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            ..FollowUp::default()
        });
        let snap = TodaySnapshot::take(&nb, NOW, &FixedZone(0));
        assert_eq!(snap.records.len(), 3);
        let whole: Vec<(String, String)> = snap
            .records
            .iter()
            .map(|r| (r.key().doc_id(), nb.record(r.key()).unwrap().to_json()))
            .collect();
        assert_eq!(whole.len(), 3);
        let mut stored: serde_json::Value = serde_json::from_str(&encode(&snap)).unwrap();
        stored["records"] = serde_json::to_value(&whole).unwrap();
        let read = decode(&stored.to_string()).expect("readable");
        assert_eq!(read.records, snap.records);
        assert!(read.rows_match(&nb));
        let partial = read.notebook();
        assert_eq!(partial.contact(ana).unwrap().name, "Ana Souza");
        assert_eq!(partial.contact(ana).unwrap().notes, "");
        assert_eq!(
            partial.meeting(meeting).unwrap().scheduled_at,
            Some(NOW + DAY_MS)
        );
    }

    #[test]
    fn anything_unreadable_is_not_used() {
        let good = encode(&snapshot());
        let cases = [
            String::new(),
            "{".to_string(),
            "null".to_string(),
            good.replace("\"format\":1", "\"format\":2"),
            // A record whose id does not match its document.
            good.replacen("\"follow_up:", "\"follow_up:1", 1),
            good.replacen("\"contact:", "\"nonsense:", 1),
            // A kind of record no row of Today shows.
            good.replacen("\"contact:", "\"organization:", 1),
        ];
        for text in cases {
            assert_eq!(decode(&text), None, "{text}");
        }
        assert_eq!(read(&MemoryStore::default()), None);
    }

    #[test]
    fn opening_the_notebook_leaves_it_alone() {
        let store = MemoryStore::default();
        let text = write(&store, &snapshot(), None).unwrap().unwrap();
        let (repo, loaded) = Repository::open(store, NOW);
        assert_eq!(loaded.problem, None);
        assert_eq!(loaded.notebook, Notebook::default());
        assert!(loaded.recovery_keys.is_empty());
        assert_eq!(repo.store().get(TODAY_KEY).unwrap(), Some(text));
    }
}
