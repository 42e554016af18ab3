//! Outlook CSV, as Google writes it ("Outlook CSV") and as desktop Outlook
//! exports it (every value quoted, `Title` meaning Mr/Ms, `Job Title` the role).

use super::Person;
use super::csv_read::{Columns, Row, join_name};

const PHONES: &[&str] = &[
    "Mobile Phone",
    "Business Phone",
    "Primary Phone",
    "Home Phone",
    "Business Phone 2",
    "Home Phone 2",
    "Company Main Phone",
    "Other Phone",
    "Car Phone",
];

pub fn recognises(c: &Columns) -> bool {
    let names = c.has("First Name") && c.has("Last Name");
    let outlook = c.has("E-mail Address") || c.has("Job Title") || c.has("Business Phone");
    names && outlook
}

pub fn person(c: &Columns, row: &Row) -> Person {
    let field = |name: &str| row.get(c.find(&[name])).to_string();
    let mut name = join_name(&[
        row.get(c.find(&["First Name"])),
        row.get(c.find(&["Middle Name"])),
        row.get(c.find(&["Last Name"])),
        row.get(c.find(&["Suffix"])),
    ]);
    if name.is_empty() {
        name = field("Nickname");
    }
    // Desktop Outlook writes a colleague on a work account as an internal
    // Exchange path (`/o=ExchangeLabs/.../cn=...`), of no use as an address.
    let emails = ["E-mail Address", "E-mail 2 Address", "E-mail 3 Address"]
        .iter()
        .map(|n| field(n))
        .filter(|e| !e.starts_with('/'))
        .collect();
    let phones = PHONES.iter().map(|n| field(n)).collect();
    let urls = ["Web Page", "Personal Web Page"]
        .iter()
        .map(|n| field(n))
        .collect();
    Person {
        name,
        emails,
        phones,
        urls,
        organization: field("Company"),
        role: field("Job Title"),
        notes: field("Notes"),
        // Outlook's categories, separated by semicolons in its export.
        tags: field("Categories")
            .split(';')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect(),
        ..Person::default()
    }
}
