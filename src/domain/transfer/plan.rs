//! The import preview: what each incoming person would become, and applying
//! it (with the rows the user unticked left out) as one undoable step.

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use super::{Format, Person, ReadFile, Unreadable};
use crate::domain::count;
use crate::domain::records::{RecordKind, holds, merge3};
use crate::domain::search::normalize;
use crate::domain::{Contact, Id, ListKind, Notebook, Organization, Timestamp};

/// How an incoming person was recognised as someone already in Rapport.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MatchKind {
    Email,
    Phone,
    Web,
    Name,
}

impl MatchKind {
    fn phrase(self) -> &'static str {
        match self {
            MatchKind::Email => "same email",
            MatchKind::Phone => "same phone number",
            MatchKind::Web => "same profile or web address",
            MatchKind::Name => "same name",
        }
    }
}

/// Why a row will not be imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SkipReason {
    /// The record had nothing to go by.
    Unreadable(Unreadable),
    /// The same person appears earlier in the file.
    Repeated { earlier: String },
    /// Already in Rapport, and the file adds nothing to what is there.
    NothingNew { contact: String, contact_id: Id },
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::Unreadable(u) => write!(f, "Entry {} has {}", u.position, u.reason),
            SkipReason::Repeated { earlier } => {
                write!(f, "Appears earlier in the file as {earlier}")
            }
            SkipReason::NothingNew { contact, .. } => {
                write!(f, "Already in Rapport as {contact}, nothing new to add")
            }
        }
    }
}

/// What a row would do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowAction {
    New,
    /// Fill the empty fields of an existing contact; from Rapport's own
    /// export, edited in a spreadsheet, also take the fields it `changes`.
    Merge {
        contact_id: Id,
        contact_name: String,
        by: MatchKind,
        adds: Vec<&'static str>,
        changes: Vec<&'static str>,
    },
    Skip(SkipReason),
}

/// One incoming person and what importing them would do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanRow {
    pub person: Person,
    pub action: RowAction,
    /// The organization already in Rapport that their company matches.
    pub known_organization: Option<Id>,
}

/// The preview of an import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportPlan {
    pub format: Format,
    pub rows: Vec<PlanRow>,
    /// Records that could not be read, shown as skipped.
    pub skipped: Vec<SkipReason>,
}

/// How many rows would be added, merged and skipped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub new: usize,
    pub merge: usize,
    pub skipped: usize,
    /// Rows the user unticked.
    pub left_out: usize,
}

impl Counts {
    /// How many contacts confirming would add or merge.
    pub fn to_import(&self) -> usize {
        self.new + self.merge
    }

    /// "3 new · 1 to merge · 0 skipped", with those left out when any are.
    pub fn describe(&self) -> String {
        let mut parts = vec![
            format!("{} new", self.new),
            format!("{} to merge", self.merge),
            format!("{} skipped", self.skipped),
        ];
        if self.left_out > 0 {
            parts.push(format!("{} left out", self.left_out));
        }
        parts.join(" · ")
    }

    /// The confirm button: "Import 1 contact", "Import 4 contacts".
    pub fn import_label(&self) -> String {
        match self.to_import() {
            1 => "Import 1 contact".to_string(),
            n => format!("Import {n} contacts"),
        }
    }
}

/// What the user decided in the preview.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choices {
    /// The list new people go to, unless their company is a known target.
    pub list: ListKind,
    /// Indexes into [`ImportPlan::rows`] the user unticked.
    pub left_out: BTreeSet<usize>,
    /// Rows matched by name alone that the user says are someone else:
    /// added as new people rather than merged.
    pub as_new: BTreeSet<usize>,
}

/// One row of the preview table, ready to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreviewRow {
    pub index: usize,
    pub name: String,
    /// Role, organization and email, as far as known.
    pub detail: String,
    pub status: String,
    /// The list a new contact would join.
    pub list: Option<ListKind>,
    /// Whether the row can be ticked at all (skipped rows cannot).
    pub can_import: bool,
    pub ticked: bool,
    /// Merged by name alone: the user may say it is someone else.
    pub name_only: bool,
}

fn email_key(e: &str) -> String {
    e.trim().to_lowercase()
}

