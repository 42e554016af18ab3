//! Today as last computed, with the few records its rows show.
//!
//! Opening a notebook of thousands of records means reading and parsing all
//! of them, and Today is computed from every meeting and follow-up. Kept
//! with each session, this snapshot lets the app draw Today at once and
//! read the whole notebook just after; once it has, Today is computed again
//! from every record, so a snapshot that has fallen behind (another window
//! wrote since, or the app was closed before it could keep one) is put
//! right at once rather than trusted.

use chrono::NaiveDate;

use super::calendar::{Zone, local_date};
use super::clock::{MeetingClock, PhasePlan};
use super::records::{DocKey, Kind, Record, RecordRef};
use super::today::{TODAY_ROWS, TodayView, today};
use super::transfer::backup::{backup_since, reminder_due_since};
use super::{Contact, Id, Meeting, Notebook, Timestamp};

/// Every notebook keeps a snapshot (its settings record is always there):
/// Today is drawn from it at once, while the code that reads records is
/// fetched (a part of its own, see `ui::lazy`) and the notebook read,
/// however small. Until that code came out of the first download, only
/// notebooks of 1,000 records or more kept one.
pub const KEEP_FROM_RECORDS: usize = 1;

/// What Today showed on `day`, and what it needs to show it again.
#[derive(Clone, Debug, PartialEq)]
pub struct TodaySnapshot {
    /// The local day it was computed on: follow-ups fall due and meetings
    /// pass with the date, so a snapshot of another day is not shown.
    pub day: NaiveDate,
    pub view: TodayView,
    /// Whether the notebook was new (see `today::is_new_notebook`); Today
    /// then shows how to start.
    pub empty: bool,
    /// What the backup reminder counts from (see [`backup_since`]).
    pub backup_since: Option<Timestamp>,
    /// The records Today's rows show before "Show more", and no others,
    /// each only as far as the rows read it ([`shown_on_today`]).
    pub records: Vec<Record>,
}

/// What Today's rows read of a record: the whole of a follow-up, a
/// contact's name, and what a meeting's row says (with whom, when, whether
/// it is running). The snapshot keeps no more, so that reading it back
/// before the first paint needs no reader for whole contacts and meetings,
/// which would be a large share of the first download
/// (`storage::today_cache::decode`).
pub fn shown_on_today(record: RecordRef<'_>) -> Record {
    match record {
        RecordRef::Contact(c) => Record::Contact(Contact {
            id: c.id,
            name: c.name.clone(),
            ..Contact::default()
        }),
        RecordRef::Meeting(m) => Record::Meeting(Meeting {
            id: m.id,
            contact_id: m.contact_id,
            contact_name: m.contact_name.clone(),
            scheduled_at: m.scheduled_at,
            created_at: m.created_at,
            ended_at: m.ended_at,
            clock: m
                .clock
                .as_ref()
                .map(|c| MeetingClock::start(c.started_at, PhasePlan::default())),
            ..Meeting::default()
        }),
        other => other.to_owned(),
    }
}

impl TodaySnapshot {
    /// Whether `nb` holds enough for a snapshot to open it faster.
    pub fn worth_keeping(nb: &Notebook) -> bool {
        nb.records().nth(KEEP_FROM_RECORDS - 1).is_some()
    }

    /// Today at `now`, computed from the whole notebook `nb`.
    pub fn take(nb: &Notebook, now: Timestamp, zone: &impl Zone) -> Self {
        Self::of_view(nb, today(nb, now, zone), now, zone)
    }

    /// What [`of_view`](Self::of_view) makes of an empty notebook, without
    /// looking records up: a first visit draws it, and the lookups would
    /// otherwise come with the first download.
    pub fn of_empty_notebook(now: Timestamp, zone: &impl Zone) -> Self {
        TodaySnapshot {
            day: local_date(now, zone),
            view: TodayView::of_empty_notebook(),
            empty: true,
            backup_since: None,
            records: Vec::new(),
        }
    }

