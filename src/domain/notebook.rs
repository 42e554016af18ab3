//! The whole notebook: every record the user keeps, as one value, and the
//! one way each kind of record is found, replaced and removed. The rules of
//! each kind sit in its own file (`contacts`, `organizations`, `meetings`,
//! `followups`, `events`, `journal`, `pitch`, `goals`, `settings`).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::events::Event;
use super::followups::FollowUp;
use super::goals::WeeklyGoal;
use super::journal::JournalNote;
use super::pitch::Pitch;
use super::settings::Settings;
use super::{Contact, Id, Meeting, Organization, Timestamp};

/// Everything Rapport stores for the user.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Notebook {
    pub contacts: Vec<Contact>,
    pub organizations: Vec<Organization>,
    pub meetings: Vec<Meeting>,
    /// Versions of the two-minute pitch.
    pub pitches: Vec<Pitch>,
    /// The version meetings use unless they pick another.
    pub default_pitch: Option<Id>,
    pub follow_ups: Vec<FollowUp>,
    pub events: Vec<Event>,
    /// Weekly targets the user set for themself.
    pub goals: Vec<WeeklyGoal>,
    /// Free notes in the journal, optionally about a contact.
    pub journal_notes: Vec<JournalNote>,
    pub settings: Settings,
}

/// A deleted record and where it stood, so that Undo puts it back in place.
#[derive(Clone, Debug, PartialEq)]
pub enum Removed {
    Contact(usize, Contact),
    Organization(usize, Organization),
    FollowUp(usize, FollowUp),
    Meeting(usize, Meeting),
    Event(usize, Event),
    JournalNote(usize, JournalNote),
    /// Records deleted together, in the order they were taken out.
    Several(Vec<Removed>),
}

/// A kind of record the notebook keeps in a list, each known by its id.
pub trait Listed: Sized {
    fn id(&self) -> Id;
    fn list(nb: &Notebook) -> &Vec<Self>;
    fn list_mut(nb: &mut Notebook) -> &mut Vec<Self>;
}

/// A kind of record whose delete can be undone.
pub trait Undoable: Listed {
    fn removed(index: usize, record: Self) -> Removed;
}

macro_rules! listed {
    ($ty:ty, $list:ident) => {
        impl Listed for $ty {
            fn id(&self) -> Id {
                self.id
            }
            fn list(nb: &Notebook) -> &Vec<Self> {
                &nb.$list
            }
            fn list_mut(nb: &mut Notebook) -> &mut Vec<Self> {
                &mut nb.$list
            }
        }
    };
    ($ty:ty, $list:ident, $removed:ident) => {
        listed!($ty, $list);
        impl Undoable for $ty {
            fn removed(index: usize, record: Self) -> Removed {
                Removed::$removed(index, record)
            }
        }
    };
}

listed!(Contact, contacts, Contact);
listed!(Organization, organizations, Organization);
listed!(Meeting, meetings, Meeting);
listed!(FollowUp, follow_ups, FollowUp);
listed!(Event, events, Event);
listed!(JournalNote, journal_notes, JournalNote);
listed!(Pitch, pitches);

impl Notebook {
    /// The record of kind `T` with `id`.
    pub fn find<T: Listed>(&self, id: Id) -> Option<&T> {
        T::list(self).iter().find(|r| r.id() == id)
    }

    pub fn find_mut<T: Listed>(&mut self, id: Id) -> Option<&mut T> {
        T::list_mut(self).iter_mut().find(|r| r.id() == id)
    }

    /// Puts `record` in place of the stored one with its id and hands back
    /// the one replaced; `None` (and nothing changed) if there is none.
    pub fn replace<T: Listed>(&mut self, record: T) -> Option<T> {
        let slot = self.find_mut::<T>(record.id())?;
        Some(std::mem::replace(slot, record))
    }

    /// Deletes a record, keeping it and its place so that Undo can put it
    /// back.
    pub fn remove<T: Undoable>(&mut self, id: Id) -> Option<Removed> {
        let list = T::list_mut(self);
        let index = list.iter().position(|r| r.id() == id)?;
        Some(T::removed(index, list.remove(index)))
    }

