//! Give and take with one contact: the help the user offered and gave in
//! return, the people the contact introduced them to, and the advice the
//! contact shared. Networking is a two-way street; this keeps it visible.

use std::cmp::Reverse;
use std::collections::HashSet;

use super::followups::FollowUpKind;
use super::search::normalize;
use super::{Contact, Id, Meeting, Notebook, Timestamp};

/// What has passed between the user and one contact.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reciprocity {
    /// Help the user can offer or has offered: the contact's "how I can
    /// help" note first, then the offers made in meetings and the offers
    /// still to follow through on, oldest first, each once.
    pub help_offered: Vec<String>,
    /// Offers of help the user followed through on, oldest first.
    pub help_given: Vec<String>,
    /// People this contact introduced the user to, in the order added.
    pub referrals_made: Vec<Id>,
    /// The outcome of each meeting held with the contact, newest first.
    pub advice: Vec<String>,
}

/// The meetings held (begun) with a contact, with when they were held.
fn held_with(nb: &Notebook, contact_id: Id) -> impl Iterator<Item = (Timestamp, &Meeting)> {
    nb.meetings
        .iter()
        .filter(move |m| m.contact_id == Some(contact_id))
        .filter_map(|m| m.held_at().map(|at| (at, m)))
}

fn non_empty(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|t| !t.is_empty())
}

