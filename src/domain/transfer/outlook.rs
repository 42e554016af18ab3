//! Outlook CSV, as Google writes it ("Outlook CSV") and as desktop Outlook
//! exports it (every value quoted, `Title` meaning Mr/Ms, `Job Title` the
//! role), in English, German or French.

use super::Person;
use super::csv_read::{Columns, Row, join_name};

// Each column by the name Outlook gives it in English, German and French:
// desktop Outlook writes its export in the language it is installed in.
const FIRST: &[&str] = &["First Name", "Vorname", "Prénom"];
const MIDDLE: &[&str] = &["Middle Name", "Weitere Vornamen", "Deuxième prénom"];
const LAST: &[&str] = &["Last Name", "Nachname", "Nom"];
const SUFFIX: &[&str] = &["Suffix", "Suffixe"];
const NICKNAME: &[&str] = &["Nickname", "Surnom"];
const COMPANY: &[&str] = &["Company", "Firma", "Société"];
/// French Outlook names both the form of address and the job "Titre"; see
/// [`role`].
const JOB_TITLE: &[&str] = &["Job Title", "Position"];
const NOTES: &[&str] = &["Notes", "Notizen"];
const CATEGORIES: &[&str] = &["Categories", "Kategorien", "Catégories"];
const EMAILS: &[&[&str]] = &[
    &["E-mail Address", "E-Mail-Adresse", "Adresse de messagerie"],
    &[
        "E-mail 2 Address",
        "E-Mail 2: Adresse",
        "Adresse de messagerie 2",
    ],
    &[
        "E-mail 3 Address",
        "E-Mail 3: Adresse",
        "Adresse de messagerie 3",
    ],
];
const BUSINESS_PHONE: &[&str] = &[
    "Business Phone",
    "Telefon geschäftlich",
    "Téléphone (bureau)",
];
const PHONES: &[&[&str]] = &[
    &["Mobile Phone", "Mobiltelefon", "Tél. mobile"],
    BUSINESS_PHONE,
    &["Primary Phone", "Haupttelefon", "Téléphone principal"],
    &["Home Phone", "Telefon privat", "Téléphone (domicile)"],
    &[
        "Business Phone 2",
        "Telefon geschäftlich 2",
        "Téléphone 2 (bureau)",
    ],
    &["Home Phone 2", "Telefon privat 2", "Téléphone 2 (domicile)"],
    &["Company Main Phone", "Telefon Firma", "Téléphone société"],
    &["Other Phone", "Weiteres Telefon", "Téléphone (autre)"],
    &["Car Phone", "Autotelefon", "Téléphone (voiture)"],
];
const WEB_PAGES: &[&[&str]] = &[
    &["Web Page", "Webseite", "Page Web"],
    &["Personal Web Page"],
];

pub fn recognises(c: &Columns) -> bool {
    let names = c.find(FIRST).is_some() && c.find(LAST).is_some();
    let outlook =
        c.find(EMAILS[0]).is_some() || role(c).is_some() || c.find(BUSINESS_PHONE).is_some();
    names && outlook
}

/// The job title's column. French Outlook writes "Titre" twice: first for
/// Mme/M., then, after the company and department, for the job.
fn role(c: &Columns) -> Option<usize> {
    c.find(JOB_TITLE)
        .or_else(|| match c.matching(|h| h == "titre")[..] {
            [_, job] => Some(job),
            _ => None,
        })
}

pub fn person(c: &Columns, row: &Row) -> Person {
    let field = |names: &[&str]| row.get(c.find(names)).to_string();
    let mut name = join_name(&[
        row.get(c.find(FIRST)),
        row.get(c.find(MIDDLE)),
        row.get(c.find(LAST)),
        row.get(c.find(SUFFIX)),
    ]);
    if name.is_empty() {
        name = field(NICKNAME);
    }
    // Desktop Outlook writes a colleague on a work account as an internal
    // Exchange path (`/o=ExchangeLabs/.../cn=...`), of no use as an address.
    let emails = EMAILS
        .iter()
        .map(|n| field(n))
        .filter(|e| !e.starts_with('/'))
        .collect();
    let phones = PHONES.iter().map(|n| field(n)).collect();
    let urls = WEB_PAGES.iter().map(|n| field(n)).collect();
    Person {
        name,
        emails,
        phones,
        urls,
        organization: field(COMPANY),
        role: row.get(role(c)).to_string(),
        notes: field(NOTES),
        // Outlook's categories, separated by semicolons in its export.
        tags: field(CATEGORIES)
            .split(';')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect(),
        ..Person::default()
    }
}
