//! Two versions of a record side by side, as people read them: the compare
//! screen names fields as the forms do, shows a contact rather than its id
//! and a day rather than a count of milliseconds.

use serde_json::Value;

use super::calendar::{Zone, local_date, long_day, long_day_time};
use super::clock::MeetingClock;
use super::followups::FollowUpKind;
use super::goals::WeeklyGoal;
use super::records::{FieldDiff, Record, compare_fields, fields_of};
use super::settings::Settings;
use super::{Id, ListKind, Notebook, OrgStatus, Purpose, Timestamp};

/// The fields in which `ours` and `theirs` differ (see
/// [`super::records::compare`]), each
/// named and shown for people, moments as read in the user's `zone`.
pub fn compare_for_people(
    ours: &Record,
    theirs: &Record,
    nb: &Notebook,
    zone: &impl Zone,
) -> Vec<FieldDiff> {
    let (o, t) = (fields_of(ours), fields_of(theirs));
    compare_fields(&o, &t)
        .into_iter()
        .map(|mut diff| {
            let shown = |values: &serde_json::Map<String, Value>, plain: String| {
                values
                    .get(&diff.field)
                    .and_then(|v| show(&diff.field, v, nb, zone))
                    .unwrap_or(plain)
            };
            diff.ours = shown(&o, std::mem::take(&mut diff.ours));
            diff.theirs = shown(&t, std::mem::take(&mut diff.theirs));
            if let Some(label) = label(&diff.field) {
                diff.label = label.to_string();
            }
            diff
        })
        .collect()
}

/// A field's name as the forms and pages call it, where the stored name
/// reads otherwise.
fn label(field: &str) -> Option<&'static str> {
    Some(match field {
        "url" => "LinkedIn or web page",
        "how_met" => "How we met",
        "how_i_can_help" => "How I can help",
        "referred_at" => "Introduced on",
        "event_id" => "Met at event",
        "keep_in_touch_days" => "Keep in touch every … days",
        "contact_id" => "Contact",
        "contact_name" => "Contact's name",
        "scheduled_at" => "Date and time",
        "pitch_id" | "default_pitch" => "Pitch version",
        "purposes_done" => "Purposes met",
        "questions_asked" => "Questions asked",
        "clock" => "Meeting clock",
        "ended_at" => "Ended",
        "steps_decided" => "Next steps decided",
        "meeting_id" => "Meeting",
        "done_at" => "Done",
        "snoozed_until" => "Snoozed until",
        "people_target" => "People to meet",
        "referrals_target" => "Referrals to get",
        "follow_up_by" => "Follow up by",
        "at" => "Written",
        "goals" => "Weekly goals",
        _ => return None,
    })
}