    /// The snapshot of `view`, which is Today computed from the whole
    /// notebook `nb` at `now` (as [`take`](Self::take) computes it).
    pub fn of_view(nb: &Notebook, view: TodayView, now: Timestamp, zone: &impl Zone) -> Self {
        let mut keys: Vec<DocKey> = Vec::new();
        let follow_up = |id: Id, keys: &mut Vec<DocKey>| {
            keys.push(DocKey::new(Kind::FollowUp, id));
            if let Some(contact) = nb.follow_up(id).and_then(|f| f.contact_id) {
                keys.push(DocKey::new(Kind::Contact, contact));
            }
        };
        for &id in view.due_now().iter().take(TODAY_ROWS) {
            follow_up(id, &mut keys);
        }
        for &id in view.due_tomorrow.iter().take(TODAY_ROWS) {
            follow_up(id, &mut keys);
        }
        keys.extend(
            view.meetings
                .iter()
                .map(|&id| DocKey::new(Kind::Meeting, id)),
        );
        keys.extend(
            view.keep_in_touch
                .iter()
                .map(|&(id, _)| DocKey::new(Kind::Contact, id)),
        );
        // A contact may be named by several rows. A linear search keeps
        // out another copy of a sort routine; the rows are few.
        let mut unique: Vec<DocKey> = Vec::with_capacity(keys.len());
        for key in keys {
            if !unique.contains(&key) {
                unique.push(key);
            }
        }
        let records = unique
            .into_iter()
            .filter_map(|key| nb.record(key).map(shown_on_today))
            .collect();
        TodaySnapshot {
            day: local_date(now, zone),
            view,
            empty: super::today::is_new_notebook(nb),
            backup_since: backup_since(nb),
            records,
        }
    }

    /// Whether everything it shows besides the view is as in the whole
    /// notebook `nb`: its records, and what the empty and backup notices
    /// go by.
    pub fn rows_match(&self, nb: &Notebook) -> bool {
        self.empty == super::today::is_new_notebook(nb)
            && self.backup_since == backup_since(nb)
            && self.records.iter().all(|r| {
                nb.record(r.key())
                    .is_some_and(|found| shown_on_today(found) == *r)
            })
    }

    /// Whether it may be shown at `now`: only on the day it was taken.
    pub fn is_current(&self, now: Timestamp, zone: &impl Zone) -> bool {
        self.day == local_date(now, zone)
    }

    /// A notebook of just the records the snapshot keeps, for Today's rows
    /// to read until the whole notebook is read. Never to be saved.
    pub fn notebook(&self) -> Notebook {
        let mut nb = Notebook::default();
        for record in &self.records {
            nb.put_record(record.clone());
        }
        nb
    }

