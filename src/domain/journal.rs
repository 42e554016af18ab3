//! The journal: a detailed record of everything the user did, newest first.
//!
//! Entries are derived from the records each time (contacts, meetings,
//! follow-ups done, notes written by hand), never stored, so the journal can
//! never disagree with them. Records of a deleted contact stay listed, named
//! from the meeting when it kept the name, else as "removed contact".

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::followups::{FollowUp, FollowUpKind};
use super::{Contact, Error, Id, ListKind, Notebook, Timestamp};

/// A note written into the journal by hand.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct JournalNote {
    pub id: Id,
    pub at: Timestamp,
    pub contact_id: Option<Id>,
    pub text: String,
}

/// What a journal entry records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JournalKind {
    ContactAdded,
    MeetingHeld,
    ReferralReceived,
    ThankYouSent,
    HelpOffered,
    FollowUpDone,
    Note,
}

impl JournalKind {
    pub const ALL: [JournalKind; 7] = [
        JournalKind::ContactAdded,
        JournalKind::MeetingHeld,
        JournalKind::ReferralReceived,
        JournalKind::ThankYouSent,
        JournalKind::HelpOffered,
        JournalKind::FollowUpDone,
        JournalKind::Note,
    ];

    pub fn label(self) -> &'static str {
        match self {
            JournalKind::ContactAdded => "Contact added",
            JournalKind::MeetingHeld => "Meeting held",
            JournalKind::ReferralReceived => "Referral received",
            JournalKind::ThankYouSent => "Thank-you sent",
            JournalKind::HelpOffered => "Help offered",
            JournalKind::FollowUpDone => "Follow-up done",
            JournalKind::Note => "Note",
        }
    }

    /// Position in [`JournalKind::ALL`], which orders entries at the same
    /// instant.
    fn rank(self) -> u8 {
        match self {
            JournalKind::ContactAdded => 0,
            JournalKind::MeetingHeld => 1,
            JournalKind::ReferralReceived => 2,
            JournalKind::ThankYouSent => 3,
            JournalKind::HelpOffered => 4,
            JournalKind::FollowUpDone => 5,
            JournalKind::Note => 6,
        }
    }
}

/// The record an entry opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JournalLink {
    Contact(Id),
    Meeting(Id),
    FollowUp(Id),
    Event(Id),
}

/// One line of the journal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JournalEntry {
    pub at: Timestamp,
    pub kind: JournalKind,
    /// The contact it is about, if any (possibly since deleted).
    pub contact_id: Option<Id>,
    /// Another contact it concerns: who made the introduction.
    pub also_about: Option<Id>,
    pub text: String,
    pub link: Option<JournalLink>,
    /// The note this entry is, when the user wrote it: it can be changed
    /// or deleted, unlike what the journal reads from other records.
    pub note: Option<Id>,
}

/// Which entries to show; every `None` lets everything through.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JournalFilter {
    /// Only entries about this contact.
    pub contact: Option<Id>,
    /// Only entries about a contact (still in the notebook) on this list.
    pub list: Option<ListKind>,
    pub kind: Option<JournalKind>,
    /// From this instant, inclusive.
    pub from: Option<Timestamp>,
    /// Until this instant, exclusive.
    pub to: Option<Timestamp>,
}

impl JournalFilter {
    /// Keeps the entries of the days `from` to `to`, both included, as the
    /// user's `zone` counts days.
    pub fn on_days(
        self,
        from: Option<chrono::NaiveDate>,
        to: Option<chrono::NaiveDate>,
        zone: &impl super::calendar::Zone,
    ) -> Self {
        use super::calendar::{add_days, local_midnight};
        JournalFilter {
            from: from.map(|d| local_midnight(d, zone)),
            // The "to" day is included: stop at the midnight after it.
            to: to.map(|d| local_midnight(add_days(d, 1), zone)),
            ..self
        }
    }