/// A value as people read it, where the stored form is not (`None`: as
/// stored). Moments are read in `zone`.
fn show(field: &str, v: &Value, nb: &Notebook, zone: &impl Zone) -> Option<String> {
    let time = |t: Timestamp| long_day_time(t, zone);
    if v.is_null() {
        return None;
    }
    // A record that is not here (deleted, or not synced yet) is said so,
    // rather than shown by its number.
    const GONE: &str = "not in this notebook";
    let named = |name: Option<String>| Some(name.unwrap_or_else(|| GONE.to_string()));
    let contact = |id: Id| nb.contact(id).map(|c| c.name.clone());
    let ids = |v: &Value, name: &dyn Fn(Id) -> Option<String>| {
        v.as_array().map(|items| {
            items
                .iter()
                .map(|i| {
                    i.as_u64()
                        .and_then(name)
                        .unwrap_or_else(|| GONE.to_string())
                })
                .collect::<Vec<_>>()
                .join(", ")
        })
    };
    match field {
        "contact_id" | "referred_by" => named(contact(v.as_u64()?)),
        "organization" => named(nb.organization(v.as_u64()?).map(|o| o.name.clone())),
        "event_id" => named(nb.event(v.as_u64()?).map(|e| e.name.clone())),
        "pitch_id" | "default_pitch" => named(nb.pitch(v.as_u64()?).map(|p| p.title.clone())),
        "meeting_id" => named(
            nb.meeting(v.as_u64()?)
                .map(|m| format!("Meeting with {}", m.contact_name)),
        ),
        "steps_decided" => {
            let steps: Vec<super::meetings::StepKey> = parsed(v)?;
            Some(
                steps
                    .iter()
                    .map(|(kind, who)| match who.and_then(contact) {
                        Some(name) => format!("{} ({name})", kind.label()),
                        None => kind.label().to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
            )
        }
        "referrals" => ids(v, &contact),
        "list" => parsed::<ListKind>(v).map(|l| l.label().to_string()),
        "status" => parsed::<OrgStatus>(v).map(|s| s.label().to_string()),
        "kind" => parsed::<FollowUpKind>(v).map(|k| k.label().to_string()),
        "purposes" | "purposes_done" => {
            let purposes: Vec<Purpose> = parsed(v)?;
            Some(
                purposes
                    .iter()
                    .map(|p| p.label())
                    .collect::<Vec<_>>()
                    .join(", "),
            )
        }
        "clock" => {
            let clock: MeetingClock = parsed(v)?;
            let mut text = format!("Started {}", time(clock.started_at));
            if clock.paused_ms > 0 {
                let minutes = (clock.paused_ms + 30_000) / 60_000;
                text.push_str(&format!(", {minutes} min of pauses"));
            }
            if let Some(at) = clock.paused_at {
                text.push_str(&format!(", paused {}", time(at)));
            }
            Some(text)
        }
        "settings" => {
            let s: Settings = parsed(v)?;
            let p = &s.plan;
            let backup = s.last_backup_at.map_or_else(|| "never".to_string(), time);
            Some(format!(
                "Pitch pace {} words a minute; phases at {}, {}, {} and {} minutes; last backup {backup}",
                s.words_per_minute,
                p.pitch_end_min,
                p.referrals_at_min,
                p.wrap_up_at_min,
                p.length_min
            ))
        }
        "goals" => {
            let goals: Vec<WeeklyGoal> = parsed(v)?;
            Some(
                goals
                    .iter()
                    .map(|g| format!("{} {}", g.target, g.metric.label_per_week()))
                    .collect::<Vec<_>>()
                    .join(", "),
            )
        }
        "due" | "snoozed_until" | "date" | "follow_up_by" => {
            parsed::<chrono::NaiveDate>(v).map(long_day)
        }
        // The contact page gives the day of an introduction, not the hour.
        "referred_at" => v.as_i64().map(|t| long_day(local_date(t, zone))),
        f if f.ends_with("_at") || f == "at" => v.as_i64().map(time),
        _ => None,
    }
}

/// `v` read as a `T`, if it is one.
fn parsed<T: serde::de::DeserializeOwned>(v: &Value) -> Option<T> {
    serde_json::from_value(v.clone()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::FixedZone;
    use crate::domain::calendar::test_zones::utc;
    use crate::domain::notebook::tests::{person, with_contact};
    use crate::domain::{Contact, Meeting};

    /// Paris in winter: an hour ahead of UTC.
    const PARIS: FixedZone = FixedZone(60);

    #[test]
    fn ids_times_and_stored_names_are_shown_as_people_read_them() {
        let (mut nb, ana) = with_contact("Ana Souza", ListKind::A, 1);
        let ben = nb
            .add_contact(person("Ben Okafor", ListKind::B), 1)
            .unwrap();
        let base = Meeting {
            contact_id: Some(ana),
            contact_name: "Ana Souza".into(),
            clock: Some(MeetingClock::start(
                utc(2026, 11, 3, 13, 0),
                Default::default(),
            )),
            ..Meeting::default()
        };
        let mut ours = base.clone();
        ours.ended_at = Some(utc(2026, 11, 3, 13, 32));
        ours.clock.as_mut().unwrap().pause(utc(2026, 11, 3, 13, 31));
        ours.purposes_done = vec![Purpose::ALL[0]];
        ours.steps_decided = vec![(FollowUpKind::ThankYou, Some(ana))];
        let mut theirs = base;
        theirs.contact_id = Some(ben);
        theirs.referrals = vec![ana, 424242];
        theirs.pitch_id = Some(777);
        let diffs = compare_for_people(
            &Record::Meeting(ours),
            &Record::Meeting(theirs),
            &nb,
            &PARIS,
        );
        let row = |field: &str| {
            let d = diffs.iter().find(|d| d.field == field).unwrap();
            (d.label.as_str(), d.ours.as_str(), d.theirs.as_str())
        };
        assert_eq!(row("contact_id"), ("Contact", "Ana Souza", "Ben Okafor"));
        assert_eq!(row("ended_at"), ("Ended", "Tue 3 Nov 2026, 14:32", ""));
        assert_eq!(
            row("clock"),
            (
                "Meeting clock",
                "Started Tue 3 Nov 2026, 14:00, paused Tue 3 Nov 2026, 14:31",
                "Started Tue 3 Nov 2026, 14:00"
            )
        );
        assert_eq!(
            row("referrals"),
            ("Referrals", "", "Ana Souza, not in this notebook")
        );
        assert_eq!(row("purposes_done").1, Purpose::ALL[0].label());
        assert_eq!(
            row("steps_decided").1,
            format!("{} (Ana Souza)", FollowUpKind::ThankYou.label())
        );
        assert_eq!(
            row("pitch_id"),
            ("Pitch version", "", "not in this notebook")
        );
    }

    #[test]
    fn a_contacts_fields_are_named_as_the_form_names_them() {
        let nb = Notebook::default();
        let ours = Contact {
            name: "Ana".into(),
            url: "https://example.com/ana".into(),
            list: ListKind::B,
            // Late evening in UTC is already the next day in Paris.
            referred_at: Some(utc(2026, 11, 3, 23, 30)),
            ..Contact::default()
        };
        let theirs = Contact {
            list: ListKind::C,
            ..ours.clone()
        };
        let theirs = Contact {
            url: String::new(),
            referred_at: Some(utc(2026, 11, 5, 9, 0)),
            ..theirs
        };
        let diffs = compare_for_people(
            &Record::Contact(ours),
            &Record::Contact(theirs),
            &nb,
            &PARIS,
        );
        let labels: Vec<(&str, &str, &str)> = diffs
            .iter()
            .map(|d| (d.label.as_str(), d.ours.as_str(), d.theirs.as_str()))
            .collect();
        assert_eq!(
            labels,
            [
                ("List", ListKind::B.label(), ListKind::C.label()),
                ("Introduced on", "Wed 4 Nov 2026", "Thu 5 Nov 2026"),
                ("LinkedIn or web page", "https://example.com/ana", ""),
            ]
        );
    }
}
