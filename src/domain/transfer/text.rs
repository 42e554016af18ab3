//! Text helpers shared by the readers and writers: decoding the bytes of a
//! file, and the escaping and line folding of vCard and iCalendar.

use super::TransferError;

/// The text of a file in whichever encoding contact exporters use: UTF-8
/// (with or without a byte-order mark), UTF-16 with a byte-order mark (older
/// Google exports), else Windows-1252 (desktop Outlook in Western locales).
pub fn decode(bytes: &[u8]) -> Result<String, TransferError> {
    if bytes.is_empty() {
        return Err(TransferError::Empty);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return Ok(String::from_utf8_lossy(rest).into_owned());
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return Ok(utf16(rest, u16::from_le_bytes));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return Ok(utf16(rest, u16::from_be_bytes));
    }
    // Control bytes other than line breaks and tabs do not occur in text
    // files; a few stray ones are tolerated, a binary file has many.
    let controls = bytes
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    if controls * 100 > bytes.len() || bytes.starts_with(b"PK\x03\x04") {
        return Err(TransferError::NotText);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(_) => Ok(bytes.iter().map(|&b| windows_1252(b)).collect()),
    }
}

fn utf16(bytes: &[u8], read: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|c| read([c[0], c[1]]));
    char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// One Windows-1252 byte as a character.
pub fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// Escapes a text value for vCard 3.0 and iCalendar: backslash, semicolon,
/// comma and line breaks.
pub fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            // Other control characters are not allowed in either format.
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Undoes [`escape`]; unknown escapes keep the character after the backslash.
pub fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Splits a structured value (`N`, `ORG`) at unescaped semicolons.
pub fn split_unescaped(value: &str, sep: char) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            let last = parts.last_mut().expect("never empty");
            last.push(c);
            if let Some(n) = chars.next() {
                last.push(n);
            }
        } else if c == sep {
            parts.push(String::new());
        } else {
            parts.last_mut().expect("never empty").push(c);
        }
    }
    parts
}

/// Folds one content line to at most 75 octets per physical line, never
/// inside a UTF-8 character, and ends it with CRLF.
pub fn fold_line(out: &mut String, line: &str) {
    const LIMIT: usize = 75;
    let mut used = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if used + len > LIMIT {
            out.push_str("\r\n ");
            // The leading space counts towards the next line's octets.
            used = 1;
        }
        out.push(c);
        used += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_round_trips_and_covers_the_four_specials() {
        let raw = "a\\b;c,d\ne\r\nf";
        assert_eq!(escape(raw), "a\\\\b\\;c\\,d\\ne\\nf");
        assert_eq!(unescape(&escape(raw)), "a\\b;c,d\ne\nf");
        assert_eq!(unescape("trailing\\"), "trailing\\");
    }

    #[test]
    fn folding_keeps_lines_short_and_characters_whole() {
        let line = format!("NOTE:{}", "é".repeat(100));
        let mut out = String::new();
        fold_line(&mut out, &line);
        assert!(out.ends_with("\r\n"));
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, line);
    }

    #[test]
    fn decoding_handles_boms_utf16_and_windows_1252() {
        assert_eq!(decode(b"\xEF\xBB\xBFName").unwrap(), "Name");
        assert_eq!(decode(b"\xFF\xFEN\0a\0").unwrap(), "Na");
        assert_eq!(decode(b"\xFE\xFF\0N\0a").unwrap(), "Na");
        assert_eq!(decode(b"Jos\xE9 \x80").unwrap(), "José €");
        assert_eq!(decode(b""), Err(TransferError::Empty));
        assert_eq!(decode(&[0, 1, 2, 3, 4, 5]), Err(TransferError::NotText));
    }

    #[test]
    fn structured_values_split_only_at_unescaped_separators() {
        assert_eq!(
            split_unescaped("Ruiz;Ana\\;Maria;;", ';'),
            ["Ruiz", "Ana\\;Maria", "", ""]
        );
    }
}