    fn keeps(&self, entry: &JournalEntry, contacts: &HashMap<Id, &Contact>) -> bool {
        let list_ok = self.list.is_none_or(|list| {
            entry
                .contact_id
                .and_then(|id| contacts.get(&id))
                .is_some_and(|c| c.list == list)
        });
        list_ok
            && self
                .contact
                .is_none_or(|id| entry.contact_id == Some(id) || entry.also_about == Some(id))
            && self.kind.is_none_or(|kind| entry.kind == kind)
            && self.from.is_none_or(|from| entry.at >= from)
            && self.to.is_none_or(|to| entry.at < to)
    }
}

/// Shown for a contact that has been deleted and left no name behind.
const REMOVED: &str = "removed contact";

/// The journal entries matching `filter`, newest first; entries at the same
/// instant follow [`JournalKind::ALL`], then their text.
pub fn journal(nb: &Notebook, filter: &JournalFilter) -> Vec<JournalEntry> {
    // The first contact wins if an id is duplicated, as in `Notebook::contact`.
    let mut contacts: HashMap<Id, &Contact> = HashMap::with_capacity(nb.contacts.len());
    for c in &nb.contacts {
        contacts.entry(c.id).or_insert(c);
    }
    let name_of = |id: Id| contacts.get(&id).map(|c| c.name.as_str());

    let mut entries = Vec::new();
    for c in &nb.contacts {
        // With the referrer gone, the entry is the contact's adding, at
        // the time they were added, not when the referral was made.
        let (kind, text, at) = match c.referred_by.and_then(name_of) {
            Some(referrer) => (
                JournalKind::ReferralReceived,
                format!("{referrer} referred you to {}", c.name),
                super::today::referral_made_at(nb, c).unwrap_or(c.created_at),
            ),
            None => (
                JournalKind::ContactAdded,
                format!("Added {} (list {})", c.name, c.list.letter()),
                c.created_at,
            ),
        };
        entries.push(JournalEntry {
            at,
            kind,
            contact_id: Some(c.id),
            also_about: c.referred_by,
            text,
            link: Some(JournalLink::Contact(c.id)),
            note: None,
        });
    }
    for m in &nb.meetings {
        // A meeting still running is not held yet.
        if m.ended().is_none() {
            continue;
        }
        let Some(at) = m.held_at() else { continue };
        let name = m
            .contact_id
            .and_then(name_of)
            .or(Some(m.contact_name.trim()).filter(|n| !n.is_empty()))
            .unwrap_or(REMOVED);
        let mut text = format!("Met {name}");
        if !m.place.trim().is_empty() {
            text.push_str(" at ");
            text.push_str(m.place.trim());
        }
        entries.push(JournalEntry {
            at,
            kind: JournalKind::MeetingHeld,
            contact_id: m.contact_id,
            also_about: None,
            text,
            link: Some(JournalLink::Meeting(m.id)),
            note: None,
        });
    }
    for f in &nb.follow_ups {
        let Some(at) = f.done_at else { continue };
        let (kind, text) = follow_up_text(f, follow_up_person(nb, f, name_of));
        entries.push(JournalEntry {
            at,
            kind,
            contact_id: f.contact_id,
            also_about: None,
            text,
            link: Some(JournalLink::FollowUp(f.id)),
            note: None,
        });
    }
    for n in &nb.journal_notes {
        entries.push(JournalEntry {
            at: n.at,
            kind: JournalKind::Note,
            contact_id: n.contact_id,
            also_about: None,
            text: n.text.clone(),
            link: n.contact_id.map(JournalLink::Contact),
            note: Some(n.id),
        });
    }

    entries.retain(|e| filter.keeps(e, &contacts));
    entries.sort_by(|a, b| {
        b.at.cmp(&a.at)
            .then(a.kind.rank().cmp(&b.kind.rank()))
            .then_with(|| a.text.cmp(&b.text))
    });
    entries
}