/// A web address reduced to what identifies it: no scheme, `www.`, query
/// or trailing slash, so `https://www.linkedin.com/in/ana/` matches
/// `linkedin.com/in/ana`.
pub fn web_key(url: &str) -> String {
    let lower = url.trim().to_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .unwrap_or(&lower);
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    rest.trim_end_matches('/').to_string()
}

/// One way to recognise a person: how, and the normalised value.
type Key = (MatchKind, String);

/// Keys identifying a person, strongest first.
fn keys(p: &Person) -> Vec<Key> {
    let mut keys = Vec::new();
    keys.extend(
        p.emails
            .iter()
            .map(|e| (MatchKind::Email, email_key(e)))
            .filter(|(_, k)| !k.is_empty()),
    );
    keys.extend(p.phones.iter().filter_map(|n| phone_key(n)));
    keys.extend(
        p.urls
            .iter()
            .map(|u| (MatchKind::Web, web_key(u)))
            .filter(|(_, k)| k.contains('.')),
    );
    let name = normalize(&p.name);
    if !name.is_empty() {
        keys.push((MatchKind::Name, name));
    }
    keys
}

/// A phone number as what identifies it: its last nine digits, so that
/// "+46 70 111 22 33" and "070-111 22 33" are one number. `None` for
/// numbers too short to tell people apart.
fn phone_key(number: &str) -> Option<Key> {
    let tail = phone_tail(number);
    (tail.len() >= 7).then_some((MatchKind::Phone, tail))
}

/// A phone number's last nine digits (all of them if fewer): the part
/// written the same with or without the country code.
fn phone_tail(number: &str) -> String {
    let digits: Vec<char> = number.chars().filter(char::is_ascii_digit).collect();
    digits[digits.len().saturating_sub(9)..].iter().collect()
}

/// The addresses an import kept in a contact's notes under `label` (see
/// [`fill`]).
fn noted(notes: &str, label: &str) -> Vec<String> {
    let prefix = format!("{label}: ");
    notes
        .lines()
        .filter_map(|line| line.strip_prefix(prefix.as_str()))
        .flat_map(|list| list.split(", "))
        .map(str::to_string)
        .collect()
}

fn contact_keys(c: &Contact) -> Vec<(MatchKind, String)> {
    let mut keys = vec![(MatchKind::Email, email_key(&c.email))];
    // What an earlier import kept beside the main address counts too.
    let other_emails = noted(&c.notes, OTHER_EMAILS);
    keys.extend(
        other_emails
            .iter()
            .map(|e| (MatchKind::Email, email_key(e))),
    );
    keys.extend(phone_key(&c.phone));
    keys.extend(
        noted(&c.notes, OTHER_PHONES)
            .iter()
            .filter_map(|n| phone_key(n)),
    );
    let web = web_key(&c.url);
    if web.contains('.') {
        keys.push((MatchKind::Web, web));
    }
    keys.push((MatchKind::Name, normalize(&c.name)));
    keys.retain(|(_, k)| !k.is_empty());
    keys
}

/// Whether a match on `by` joins two people. A shared name is not enough
/// when both have e-mail addresses (or both profile addresses) and none is
/// the same: two people can share a name, not an inbox. A shared phone
/// number alone is not enough either (an office's main line, a family's
/// landline), but with the same name it is, whatever the addresses.
fn same_person(by: &Key, ours: &[Key], theirs: &[Key]) -> bool {
    let shared = |kind: MatchKind| -> (bool, bool) {
        let of = |keys: &[Key]| -> Vec<String> {
            keys.iter()
                .filter(|(k, _)| *k == kind)
                .map(|(_, v)| v.clone())
                .collect()
        };
        let (a, b) = (of(ours), of(theirs));
        (
            a.is_empty() || b.is_empty(),
            a.iter().any(|v| b.contains(v)),
        )
    };
    match by.0 {
        MatchKind::Phone => false,
        MatchKind::Email | MatchKind::Web => true,
        MatchKind::Name => {
            shared(MatchKind::Phone).1
                || [MatchKind::Email, MatchKind::Web].into_iter().all(|kind| {
                    let (one_has_none, same) = shared(kind);
                    one_has_none || same
                })
        }
    }
}