    /// Puts a deleted record back where it was (once, however often asked).
    pub fn restore(&mut self, removed: Removed) {
        match removed {
            Removed::Contact(i, c) => self.put_back(i, c),
            Removed::Organization(i, o) => self.put_back(i, o),
            Removed::Event(i, e) => self.put_back(i, e),
            Removed::Meeting(i, m) => self.put_back(i, m),
            Removed::FollowUp(i, f) => self.put_back(i, f),
            Removed::JournalNote(i, n) => self.put_back(i, n),
            // Each index was taken after the ones before it left, so they
            // go back in the reverse order.
            Removed::Several(all) => {
                for removed in all.into_iter().rev() {
                    self.restore(removed);
                }
            }
        }
    }

    fn put_back<T: Listed>(&mut self, index: usize, record: T) {
        if self.find::<T>(record.id()).is_none() {
            let list = T::list_mut(self);
            list.insert(index.min(list.len()), record);
        }
    }

    /// When the user was last in touch with each contact: meetings held
    /// and follow-ups done with them.
    pub fn last_contacted_all(&self) -> HashMap<Id, Timestamp> {
        let mut last: HashMap<Id, Timestamp> = HashMap::new();
        let meetings = self.meetings.iter().map(|m| (m.contact_id, m.held_at()));
        let follow_ups = self.follow_ups.iter().map(|f| (f.contact_id, f.done_at));
        for (contact, at) in meetings.chain(follow_ups) {
            if let (Some(id), Some(at)) = (contact, at) {
                let slot = last.entry(id).or_insert(at);
                *slot = (*slot).max(at);
            }
        }
        last
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::ListKind;

    pub(crate) fn person(name: &str, list: ListKind) -> Contact {
        Contact {
            name: name.into(),
            list,
            ..Contact::default()
        }
    }

    /// Adds an organization named `name` at `at`, and gives its id.
    pub(crate) fn add_org(nb: &mut Notebook, name: &str, at: Timestamp) -> Id {
        let org = Organization {
            name: name.into(),
            ..Organization::default()
        };
        nb.add_organization(org, at).unwrap()
    }

    /// A notebook holding one contact, added at `at`, and their id.
    pub(crate) fn with_contact(name: &str, list: ListKind, at: Timestamp) -> (Notebook, Id) {
        let mut nb = Notebook::default();
        let id = nb.add_contact(person(name, list), at).unwrap();
        (nb, id)
    }

    #[test]
    fn ids_are_fresh_random_and_never_reused() {
        let mut nb = Notebook::default();
        let a = nb.add_contact(person("Ana", ListKind::A), 10).unwrap();
        let b = nb.add_contact(person("Ben", ListKind::B), 11).unwrap();
        assert_ne!(a, b);
        assert!(a.abs_diff(b) > 1, "ids are drawn, not counted");
        nb.delete_contact(b);
        let c = nb.add_contact(person("Cy", ListKind::C), 12).unwrap();
        assert!(c != a && c != b);
    }

    #[test]
    fn delete_and_undo_restore_the_contact_in_place() {
        let mut nb = Notebook::default();
        let a = nb.add_contact(person("Ana", ListKind::A), 1).unwrap();
        let mut ben = person("Ben", ListKind::B);
        ben.referred_by = Some(a);
        let b = nb.add_contact(ben, 2).unwrap();
        nb.add_contact(person("Cy", ListKind::C), 3).unwrap();
        let before = nb.clone();
        let deleted = nb.delete_contact(a).unwrap();
        assert_eq!(deleted.message(), "Deleted Ana.");
        assert!(nb.contact(a).is_none());
        // The link is kept so the gap shows and undo reconnects it.
        assert_eq!(nb.contact(b).unwrap().referred_by, Some(a));
        nb.restore(deleted.removed.clone());
        assert_eq!(nb, before);
        // Restoring twice does not duplicate.
        nb.restore(deleted.removed);
        assert_eq!(nb.contacts.len(), 3);
    }

    #[test]
    fn deleting_a_contact_takes_what_is_ahead_with_them_and_undo_brings_it_back() {
        use crate::domain::clock::{MeetingClock, PhasePlan};
        use crate::domain::followups::FollowUp;
        let mut nb = Notebook::default();
        let ana = nb.add_contact(person("Ana", ListKind::B), 1).unwrap();
        let ben = nb.add_contact(person("Ben", ListKind::B), 2).unwrap();
        let follow_up = |nb: &mut Notebook, who: Id, done: Option<Timestamp>| {
            let id = nb.alloc_id();
            nb.follow_ups.push(FollowUp {
                id,
                contact_id: Some(who),
                done_at: done,
                ..FollowUp::default()
            });
            id
        };
        let open = follow_up(&mut nb, ana, None);
        let done = follow_up(&mut nb, ana, Some(5));
        let bens = follow_up(&mut nb, ben, None);
        let open_too = follow_up(&mut nb, ana, None);
        let meeting = |nb: &mut Notebook, who: Id, started: Option<Timestamp>| {
            let id = nb.alloc_id();
            nb.meetings.push(Meeting {
                id,
                contact_id: Some(who),
                contact_name: "Ana".into(),
                clock: started.map(|at| MeetingClock::start(at, PhasePlan::default())),
                ..Meeting::default()
            });
            id
        };
        let held = meeting(&mut nb, ana, Some(10));
        let planned = meeting(&mut nb, ana, None);
        let bens_meeting = meeting(&mut nb, ben, None);
        let before = nb.clone();

        let deleted = nb.delete_contact(ana).unwrap();
        assert_eq!(
            deleted.message(),
            "Deleted Ana, with 2 open follow-ups and 1 planned meeting."
        );
        let follow_ups: Vec<Id> = nb.follow_ups.iter().map(|f| f.id).collect();
        assert_eq!(follow_ups, [done, bens]);
        assert!(nb.follow_up(open).is_none() && nb.follow_up(open_too).is_none());
        let meetings: Vec<Id> = nb.meetings.iter().map(|m| m.id).collect();
        assert_eq!(meetings, [held, bens_meeting]);
        assert!(nb.meeting(planned).is_none());

        nb.restore(deleted.removed);
        assert_eq!(nb, before);
    }

    #[test]
    fn last_contacted_comes_from_meetings_held() {
        use crate::domain::clock::{MeetingClock, PhasePlan};
        let mut nb = Notebook::default();
        let a = nb.add_contact(person("Ana", ListKind::A), 1).unwrap();
        let b = nb.add_contact(person("Ben", ListKind::B), 1).unwrap();
        for (at, held) in [(100, true), (300, true), (900, false)] {
            let id = nb.alloc_id();
            nb.meetings.push(Meeting {
                id,
                contact_id: Some(a),
                scheduled_at: Some(at),
                clock: held.then(|| MeetingClock::start(at, PhasePlan::default())),
                ..Meeting::default()
            });
        }
        let last = nb.last_contacted_all();
        assert_eq!(last.get(&a), Some(&300));
        assert_eq!(last.get(&b), None);
        // A thank-you sent later counts as being in touch.
        let f = nb.alloc_id();
        nb.follow_ups.push(crate::domain::followups::FollowUp {
            id: f,
            contact_id: Some(a),
            done_at: Some(500),
            ..Default::default()
        });
        assert_eq!(nb.last_contacted_all().get(&a), Some(&500));
        let times: Vec<i64> = nb.meetings_with(a).iter().map(|m| m.sort_time()).collect();
        assert_eq!(times, [900, 300, 100]);
    }

    #[test]
    fn a_deleted_meeting_comes_back_with_undo() {
        let mut nb = Notebook::default();
        let a = nb.add_contact(person("Ana", ListKind::A), 1).unwrap();
        let m = nb
            .plan_meeting(
                Meeting {
                    contact_id: Some(a),
                    scheduled_at: Some(2),
                    ..Meeting::default()
                },
                2,
            )
            .unwrap();
        let before = nb.clone();
        let removed = nb.delete_meeting(m).unwrap();
        assert!(nb.meeting(m).is_none());
        assert!(nb.delete_meeting(m).is_none());
        nb.restore(removed);
        assert_eq!(nb, before);
    }

    #[test]
    fn deleting_a_contact_keeps_their_meetings() {
        use crate::domain::clock::{MeetingClock, PhasePlan};
        let mut nb = Notebook::default();
        let a = nb.add_contact(person("Ana", ListKind::A), 1).unwrap();
        let id = nb.alloc_id();
        nb.meetings.push(Meeting {
            id,
            contact_id: Some(a),
            contact_name: "Ana".into(),
            clock: Some(MeetingClock::start(5, PhasePlan::default())),
            ..Meeting::default()
        });
        nb.delete_contact(a);
        assert_eq!(nb.meetings.len(), 1);
        assert_eq!(nb.meetings[0].contact_name, "Ana");
    }
}
