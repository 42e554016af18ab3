//! Where the [`TodaySnapshot`] is kept: one small key beside the records.
//!
//! It is a cache, never the only copy of anything: what it holds is read
//! again from the records as soon as the notebook is open, so a snapshot
//! that cannot be read, or is of an older format, is simply not used.
//!
//! It is read before the first paint, so it is plain lines read by hand
//! rather than JSON: a JSON reader, and the readers of the records it
//! holds, would be a large share of the first download. Each line is a tag
//! and fields separated by one space; free text (a name, a follow-up's
//! notes) is always the line's last field, with backslashes, line feeds
//! and carriage returns escaped.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use super::{KeyValueStore, StoreError};
use crate::domain::clock::MeetingClock;
use crate::domain::followups::{FollowUp, FollowUpKind};
use crate::domain::goals::{GoalMetric, GoalProgress};
use crate::domain::records::{Record, RecordRef};
use crate::domain::today::TodayView;
use crate::domain::today_snapshot::{TodaySnapshot, shown_on_today};
use crate::domain::{Contact, Id, Meeting};

/// The key the snapshot is kept under. Not a record key, so opening,
/// saving and sync leave it alone.
pub const TODAY_KEY: &str = "rapport.today";

/// The first line; its number goes up whenever the lines change shape.
/// Version 1 was JSON and is not read any more.
const HEADER: &str = "rapport-today 2";

/// The most text a snapshot may take (UTF-8 bytes, at least as many as
/// the UTF-16 units storage counts). A Today naming hundreds of contacts
/// to get back in touch with is not kept: the room is the records'.
pub const MOST_TEXT: usize = 100_000;

/// The snapshot as stored text.
pub fn encode(snapshot: &TodaySnapshot) -> String {
    // Spelled out so that a field added to the view fails to compile here
    // rather than being left out of the snapshot.
    let TodayView {
        overdue,
        due_today,
        due_tomorrow,
        meetings,
        goals,
        keep_in_touch,
        week,
    } = &snapshot.view;
    let mut out = String::new();
    let _ = writeln!(out, "{HEADER}");
    let _ = writeln!(out, "day {}", iso(snapshot.day));
    let _ = writeln!(out, "empty {}", u8::from(snapshot.empty));
    let _ = writeln!(out, "backup {}", opt(snapshot.backup_since));
    for (tag, ids) in [
        ("overdue", overdue),
        ("today", due_today),
        ("tomorrow", due_tomorrow),
        ("meetings", meetings),
    ] {
        out.push_str(tag);
        for id in ids {
            let _ = write!(out, " {id}");
        }
        out.push('\n');
    }
    out.push_str("goals");
    for g in goals {
        let _ = write!(out, " {}:{}:{}", metric_tag(g.metric), g.target, g.done);
    }
    out.push_str("\ntouch");
    for (id, days) in keep_in_touch {
        let _ = write!(out, " {id}:{days}");
    }
    out.push_str("\nweek");
    for (metric, count) in week {
        let _ = write!(out, " {}:{count}", metric_tag(*metric));
    }
    out.push('\n');
    for record in &snapshot.records {
        encode_record(&mut out, record.as_ref());
    }
    out
}

/// One record's line, with what [`shown_on_today`] keeps of it.
fn encode_record(out: &mut String, record: RecordRef<'_>) {
    match shown_on_today(record) {
        Record::FollowUp(f) => {
            let FollowUp {
                id,
                contact_id,
                meeting_id,
                event_id,
                kind,
                due,
                notes,
                done_at,
                snoozed_until,
                created_at,
            } = f;
            let _ = write!(
                out,
                "f {id} {} {} {} {} {} {} {} {created_at} ",
                opt(contact_id),
                opt(meeting_id),
                opt(event_id),
                kind_tag(kind),
                iso(due),
                opt(done_at),
                snoozed_until.map_or("-".to_string(), iso),
            );
            escape_into(out, &notes);
        }
        Record::Contact(c) => {
            let _ = write!(out, "c {} ", c.id);
            escape_into(out, &c.name);
        }
        Record::Meeting(m) => {
            let _ = write!(
                out,
                "m {} {} {} {} {} {} ",
                m.id,
                opt(m.contact_id),
                opt(m.scheduled_at),
                m.created_at,
                opt(m.ended_at),
                opt(m.clock.map(|c| c.started_at)),
            );
            escape_into(out, &m.contact_name);
        }
        // Today's rows show no other kind.
        _ => return,
    }
    out.push('\n');
}