/// The fields an incoming person would fill on an existing contact: what
/// [`fill`] changes, so the preview never says "nothing new" while the
/// import would add something, nor the other way round.
fn additions(c: &Contact, p: &Person, has_org: bool) -> Vec<&'static str> {
    let mut after = c.clone();
    fill(&mut after, p);
    let mut adds = Vec::new();
    for (name, changed) in [
        ("email", after.email != c.email),
        ("phone", after.phone != c.phone),
        ("web address", after.url != c.url),
        ("role", after.role != c.role),
        ("organization", !has_org && !p.organization.is_empty()),
        ("how you met", after.how_met != c.how_met),
        ("tags", after.tags != c.tags),
        ("notes", after.notes != c.notes),
        ("how you can help", after.how_i_can_help != c.how_i_can_help),
        (
            "keep in touch",
            after.keep_in_touch_days != c.keep_in_touch_days,
        ),
    ] {
        if changed {
            adds.push(name);
        }
    }
    adds
}

/// The fields a row of Rapport's own export, edited in a spreadsheet,
/// would change on the contact it is (`org`: the name of the contact's
/// organization): what [`take_changes`] changes. A cell left empty
/// changes nothing.
fn changes(c: &Contact, p: &Person, org: Option<&str>) -> Vec<&'static str> {
    // An empty field here is filled, which the preview says as an addition.
    let differs =
        |ours: &str, theirs: &str| !ours.is_empty() && !theirs.is_empty() && ours != theirs;
    [
        ("list", p.list.is_some_and(|l| l != c.list)),
        (
            "organization",
            org.is_some_and(|o| differs(&normalize(o), &normalize(&p.organization))),
        ),
        ("role", differs(&c.role, &p.role)),
        ("how you met", differs(&c.how_met, &p.how_met)),
        (
            "how you can help",
            differs(&c.how_i_can_help, &p.how_i_can_help),
        ),
        (
            "decision maker",
            p.decision_maker.is_some_and(|d| d != c.decision_maker),
        ),
        (
            "keep in touch",
            c.keep_in_touch_days.is_some()
                && p.keep_in_touch_days
                    .is_some_and(|d| Some(d) != c.keep_in_touch_days),
        ),
    ]
    .into_iter()
    .filter_map(|(name, changed)| changed.then_some(name))
    .collect()
}

/// Takes what a row of Rapport's own export changes (see [`changes`]),
/// apart from the organization, which needs the notebook.
fn take_changes(c: &mut Contact, p: &Person) {
    if let Some(list) = p.list {
        c.list = list;
    }
    for (slot, value) in [
        (&mut c.role, &p.role),
        (&mut c.how_met, &p.how_met),
        (&mut c.how_i_can_help, &p.how_i_can_help),
    ] {
        if !value.is_empty() {
            slot.clone_from(value);
        }
    }
    if let Some(d) = p.decision_maker {
        c.decision_maker = d;
    }
    if p.keep_in_touch_days.is_some() {
        c.keep_in_touch_days = p.keep_in_touch_days;
    }
}

