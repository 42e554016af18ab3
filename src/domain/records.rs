//! The notebook as separate records, each stored and merged on its own.
//!
//! Every record has a kind and an id; together they make its document id
//! (`contact:8412345678901`), the shape CouchDB replication works with. The
//! settings, goals and default pitch form one more record, `settings`.
//!
//! Two copies of a record that both changed since a common version are
//! merged field by field: what only one side changed is taken from that
//! side; a field both changed differently is a conflict, kept for the user
//! to settle rather than decided silently.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::events::Event;
use super::followups::FollowUp;
use super::goals::WeeklyGoal;
use super::ids::{draw_id, is_valid_id};
use super::journal::JournalNote;
use super::pitch::Pitch;
use super::settings::Settings;
use super::{Contact, Id, Meeting, Notebook, Organization};

/// The kinds of record the notebook keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Contact,
    Organization,
    Meeting,
    FollowUp,
    Event,
    JournalNote,
    Pitch,
    Settings,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Contact,
        Kind::Organization,
        Kind::Meeting,
        Kind::FollowUp,
        Kind::Event,
        Kind::JournalNote,
        Kind::Pitch,
        Kind::Settings,
    ];

    /// The `type` written into each stored document.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Contact => "contact",
            Kind::Organization => "organization",
            Kind::Meeting => "meeting",
            Kind::FollowUp => "follow_up",
            Kind::Event => "event",
            Kind::JournalNote => "journal_note",
            Kind::Pitch => "pitch",
            Kind::Settings => "settings",
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// How the record is called in a sentence for the user.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Contact => "contact",
            Kind::Organization => "organization",
            Kind::Meeting => "meeting",
            Kind::FollowUp => "follow-up",
            Kind::Event => "event",
            Kind::JournalNote => "journal note",
            Kind::Pitch => "pitch version",
            Kind::Settings => "settings and goals",
        }
    }
}

/// Which record: its kind and id (the settings record has id 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocKey {
    pub kind: Kind,
    pub id: Id,
}

impl DocKey {
    pub const SETTINGS: DocKey = DocKey {
        kind: Kind::Settings,
        id: 0,
    };

    pub fn new(kind: Kind, id: Id) -> Self {
        DocKey { kind, id }
    }

    /// The address of the screen that shows the record.
    pub fn page(self) -> String {
        let id = self.id;
        match self.kind {
            Kind::Contact => format!("/contacts/{id}"),
            Kind::Organization => format!("/organizations/{id}"),
            Kind::Meeting => format!("/meetings/{id}"),
            Kind::Event => format!("/events/{id}"),
            // Follow-ups have no page of their own.
            Kind::FollowUp => format!("/follow-ups/{id}/edit"),
            Kind::JournalNote => "/journal".to_string(),
            Kind::Pitch => "/pitch".to_string(),
            Kind::Settings => "/goals".to_string(),
        }
    }

    /// The document id: `contact:123`, or `settings`.
    pub fn doc_id(self) -> String {
        match self.kind {
            Kind::Settings => "settings".to_string(),
            kind => format!("{}:{}", kind.name(), self.id),
        }
    }

    /// Reads a document id; ids Rapport could not have made are refused.
    pub fn parse(doc_id: &str) -> Option<DocKey> {
        if doc_id == "settings" {
            return Some(DocKey::SETTINGS);
        }
        let (kind, id) = doc_id.split_once(':')?;
        let kind = Kind::from_name(kind).filter(|k| *k != Kind::Settings)?;
        // Digits only: no sign, no spaces, no leading zeros to alias an id.
        if id.is_empty() || id.starts_with('0') || !id.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let id: Id = id.parse().ok().filter(|id| is_valid_id(*id))?;
        Some(DocKey { kind, id })
    }
}

/// The settings record: everything in the notebook that is not a list.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SettingsRecord {
    pub settings: Settings,
    pub default_pitch: Option<Id>,
    pub goals: Vec<WeeklyGoal>,
}

/// One record, owned.
#[derive(Clone, Debug, PartialEq)]
pub enum Record {
    Contact(Contact),
    Organization(Organization),
    Meeting(Meeting),
    FollowUp(FollowUp),
    Event(Event),
    JournalNote(JournalNote),
    Pitch(Pitch),
    Settings(SettingsRecord),
}

