//! Contacts as one vCard 3.0 file, which phones and mail programs import.

use super::text::{escape, fold_line};
use crate::domain::{Contact, Notebook};

/// Every contact, one card each, CRLF line ends, folded at 75 octets.
pub fn write(nb: &Notebook) -> String {
    let mut out = String::new();
    for c in &nb.contacts {
        card(&mut out, c, nb.organization_name(c));
    }
    out
}

fn card(out: &mut String, c: &Contact, organization: Option<&str>) {
    let mut line = |l: String| fold_line(out, &l);
    line("BEGIN:VCARD".into());
    line("VERSION:3.0".into());
    line(format!("FN:{}", escape(&c.name)));
    // vCard wants family and given names apart; Rapport keeps one name, so
    // the last word is taken as the family name, as most address books do.
    let (given, family) = match c.name.trim().rsplit_once(' ') {
        Some((given, family)) => (given.trim(), family),
        None => (c.name.trim(), ""),
    };
    line(format!("N:{};{};;;", escape(family), escape(given)));
    if let Some(org) = organization.filter(|o| !o.trim().is_empty()) {
        line(format!("ORG:{}", escape(org)));
    }
    if !c.role.is_empty() {
        line(format!("TITLE:{}", escape(&c.role)));
    }
    if !c.email.is_empty() {
        line(format!("EMAIL;TYPE=INTERNET:{}", escape(&c.email)));
    }
    if !c.phone.is_empty() {
        line(format!("TEL;TYPE=CELL:{}", escape(&c.phone)));
    }
    if !c.url.is_empty() {
        line(format!("URL:{}", escape(&c.url)));
    }
    if !c.notes.trim().is_empty() {
        line(format!("NOTE:{}", escape(&c.notes)));
    }
    if !c.tags.is_empty() {
        let tags: Vec<String> = c.tags.iter().map(|t| escape(t)).collect();
        line(format!("CATEGORIES:{}", tags.join(",")));
    }
    line("END:VCARD".into());
}