impl ImportPlan {
    /// Compares what a file holds with the notebook. Changes nothing.
    pub fn new(nb: &Notebook, read: ReadFile) -> ImportPlan {
        let mut existing: HashMap<(MatchKind, String), &Contact> = HashMap::new();
        for c in &nb.contacts {
            for key in contact_keys(c) {
                existing.entry(key).or_insert(c);
            }
        }
        let orgs: HashMap<String, Id> = nb
            .organizations
            .iter()
            .map(|o| (normalize(&o.name), o.id))
            .collect();
        // Each key of the rows so far: the row's name and all its keys.
        let mut seen: HashMap<Key, (String, Vec<Key>)> = HashMap::new();
        let mut merged_into: HashMap<Id, String> = HashMap::new();
        let mut rows = Vec::with_capacity(read.people.len());
        // Each row of Rapport's own export is a contact of its own: two
        // people of the same name are two rows, not one written twice.
        let own_export = read.format == Format::RapportCsv;
        for person in read.people {
            let keys = keys(&person);
            let known_organization = orgs.get(&normalize(&person.organization)).copied();
            let earlier = keys
                .iter()
                .filter(|_| !own_export)
                .find_map(|k| {
                    seen.get(k)
                        .filter(|(_, theirs)| same_person(k, &keys, theirs))
                })
                .map(|(name, _)| name.clone());
            let found = keys.iter().find_map(|k| {
                existing
                    .get(k)
                    .filter(|c| same_person(k, &keys, &contact_keys(c)))
                    .map(|c| (k.0, *c))
            });
            let action = match (earlier, found) {
                (Some(earlier), _) => RowAction::Skip(SkipReason::Repeated { earlier }),
                (None, Some((_, c))) if merged_into.contains_key(&c.id) => {
                    RowAction::Skip(SkipReason::Repeated {
                        earlier: merged_into[&c.id].clone(),
                    })
                }
                (None, Some((by, c))) => {
                    merged_into.insert(c.id, person.name.clone());
                    let org = nb.organization_name(c);
                    let adds = additions(c, &person, org.is_some());
                    let changes = if own_export {
                        changes(c, &person, org)
                    } else {
                        Vec::new()
                    };
                    if adds.is_empty() && changes.is_empty() {
                        RowAction::Skip(SkipReason::NothingNew {
                            contact: c.name.clone(),
                            contact_id: c.id,
                        })
                    } else {
                        RowAction::Merge {
                            contact_id: c.id,
                            contact_name: c.name.clone(),
                            by,
                            adds,
                            changes,
                        }
                    }
                }
                (None, None) => RowAction::New,
            };
            if !matches!(action, RowAction::Skip(SkipReason::Repeated { .. })) {
                for k in &keys {
                    seen.entry(k.clone())
                        .or_insert_with(|| (person.name.clone(), keys.clone()));
                }
            }
            rows.push(PlanRow {
                person,
                action,
                known_organization,
            });
        }
        ImportPlan {
            format: read.format,
            rows,
            skipped: read
                .unreadable
                .into_iter()
                .map(SkipReason::Unreadable)
                .collect(),
        }
    }

    /// The list a new person joins: the one the file gives (Rapport's own
    /// export), else C when their company is already a target
    /// organization, else the list the user chose.
    pub fn list_for(&self, index: usize, chosen: ListKind) -> ListKind {
        let Some(row) = self.rows.get(index) else {
            return chosen;
        };
        match (row.person.list, row.known_organization) {
            (Some(list), _) => list,
            (None, Some(_)) => ListKind::C,
            (None, None) => chosen,
        }
    }

    pub fn counts(&self, choices: &Choices) -> Counts {
        let mut counts = Counts {
            skipped: self.skipped.len(),
            ..Counts::default()
        };
        for (i, row) in self.rows.iter().enumerate() {
            match &row.action {
                RowAction::Skip(_) => counts.skipped += 1,
                _ if choices.left_out.contains(&i) => counts.left_out += 1,
                RowAction::New => counts.new += 1,
                _ if choices.as_new.contains(&i) => counts.new += 1,
                RowAction::Merge { .. } => counts.merge += 1,
            }
        }
        counts
    }

    /// The preview table.
    pub fn preview(&self, choices: &Choices) -> Vec<PreviewRow> {
        (0..self.rows.len())
            .filter_map(|i| self.preview_row(i, choices))
            .collect()
    }

