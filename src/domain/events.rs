//! Networking events: a conference, an association meeting, a job club.
//!
//! The user sets targets for an event they control ("talk to 5 people",
//! "get 3 referrals") and records each person met there as a contact; the
//! progress is counted from those contacts, never typed in.

use super::notebook::{Event, RecordError};
use super::{Contact, Id, ListKind, Notebook, Timestamp};

/// How an event is going against its targets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventProgress {
    /// People met there directly (not through a referral).
    pub people_met: u32,
    pub people_target: u32,
    /// People met there through someone's introduction.
    pub referrals: u32,
    pub referrals_target: u32,
}

impl Notebook {
    /// Adds an event (its `id` and `created_at` are assigned here). The name
    /// is required and trimmed.
    pub fn add_event(&mut self, mut event: Event, now: Timestamp) -> Result<Id, String> {
        event.name = event.name.trim().to_string();
        if event.name.is_empty() {
            return Err(RecordError::EmptyName.to_string());
        }
        event.id = self.alloc_id();
        event.created_at = now;
        let id = event.id;
        self.events.push(event);
        Ok(id)
    }

    /// Changes an event's name, date, place, targets and notes.
    pub fn edit_event(&mut self, mut event: Event) -> Result<(), String> {
        event.name = event.name.trim().to_string();
        if event.name.is_empty() {
            return Err("Please enter a name.".into());
        }
        let slot = self
            .events
            .iter_mut()
            .find(|e| e.id == event.id)
            .ok_or("This event no longer exists.")?;
        event.created_at = slot.created_at;
        *slot = event;
        Ok(())
    }

    /// Removes an event; the people met there keep their link for an undo.
    pub fn delete_event(&mut self, id: Id) -> Option<super::notebook::Removed> {
        let index = self.events.iter().position(|e| e.id == id)?;
        Some(super::notebook::Removed::Event(
            index,
            self.events.remove(index),
        ))
    }

    pub fn event(&self, id: Id) -> Option<&Event> {
        self.events.iter().find(|e| e.id == id)
    }

    /// Records someone met at an event: a new professional contact (list B)
    /// linked to the event, introduced by `referred_by` if someone there
    /// made the introduction.
    pub fn add_person_at_event(
        &mut self,
        event_id: Id,
        name: &str,
        referred_by: Option<Id>,
        now: Timestamp,
    ) -> Result<Id, String> {
        let event_name = self
            .event(event_id)
            .map(|e| e.name.clone())
            .ok_or("This event no longer exists.")?;
        let contact = Contact {
            name: name.to_string(),
            list: ListKind::B,
            event_id: Some(event_id),
            how_met: format!("Met at {event_name}"),
            referred_by,
            ..Contact::default()
        };
        self.add_contact(contact, now).map_err(|e| e.to_string())
    }

    /// People met and referrals gained at an event, against its targets.
    /// An unknown event has targets of 0; its counts still come from the
    /// contacts that point at it.
    pub fn event_progress(&self, event_id: Id) -> EventProgress {
        let (people_target, referrals_target) = self
            .event(event_id)
            .map_or((0, 0), |e| (e.people_target, e.referrals_target));
        let at_event = || {
            self.contacts
                .iter()
                .filter(|c| c.event_id == Some(event_id))
        };
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        EventProgress {
            people_met: count(at_event().filter(|c| c.referred_by.is_none()).count()),
            people_target,
            referrals: count(at_event().filter(|c| c.referred_by.is_some()).count()),
            referrals_target,
        }
    }
}

