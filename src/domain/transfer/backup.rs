//! What restoring a backup would replace, spelled out before it happens.

use crate::domain::Notebook;

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Every kind of record a notebook holds, counted, e.g. "3 contacts, 1
/// organization, 0 meetings, …".
pub fn record_counts(nb: &Notebook) -> String {
    [
        count(nb.contacts.len(), "contact", "contacts"),
        count(nb.organizations.len(), "organization", "organizations"),
        count(nb.meetings.len(), "meeting", "meetings"),
        count(nb.follow_ups.len(), "follow-up", "follow-ups"),
        count(nb.events.len(), "event", "events"),
        count(nb.pitches.len(), "pitch version", "pitch versions"),
        count(nb.journal_notes.len(), "journal note", "journal notes"),
        count(nb.goals.len(), "weekly goal", "weekly goals"),
    ]
    .join(", ")
}

/// The question asked before a backup replaces the notebook.
pub fn replace_question(current: &Notebook, backup: &Notebook) -> String {
    format!(
        "Replace everything in Rapport with this backup?\n\n\
         Now in Rapport (will be replaced): {}, and your settings.\n\n\
         In the backup: {}.",
        record_counts(current),
        record_counts(backup)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::followups::FollowUp;
    use crate::domain::{Contact, Meeting};

    #[test]
    fn the_question_names_every_kind_of_record() {
        let mut current = Notebook::default();
        let id = current
            .add_contact(
                Contact {
                    name: "Ana".into(),
                    ..Contact::default()
                },
                1,
            )
            .unwrap();
        current.meetings.push(Meeting::default());
        current
            .add_follow_up(
                FollowUp {
                    contact_id: Some(id),
                    ..FollowUp::default()
                },
                1,
            )
            .unwrap();
        current.add_pitch("", "Hello", 1);
        let q = replace_question(&current, &Notebook::default());
        assert!(
            q.contains(
                "1 contact, 0 organizations, 1 meeting, 1 follow-up, 0 events, 1 pitch version, \
             0 journal notes, 0 weekly goals, and your settings"
            ),
            "{q}"
        );
        assert!(q.contains("In the backup: 0 contacts, 0 organizations, 0 meetings"));
    }
}