/// One record, borrowed from the notebook.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RecordRef<'a> {
    Contact(&'a Contact),
    Organization(&'a Organization),
    Meeting(&'a Meeting),
    FollowUp(&'a FollowUp),
    Event(&'a Event),
    JournalNote(&'a JournalNote),
    Pitch(&'a Pitch),
    Settings(&'a Settings, Option<Id>, &'a [WeeklyGoal]),
}

/// Why a stored document could not become a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordError {
    /// Its content does not fit the kind's fields.
    Invalid(String),
    /// Its id does not match the document it is stored as.
    WrongId,
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecordError::Invalid(why) => write!(f, "its content is damaged ({why})"),
            RecordError::WrongId => write!(f, "it is stored under another record's name"),
        }
    }
}

macro_rules! each_list {
    ($m:ident) => {
        $m!(Contact, contacts);
        $m!(Organization, organizations);
        $m!(Meeting, meetings);
        $m!(FollowUp, follow_ups);
        $m!(Event, events);
        $m!(JournalNote, journal_notes);
        $m!(Pitch, pitches);
    };
}

impl RecordRef<'_> {
    /// The record's own fields as JSON text (no document fields).
    pub fn to_json(&self) -> String {
        let text = match self {
            RecordRef::Contact(r) => serde_json::to_string(r),
            RecordRef::Organization(r) => serde_json::to_string(r),
            RecordRef::Meeting(r) => serde_json::to_string(r),
            RecordRef::FollowUp(r) => serde_json::to_string(r),
            RecordRef::Event(r) => serde_json::to_string(r),
            RecordRef::JournalNote(r) => serde_json::to_string(r),
            RecordRef::Pitch(r) => serde_json::to_string(r),
            RecordRef::Settings(settings, default_pitch, goals) => {
                #[derive(Serialize)]
                struct S<'a> {
                    settings: &'a Settings,
                    default_pitch: Option<Id>,
                    goals: &'a [WeeklyGoal],
                }
                serde_json::to_string(&S {
                    settings,
                    default_pitch: *default_pitch,
                    goals,
                })
            }
        };
        // Plain data with string keys always serialises.
        text.unwrap_or_else(|_| "{}".into())
    }

    pub fn to_owned(self) -> Record {
        match self {
            RecordRef::Contact(r) => Record::Contact(r.clone()),
            RecordRef::Organization(r) => Record::Organization(r.clone()),
            RecordRef::Meeting(r) => Record::Meeting(r.clone()),
            RecordRef::FollowUp(r) => Record::FollowUp(r.clone()),
            RecordRef::Event(r) => Record::Event(r.clone()),
            RecordRef::JournalNote(r) => Record::JournalNote(r.clone()),
            RecordRef::Pitch(r) => Record::Pitch(r.clone()),
            RecordRef::Settings(s, d, g) => Record::Settings(SettingsRecord {
                settings: s.clone(),
                default_pitch: d,
                goals: g.to_vec(),
            }),
        }
    }

    /// Whether `record` holds exactly this content.
    pub fn same_as(&self, record: &Record) -> bool {
        match (self, record) {
            (RecordRef::Contact(a), Record::Contact(b)) => *a == b,
            (RecordRef::Organization(a), Record::Organization(b)) => *a == b,
            (RecordRef::Meeting(a), Record::Meeting(b)) => *a == b,
            (RecordRef::FollowUp(a), Record::FollowUp(b)) => *a == b,
            (RecordRef::Event(a), Record::Event(b)) => *a == b,
            (RecordRef::JournalNote(a), Record::JournalNote(b)) => *a == b,
            (RecordRef::Pitch(a), Record::Pitch(b)) => *a == b,
            (RecordRef::Settings(s, d, g), Record::Settings(r)) => {
                **s == r.settings && *d == r.default_pitch && **g == r.goals[..]
            }
            _ => false,
        }
    }
}

impl Record {
    pub fn as_ref(&self) -> RecordRef<'_> {
        match self {
            Record::Contact(r) => RecordRef::Contact(r),
            Record::Organization(r) => RecordRef::Organization(r),
            Record::Meeting(r) => RecordRef::Meeting(r),
            Record::FollowUp(r) => RecordRef::FollowUp(r),
            Record::Event(r) => RecordRef::Event(r),
            Record::JournalNote(r) => RecordRef::JournalNote(r),
            Record::Pitch(r) => RecordRef::Pitch(r),
            Record::Settings(r) => RecordRef::Settings(&r.settings, r.default_pitch, &r.goals),
        }
    }

    pub fn to_json(&self) -> String {
        self.as_ref().to_json()
    }

    /// Reads a record of `key`'s kind from JSON; unknown fields (such as
    /// the document's own `_id` and `_rev`) are ignored.
    pub fn from_json(key: DocKey, text: &str) -> Result<Record, RecordError> {
        let invalid = |e: serde_json::Error| RecordError::Invalid(e.to_string());
        let record = match key.kind {
            Kind::Contact => Record::Contact(serde_json::from_str(text).map_err(invalid)?),
            Kind::Organization => {
                Record::Organization(serde_json::from_str(text).map_err(invalid)?)
            }
            Kind::Meeting => Record::Meeting(serde_json::from_str(text).map_err(invalid)?),
            Kind::FollowUp => Record::FollowUp(serde_json::from_str(text).map_err(invalid)?),
            Kind::Event => Record::Event(serde_json::from_str(text).map_err(invalid)?),
            Kind::JournalNote => Record::JournalNote(serde_json::from_str(text).map_err(invalid)?),
            Kind::Pitch => Record::Pitch(serde_json::from_str(text).map_err(invalid)?),
            Kind::Settings => Record::Settings(serde_json::from_str(text).map_err(invalid)?),
        };
        if record.id() != key.id {
            return Err(RecordError::WrongId);
        }
        Ok(record)
    }

    pub fn from_value(key: DocKey, value: Value) -> Result<Record, RecordError> {
        Record::from_json(key, &value.to_string())
    }

    pub fn id(&self) -> Id {
        match self {
            Record::Contact(r) => r.id,
            Record::Organization(r) => r.id,
            Record::Meeting(r) => r.id,
            Record::FollowUp(r) => r.id,
            Record::Event(r) => r.id,
            Record::JournalNote(r) => r.id,
            Record::Pitch(r) => r.id,
            Record::Settings(_) => 0,
        }
    }

    pub fn key(&self) -> DocKey {
        let kind = match self {
            Record::Contact(_) => Kind::Contact,
            Record::Organization(_) => Kind::Organization,
            Record::Meeting(_) => Kind::Meeting,
            Record::FollowUp(_) => Kind::FollowUp,
            Record::Event(_) => Kind::Event,
            Record::JournalNote(_) => Kind::JournalNote,
            Record::Pitch(_) => Kind::Pitch,
            Record::Settings(_) => Kind::Settings,
        };
        DocKey::new(kind, self.id())
    }

    /// A short name for the user: the person, the meeting's contact, etc.
    pub fn title(&self) -> String {
        let title = match self {
            Record::Contact(r) => r.name.clone(),
            Record::Organization(r) => r.name.clone(),
            Record::Meeting(r) => format!("Meeting with {}", r.contact_name),
            Record::FollowUp(r) => r.kind.label().to_string(),
            Record::Event(r) => r.name.clone(),
            Record::JournalNote(r) => r.text.chars().take(40).collect(),
            Record::Pitch(r) => r.title.clone(),
            Record::Settings(_) => "Settings and goals".to_string(),
        };
        if title.trim().is_empty() {
            self.key().kind.label().to_string()
        } else {
            title
        }
    }

    /// The title where records of every kind are listed together: with
    /// the kind, unless the title says it already ("Meeting with Ana").
    pub fn heading(&self) -> String {
        let kind = self.key().kind;
        let title = self.title();
        if matches!(kind, Kind::Meeting | Kind::Settings) || title == kind.label() {
            title
        } else {
            format!("{title} · {}", kind.label())
        }
    }
}