/// The contacts met at an event, in the order they were added.
pub fn people_at_event(nb: &Notebook, event_id: Id) -> Vec<Id> {
    let mut people: Vec<&Contact> = nb
        .contacts
        .iter()
        .filter(|c| c.event_id == Some(event_id))
        .collect();
    people.sort_by_key(|c| (c.created_at, c.id));
    people.into_iter().map(|c| c.id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job_club(nb: &mut Notebook) -> Id {
        nb.add_event(
            Event {
                name: "  Job club  ".into(),
                place: "Library".into(),
                people_target: 5,
                referrals_target: 2,
                ..Event::default()
            },
            100,
        )
        .unwrap()
    }

    #[test]
    fn an_event_needs_a_name_which_is_trimmed() {
        let mut nb = Notebook::default();
        assert_eq!(
            nb.add_event(
                Event {
                    name: "   ".into(),
                    ..Event::default()
                },
                1
            ),
            Err("Please enter a name.".to_string())
        );
        assert!(nb.events.is_empty());
        let id = job_club(&mut nb);
        let e = nb.event(id).unwrap();
        assert_eq!(e.name, "Job club");
        assert_eq!((e.id, e.created_at, e.people_target), (id, 100, 5));
        assert!(nb.event(id + 1).is_none());
    }

    #[test]
    fn people_met_count_towards_the_target() {
        let mut nb = Notebook::default();
        let club = job_club(&mut nb);
        let mut ids = Vec::new();
        for (name, at) in [("Ana", 300), ("Ben", 200), ("Cy", 200)] {
            ids.push(nb.add_person_at_event(club, name, None, at).unwrap());
        }
        let ana = nb.contact(ids[0]).unwrap();
        assert_eq!(ana.list, ListKind::B);
        assert_eq!(ana.event_id, Some(club));
        assert_eq!(ana.how_met, "Met at Job club");
        assert_eq!(ana.referred_by, None);
        assert_eq!(
            nb.event_progress(club),
            EventProgress {
                people_met: 3,
                people_target: 5,
                referrals: 0,
                referrals_target: 2,
            }
        );
        // Ordered by when they were added, then id.
        assert_eq!(people_at_event(&nb, club), [ids[1], ids[2], ids[0]]);
    }

    #[test]
    fn referrals_at_an_event_are_counted_separately() {
        let mut nb = Notebook::default();
        let club = job_club(&mut nb);
        let ana = nb.add_person_at_event(club, "Ana", None, 200).unwrap();
        let ben = nb.add_person_at_event(club, "Ben", Some(ana), 210).unwrap();
        assert_eq!(nb.contact(ben).unwrap().referred_by, Some(ana));
        // Someone not met at the event does not count.
        nb.add_contact(
            Contact {
                name: "Elsewhere".into(),
                ..Contact::default()
            },
            220,
        )
        .unwrap();
        let progress = nb.event_progress(club);
        assert_eq!((progress.people_met, progress.referrals), (1, 1));
        assert_eq!(progress.referrals_target, 2);
        assert_eq!(people_at_event(&nb, club), [ana, ben]);
    }

    #[test]
    fn adding_a_person_needs_an_existing_event_and_a_name() {
        let mut nb = Notebook::default();
        assert_eq!(
            nb.add_person_at_event(42, "Ana", None, 1),
            Err("This event no longer exists.".to_string())
        );
        let club = job_club(&mut nb);
        assert_eq!(
            nb.add_person_at_event(club, "  ", None, 1),
            Err("Please enter a name.".to_string())
        );
        assert!(nb.contacts.is_empty());
        // An unknown event has no targets and nobody met.
        assert_eq!(
            nb.event_progress(42),
            EventProgress {
                people_met: 0,
                people_target: 0,
                referrals: 0,
                referrals_target: 0,
            }
        );
        assert!(people_at_event(&nb, 42).is_empty());
    }

    #[test]
    fn a_referrer_that_does_not_exist_is_kept_as_a_gap() {
        let mut nb = Notebook::default();
        let club = job_club(&mut nb);
        let ana = nb.add_person_at_event(club, "Ana", Some(4242), 1).unwrap();
        assert_eq!(nb.contact(ana).unwrap().referred_by, Some(4242));
        let ben = nb.add_person_at_event(club, "Ben", Some(ana), 2).unwrap();
        assert_eq!(nb.contact(ben).unwrap().referred_by, Some(ana));
        assert_eq!(nb.contacts.len(), 2);
    }
}

#[cfg(test)]
mod edit_tests {
    use crate::domain::Notebook;
    use crate::domain::notebook::Event;

    #[test]
    fn events_are_edited_deleted_and_restored() {
        let mut nb = Notebook::default();
        let id = nb
            .add_event(
                Event {
                    name: "Job club".into(),
                    people_target: 5,
                    ..Event::default()
                },
                7,
            )
            .unwrap();
        let mut e = nb.event(id).unwrap().clone();
        e.name = "  ".into();
        assert!(nb.edit_event(e.clone()).is_err());
        e.name = " Job club, spring ".into();
        e.people_target = 8;
        e.created_at = 0;
        nb.edit_event(e).unwrap();
        let saved = nb.event(id).unwrap();
        assert_eq!(
            (saved.name.as_str(), saved.people_target, saved.created_at),
            ("Job club, spring", 8, 7)
        );
        let before = nb.clone();
        let removed = nb.delete_event(id).unwrap();
        assert!(nb.event(id).is_none());
        nb.restore(removed);
        assert_eq!(nb, before);
    }
}
