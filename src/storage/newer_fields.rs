//! Fields of a stored record that this version does not read.
//!
//! A newer Rapport may add fields to a record kind without changing the
//! storage format. This version reads such a record, ignoring what it does
//! not know; writing the record again (an edit here, a version pulled by
//! sync) must keep those fields as they were, or the newer version's data
//! would be lost the first time an older window or device touched it.

/// The top-level members of a JSON object as written: each name (between
/// its quotes) and value, or `None` if `text` is not one object.
///
/// A scan, not a parse: values are only skipped over, so that carrying a
/// newer version's fields along needs neither a JSON tree nor a writer for
/// one in the first download.
pub fn members(text: &str) -> Option<Vec<(&str, &str)>> {
    let b = text.as_bytes();
    let mut i = skip_space(b, 0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i = skip_space(b, i + 1);
    let mut out = Vec::new();
    if b.get(i) == Some(&b'}') {
        return (skip_space(b, i + 1) == b.len()).then_some(out);
    }
    loop {
        let name_end = string_end(b, i)?;
        let name = &text[i + 1..name_end - 1];
        i = skip_space(b, name_end);
        if b.get(i) != Some(&b':') {
            return None;
        }
        i = skip_space(b, i + 1);
        let start = i;
        i = value_end(b, i)?;
        out.push((name, &text[start..i]));
        i = skip_space(b, i);
        match b.get(i) {
            Some(b',') => i = skip_space(b, i + 1),
            Some(b'}') => return (skip_space(b, i + 1) == b.len()).then_some(out),
            _ => return None,
        }
    }
}

fn skip_space(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

/// Just past the string starting at `i`.
fn string_end(b: &[u8], i: usize) -> Option<usize> {
    if b.get(i) != Some(&b'"') {
        return None;
    }
    let mut j = i + 1;
    while let Some(&c) = b.get(j) {
        match c {
            b'\\' => j += 2,
            b'"' => return Some(j + 1),
            _ => j += 1,
        }
    }
    None
}

/// Just past the value starting at `i`.
fn value_end(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i)? {
        b'"' => string_end(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            while let Some(&c) = b.get(j) {
                match c {
                    b'"' => {
                        j = string_end(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            None
        }
        _ => {
            let end = (i..b.len())
                .find(|&j| matches!(b[j], b',' | b'}' | b']') || b[j].is_ascii_whitespace())
                .unwrap_or(b.len());
            (end > i).then_some(end)
        }
    }
}

/// Whether `name` is part of the document rather than of the record: its
/// id, revision, kind and CouchDB's own members.
fn is_document_member(name: &str) -> bool {
    name == "type" || name.starts_with('_')
}

/// `ours` (a record's JSON as this version writes it) with what `stored`
/// (the document it replaces) holds that this version does not know:
/// members it lacks, at the top and inside nested objects (a newer
/// version's preference inside `settings`), written as they were.
/// `ours` as it is if `stored` is not a JSON object.
///
/// This version writes every field it reads, defaults included (no field
/// is skipped when empty), and its records hold no maps keyed by data, so
/// a member missing from `ours` is one it does not know rather than one
/// the user removed. Objects inside lists are not matched up: their
/// unknown members are not kept.
pub fn with_unknown(ours: &str, stored: &str) -> String {
    merge(ours, stored, true).unwrap_or_else(|| ours.to_string())
}

fn merge(ours: &str, stored: &str, top: bool) -> Option<String> {
    let mine = members(ours)?;
    let theirs = members(stored)?;
    let mut out = String::with_capacity(ours.len() + 2);
    out.push('{');
    for (name, value) in &mine {
        let nested = theirs
            .iter()
            .find(|(n, _)| n == name)
            .filter(|(_, old)| value.starts_with('{') && old.starts_with('{'))
            .and_then(|(_, old)| merge(value, old, false));
        member(&mut out, name, nested.as_deref().unwrap_or(value));
    }
    for (name, value) in &theirs {
        let known = mine.iter().any(|(n, _)| n == name);
        let document = top && is_document_member(name);
        if !known && !document {
            member(&mut out, name, value);
        }
    }
    out.push('}');
    Some(out)
}

fn member(out: &mut String, name: &str, value: &str) {
    if out.len() > 1 {
        out.push(',');
    }
    out.push('"');
    out.push_str(name);
    out.push_str("\":");
    out.push_str(value);
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde::de::{self, Visitor};

    use super::*;
    use crate::domain::events::Event;
    use crate::domain::followups::FollowUp;
    use crate::domain::journal::JournalNote;
    use crate::domain::pitch::Pitch;
    use crate::domain::records::{DocKey, Kind, Record, SettingsRecord};
    use crate::domain::{Contact, Meeting, Organization};

    /// The field names `T`'s derived `Deserialize` reads: it hands them to
    /// the deserializer with the request to read a struct, which this one
    /// notes before refusing to read anything.
    fn fields_of<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
        let mut names: &'static [&'static str] = &[];
        let _ = T::deserialize(FieldNames(&mut names));
        names
    }

    struct FieldNames<'a>(&'a mut &'static [&'static str]);

    impl<'de> de::Deserializer<'de> for FieldNames<'_> {
        type Error = de::value::Error;

        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("only the field names are asked for"))
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0 = fields;
            Err(de::Error::custom("only the field names are asked for"))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map enum identifier ignored_any
        }
    }

    #[test]
    fn every_field_a_record_reads_is_written_even_when_empty() {
        // What `unknown_members` rests on: a field this version reads but
        // left out when empty would be taken for a newer version's.
        for kind in Kind::ALL {
            let fields = match kind {
                Kind::Contact => fields_of::<Contact>(),
                Kind::Organization => fields_of::<Organization>(),
                Kind::Meeting => fields_of::<Meeting>(),
                Kind::FollowUp => fields_of::<FollowUp>(),
                Kind::Event => fields_of::<Event>(),
                Kind::JournalNote => fields_of::<JournalNote>(),
                Kind::Pitch => fields_of::<Pitch>(),
                Kind::Settings => fields_of::<SettingsRecord>(),
            };
            let key = DocKey::new(kind, if kind == Kind::Settings { 0 } else { 7 });
            let id = if kind == Kind::Settings {
                ""
            } else {
                r#""id":7"#
            };
            let empty = Record::from_json(key, &format!("{{{id}}}"))
                .or_else(|_| Record::from_json(key, r#"{"id":7,"name":"x","contact_id":1}"#))
                .unwrap_or_else(|e| panic!("{kind:?}: {e}"));
            let json = empty.to_json();
            let mut names: Vec<&str> = members(&json)
                .unwrap()
                .into_iter()
                .map(|(n, _)| n)
                .collect();
            let mut expected = fields.to_vec();
            names.sort_unstable();
            expected.sort_unstable();
            assert_eq!(names, expected, "{kind:?}");
        }
    }

    #[test]
    fn fields_a_newer_version_wrote_are_kept_as_written() {
        // Nothing unknown: exactly what this version writes.
        let plain = r#"{"id":7,"name":"Ana","settings":{"a":1,"b":[{"c":2}]},"n":null}"#;
        assert_eq!(with_unknown(plain, plain), plain);
        assert_eq!(with_unknown(plain, "not json"), plain);
        // Inside a nested object too; the stored values of known fields
        // give way to ours.
        assert_eq!(
            with_unknown(
                r#"{"id":7,"settings":{"a":2}}"#,
                r#"{"_id":"settings","type":"settings","id":7,"settings":{"a":1,"theme":"dark"},"x":true}"#
            ),
            r#"{"id":7,"settings":{"a":2,"theme":"dark"},"x":true}"#
        );
        let ours = r#"{"id":7,"name":"Ana","notes":""}"#;
        let stored = r#"{"_id":"contact:7","_rev":"2-a","type":"contact","id":7,"name":"Ana",
            "pronouns":"she/her","links":{"mastodon":"@ana"},"_conflicts":["1-b"]}"#;
        assert_eq!(
            with_unknown(ours, stored),
            r#"{"id":7,"name":"Ana","notes":"","pronouns":"she/her","links":{"mastodon":"@ana"}}"#
        );
        // Written as they were, escapes and spacing included.
        assert_eq!(
            with_unknown(
                ours,
                r#"{ "id" : 7 , "a\"b" : [1, {"c": "}]"}] , "n": -1.5e3 }"#
            ),
            r#"{"id":7,"name":"Ana","notes":"","a\"b":[1, {"c": "}]"}],"n":-1.5e3}"#
        );
        for broken in [
            r#"{"id":7,"name":"An"#,
            r#"{"id":7,}"#,
            r#"{"id" 7}"#,
            "[1]",
            r#"{"a":1} x"#,
        ] {
            assert_eq!(members(broken), None, "{broken}");
        }
    }
}