/// The snapshot in `text`, unless any of it cannot be read.
pub fn decode(text: &str) -> Option<TodaySnapshot> {
    let mut lines = text.lines();
    if lines.next()? != HEADER {
        return None;
    }
    let mut field = |tag: &str| {
        let line = lines.next()?;
        let rest = line.strip_prefix(tag)?;
        if rest.is_empty() {
            Some("")
        } else {
            rest.strip_prefix(' ')
        }
    };
    let day = crate::domain::calendar::parse_iso_date(field("day")?)?;
    let empty = match field("empty")? {
        "0" => false,
        "1" => true,
        _ => return None,
    };
    let backup_since = read_opt(field("backup")?)?;
    let overdue = read_ids(field("overdue")?)?;
    let due_today = read_ids(field("today")?)?;
    let due_tomorrow = read_ids(field("tomorrow")?)?;
    let meetings = read_ids(field("meetings")?)?;
    let goals = pairs(field("goals")?, |item| {
        let mut parts = item.split(':');
        let metric = read_metric(parts.next()?)?;
        let target = parts.next()?.parse().ok()?;
        let done = parts.next()?.parse().ok()?;
        parts.next().is_none().then_some(GoalProgress {
            metric,
            target,
            done,
        })
    })?;
    let keep_in_touch = pairs(field("touch")?, |item| {
        let (id, days) = item.split_once(':')?;
        Some((id.parse().ok()?, days.parse().ok()?))
    })?;
    let week = pairs(field("week")?, |item| {
        let (metric, count) = item.split_once(':')?;
        Some((read_metric(metric)?, count.parse().ok()?))
    })?;
    let records = lines.map(read_record).collect::<Option<Vec<Record>>>()?;
    Some(TodaySnapshot {
        day,
        view: TodayView {
            overdue,
            due_today,
            due_tomorrow,
            meetings,
            goals,
            keep_in_touch,
            week,
        },
        empty,
        backup_since,
        records,
    })
}

/// A record's line, as far as Today shows it; `None` for a line that
/// cannot be read.
fn read_record(line: &str) -> Option<Record> {
    let (tag, rest) = line.split_once(' ')?;
    let record = match tag {
        "f" => {
            let mut fields = rest.splitn(10, ' ');
            let mut next = || fields.next();
            Record::FollowUp(FollowUp {
                id: next()?.parse().ok()?,
                contact_id: read_opt(next()?)?,
                meeting_id: read_opt(next()?)?,
                event_id: read_opt(next()?)?,
                kind: read_kind(next()?)?,
                due: crate::domain::calendar::parse_iso_date(next()?)?,
                done_at: read_opt(next()?)?,
                snoozed_until: match next()? {
                    "-" => None,
                    date => Some(crate::domain::calendar::parse_iso_date(date)?),
                },
                created_at: next()?.parse().ok()?,
                notes: unescape(next()?)?,
            })
        }
        "c" => {
            let (id, name) = rest.split_once(' ')?;
            Record::Contact(Contact {
                id: id.parse().ok()?,
                name: unescape(name)?,
                ..Contact::default()
            })
        }
        "m" => {
            let mut fields = rest.splitn(7, ' ');
            let mut next = || fields.next();
            Record::Meeting(Meeting {
                id: next()?.parse().ok()?,
                contact_id: read_opt(next()?)?,
                scheduled_at: read_opt(next()?)?,
                created_at: next()?.parse().ok()?,
                ended_at: read_opt(next()?)?,
                clock: read_opt(next()?)?
                    .map(|started| MeetingClock::start(started, Default::default())),
                contact_name: unescape(next()?)?,
                ..Meeting::default()
            })
        }
        _ => return None,
    };
    // Read through the same projection it was written with, so the two
    // cannot disagree on what a row shows.
    Some(shown_on_today(record.as_ref()))
}

