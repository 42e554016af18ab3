//! A tolerant reader for vCard 2.1, 3.0 and 4.0 as phones export them.
//!
//! It takes what it understands and passes over the rest: folded lines,
//! quoted-printable values with soft line breaks (Android writes 2.1 that
//! way), `CHARSET` parameters, `itemN.` groups (Apple), bare 2.1 type
//! parameters, and embedded photos, which are skipped.

use super::text::{split_unescaped, unescape, windows_1252};
use super::{Format, Person, ReadFile};

/// Whether the text is a vCard file: its first non-blank line begins a card.
pub fn looks_like_vcard(text: &str) -> bool {
    text.split(['\r', '\n'])
        .map(str::trim)
        .find(|l| !l.is_empty())
        .is_some_and(|l| l.eq_ignore_ascii_case("BEGIN:VCARD"))
}

/// One property: name without group, parameters and raw value.
struct Property {
    name: String,
    params: Vec<(String, String)>,
    value: String,
}

impl Property {
    fn is_quoted_printable(&self) -> bool {
        self.params.iter().any(|(k, v)| {
            (k == "ENCODING" || k.is_empty()) && v.eq_ignore_ascii_case("QUOTED-PRINTABLE")
        })
    }

    fn charset(&self) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == "CHARSET")
            .map(|(_, v)| v.as_str())
    }

    /// The value as text: quoted-printable decoded, escapes undone.
    fn text(&self, v21: bool) -> String {
        unescape_in(&self.decoded(), v21)
    }

    fn decoded(&self) -> String {
        if !self.is_quoted_printable() {
            return self.value.clone();
        }
        let bytes = quoted_printable(&self.value);
        let latin = self.charset().is_some_and(|c| {
            let c = c.to_ascii_uppercase();
            c == "ISO-8859-1" || c == "WINDOWS-1252" || c == "CP1252"
        });
        if latin {
            return bytes.into_iter().map(windows_1252).collect();
        }
        match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => e.into_bytes().into_iter().map(windows_1252).collect(),
        }
    }

    /// The components of a structured value (`N`, `ORG`), each unescaped.
    fn components(&self, v21: bool) -> Vec<String> {
        split_unescaped(&self.decoded(), ';')
            .iter()
            .map(|p| unescape_in(p, v21).trim().to_string())
            .collect()
    }
}

/// Undoes a value's escapes. vCard 2.1 has one, `\;`; a backslash before
/// anything else is text there (`C:\new` is a path, not a line break).
fn unescape_in(value: &str, v21: bool) -> String {
    if v21 {
        value.replace("\\;", ";")
    } else {
        unescape(value)
    }
}

fn quoted_printable(value: &str) -> Vec<u8> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'=' {
            let hex = bytes.get(i + 1..i + 3).and_then(|h| {
                std::str::from_utf8(h)
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
            });
            if let Some(v) = hex {
                out.push(v);
                i += 3;
                continue;
            }
            // A lone `=` (a soft break at the very end, or a typo) is dropped.
            i += 1;
            continue;
        }
        out.push(b);
        i += 1;
    }
    out
}

/// Splits a content line into a property; `None` for lines that are not
/// properties (stray photo data, garbage).
fn parse_line(line: &str) -> Option<Property> {
    let mut in_quotes = false;
    let colon = line.char_indices().find_map(|(i, c)| {
        match c {
            '"' => in_quotes = !in_quotes,
            ':' if !in_quotes => return Some(i),
            _ => {}
        }
        None
    })?;
    let (head, value) = (&line[..colon], &line[colon + 1..]);
    let mut parts = head.split(';');
    let full_name = parts.next()?.trim();
    // `item1.EMAIL` belongs to group `item1`; the group only ties labels
    // to values, which Rapport does not keep.
    let name = full_name.rsplit('.').next()?.to_ascii_uppercase();
    if name.is_empty() {
        return None;
    }
    let params = parts
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (
                k.trim().to_ascii_uppercase(),
                v.trim_matches('"').to_string(),
            ),
            // vCard 2.1 allows bare types: `TEL;HOME;VOICE:`.
            None => (String::new(), p.trim().to_string()),
        })
        .collect();
    Some(Property {
        name,
        params,
        value: value.to_string(),
    })
}