    /// Whether Today suggests a backup at `now`.
    pub fn backup_due(&self, now: Timestamp) -> bool {
        reminder_due_since(self.backup_since, now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::test_zones::{UsEastern, date};
    use crate::domain::clock::{MeetingClock, PhasePlan};
    use crate::domain::followups::{FollowUp, FollowUpKind};
    use crate::domain::meeting_list::MeetingRow;
    use crate::domain::today::tests::add as contact;
    use crate::domain::transfer::backup::reminder_due;
    use crate::domain::{DAY_MS, HOUR_MS, ListKind, Meeting};

    // 2026-11-23 15:00 UTC, a Monday: 10:00 in New York.
    const NOW: Timestamp = 1_795_446_000_000;

    #[test]
    fn the_empty_notebooks_snapshot_is_what_of_view_makes_of_it() {
        for now in [NOW, NOW + 9 * HOUR_MS] {
            assert_eq!(
                TodaySnapshot::of_empty_notebook(now, &UsEastern),
                TodaySnapshot::of_view(
                    &Notebook::default(),
                    TodayView::of_empty_notebook(),
                    now,
                    &UsEastern
                )
            );
        }
    }

    fn follow_up(nb: &mut Notebook, contact: Id, due: NaiveDate, done: bool) -> Id {
        let id = nb.alloc_id();
        nb.follow_ups.push(FollowUp {
            id,
            kind: FollowUpKind::ThankYou,
            contact_id: Some(contact),
            due,
            done_at: done.then_some(NOW - DAY_MS),
            created_at: NOW - 40 * DAY_MS,
            ..FollowUp::default()
        });
        id
    }

    fn meeting(nb: &mut Notebook, contact: Id, scheduled: Timestamp, started: bool) -> Id {
        let id = nb.alloc_id();
        nb.meetings.push(Meeting {
            id,
            contact_id: Some(contact),
            contact_name: format!("Person {contact}"),
            scheduled_at: Some(scheduled),
            clock: started.then(|| MeetingClock::start(scheduled, PhasePlan::default())),
            created_at: scheduled - DAY_MS,
            ..Meeting::default()
        });
        id
    }

    /// A notebook with more due follow-ups than Today lists at first, a
    /// running and a planned meeting, a contact due a call, and plenty
    /// Today does not show.
    fn notebook() -> Notebook {
        let mut nb = Notebook::default();
        let old = NOW - 60 * DAY_MS;
        let people: Vec<Id> = (0..40)
            .map(|i| contact(&mut nb, &format!("Person {i}"), ListKind::C, old + i))
            .collect();
        let friend = contact(&mut nb, "Old friend", ListKind::A, old);
        nb.contacts.last_mut().unwrap().keep_in_touch_days = Some(30);
        for (i, &who) in people.iter().enumerate() {
            let due = match i % 4 {
                0 => date(2026, 11, 20), // overdue
                1 => date(2026, 11, 23), // today
                2 => date(2026, 11, 24), // tomorrow
                _ => date(2026, 12, 10), // later
            };
            follow_up(&mut nb, who, due, false);
            follow_up(&mut nb, who, date(2026, 11, 1), true);
        }
        meeting(&mut nb, people[0], NOW - HOUR_MS / 2, true);
        meeting(&mut nb, people[1], NOW + 3 * HOUR_MS, false);
        meeting(&mut nb, people[2], NOW - 20 * DAY_MS, false);
        assert!(nb.contacts.iter().any(|c| c.id == friend));
        nb
    }

    #[test]
    fn keeps_the_view_and_every_record_its_first_rows_show() {
        let nb = notebook();
        let snap = TodaySnapshot::take(&nb, NOW, &UsEastern);
        assert_eq!(snap.view, today(&nb, NOW, &UsEastern));
        assert_eq!(snap.day, date(2026, 11, 23));
        assert!(!snap.empty);
        let partial = snap.notebook();
        let shown_now: Vec<Id> = snap.view.due_now().into_iter().take(TODAY_ROWS).collect();
        let shown_soon: Vec<Id> = snap
            .view
            .due_tomorrow
            .iter()
            .copied()
            .take(TODAY_ROWS)
            .collect();
        assert_eq!(shown_now.len(), TODAY_ROWS, "the test needs a longer list");
        for id in shown_now.iter().chain(&shown_soon) {
            let f = partial.follow_up(*id).expect("a listed follow-up is kept");
            assert_eq!(Some(f), nb.follow_up(*id));
            let who = f.contact_id.unwrap();
            assert_eq!(
                partial.contact(who).unwrap().name,
                nb.contact(who).unwrap().name
            );
        }
        assert_eq!(snap.view.meetings.len(), 2);
        for id in &snap.view.meetings {
            // Each meeting's row reads the same from the snapshot.
            assert_eq!(
                partial.meeting(*id).map(MeetingRow::new),
                nb.meeting(*id).map(MeetingRow::new)
            );
        }
        assert_eq!(snap.view.keep_in_touch.len(), 1);
        let (friend, _) = snap.view.keep_in_touch[0];
        assert_eq!(partial.contact(friend).unwrap().name, "Old friend");
        // Nothing else: follow-ups past the first page, done ones, the
        // missed meeting and contacts nobody on screen names stay out.
        assert_eq!(partial.follow_ups.len(), shown_now.len() + shown_soon.len());
        assert_eq!(partial.meetings.len(), 2);
        let mut named: Vec<Id> = shown_now
            .iter()
            .chain(&shown_soon)
            .filter_map(|id| nb.follow_up(*id)?.contact_id)
            .chain([friend])
            .collect();
        named.sort_unstable();
        named.dedup();
        let mut kept: Vec<Id> = partial.contacts.iter().map(|c| c.id).collect();
        kept.sort_unstable();
        assert_eq!(kept, named);
        assert!(kept.len() < nb.contacts.len());
    }

    #[test]
    fn tells_when_its_rows_are_behind_the_notebook() {
        let mut nb = notebook();
        let snap = TodaySnapshot::take(&nb, NOW, &UsEastern);
        assert!(snap.rows_match(&nb));
        // A change to a record no row shows goes unnoticed, rightly.
        let unseen = nb
            .contacts
            .iter()
            .position(|c| {
                !snap
                    .records
                    .iter()
                    .any(|r| r.key() == DocKey::new(Kind::Contact, c.id))
            })
            .unwrap();
        nb.contacts[unseen].name = "Someone else".into();
        assert!(snap.rows_match(&nb));
        // A contact a row names, renamed elsewhere.
        let shown = snap.view.keep_in_touch[0].0;
        let mut renamed = nb.clone();
        renamed
            .contacts
            .iter_mut()
            .find(|c| c.id == shown)
            .unwrap()
            .name = "New name".into();
        assert!(!snap.rows_match(&renamed));
        // What no row reads of a contact it names (their notes) is not kept,
        // so changing it needs no new snapshot.
        let mut noted = nb.clone();
        noted
            .contacts
            .iter_mut()
            .find(|c| c.id == shown)
            .unwrap()
            .notes = "Met at a fair".into();
        assert!(snap.rows_match(&noted));
        // A meeting's row moves when it starts.
        let first = snap.view.meetings[0];
        let mut started = nb.clone();
        started
            .meetings
            .iter_mut()
            .find(|m| m.id == first)
            .unwrap()
            .clock = Some(MeetingClock::start(NOW, PhasePlan::default()));
        assert!(!snap.rows_match(&started));
        // A backup made since, or every contact gone.
        let mut backed_up = nb.clone();
        backed_up.settings.last_backup_at = Some(NOW);
        assert!(!snap.rows_match(&backed_up));
        assert!(!snap.rows_match(&Notebook::default()));
    }

    #[test]
    fn every_notebook_is_worth_a_snapshot() {
        // The settings record is always there, so even an empty notebook
        // keeps one: Today is drawn at once, empty.
        let nb = Notebook::default();
        assert_eq!(nb.records().count(), KEEP_FROM_RECORDS);
        assert!(TodaySnapshot::worth_keeping(&nb));
        let snap = TodaySnapshot::take(&nb, NOW, &UsEastern);
        assert!(snap.empty && snap.records.is_empty());
    }

    #[test]
    fn is_shown_only_on_the_local_day_it_was_taken() {
        let snap = TodaySnapshot::take(&notebook(), NOW, &UsEastern);
        // 10:00 in New York: the day ends 14 hours later there, though
        // UTC's day ends after 9.
        assert!(snap.is_current(NOW + 13 * HOUR_MS, &UsEastern));
        assert!(!snap.is_current(NOW + 14 * HOUR_MS, &UsEastern));
        assert!(!snap.is_current(NOW - 11 * HOUR_MS, &UsEastern));
    }

    #[test]
    fn an_empty_notebook_stays_empty_and_owes_no_backup() {
        let snap = TodaySnapshot::take(&Notebook::default(), NOW, &UsEastern);
        assert!(snap.empty);
        assert!(snap.records.is_empty());
        let v = &snap.view;
        assert!(v.due_now().is_empty() && v.due_tomorrow.is_empty());
        assert!(v.meetings.is_empty() && v.keep_in_touch.is_empty());
        assert!(!snap.backup_due(NOW + 365 * DAY_MS));
    }

    #[test]
    fn the_backup_reminder_comes_due_as_it_would_from_the_notebook() {
        let mut nb = notebook();
        let snap = TodaySnapshot::take(&nb, NOW, &UsEastern);
        for later in [0, 10 * DAY_MS, 30 * DAY_MS] {
            assert_eq!(snap.backup_due(NOW + later), reminder_due(&nb, NOW + later));
        }
        nb.settings.last_backup_at = Some(NOW);
        let snap = TodaySnapshot::take(&nb, NOW, &UsEastern);
        assert!(!snap.backup_due(NOW + 13 * DAY_MS));
        assert!(snap.backup_due(NOW + 15 * DAY_MS));
    }
}
