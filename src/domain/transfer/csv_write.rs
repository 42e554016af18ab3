//! Contacts as a CSV file for spreadsheets.

use crate::domain::Notebook;

pub const HEADER: [&str; 14] = [
    "Name",
    "List",
    "Organization",
    "Role",
    "Email",
    "Phone",
    "Web",
    "How we met",
    "Referred by",
    "Tags",
    "Notes",
    "How I can help",
    "Decision maker",
    "Keep in touch every (days)",
];

/// Every contact, one row each, with a header row. Starts with a byte-order
/// mark so that spreadsheet programs read accents correctly.
pub fn write(nb: &Notebook) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = writer.write_record(HEADER);
    for c in &nb.contacts {
        let referrer = c
            .referred_by
            .and_then(|id| nb.contact(id))
            .map(|r| r.name.as_str())
            .unwrap_or("");
        let keep_in_touch = c
            .keep_in_touch_days
            .map(|d| d.to_string())
            .unwrap_or_default();
        let row = [
            c.name.as_str(),
            c.list.letter(),
            nb.organization_name(c).unwrap_or(""),
            &c.role,
            &c.email,
            &c.phone,
            &c.url,
            &c.how_met,
            referrer,
            &c.tags.join(", "),
            &c.notes,
            &c.how_i_can_help,
            if c.decision_maker { "yes" } else { "no" },
            &keep_in_touch,
        ];
        let _ = writer.write_record(row.iter().map(|v| defuse(v)));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

/// Spreadsheets read a cell that starts with `=`, `+`, `-` or `@` as a
/// formula: `+1-555-0100` becomes -654, and worse can run. Such text is
/// prefixed with an apostrophe, which spreadsheets take as "this is text"
/// and do not show; phone numbers too, since they are the common case.
/// Rapport's own CSV reader drops the apostrophe again.
fn defuse(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_and_phone_numbers_are_kept_as_text() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse("+44 20 7946 0000"), "'+44 20 7946 0000");
        assert_eq!(defuse("+1-555-0100"), "'+1-555-0100");
        assert_eq!(defuse("-2+3"), "'-2+3");
        assert_eq!(defuse("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
        assert_eq!(defuse("Ana"), "Ana");
    }
}