/// Who a follow-up was with: the contact if it still exists, else the name
/// its meeting kept (when the meeting was with that same person), else
/// "removed contact"; `None` when it was with nobody in particular.
fn follow_up_person<'a>(
    nb: &'a Notebook,
    f: &FollowUp,
    name_of: impl Fn(Id) -> Option<&'a str>,
) -> Option<&'a str> {
    if let Some(name) = f.contact_id.and_then(name_of) {
        return Some(name);
    }
    let kept = f
        .meeting_id
        .and_then(|id| nb.meeting(id))
        .filter(|m| m.contact_id == f.contact_id)
        .map(|m| m.contact_name.trim())
        .filter(|n| !n.is_empty());
    kept.or(f.contact_id.map(|_| REMOVED))
}

fn follow_up_text(f: &FollowUp, person: Option<&str>) -> (JournalKind, String) {
    let notes = f.notes.trim();
    match f.kind {
        FollowUpKind::ThankYou => (
            JournalKind::ThankYouSent,
            match person {
                Some(name) => format!("Thanked {name}"),
                None => "Sent a thank-you".to_string(),
            },
        ),
        FollowUpKind::OfferHelp => {
            let who = person.map_or_else(String::new, |name| format!(" {name}"));
            let text = if notes.is_empty() {
                format!("Helped{who}")
            } else {
                format!("Helped{who}: {notes}")
            };
            (JournalKind::HelpOffered, text)
        }
        kind => (
            JournalKind::FollowUpDone,
            match person {
                Some(name) => format!("{} with {name} done", kind.label()),
                None => format!("{} done", kind.label()),
            },
        ),
    }
}

