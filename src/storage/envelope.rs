//! The versioned envelope around the stored notebook, and the migrations that
//! bring older envelopes up to date.
//!
//! Stored form: `{"app": "rapport", "version": N, "notebook": {...}}`. Each
//! migration turns version `n` into `n + 1` on plain JSON, so old data never
//! has to match today's Rust types.

use serde::Serialize;
use serde_json::{Value, json};

use crate::domain::Notebook;

pub const APP: &str = "rapport";

/// The envelope version this build writes.
pub const CURRENT_VERSION: u64 = 3;

/// A step from version `n` to `n + 1` (index 0 upgrades version 1).
pub type Migration = fn(Value) -> Result<Value, DecodeError>;

/// Upgrades from each older version, in order.
pub const MIGRATIONS: &[Migration] = &[v1_single_pitch_to_versions, v2_random_ids];

/// Version 3 has random ids where version 2 counted them up. The JSON is the
/// same shape; `decode` gives every record of an older version a fresh
/// random id, so that two devices' counted ids can never meet.
fn v2_random_ids(mut v: Value) -> Result<Value, DecodeError> {
    if let Some(notebook) = v.get_mut("notebook").and_then(Value::as_object_mut) {
        notebook.remove("next_id");
    }
    Ok(v)
}

/// Version 1 kept one pitch as plain text; version 2 keeps named versions of
/// it and a default. The old text becomes the default version, "My pitch".
fn v1_single_pitch_to_versions(mut v: Value) -> Result<Value, DecodeError> {
    let notebook = v
        .get_mut("notebook")
        .and_then(Value::as_object_mut)
        .ok_or_else(|| DecodeError::Invalid("no notebook in it".into()))?;
    let text = match notebook.remove("pitch") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s,
        Some(_) => return Err(DecodeError::Invalid("the pitch is not text".into())),
    };
    if !text.trim().is_empty() {
        let id = notebook
            .get("next_id")
            .and_then(Value::as_u64)
            .unwrap_or(1)
            .max(1);
        notebook.insert("next_id".into(), json!(id + 1));
        notebook.insert(
            "pitches".into(),
            json!([{ "id": id, "title": "My pitch", "text": text, "updated_at": 0 }]),
        );
        notebook.insert("default_pitch".into(), json!(id));
    }
    Ok(v)
}

/// Why stored or imported text could not become a notebook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Not JSON at all (edited by hand, another app's data).
    NotJson(String),
    /// JSON that stops before it is complete: a file cut off.
    CutOff,
    /// JSON, but not a Rapport envelope.
    NotRapport,
    /// Written by a newer Rapport than this one.
    TooNew { found: u64 },
    /// A Rapport envelope whose content does not fit.
    Invalid(String),
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::NotJson(e) => write!(f, "it is not valid JSON ({e})"),
            DecodeError::CutOff => write!(
                f,
                "it stops before the end of the backup: the file seems cut off, saved or copied only in part"
            ),
            DecodeError::NotRapport => write!(f, "it is not a Rapport backup"),
            DecodeError::TooNew { found } => write!(
                f,
                "it was saved by a newer version of Rapport (format {found}; this version reads up to {CURRENT_VERSION})"
            ),
            DecodeError::Invalid(e) => write!(f, "its content is damaged ({e})"),
        }
    }
}

/// A decoded notebook and the version it was stored as.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    pub notebook: Notebook,
    pub stored_version: u64,
}

/// What `encode` writes. Typed, so the notebook goes straight to text
/// rather than through a `Value` tree (less code in the first download).
#[derive(Serialize)]
struct Envelope<'a> {
    app: &'static str,
    version: u64,
    notebook: &'a Notebook,
}

/// The stored text for `notebook`.
pub fn encode(notebook: &Notebook) -> String {
    let envelope = Envelope {
        app: APP,
        version: CURRENT_VERSION,
        notebook,
    };
    // Plain data with string keys: serialising it cannot fail.
    serde_json::to_string(&envelope).unwrap_or_default()
}

/// Reads stored or imported text, migrating older versions.
pub fn decode(text: &str) -> Result<Decoded, DecodeError> {
    decode_with(text, CURRENT_VERSION, MIGRATIONS)
}

