use super::*;
use crate::domain::{Contact, Id, ListKind};
use crate::storage::MemoryStore;
use serde_json::json;
use std::rc::Rc;

const NOW: Timestamp = 1_790_000_000_000;

/// Two tabs share one store.
type Shared = Rc<MemoryStore>;

fn person(name: &str) -> Contact {
    Contact {
        name: name.into(),
        list: ListKind::B,
        ..Contact::default()
    }
}

fn open(store: &Shared) -> (Repository<Shared>, Notebook) {
    let (repo, loaded) = Repository::open(store.clone(), NOW);
    assert_eq!(loaded.problem, None);
    (repo, loaded.notebook)
}

fn reopen(store: &Shared) -> Notebook {
    open(store).1
}

fn doc_keys(store: &Shared) -> Vec<String> {
    store
        .keys()
        .unwrap()
        .into_iter()
        .filter(|k| k.starts_with(DOC_PREFIX))
        .collect()
}

/// Takes in every key the other tab wrote, as `storage` events would.
fn deliver(repo: &mut Repository<Shared>, nb: &mut Notebook, keys: &[String]) -> bool {
    let mut conflicts = false;
    for key in keys {
        let ext = repo.take_external(key, nb, NOW);
        conflicts |= ext.conflicts_changed;
        for change in ext.changes {
            change.apply(nb);
        }
    }
    conflicts
}

#[test]
fn an_empty_store_opens_fresh_and_saves_only_the_format_mark() {
    let store = Shared::default();
    let (mut repo, nb) = open(&store);
    assert_eq!(nb, Notebook::default());
    assert!(repo.is_writable());
    assert_eq!(repo.save(&nb, NOW).unwrap().written, 0);
    assert_eq!(store.keys().unwrap(), [META_KEY]);
}

#[test]
fn each_record_has_its_own_key_with_id_rev_and_type() {
    let store = Shared::default();
    let (mut repo, mut nb) = open(&store);
    let ana = nb.add_contact(person("Ana"), 1).unwrap();
    nb.add_pitch("Short", "I help teams ship.", 2);
    nb.settings.words_per_minute = 140;
    assert_eq!(repo.save(&nb, NOW).unwrap().written, 3);
    let text = store
        .get(&format!("{DOC_PREFIX}contact:{ana}"))
        .unwrap()
        .unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["_id"], format!("contact:{ana}"));
    assert_eq!(v["type"], "contact");
    assert_eq!(v["name"], "Ana");
    assert_eq!(rev_generation(v["_rev"].as_str().unwrap()), Some(1));
    assert_eq!(reopen(&store), nb);
}

#[test]
fn a_change_writes_that_record_only_and_bumps_its_revision() {
    let store = Shared::default();
    let (mut repo, mut nb) = open(&store);
    for name in ["Ana", "Ben", "Cy"] {
        nb.add_contact(person(name), 1).unwrap();
    }
    repo.save(&nb, NOW).unwrap();
    let before: Vec<Option<String>> = doc_keys(&store)
        .iter()
        .map(|k| store.get(k).unwrap())
        .collect();
    nb.contacts[1].role = "Engineer".into();
    assert_eq!(repo.save(&nb, NOW).unwrap().written, 1);
    assert_eq!(repo.save(&nb, NOW).unwrap().written, 0);
    let after: Vec<Option<String>> = doc_keys(&store)
        .iter()
        .map(|k| store.get(k).unwrap())
        .collect();
    let changed: Vec<usize> = (0..3).filter(|&i| before[i] != after[i]).collect();
    assert_eq!(changed.len(), 1);
    let v: Value = serde_json::from_str(after[changed[0]].as_deref().unwrap()).unwrap();
    assert_eq!(v["role"], "Engineer");
    assert_eq!(rev_generation(v["_rev"].as_str().unwrap()), Some(2));
}

#[test]
fn a_deletion_leaves_a_tombstone_and_undo_brings_the_record_back() {
    let store = Shared::default();
    let (mut repo, mut nb) = open(&store);
    let ana = nb.add_contact(person("Ana"), 1).unwrap();
    repo.save(&nb, NOW).unwrap();
    let removed = nb.delete_contact(ana).unwrap().removed;
    assert_eq!(repo.save(&nb, NOW).unwrap().written, 1);
    let text = store
        .get(&format!("{DOC_PREFIX}contact:{ana}"))
        .unwrap()
        .unwrap();
    assert!(text.contains("\"_deleted\":true"));
    assert!(reopen(&store).contacts.is_empty());
    nb.restore(removed);
    repo.save(&nb, NOW).unwrap();
    assert_eq!(reopen(&store).contacts[0].name, "Ana");
}

#[test]
fn two_tabs_adding_at_the_same_moment_both_keep_theirs() {
    let store = Shared::default();
    let (mut a, mut nb_a) = open(&store);
    let (mut b, mut nb_b) = open(&store);
    nb_a.add_contact(person("Ana"), 1).unwrap();
    nb_b.add_contact(person("Ben"), 1).unwrap();
    a.save(&nb_a, NOW).unwrap();
    b.save(&nb_b, NOW).unwrap();
    let names: Vec<String> = reopen(&store)
        .contacts
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names.len(), 2);
    // Each tab takes in the other's record.
    let keys = doc_keys(&store);
    deliver(&mut a, &mut nb_a, &keys);
    deliver(&mut b, &mut nb_b, &keys);
    assert_eq!(nb_a.contacts.len(), 2);
    assert_eq!(nb_b.contacts.len(), 2);
    assert_eq!(a.save(&nb_a, NOW).unwrap().written, 0);
}

#[test]
fn a_save_written_over_by_another_tab_at_the_same_moment_is_merged_back() {
    // Tabs in separate processes may both read revision 1 and both write
    // revision 2: the later write replaces the earlier one in storage.
    let store = Shared::default();
    let (mut a, mut nb_a) = open(&store);
    let ana = nb_a.add_contact(person("Ana"), 1).unwrap();
    a.save(&nb_a, NOW).unwrap();
    let stale = Shared::default();
    for key in store.keys().unwrap() {
        stale.set(&key, &store.get(&key).unwrap().unwrap()).unwrap();
    }
    let (mut b, mut nb_b) = open(&stale);
    nb_a.contacts[0].role = "Designer".into();
    a.save(&nb_a, NOW).unwrap();
    nb_b.contacts[0].email = "ana@example.org".into();
    b.save(&nb_b, NOW).unwrap();
    let key = format!(
        "{DOC_PREFIX}{}",
        DocKey::new(crate::domain::records::Kind::Contact, ana).doc_id()
    );
    store.set(&key, &stale.get(&key).unwrap().unwrap()).unwrap();

    // A hears of B's write: its own change is not taken back.
    for change in a.take_from_other_tab(&key, &nb_a, NOW + 50).changes {
        change.apply(&mut nb_a);
    }
    let c = nb_a.contact(ana).unwrap();
    assert_eq!(
        (c.role.as_str(), c.email.as_str()),
        ("Designer", "ana@example.org")
    );
    a.save(&nb_a, NOW).unwrap();
    let c = reopen(&store).contact(ana).unwrap().clone();
    assert_eq!(
        (c.role.as_str(), c.email.as_str()),
        ("Designer", "ana@example.org")
    );
}

