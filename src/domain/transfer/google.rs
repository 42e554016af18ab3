//! Google Contacts CSV: the current export (`First Name,Middle Name,…`) and
//! the older one (`Name,Given Name,…`). Several values in one cell are
//! joined with ` ::: `.

use super::Person;
use super::csv_read::{Columns, Row, join_name};

pub fn recognises(c: &Columns) -> bool {
    let google_values = !c
        .matching(|h| h.starts_with("e-mail ") && h.ends_with(" - value"))
        .is_empty()
        || !c
            .matching(|h| h.starts_with("phone ") && h.ends_with(" - value"))
            .is_empty();
    let names = c.has("First Name") || c.has("Given Name") || c.has("Name");
    google_values && names
}

/// The values of every numbered column of one kind, e.g. `E-mail 2 - Value`,
/// split where Google joined several into one cell.
fn numbered(c: &Columns, row: &Row, kind: &str) -> Vec<String> {
    let prefix = format!("{kind} ");
    c.matching(|h| h.starts_with(&prefix) && h.ends_with(" - value"))
        .into_iter()
        .flat_map(|i| split_values(row.get(Some(i))))
        .collect()
}

pub fn split_values(cell: &str) -> Vec<String> {
    cell.split(":::")
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .collect()
}

pub fn person(c: &Columns, row: &Row) -> Person {
    let field = |names: &[&str]| row.get(c.find(names)).to_string();
    let mut name = join_name(&[
        row.get(c.find(&["First Name", "Given Name"])),
        row.get(c.find(&["Middle Name", "Additional Name"])),
        row.get(c.find(&["Last Name", "Family Name"])),
    ]);
    if name.is_empty() {
        name = field(&["Name", "Nickname", "File As"]);
    }
    let first = |names: &[&str]| {
        split_values(row.get(c.find(names)))
            .into_iter()
            .next()
            .unwrap_or_default()
    };
    Person {
        name,
        emails: numbered(c, row, "e-mail"),
        phones: numbered(c, row, "phone"),
        urls: numbered(c, row, "website"),
        organization: first(&["Organization Name", "Organization 1 - Name"]),
        role: first(&["Organization Title", "Organization 1 - Title"]),
        notes: field(&["Notes"]),
        tags: labels(row.get(c.find(&["Labels", "Group Membership"]))),
        ..Person::default()
    }
}

/// The user's own labels as tags. Google's built-in groups ("* myContacts",
/// "* starred") are marked with a star and say nothing about the person.
fn labels(cell: &str) -> Vec<String> {
    split_values(cell)
        .into_iter()
        .filter(|label| !label.starts_with('*'))
        .collect()
}