/// Joins folded lines (a line starting with a space or tab continues the
/// previous one) and quoted-printable soft breaks (a value ending in `=`).
///
/// In vCard 3.0 and 4.0 the break and the one space or tab after it are
/// removed; vCard 2.1 folds as e-mail headers do, where only the break is
/// removed and the space stays. After a soft break every character is
/// data, spaces included.
fn logical_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut soft_break = false;
    let mut v21 = false;
    for raw in text.replace("\r\n", "\n").split(['\n', '\r']) {
        if raw.is_empty() {
            // Blank lines end photo data in 2.1 files and mean nothing else;
            // a soft break never spans one.
            soft_break = false;
            continue;
        }
        let continues_fold = raw.starts_with([' ', '\t']);
        match lines.last_mut() {
            Some(last) if soft_break => {
                last.pop();
                last.push_str(raw);
            }
            Some(last) if continues_fold && v21 => last.push_str(raw),
            Some(last) if continues_fold => last.push_str(&raw[1..]),
            _ => {
                if let Some(last) = lines.last() {
                    v21 = version_of(last).unwrap_or(v21);
                }
                lines.push(raw.to_string());
            }
        }
        let last = lines.last().map(String::as_str).unwrap_or("");
        soft_break = last.ends_with('=') && is_qp_line(last);
    }
    lines
}

/// For a finished logical line: whether it says the card is vCard 2.1
/// (`VERSION:`), or that a new card begins (which is 3.0 until it says).
fn version_of(line: &str) -> Option<bool> {
    let upper = line.trim().to_ascii_uppercase();
    if upper == "BEGIN:VCARD" {
        Some(false)
    } else {
        upper.strip_prefix("VERSION:").map(|v| v.trim() == "2.1")
    }
}

fn is_qp_line(line: &str) -> bool {
    let head = line.split(':').next().unwrap_or("");
    head.to_ascii_uppercase().contains("QUOTED-PRINTABLE")
}

/// Reads every card in the file; a card cut off at the end still counts.
pub fn read(text: &str) -> ReadFile {
    let mut file = ReadFile::new(Format::VCard);
    let mut card: Option<Card> = None;
    let mut count = 0;
    for line in logical_lines(text) {
        let Some(prop) = parse_line(&line) else {
            continue;
        };
        match prop.name.as_str() {
            "BEGIN" if prop.value.trim().eq_ignore_ascii_case("VCARD") => {
                if let Some(c) = card.take() {
                    file.push(count, c.finish());
                }
                count += 1;
                card = Some(Card::default());
            }
            "END" if prop.value.trim().eq_ignore_ascii_case("VCARD") => {
                if let Some(c) = card.take() {
                    file.push(count, c.finish());
                }
            }
            _ => {
                if let Some(c) = card.as_mut() {
                    c.take(&prop);
                }
            }
        }
    }
    if let Some(c) = card.take() {
        file.push(count, c.finish());
    }
    file
}

#[derive(Default)]
struct Card {
    /// The card says `VERSION:2.1`, whose escaping differs.
    version21: bool,
    formatted_name: String,
    structured_name: String,
    person: Person,
}

impl Card {
    fn take(&mut self, prop: &Property) {
        let v21 = self.version21;
        let p = &mut self.person;
        match prop.name.as_str() {
            "FN" => self.formatted_name = prop.text(v21),
            "N" => {
                let c = prop.components(v21);
                let part = |i: usize| c.get(i).map(String::as_str).unwrap_or("");
                // Family;Given;Additional;Prefix;Suffix, shown given first.
                self.structured_name =
                    super::csv_read::join_name(&[part(3), part(1), part(2), part(0), part(4)]);
            }
            "ORG" => {
                p.organization = prop.components(v21).into_iter().next().unwrap_or_default();
            }
            "TITLE" => p.role = prop.text(v21),
            "ROLE" if p.role.is_empty() => p.role = prop.text(v21),
            // A card may hold several notes: none is lost.
            "NOTE" => {
                let note = prop.text(v21);
                if !note.trim().is_empty() {
                    if !p.notes.is_empty() {
                        p.notes.push('\n');
                    }
                    p.notes.push_str(&note);
                }
            }
            "VERSION" => self.version21 = prop.value.trim() == "2.1",
            "EMAIL" => p.emails.push(strip_scheme(&prop.text(v21), "mailto:")),
            "TEL" => p.phones.push(strip_scheme(&prop.text(v21), "tel:")),
            "URL" => p.urls.push(prop.text(v21)),
            "CATEGORIES" => p.tags.extend(
                split_unescaped(&prop.decoded(), ',')
                    .iter()
                    .map(|t| unescape_in(t, v21).trim().to_string())
                    .filter(|t| !t.is_empty()),
            ),
            "X-SOCIALPROFILE" if prop.text(v21).contains("linkedin.") => {
                p.urls.push(prop.text(v21))
            }
            // PHOTO, LOGO, SOUND, KEY and everything unknown are skipped.
            _ => {}
        }
    }

    fn finish(mut self) -> Person {
        self.person.name = if self.formatted_name.trim().is_empty() {
            self.structured_name
        } else {
            self.formatted_name
        };
        self.person
    }
}

fn strip_scheme(value: &str, scheme: &str) -> String {
    let v = value.trim();
    match v.get(..scheme.len()) {
        Some(head) if head.eq_ignore_ascii_case(scheme) => v[scheme.len()..].to_string(),
        _ => v.to_string(),
    }
}
