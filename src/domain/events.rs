//! Networking events: a conference, an association meeting, a job club.
//!
//! The user sets targets for an event they control ("talk to 5 people",
//! "get 3 referrals") and records each person met there as a contact; the
//! progress is counted from those contacts, never typed in.

use serde::{Deserialize, Serialize};

use super::{Contact, Error, Id, ListKind, Notebook, Timestamp};

/// A networking event: a conference, an association meeting, a job club.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Event {
    pub id: Id,
    pub name: String,
    #[serde(with = "super::calendar::iso_date_opt")]
    pub date: Option<chrono::NaiveDate>,
    pub place: String,
    /// "Talk to N people".
    pub people_target: u32,
    /// "Get N referrals".
    pub referrals_target: u32,
    pub notes: String,
    pub created_at: Timestamp,
}

/// The highest target an event can set for people met or referrals.
pub const MAX_TARGET: u32 = 999;

/// Someone met at an event, as typed in there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonMet {
    pub name: String,
    pub list: ListKind,
    pub referred_by: Option<Id>,
    /// When to get back in touch; `None`: no follow-up.
    pub follow_up_by: Option<chrono::NaiveDate>,
}

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

impl EventProgress {
    /// "People met: 2 of 5", or "People met: 2" when no target is set.
    pub fn people_text(&self) -> String {
        against("People met", self.people_met, self.people_target)
    }

    /// "Referrals: 1 of 2", or "Referrals: 1" when no target is set.
    pub fn referrals_text(&self) -> String {
        against("Referrals", self.referrals, self.referrals_target)
    }
}

fn against(what: &str, done: u32, target: u32) -> String {
    if target == 0 {
        format!("{what}: {done}")
    } else {
        format!("{what}: {done} of {target}")
    }
}

impl Notebook {
    /// Adds an event (its `id` and `created_at` are assigned here). The name
    /// is required and trimmed.
    pub fn add_event(&mut self, mut event: Event, now: Timestamp) -> Result<Id, Error> {
        event.name = event.name.trim().to_string();
        if event.name.is_empty() {
            return Err(Error::EmptyName);
        }
        if let Some(date) = event.date {
            super::calendar::check_year(date)?;
        }
        event.id = self.alloc_id();
        event.created_at = now;
        let id = event.id;
        self.events.push(event);
        Ok(id)
    }

    /// Changes an event's name, date, place, targets and notes.
    pub fn edit_event(&mut self, mut event: Event) -> Result<(), Error> {
        event.name = event.name.trim().to_string();
        if event.name.is_empty() {
            return Err(Error::EmptyName);
        }
        let slot = self
            .find_mut::<Event>(event.id)
            .ok_or(Error::EventNotFound)?;
        if let Some(date) = event.date.filter(|d| Some(*d) != slot.date) {
            super::calendar::check_year(date)?;
        }
        event.created_at = slot.created_at;
        *slot = event;
        Ok(())
    }

    /// Removes an event; the people met there keep their link for an undo.
    pub fn delete_event(&mut self, id: Id) -> Option<super::notebook::Removed> {
        self.remove::<Event>(id)
    }

    pub fn event(&self, id: Id) -> Option<&Event> {
        self.find(id)
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
    ) -> Result<Id, Error> {
        self.record_person_met(
            event_id,
            PersonMet {
                name: name.to_string(),
                list: ListKind::B,
                referred_by,
                follow_up_by: None,
            },
            now,
        )
    }

    /// Records someone met at an event on the list chosen, introduced by
    /// `referred_by` if someone there made the introduction (the referral
    /// counts from now), with a follow-up to get back in touch if asked.
    pub fn record_person_met(
        &mut self,
        event_id: Id,
        person: PersonMet,
        now: Timestamp,
    ) -> Result<Id, Error> {
        let event_name = self
            .event(event_id)
            .map(|e| e.name.clone())
            .ok_or(Error::EventNotFound)?;
        let contact = Contact {
            name: person.name,
            list: person.list,
            event_id: Some(event_id),
            how_met: format!("Met at {event_name}"),
            referred_by: person.referred_by,
            referred_at: person.referred_by.map(|_| now),
            ..Contact::default()
        };
        let id = self.add_contact(contact, now)?;
        if let Some(due) = person.follow_up_by {
            self.add_event_follow_up(event_id, id, due, &event_name, now);
        }
        Ok(id)
    }

