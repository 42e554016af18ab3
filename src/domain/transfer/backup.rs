//! What restoring a backup would replace, spelled out before it happens.

use crate::domain::{DAY_MS, Notebook, Timestamp, count};

/// After this many days without a backup, Today suggests one.
pub const REMINDER_AFTER_DAYS: i64 = 14;

/// Whether Today should suggest a backup: there is something to lose, and
/// the last backup (or, if there never was one, the first record) is more
/// than [`REMINDER_AFTER_DAYS`] old.
pub fn reminder_due(nb: &Notebook, now: Timestamp) -> bool {
    reminder_due_since(backup_since(nb), now)
}

/// When the last backup was made, or else when the oldest record was: what
/// the reminder counts from. `None` for an empty notebook.
pub fn backup_since(nb: &Notebook) -> Option<Timestamp> {
    nb.settings.last_backup_at.or_else(|| {
        nb.contacts
            .iter()
            .map(|c| c.created_at)
            .chain(nb.organizations.iter().map(|o| o.created_at))
            .chain(nb.meetings.iter().map(|m| m.created_at))
            .min()
    })
}

/// [`reminder_due`], given what [`backup_since`] found.
pub fn reminder_due_since(since: Option<Timestamp>, now: Timestamp) -> bool {
    since.is_some_and(|t| now.saturating_sub(t) > REMINDER_AFTER_DAYS * DAY_MS)
}

/// The notebook as its backup file holds it. The file is itself the latest
/// backup, so once restored the notebook says when that backup was made
/// (and Today does not ask for one straight away).
pub fn for_backup(nb: &Notebook, now: Timestamp) -> Notebook {
    let mut copy = nb.clone();
    copy.backup_made(now);
    copy
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

/// The question asked before a backup replaces the notebook. A device
/// that syncs (`synced_with`, the database) passes the restore on to the
/// others, which lose what they have that the backup has not: the user is
/// told before, since there is no undoing it there.
pub fn replace_question(
    current: &Notebook,
    backup: &Notebook,
    synced_with: Option<&str>,
) -> String {
    let mut question = format!(
        "Replace everything in Rapport with this backup?\n\n\
         Now in Rapport (will be replaced): {}, and your settings.\n\n\
         In the backup: {}.",
        record_counts(current),
        record_counts(backup)
    );
    if let Some(database) = synced_with {
        question.push_str(&format!(
            "\n\nThis device syncs with {database}. At the next sync your other devices \
             will match this backup too: what was added or changed on them since the backup \
             was made will be removed there as well."
        ));
    }
    question
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::followups::FollowUp;
    use crate::domain::{Contact, Meeting};
    use crate::domain::{DAY_MS, Timestamp};

    fn with_contact_made_at(t: Timestamp) -> Notebook {
        let mut nb = Notebook::default();
        nb.add_contact(
            Contact {
                name: "Ana".into(),
                ..Contact::default()
            },
            t,
        )
        .unwrap();
        nb
    }

    #[test]
    fn a_restored_backup_knows_when_it_was_made() {
        let made = 40 * DAY_MS;
        let nb = with_contact_made_at(0);
        let file = for_backup(&nb, made);
        assert_eq!(file.settings.last_backup_at, Some(made));
        assert_eq!(
            nb.settings.last_backup_at, None,
            "the notebook itself is unchanged"
        );
        // Restored a day later: no reminder, though the notebook never
        // recorded a backup before.
        assert!(reminder_due(&nb, made + DAY_MS));
        assert!(!reminder_due(&file, made + DAY_MS));
    }

    #[test]
    fn a_backup_is_suggested_after_two_weeks_with_data() {
        let now = 100 * DAY_MS;
        assert!(!reminder_due(&Notebook::default(), now));
        let mut nb = with_contact_made_at(now - 15 * DAY_MS);
        assert!(reminder_due(&nb, now));
        assert!(!reminder_due(&with_contact_made_at(now - 13 * DAY_MS), now));
        nb.settings.last_backup_at = Some(now - 3 * DAY_MS);
        assert!(!reminder_due(&nb, now));
        nb.settings.last_backup_at = Some(now - 15 * DAY_MS);
        assert!(reminder_due(&nb, now));
    }

    #[test]
    fn settings_stored_before_the_backup_date_existed_still_load() {
        let s: crate::domain::settings::Settings =
            serde_json::from_str(r#"{"words_per_minute": 150}"#).unwrap();
        assert_eq!(s.last_backup_at, None);
    }

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
        let q = replace_question(&current, &Notebook::default(), None);
        assert!(
            q.contains(
                "1 contact, 0 organizations, 1 meeting, 1 follow-up, 0 events, 1 pitch version, \
             0 journal notes, 0 weekly goals, and your settings"
            ),
            "{q}"
        );
        assert!(q.contains("In the backup: 0 contacts, 0 organizations, 0 meetings"));
        assert!(!q.contains("sync"));
        let q = replace_question(&current, &Notebook::default(), Some("https://h/rapport"));
        assert!(
            q.contains(
                "This device syncs with https://h/rapport. At the next sync your other devices"
            ),
            "{q}"
        );
    }
}