#[test]
fn a_stale_tab_merges_other_fields_instead_of_reverting_them() {
    let store = Shared::default();
    let (mut a, mut nb_a) = open(&store);
    let ana = nb_a.add_contact(person("Ana"), 1).unwrap();
    a.save(&nb_a, NOW).unwrap();
    let (mut b, mut nb_b) = open(&store);
    nb_a.contacts[0].role = "Designer".into();
    a.save(&nb_a, NOW).unwrap();
    // B has not heard of A's save yet and edits another field.
    nb_b.contacts[0].email = "ana@example.org".into();
    let report = b.save(&nb_b, NOW).unwrap();
    assert!(!report.conflicts_changed);
    for change in report.changes {
        change.apply(&mut nb_b);
    }
    let stored = reopen(&store);
    let c = stored.contact(ana).unwrap();
    assert_eq!(
        (c.role.as_str(), c.email.as_str()),
        ("Designer", "ana@example.org")
    );
    assert_eq!(nb_b.contact(ana).unwrap().role, "Designer");
}

#[test]
fn the_same_field_changed_in_two_tabs_is_kept_as_a_conflict() {
    let store = Shared::default();
    let (mut a, mut nb_a) = open(&store);
    let m = nb_a.add_contact(person("Ana"), 1).unwrap();
    a.save(&nb_a, NOW).unwrap();
    let (mut b, mut nb_b) = open(&store);
    nb_a.contacts[0].notes = "Typed in the first tab".into();
    a.save(&nb_a, NOW).unwrap();
    nb_b.contacts[0].notes = "Typed in the second tab".into();
    let report = b.save(&nb_b, NOW).unwrap();
    assert!(report.conflicts_changed);
    assert_eq!(
        reopen(&store).contact(m).unwrap().notes,
        "Typed in the second tab"
    );
    let conflicts = b.conflicts();
    assert_eq!(conflicts.len(), 1);
    let Some(Record::Contact(theirs)) = &conflicts[0].versions[0].record else {
        panic!("{conflicts:?}")
    };
    assert_eq!(theirs.notes, "Typed in the first tab");
    assert_eq!(conflicts[0].versions[0].fields, ["notes"]);
    // Settling removes it.
    b.settle_conflict(conflicts[0].key).unwrap();
    assert!(a.conflicts().is_empty());
}

#[test]
fn opening_lists_the_conflicts_and_recovery_copies_it_read() {
    let store = Shared::default();
    let (mut a, mut nb_a) = open(&store);
    nb_a.add_contact(person("Ana"), 1).unwrap();
    nb_a.add_contact(person("Ben"), 2).unwrap();
    a.save(&nb_a, NOW).unwrap();
    let (mut b, mut nb_b) = open(&store);
    for c in &mut nb_a.contacts {
        c.notes = format!("First tab on {}", c.name);
    }
    a.save(&nb_a, NOW).unwrap();
    for c in &mut nb_b.contacts {
        c.notes = format!("Second tab on {}", c.name);
    }
    assert!(b.save(&nb_b, NOW).unwrap().conflicts_changed);
    store
        .set(&format!("{RECOVERY_PREFIX}{}", NOW + 5), "late")
        .unwrap();
    store
        .set(&format!("{RECOVERY_PREFIX}{NOW}"), "early")
        .unwrap();
    let (repo, loaded) = Repository::open(store.clone(), NOW);
    assert_eq!(loaded.problem, None);
    assert_eq!(loaded.conflicts.len(), 2);
    assert_eq!(loaded.conflicts, repo.conflicts());
    assert_eq!(
        loaded.recovery_keys,
        [
            format!("{RECOVERY_PREFIX}{NOW}"),
            format!("{RECOVERY_PREFIX}{}", NOW + 5)
        ]
    );
    assert_eq!(loaded.recovery_keys, repo.recovery_keys());
    // Damage found while opening is copied aside, and listed too.
    store
        .set(&format!("{DOC_PREFIX}contact:77"), "{garbage")
        .unwrap();
    let (repo, loaded) = Repository::open(store.clone(), NOW + 9);
    assert!(matches!(loaded.problem, Some(LoadProblem::Corrupt { .. })));
    assert_eq!(loaded.recovery_keys.len(), 3);
    assert_eq!(loaded.recovery_keys, repo.recovery_keys());
}

#[test]
fn an_untouched_tab_takes_the_newer_version_and_never_writes_back_the_old() {
    let store = Shared::default();
    let (mut a, mut nb_a) = open(&store);
    nb_a.add_contact(person("Ana"), 1).unwrap();
    a.save(&nb_a, NOW).unwrap();
    let (mut b, mut nb_b) = open(&store);
    nb_a.contacts[0].notes = "New notes".into();
    a.save(&nb_a, NOW).unwrap();
    deliver(&mut b, &mut nb_b, &doc_keys(&store));
    assert_eq!(nb_b.contacts[0].notes, "New notes");
    assert_eq!(b.save(&nb_b, NOW).unwrap().written, 0);
    assert_eq!(reopen(&store).contacts[0].notes, "New notes");
}

#[test]
fn unsaved_work_on_the_same_field_meets_another_tab_as_a_conflict() {
    let store = Shared::default();
    let (mut a, mut nb_a) = open(&store);
    nb_a.add_contact(person("Ana"), 1).unwrap();
    a.save(&nb_a, NOW).unwrap();
    let (mut b, mut nb_b) = open(&store);
    nb_a.contacts[0].notes = "From A".into();
    a.save(&nb_a, NOW).unwrap();
    nb_b.contacts[0].notes = "From B, not saved yet".into();
    assert!(deliver(&mut b, &mut nb_b, &doc_keys(&store)));
    assert_eq!(nb_b.contacts[0].notes, "From B, not saved yet");
    b.save(&nb_b, NOW).unwrap();
    assert_eq!(reopen(&store).contacts[0].notes, "From B, not saved yet");
    let Some(Record::Contact(kept)) = &b.conflicts()[0].versions[0].record else {
        panic!()
    };
    assert_eq!(kept.notes, "From A");
}

/// Opens `store`, which holds damage to copy aside: the repository, what
/// it loaded, and the recovery key holding the copy.
fn open_setting_aside(store: &Shared) -> (Repository<Shared>, Loaded, String) {
    let (repo, loaded) = Repository::open(store.clone(), NOW);
    let Some(LoadProblem::Corrupt {
        kept_at: Some(kept),
        ..
    }) = loaded.problem.clone()
    else {
        panic!("{:?}", loaded.problem)
    };
    (repo, loaded, kept)
}

