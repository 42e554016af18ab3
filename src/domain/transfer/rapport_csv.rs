//! Rapport's own CSV export (see `csv_write`), read back: a spreadsheet
//! kept or edited outside the app can be imported again, lists included.

use super::Person;
use super::csv_read::{Columns, Row};
use crate::domain::ListKind;
use crate::domain::contacts::parse_tags;
use crate::domain::number::{KEEP_IN_TOUCH_DAYS, parse_whole};

/// Columns no other contact export has together.
pub fn recognises(c: &Columns) -> bool {
    ["Name", "List", "How we met", "Referred by"]
        .iter()
        .all(|n| c.has(n))
}

pub fn person(c: &Columns, row: &Row) -> Person {
    let field = |name: &str| row.get(c.find(&[name])).to_string();
    Person {
        name: field("Name"),
        list: ListKind::from_letter(field("List").trim()),
        emails: vec![field("Email")],
        phones: vec![field("Phone")],
        urls: vec![field("Web")],
        organization: field("Organization"),
        role: field("Role"),
        how_met: field("How we met"),
        referred_by: field("Referred by"),
        tags: parse_tags(&field("Tags")),
        notes: field("Notes"),
        how_i_can_help: field("How I can help"),
        // A cell left empty, or an export from before the column, says
        // nothing; a word not known is not taken for either.
        decision_maker: match field("Decision maker").to_lowercase().as_str() {
            "yes" | "y" | "true" | "x" | "1" | "✓" => Some(true),
            "no" | "n" | "false" | "0" => Some(false),
            _ => None,
        },
        // A number the contact form would refuse is left out, not kept.
        keep_in_touch_days: parse_whole(
            &field("Keep in touch every (days)"),
            &KEEP_IN_TOUCH_DAYS,
            true,
        )
        .ok()
        .flatten(),
    }
}