    /// One row of the preview table.
    pub fn preview_row(&self, index: usize, choices: &Choices) -> Option<PreviewRow> {
        let row = self.rows.get(index)?;
        let p = &row.person;
        let detail = [
            p.role.as_str(),
            p.organization.as_str(),
            p.emails.first().map(String::as_str).unwrap_or(""),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
        let (status, list) = match &row.action {
            RowAction::New => {
                let list = self.list_for(index, choices.list);
                let why = if row.known_organization.is_some() {
                    " (works at a target organization)"
                } else {
                    ""
                };
                (format!("New, list {}{why}", list.letter()), Some(list))
            }
            RowAction::Merge { contact_name, .. } if choices.as_new.contains(&index) => {
                let list = self.list_for(index, choices.list);
                (
                    format!(
                        "New, list {} (not the {contact_name} already in Rapport)",
                        list.letter()
                    ),
                    Some(list),
                )
            }
            RowAction::Merge {
                contact_name,
                by,
                adds,
                changes,
                ..
            } => {
                let what = [("adds", adds), ("changes", changes)]
                    .into_iter()
                    .filter(|(_, fields)| !fields.is_empty())
                    .map(|(verb, fields)| format!("{verb} {}", fields.join(", ")))
                    .collect::<Vec<_>>()
                    .join("; ");
                (
                    format!("Merge into {contact_name} ({}): {what}", by.phrase()),
                    None,
                )
            }
            RowAction::Skip(reason) => (format!("Skipped: {reason}"), None),
        };
        let can_import = !matches!(row.action, RowAction::Skip(_));
        let name_only = matches!(
            row.action,
            RowAction::Merge {
                by: MatchKind::Name,
                ..
            }
        );
        Some(PreviewRow {
            index,
            name: p.name.clone(),
            detail,
            status,
            list,
            can_import,
            ticked: can_import && !choices.left_out.contains(&index),
            name_only,
        })
    }

    /// Writes the ticked rows into the notebook through its own methods and
    /// returns how to take it all back.
    pub fn apply(&self, nb: &mut Notebook, choices: &Choices, now: Timestamp) -> ImportOutcome {
        let mut undo = ImportUndo::default();
        let mut outcome = ImportOutcome::default();
        // The organizations this import creates, by name, and the contacts.
        let mut new_orgs: HashMap<String, Id> = HashMap::new();
        let mut added: Vec<Id> = Vec::new();
        // New contacts and the name of who introduced them, linked once
        // everyone in the file is in.
        let mut introduced: Vec<(Id, String)> = Vec::new();
        // The contact each row of the file became (`None`: left out or
        // skipped), by name, to find a referrer named in the file.
        let mut became: Vec<(String, Option<Id>)> = Vec::new();
        for (i, row) in self.rows.iter().enumerate() {
            became.push((normalize(&row.person.name), None));
            if choices.left_out.contains(&i) {
                continue;
            }
            let p = &row.person;
            match &row.action {
                // Already there as it is: still who the file's name means.
                RowAction::Skip(SkipReason::NothingNew { contact_id, .. }) => {
                    became[i].1 = Some(*contact_id);
                }
                RowAction::Skip(_) => {}
                RowAction::Merge {
                    contact_id,
                    changes,
                    ..
                } if nb.contact(*contact_id).is_some() && !choices.as_new.contains(&i) => {
                    let before = nb.contact(*contact_id).cloned().expect("checked above");
                    let mut after = before.clone();
                    if after
                        .organization
                        .and_then(|o| nb.organization(o))
                        .is_none()
                        || changes.contains(&"organization")
                    {
                        let org = organization(nb, row, &mut new_orgs, now);
                        after.organization = org.or(after.organization);
                    }
                    fill(&mut after, p);
                    if !changes.is_empty() {
                        take_changes(&mut after, p);
                    }
                    if nb.update_contact(after, now).is_ok() {
                        became[i].1 = Some(*contact_id);
                        let after = nb.contact(*contact_id).cloned().expect("just updated");
                        undo.merged.push((before, after));
                        outcome.merged += 1;
                    }
                }
                // New, someone else of the same name, or a merge whose
                // contact was deleted since the preview.
                _ => {
                    let mut contact = Contact {
                        list: self.list_for(i, choices.list),
                        ..Contact::default()
                    };
                    contact.organization = organization(nb, row, &mut new_orgs, now);
                    fill(&mut contact, p);
                    contact.decision_maker = p.decision_maker.unwrap_or(false);
                    contact.name = p.name.clone();
                    if let Ok(id) = nb.add_contact(contact, now) {
                        became[i].1 = Some(id);
                        added.push(id);
                        if !p.referred_by.is_empty() {
                            introduced.push((id, normalize(&p.referred_by)));
                        }
                    }
                }
            }
        }
        link_referrers(nb, introduced, &became, now);
        // As the import leaves them, to tell later work from the import's.
        let mut orgs: Vec<Id> = new_orgs.into_values().collect();
        orgs.sort_unstable();
        undo.contacts = added
            .iter()
            .filter_map(|&id| nb.contact(id).cloned())
            .collect();
        undo.organizations = orgs
            .iter()
            .filter_map(|&id| nb.organization(id).cloned())
            .collect();
        outcome.added = undo.contacts.len();
        outcome.organizations = undo.organizations.len();
        outcome.undo = undo;
        outcome
    }
}

/// Links each new contact to the one who introduced them. A referrer
/// named in the file is the contact that row became (when only one row has
/// that name and it was imported); one not in the file is the one contact
/// with that name, if only one has it. Anything less sure, and a link the
/// referral rules refuse (a loop), is left for the user.
fn link_referrers(
    nb: &mut Notebook,
    introduced: Vec<(Id, String)>,
    became: &[(String, Option<Id>)],
    now: Timestamp,
) {
    for (id, referrer) in introduced {
        let mut rows = became.iter().filter(|(name, _)| *name == referrer);
        let found = match (rows.next(), rows.next()) {
            (Some((_, row)), None) => *row,
            (Some(_), Some(_)) => None,
            (None, _) => nb.contact_named(&referrer),
        };
        let Some(found) = found.filter(|f| *f != id) else {
            continue;
        };
        if let Some(mut contact) = nb.contact(id).cloned() {
            contact.referred_by = Some(found);
            let _ = nb.update_contact(contact, now);
        }
    }
}

/// The organization for a row: the known one, one this import already
/// created, or a new one.
fn organization(
    nb: &mut Notebook,
    row: &PlanRow,
    created: &mut HashMap<String, Id>,
    now: Timestamp,
) -> Option<Id> {
    let name = row.person.organization.trim();
    if name.is_empty() {
        return None;
    }
    if let Some(id) = row
        .known_organization
        .filter(|id| nb.organization(*id).is_some())
    {
        return Some(id);
    }
    let key = normalize(name);
    if let Some(id) = created
        .get(&key)
        .copied()
        .or_else(|| nb.organization_named(name))
    {
        return Some(id);
    }
    let org = Organization {
        name: name.to_string(),
        ..Organization::default()
    };
    let id = nb.add_organization(org, now).ok()?;
    created.insert(key, id);
    Some(id)
}

/// The notes' line for a person's second email addresses.
const OTHER_EMAILS: &str = "Other email addresses";
/// The notes' line for a person's second phone numbers.
const OTHER_PHONES: &str = "Other phone numbers";

/// What two addresses of one kind have in common when they are the same.
type SameKey = dyn Fn(&str) -> String;

/// Fills the contact's empty fields from the person; second emails, phones
/// and web addresses go into the notes rather than being lost.
fn fill(c: &mut Contact, p: &Person) {
    // What an earlier import put in the notes is not added twice.
    let noted = c.notes.to_lowercase();
    // Each kind of address with what makes two of them the same one.
    let slots: [(&mut String, &Vec<String>, &str, &SameKey); 3] = [
        (&mut c.email, &p.emails, OTHER_EMAILS, &email_key),
        (&mut c.phone, &p.phones, OTHER_PHONES, &phone_tail),
        (&mut c.url, &p.urls, "Other web addresses", &web_key),
    ];
    let mut extra = Vec::new();
    for (slot, values, label, key) in slots {
        let mut rest: Vec<&String> = values.iter().collect();
        if slot.is_empty() && !rest.is_empty() {
            *slot = rest.remove(0).clone();
        }
        let mut kept = vec![key(slot)];
        rest.retain(|v| {
            let k = key(v);
            let new = !kept.contains(&k) && !noted.contains(&v.to_lowercase());
            kept.push(k);
            new
        });
        if !rest.is_empty() {
            let joined: Vec<&str> = rest.iter().map(|s| s.as_str()).collect();
            extra.push(format!("{label}: {}", joined.join(", ")));
        }
    }
    for (slot, value) in [
        (&mut c.role, &p.role),
        (&mut c.how_met, &p.how_met),
        (&mut c.how_i_can_help, &p.how_i_can_help),
    ] {
        if slot.is_empty() {
            slot.clone_from(value);
        }
    }
    if c.keep_in_touch_days.is_none() {
        c.keep_in_touch_days = p.keep_in_touch_days;
    }
    for tag in &p.tags {
        if !c.tags.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
            c.tags.push(tag.clone());
        }
    }
    let mut notes = Vec::new();
    // The file's notes join the contact's own unless they are there
    // already (an earlier import, or Rapport's own export read back).
    let file_notes = p.notes.trim();
    if !file_notes.is_empty() && !holds(&c.notes, file_notes) {
        notes.push(file_notes.to_string());
    }
    notes.extend(extra);
    if !notes.is_empty() {
        let joined = notes.join("\n");
        c.notes = match c.notes.trim() {
            "" => joined,
            old => format!("{old}\n{joined}"),
        };
    }
}