/// Two tabs that both changed Ana's notes: the second save keeps the first
/// tab's notes as a conflict. Returns the second tab and Ana's conflict key.
fn conflicting_notes(store: &Shared) -> (Repository<Shared>, Notebook, String) {
    let (mut a, mut nb_a) = open(store);
    let ana = nb_a.add_contact(person("Ana"), 1).unwrap();
    a.save(&nb_a, NOW).unwrap();
    let (b, nb_b) = open(store);
    nb_a.contacts[0].notes = "Typed in the first tab".into();
    a.save(&nb_a, NOW).unwrap();
    (b, nb_b, format!("{CONFLICT_PREFIX}contact:{ana}"))
}

#[test]
fn unreadable_versions_kept_to_compare_are_set_aside_at_opening() {
    let store = Shared::default();
    let (_, _, key) = conflicting_notes(&store);
    store.set(&key, "{garbage").unwrap();
    let (repo, _, kept) = open_setting_aside(&store);
    assert_eq!(store.get(&kept).unwrap().as_deref(), Some("{garbage"));
    assert_eq!(store.get(&key).unwrap(), None);
    assert!(repo.is_writable());
}

#[test]
fn a_conflict_key_with_one_unreadable_version_is_set_aside_whole() {
    let store = Shared::default();
    let (mut b, mut nb_b, key) = conflicting_notes(&store);
    nb_b.contacts[0].notes = "Typed in the second tab".into();
    b.save(&nb_b, NOW).unwrap();
    let text = store.get(&key).unwrap().unwrap();
    let mut value: Value = serde_json::from_str(&text).unwrap();
    let mut broken = value["versions"][0].clone();
    broken["doc"] = json!("not a record");
    value["versions"].as_array_mut().unwrap().push(broken);
    let damaged = value.to_string();
    store.set(&key, &damaged).unwrap();
    let (_, _, kept) = open_setting_aside(&store);
    assert_eq!(store.get(&kept).unwrap(), Some(damaged));
}

#[test]
fn a_new_conflict_never_writes_over_versions_it_cannot_read() {
    let store = Shared::default();
    let (mut b, mut nb_b, key) = conflicting_notes(&store);
    // Written by another tab after this one opened.
    store.set(&key, "{garbage").unwrap();
    nb_b.contacts[0].notes = "Typed in the second tab".into();
    assert!(b.save(&nb_b, NOW).unwrap().conflicts_changed);
    let copies = b.recovery_keys();
    assert_eq!(copies.len(), 1);
    assert_eq!(store.get(&copies[0]).unwrap().as_deref(), Some("{garbage"));
    assert_eq!(b.conflicts().len(), 1, "the new version is kept to compare");

    // With no room for the copy, nothing is written over it.
    let store = Shared::default();
    let (mut b, mut nb_b, key) = conflicting_notes(&store);
    store.set(&key, "{garbage").unwrap();
    store.set_limit(Some(store.used()));
    nb_b.contacts[0].notes = "Typed in the second tab".into();
    assert!(b.save(&nb_b, NOW).is_err());
    assert_eq!(store.get(&key).unwrap().as_deref(), Some("{garbage"));
    // Opening again reports what it cannot read, and still has the first
    // tab's notes, not written over unkept.
    let (_, loaded) = Repository::open(store.clone(), NOW);
    assert!(matches!(
        loaded.problem,
        Some(LoadProblem::Corrupt { kept_at: None, .. })
    ));
    assert_eq!(loaded.notebook.contacts[0].notes, "Typed in the first tab");
}

#[test]
fn garbage_written_by_another_tab_is_kept_before_anything_is_written() {
    let store = Shared::default();
    let (mut a, mut nb_a) = open(&store);
    let ana = nb_a.add_contact(person("Ana"), 1).unwrap();
    a.save(&nb_a, NOW).unwrap();
    let key = format!("{DOC_PREFIX}contact:{ana}");
    store.set(&key, "{garbage").unwrap();
    let ext = a.take_external(&key, &nb_a, NOW);
    let Some(LoadProblem::Corrupt {
        kept_at: Some(kept),
        ..
    }) = ext.problem
    else {
        panic!("{ext:?}")
    };
    assert_eq!(store.get(&kept).unwrap().as_deref(), Some("{garbage"));
    // This tab's last good version is back in place.
    assert_eq!(reopen(&store).contact(ana).unwrap().name, "Ana");
}

#[test]
fn a_damaged_record_at_start_is_set_aside_and_the_rest_loads() {
    let store = Shared::default();
    let (mut a, mut nb) = open(&store);
    nb.add_contact(person("Ana"), 1).unwrap();
    nb.add_contact(person("Ben"), 1).unwrap();
    a.save(&nb, NOW).unwrap();
    let key = doc_keys(&store)[0].clone();
    store.set(&key, "not json").unwrap();
    let (repo, loaded, kept) = open_setting_aside(&store);
    assert_eq!(loaded.notebook.contacts.len(), 1);
    assert_eq!(store.get(&kept).unwrap().as_deref(), Some("not json"));
    assert!(repo.is_writable());
    assert_eq!(repo.recovery_keys(), vec![kept]);
}

#[test]
fn damage_with_no_room_to_copy_it_stops_saving_until_downloaded_and_discarded() {
    let store = Shared::default();
    store.set(META_KEY, &meta_text()).unwrap();
    store
        .set(&format!("{DOC_PREFIX}contact:5"), "broken")
        .unwrap();
    store.set_full(true);
    let (mut repo, loaded) = Repository::open(store.clone(), NOW);
    assert!(matches!(
        loaded.problem,
        Some(LoadProblem::Corrupt { kept_at: None, .. })
    ));
    assert!(!repo.is_writable());
    store.set_full(false);
    let mut nb = loaded.notebook;
    nb.add_contact(person("Ana"), 1).unwrap();
    assert_eq!(
        repo.save(&nb, NOW).map_err(|f| f.error),
        Err(SaveError::ReadOnly)
    );
    assert_eq!(repo.unreadable_text().as_deref(), Some("broken"));
    assert_eq!(
        store
            .get(&format!("{DOC_PREFIX}contact:5"))
            .unwrap()
            .as_deref(),
        Some("broken")
    );
    repo.discard_unreadable().unwrap();
    assert!(repo.is_writable());
    repo.save(&nb, NOW).unwrap();
    assert_eq!(reopen(&store).contacts[0].name, "Ana");
}

