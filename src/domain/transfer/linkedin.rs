//! LinkedIn's `Connections.csv`, in English and German.
//!
//! The export starts with a few lines of notes (and sometimes a byte-order
//! mark) before the header row, which [`super::csv_read`] finds by name.

use chrono::NaiveDate;

use super::Person;
use super::csv_read::{Columns, Row, join_name};

const FIRST: &[&str] = &["First Name", "Vorname"];
const LAST: &[&str] = &["Last Name", "Nachname"];
const URL: &[&str] = &["URL", "Profil-URL"];
const EMAIL: &[&str] = &["Email Address", "E-Mail-Adresse", "E-Mail Adresse"];
const COMPANY: &[&str] = &["Company", "Unternehmen", "Firma"];
const POSITION: &[&str] = &["Position"];
const CONNECTED: &[&str] = &["Connected On", "Verbunden am"];

pub fn recognises(c: &Columns) -> bool {
    let names = c.find(FIRST).is_some() && c.find(LAST).is_some();
    let linkedin_only =
        c.find(CONNECTED).is_some() || (c.find(URL).is_some() && c.find(POSITION).is_some());
    names && linkedin_only
}

pub fn person(c: &Columns, row: &Row) -> Person {
    let connected = row.get(c.find(CONNECTED));
    let how_met = match (connected, parse_date(connected)) {
        ("", _) => String::new(),
        (_, Some(d)) => format!(
            "Connected on LinkedIn on {}",
            crate::domain::calendar::day_month_year(d)
        ),
        (raw, None) => format!("Connected on LinkedIn on {raw}"),
    };
    Person {
        name: join_name(&[row.get(c.find(FIRST)), row.get(c.find(LAST))]),
        emails: vec![row.get(c.find(EMAIL)).to_string()],
        urls: vec![row.get(c.find(URL)).to_string()],
        organization: row.get(c.find(COMPANY)).to_string(),
        role: row.get(c.find(POSITION)).to_string(),
        how_met,
        ..Person::default()
    }
}

/// Dates as LinkedIn writes them: `12 Mar 2024`, in German `12 Mär 2024` or
/// `12.03.2024`, and ISO dates.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Some(d);
    }
    if let Ok(d) = NaiveDate::parse_from_str(t, "%d.%m.%Y") {
        return Some(d);
    }
    let mut parts = t.split_whitespace();
    let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let day: u32 = day.trim_end_matches('.').parse().ok()?;
    let year: i32 = year.parse().ok()?;
    let month = month_number(month.trim_end_matches('.'))?;
    NaiveDate::from_ymd_opt(year, month, day)
}

fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_lowercase();
    let prefix: String = lower.chars().take(3).collect();
    let n = match prefix.as_str() {
        "jan" | "jän" => 1,
        "feb" => 2,
        "mar" | "mär" | "mrz" => 3,
        "apr" => 4,
        "may" | "mai" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" | "okt" => 10,
        "nov" => 11,
        "dec" | "dez" => 12,
        _ => return None,
    };
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_languages() {
        let d = NaiveDate::from_ymd_opt(2024, 3, 12);
        for text in [
            "12 Mar 2024",
            "12 Mär 2024",
            "12. März 2024",
            "12.03.2024",
            "2024-03-12",
        ] {
            assert_eq!(parse_date(text), d, "{text}");
        }
        assert_eq!(parse_date("31 Feb 2024"), None);
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(parse_date(""), None);
    }
}