fn iso(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// A number, or `-` for none.
fn opt<T: std::fmt::Display>(value: Option<T>) -> String {
    value.map_or_else(|| "-".to_string(), |v| v.to_string())
}

fn read_opt<T: std::str::FromStr>(field: &str) -> Option<Option<T>> {
    match field {
        "-" => Some(None),
        n => n.parse().ok().map(Some),
    }
}

fn read_ids(field: &str) -> Option<Vec<Id>> {
    pairs(field, |id| id.parse().ok())
}

/// Every space-separated item of `field` read by `read`, unless one cannot be.
fn pairs<T>(field: &str, read: impl Fn(&str) -> Option<T>) -> Option<Vec<T>> {
    field.split_ascii_whitespace().map(read).collect()
}

fn metric_tag(metric: GoalMetric) -> &'static str {
    match metric {
        GoalMetric::MeetingsHeld => "held",
        GoalMetric::ReferralsGained => "referrals",
        GoalMetric::ThankYousSent => "thanks",
        GoalMetric::ContactsAdded => "added",
        GoalMetric::HelpOffered => "help",
    }
}

fn read_metric(tag: &str) -> Option<GoalMetric> {
    GoalMetric::ALL.into_iter().find(|m| metric_tag(*m) == tag)
}

fn kind_tag(kind: FollowUpKind) -> &'static str {
    match kind {
        FollowUpKind::ThankYou => "thanks",
        FollowUpKind::OfferHelp => "help",
        FollowUpKind::FollowUp => "follow",
        FollowUpKind::ContactReferral => "referral",
        FollowUpKind::Other => "other",
    }
}

fn read_kind(tag: &str) -> Option<FollowUpKind> {
    FollowUpKind::ALL.into_iter().find(|k| kind_tag(*k) == tag)
}

/// Free text on one line: `\\`, `\n` and `\r` stand for a backslash, a
/// line feed and a carriage return.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