impl Notebook {
    /// Every record in the notebook with its key, settings last.
    pub fn records(&self) -> impl Iterator<Item = (DocKey, RecordRef<'_>)> {
        let contacts = self
            .contacts
            .iter()
            .map(|r| (DocKey::new(Kind::Contact, r.id), RecordRef::Contact(r)));
        let organizations = self.organizations.iter().map(|r| {
            (
                DocKey::new(Kind::Organization, r.id),
                RecordRef::Organization(r),
            )
        });
        let meetings = self
            .meetings
            .iter()
            .map(|r| (DocKey::new(Kind::Meeting, r.id), RecordRef::Meeting(r)));
        let follow_ups = self
            .follow_ups
            .iter()
            .map(|r| (DocKey::new(Kind::FollowUp, r.id), RecordRef::FollowUp(r)));
        let events = self
            .events
            .iter()
            .map(|r| (DocKey::new(Kind::Event, r.id), RecordRef::Event(r)));
        let notes = self.journal_notes.iter().map(|r| {
            (
                DocKey::new(Kind::JournalNote, r.id),
                RecordRef::JournalNote(r),
            )
        });
        let pitches = self
            .pitches
            .iter()
            .map(|r| (DocKey::new(Kind::Pitch, r.id), RecordRef::Pitch(r)));
        let settings = std::iter::once((
            DocKey::SETTINGS,
            RecordRef::Settings(&self.settings, self.default_pitch, &self.goals),
        ));
        // What others point at comes first, so that a save cut short (a
        // full store during an import) leaves no contact pointing at an
        // organization or event that was never written.
        organizations
            .chain(events)
            .chain(pitches)
            .chain(contacts)
            .chain(meetings)
            .chain(follow_ups)
            .chain(notes)
            .chain(settings)
    }

