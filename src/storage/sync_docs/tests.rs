use super::*;
use crate::domain::records::Kind;
use crate::domain::{Contact, ListKind, Notebook, Timestamp};
use crate::storage::{MemoryStore, Repository};
use crate::sync::fake::{Failure, FakeCouch};
use crate::sync::{SyncError, SyncOptions, block_on, sync};
use std::rc::Rc;

const SERVER: &str = "https://couch.example/rapport-ada";
const NOW: Timestamp = 1_790_000_000_000;

/// One browser: its storage, the repository over it and the notebook shown.
struct Device {
    name: &'static str,
    store: Rc<MemoryStore>,
    repo: Repository<Rc<MemoryStore>>,
    nb: Notebook,
    runs: u32,
}

impl Device {
    fn new(name: &'static str) -> Self {
        let store = Rc::new(MemoryStore::new());
        let (repo, loaded) = Repository::open(store.clone(), NOW);
        Device {
            name,
            store,
            repo,
            nb: loaded.notebook,
            runs: 0,
        }
    }

    fn save(&mut self) {
        self.repo.save(&self.nb, NOW).expect("saved");
    }

    fn add(&mut self, name: &str) -> crate::domain::Id {
        let id = self
            .nb
            .add_contact(
                Contact {
                    name: name.into(),
                    list: ListKind::B,
                    ..Contact::default()
                },
                NOW,
            )
            .unwrap();
        self.save();
        id
    }

    fn edit(&mut self, id: crate::domain::Id, change: impl FnOnce(&mut Contact)) {
        let mut c = self.nb.contact(id).unwrap().clone();
        change(&mut c);
        self.nb.update_contact(c, NOW + 1).unwrap();
        self.save();
    }

    /// What the app does for "Sync now": save, sync, then take in what
    /// the run wrote as if another tab had written it.
    fn sync(&mut self, couch: &FakeCouch) -> Result<(), SyncError> {
        self.save();
        self.runs += 1;
        let name = self.name;
        let mut docs = RecordDocs::open(self.store.clone(), || format!("{name}-replica"))?;
        docs.prepare()?;
        let options = SyncOptions::new(format!("{}-{}", self.name, self.runs), NOW);
        let result = block_on(sync(&mut docs, couch, &options));
        for key in docs.take_touched().keys {
            let external = self.repo.take_external(&key, &self.nb, NOW);
            assert_eq!(external.problem, None);
            for change in external.changes {
                change.apply(&mut self.nb);
            }
        }
        result.map(|_| ())
    }

    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.nb.contacts.iter().map(|c| c.name.clone()).collect();
        names.sort();
        names
    }

    fn contact(&self, id: crate::domain::Id) -> Option<&Contact> {
        self.nb.contact(id)
    }

    fn conflicts(&self) -> Vec<crate::storage::Conflict> {
        self.repo.conflicts()
    }

    /// Reopens from storage, as a reload does.
    fn reload(&mut self) {
        let (repo, loaded) = Repository::open(self.store.clone(), NOW);
        assert_eq!(loaded.problem, None);
        self.repo = repo;
        self.nb = loaded.notebook;
    }
}

#[test]
fn records_added_and_edited_on_one_device_reach_the_other() {
    let couch = FakeCouch::new(SERVER);
    let mut phone = Device::new("phone");
    let mut laptop = Device::new("laptop");
    let ada = phone.add("Ada Lovelace");
    phone.add("Grace Hopper");
    phone.sync(&couch).unwrap();
    laptop.sync(&couch).unwrap();
    assert_eq!(laptop.names(), ["Ada Lovelace", "Grace Hopper"]);

    // Several saves between two runs, as notes saved at every pause are.
    for notes in ["Met", "Met at the fair", "Met at the fair; knows Bob"] {
        laptop.edit(ada, |c| c.notes = notes.into());
    }
    laptop.sync(&couch).unwrap();
    phone.sync(&couch).unwrap();
    assert_eq!(
        phone.contact(ada).unwrap().notes,
        "Met at the fair; knows Bob"
    );
    assert!(phone.conflicts().is_empty(), "{:?}", phone.conflicts());
    assert!(laptop.conflicts().is_empty());

    // What arrived was stored, not only shown.
    phone.reload();
    assert_eq!(
        phone.contact(ada).unwrap().notes,
        "Met at the fair; knows Bob"
    );
}