/// Everything the user and `contact_id` have given each other. A removed
/// contact keeps what its meetings and follow-ups recorded.
pub fn reciprocity(nb: &Notebook, contact_id: Id) -> Reciprocity {
    // Offers from meetings (when held) and open follow-ups (when created);
    // on the same instant the meeting comes first, as it made the offer.
    let mut offers: Vec<(Timestamp, u8, Id, &str)> = held_with(nb, contact_id)
        .filter_map(|(at, m)| non_empty(&m.help_offered).map(|t| (at, 0, m.id, t)))
        .collect();
    let offer_help = || {
        nb.follow_ups
            .iter()
            .filter(move |f| f.contact_id == Some(contact_id) && f.kind == FollowUpKind::OfferHelp)
    };
    offers.extend(
        offer_help()
            .filter(|f| f.done_at.is_none())
            .filter_map(|f| non_empty(&f.notes).map(|t| (f.created_at, 1, f.id, t))),
    );
    offers.sort();
    let standing = nb
        .contact(contact_id)
        .and_then(|c| non_empty(&c.how_i_can_help));
    let mut seen = HashSet::new();
    let help_offered = standing
        .into_iter()
        .chain(offers.into_iter().map(|(.., text)| text))
        .filter(|text| seen.insert(normalize(text)))
        .map(str::to_string)
        .collect();

    let mut given: Vec<(Timestamp, Id, String)> = offer_help()
        .filter_map(|f| {
            let text = non_empty(&f.notes).unwrap_or(f.kind.label());
            f.done_at.map(|at| (at, f.id, text.to_string()))
        })
        .collect();
    given.sort();

    let mut referred: Vec<&Contact> = nb
        .contacts
        .iter()
        .filter(|c| c.referred_by == Some(contact_id))
        .collect();
    // Stable: people added in the same millisecond keep the order they were added in.
    referred.sort_by_key(|c| c.created_at);

    let mut advice: Vec<(Timestamp, Id, &str)> = held_with(nb, contact_id)
        .filter_map(|(at, m)| non_empty(&m.outcome).map(|t| (at, m.id, t)))
        .collect();
    advice.sort_by_key(|&(at, id, _)| Reverse((at, id)));

    Reciprocity {
        help_offered,
        help_given: given.into_iter().map(|(.., text)| text).collect(),
        referrals_made: referred.into_iter().map(|c| c.id).collect(),
        advice: advice.into_iter().map(|(.., t)| t.to_string()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::clock::{MeetingClock, PhasePlan};
    use crate::domain::followups::FollowUp;
    use crate::domain::{DAY_MS, ListKind};
    use proptest::prelude::*;

    const T0: Timestamp = 1_795_424_400_000;

    fn with_ana() -> (Notebook, Id) {
        crate::domain::notebook::tests::with_contact("Ana", ListKind::B, T0)
    }

    /// A meeting with `contact`, held at `held` (or only planned when `None`).
    fn meeting(nb: &mut Notebook, contact: Id, held: Option<Timestamp>, help: &str, outcome: &str) {
        let id = nb.alloc_id();
        nb.meetings.push(Meeting {
            id,
            contact_id: Some(contact),
            contact_name: "Ana".into(),
            scheduled_at: held.or(Some(T0)),
            clock: held.map(|at| MeetingClock::start(at, PhasePlan::default())),
            ended_at: held.map(|at| at + 30 * 60_000),
            help_offered: help.into(),
            outcome: outcome.into(),
            ..Meeting::default()
        });
    }

    fn offer(
        nb: &mut Notebook,
        contact: Id,
        notes: &str,
        created: Timestamp,
        done: Option<Timestamp>,
    ) {
        let id = nb.alloc_id();
        nb.follow_ups.push(FollowUp {
            id,
            contact_id: Some(contact),
            kind: FollowUpKind::OfferHelp,
            notes: notes.into(),
            created_at: created,
            done_at: done,
            ..FollowUp::default()
        });
    }

    #[test]
    fn nothing_recorded_gives_nothing() {
        let (nb, ana) = with_ana();
        assert_eq!(reciprocity(&nb, ana), Reciprocity::default());
        assert_eq!(reciprocity(&nb, 999), Reciprocity::default());
    }

    #[test]
    fn help_offered_gathers_the_note_meetings_and_open_offers_once_in_time_order() {
        let (mut nb, ana) = with_ana();
        nb.contacts[0].how_i_can_help = "  Intro to my old team  ".into();
        meeting(&mut nb, ana, Some(T0 + 5 * DAY_MS), "Review her deck", "");
        meeting(&mut nb, ana, Some(T0 + DAY_MS), "Send market notes", "");
        meeting(&mut nb, ana, Some(T0 + 2 * DAY_MS), "   ", "");
        // Planned only: nothing offered yet.
        meeting(&mut nb, ana, None, "Buy her coffee", "");
        // The follow-up made from the first meeting repeats its offer.
        offer(&mut nb, ana, "send market NOTES", T0 + DAY_MS, None);
        offer(&mut nb, ana, "Share the job board", T0 + 3 * DAY_MS, None);
        offer(&mut nb, ana, "", T0 + 3 * DAY_MS, None);
        // Done offers are help given, not still offered.
        offer(&mut nb, ana, "Proofread her post", T0, Some(T0 + DAY_MS));
        // Someone else's offer.
        offer(&mut nb, ana + 100, "Not Ana", T0, None);
        assert_eq!(
            reciprocity(&nb, ana).help_offered,
            [
                "Intro to my old team",
                "Send market notes",
                "Share the job board",
                "Review her deck",
            ]
        );
    }

    #[test]
    fn help_given_lists_done_offers_with_the_label_when_no_notes() {
        let (mut nb, ana) = with_ana();
        offer(
            &mut nb,
            ana,
            " Sent the article ",
            T0,
            Some(T0 + 3 * DAY_MS),
        );
        offer(&mut nb, ana, "", T0, Some(T0 + DAY_MS));
        offer(&mut nb, ana, "Still to do", T0, None);
        let id = nb.alloc_id();
        nb.follow_ups.push(FollowUp {
            id,
            contact_id: Some(ana),
            kind: FollowUpKind::ThankYou,
            done_at: Some(T0),
            notes: "Thanks!".into(),
            ..FollowUp::default()
        });
        let r = reciprocity(&nb, ana);
        assert_eq!(r.help_given, ["Offer of help", "Sent the article"]);
        assert_eq!(r.help_offered, ["Still to do"]);
    }

    #[test]
    fn referrals_made_are_the_people_the_contact_introduced() {
        let (mut nb, ana) = with_ana();
        let mut ids = Vec::new();
        for (name, at) in [("Ben", T0 + 20), ("Cy", T0 + 10), ("Dee", T0 + 10)] {
            ids.push(
                nb.add_contact(
                    Contact {
                        name: name.into(),
                        referred_by: Some(ana),
                        ..Contact::default()
                    },
                    at,
                )
                .unwrap(),
            );
        }
        // Introduced by Ben, not Ana.
        nb.add_contact(
            Contact {
                name: "Eve".into(),
                referred_by: Some(ids[0]),
                ..Contact::default()
            },
            T0,
        )
        .unwrap();
        assert_eq!(
            reciprocity(&nb, ana).referrals_made,
            [ids[1], ids[2], ids[0]]
        );
        // Still known after Ana is deleted.
        nb.delete_contact(ana);
        assert_eq!(reciprocity(&nb, ana).referrals_made.len(), 3);
    }

    #[test]
    fn advice_is_the_outcome_of_meetings_held_newest_first() {
        let (mut nb, ana) = with_ana();
        meeting(&mut nb, ana, Some(T0), "", "Try the fintech meetup");
        meeting(
            &mut nb,
            ana,
            Some(T0 + 7 * DAY_MS),
            "",
            " Rewrite the pitch ",
        );
        meeting(&mut nb, ana, Some(T0 + 3 * DAY_MS), "", "");
        meeting(&mut nb, ana, None, "", "Planned, not advice");
        assert_eq!(
            reciprocity(&nb, ana).advice,
            ["Rewrite the pitch", "Try the fintech meetup"]
        );
    }

    proptest! {
        #[test]
        fn help_offered_never_repeats(
            notes in proptest::collection::vec(("[aAbB ]{0,3}", 0i64..5, any::<bool>(), any::<bool>()), 0..12)
        ) {
            let (mut nb, ana) = with_ana();
            for (text, day, from_meeting, done) in &notes {
                let at = T0 + day * DAY_MS;
                if *from_meeting {
                    meeting(&mut nb, ana, Some(at), text, text);
                } else {
                    offer(&mut nb, ana, text, at, done.then_some(at));
                }
            }
            let r = reciprocity(&nb, ana);
            let keys: HashSet<String> = r.help_offered.iter().map(|t| normalize(t)).collect();
            prop_assert_eq!(keys.len(), r.help_offered.len());
            prop_assert!(r.help_offered.iter().chain(&r.help_given).chain(&r.advice).all(|t| !t.trim().is_empty() && t.trim() == t));
        }
    }
}