    /// The record stored under `key`, if the notebook has it.
    pub fn record(&self, key: DocKey) -> Option<RecordRef<'_>> {
        macro_rules! find {
            ($kind:ident, $list:ident) => {
                if key.kind == Kind::$kind {
                    return self
                        .$list
                        .iter()
                        .find(|r| r.id == key.id)
                        .map(RecordRef::$kind);
                }
            };
        }
        each_list!(find);
        Some(RecordRef::Settings(
            &self.settings,
            self.default_pitch,
            &self.goals,
        ))
    }

    /// Puts `record` in, replacing the one with the same key.
    pub fn put_record(&mut self, record: Record) {
        macro_rules! put {
            ($kind:ident, $list:ident) => {
                if let Record::$kind(r) = record {
                    match self.$list.iter_mut().find(|x| x.id == r.id) {
                        Some(slot) => *slot = r,
                        None => self.$list.push(r),
                    }
                    return;
                }
            };
        }
        each_list!(put);
        if let Record::Settings(s) = record {
            self.settings = s.settings;
            self.default_pitch = s.default_pitch;
            self.goals = s.goals;
        }
    }

    /// Takes the record under `key` out (settings go back to defaults).
    pub fn remove_record(&mut self, key: DocKey) {
        macro_rules! remove {
            ($kind:ident, $list:ident) => {
                if key.kind == Kind::$kind {
                    self.$list.retain(|r| r.id != key.id);
                    return;
                }
            };
        }
        each_list!(remove);
        let fresh = SettingsRecord::default();
        self.settings = fresh.settings;
        self.default_pitch = fresh.default_pitch;
        self.goals = fresh.goals;
    }

    /// Puts every list in the order its records were made: storage hands
    /// records back in no particular order.
    pub fn sort_by_creation(&mut self) {
        use super::sort_by_time;
        sort_by_time(&mut self.contacts, |r| (r.created_at, r.id));
        sort_by_time(&mut self.organizations, |r| (r.created_at, r.id));
        sort_by_time(&mut self.meetings, |r| (r.created_at, r.id));
        sort_by_time(&mut self.follow_ups, |r| (r.created_at, r.id));
        sort_by_time(&mut self.events, |r| (r.created_at, r.id));
        sort_by_time(&mut self.journal_notes, |r| (r.at, r.id));
        sort_by_time(&mut self.pitches, |r| (r.created_at, r.id));
    }

    /// Whether any record of any kind already has `id`.
    pub fn id_in_use(&self, id: Id) -> bool {
        macro_rules! check {
            ($kind:ident, $list:ident) => {
                if self.$list.iter().any(|r| r.id == id) {
                    return true;
                }
            };
        }
        each_list!(check);
        false
    }

    /// Hands out a fresh, random id no record has.
    pub fn alloc_id(&mut self) -> Id {
        loop {
            let id = draw_id();
            if !self.id_in_use(id) {
                return id;
            }
        }
    }

    /// Gives every record a fresh random id and rewrites every link to
    /// match: for data from before ids were random, whose small counted ids
    /// would collide with another device's.
    pub fn renumber_all(&mut self) {
        let mut map: HashMap<(Kind, Id), Id> = HashMap::new();
        self.visit_ids(|role, id| {
            if let IdRole::Own(kind) = role {
                let fresh = draw_id();
                map.insert((kind, *id), fresh);
                *id = fresh;
            }
        });
        self.visit_ids(|role, id| {
            if let IdRole::Link(kind) = role
                && let Some(new) = map.get(&(kind, *id))
            {
                *id = *new;
            }
        });
    }

    /// Makes ids from outside (a backup, a hand-edited file) safe: an id
    /// out of range is replaced and the links to it follow; a second
    /// record with an id already taken gets a fresh one (links keep
    /// pointing at the first). Returns how many records were renumbered.
    pub fn sanitize_ids(&mut self) -> usize {
        let mut renumbered = 0;
        let mut seen: std::collections::HashSet<(Kind, Id)> = Default::default();
        let mut out_of_range: HashMap<(Kind, Id), Id> = HashMap::new();
        let mut taken: std::collections::HashSet<Id> = Default::default();
        self.visit_ids(|role, id| {
            if let IdRole::Own(_) = role {
                taken.insert(*id);
            }
        });
        let mut fresh = || loop {
            let id = draw_id();
            if taken.insert(id) {
                return id;
            }
        };
        self.visit_ids(|role, id| {
            if let IdRole::Own(kind) = role {
                if !is_valid_id(*id) {
                    let new = fresh();
                    out_of_range.entry((kind, *id)).or_insert(new);
                    *id = new;
                    renumbered += 1;
                } else if !seen.insert((kind, *id)) {
                    *id = fresh();
                    renumbered += 1;
                }
            }
        });
        self.visit_ids(|role, id| {
            if let IdRole::Link(kind) = role
                && let Some(new) = out_of_range.get(&(kind, *id))
            {
                *id = *new;
            }
        });
        renumbered
    }

    /// Calls `f` with every id in the notebook: each record's own id and
    /// every link to another record, with the kind it refers to.
    fn visit_ids(&mut self, mut f: impl FnMut(IdRole, &mut Id)) {
        use IdRole::{Link, Own};
        let opt = |kind: Kind, id: &mut Option<Id>, f: &mut dyn FnMut(IdRole, &mut Id)| {
            if let Some(id) = id {
                f(Link(kind), id);
            }
        };
        for c in &mut self.contacts {
            f(Own(Kind::Contact), &mut c.id);
            opt(Kind::Organization, &mut c.organization, &mut f);
            opt(Kind::Contact, &mut c.referred_by, &mut f);
            opt(Kind::Event, &mut c.event_id, &mut f);
        }
        for o in &mut self.organizations {
            f(Own(Kind::Organization), &mut o.id);
        }
        for m in &mut self.meetings {
            f(Own(Kind::Meeting), &mut m.id);
            opt(Kind::Contact, &mut m.contact_id, &mut f);
            opt(Kind::Pitch, &mut m.pitch_id, &mut f);
            for r in &mut m.referrals {
                f(Link(Kind::Contact), r);
            }
            for (_, who) in &mut m.steps_decided {
                opt(Kind::Contact, who, &mut f);
            }
        }
        for x in &mut self.follow_ups {
            f(Own(Kind::FollowUp), &mut x.id);
            opt(Kind::Contact, &mut x.contact_id, &mut f);
            opt(Kind::Meeting, &mut x.meeting_id, &mut f);
            opt(Kind::Event, &mut x.event_id, &mut f);
        }
        for e in &mut self.events {
            f(Own(Kind::Event), &mut e.id);
        }
        for n in &mut self.journal_notes {
            f(Own(Kind::JournalNote), &mut n.id);
            opt(Kind::Contact, &mut n.contact_id, &mut f);
        }
        for p in &mut self.pitches {
            f(Own(Kind::Pitch), &mut p.id);
        }
        opt(Kind::Pitch, &mut self.default_pitch, &mut f);
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum IdRole {
    /// A record's own id.
    Own(Kind),
    /// A link to a record of this kind.
    Link(Kind),
}

/// Applies a form's `edit` to a record that may have been deleted since
/// the form opened it (in another window, or on another device): it is
/// put back first as the form had it, so the edit stands, as sync lets an
/// edit win over a delete. If `edit` refuses, the record stays deleted.
/// Whether it was brought back.
pub fn edit_bringing_back<T: RecordKind, E>(
    nb: &mut Notebook,
    base: &T,
    edited: T,
    edit: impl FnOnce(&mut Notebook, T) -> Result<(), E>,
) -> Result<bool, E> {
    let key = base.key_of();
    let gone = nb.record(key).is_none();
    if gone {
        nb.put_record(base.clone().wrap());
    }
    match edit(nb, edited) {
        Ok(()) => Ok(gone),
        Err(e) => {
            if gone {
                nb.remove_record(key);
            }
            Err(e)
        }
    }
}

/// A record type that can travel as a `Record`.
pub trait RecordKind: Clone + PartialEq + Sized {
    fn wrap(self) -> Record;
    fn unwrap(record: Record) -> Option<Self>;
    /// This record's key.
    fn key_of(&self) -> DocKey {
        self.clone().wrap().key()
    }
}

macro_rules! record_kind {
    ($kind:ident, $ty:ty) => {
        impl RecordKind for $ty {
            fn wrap(self) -> Record {
                Record::$kind(self)
            }
            fn unwrap(record: Record) -> Option<Self> {
                match record {
                    Record::$kind(r) => Some(r),
                    _ => None,
                }
            }
        }
    };
}

record_kind!(Contact, Contact);
record_kind!(Organization, Organization);
record_kind!(Meeting, Meeting);
record_kind!(FollowUp, FollowUp);
record_kind!(Event, Event);
record_kind!(JournalNote, JournalNote);
record_kind!(Pitch, Pitch);

/// A form's edit, made from `base`, laid over the record as it is now
/// (`current`, changed meanwhile in another window or not): only the fields
/// the form changed are applied. Also returns `current` when it and the
/// form changed the same field, for the user to compare.
pub fn rebase<T: RecordKind>(base: &T, edited: T, current: Option<&T>) -> (T, Option<T>) {
    let (record, other) = rebase_with_fields(base, edited, current);
    (record, other.map(|(other, _)| other))
}

/// As [`rebase`], with the fields both changed beside `current`: the ones
/// the user has to choose between (the rest are merged already).
pub fn rebase_with_fields<T: RecordKind>(
    base: &T,
    edited: T,
    current: Option<&T>,
) -> (T, Option<(T, Vec<String>)>) {
    let Some(current) = current.filter(|c| *c != base) else {
        return (edited, None);
    };
    let merged = merge3(
        &base.clone().wrap(),
        &edited.clone().wrap(),
        &current.clone().wrap(),
    );
    let conflict = (!merged.conflicting.is_empty()).then(|| (current.clone(), merged.conflicting));
    (T::unwrap(merged.record).unwrap_or(edited), conflict)
}

/// A record's fields by name, as stored.
pub(crate) fn fields_of(record: &Record) -> Map<String, Value> {
    match serde_json::from_str(&record.to_json()) {
        Ok(Value::Object(m)) => m,
        // Records serialise to objects; nothing to compare otherwise.
        _ => Map::new(),
    }
}

/// The result of merging two changed copies of one record.
#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    /// Ours with every change only theirs made; on a field both changed,
    /// ours.
    pub record: Record,
    /// Fields both sides changed, to different values.
    pub conflicting: Vec<String>,
}

