//! Text helpers shared by the readers and writers: decoding the bytes of a
//! file, and the escaping and line folding of vCard and iCalendar.

use super::TransferError;

/// The text of a file in whichever encoding contact exporters use: UTF-8
/// (with or without a byte-order mark), UTF-16 with a byte-order mark (older
/// Google exports), else Windows-1252 (desktop Outlook in Western locales),
/// byte by byte where a file mixes it with UTF-8.
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
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    // Not UTF-8 throughout. A vCard writer may fold a line in the middle
    // of a character; joined again, the file may be UTF-8 after all.
    let joined = join_split_characters(bytes);
    // Else read it piece by piece: every valid UTF-8 sequence as such and
    // each other byte as Windows-1252, so that one stray byte in a UTF-8
    // file does not garble every name, and a Windows-1252 file (whose
    // accented letters are not valid UTF-8) reads right.
    let mut text = String::with_capacity(joined.len());
    for chunk in joined.utf8_chunks() {
        text.push_str(chunk.valid());
        text.extend(chunk.invalid().iter().map(|&b| windows_1252(b)));
    }
    Ok(text)
}

/// `bytes` without the folds (a line break then a space or tab) that fall
/// inside a UTF-8 character: after a byte of a multi-byte character and
/// before a continuation byte, where no text can break a line.
fn join_split_characters(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let fold = match &bytes[i..] {
            [b'\r', b'\n', b' ' | b'\t', next, ..] => Some((3, *next)),
            [b'\n', b' ' | b'\t', next, ..] => Some((2, *next)),
            _ => None,
        };
        if let Some((len, next)) = fold {
            let inside = out
                .last()
                .is_some_and(|&b| b >= 0xC0 || (0x80..0xC0).contains(&b));
            if inside && (0x80..0xC0).contains(&next) {
                i += len;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
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
            // Tabs are text in both formats; other control characters are
            // allowed in neither.
            '\t' => out.push('\t'),
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