#[test]
fn data_from_a_newer_version_is_left_alone() {
    let store = Shared::default();
    store
        .set(META_KEY, r#"{"app":"rapport","format":9}"#)
        .unwrap();
    store
        .set(&format!("{DOC_PREFIX}contact:5"), "anything")
        .unwrap();
    let (mut repo, loaded) = Repository::open(store.clone(), NOW);
    assert_eq!(loaded.problem, Some(LoadProblem::TooNew { found: 9 }));
    assert_eq!(
        repo.save(&Notebook::default(), NOW).map_err(|f| f.error),
        Err(SaveError::ReadOnly)
    );
    assert_eq!(store.keys().unwrap().len(), 2);
}

#[test]
fn a_newer_version_in_another_tab_stops_this_one_writing() {
    let store = Shared::default();
    let (mut repo, mut nb) = open(&store);
    store
        .set(META_KEY, r#"{"app":"rapport","format":4}"#)
        .unwrap();
    let ext = repo.take_external(META_KEY, &nb, NOW);
    assert_eq!(ext.problem, Some(LoadProblem::TooNew { found: 4 }));
    nb.add_contact(person("Ana"), 1).unwrap();
    assert_eq!(
        repo.save(&nb, NOW).map_err(|f| f.error),
        Err(SaveError::ReadOnly)
    );
}

const FORMAT_2: &str = r#"{"app":"rapport","version":2,"notebook":{"next_id":5,
    "contacts":[{"id":1,"name":"Ana","list":"A","created_at":1},
                {"id":2,"name":"Ben","list":"B","referred_by":1,"organization":3,"created_at":2}],
    "organizations":[{"id":3,"name":"Acme"}],
    "pitches":[{"id":4,"title":"Mine","text":"Hello"}],"default_pitch":4,
    "settings":{"words_per_minute":150}}}"#;

#[test]
fn a_whole_notebook_saved_by_an_old_window_after_the_move_is_set_aside() {
    let store = Shared::default();
    store.set(DATA_KEY, FORMAT_2).unwrap();
    let (mut repo, loaded) = Repository::open(store.clone(), NOW);
    assert_eq!(loaded.problem, None);
    let nb = loaded.notebook;
    // A window still on the old version saves the notebook whole.
    store.set(DATA_KEY, FORMAT_2).unwrap();
    let ext = repo.take_external(DATA_KEY, &nb, NOW);
    let Some(LoadProblem::OldVersionWrote {
        kept_at: Some(kept),
    }) = ext.problem
    else {
        panic!("{ext:?}")
    };
    assert_eq!(store.get(&kept).unwrap().as_deref(), Some(FORMAT_2));
    assert_eq!(store.get(DATA_KEY).unwrap(), None);
    assert!(repo.is_writable());
    // Its removal, seen as another event, is nothing to report.
    assert_eq!(repo.take_external(DATA_KEY, &nb, NOW).problem, None);
    // It saves again (it does after every pause in typing): only its
    // newest notebook is kept, or the copies would fill storage.
    let newer = FORMAT_2.replace("\"next_id\":5", "\"next_id\":6");
    store.set(DATA_KEY, &newer).unwrap();
    repo.take_external(DATA_KEY, &nb, NOW + 1);
    let copies = repo.recovery_keys();
    assert_eq!(copies.len(), 1);
    assert_eq!(
        store.get(&copies[0]).unwrap().as_deref(),
        Some(newer.as_str())
    );
    store.set(DATA_KEY, FORMAT_2).unwrap();
    repo.take_external(DATA_KEY, &nb, NOW + 2);
    let kept = repo.recovery_keys().pop().unwrap();

    // Saved while no new window was open: found when the next one opens.
    store.set(DATA_KEY, FORMAT_2).unwrap();
    let (repo, loaded) = Repository::open(store.clone(), NOW + 1);
    assert!(matches!(
        loaded.problem,
        Some(LoadProblem::OldVersionWrote { kept_at: Some(_) })
    ));
    assert_eq!(
        loaded.notebook.contacts.len(),
        2,
        "the records are all read"
    );
    // The same text as the first time is kept once.
    assert_eq!(loaded.recovery_keys, [kept]);
    assert!(repo.is_writable());
    assert_eq!(store.get(DATA_KEY).unwrap(), None);
}

#[test]
fn format_2_moves_into_records_with_random_ids_and_links_kept() {
    let store = Shared::default();
    store.set(DATA_KEY, FORMAT_2).unwrap();
    let (_, loaded) = Repository::open(store.clone(), NOW);
    assert_eq!(loaded.problem, None);
    let nb = loaded.notebook;
    assert_eq!(store.get(DATA_KEY).unwrap(), None);
    assert_eq!(
        meta_format(&store.get(META_KEY).unwrap().unwrap()),
        Some(FORMAT)
    );
    let ana = nb.contacts.iter().find(|c| c.name == "Ana").unwrap();
    let ben = nb.contacts.iter().find(|c| c.name == "Ben").unwrap();
    assert!(ana.id > 4 && ben.id > 4);
    assert_eq!(ben.referred_by, Some(ana.id));
    assert_eq!(ben.organization, Some(nb.organizations[0].id));
    assert_eq!(nb.default_pitch, Some(nb.pitches[0].id));
    assert_eq!(nb.settings.words_per_minute, 150);
    assert_eq!(reopen(&store), nb);
}

#[test]
fn format_1_moves_into_records_too() {
    let store = Shared::default();
    store
        .set(
            DATA_KEY,
            r#"{"app":"rapport","version":1,"notebook":{"contacts":[{"id":1,"name":"Ana","list":"A"}],"pitch":"I design calm tools."}}"#,
        )
        .unwrap();
    let nb = reopen(&store);
    assert_eq!(nb.contacts[0].name, "Ana");
    assert_eq!(nb.default_pitch().unwrap().text, "I design calm tools.");
    assert_eq!(reopen(&store), nb);
}

#[test]
fn no_room_to_upgrade_shows_the_old_data_and_keeps_it_as_it_was() {
    let store = Shared::default();
    store.set(DATA_KEY, FORMAT_2).unwrap();
    store.set_full(true);
    let (mut repo, loaded) = Repository::open(store.clone(), NOW);
    assert_eq!(loaded.problem, Some(LoadProblem::NoRoomToUpgrade));
    assert_eq!(loaded.notebook.contacts.len(), 2);
    assert!(!repo.is_writable());
    assert_eq!(
        repo.save(&loaded.notebook, NOW).map_err(|f| f.error),
        Err(SaveError::ReadOnly)
    );
    assert_eq!(store.get(DATA_KEY).unwrap().as_deref(), Some(FORMAT_2));
    assert!(doc_keys(&store).is_empty());
    // With room again, the next start upgrades.
    store.set_full(false);
    assert_eq!(reopen(&store).contacts.len(), 2);
}

#[test]
fn an_old_notebook_without_its_reader_is_left_untouched_until_it_is_there() {
    let store = Shared::default();
    store.set(DATA_KEY, FORMAT_2).unwrap();
    let (mut repo, loaded) = Repository::open_with(store.clone(), NOW, None);
    assert_eq!(loaded.problem, Some(LoadProblem::UpgradeMissing));
    assert!(!repo.is_writable());
    assert_eq!(
        repo.save(&loaded.notebook, NOW).map_err(|f| f.error),
        Err(SaveError::ReadOnly)
    );
    assert_eq!(store.get(DATA_KEY).unwrap().as_deref(), Some(FORMAT_2));
    assert_eq!(store.get(META_KEY).unwrap(), None);
    assert!(doc_keys(&store).is_empty());
    // The reader is only needed for an old notebook.
    let fresh = Shared::default();
    let (repo, loaded) = Repository::open_with(fresh, NOW, None);
    assert_eq!(loaded.problem, None);
    assert!(repo.is_writable());
    // With the reader, the next start upgrades.
    assert_eq!(reopen(&store).contacts.len(), 2);
}