/// Merges `ours` and `theirs`, two versions of one record that both grew
/// from `base`, field by field.
pub fn merge3(base: &Record, ours: &Record, theirs: &Record) -> Merged {
    let (base_f, ours_f, theirs_f) = (fields_of(base), fields_of(ours), fields_of(theirs));
    let mut merged = ours_f.clone();
    let mut conflicting = Vec::new();
    let mut names: Vec<&String> = ours_f.keys().chain(theirs_f.keys()).collect();
    names.sort();
    names.dedup();
    for name in names {
        let (b, o, t) = (base_f.get(name), ours_f.get(name), theirs_f.get(name));
        if o == t || t == b {
            continue;
        }
        if name == "updated_at" {
            // Bookkeeping, not content: the later of the two.
            let time = |v: Option<&Value>| v.and_then(Value::as_i64).unwrap_or(0);
            merged.insert(name.clone(), Value::from(time(o).max(time(t))));
            continue;
        }
        if o == b {
            match t {
                Some(t) => merged.insert(name.clone(), t.clone()),
                None => merged.remove(name),
            };
        } else {
            conflicting.push(name.clone());
        }
    }
    let record = Record::from_value(ours.key(), Value::Object(merged)).unwrap_or(ours.clone());
    Merged {
        record,
        conflicting,
    }
}

/// One field that differs between two versions of a record, as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldDiff {
    pub field: String,
    /// The field's name for people: "how_met" becomes "How met".
    pub label: String,
    pub ours: String,
    pub theirs: String,
    /// Free text (or a list) both sides wrote, which can be kept together.
    pub text: bool,
}

/// Fields that hold free text, where two versions can be joined: joined
/// into one line, a role or a name would read as nonsense.
const FREE_TEXT: [&str; 7] = [
    "notes",
    "why",
    "how_i_can_help",
    "how_met",
    "help_offered",
    "outcome",
    "text",
];

/// The fields in which two versions of a record differ, for the user to
/// compare. Edit times are left out: they are not something to choose.
pub fn compare(ours: &Record, theirs: &Record) -> Vec<FieldDiff> {
    compare_fields(&fields_of(ours), &fields_of(theirs))
}

/// As [`compare`], on the fields of two versions already read (see
/// [`fields_of`]).
pub(crate) fn compare_fields(o: &Map<String, Value>, t: &Map<String, Value>) -> Vec<FieldDiff> {
    let mut names: Vec<&String> = o.keys().chain(t.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|n| !matches!(n.as_str(), "updated_at" | "created_at" | "id"))
        .filter(|n| o.get(*n) != t.get(*n))
        .map(|n| {
            let (a, b) = (o.get(n), t.get(n));
            FieldDiff {
                field: n.clone(),
                label: label_of(n),
                ours: show(a),
                theirs: show(b),
                text: (is_free_text(n)
                    && matches!(a, Some(Value::String(_)) | None)
                    && matches!(b, Some(Value::String(_)) | None))
                    || (is_list(a) && is_list(b)),
            }
        })
        .collect()
}

/// Whether `field` holds free text, which two versions can both keep.
pub fn is_free_text(field: &str) -> bool {
    FREE_TEXT.contains(&field)
}

/// A list of plain values (tags, questions, purposes), or nothing.
fn is_list(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::Array(items)) => items.iter().all(|i| !i.is_array() && !i.is_object()),
        _ => false,
    }
}

/// `ours` with each differing text field holding both texts, ours first
/// (for notes typed in two places, where both are worth keeping), and each
/// differing list holding what either has. Only the `fields` named are
/// touched; none named means every field.
pub fn keep_both_texts(ours: &Record, theirs: &Record, fields: &[String]) -> Record {
    let mut merged = fields_of(ours);
    let theirs_fields = fields_of(theirs);
    let chosen = |field: &String| fields.is_empty() || fields.contains(field);
    for diff in compare(ours, theirs) {
        if !diff.text || !chosen(&diff.field) {
            continue;
        }
        let theirs_list = theirs_fields.get(&diff.field).and_then(Value::as_array);
        let both = match (merged.get(&diff.field), theirs_list) {
            (Some(Value::Array(ours_list)), Some(theirs_list)) => {
                let mut all = ours_list.clone();
                all.extend(
                    theirs_list
                        .iter()
                        .filter(|v| !ours_list.contains(v))
                        .cloned(),
                );
                Value::Array(all)
            }
            (None | Some(Value::Null), Some(theirs_list)) => Value::Array(theirs_list.clone()),
            (Some(Value::Array(ours_list)), None) => Value::Array(ours_list.clone()),
            _ => Value::String(join_texts(&diff.ours, &diff.theirs)),
        };
        merged.insert(diff.field, both);
    }
    Record::from_value(ours.key(), Value::Object(merged)).unwrap_or_else(|_| ours.clone())
}

/// `ours` with the `fields` named taken from `theirs`: the user's pick,
/// field by field, between two versions of a record.
pub fn combine(ours: &Record, theirs: &Record, fields: &[String]) -> Record {
    let mut merged = fields_of(ours);
    let theirs = fields_of(theirs);
    for field in fields {
        match theirs.get(field) {
            Some(value) => merged.insert(field.clone(), value.clone()),
            None => merged.remove(field),
        };
    }
    Record::from_value(ours.key(), Value::Object(merged)).unwrap_or_else(|_| ours.clone())
}