/// What an import did, and how to take it back.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportOutcome {
    pub added: usize,
    pub merged: usize,
    pub organizations: usize,
    pub undo: ImportUndo,
}

impl ImportOutcome {
    /// A sentence for the undo bar.
    pub fn summary(&self) -> String {
        let mut parts = vec![format!(
            "Imported {}",
            count(self.added, "new contact", "new contacts")
        )];
        if self.merged > 0 {
            parts.push(format!(
                "updated {}",
                count(self.merged, "contact", "contacts")
            ));
        }
        if self.organizations > 0 {
            parts.push(format!(
                "added {}",
                count(self.organizations, "organization", "organizations")
            ));
        }
        format!("{}.", parts.join(", "))
    }
}

/// What Undo says once an import is taken back, with the records it left
/// because they were changed after the import (`kept` of them), if any.
pub fn undone_text(kept: usize) -> String {
    if kept == 0 {
        return "Import undone. Your contacts are as they were before it.".to_string();
    }
    let records = count(kept, "record", "records");
    let were = if kept == 1 { "was" } else { "were" };
    format!("Import undone. Kept {records} it added that {were} changed since.")
}

/// Everything one import changed, so that one Undo reverts all of it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportUndo {
    /// What the import added, as it left them.
    contacts: Vec<Contact>,
    organizations: Vec<Organization>,
    /// Merged contacts as they were before the import, and as it left them.
    merged: Vec<(Contact, Contact)>,
}