    /// Marks someone already in the notebook as met at an event (the
    /// duplicate offered instead of a new contact). An introduction is
    /// recorded only if nobody had introduced them before.
    pub fn link_person_at_event(
        &mut self,
        event_id: Id,
        contact_id: Id,
        referred_by: Option<Id>,
        follow_up_by: Option<chrono::NaiveDate>,
        now: Timestamp,
    ) -> Result<(), Error> {
        let event_name = self
            .event(event_id)
            .map(|e| e.name.clone())
            .ok_or(Error::EventNotFound)?;
        let loops = |nb: &Notebook, r| {
            r == contact_id
                || super::referrals::would_create_cycle(&nb.contacts, contact_id, Some(r))
        };
        let referrer = referred_by.filter(|r| !loops(self, *r));
        let c = self
            .find_mut::<Contact>(contact_id)
            .ok_or(Error::RecordNotFound)?;
        c.event_id = Some(event_id);
        if c.referred_by.is_none() && referrer.is_some() {
            c.referred_by = referrer;
            c.referred_at = Some(now);
        }
        c.updated_at = now;
        if let Some(due) = follow_up_by {
            self.add_event_follow_up(event_id, contact_id, due, &event_name, now);
        }
        Ok(())
    }

    fn add_event_follow_up(
        &mut self,
        event_id: Id,
        contact_id: Id,
        due: chrono::NaiveDate,
        event_name: &str,
        now: Timestamp,
    ) {
        let f = super::followups::FollowUp {
            contact_id: Some(contact_id),
            event_id: Some(event_id),
            kind: super::followups::FollowUpKind::FollowUp,
            due,
            notes: format!("Met at {event_name}"),
            ..super::followups::FollowUp::default()
        };
        // The contact was just added or found, so this cannot fail.
        let _ = self.add_follow_up(f, now);
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

/// One event as the list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventRow {
    pub id: Id,
    pub name: String,
    /// "Sat 14 Mar 2026 · 3 people met of 5" ("1 person met").
    pub sub: String,
}

impl Event {
    /// The date and place, whichever are known: "Sat 14 Mar 2026 · Library".
    pub fn when_and_where(&self) -> String {
        let date = self.date.map(super::calendar::long_day).unwrap_or_default();
        [date, self.place.clone()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

impl Notebook {
    /// Every event, the latest date first and undated ones last, with the
    /// people met against the target.
    pub fn event_rows(&self) -> Vec<EventRow> {
        let mut events: Vec<&Event> = self.events.iter().collect();
        events.sort_by_key(|e| std::cmp::Reverse(e.date));
        events
            .into_iter()
            .map(|e| {
                let p = self.event_progress(e.id);
                let target = if p.people_target > 0 {
                    format!(" of {}", p.people_target)
                } else {
                    String::new()
                };
                let date = e
                    .date
                    .map(|d| format!("{} · ", super::calendar::long_day(d)));
                let people = if p.people_met == 1 {
                    "person"
                } else {
                    "people"
                };
                EventRow {
                    id: e.id,
                    name: e.name.clone(),
                    sub: format!(
                        "{}{} {people} met{target}",
                        date.unwrap_or_default(),
                        p.people_met
                    ),
                }
            })
            .collect()
    }

    /// The people met at an event in the order added, with the name of
    /// whoever introduced each one.
    pub fn people_met_at(&self, event_id: Id) -> Vec<(Id, String, Option<String>)> {
        people_at_event(self, event_id)
            .into_iter()
            .filter_map(|id| self.contact(id))
            .map(|c| {
                let by = c.referred_by.and_then(|r| self.contact(r));
                (c.id, c.name.clone(), by.map(|r| r.name.clone()))
            })
            .collect()
    }
}

/// The contacts met at an event, in the order they were added.
pub fn people_at_event(nb: &Notebook, event_id: Id) -> Vec<Id> {
    let mut people: Vec<&Contact> = nb
        .contacts
        .iter()
        .filter(|c| c.event_id == Some(event_id))
        .collect();
    // Stable: people added in the same millisecond keep the order they were added in.
    people.sort_by_key(|c| c.created_at);
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
            Err(Error::EmptyName)
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
        assert_eq!(progress.referrals_text(), "Referrals: 1 of 2");
        // No target set: the count alone, not "1 of 0".
        let no_target = EventProgress {
            people_target: 0,
            ..progress
        };
        assert_eq!(no_target.people_text(), "People met: 1");
    }

    #[test]
    fn adding_a_person_needs_an_existing_event_and_a_name() {
        let mut nb = Notebook::default();
        assert_eq!(
            nb.add_person_at_event(42, "Ana", None, 1),
            Err(Error::EventNotFound)
        );
        let club = job_club(&mut nb);
        assert_eq!(
            nb.add_person_at_event(club, "  ", None, 1),
            Err(Error::EmptyName)
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
mod capture_tests {
    use super::*;
    use crate::domain::followups::FollowUpKind;
    use chrono::NaiveDate;

    fn club(nb: &mut Notebook) -> Id {
        nb.add_event(
            Event {
                name: "Job club".into(),
                people_target: 3,
                referrals_target: 1,
                ..Event::default()
            },
            1,
        )
        .unwrap()
    }

    #[test]
    fn the_list_is_chosen_and_a_follow_up_proposed() {
        let mut nb = Notebook::default();
        let e = club(&mut nb);
        let due = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let ana = nb
            .record_person_met(
                e,
                PersonMet {
                    name: "Ana".into(),
                    list: ListKind::C,
                    referred_by: None,
                    follow_up_by: Some(due),
                },
                5,
            )
            .unwrap();
        assert_eq!(nb.contact(ana).unwrap().list, ListKind::C);
        let f = &nb.follow_ups[0];
        assert_eq!(
            (f.contact_id, f.event_id, f.kind, f.due),
            (Some(ana), Some(e), FollowUpKind::FollowUp, due)
        );
        let ben = nb
            .record_person_met(
                e,
                PersonMet {
                    name: "Ben".into(),
                    list: ListKind::B,
                    referred_by: Some(ana),
                    follow_up_by: None,
                },
                9,
            )
            .unwrap();
        assert_eq!(nb.contact(ben).unwrap().referred_at, Some(9));
        assert_eq!(nb.follow_ups.len(), 1);
    }

    #[test]
    fn linking_someone_known_keeps_their_first_introduction() {
        let mut nb = Notebook::default();
        let e = club(&mut nb);
        let ana = nb.add_person_at_event(e, "Ana", None, 1).unwrap();
        let dev = nb
            .add_contact(
                Contact {
                    name: "Dev".into(),
                    ..Contact::default()
                },
                1,
            )
            .unwrap();
        nb.link_person_at_event(e, dev, Some(ana), None, 7).unwrap();
        let d = nb.contact(dev).unwrap();
        assert_eq!(
            (d.event_id, d.referred_by, d.referred_at),
            (Some(e), Some(ana), Some(7))
        );
        assert_eq!(nb.contacts.len(), 2, "nobody new is created");
        // Linked again with another referrer: the first one stays.
        nb.link_person_at_event(e, dev, Some(dev), None, 8).unwrap();
        assert_eq!(nb.contact(dev).unwrap().referred_by, Some(ana));
        // A referrer who would make a loop is left out.
        nb.link_person_at_event(e, ana, Some(dev), None, 9).unwrap();
        assert_eq!(nb.contact(ana).unwrap().referred_by, None);
        let p = nb.event_progress(e);
        assert_eq!((p.people_met, p.referrals), (1, 1));
    }
}

#[cfg(test)]
mod list_tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn events_list_latest_first_and_name_who_introduced_whom() {
        let mut nb = Notebook::default();
        let day = |d| NaiveDate::from_ymd_opt(2026, 3, d);
        let mut add = |name: &str, date, place: &str| {
            nb.add_event(
                Event {
                    name: name.into(),
                    date,
                    place: place.into(),
                    people_target: 2,
                    ..Event::default()
                },
                1,
            )
            .unwrap()
        };
        let early = add("Early", day(2), "");
        let undated = add("Undated", None, "Library");
        let late = add("Late", day(14), "Hall");
        let ana = nb.add_person_at_event(late, "Ana", None, 2).unwrap();
        nb.add_person_at_event(late, "Ben", Some(ana), 3).unwrap();
        let rows = nb.event_rows();
        let order: Vec<Id> = rows.iter().map(|r| r.id).collect();
        assert_eq!(order, [late, early, undated]);
        assert_eq!(rows[0].sub, "Sat 14 Mar 2026 · 1 person met of 2");
        assert!(
            rows[1].sub.ends_with(" · 0 people met of 2"),
            "{}",
            rows[1].sub
        );
        assert_eq!(
            nb.event(late).unwrap().when_and_where(),
            "Sat 14 Mar 2026 · Hall"
        );
        assert_eq!(nb.event(undated).unwrap().when_and_where(), "Library");
        let people = nb.people_met_at(late);
        assert_eq!(people[1].2.as_deref(), Some("Ana"));
    }
}

#[cfg(test)]
mod edit_tests {
    use crate::domain::events::Event;
    use crate::domain::{Error, Notebook};

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
        assert_eq!(nb.edit_event(e.clone()), Err(Error::EmptyName));
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