#[test]
fn an_unreadable_old_notebook_is_kept_and_a_fresh_one_starts() {
    let store = Shared::default();
    store.set(DATA_KEY, "{\"app\":\"rapport\",\"vers").unwrap();
    let (mut repo, loaded) = Repository::open(store.clone(), NOW);
    let Some(LoadProblem::Corrupt {
        kept_at: Some(kept),
        ..
    }) = loaded.problem
    else {
        panic!("{:?}", loaded.problem)
    };
    assert_eq!(
        store.get(&kept).unwrap().as_deref(),
        Some("{\"app\":\"rapport\",\"vers")
    );
    assert!(repo.is_writable());
    let mut nb = loaded.notebook;
    nb.add_contact(person("New"), 1).unwrap();
    repo.save(&nb, NOW).unwrap();
    assert_eq!(
        store.get(&kept).unwrap().as_deref(),
        Some("{\"app\":\"rapport\",\"vers")
    );
}

#[test]
fn a_full_quota_fails_the_save_keeps_the_old_data_and_retries_later() {
    let store = Shared::default();
    let (mut repo, mut nb) = open(&store);
    nb.add_contact(person("Ana"), 1).unwrap();
    repo.save(&nb, NOW).unwrap();
    nb.contacts[0].notes = "Important".into();
    store.set_full(true);
    assert_eq!(
        repo.save(&nb, NOW).map_err(|f| f.error),
        Err(SaveError::Store(StoreError::QuotaExceeded))
    );
    assert_eq!(reopen(&store).contacts[0].notes, "");
    store.set_full(false);
    assert_eq!(repo.save(&nb, NOW).unwrap().written, 1);
    assert_eq!(reopen(&store).contacts[0].notes, "Important");
}

/// Runs a save a slice of `budget` records at a time, as the page does,
/// and says how many slices it took.
fn save_in_slices(
    repo: &mut Repository<Shared>,
    nb: &Notebook,
    budget: usize,
) -> (SaveReport, usize) {
    let mut pass = SavePass::default();
    let mut slices = 1;
    while !repo.save_slice(nb, NOW, &mut pass, budget).unwrap() {
        slices += 1;
    }
    (pass.report, slices)
}

#[test]
fn a_save_in_slices_writes_changes_and_deletions_anywhere_in_the_notebook() {
    let store = Shared::default();
    let (mut repo, mut nb) = open(&store);
    for i in 0..7 {
        nb.add_contact(person(&format!("P{i}")), i).unwrap();
    }
    assert_eq!(save_in_slices(&mut repo, &nb, 3).0.written, 7);
    // Seven contacts and the (default, unwritten) settings, nothing to
    // write: three slices.
    assert_eq!(
        save_in_slices(&mut repo, &nb, 3),
        (SaveReport::default(), 3)
    );
    // A write spends much of a slice: this one ends after the first.
    nb.contacts[1].role = "Second".into();
    nb.contacts[2].role = "Third".into();
    let mut pass = SavePass::default();
    assert!(
        !repo
            .save_slice(&nb, NOW, &mut pass, WRITE_COST + 1)
            .unwrap()
    );
    assert_eq!(pass.report.written, 1);
    while !repo
        .save_slice(&nb, NOW, &mut pass, WRITE_COST + 1)
        .unwrap()
    {}
    assert_eq!(pass.report.written, 2);
    nb.contacts[0].role = "First".into();
    nb.contacts[6].role = "Last".into();
    let gone = nb.contacts[3].id;
    nb.delete_contact(gone).unwrap();
    let (report, _) = save_in_slices(&mut repo, &nb, 2);
    assert_eq!(report.written, 3);
    let stored = reopen(&store);
    assert_eq!(stored, {
        let mut nb = nb.clone();
        nb.sort_by_creation();
        nb
    });
    assert!(stored.contacts.iter().all(|c| c.id != gone));
    assert_eq!(repo.usage().unwrap().records, 6);
    // Nothing is left to write, however the notebook is sliced.
    assert_eq!(save_in_slices(&mut repo, &nb, 1).0.written, 0);
    assert_eq!(repo.save(&nb, NOW).unwrap().written, 0);
}

#[test]
fn a_change_behind_a_pass_is_saved_by_the_next_one() {
    let store = Shared::default();
    let (mut repo, mut nb) = open(&store);
    for i in 0..4 {
        nb.add_contact(person(&format!("P{i}")), i).unwrap();
    }
    repo.save(&nb, NOW).unwrap();
    nb.contacts[1].role = "Before".into();
    let mut pass = SavePass::default();
    assert!(!repo.save_slice(&nb, NOW, &mut pass, 2).unwrap());
    // A change to a record the pass has already compared: the page drops
    // the pass and starts a new one for the change.
    nb.contacts[0].role = "Behind".into();
    assert_eq!(save_in_slices(&mut repo, &nb, 2).0.written, 1);
    let stored = reopen(&store);
    assert_eq!(stored.contacts[0].role, "Behind");
    assert_eq!(stored.contacts[1].role, "Before");
}

#[test]
fn the_record_count_follows_saves_deletions_and_other_tabs() {
    let store = Shared::default();
    let (mut repo, mut nb) = open(&store);
    let ana = nb.add_contact(person("Ana"), 1).unwrap();
    nb.add_contact(person("Ben"), 2).unwrap();
    repo.save(&nb, NOW).unwrap();
    assert_eq!(repo.usage().unwrap().records, 2);
    let (mut other, mut nb2) = open(&store);
    assert_eq!(other.usage().unwrap().records, 2);
    nb2.delete_contact(ana).unwrap();
    nb2.add_contact(person("Cy"), 3).unwrap();
    nb2.add_contact(person("Di"), 4).unwrap();
    other.save(&nb2, NOW).unwrap();
    assert_eq!(other.usage().unwrap().records, 3);
    deliver(&mut repo, &mut nb, &doc_keys(&store));
    assert_eq!(repo.usage().unwrap().records, 3);
    assert_eq!(nb.contacts.len(), 3);
    // Removed from storage elsewhere (site data cleared): no longer counted.
    let cleared = format!("{DOC_PREFIX}contact:{}", nb.contacts[0].id);
    store.remove(&cleared).unwrap();
    deliver(&mut repo, &mut nb, &[cleared]);
    assert_eq!(repo.usage().unwrap().records, 2);
}

proptest::proptest! {
    #[test]
    fn utf16_length_is_counted_from_the_bytes(text in "\\PC*") {
        proptest::prop_assert_eq!(utf16_len(&text), text.encode_utf16().count());
    }
}