fn unescape(field: &str) -> Option<String> {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next()? {
            '\\' => '\\',
            'n' => '\n',
            'r' => '\r',
            _ => return None,
        });
    }
    Some(out)
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
    use crate::domain::Timestamp;
    use crate::domain::calendar::FixedZone;
    use crate::domain::contacts::{Contact, ListKind};
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

    /// A notebook whose Today shows every kind of row, with every field of
    /// its records set, so that a field the rows start to read and the
    /// lines leave out shows here.
    fn busy_notebook() -> Notebook {
        let mut nb = Notebook::default();
        let ana = nb
            .add_contact(
                Contact {
                    name: "Ana \\ \"Souza\"\nsecond line\r <b>".into(),
                    list: ListKind::A,
                    role: "Data lead".into(),
                    how_met: "Fair".into(),
                    email: "ana@example.com".into(),
                    phone: "+1 555 0100".into(),
                    url: "https://example.com".into(),
                    tags: vec!["data".into()],
                    how_i_can_help: "Intros".into(),
                    notes: "Met at the fair".into(),
                    decision_maker: true,
                    keep_in_touch_days: Some(14),
                    ..Contact::default()
                },
                NOW - 40 * DAY_MS,
            )
            .unwrap();
        let meeting = nb.alloc_id();
        nb.meetings.push(Meeting {
            id: meeting,
            contact_id: Some(ana),
            contact_name: "Ana, at the café \\n".into(),
            scheduled_at: Some(NOW - 10 * 60_000),
            created_at: NOW - 2 * DAY_MS,
            notes: "Ask about the data team".into(),
            place: "Café".into(),
            questions: vec!["Who else?".into()],
            help_offered: "A reference".into(),
            outcome: "Two names".into(),
            clock: Some(MeetingClock::start(NOW - 5 * 60_000, Default::default())),
            ..Meeting::default()
        });
        let planned = nb.alloc_id();
        nb.meetings.push(Meeting {
            id: planned,
            scheduled_at: Some(NOW + DAY_MS),
            created_at: NOW - DAY_MS,
            ..Meeting::default()
        });
        for (kind, due, notes) in [
            (
                FollowUpKind::ThankYou,
                "2026-11-10",
                "Thank her for the intro\\\\n",
            ),
            (FollowUpKind::OfferHelp, "2026-11-11", ""),
            (
                FollowUpKind::ContactReferral,
                "2026-11-12",
                "  spaces  at both ends  ",
            ),
            (FollowUpKind::FollowUp, "2026-11-13", "a\n\nb"),
            (FollowUpKind::Other, "2026-11-14", "\\"),
        ] {
            let id = nb.alloc_id();
            nb.follow_ups.push(FollowUp {
                id,
                kind,
                contact_id: Some(ana),
                meeting_id: Some(meeting),
                event_id: Some(99),
                due: crate::domain::calendar::parse_iso_date(due).unwrap(),
                notes: notes.into(),
                snoozed_until: crate::domain::calendar::parse_iso_date("2026-11-19"),
                created_at: NOW - 3 * DAY_MS,
                done_at: None,
            });
        }
        nb
    }

    #[test]
    fn every_row_reads_back_as_it_was_shown() {
        let nb = busy_notebook();
        let snap = TodaySnapshot::take(&nb, NOW, &FixedZone(0));
        assert_eq!(snap.view.due_now().len(), 5);
        assert_eq!(snap.view.meetings.len(), 2);
        let text = encode(&snap);
        let read = decode(&text).expect("readable");
        assert_eq!(read, snap);
        assert!(read.rows_match(&nb));
        let partial = read.notebook();
        let ana = nb.contacts[0].id;
        assert_eq!(partial.contact(ana).unwrap().name, nb.contacts[0].name);
        // Only what the rows show is kept.
        assert_eq!(partial.contact(ana).unwrap().notes, "");
        assert_eq!(partial.meetings[0].notes, "");
        assert!(partial.meetings[0].clock.is_some());
        // Free text never breaks a line: a header, ten lines of the view
        // and a line per record.
        assert_eq!(text.lines().count(), 11 + snap.records.len());
    }

    #[test]
    fn a_whole_view_reads_back() {
        let mut snap = snapshot();
        snap.view = TodayView {
            overdue: vec![1, 2],
            due_today: vec![3],
            due_tomorrow: vec![],
            meetings: vec![u64::MAX],
            goals: GoalMetric::ALL
                .iter()
                .zip(1..)
                .map(|(&metric, target)| GoalProgress {
                    metric,
                    target,
                    done: u32::MAX,
                })
                .collect(),
            keep_in_touch: vec![(4, 30), (5, -1)],
            week: GoalMetric::ALL.iter().map(|&m| (m, 7)).collect(),
        };
        snap.backup_since = Some(-5);
        snap.empty = true;
        assert_eq!(decode(&encode(&snap)), Some(snap));
    }

    #[test]
    fn a_snapshot_kept_as_json_by_an_earlier_version_is_not_read() {
        let earlier = r#"{"format":1,"day":"2026-11-21","view":{"overdue":[],"due_today":[],"due_tomorrow":[],"meetings":[],"goals":[],"keep_in_touch":[],"week":[]},"empty":true,"backup_since":null,"records":[]}"#;
        assert_eq!(decode(earlier), None);
    }

    #[test]
    fn anything_unreadable_is_not_used() {
        let good = encode(&snapshot());
        assert!(decode(&good).is_some());
        let cases = [
            String::new(),
            "rapport-today".to_string(),
            good.replace("rapport-today 2", "rapport-today 3"),
            good.replace("\nday ", "\nday x"),
            good.replace("\nempty 0", "\nempty 2"),
            good.replace("\ngoals", "\ngoal"),
            good.replace("\noverdue", "\noverdue x"),
            good.replace("\nweek", "\nweek held:"),
            good.replace("\nf ", "\nf x"),
            // A kind of record no row of Today shows.
            good.replace("\nc ", "\no "),
            // A line cut short, as a full disk might leave it.
            good[..good.find("\nc ").unwrap() + 3].to_string(),
            // An escape this version does not know.
            good.replace('\u{1F600}', "\\t"),
            good.replace(" thanks ", " thank "),
        ];
        for text in cases {
            assert_ne!(text, good);
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