#[test]
fn a_record_deleted_on_one_device_is_gone_on_the_other() {
    let couch = FakeCouch::new(SERVER);
    let mut phone = Device::new("phone");
    let mut laptop = Device::new("laptop");
    let ada = phone.add("Ada Lovelace");
    phone.sync(&couch).unwrap();
    laptop.sync(&couch).unwrap();
    laptop.nb.delete_contact(ada).unwrap();
    laptop.sync(&couch).unwrap();
    phone.sync(&couch).unwrap();
    assert!(phone.contact(ada).is_none());
    phone.reload();
    assert!(phone.contact(ada).is_none());
}

#[test]
fn the_same_field_edited_on_both_devices_offline_is_kept_both_ways_and_settles_everywhere() {
    let couch = FakeCouch::new(SERVER);
    let mut phone = Device::new("phone");
    let mut laptop = Device::new("laptop");
    let ada = phone.add("Ada Lovelace");
    phone.sync(&couch).unwrap();
    laptop.sync(&couch).unwrap();

    phone.edit(ada, |c| c.notes = "typed on the phone".into());
    laptop.edit(ada, |c| c.notes = "typed on the laptop".into());
    phone.sync(&couch).unwrap();
    laptop.sync(&couch).unwrap();
    phone.sync(&couch).unwrap();

    // Both show the same winner, and both keep the other version to compare.
    let shown = phone.contact(ada).unwrap().notes.clone();
    assert_eq!(laptop.contact(ada).unwrap().notes, shown);
    for device in [&phone, &laptop] {
        let conflicts = device.conflicts();
        assert_eq!(conflicts.len(), 1, "{}", device.name);
        let other = conflicts[0].versions[0].record.clone().unwrap();
        let Record::Contact(other) = other else {
            panic!("a contact")
        };
        let mut both = vec![shown.clone(), other.notes.clone()];
        both.sort();
        assert_eq!(both, ["typed on the laptop", "typed on the phone"]);
        assert_eq!(conflicts[0].versions[0].fields, ["notes"]);
    }

    // The laptop keeps both texts; the phone follows and its conflict goes.
    let mut merged = laptop.contact(ada).unwrap().clone();
    merged.notes = "typed on the phone\n\ntyped on the laptop".into();
    laptop.nb.put_record(Record::Contact(merged));
    laptop
        .repo
        .settle_conflict(DocKey::new(Kind::Contact, ada))
        .unwrap();
    laptop.sync(&couch).unwrap();
    phone.sync(&couch).unwrap();
    for device in [&phone, &laptop] {
        assert_eq!(
            device.contact(ada).unwrap().notes,
            "typed on the phone\n\ntyped on the laptop",
            "{}",
            device.name
        );
        assert!(device.conflicts().is_empty(), "{}", device.name);
    }
    // And the server agrees there is nothing left to choose.
    let on_server = couch
        .doc(&DocKey::new(Kind::Contact, ada).doc_id())
        .unwrap();
    assert!(on_server.conflicts().is_empty());
}

#[test]
fn different_fields_edited_on_two_devices_show_one_version_and_ask() {
    let couch = FakeCouch::new(SERVER);
    let mut phone = Device::new("phone");
    let mut laptop = Device::new("laptop");
    let ada = phone.add("Ada Lovelace");
    phone.sync(&couch).unwrap();
    laptop.sync(&couch).unwrap();
    phone.edit(ada, |c| c.role = "Engineer".into());
    laptop.edit(ada, |c| c.email = "ada@example.org".into());
    phone.sync(&couch).unwrap();
    laptop.sync(&couch).unwrap();
    phone.sync(&couch).unwrap();
    // Nothing is dropped: one version is shown, the other waits.
    assert_eq!(phone.conflicts().len(), 1);
    assert_eq!(laptop.conflicts().len(), 1);
    assert_eq!(phone.contact(ada), laptop.contact(ada));
}