#[test]
fn usage_counts_utf16_units_and_records() {
    let store = Shared::default();
    let (mut repo, mut nb) = open(&store);
    nb.add_contact(person("Zoë 😀"), 1).unwrap();
    repo.save(&nb, NOW).unwrap();
    let exact = || -> usize {
        store
            .keys()
            .unwrap()
            .iter()
            .map(|k| {
                k.encode_utf16().count() + store.get(k).unwrap().unwrap().encode_utf16().count()
            })
            .sum()
    };
    let usage = repo.usage().unwrap();
    assert_eq!(usage.records, 1);
    assert_eq!(usage.units, exact());
    // Kept up to date as records are added, changed and deleted.
    let ben = nb.add_contact(person("Ben"), 2).unwrap();
    nb.contacts[0].notes = "Ünïcode notes 😀".repeat(20);
    repo.save(&nb, NOW).unwrap();
    assert_eq!(repo.usage().unwrap().units, exact());
    nb.delete_contact(ben);
    repo.save(&nb, NOW).unwrap();
    assert_eq!(repo.usage().unwrap().units, exact());
    let (reopened, _) = Repository::open(store.clone(), NOW);
    assert_eq!(reopened.usage().unwrap().units, exact());
    let full = Usage {
        units: Usage::QUOTA_UNITS * 4 / 5,
        records: 1,
    };
    assert!(full.nearly_full());
    assert_eq!(full.percent(), 80);
    assert!(!usage.nearly_full());
}

