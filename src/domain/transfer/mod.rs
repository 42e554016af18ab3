//! Contacts coming in from the files people already have (LinkedIn, Google,
//! Outlook, phone address books) and going out to files phones understand
//! (vCard, CSV, iCalendar).
//!
//! Every reader is total: whatever bytes arrive, it returns people or a
//! [`TransferError`], never a panic, and nothing is written to the notebook
//! until the user has seen the [`plan::ImportPlan`] and confirmed it.

pub mod backup;
pub mod csv_read;
pub mod csv_write;
pub mod google;
pub mod ics;
pub mod linkedin;
pub mod outlook;
pub mod plan;
pub mod rapport_csv;
pub mod room;
pub mod text;
pub mod vcard_read;
pub mod vcard_write;

use std::fmt;

/// Files larger than this are refused before they are read, so that a wrong
/// pick (a video, a whole mailbox) can never freeze the screen.
pub const MAX_IMPORT_BYTES: u64 = 10 * 1024 * 1024;

/// One person as a file describes them, before any matching.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    /// The list the file puts them on: only Rapport's own export says.
    pub list: Option<crate::domain::ListKind>,
    /// Who introduced them, by name: only Rapport's own export says.
    pub referred_by: String,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub urls: Vec<String>,
    pub organization: String,
    pub role: String,
    pub how_met: String,
    pub notes: String,
    pub tags: Vec<String>,
    /// Only Rapport's own export has these three.
    pub how_i_can_help: String,
    pub decision_maker: Option<bool>,
    pub keep_in_touch_days: Option<u32>,
}

impl Person {
    /// Trims every field, drops empty and repeated values and makes line
    /// breaks plain `\n`.
    fn tidy(&mut self) {
        for list in [
            &mut self.emails,
            &mut self.phones,
            &mut self.urls,
            &mut self.tags,
        ] {
            let mut seen = Vec::new();
            list.retain_mut(|v| {
                *v = v.trim().to_string();
                let key = v.to_lowercase();
                let keep = !v.is_empty() && !seen.contains(&key);
                seen.push(key);
                keep
            });
        }
        for field in [
            &mut self.name,
            &mut self.organization,
            &mut self.role,
            &mut self.how_met,
            &mut self.referred_by,
        ] {
            *field = field.split_whitespace().collect::<Vec<_>>().join(" ");
        }
        for text in [&mut self.notes, &mut self.how_i_can_help] {
            *text = text.replace("\r\n", "\n").trim().to_string();
        }
    }

    /// Fills a missing name from the organization (a recruiting agency or
    /// a company's switchboard is often kept under its name alone, as
    /// phones and Google show it), else from the email address; `None`
    /// when nothing identifies the entry.
    fn finish(mut self) -> Option<Person> {
        if self.name.is_empty() {
            self.name = if self.organization.is_empty() {
                self.emails.first().cloned().unwrap_or_default()
            } else {
                self.organization.clone()
            };
        }
        (!self.name.is_empty()).then_some(self)
    }

    fn is_blank(&self) -> bool {
        *self == Person::default()
    }
}

/// The kinds of file Rapport can read contacts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    LinkedIn,
    GoogleCsv,
    OutlookCsv,
    VCard,
    RapportCsv,
}

impl Format {
    pub fn label(self) -> &'static str {
        match self {
            Format::LinkedIn => "LinkedIn connections",
            Format::GoogleCsv => "Google Contacts (CSV)",
            Format::OutlookCsv => "Outlook contacts (CSV)",
            Format::VCard => "Contact cards (vCard)",
            Format::RapportCsv => "Rapport contacts (CSV)",
        }
    }

    /// The list new people from this kind of file most likely belong to:
    /// LinkedIn and work mail are professional, a phone's book personal.
    pub fn suggested_list(self) -> crate::domain::ListKind {
        use crate::domain::ListKind;
        match self {
            Format::LinkedIn | Format::OutlookCsv | Format::RapportCsv => ListKind::B,
            Format::GoogleCsv | Format::VCard => ListKind::A,
        }
    }
}

/// A record in the file that could not become a person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable {
    /// 1-based position of the record (row or card) in the file.
    pub position: usize,
    pub reason: UnreadableReason,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnreadableReason {
    /// Neither a name nor an email address.
    NoName,
}