impl Notebook {
    /// Writes a note into the journal, optionally about a contact; a note
    /// with nothing in it is refused.
    pub fn add_journal_note(
        &mut self,
        contact_id: Option<Id>,
        text: &str,
        at: Timestamp,
    ) -> Result<Id, Error> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Error::NoteNotWritten);
        }
        let id = self.alloc_id();
        self.journal_notes.push(JournalNote {
            id,
            at,
            contact_id,
            text: text.to_string(),
        });
        Ok(id)
    }

    /// Rewrites a note's text; it keeps its time and contact. An empty
    /// text is refused: deleting the note is what removes it.
    pub fn edit_journal_note(&mut self, id: Id, text: &str) -> Result<(), Error> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Error::NoteEmpty);
        }
        let note = self
            .find_mut::<JournalNote>(id)
            .ok_or(Error::RecordNotFound)?;
        note.text = text.to_string();
        Ok(())
    }

    /// Removes a note, for an undo.
    pub fn delete_journal_note(&mut self, id: Id) -> Option<super::notebook::Removed> {
        self.remove::<JournalNote>(id)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::clock::{MeetingClock, PhasePlan};
    use crate::domain::{DAY_MS, HOUR_MS, Meeting};
    use chrono::NaiveDate;
    use proptest::prelude::*;

    // 2026-11-23 09:00 UTC, a Monday.
    const T0: Timestamp = 1_795_424_400_000;

    fn person(name: &str, list: ListKind, referred_by: Option<Id>) -> Contact {
        Contact {
            name: name.into(),
            list,
            referred_by,
            ..Contact::default()
        }
    }

    fn held(nb: &mut Notebook, contact: Id, at: Timestamp, place: &str) -> Id {
        let id = nb
            .plan_meeting(
                Meeting {
                    contact_id: Some(contact),
                    place: place.into(),
                    scheduled_at: Some(at),
                    ..Meeting::default()
                },
                at - DAY_MS,
            )
            .unwrap();
        nb.start_meeting(id, at).unwrap();
        nb.end_meeting(id, at + HOUR_MS / 2, &crate::domain::calendar::FixedZone(0))
            .unwrap();
        id
    }

    fn done(
        nb: &mut Notebook,
        contact: Option<Id>,
        kind: FollowUpKind,
        notes: &str,
        at: Option<Timestamp>,
    ) -> Id {
        let id = nb.alloc_id();
        nb.follow_ups.push(FollowUp {
            id,
            contact_id: contact,
            kind,
            notes: notes.into(),
            done_at: at,
            ..FollowUp::default()
        });
        id
    }

    fn note(nb: &mut Notebook, contact: Option<Id>, at: Timestamp, text: &str) {
        let id = nb.alloc_id();
        nb.journal_notes.push(JournalNote {
            id,
            at,
            contact_id: contact,
            text: text.into(),
        });
    }

    /// Ana (A) introduced Ben (B); one meeting with Ana, a thank-you, help
    /// given, a referral contacted and a note.
    fn sample() -> (Notebook, Id, Id) {
        let mut nb = Notebook::default();
        let ana = nb
            .add_contact(person("Ana", ListKind::A, None), T0)
            .unwrap();
        let ben = nb
            .add_contact(person("Ben", ListKind::B, Some(ana)), T0 + DAY_MS)
            .unwrap();
        held(&mut nb, ana, T0 + DAY_MS, "Café Lumière");
        done(
            &mut nb,
            Some(ana),
            FollowUpKind::ThankYou,
            "",
            Some(T0 + 2 * DAY_MS),
        );
        done(
            &mut nb,
            Some(ana),
            FollowUpKind::OfferHelp,
            "Sent notes",
            Some(T0 + 3 * DAY_MS),
        );
        done(
            &mut nb,
            Some(ben),
            FollowUpKind::ContactReferral,
            "",
            Some(T0 + 4 * DAY_MS),
        );
        done(&mut nb, Some(ben), FollowUpKind::ThankYou, "", None);
        note(&mut nb, None, T0 + 5 * DAY_MS, "Updated my résumé");
        (nb, ana, ben)
    }

    fn texts(entries: &[JournalEntry]) -> Vec<&str> {
        entries.iter().map(|e| e.text.as_str()).collect()
    }

    #[test]
    fn kinds_have_labels_in_order() {
        let labels: Vec<_> = JournalKind::ALL.iter().map(|k| k.label()).collect();
        assert_eq!(
            labels,
            [
                "Contact added",
                "Meeting held",
                "Referral received",
                "Thank-you sent",
                "Help offered",
                "Follow-up done",
                "Note"
            ]
        );
        for (i, kind) in JournalKind::ALL.iter().enumerate() {
            assert_eq!(usize::from(kind.rank()), i);
        }
    }

    #[test]
    fn every_record_becomes_an_entry_newest_first() {
        let (nb, ana, ben) = sample();
        let all = journal(&nb, &JournalFilter::default());
        assert_eq!(
            texts(&all),
            [
                "Updated my résumé",
                "Contact a referral with Ben done",
                "Helped Ana: Sent notes",
                "Thanked Ana",
                // Same instant: a meeting comes before a referral.
                "Met Ana at Café Lumière",
                "Ana referred you to Ben",
                "Added Ana (list A)",
            ]
        );
        let kinds: Vec<JournalKind> = all.iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            [
                JournalKind::Note,
                JournalKind::FollowUpDone,
                JournalKind::HelpOffered,
                JournalKind::ThankYouSent,
                JournalKind::MeetingHeld,
                JournalKind::ReferralReceived,
                JournalKind::ContactAdded,
            ]
        );
        let meeting = nb.meetings[0].id;
        assert_eq!(
            all[4],
            JournalEntry {
                at: T0 + DAY_MS,
                kind: JournalKind::MeetingHeld,
                contact_id: Some(ana),
                also_about: None,
                text: "Met Ana at Café Lumière".into(),
                link: Some(JournalLink::Meeting(meeting)),
                note: None,
            }
        );
        assert_eq!(all[5].contact_id, Some(ben));
        assert_eq!(all[5].link, Some(JournalLink::Contact(ben)));
        assert_eq!(all[0].contact_id, None);
        assert_eq!(all[0].link, None);
        assert!(matches!(all[1].link, Some(JournalLink::FollowUp(_))));
    }

    #[test]
    fn ties_are_ordered_by_kind_then_text() {
        let mut nb = Notebook::default();
        note(&mut nb, None, T0, "b");
        note(&mut nb, None, T0, "a");
        nb.add_contact(person("Zed", ListKind::C, None), T0)
            .unwrap();
        assert_eq!(
            texts(&journal(&nb, &JournalFilter::default())),
            ["Added Zed (list C)", "a", "b"]
        );
    }

    #[test]
    fn follow_up_texts_without_notes_or_person() {
        let mut nb = Notebook::default();
        let ana = nb
            .add_contact(person("Ana", ListKind::A, None), T0)
            .unwrap();
        done(
            &mut nb,
            Some(ana),
            FollowUpKind::OfferHelp,
            "  ",
            Some(T0 + 1),
        );
        done(&mut nb, Some(ana), FollowUpKind::FollowUp, "", Some(T0 + 2));
        done(&mut nb, Some(ana), FollowUpKind::Other, "", Some(T0 + 3));
        done(&mut nb, None, FollowUpKind::ThankYou, "", Some(T0 + 4));
        done(
            &mut nb,
            None,
            FollowUpKind::OfferHelp,
            "Shared a lead",
            Some(T0 + 5),
        );
        done(&mut nb, None, FollowUpKind::Other, "", Some(T0 + 6));
        let all = journal(&nb, &JournalFilter::default());
        assert_eq!(
            texts(&all),
            [
                "Other done",
                "Helped: Shared a lead",
                "Sent a thank-you",
                "Other with Ana done",
                "Follow-up with Ana done",
                "Helped Ana",
                "Added Ana (list A)",
            ]
        );
    }

    #[test]
    fn a_referrer_that_no_longer_exists_makes_a_plain_contact_added() {
        let mut nb = Notebook::default();
        let ana = nb
            .add_contact(person("Ana", ListKind::A, None), T0)
            .unwrap();
        // Ben, added today, was introduced by Ana months ago.
        let introduced = T0 - 200 * DAY_MS;
        nb.add_contact(
            Contact {
                referred_at: Some(introduced),
                ..person("Ben", ListKind::B, Some(ana))
            },
            T0 + 1,
        )
        .unwrap();
        let before = journal(&nb, &JournalFilter::default());
        assert_eq!(
            before.last().map(|e| (e.kind, e.at)),
            Some((JournalKind::ReferralReceived, introduced))
        );
        nb.delete_contact(ana);
        let all = journal(&nb, &JournalFilter::default());
        assert_eq!(texts(&all), ["Added Ben (list B)"]);
        assert_eq!(all[0].kind, JournalKind::ContactAdded);
        // Dated when Ben was added, as other contacts added are.
        assert_eq!(all[0].at, T0 + 1);
    }

    #[test]
    fn a_note_can_be_rewritten_or_deleted_and_brought_back() {
        let mut nb = Notebook::default();
        let ana = nb
            .add_contact(person("Ana", ListKind::A, None), T0)
            .unwrap();
        let id = nb
            .add_journal_note(Some(ana), "Call the career centre", T0 + 1)
            .unwrap();
        let notes = |nb: &Notebook| -> Vec<(Option<Id>, String)> {
            journal(nb, &JournalFilter::default())
                .into_iter()
                .filter(|e| e.kind == JournalKind::Note)
                .map(|e| (e.note, e.text))
                .collect()
        };
        assert_eq!(notes(&nb), [(Some(id), "Call the career centre".into())]);
        assert_eq!(nb.edit_journal_note(id, "  "), Err(Error::NoteEmpty));
        assert_eq!(
            nb.add_journal_note(Some(ana), " \n ", T0 + 2),
            Err(Error::NoteNotWritten)
        );
        nb.edit_journal_note(id, " Called: they run a mentoring scheme. ")
            .unwrap();
        assert_eq!(
            nb.journal_notes[0],
            JournalNote {
                id,
                at: T0 + 1,
                contact_id: Some(ana),
                text: "Called: they run a mentoring scheme.".into(),
            }
        );
        let removed = nb.delete_journal_note(id).unwrap();
        assert!(notes(&nb).is_empty());
        assert_eq!(nb.edit_journal_note(id, "x"), Err(Error::RecordNotFound));
        nb.restore(removed);
        assert_eq!(notes(&nb).len(), 1);
        // What the journal reads from other records is not a note.
        assert!(
            journal(&nb, &JournalFilter::default())
                .iter()
                .all(|e| (e.kind == JournalKind::Note) == e.note.is_some())
        );
    }

    #[test]
    fn a_removed_contacts_records_stay_listed() {
        let mut nb = Notebook::default();
        let ana = nb
            .add_contact(person("Ana", ListKind::A, None), T0)
            .unwrap();
        let meeting = held(&mut nb, ana, T0 + DAY_MS, "");
        // A thank-you tied to the meeting keeps the name the meeting kept.
        let id = nb.alloc_id();
        nb.follow_ups.push(FollowUp {
            id,
            contact_id: Some(ana),
            meeting_id: Some(meeting),
            kind: FollowUpKind::ThankYou,
            done_at: Some(T0 + 2 * DAY_MS),
            ..FollowUp::default()
        });
        done(
            &mut nb,
            Some(ana),
            FollowUpKind::FollowUp,
            "",
            Some(T0 + 3 * DAY_MS),
        );
        note(&mut nb, Some(ana), T0 + 4 * DAY_MS, "Ana moved to Lisbon");
        // A meeting that lost both its contact and its name.
        let lost = nb.alloc_id();
        nb.meetings.push(Meeting {
            id: lost,
            contact_id: Some(ana),
            clock: Some(MeetingClock::start(T0 + 5 * DAY_MS, PhasePlan::default())),
            ended_at: Some(T0 + 5 * DAY_MS + HOUR_MS),
            ..Meeting::default()
        });
        nb.delete_contact(ana);

        let all = journal(&nb, &JournalFilter::default());
        assert_eq!(
            texts(&all),
            [
                "Met removed contact",
                "Ana moved to Lisbon",
                "Follow-up with removed contact done",
                "Thanked Ana",
                "Met Ana",
            ]
        );
        // Still found by the contact's id.
        let about_ana = journal(
            &nb,
            &JournalFilter {
                contact: Some(ana),
                ..JournalFilter::default()
            },
        );
        assert_eq!(about_ana.len(), 5);
        // The list is no longer known, so a list filter leaves them out.
        let on_a = journal(
            &nb,
            &JournalFilter {
                list: Some(ListKind::A),
                ..JournalFilter::default()
            },
        );
        assert!(on_a.is_empty());
    }

    #[test]
    fn filter_by_contact() {
        let (nb, ana, ben) = sample();
        let filter = |contact| JournalFilter {
            contact: Some(contact),
            ..JournalFilter::default()
        };
        assert_eq!(
            texts(&journal(&nb, &filter(ana))),
            [
                "Helped Ana: Sent notes",
                "Thanked Ana",
                "Met Ana at Café Lumière",
                // Ana made this introduction, so it is about her too.
                "Ana referred you to Ben",
                "Added Ana (list A)",
            ]
        );
        assert_eq!(
            texts(&journal(&nb, &filter(ben))),
            [
                "Contact a referral with Ben done",
                "Ana referred you to Ben"
            ]
        );
        assert!(journal(&nb, &filter(999)).is_empty());
    }

    #[test]
    fn filter_by_list_leaves_out_entries_without_a_contact() {
        let (nb, _, _) = sample();
        let filter = |list| JournalFilter {
            list: Some(list),
            ..JournalFilter::default()
        };
        assert_eq!(journal(&nb, &filter(ListKind::A)).len(), 4);
        assert_eq!(
            texts(&journal(&nb, &filter(ListKind::B))),
            [
                "Contact a referral with Ben done",
                "Ana referred you to Ben"
            ]
        );
        assert!(journal(&nb, &filter(ListKind::C)).is_empty());
    }

    #[test]
    fn filter_by_kind() {
        let (nb, _, _) = sample();
        for kind in JournalKind::ALL {
            let got = journal(
                &nb,
                &JournalFilter {
                    kind: Some(kind),
                    ..JournalFilter::default()
                },
            );
            assert_eq!(got.len(), 1, "{kind:?}");
            assert_eq!(got[0].kind, kind);
        }
    }

    #[test]
    fn filter_by_time_from_inclusive_to_exclusive() {
        let (nb, _, _) = sample();
        let range = |from, to| JournalFilter {
            from,
            to,
            ..JournalFilter::default()
        };
        assert_eq!(
            texts(&journal(
                &nb,
                &range(Some(T0 + DAY_MS), Some(T0 + 3 * DAY_MS))
            )),
            [
                "Thanked Ana",
                "Met Ana at Café Lumière",
                "Ana referred you to Ben"
            ]
        );
        assert_eq!(
            texts(&journal(&nb, &range(Some(T0 + 4 * DAY_MS), None))),
            ["Updated my résumé", "Contact a referral with Ben done"]
        );
        assert_eq!(
            texts(&journal(&nb, &range(None, Some(T0 + 1)))),
            ["Added Ana (list A)"]
        );
        // Filters combine.
        let both = JournalFilter {
            list: Some(ListKind::A),
            kind: Some(JournalKind::ThankYouSent),
            from: Some(T0),
            ..JournalFilter::default()
        };
        assert_eq!(texts(&journal(&nb, &both)), ["Thanked Ana"]);
    }

    /// A random notebook: contacts with links (some to missing ids), held
    /// and planned meetings, follow-ups open and done, notes, and some
    /// contacts deleted afterwards. Times fall within a few weeks of T0.
    pub(crate) fn arb_notebook() -> impl Strategy<Value = Notebook> {
        let contacts = proptest::collection::vec(
            (
                prop_oneof![Just(ListKind::A), Just(ListKind::B), Just(ListKind::C)],
                proptest::option::weighted(0.4, 1..20 as Id),
                0..40 * 24i64,
                proptest::option::of(0u32..20),
                any::<bool>(),
            ),
            0..12,
        );
        let meetings = proptest::collection::vec(
            (
                proptest::option::weighted(0.9, 1..16 as Id),
                proptest::option::of(-20 * 24..40 * 24i64),
                0u8..3,
                "[a-c ]{0,2}",
            ),
            0..8,
        );
        let follow_ups = proptest::collection::vec(
            (
                proptest::option::weighted(0.9, 1..16 as Id),
                0..FollowUpKind::ALL.len(),
                -20i64..40,
                proptest::option::of(-10i64..40),
                proptest::option::of(0..40 * 24i64),
                "[a-c ]{0,2}",
            ),
            0..10,
        );
        let notes = proptest::collection::vec(
            (
                proptest::option::of(1..16 as Id),
                0..40 * 24i64,
                "[a-c]{0,2}",
            ),
            0..4,
        );
        (contacts, meetings, follow_ups, notes).prop_map(
            |(contacts, meetings, follow_ups, notes)| {
                let base = NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date");
                let day = |d: i64| crate::domain::calendar::add_days(base, d);
                let mut nb = Notebook::default();
                let mut deleted = Vec::new();
                for (i, (list, referred_by, hours, keep, delete)) in
                    contacts.into_iter().enumerate()
                {
                    let id = i as Id + 1;
                    nb.contacts.push(Contact {
                        id,
                        name: format!("P{id}"),
                        list,
                        referred_by,
                        keep_in_touch_days: keep,
                        created_at: T0 + hours * HOUR_MS,
                        ..Contact::default()
                    });
                    if delete {
                        deleted.push(id);
                    }
                }
                for (contact_id, scheduled, state, place) in meetings {
                    let id = nb.alloc_id();
                    let at = scheduled.map(|h| T0 + h * HOUR_MS);
                    let start = at.unwrap_or(T0);
                    nb.meetings.push(Meeting {
                        id,
                        contact_id,
                        contact_name: contact_id.map(|c| format!("P{c}")).unwrap_or_default(),
                        scheduled_at: at,
                        place,
                        clock: (state > 0)
                            .then(|| MeetingClock::start(start, PhasePlan::default())),
                        ended_at: (state > 1).then_some(start + HOUR_MS),
                        ..Meeting::default()
                    });
                }
                for (contact_id, kind, due, snooze, done_h, notes) in follow_ups {
                    let id = nb.alloc_id();
                    nb.follow_ups.push(FollowUp {
                        id,
                        contact_id,
                        kind: FollowUpKind::ALL[kind],
                        due: day(due),
                        snoozed_until: snooze.map(day),
                        done_at: done_h.map(|h| T0 + h * HOUR_MS),
                        notes,
                        ..FollowUp::default()
                    });
                }
                for (contact_id, hours, text) in notes {
                    note(&mut nb, contact_id, T0 + hours * HOUR_MS, &text);
                }
                for id in deleted {
                    nb.delete_contact(id);
                }
                nb
            },
        )
    }

    fn arb_filter() -> impl Strategy<Value = JournalFilter> {
        (
            proptest::option::of(1..16 as Id),
            proptest::option::of(prop_oneof![
                Just(ListKind::A),
                Just(ListKind::B),
                Just(ListKind::C)
            ]),
            proptest::option::of(0..JournalKind::ALL.len()),
            proptest::option::of(-20 * 24..40 * 24i64),
            proptest::option::of(-20 * 24..40 * 24i64),
        )
            .prop_map(|(contact, list, kind, from, to)| JournalFilter {
                contact,
                list,
                kind: kind.map(|k| JournalKind::ALL[k]),
                from: from.map(|h| T0 + h * HOUR_MS),
                to: to.map(|h| T0 + h * HOUR_MS),
            })
    }

    proptest! {
        #[test]
        fn journal_is_newest_first(nb in arb_notebook()) {
            let all = journal(&nb, &JournalFilter::default());
            for pair in all.windows(2) {
                let (a, b) = (&pair[0], &pair[1]);
                prop_assert!(
                    a.at > b.at
                        || (a.at == b.at && (a.kind.rank(), &a.text) <= (b.kind.rank(), &b.text)),
                    "{a:?} before {b:?}"
                );
            }
            // One entry per contact, meeting held and ended, done follow-up
            // and note.
            let expected = nb.contacts.len()
                + nb.meetings.iter().filter(|m| m.ended().is_some()).count()
                + nb.follow_ups.iter().filter(|f| f.done_at.is_some()).count()
                + nb.journal_notes.len();
            prop_assert_eq!(all.len(), expected);
        }

        #[test]
        fn filtering_only_removes_entries(nb in arb_notebook(), filter in arb_filter()) {
            let all = journal(&nb, &JournalFilter::default());
            let some = journal(&nb, &filter);
            prop_assert!(some.len() <= all.len());
            // The filtered journal is the full one with entries left out,
            // in the same order, and each entry left matches the filter.
            let mut rest = all.iter();
            for e in &some {
                prop_assert!(rest.any(|a| a == e), "{e:?} not in the full journal");
                if let Some(id) = filter.contact {
                    prop_assert!(e.contact_id == Some(id) || e.also_about == Some(id));
                }
                if let Some(list) = filter.list {
                    let c = e.contact_id.and_then(|id| nb.contact(id));
                    prop_assert_eq!(c.map(|c| c.list), Some(list));
                }
                if let Some(kind) = filter.kind {
                    prop_assert_eq!(e.kind, kind);
                }
                prop_assert!(filter.from.is_none_or(|from| e.at >= from));
                prop_assert!(filter.to.is_none_or(|to| e.at < to));
            }
        }
    }

    #[test]
    fn a_day_range_includes_both_days() {
        use crate::domain::calendar::FixedZone;
        let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 3, d);
        let f = JournalFilter::default().on_days(day(2), day(3), &FixedZone(0));
        let midnight =
            |d: u32| crate::domain::calendar::local_midnight(day(d).unwrap(), &FixedZone(0));
        assert_eq!((f.from, f.to), (Some(midnight(2)), Some(midnight(4))));
    }
}