/// Two texts typed in two places as one, ours first, without writing twice
/// what both share. Both usually grew from the same notes, so theirs adds
/// only what lies between the start and the end it has in common with
/// ours, cut where a line or sentence ends so that what it adds reads on
/// its own. A text the other holds whole adds nothing.
pub fn join_texts(ours: &str, theirs: &str) -> String {
    if holds(ours, theirs) {
        return ours.to_string();
    }
    if holds(theirs, ours) {
        return theirs.to_string();
    }
    let start = shared_start(ours, theirs);
    let (ours_rest, theirs_rest) = (&ours[start..], &theirs[start..]);
    let end = shared_end(ours_rest, theirs_rest);
    let added = theirs_rest[..theirs_rest.len() - end].trim();
    if added.is_empty() {
        ours.to_string()
    } else {
        format!("{ours}\n\n{added}")
    }
}

/// Whether `whole` has all of `part`: at its start (it went further), or
/// from where a line or sentence starts. "interested" inside "Not
/// interested" is another text, not the same one.
pub fn holds(whole: &str, part: &str) -> bool {
    whole.starts_with(part)
        || whole
            .match_indices(part)
            .any(|(at, _)| starts_sentence(whole, at))
}

/// Whether a line or sentence starts at byte `at` of `text`.
fn starts_sentence(text: &str, at: usize) -> bool {
    let mut before = text[..at].chars().rev();
    match (before.next(), before.next()) {
        (None, _) => true,
        (Some(c), prev) => ends_a_sentence(prev, c),
    }
}

/// Whether a text can be cut at the space `c`, coming after `before`: a
/// line or a sentence ends there.
fn ends_a_sentence(before: Option<char>, c: char) -> bool {
    c == '\n' || (c.is_whitespace() && matches!(before, Some('.' | '!' | '?')))
}

/// The length of the start both texts share, up to where its last line or
/// sentence ends.
fn shared_start(a: &str, b: &str) -> usize {
    let mut cut = 0;
    let mut before = None;
    for ((i, x), y) in a.char_indices().zip(b.chars()) {
        if x != y {
            break;
        }
        if ends_a_sentence(before, x) {
            cut = i + x.len_utf8();
        }
        before = Some(x);
    }
    cut
}

/// The length of the end both texts share, from where its first line or
/// sentence starts. Both start where a line or sentence does.
fn shared_end(a: &str, b: &str) -> usize {
    let same: usize = a
        .chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum();
    // The texts passed here start where a line or sentence does: one
    // shared whole starts one in the other too if it starts one there.
    if same == a.len() || (same == b.len() && starts_sentence(a, a.len() - same)) {
        return same;
    }
    let shared = &a[a.len() - same..];
    let mut before = None;
    for (i, c) in shared.char_indices() {
        if ends_a_sentence(before, c) {
            return same - i;
        }
        before = Some(c);
    }
    0
}

fn label_of(field: &str) -> String {
    let words = field.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => words,
    }
}