impl fmt::Display for UnreadableReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UnreadableReason::NoName => "no name or email address",
        })
    }
}

/// What a file held.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadFile {
    pub format: Format,
    pub people: Vec<Person>,
    pub unreadable: Vec<Unreadable>,
}

impl ReadFile {
    fn new(format: Format) -> ReadFile {
        ReadFile {
            format,
            people: Vec::new(),
            unreadable: Vec::new(),
        }
    }

    /// Keeps a record: a person when it names one, a note when it has
    /// content but no name, nothing when it is blank.
    fn push(&mut self, position: usize, mut person: Person) {
        person.tidy();
        if person.is_blank() {
            return;
        }
        match person.finish() {
            Some(p) => self.people.push(p),
            None => self.unreadable.push(Unreadable {
                position,
                reason: UnreadableReason::NoName,
            }),
        }
    }
}

/// Why a file could not be imported. Nothing is changed in any case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransferError {
    TooLarge {
        bytes: u64,
    },
    Empty,
    /// Not text in any encoding contact files use (a picture, a zip).
    NotText,
    /// Text, but not a contact file Rapport knows.
    UnknownFormat,
    /// A known kind of file without a single person in it.
    NoPeople(Format),
    /// A Rapport backup, picked where contacts are imported.
    Backup,
    /// A CSV file with a quoted field opened on `line` and never closed.
    UnclosedQuote {
        line: usize,
    },
    /// A CSV file with a quoted field opened on `line` that runs on to a
    /// quote on line `until` with more text after it: a stray quote.
    StrayQuote {
        line: usize,
        until: usize,
    },
}

impl fmt::Display for TransferError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransferError::TooLarge { bytes } => write!(
                f,
                "This file is {:.1} MB; Rapport reads contact files up to 10 MB. \
                 Export fewer contacts at a time and try again.",
                *bytes as f64 / (1024.0 * 1024.0)
            ),
            TransferError::Empty => f.write_str("This file is empty."),
            TransferError::NotText => f.write_str(
                "This file is not a contact list: it does not contain text. \
                 Choose a .csv or .vcf file.",
            ),
            TransferError::UnknownFormat => f.write_str(
                "Rapport does not recognise this file. It reads LinkedIn's Connections.csv, \
                 Google and Outlook contact exports (CSV), contact cards (.vcf) and its own \
                 contacts export (CSV).",
            ),
            TransferError::Backup => f.write_str(
                "This is a Rapport backup, not a contacts file: restore it with Import backup.",
            ),
            TransferError::UnclosedQuote { line } => write!(
                f,
                "A quotation mark opened on line {line} of this file is never closed, so the rest \
                 of the file would be read as one field and the people after it lost. Correct \
                 that line, or export the file again, and try once more."
            ),
            TransferError::StrayQuote { line, until } => write!(
                f,
                "A quotation mark on line {line} of this file is not closed where its field ends, \
                 so lines {line} to {until} would be read as one field and the people on them \
                 lost. Correct line {line}, or export the file again, and try once more."
            ),
            TransferError::NoPeople(format) => write!(
                f,
                "This looks like {}, but no one in it has a name or an email address.",
                format.label()
            ),
        }
    }
}

/// Reads contacts from a file's bytes, telling the format from the content.
pub fn read_contacts(bytes: &[u8]) -> Result<ReadFile, TransferError> {
    let size = bytes.len() as u64;
    if size > MAX_IMPORT_BYTES {
        return Err(TransferError::TooLarge { bytes: size });
    }
    let text = text::decode(bytes)?;
    if text.trim().is_empty() {
        return Err(TransferError::Empty);
    }
    let start: String = text.trim_start().chars().take(64).collect();
    if start.starts_with('{') && start.replace(' ', "").contains("\"app\":\"rapport\"") {
        return Err(TransferError::Backup);
    }
    let read = if vcard_read::looks_like_vcard(&text) {
        vcard_read::read(&text)
    } else {
        csv_read::read(&text)?
    };
    if read.people.is_empty() {
        return Err(TransferError::NoPeople(read.format));
    }
    Ok(read)
}

#[cfg(test)]
mod tests;