#[test]
fn documents_from_other_writers_are_read_in_full() {
    let key = DocKey::parse("contact:42").unwrap();
    let ours = doc_text(
        key,
        "2-abc",
        Some(
            Record::Contact(Contact {
                id: 42,
                name: "Ana".into(),
                ..Contact::default()
            })
            .as_ref(),
        ),
    );
    assert!(canonical_head(&ours).is_some());
    let (rev, record) = parse_doc(key, &ours).unwrap();
    assert_eq!(rev, "2-abc");
    let Some(Record::Contact(c)) = record else {
        panic!()
    };
    assert_eq!(c.name, "Ana");
    // The same document with its fields in another order, as a server
    // might send it, reads the same.
    let reordered = r#"{"type":"contact","name":"Ana","_rev":"2-abc","id":42,"_id":"contact:42"}"#;
    assert!(canonical_head(reordered).is_none());
    assert_eq!(parse_doc(key, reordered).unwrap().0, "2-abc");
    let tombstone = doc_text(key, "3-def", None);
    assert_eq!(
        parse_doc(key, &tombstone).unwrap(),
        ("3-def".to_string(), None)
    );
    let other_tombstone = r#"{"_deleted":true,"_rev":"3-def","_id":"contact:42"}"#;
    assert_eq!(
        parse_doc(key, other_tombstone).unwrap(),
        ("3-def".to_string(), None)
    );
    // An escaped id never passes the quick read.
    assert!(canonical_head(r#"{"_id":"contact:4\u0032","_rev":"1-a","type":"contact"}"#).is_none());
    assert!(parse_doc(key, r#"{"_id":"contact:41","_rev":"1-a","type":"contact"}"#).is_err());
}

#[test]
fn revisions_are_deterministic_and_grow() {
    let a = next_rev(None, "{}");
    assert_eq!(a, next_rev(None, "{}"));
    assert_eq!(rev_generation(&a), Some(1));
    let b = next_rev(Some(&a), "{\"x\":1}");
    assert_eq!(rev_generation(&b), Some(2));
    assert_ne!(b, next_rev(Some(&a), "{\"x\":2}"));
    assert_eq!(rev_generation("0-abc"), None);
    assert_eq!(rev_generation("3-"), None);
    assert_eq!(rev_generation("x-abc"), None);
}

mod interleavings {
    use super::*;
    use proptest::prelude::*;

    #[derive(Clone, Debug)]
    enum Op {
        Edit {
            tab: usize,
            record: usize,
            field: usize,
        },
        Add {
            tab: usize,
        },
        Save {
            tab: usize,
        },
        Deliver {
            tab: usize,
        },
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => (0..2usize, 0..3usize, 0..2usize)
                .prop_map(|(tab, record, field)| Op::Edit { tab, record, field }),
            1 => (0..2usize).prop_map(|tab| Op::Add { tab }),
            3 => (0..2usize).prop_map(|tab| Op::Save { tab }),
            3 => (0..2usize).prop_map(|tab| Op::Deliver { tab }),
        ]
    }

    fn field(c: &mut Contact, f: usize) -> &mut String {
        if f == 0 { &mut c.notes } else { &mut c.role }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// Whatever order two tabs edit, save and hear of each other in,
        /// every edit ends up stored or kept as a conflict, unless the
        /// user replaced it after seeing it.
        #[test]
        fn no_edit_is_ever_lost(ops in proptest::collection::vec(op(), 1..40)) {
            let store = Shared::default();
            let (mut first, mut nb) = open(&store);
            for name in ["Ana", "Ben", "Cy"] {
                nb.add_contact(person(name), 1).unwrap();
            }
            first.save(&nb, NOW).unwrap();
            let ids: Vec<u64> = nb.contacts.iter().map(|c| c.id).collect();
            let (second, nb2) = open(&store);
            let mut tabs = [(first, nb), (second, nb2)];
            // Keys each tab has yet to hear about.
            let mut pending: [Vec<String>; 2] = [Vec::new(), Vec::new()];
            let mut made: Vec<(u64, usize, String)> = Vec::new();
            let mut replaced: HashSet<String> = HashSet::new();
            let mut added: Vec<String> = Vec::new();
            let mut counter = 0;
            let save = |tabs: &mut [(Repository<Shared>, Notebook); 2],
                        pending: &mut [Vec<String>; 2],
                        tab: usize| {
                let before: HashMap<String, Option<String>> = store
                    .keys()
                    .unwrap()
                    .into_iter()
                    .map(|k| {
                        let v = store.get(&k).unwrap();
                        (k, v)
                    })
                    .collect();
                let (repo, nb) = &mut tabs[tab];
                // The second tab saves a slice at a time, as the page does.
                let report = if tab == 1 {
                    save_in_slices(repo, nb, 2).0
                } else {
                    repo.save(nb, NOW).unwrap()
                };
                for change in report.changes {
                    change.apply(nb);
                }
                for key in store.keys().unwrap() {
                    if before.get(&key) != Some(&store.get(&key).unwrap()) {
                        pending[1 - tab].push(key);
                    }
                }
            };
            for op in ops {
                match op {
                    Op::Edit { tab, record, field: f } => {
                        counter += 1;
                        let value = format!("v{counter}");
                        let nb = &mut tabs[tab].1;
                        if let Some(c) = nb.contacts.iter_mut().find(|c| c.id == ids[record]) {
                            let slot = field(c, f);
                            replaced.insert(std::mem::replace(slot, value.clone()));
                            made.push((ids[record], f, value));
                        }
                    }
                    Op::Add { tab } => {
                        counter += 1;
                        let name = format!("new{counter}");
                        tabs[tab].1.add_contact(person(&name), 1).unwrap();
                        added.push(name);
                    }
                    Op::Save { tab } => save(&mut tabs, &mut pending, tab),
                    Op::Deliver { tab } => {
                        let keys = std::mem::take(&mut pending[tab]);
                        let (repo, nb) = &mut tabs[tab];
                        deliver(repo, nb, &keys);
                    }
                }
            }
            // Both tabs finish: save, hear of each other, save again.
            for _ in 0..2 {
                for tab in 0..2 {
                    save(&mut tabs, &mut pending, tab);
                    let keys = std::mem::take(&mut pending[1 - tab]);
                    let (repo, nb) = &mut tabs[1 - tab];
                    deliver(repo, nb, &keys);
                }
            }
            let mut stored = reopen(&store);
            let conflicts = tabs[0].0.conflicts();
            for (id, f, value) in made {
                if replaced.contains(&value) {
                    continue;
                }
                let c = stored.contacts.iter_mut().find(|c| c.id == id).unwrap();
                let in_store = *field(c, f) == value;
                let in_conflict = conflicts.iter().any(|k| {
                    k.key.id == id
                        && k.versions.iter().any(|v| match &v.record {
                            Some(Record::Contact(c)) => {
                                let mut c = c.clone();
                                *field(&mut c, f) == value
                            }
                            _ => false,
                        })
                });
                prop_assert!(in_store || in_conflict, "lost {value}");
            }
            for name in added {
                prop_assert!(stored.contacts.iter().any(|c| c.name == name), "lost {name}");
            }
            // Both tabs show what is stored once they have heard everything.
            for (_, nb) in &mut tabs {
                nb.sort_by_creation();
            }
            prop_assert_eq!(&tabs[0].1, &stored);
            prop_assert_eq!(&tabs[1].1, &stored);
        }
    }
}

/// A save that merged another tab's change into one record, then ran out
/// of room on another, must still hand the merge to the screen: the merged
/// version is stored, and a screen keeping its older copy would write it
/// over the other tab's change at the next save.
#[test]
fn a_save_stopped_by_the_quota_still_reports_the_merges_it_stored() {
    let store = Shared::default();
    let (mut a, mut nb_a) = open(&store);
    let ana = nb_a.add_contact(person("Ana"), 1).unwrap();
    a.save(&nb_a, NOW).unwrap();
    let (mut b, mut nb_b) = open(&store);
    nb_b.contacts[0].email = "ana@example.org".into();
    b.save(&nb_b, NOW).unwrap();
    // Tab A has not heard of it: it changes Ana's role and adds a contact
    // with long notes, and storage has room for Ana's merge only.
    nb_a.contacts[0].role = "Designer".into();
    let mut zed = person("Zed");
    zed.notes = "x".repeat(5_000);
    nb_a.add_contact(zed, 2).unwrap();
    store.set_limit(Some(store.used() + 2_000));

    let failed = a.save(&nb_a, NOW).unwrap_err();
    assert_eq!(failed.error, SaveError::Store(StoreError::QuotaExceeded));
    for change in failed.report.changes {
        change.apply(&mut nb_a);
    }
    assert_eq!(nb_a.contact(ana).unwrap().email, "ana@example.org");

    // Room is made; the next save keeps both tabs' changes.
    store.set_limit(None);
    a.save(&nb_a, NOW).unwrap();
    let stored = reopen(&store);
    let ana = stored.contact(ana).unwrap();
    assert_eq!(
        (ana.role.as_str(), ana.email.as_str()),
        ("Designer", "ana@example.org")
    );
    assert!(stored.contacts.iter().any(|c| c.name == "Zed"));
}

/// Tab A saved notes on Ana; tab B, which opened before, has typed other
/// notes and not saved; storage has room for Ana again but not for a
/// second version beside her. Returns tab B.
fn notes_typed_in_two_tabs_with_no_room() -> (Shared, Repository<Shared>, Notebook, Id) {
    let store = Shared::default();
    let (mut a, mut nb_a) = open(&store);
    let ana = nb_a.add_contact(person("Ana"), 1).unwrap();
    a.save(&nb_a, NOW).unwrap();
    let (b, mut nb_b) = open(&store);
    nb_a.contacts[0].notes = "Typed in tab A".into();
    a.save(&nb_a, NOW).unwrap();
    nb_b.contacts[0].notes = "Typed in tab B".into();
    store.set_limit(Some(store.used() + 50));
    (store, b, nb_b, ana)
}

/// Two tabs typed different notes into one record: the version not on
/// screen is kept as a conflict. With no room for that, the save must not
/// write over it and must say it failed.
#[test]
fn a_conflict_with_no_room_to_keep_it_stops_the_save_instead_of_losing_a_version() {
    let (store, mut b, nb_b, ana) = notes_typed_in_two_tabs_with_no_room();
    let failed = b.save(&nb_b, NOW).unwrap_err();
    assert_eq!(failed.error, SaveError::Store(StoreError::QuotaExceeded));
    assert_eq!(reopen(&store).contact(ana).unwrap().notes, "Typed in tab A");

    // With room again, both texts survive: one stored, one kept beside it.
    store.set_limit(None);
    assert!(b.save(&nb_b, NOW).unwrap().conflicts_changed);
    let (repo, stored) = open(&store);
    assert_eq!(stored.contact(ana).unwrap().notes, "Typed in tab B");
    let kept = repo.conflicts();
    assert_eq!(kept.len(), 1);
    assert!(
        matches!(&kept[0].versions[0].record, Some(Record::Contact(c)) if c.notes == "Typed in tab A")
    );
}

/// The same meeting with another tab's write arriving as a storage event:
/// with no room to keep their version, this tab must not take it as seen,
/// or its next save would write over it.
#[test]
fn a_conflict_from_a_storage_event_with_no_room_is_not_written_over() {
    let (store, mut b, mut nb_b, ana) = notes_typed_in_two_tabs_with_no_room();
    let keys = doc_keys(&store);
    deliver(&mut b, &mut nb_b, &keys);
    assert_eq!(nb_b.contact(ana).unwrap().notes, "Typed in tab B");
    assert!(b.save(&nb_b, NOW).is_err());
    assert_eq!(reopen(&store).contact(ana).unwrap().notes, "Typed in tab A");

    store.set_limit(None);
    b.save(&nb_b, NOW).unwrap();
    let (repo, stored) = open(&store);
    assert_eq!(stored.contact(ana).unwrap().notes, "Typed in tab B");
    assert_eq!(repo.conflicts().len(), 1);
}

#[test]
fn a_restored_backup_that_fits_once_old_records_are_deleted_is_saved() {
    let store = Shared::default();
    let (mut repo, mut nb) = open(&store);
    let contact = |name: String| Contact {
        name,
        notes: "x".repeat(2_000),
        ..person("")
    };
    for i in 0..20 {
        nb.add_contact(contact(format!("Current {i}")), 1).unwrap();
    }
    repo.save(&nb, NOW).unwrap();
    let used = store.used();
    // A backup of about the same size, of other records: it fits with the
    // old ones deleted, not next to them.
    let mut backup = Notebook::default();
    for i in 0..20 {
        backup
            .add_contact(contact(format!("Backup {i}")), 1)
            .unwrap();
    }
    store.set_limit(Some(used * 3 / 2));
    repo.save(&backup, NOW).unwrap();
    let stored = reopen(&store);
    let names: Vec<&str> = stored.contacts.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names.len(), 20);
    assert!(names.iter().all(|n| n.starts_with("Backup")), "{names:?}");
}

/// Rewrites the stored text of `key` as a newer Rapport (same storage
/// format) would at revision 2: `edit` applied to its JSON.
fn newer_write(store: &Shared, key: &str, edit: impl FnOnce(&mut Value)) {
    let text = store.get(key).unwrap().unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["_rev"] = json!("2-newerversion");
    edit(&mut v);
    store.set(key, &v.to_string()).unwrap();
}

#[test]
fn fields_a_newer_version_added_survive_an_edit_here() {
    let store = Shared::default();
    let (mut repo, mut nb) = open(&store);
    let ana = nb.add_contact(person("Ana"), 1).unwrap();
    repo.save(&nb, NOW).unwrap();
    let key = format!("{DOC_PREFIX}contact:{ana}");
    newer_write(&store, &key, |v| {
        v["pronouns"] = json!("she/her");
        v["links"] = json!({ "mastodon": "@ana" });
    });
    // This version opens it, and the user adds a note.
    let (mut repo, mut nb) = open(&store);
    let mut c = nb.contact(ana).unwrap().clone();
    c.notes = "Met at the meetup".into();
    nb.update_contact(c, 5).unwrap();
    repo.save(&nb, NOW).unwrap();
    let stored: Value = serde_json::from_str(&store.get(&key).unwrap().unwrap()).unwrap();
    assert_eq!(stored["notes"], "Met at the meetup");
    assert_eq!(stored["pronouns"], "she/her");
    assert_eq!(stored["links"]["mastodon"], "@ana");
    assert_eq!(rev_generation(stored["_rev"].as_str().unwrap()), Some(3));
    // Read back as before, and merged per field with another tab as usual.
    assert_eq!(
        reopen(&store).contact(ana).unwrap().notes,
        "Met at the meetup"
    );
}

#[test]
fn a_record_a_newer_tab_wrote_is_never_written_over() {
    let store = Shared::default();
    let (mut repo, mut nb) = open(&store);
    let ana = nb.add_contact(person("Ana"), 1).unwrap();
    repo.save(&nb, NOW).unwrap();
    let key = format!("{DOC_PREFIX}contact:{ana}");
    // A tab running a newer Rapport moves Ana to a list this one lacks and
    // adds a note.
    newer_write(&store, &key, |v| {
        v["list"] = json!("D");
        v["notes"] = json!("Her manager is hiring");
    });
    let newer = store.get(&key).unwrap().unwrap();
    let ext = repo.take_external(&key, &nb, NOW);
    assert_eq!(ext.problem, Some(LoadProblem::NewerRecords));
    assert!(ext.changes.is_empty());
    assert!(!repo.is_writable());
    // This tab's older copy, changed or not, goes nowhere.
    let mut c = nb.contact(ana).unwrap().clone();
    c.role = "Engineer".into();
    nb.update_contact(c, 5).unwrap();
    assert_eq!(repo.save(&nb, NOW).unwrap_err().error, SaveError::ReadOnly);
    assert_eq!(store.get(&key).unwrap().unwrap(), newer);
    assert_eq!(repo.unreadable_text().unwrap(), newer);
}

#[test]
fn opening_with_a_record_only_a_newer_version_reads_leaves_it_and_saves_nothing() {
    let store = Shared::default();
    let (mut repo, mut nb) = open(&store);
    let ana = nb.add_contact(person("Ana"), 1).unwrap();
    let ben = nb.add_contact(person("Ben"), 2).unwrap();
    repo.save(&nb, NOW).unwrap();
    let key = format!("{DOC_PREFIX}contact:{ana}");
    newer_write(&store, &key, |v| v["list"] = json!("D"));
    let newer = store.get(&key).unwrap().unwrap();
    let (mut repo, loaded) = Repository::open(store.clone(), NOW);
    assert_eq!(loaded.problem, Some(LoadProblem::NewerRecords));
    assert!(!repo.is_writable());
    // Not shown as damage, not copied aside: left for the newer version.
    assert_eq!(loaded.recovery_keys, Vec::<String>::new());
    assert!(loaded.notebook.contact(ana).is_none());
    assert!(loaded.notebook.contact(ben).is_some());
    assert_eq!(store.get(&key).unwrap().unwrap(), newer);
    // Damage is still damage: text that is not JSON.
    assert!(matches!(
        parse_doc(
            DocKey::new(crate::domain::records::Kind::Contact, ana),
            &newer[..newer.len() - 4]
        ),
        Err(DocError::Damaged)
    ));
    // Once downloaded, the user may delete it to carry on.
    repo.discard_unreadable().unwrap();
    assert!(repo.is_writable());
    assert_eq!(store.get(&key).unwrap(), None);
}

#[test]
fn a_preference_a_newer_version_added_inside_the_settings_survives_a_save_here() {
    let store = Shared::default();
    let (mut repo, mut nb) = open(&store);
    nb.settings.words_per_minute = 140;
    repo.save(&nb, NOW).unwrap();
    let key = format!("{DOC_PREFIX}settings");
    newer_write(&store, &key, |v| v["settings"]["theme"] = json!("dark"));
    let (mut repo, mut nb) = open(&store);
    nb.settings.words_per_minute = 150;
    repo.save(&nb, NOW).unwrap();
    let stored: Value = serde_json::from_str(&store.get(&key).unwrap().unwrap()).unwrap();
    assert_eq!(stored["settings"]["theme"], "dark");
    assert_eq!(stored["settings"]["words_per_minute"], 150);
}

#[test]
fn a_save_cut_short_by_a_full_store_leaves_no_contact_pointing_at_an_unwritten_organization() {
    let store = Shared::default();
    let (mut repo, mut nb) = open(&store);
    repo.save(&nb, NOW).unwrap();
    // An import: people, each at a new organization.
    for i in 0..10 {
        let org = nb
            .add_organization_last(&format!("Organization {i}"), 1)
            .unwrap();
        nb.add_contact(
            Contact {
                organization: Some(org),
                ..person(&format!("Person {i}"))
            },
            1,
        )
        .unwrap();
    }
    store.set_limit(Some(store.used() + 1_500));
    assert!(repo.save(&nb, NOW).is_err());
    let stored = reopen(&store);
    assert!(!stored.contacts.is_empty() || !stored.organizations.is_empty());
    for c in &stored.contacts {
        let org = c.organization.unwrap();
        assert!(
            stored.organization(org).is_some(),
            "{} at a missing organization",
            c.name
        );
    }
}