/// `decode` against any chain of migrations, so the mechanism is testable
/// beyond the versions that exist today.
pub fn decode_with(
    text: &str,
    current: u64,
    migrations: &[Migration],
) -> Result<Decoded, DecodeError> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        if e.is_eof() && !text.trim().is_empty() {
            DecodeError::CutOff
        } else {
            DecodeError::NotJson(e.to_string())
        }
    })?;
    let obj = value.as_object().ok_or(DecodeError::NotRapport)?;
    if obj.get("app").and_then(Value::as_str) != Some(APP) {
        return Err(DecodeError::NotRapport);
    }
    let version = obj
        .get("version")
        .and_then(Value::as_u64)
        .filter(|v| *v >= 1)
        .ok_or_else(|| DecodeError::Invalid("missing or bad version".into()))?;
    if version > current {
        return Err(DecodeError::TooNew { found: version });
    }
    let mut value = value;
    for step in version..current {
        let migrate = migrations
            .get(step as usize - 1)
            .ok_or_else(|| DecodeError::Invalid(format!("no upgrade from format {step}")))?;
        value = migrate(value)?;
        value["version"] = json!(step + 1);
    }
    let notebook_value = value
        .get_mut("notebook")
        .map(Value::take)
        .ok_or_else(|| DecodeError::Invalid("no notebook in it".into()))?;
    // Read back from text rather than with `from_value`: reading records from
    // text is code the app has anyway, where a `Value` reader would add a
    // second copy of every record's reader to the first download.
    let mut notebook: Notebook = serde_json::from_str(&notebook_value.to_string())
        .map_err(|e| DecodeError::Invalid(e.to_string()))?;
    if version < 3 {
        notebook.renumber_all();
    } else {
        notebook.sanitize_ids();
    }
    Ok(Decoded {
        notebook,
        stored_version: version,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Contact, ListKind};

    fn sample() -> Notebook {
        let mut nb = Notebook::default();
        let id = nb.alloc_id();
        nb.contacts.push(Contact {
            id,
            name: "José <script>alert(1)</script>".into(),
            list: ListKind::B,
            ..Contact::default()
        });
        nb.add_pitch("Friends", "I help small teams ship.", 5);
        nb
    }

    #[test]
    fn round_trip_keeps_everything() {
        let nb = sample();
        let back = decode(&encode(&nb)).unwrap();
        assert_eq!(back.notebook, nb);
        assert_eq!(back.stored_version, CURRENT_VERSION);
    }

    #[test]
    fn envelope_names_app_and_version() {
        let v: Value = serde_json::from_str(&encode(&sample())).unwrap();
        assert_eq!(v["app"], "rapport");
        assert_eq!(v["version"], CURRENT_VERSION);
        assert!(v["notebook"].is_object());
    }

    #[test]
    fn garbage_is_not_json() {
        assert!(matches!(decode("{not json"), Err(DecodeError::NotJson(_))));
        assert!(matches!(decode(""), Err(DecodeError::NotJson(_))));
    }

    #[test]
    fn other_json_is_not_rapport() {
        assert_eq!(decode("[1,2]"), Err(DecodeError::NotRapport));
        assert_eq!(
            decode(r#"{"version":1,"notebook":{}}"#),
            Err(DecodeError::NotRapport)
        );
    }

    #[test]
    fn newer_version_is_refused_not_guessed() {
        let text = r#"{"app":"rapport","version":99,"notebook":{}}"#;
        assert_eq!(decode(text), Err(DecodeError::TooNew { found: 99 }));
    }

    #[test]
    fn wrong_types_inside_are_invalid() {
        let text = r#"{"app":"rapport","version":2,"notebook":{"contacts":"lots"}}"#;
        assert!(matches!(decode(text), Err(DecodeError::Invalid(_))));
        let text = r#"{"app":"rapport","version":0,"notebook":{}}"#;
        assert!(matches!(decode(text), Err(DecodeError::Invalid(_))));
    }

    #[test]
    fn missing_fields_take_defaults() {
        let text = r#"{"app":"rapport","version":2,"notebook":{}}"#;
        let nb = decode(text).unwrap().notebook;
        assert!(nb.contacts.is_empty());
        assert!(nb.pitches.is_empty());
        assert_eq!(nb.settings.words_per_minute, 130);
    }

    #[test]
    fn counted_ids_from_format_2_become_random_with_links_kept() {
        let text = r#"{"app":"rapport","version":2,"notebook":{"next_id":3,
            "contacts":[{"id":1,"name":"Ana","list":"A"},
                        {"id":2,"name":"Ben","list":"B","referred_by":1}]}}"#;
        let mut nb = decode(text).unwrap().notebook;
        let (ana, ben) = (nb.contacts[0].id, nb.contacts[1].id);
        assert!(ana > 2 && ben > 2);
        assert_eq!(nb.contacts[1].referred_by, Some(ana));
        let fresh = nb.alloc_id();
        assert!(fresh != ana && fresh != ben);
    }

    #[test]
    fn imported_ids_are_never_trusted() {
        let text = r#"{"app":"rapport","version":3,"notebook":{
            "contacts":[{"id":18446744073709551615,"name":"Max","list":"A"},
                        {"id":5,"name":"Ana","list":"A"},
                        {"id":5,"name":"Twin","list":"B"}]}}"#;
        let nb = decode(text).unwrap().notebook;
        let ids: std::collections::HashSet<_> = nb.contacts.iter().map(|c| c.id).collect();
        assert_eq!(ids.len(), 3);
        assert!(ids.iter().all(|id| crate::domain::ids::is_valid_id(*id)));
        assert_eq!(nb.contacts[1].id, 5);
    }
    #[test]
    fn version_1_pitch_becomes_the_default_version() {
        let v1 = r#"{"app":"rapport","version":1,"notebook":{"next_id":4,
            "contacts":[{"id":3,"name":"Ana","list":"A"}],"pitch":"I design calm tools."}}"#;
        let d = decode(v1).unwrap();
        assert_eq!(d.stored_version, 1);
        let mut nb = d.notebook;
        assert_eq!(nb.contacts[0].name, "Ana");
        assert_eq!(nb.pitches.len(), 1);
        let p = nb.default_pitch().unwrap();
        assert_eq!(
            (p.title.as_str(), p.text.as_str()),
            ("My pitch", "I design calm tools.")
        );
        let pitch = p.id;
        // A fresh id never collides with the migrated pitch.
        assert_ne!(nb.alloc_id(), pitch);
    }

    #[test]
    fn version_1_without_a_pitch_migrates_to_no_versions() {
        let v1 = r#"{"app":"rapport","version":1,"notebook":{"pitch":"  "}}"#;
        let nb = decode(v1).unwrap().notebook;
        assert!(nb.pitches.is_empty());
        assert_eq!(nb.default_pitch, None);
        let v1 = r#"{"app":"rapport","version":1,"notebook":{}}"#;
        assert!(decode(v1).unwrap().notebook.pitches.is_empty());
        let bad = r#"{"app":"rapport","version":1,"notebook":{"pitch":7}}"#;
        assert_eq!(
            decode(bad),
            Err(DecodeError::Invalid("the pitch is not text".into()))
        );
    }

    // A test-only chain: v1 called the pace "pace", v2 moved it into
    // settings, v3 added ten.
    fn rename_pace(mut v: Value) -> Result<Value, DecodeError> {
        let old = v["notebook"]["pace"].take();
        v["notebook"]["settings"] = json!({ "words_per_minute": old });
        Ok(v)
    }

    fn add_ten(mut v: Value) -> Result<Value, DecodeError> {
        let wpm = v["notebook"]["settings"]["words_per_minute"]
            .as_u64()
            .ok_or_else(|| DecodeError::Invalid("pace is not a number".into()))?;
        v["notebook"]["settings"]["words_per_minute"] = json!(wpm + 10);
        Ok(v)
    }

    fn pace(d: Result<Decoded, DecodeError>) -> u32 {
        d.unwrap().notebook.settings.words_per_minute
    }

    #[test]
    fn migrations_run_in_order_from_each_older_version() {
        let chain: &[Migration] = &[rename_pace, add_ten];
        let v1 = r#"{"app":"rapport","version":1,"notebook":{"pace":120}}"#;
        assert_eq!(decode_with(v1, 3, chain).unwrap().stored_version, 1);
        assert_eq!(pace(decode_with(v1, 3, chain)), 130);
        let v2 =
            r#"{"app":"rapport","version":2,"notebook":{"settings":{"words_per_minute":120}}}"#;
        assert_eq!(pace(decode_with(v2, 3, chain)), 130);
        let v3 =
            r#"{"app":"rapport","version":3,"notebook":{"settings":{"words_per_minute":120}}}"#;
        assert_eq!(pace(decode_with(v3, 3, chain)), 120);
    }

    #[test]
    fn failing_migration_is_reported() {
        let chain: &[Migration] = &[add_ten];
        let v1 =
            r#"{"app":"rapport","version":1,"notebook":{"settings":{"words_per_minute":"x"}}}"#;
        assert_eq!(
            decode_with(v1, 2, chain),
            Err(DecodeError::Invalid("pace is not a number".into()))
        );
    }
}