#[test]
fn the_same_edit_made_on_two_devices_is_not_a_conflict() {
    let couch = FakeCouch::new(SERVER);
    let mut phone = Device::new("phone");
    let mut laptop = Device::new("laptop");
    let ada = phone.add("Ada Lovelace");
    phone.sync(&couch).unwrap();
    laptop.sync(&couch).unwrap();
    phone.edit(ada, |c| c.role = "Engineer".into());
    laptop.edit(ada, |c| c.role = "Engineer".into());
    phone.sync(&couch).unwrap();
    laptop.sync(&couch).unwrap();
    phone.sync(&couch).unwrap();
    assert!(phone.conflicts().is_empty());
    assert!(laptop.conflicts().is_empty());
    let on_server = couch
        .doc(&DocKey::new(Kind::Contact, ada).doc_id())
        .unwrap();
    assert!(on_server.conflicts().is_empty());
}

#[test]
fn a_refusing_server_loses_nothing_and_a_later_run_catches_up() {
    let couch = FakeCouch::new(SERVER);
    let mut phone = Device::new("phone");
    let mut laptop = Device::new("laptop");
    phone.add("Ada Lovelace");
    couch.set_wrong_password(true);
    assert_eq!(phone.sync(&couch), Err(SyncError::WrongPassword));
    couch.set_wrong_password(false);
    couch.fail_after(2, Failure::Down);
    assert!(matches!(phone.sync(&couch), Err(SyncError::Unreachable(_))));
    couch.heal();
    phone.add("Grace Hopper");
    assert_eq!(phone.names(), ["Ada Lovelace", "Grace Hopper"]);
    phone.sync(&couch).unwrap();
    laptop.sync(&couch).unwrap();
    assert_eq!(laptop.names(), ["Ada Lovelace", "Grace Hopper"]);
}

#[test]
fn a_full_store_during_a_pull_keeps_every_record_whole() {
    let couch = FakeCouch::new(SERVER);
    let mut phone = Device::new("phone");
    let mut laptop = Device::new("laptop");
    let ada = phone.add("Ada Lovelace");
    phone.sync(&couch).unwrap();
    laptop.sync(&couch).unwrap();
    phone.edit(ada, |c| c.notes = "from the phone".into());
    phone.sync(&couch).unwrap();
    laptop.edit(ada, |c| c.role = "Engineer".into());
    laptop.store.set_full(true);
    assert_eq!(laptop.sync(&couch), Err(SyncError::Local(LocalError::Full)));
    laptop.store.set_full(false);
    laptop.reload();
    // The save that failed is still on screen in the app; after a reload
    // the stored version is whole and readable.
    assert_eq!(laptop.contact(ada).unwrap().name, "Ada Lovelace");
    laptop.edit(ada, |c| c.role = "Engineer".into());
    laptop.sync(&couch).unwrap();
    phone.sync(&couch).unwrap();
    assert_eq!(phone.contact(ada), laptop.contact(ada));
}

#[test]
fn documents_that_are_not_records_are_left_on_the_server() {
    let couch = FakeCouch::new(SERVER);
    let mut other_app = crate::sync::MemoryDocs::new("other");
    other_app
        .edit("shopping-list", serde_json::json!({"items": ["milk"]}))
        .unwrap();
    other_app
        .edit(
            "contact:12",
            serde_json::json!({"type": "contact", "name": 5}),
        )
        .unwrap();
    block_on(sync(&mut other_app, &couch, &SyncOptions::new("o", NOW))).unwrap();
    let mut phone = Device::new("phone");
    phone.add("Ada Lovelace");
    phone.sync(&couch).unwrap();
    assert_eq!(phone.names(), ["Ada Lovelace"]);
    assert!(
        phone
            .store
            .keys()
            .unwrap()
            .iter()
            .all(|k| !k.contains("shopping"))
    );
    phone.reload();
    assert_eq!(phone.names(), ["Ada Lovelace"]);
}

#[test]
fn a_second_run_with_nothing_new_sends_nothing() {
    let couch = FakeCouch::new(SERVER);
    let mut phone = Device::new("phone");
    phone.add("Ada Lovelace");
    phone.sync(&couch).unwrap();
    let received = couch.docs_received();
    phone.sync(&couch).unwrap();
    assert_eq!(couch.docs_received(), received);
    let mut docs = RecordDocs::open(phone.store.clone(), || unreachable!()).unwrap();
    assert_eq!(docs.prepare().unwrap(), 0);
}
