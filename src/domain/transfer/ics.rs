//! Planned meetings and open follow-ups as an iCalendar file (RFC 5545),
//! so they reach the phone's calendar.

use chrono::{DateTime, Datelike, NaiveDate, Timelike};

use super::text::{escape, fold_line};
use crate::domain::meetings::MeetingStatus;
use crate::domain::{MINUTE_MS, Meeting, Notebook, Timestamp};

/// How long before a meeting the calendar reminds the user.
pub const REMINDER_MINUTES: u32 = 30;

fn utc(t: Timestamp) -> String {
    let t = DateTime::from_timestamp_millis(t).unwrap_or_default();
    format!(
        "{}T{:02}{:02}{:02}Z",
        date(t.date_naive()),
        t.hour(),
        t.minute(),
        t.second()
    )
}

fn date(d: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

fn planned(m: &Meeting) -> Option<Timestamp> {
    (m.status() == MeetingStatus::Planned)
        .then_some(m.scheduled_at)
        .flatten()
}

/// How many events the calendar would hold; none means nothing to export.
pub fn event_count(nb: &Notebook) -> usize {
    nb.meetings.iter().filter_map(planned).count()
        + nb.follow_ups.iter().filter(|f| f.done_at.is_none()).count()
}

/// The calendar: one event per planned meeting with a time, one all-day
/// event per open follow-up on the day it is due.
pub fn write(nb: &Notebook, now: Timestamp) -> String {
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//Rapport//Networking notebook//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
    ];
    let stamp = utc(now);
    for m in &nb.meetings {
        if let Some(start) = planned(m) {
            meeting(&mut lines, nb, m, start, &stamp);
        }
    }
    for f in nb.follow_ups.iter().filter(|f| f.done_at.is_none()) {
        let who = f
            .contact_id
            .and_then(|id| nb.contact(id))
            .map(|c| c.name.as_str())
            .unwrap_or("");
        let summary = match who {
            "" => f.kind.label().to_string(),
            name => format!("{}: {name}", f.kind.label()),
        };
        let day = f.effective_due();
        lines.extend([
            "BEGIN:VEVENT".into(),
            format!("UID:follow-up-{}@rapport.local", f.id),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{}", date(day)),
            format!("DTEND;VALUE=DATE:{}", date(day.succ_opt().unwrap_or(day))),
            format!("SUMMARY:{}", escape(&summary)),
        ]);
        if !f.notes.trim().is_empty() {
            lines.push(format!("DESCRIPTION:{}", escape(f.notes.trim())));
        }
        // An all-day reminder should not show the user as busy.
        lines.push("TRANSP:TRANSPARENT".into());
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    let mut out = String::new();
    for l in &lines {
        fold_line(&mut out, l);
    }
    out
}

fn meeting(lines: &mut Vec<String>, nb: &Notebook, m: &Meeting, start: Timestamp, stamp: &str) {
    let contact = m.contact_id.and_then(|id| nb.contact(id));
    let name = contact
        .map(|c| c.name.as_str())
        .filter(|n| !n.is_empty())
        .unwrap_or(m.contact_name.as_str());
    let summary = if name.is_empty() {
        "Meeting".to_string()
    } else {
        format!("Meeting with {name}")
    };
    let mut about = Vec::new();
    if let Some(c) = contact {
        let at = [c.role.as_str(), nb.organization_name(c).unwrap_or("")]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        about.push(if at.is_empty() {
            format!("With {}", c.name)
        } else {
            format!("With {} ({at})", c.name)
        });
        for (label, value) in [("Email", &c.email), ("Phone", &c.phone)] {
            if !value.is_empty() {
                about.push(format!("{label}: {value}"));
            }
        }
    } else if !name.is_empty() {
        about.push(format!("With {name}"));
    }
    if !m.purposes.is_empty() {
        let purposes: Vec<&str> = m.purposes.iter().map(|p| p.label()).collect();
        about.push(format!("Purposes: {}", purposes.join("; ")));
    }
    let length = i64::from(nb.settings.plan.length_min.max(1));
    lines.extend([
        "BEGIN:VEVENT".into(),
        format!("UID:meeting-{}@rapport.local", m.id),
        format!("DTSTAMP:{stamp}"),
        format!("DTSTART:{}", utc(start)),
        format!("DTEND:{}", utc(start.saturating_add(length * MINUTE_MS))),
        format!("SUMMARY:{}", escape(&summary)),
    ]);
    if !m.place.trim().is_empty() {
        lines.push(format!("LOCATION:{}", escape(m.place.trim())));
    }
    if !about.is_empty() {
        lines.push(format!("DESCRIPTION:{}", escape(&about.join("\n"))));
    }
    lines.extend([
        "BEGIN:VALARM".into(),
        "ACTION:DISPLAY".into(),
        format!("DESCRIPTION:{}", escape(&summary)),
        format!("TRIGGER:-PT{REMINDER_MINUTES}M"),
        "END:VALARM".into(),
        "END:VEVENT".into(),
    ]);
}