fn show(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(true)) => "Yes".into(),
        Some(Value::Bool(false)) => "No".into(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| show(Some(i)))
            .collect::<Vec<_>>()
            .join(", "),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_kind_of_record_has_a_screen_and_a_heading_naming_its_kind_once() {
        use super::super::route::{Route, Screen};
        for kind in Kind::ALL {
            let key = DocKey::new(kind, 7);
            assert_ne!(
                Route::parse(&key.page()).screen,
                Screen::NotFound,
                "{kind:?}"
            );
        }
        let ana = Record::Contact(crate::domain::Contact {
            name: "Ana".into(),
            ..Default::default()
        });
        assert_eq!(ana.heading(), "Ana · contact");
        let meeting = Record::Meeting(crate::domain::Meeting {
            contact_name: "Ana".into(),
            ..Default::default()
        });
        assert_eq!(meeting.heading(), "Meeting with Ana");
        let unnamed = Record::Event(crate::domain::events::Event::default());
        assert_eq!(unnamed.heading(), "event");
    }

    use super::*;
    use crate::domain::ListKind;

    fn contact(id: Id, name: &str) -> Contact {
        Contact {
            id,
            name: name.into(),
            list: ListKind::B,
            ..Contact::default()
        }
    }

    #[test]
    fn doc_ids_round_trip_and_refuse_strangers() {
        let key = DocKey::new(Kind::FollowUp, 8_412_345_678_901);
        assert_eq!(key.doc_id(), "follow_up:8412345678901");
        assert_eq!(DocKey::parse(&key.doc_id()), Some(key));
        assert_eq!(DocKey::parse("settings"), Some(DocKey::SETTINGS));
        for bad in [
            "",
            "contact",
            "contact:",
            "contact:0",
            "contact:007",
            "contact:-1",
            "contact: 5",
            "contact:9007199254740992",
            "settings:1",
            "alien:5",
        ] {
            assert_eq!(DocKey::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn every_record_goes_out_and_back_in() {
        let mut nb = Notebook::default();
        let a = nb.add_contact(contact(0, "Ana"), 1).unwrap();
        nb.add_pitch("Short", "Hello", 1);
        nb.settings.words_per_minute = 150;
        let records: Vec<Record> = nb.records().map(|(_, r)| r.to_owned()).collect();
        assert_eq!(records.len(), 3);
        let mut back = Notebook::default();
        for r in records {
            let key = r.key();
            let again = Record::from_json(key, &r.to_json()).unwrap();
            assert_eq!(again, r);
            back.put_record(again);
        }
        assert_eq!(back, nb);
        back.remove_record(DocKey::new(Kind::Contact, a));
        assert!(back.contacts.is_empty());
        back.remove_record(DocKey::SETTINGS);
        assert_eq!(back.settings, Settings::default());
    }

    #[test]
    fn a_record_under_another_id_is_refused() {
        let text = Record::Contact(contact(5, "Ana")).to_json();
        assert_eq!(
            Record::from_json(DocKey::new(Kind::Contact, 6), &text),
            Err(RecordError::WrongId)
        );
        assert!(matches!(
            Record::from_json(DocKey::new(Kind::Contact, 5), "{\"name\":7}"),
            Err(RecordError::Invalid(_))
        ));
    }

    #[test]
    fn disjoint_changes_merge_and_shared_ones_conflict() {
        let base = contact(1, "Ana");
        let mut ours = base.clone();
        ours.role = "Designer".into();
        let mut theirs = base.clone();
        theirs.email = "ana@example.org".into();
        let m = merge3(
            &Record::Contact(base.clone()),
            &Record::Contact(ours.clone()),
            &Record::Contact(theirs.clone()),
        );
        let Record::Contact(c) = &m.record else {
            panic!()
        };
        assert_eq!(
            (c.role.as_str(), c.email.as_str()),
            ("Designer", "ana@example.org")
        );
        assert!(m.conflicting.is_empty());

        theirs.role = "Engineer".into();
        let m = merge3(
            &Record::Contact(base),
            &Record::Contact(ours),
            &Record::Contact(theirs),
        );
        let Record::Contact(c) = &m.record else {
            panic!()
        };
        assert_eq!(c.role, "Designer");
        assert_eq!(c.email, "ana@example.org");
        assert_eq!(m.conflicting, ["role"]);
    }

    #[test]
    fn versions_compare_field_by_field_and_texts_can_be_kept_together() {
        let mut ours = contact(1, "Ana");
        ours.notes = "Met at the fair.".into();
        ours.role = "Senior Product Manager".into();
        let mut theirs = contact(1, "Ana");
        theirs.notes = "Works on payments.".into();
        theirs.decision_maker = true;
        theirs.role = "Product Manager".into();
        let diffs = compare(
            &Record::Contact(ours.clone()),
            &Record::Contact(theirs.clone()),
        );
        let fields: Vec<&str> = diffs.iter().map(|d| d.field.as_str()).collect();
        assert_eq!(fields, ["decision_maker", "notes", "role"]);
        assert_eq!(diffs[0].label, "Decision maker");
        assert_eq!(
            (diffs[0].ours.as_str(), diffs[0].theirs.as_str()),
            ("No", "Yes")
        );
        // Notes can be joined; a role is one line, to pick, not to join.
        let joinable: Vec<bool> = diffs.iter().map(|d| d.text).collect();
        assert_eq!(joinable, [false, true, false]);
        let Record::Contact(both) = keep_both_texts(
            &Record::Contact(ours.clone()),
            &Record::Contact(theirs.clone()),
            &[],
        ) else {
            panic!()
        };
        assert_eq!(both.notes, "Met at the fair.\n\nWorks on payments.");
        assert_eq!(both.role, "Senior Product Manager");
        assert!(!both.decision_maker);

        // Picked field by field: their notes, our role.
        let Record::Contact(picked) = combine(
            &Record::Contact(ours),
            &Record::Contact(theirs),
            &["notes".to_string()],
        ) else {
            panic!()
        };
        assert_eq!(
            (picked.notes.as_str(), picked.role.as_str()),
            ("Works on payments.", "Senior Product Manager")
        );
        assert!(!picked.decision_maker);
    }

    #[test]
    fn both_kept_joins_lists_and_only_the_fields_asked() {
        let mut ours = contact(1, "Ana");
        ours.tags = vec!["mentor".into(), "design".into()];
        ours.notes = "Ours.".into();
        let mut theirs = contact(1, "Ana");
        theirs.tags = vec!["design".into(), "recruiter".into()];
        theirs.notes = "Theirs.".into();
        let (o, t) = (Record::Contact(ours), Record::Contact(theirs));
        let diffs = compare(&o, &t);
        assert!(diffs.iter().all(|d| d.text), "{diffs:?}");
        let Record::Contact(both) = keep_both_texts(&o, &t, &[]) else {
            panic!()
        };
        assert_eq!(both.tags, ["mentor", "design", "recruiter"]);
        assert_eq!(both.notes, "Ours.\n\nTheirs.");
        let Record::Contact(only_tags) = keep_both_texts(&o, &t, &["tags".to_string()]) else {
            panic!()
        };
        assert_eq!(only_tags.tags, ["mentor", "design", "recruiter"]);
        assert_eq!(only_tags.notes, "Ours.");
    }

    #[test]
    fn a_form_edit_hands_back_the_fields_both_changed() {
        let base = contact(1, "Ana");
        let mut current = base.clone();
        current.role = "Engineer".into();
        current.phone = "+49 1".into();
        let mut edited = base.clone();
        edited.role = "Manager".into();
        edited.email = "ana@example.org".into();
        let (saved, other) = rebase_with_fields(&base, edited, Some(&current));
        let (other, fields) = other.unwrap();
        assert_eq!(other, current);
        // Only the role needs a choice: the phone and email are merged.
        assert_eq!(fields, ["role"]);
        assert_eq!(
            (
                saved.role.as_str(),
                saved.phone.as_str(),
                saved.email.as_str()
            ),
            ("Manager", "+49 1", "ana@example.org")
        );
    }

    #[test]
    fn an_edit_of_a_record_deleted_meanwhile_brings_it_back() {
        let mut nb = Notebook::default();
        let id = nb.add_contact(contact(0, "Ana"), 1).unwrap();
        let base = nb.contact(id).unwrap().clone();
        nb.delete_contact(id);
        let mut edited = base.clone();
        edited.role = "Designer".into();
        let back = edit_bringing_back(&mut nb, &base, edited, |nb, c| nb.update_contact(c, 5));
        assert_eq!(back, Ok(true));
        assert_eq!(nb.contact(id).unwrap().role, "Designer");
        // Still there: an ordinary edit.
        let mut again = nb.contact(id).unwrap().clone();
        again.role = "Lead".into();
        let base = again.clone();
        assert_eq!(
            edit_bringing_back(&mut nb, &base, again, |nb, c| nb.update_contact(c, 6)),
            Ok(false)
        );
        // An edit the rules refuse leaves it deleted.
        nb.delete_contact(id);
        let mut nameless = base.clone();
        nameless.name = " ".into();
        assert_eq!(
            edit_bringing_back(&mut nb, &base, nameless, |nb, c| nb.update_contact(c, 7)),
            Err(crate::domain::Error::EmptyName)
        );
        assert!(nb.contact(id).is_none());
    }

    #[test]
    fn texts_joined_keep_what_both_share_once() {
        let base = "Met at the fair. Works on payments.";
        // Both added to the same notes: theirs adds only its own lines.
        assert_eq!(
            join_texts(
                &format!("{base}\nAsk about Dana."),
                &format!("{base}\nSend the deck.")
            ),
            format!("{base}\nAsk about Dana.\n\nSend the deck.")
        );
        // Both wrote at the top of the same notes.
        assert_eq!(
            join_texts(&format!("Call back. {base}"), &format!("Thank her. {base}")),
            format!("Call back. {base}\n\nThank her.")
        );
        // One only went further than the other: nothing is repeated.
        assert_eq!(
            join_texts(&format!("{base} More."), base),
            format!("{base} More.")
        );
        assert_eq!(
            join_texts(base, &format!("{base} More.")),
            format!("{base} More.")
        );
        assert_eq!(join_texts("", "Theirs"), "Theirs");
        assert_eq!(join_texts("Ours", ""), "Ours");
        // Only whole lines and sentences count as shared: a word or two
        // alike says nothing about where the other text grew.
        assert_eq!(
            join_texts("Payments team", "Payroll team"),
            "Payments team\n\nPayroll team"
        );
        assert_eq!(
            join_texts("Zoë Ångström", "Zoë Åberg"),
            "Zoë Ångström\n\nZoë Åberg"
        );
        assert_eq!(
            join_texts("Hello. Ünïcode ends", "Hello. Ändern ends"),
            "Hello. Ünïcode ends\n\nÄndern ends"
        );
        // Nothing in common: both whole.
        assert_eq!(join_texts("Ours", "Theirs"), "Ours\n\nTheirs");
        // Theirs took out a sentence ours kept: ours has it all.
        assert_eq!(
            join_texts("One. Two. Three.", "One. Three."),
            "One. Two. Three."
        );
        // Theirs took out a word: a different text, kept beside ours.
        assert_eq!(
            join_texts("Not interested in the role", "interested in the role"),
            "Not interested in the role\n\ninterested in the role"
        );
        assert_eq!(
            join_texts(
                "Call Ana. Not interested in the role",
                "Call Ana. interested in the role"
            ),
            "Call Ana. Not interested in the role\n\ninterested in the role"
        );
        // A whole sentence ours holds adds nothing.
        assert_eq!(
            join_texts("Call Ana. Send the deck.", "Send the deck."),
            "Call Ana. Send the deck."
        );
    }

    #[test]
    fn a_form_edit_is_laid_over_what_changed_meanwhile() {
        let base = contact(1, "Ana");
        let mut current = base.clone();
        current.email = "ana@example.org".into();
        let mut edited = base.clone();
        edited.role = "Designer".into();
        let (saved, other) = rebase(&base, edited.clone(), Some(&current));
        assert_eq!(
            (saved.role.as_str(), saved.email.as_str()),
            ("Designer", "ana@example.org")
        );
        assert_eq!(other, None);
        // Nothing changed meanwhile: the form's version as it is.
        assert_eq!(
            rebase(&base, edited.clone(), Some(&base)),
            (edited.clone(), None)
        );
        assert_eq!(rebase(&base, edited.clone(), None), (edited, None));
        // Both changed the role: the form wins, the other is handed back.
        current.role = "Engineer".into();
        let mut edited = base.clone();
        edited.role = "Manager".into();
        let (saved, other) = rebase(&base, edited, Some(&current));
        assert_eq!(saved.role, "Manager");
        assert_eq!(saved.email, "ana@example.org");
        assert_eq!(other.unwrap().role, "Engineer");
    }

    #[test]
    fn edit_times_never_conflict_the_later_wins() {
        let base = contact(1, "Ana");
        let mut ours = base.clone();
        ours.role = "Designer".into();
        ours.updated_at = 10;
        let mut theirs = base.clone();
        theirs.email = "a@example.org".into();
        theirs.updated_at = 20;
        let m = merge3(
            &Record::Contact(base),
            &Record::Contact(ours),
            &Record::Contact(theirs),
        );
        assert!(m.conflicting.is_empty());
        let Record::Contact(c) = m.record else {
            panic!()
        };
        assert_eq!(c.updated_at, 20);
    }

    #[test]
    fn renumbering_keeps_every_link() {
        let mut nb = Notebook::default();
        let org = crate::domain::notebook::tests::add_org(&mut nb, "Acme", 1);
        let a = nb.add_contact(contact(0, "Ana"), 1).unwrap();
        let mut ben = contact(0, "Ben");
        ben.referred_by = Some(a);
        ben.organization = Some(org);
        let b = nb.add_contact(ben, 1).unwrap();
        let p = nb.add_pitch("P", "text", 1);
        let before = nb.clone();
        nb.renumber_all();
        assert_ne!(nb.contacts[0].id, a);
        assert_ne!(nb.contacts[1].id, b);
        assert_eq!(nb.contacts[1].referred_by, Some(nb.contacts[0].id));
        assert_eq!(nb.contacts[1].organization, Some(nb.organizations[0].id));
        assert_ne!(nb.default_pitch, Some(p));
        assert_eq!(nb.default_pitch, Some(nb.pitches[0].id));
        assert_eq!(nb.contacts[1].name, before.contacts[1].name);
    }

    #[test]
    fn imported_ids_out_of_range_or_repeated_are_replaced() {
        let mut nb = Notebook::default();
        nb.contacts.push(contact(u64::MAX, "Max"));
        nb.contacts.push(contact(7, "Ana"));
        nb.contacts.push(contact(7, "Also seven"));
        nb.contacts.push(contact(0, "Zero"));
        let mut referred = contact(9, "Ref");
        referred.referred_by = Some(u64::MAX);
        nb.contacts.push(referred);
        assert_eq!(nb.sanitize_ids(), 3);
        let ids: std::collections::HashSet<Id> = nb.contacts.iter().map(|c| c.id).collect();
        assert_eq!(ids.len(), 5);
        assert!(ids.iter().all(|&id| is_valid_id(id)));
        assert_eq!(nb.contacts[1].id, 7);
        assert_eq!(nb.contacts[4].referred_by, Some(nb.contacts[0].id));
        // A fresh id never repeats one in use.
        for _ in 0..100 {
            let id = nb.alloc_id();
            assert!(!ids.contains(&id));
        }
    }
}
