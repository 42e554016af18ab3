//! Reading CSV contact exports: finds the header row wherever it is, tells
//! LinkedIn, Google, Outlook and Rapport's own apart by their column names, and maps each
//! row by name so that reordered or extra columns do not matter.

use super::{Format, ReadFile, TransferError, google, linkedin, outlook, rapport_csv};

/// How far down the header row may be. LinkedIn puts a few lines of notes
/// above it; a file with a hundred lines of something else is not ours.
const HEADER_SEARCH_ROWS: usize = 30;

/// A header row: the position of each column, looked up by name.
pub struct Columns {
    names: Vec<String>,
}

impl Columns {
    fn new(row: &[String]) -> Columns {
        Columns {
            names: row.iter().map(|h| header_key(h)).collect(),
        }
    }

    /// The index of the first column with any of these names.
    pub fn find(&self, names: &[&str]) -> Option<usize> {
        names
            .iter()
            .find_map(|n| self.names.iter().position(|h| *h == header_key(n)))
    }

    pub fn has(&self, name: &str) -> bool {
        self.find(&[name]).is_some()
    }

    /// Indexes of every column whose name passes the test, in file order.
    pub fn matching(&self, test: impl Fn(&str) -> bool) -> Vec<usize> {
        (0..self.names.len())
            .filter(|&i| test(&self.names[i]))
            .collect()
    }
}

/// Column names compare without case, surrounding space or a stray BOM.
fn header_key(h: &str) -> String {
    h.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .to_lowercase()
}

/// One data row, read by column.
pub struct Row<'a> {
    pub fields: &'a [String],
}

impl Row<'_> {
    pub fn get(&self, index: Option<usize>) -> &str {
        let value = index
            .and_then(|i| self.fields.get(i))
            .map(|s| s.trim())
            .unwrap_or("");
        // The apostrophe a spreadsheet export (Rapport's own among them)
        // puts before text that would otherwise be read as a formula.
        match value.strip_prefix('\'') {
            Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
            _ => value,
        }
    }
}

fn records(text: &str, delimiter: u8) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    // The input is valid UTF-8, so a record can only fail on a broken
    // quote; such a record is passed over rather than failing the file.
    reader
        .byte_records()
        .filter_map(Result::ok)
        .map(|r| {
            r.iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect()
        })
        .collect()
}

fn detect(columns: &Columns) -> Option<Format> {
    if rapport_csv::recognises(columns) {
        Some(Format::RapportCsv)
    } else if linkedin::recognises(columns) {
        Some(Format::LinkedIn)
    } else if google::recognises(columns) {
        Some(Format::GoogleCsv)
    } else if outlook::recognises(columns) {
        Some(Format::OutlookCsv)
    } else {
        None
    }
}

/// A quoted field that would take lines that are not its own, if one does:
/// one opened and never closed, or one that runs over lines and is "closed"
/// by a quote with more text after it, which is a stray quote meeting the
/// next one rather than a field (a field's closing quote ends the field).
/// Quotes count only where a field starts, as CSV readers take them:
/// `5" screen` inside a field is text. Lines count from 1.
fn broken_quote(text: &str, delimiter: u8) -> Option<TransferError> {
    let delimiter = char::from(delimiter);
    let (mut line, mut opened) = (1, None);
    let mut field_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        // A line ends with \n, \r\n or, in old Mac files, \r alone.
        let newline = c == '\n' || (c == '\r' && chars.peek() != Some(&'\n'));
        if newline {
            line += 1;
        }
        if let Some(open) = opened {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    continue;
                }
                opened = None;
                // Spaces may stand between a closing quote and the end of
                // its field, as readers take them.
                let after = chars
                    .clone()
                    .find(|c| !matches!(c, ' ' | '\t') || *c == delimiter);
                let ends_field =
                    matches!(after, None | Some('\r' | '\n')) || after == Some(delimiter);
                if line > open && !ends_field {
                    return Some(TransferError::StrayQuote {
                        line: open,
                        until: line,
                    });
                }
            }
            continue;
        }
        match c {
            '"' if field_start => {
                opened = Some(line);
                field_start = false;
            }
            _ if newline => field_start = true,
            c if c == delimiter => field_start = true,
            '\r' => {}
            _ => field_start = false,
        }
    }
    opened.map(|line| TransferError::UnclosedQuote { line })
}

/// Reads a CSV contact export of any of the known kinds.
pub fn read(text: &str) -> Result<ReadFile, TransferError> {
    // Outlook in many European locales separates with semicolons.
    for delimiter in [b',', b';', b'\t'] {
        let rows = records(text, delimiter);
        let found = rows
            .iter()
            .take(HEADER_SEARCH_ROWS)
            .enumerate()
            .find_map(|(i, row)| {
                let columns = Columns::new(row);
                detect(&columns).map(|f| (i, columns, f))
            });
        let Some((header_at, columns, format)) = found else {
            continue;
        };
        // The reader would take the lines after it into that one field,
        // and the people on them would be missing without a word.
        if let Some(broken) = broken_quote(text, delimiter) {
            return Err(broken);
        }
        let mut file = ReadFile::new(format);
        for (n, fields) in rows.iter().enumerate().skip(header_at + 1) {
            let row = Row { fields };
            let person = match format {
                Format::LinkedIn => linkedin::person(&columns, &row),
                Format::GoogleCsv => google::person(&columns, &row),
                Format::RapportCsv => rapport_csv::person(&columns, &row),
                _ => outlook::person(&columns, &row),
            };
            // Positions count data rows, as a spreadsheet shows them.
            file.push(n - header_at, person);
        }
        return Ok(file);
    }
    Err(TransferError::UnknownFormat)
}

/// Joins the non-empty parts with single spaces.
pub fn join_name(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