impl ImportUndo {
    /// About how much more storage the import takes once saved (see
    /// [`super::room::record_units`]).
    pub fn stored_units(&self) -> usize {
        use super::room::record_units;
        use crate::domain::records::RecordRef;
        let added: usize = self
            .contacts
            .iter()
            .map(|c| record_units(RecordRef::Contact(c)))
            .chain(
                self.organizations
                    .iter()
                    .map(|o| record_units(RecordRef::Organization(o))),
            )
            .sum();
        let grown: usize = self
            .merged
            .iter()
            .map(|(before, after)| {
                record_units(RecordRef::Contact(after))
                    .saturating_sub(record_units(RecordRef::Contact(before)))
            })
            .sum();
        added + grown
    }

    /// Removes what the import added and takes back what it filled in on
    /// merged contacts. A field changed since the import (in this window,
    /// another one or through sync) keeps its new value: Undo takes back
    /// the import, not later work. So a contact or organization it added
    /// and that was changed since stays, and so does an organization
    /// someone still works at. Safe to call twice. How many added records
    /// stayed because they were changed since (see [`undone_text`]).
    pub fn revert(&self, nb: &mut Notebook) -> usize {
        let mut kept = 0;
        self.revert_merges(nb);
        for added in &self.contacts {
            match nb.contact(added.id) {
                // Only the contact: whatever else is about them is not the
                // import's to take.
                Some(c) if c == added => {
                    nb.remove::<Contact>(added.id);
                }
                Some(_) => kept += 1,
                None => {}
            }
        }
        for added in &self.organizations {
            let Some(org) = nb.organization(added.id) else {
                continue;
            };
            let in_use = nb.contacts.iter().any(|c| c.organization == Some(added.id));
            if org != added {
                kept += 1;
            } else if !in_use {
                nb.delete_organization(added.id);
            }
        }
        kept
    }

    fn revert_merges(&self, nb: &mut Notebook) {
        for (before, after) in &self.merged {
            // A contact deleted since the import stays deleted: undoing the
            // import must not bring back what the user removed later.
            let Some(current) = nb.contact(before.id) else {
                continue;
            };
            let restored = if current == after {
                before.clone()
            } else {
                // The undo is one edit (after → before), later work another
                // (after → current): merged field by field, later work
                // winning where both touched a field.
                let merged = merge3(
                    &after.clone().wrap(),
                    &current.clone().wrap(),
                    &before.clone().wrap(),
                );
                Contact::unwrap(merged.record).unwrap_or_else(|| current.clone())
            };
            let at = restored.updated_at;
            let _ = nb.update_contact(restored, at);
        }
    }
}
