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

    /// What the "Changed in two places" screen does with the user's
    /// choice for contact `id`: `choose` makes it from the version shown.
    fn settle(&mut self, id: crate::domain::Id, choose: impl FnOnce(&mut Contact)) {
        let mut chosen = self.contact(id).unwrap().clone();
        choose(&mut chosen);
        self.nb.put_record(Record::Contact(chosen));
        self.repo
            .settle_conflict(DocKey::new(Kind::Contact, id))
            .unwrap();
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

/// A phone and a laptop that both hold "Ada Lovelace", added on the phone.
fn two_devices_with_ada(couch: &FakeCouch) -> (Device, Device, crate::domain::Id) {
    let mut phone = Device::new("phone");
    let mut laptop = Device::new("laptop");
    let ada = phone.add("Ada Lovelace");
    phone.sync(couch).unwrap();
    laptop.sync(couch).unwrap();
    (phone, laptop, ada)
}

/// Each device edits contact `id` while apart, then both sync.
fn edit_on_both(
    couch: &FakeCouch,
    phone: &mut Device,
    laptop: &mut Device,
    id: crate::domain::Id,
    on_phone: impl FnOnce(&mut Contact),
    on_laptop: impl FnOnce(&mut Contact),
) {
    phone.edit(id, on_phone);
    laptop.edit(id, on_laptop);
    phone.sync(couch).unwrap();
    laptop.sync(couch).unwrap();
    phone.sync(couch).unwrap();
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
    let (mut phone, mut laptop, ada) = two_devices_with_ada(&couch);
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
    let (mut phone, mut laptop, ada) = two_devices_with_ada(&couch);

    edit_on_both(
        &couch,
        &mut phone,
        &mut laptop,
        ada,
        |c| c.notes = "typed on the phone".into(),
        |c| c.notes = "typed on the laptop".into(),
    );

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
        // The device whose own text lost the place on screen is told the
        // other side of the compare is its own.
        let own = format!("typed on the {}", device.name);
        assert_eq!(
            conflicts[0].versions[0].from_here,
            other.notes == own,
            "{}",
            device.name
        );
    }
    phone.reload();
    laptop.reload();
    let here = |d: &Device| d.conflicts()[0].versions[0].from_here;
    assert_ne!(here(&phone), here(&laptop), "kept through a reload");

    // The laptop keeps both texts; the phone follows and its conflict goes.
    laptop.settle(ada, |c| {
        c.notes = "typed on the phone\n\ntyped on the laptop".into()
    });
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
fn different_fields_edited_on_two_devices_merge_with_nothing_to_ask() {
    let couch = FakeCouch::new(SERVER);
    let (mut phone, mut laptop, ada) = two_devices_with_ada(&couch);
    edit_on_both(
        &couch,
        &mut phone,
        &mut laptop,
        ada,
        |c| c.role = "Engineer".into(),
        |c| c.email = "ada@example.org".into(),
    );
    laptop.sync(&couch).unwrap();
    phone.sync(&couch).unwrap();
    for device in [&phone, &laptop] {
        let c = device.contact(ada).unwrap();
        assert_eq!(
            (c.role.as_str(), c.email.as_str()),
            ("Engineer", "ada@example.org"),
            "{}",
            device.name
        );
        assert!(device.conflicts().is_empty(), "{}", device.name);
    }
    // The server holds one version too.
    let doc = couch.doc(&format!("contact:{ada}")).unwrap();
    assert!(doc.tree.conflicts().is_empty(), "{:?}", doc.tree.leaves());
    // What the merge needed is not kept past it.
    for device in [&phone, &laptop] {
        assert_eq!(
            device
                .store
                .get(&format!("rapport.base.contact:{ada}"))
                .unwrap(),
            None
        );
    }
}

#[test]
fn a_choice_made_on_one_device_is_never_merged_away_on_the_other() {
    // Which of the chosen version and the closed branch a pull takes in
    // first depends on their hashes: several contents try both orders.
    for n in 0..12 {
        let couch = FakeCouch::new(SERVER);
        let (mut phone, mut laptop, ada) = two_devices_with_ada(&couch);
        edit_on_both(
            &couch,
            &mut phone,
            &mut laptop,
            ada,
            |c| c.role = format!("Phone role {n}"),
            |c| {
                c.role = format!("Laptop role {n}");
                c.email = format!("laptop{n}@example.org");
            },
        );
        assert_eq!(laptop.conflicts().len(), 1);
        // On the laptop: the laptop's role, but not its email.
        laptop.settle(ada, |c| {
            c.role = format!("Laptop role {n}");
            c.email = String::new();
        });
        laptop.sync(&couch).unwrap();
        phone.sync(&couch).unwrap();
        laptop.sync(&couch).unwrap();
        for device in [&phone, &laptop] {
            let c = device.contact(ada).unwrap();
            assert_eq!(
                (c.role.clone(), c.email.clone()),
                (format!("Laptop role {n}"), String::new()),
                "{} in run {n}",
                device.name
            );
            assert!(device.conflicts().is_empty(), "{} in run {n}", device.name);
        }
    }
}

#[test]
fn a_choice_this_device_never_saw_to_make_is_not_merged_away() {
    for n in 0..12 {
        let couch = FakeCouch::new(SERVER);
        let (mut phone, mut laptop, ada) = two_devices_with_ada(&couch);
        phone.edit(ada, |c| {
            c.role = format!("Phone role {n}");
            c.notes = format!("Phone notes {n}");
        });
        laptop.edit(ada, |c| c.role = format!("Laptop role {n}"));
        phone.sync(&couch).unwrap();
        laptop.sync(&couch).unwrap();
        assert_eq!(laptop.conflicts().len(), 1, "run {n}");
        // The laptop's user takes the phone's role but not its notes; the
        // phone never had the conflict to see.
        laptop.settle(ada, |c| {
            c.role = format!("Phone role {n}");
            c.notes = String::new();
        });
        laptop.sync(&couch).unwrap();
        phone.sync(&couch).unwrap();
        laptop.sync(&couch).unwrap();
        for device in [&phone, &laptop] {
            let c = device.contact(ada).unwrap();
            assert_eq!(
                (c.role.clone(), c.notes.as_str()),
                (format!("Phone role {n}"), ""),
                "{} in run {n}",
                device.name
            );
        }
    }
}

#[test]
fn a_run_that_could_not_reach_the_server_keeps_the_version_to_merge_from() {
    let couch = FakeCouch::new(SERVER);
    let (mut phone, mut laptop, ada) = two_devices_with_ada(&couch);
    couch.fail_after(0, Failure::Down);
    phone.edit(ada, |c| c.role = "Engineer".into());
    // Offline: the run takes the edit into the tree, and sends nothing.
    assert!(phone.sync(&couch).is_err());
    phone.edit(ada, |c| c.notes = "Met again".into());
    couch.heal();
    laptop.edit(ada, |c| c.email = "ada@example.org".into());
    laptop.sync(&couch).unwrap();
    phone.sync(&couch).unwrap();
    // The phone merges on its own pull: nothing was changed on both sides.
    assert!(phone.conflicts().is_empty());
    laptop.sync(&couch).unwrap();
    for device in [&phone, &laptop] {
        let c = device.contact(ada).unwrap();
        assert_eq!(
            (c.role.as_str(), c.notes.as_str(), c.email.as_str()),
            ("Engineer", "Met again", "ada@example.org"),
            "{}",
            device.name
        );
        assert!(device.conflicts().is_empty(), "{}", device.name);
    }
}

#[test]
fn only_the_last_version_both_grew_from_merges() {
    let couch = FakeCouch::new(SERVER);
    let (mut phone, mut laptop, ada) = two_devices_with_ada(&couch);
    phone.edit(ada, |c| c.role = "Engineer".into());
    phone.sync(&couch).unwrap();
    laptop.sync(&couch).unwrap();
    // The laptop clears the role; the phone deletes the contact, takes the
    // delete back and writes notes.
    laptop.edit(ada, |c| c.role = String::new());
    let removed = phone.nb.delete_contact(ada).unwrap().removed;
    phone.save();
    phone.nb.restore(removed);
    phone.save();
    phone.edit(ada, |c| c.notes = "Met again".into());
    for _ in 0..3 {
        phone.sync(&couch).unwrap();
        laptop.sync(&couch).unwrap();
    }
    // Neither change is lost, and no older version stood in for the one
    // both grew from.
    for device in [&phone, &laptop] {
        let c = device.contact(ada).unwrap();
        assert_eq!(
            (c.role.as_str(), c.notes.as_str()),
            ("", "Met again"),
            "{}",
            device.name
        );
        assert!(device.conflicts().is_empty(), "{}", device.name);
    }
}

#[test]
fn a_field_edited_on_both_devices_is_still_a_choice_after_a_merge() {
    let couch = FakeCouch::new(SERVER);
    let (mut phone, mut laptop, ada) = two_devices_with_ada(&couch);
    // Different fields once, merged; then the same field.
    edit_on_both(
        &couch,
        &mut phone,
        &mut laptop,
        ada,
        |c| c.role = "Engineer".into(),
        |c| c.email = "ada@example.org".into(),
    );
    laptop.sync(&couch).unwrap();
    phone.sync(&couch).unwrap();
    edit_on_both(
        &couch,
        &mut phone,
        &mut laptop,
        ada,
        |c| c.role = "Lead".into(),
        |c| c.role = "Manager".into(),
    );
    assert_eq!(phone.conflicts().len(), 1);
    assert_eq!(laptop.conflicts().len(), 1);
    assert_eq!(phone.contact(ada), laptop.contact(ada));
    assert_eq!(phone.conflicts()[0].versions[0].fields, ["role"]);
}

#[test]
fn the_same_edit_made_on_two_devices_is_not_a_conflict() {
    let couch = FakeCouch::new(SERVER);
    let (mut phone, mut laptop, ada) = two_devices_with_ada(&couch);
    edit_on_both(
        &couch,
        &mut phone,
        &mut laptop,
        ada,
        |c| c.role = "Engineer".into(),
        |c| c.role = "Engineer".into(),
    );
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
    let (mut phone, mut laptop, ada) = two_devices_with_ada(&couch);
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

mod interleavings {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    #[derive(Clone, Debug)]
    enum Step {
        /// Device 0 or 1 writes a new value into contact `c`'s notes or role.
        Edit {
            device: usize,
            contact: usize,
            notes: bool,
        },
        Sync {
            device: usize,
        },
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            3 => (0..2usize, 0..2usize, any::<bool>())
                .prop_map(|(device, contact, notes)| Step::Edit { device, contact, notes }),
            2 => (0..2usize).prop_map(|device| Step::Sync { device }),
        ]
    }

    fn field(c: &Contact, notes: bool) -> String {
        if notes {
            c.notes.clone()
        } else {
            c.role.clone()
        }
    }

    /// Every value a device could still see somewhere: shown, or kept as a
    /// version to choose from.
    fn visible(device: &Device) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for c in &device.nb.contacts {
            out.insert(c.notes.clone());
            out.insert(c.role.clone());
        }
        for conflict in device.conflicts() {
            for v in conflict.versions {
                if let Some(Record::Contact(c)) = v.record {
                    out.insert(c.notes);
                    out.insert(c.role);
                }
            }
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Whatever order two devices edit and sync in, they end showing
        /// the same notebook, and no value is lost unless the device that
        /// replaced it had it on screen.
        #[test]
        fn two_devices_converge_and_lose_no_edit(steps in prop::collection::vec(step(), 1..30)) {
            let couch = FakeCouch::new(SERVER);
            let mut devices = [Device::new("phone"), Device::new("laptop")];
            let ids = [devices[0].add("Ada"), devices[0].add("Grace")];
            devices[0].sync(&couch).unwrap();
            devices[1].sync(&couch).unwrap();
            let mut written: BTreeSet<String> = BTreeSet::new();
            let mut replaced: BTreeSet<String> = BTreeSet::new();
            for (n, step) in steps.into_iter().enumerate() {
                match step {
                    Step::Edit { device, contact, notes } => {
                        let d = &mut devices[device];
                        let value = format!("v{n}");
                        if let Some(old) = d.contact(ids[contact]).map(|c| field(c, notes)) {
                            replaced.insert(old);
                        }
                        d.edit(ids[contact], |c| if notes { c.notes = value.clone() } else { c.role = value.clone() });
                        written.insert(value);
                    }
                    Step::Sync { device } => devices[device].sync(&couch).unwrap(),
                }
            }
            for _ in 0..2 {
                for d in devices.iter_mut() {
                    d.sync(&couch).unwrap();
                }
            }
            let mut shown: Vec<Vec<Contact>> = devices
                .iter()
                .map(|d| {
                    let mut cs = d.nb.contacts.clone();
                    cs.sort_by_key(|c| c.id);
                    cs
                })
                .collect();
            let laptop = shown.pop().unwrap();
            prop_assert_eq!(&shown[0], &laptop);
            let seen: BTreeSet<String> = visible(&devices[0]).union(&visible(&devices[1])).cloned().collect();
            for value in written.difference(&replaced) {
                prop_assert!(seen.contains(value), "{} was lost", value);
            }
            // And after a reload each shows what it stored.
            let by_id = |d: &Device| {
                let mut cs = d.nb.contacts.clone();
                cs.sort_by_key(|c| c.id);
                cs
            };
            for d in devices.iter_mut() {
                let before = by_id(d);
                d.reload();
                prop_assert_eq!(by_id(d), before);
            }
        }
    }
}

/// Several saves offline, each followed by the run that fails to reach the
/// server: once back, the device's own older version must not come back as
/// a conflict (its history must still reach what the server holds).
#[test]
fn edits_over_many_offline_runs_do_not_conflict_with_themselves() {
    let couch = FakeCouch::new(SERVER);
    let (mut phone, mut laptop, ada) = two_devices_with_ada(&couch);
    couch.fail_after(0, Failure::Down);
    for notes in ["one", "two", "three", "four", "five"] {
        phone.edit(ada, |c| c.notes = notes.into());
        assert!(matches!(phone.sync(&couch), Err(SyncError::Unreachable(_))));
    }
    couch.heal();
    phone.sync(&couch).unwrap();
    laptop.sync(&couch).unwrap();
    let id = DocKey::new(Kind::Contact, ada).doc_id();
    assert_eq!(laptop.contact(ada).unwrap().notes, "five");
    assert!(phone.conflicts().is_empty() && laptop.conflicts().is_empty());
    assert!(couch.doc(&id).unwrap().conflicts().is_empty());
}

/// Edits then a delete over offline runs: once back the record stays
/// deleted everywhere (an old branch would beat the deletion).
#[test]
fn a_record_edited_then_deleted_over_offline_runs_stays_deleted() {
    let couch = FakeCouch::new(SERVER);
    let (mut phone, mut laptop, ada) = two_devices_with_ada(&couch);
    couch.fail_after(0, Failure::Down);
    for notes in ["one", "two", "three"] {
        phone.edit(ada, |c| c.notes = notes.into());
        assert!(matches!(phone.sync(&couch), Err(SyncError::Unreachable(_))));
    }
    phone.nb.delete_contact(ada).unwrap();
    assert!(matches!(phone.sync(&couch), Err(SyncError::Unreachable(_))));
    couch.heal();
    phone.sync(&couch).unwrap();
    laptop.sync(&couch).unwrap();
    assert!(phone.contact(ada).is_none(), "back on the phone");
    assert!(laptop.contact(ada).is_none(), "back on the laptop");
}

/// A save while a run waits on the network is sent by that run; the next
/// save must follow it, not stand beside it.
#[test]
fn a_save_during_a_run_then_another_save_does_not_conflict_or_go_back() {
    for i in 0..8 {
        let couch = FakeCouch::new(SERVER);
        let (mut phone, mut laptop, ada) = two_devices_with_ada(&couch);
        let (during, after) = (format!("ab{i}"), format!("abc{i}"));
        phone.edit(ada, |c| c.notes = "a".into());
        let mut docs = RecordDocs::open(phone.store.clone(), || unreachable!()).unwrap();
        docs.prepare().unwrap();
        let options = SyncOptions::new("phone-mid", NOW);
        block_on(crate::sync::pull(&mut docs, &couch, &options)).unwrap();
        // Typing goes on while the run waits on the network.
        phone.edit(ada, |c| c.notes = during.clone());
        block_on(crate::sync::push(&mut docs, &couch, &options)).unwrap();
        for key in docs.take_touched().keys {
            for change in phone.repo.take_external(&key, &phone.nb, NOW).changes {
                change.apply(&mut phone.nb);
            }
        }
        drop(docs);
        phone.edit(ada, |c| c.notes = after.clone());
        phone.sync(&couch).unwrap();
        laptop.sync(&couch).unwrap();
        phone.sync(&couch).unwrap();
        let id = DocKey::new(Kind::Contact, ada).doc_id();
        assert_eq!(
            (
                phone.contact(ada).unwrap().notes.as_str(),
                laptop.contact(ada).unwrap().notes.as_str(),
                couch.doc(&id).unwrap().conflicts().len()
            ),
            (after.as_str(), after.as_str(), 0),
            "case {i}"
        );
    }
}

#[test]
fn fields_a_newer_device_wrote_survive_an_edit_on_this_one() {
    let couch = FakeCouch::new(SERVER);
    // A device on a newer Rapport stores Ada with a field this one lacks.
    let mut newer = crate::sync::MemoryDocs::new("newer");
    newer
        .edit(
            "contact:12",
            serde_json::json!({"type": "contact", "id": 12, "name": "Ada", "list": "B",
                               "pronouns": "she/her"}),
        )
        .unwrap();
    block_on(sync(&mut newer, &couch, &SyncOptions::new("n", NOW))).unwrap();
    let mut phone = Device::new("phone");
    phone.sync(&couch).unwrap();
    assert_eq!(phone.nb.contact(12).map(|c| c.name.as_str()), Some("Ada"));
    phone.edit(12, |c| c.notes = "Met at the meetup".into());
    phone.sync(&couch).unwrap();
    let doc = couch.doc("contact:12").unwrap();
    let body = doc.leaves.get(&doc.winner().unwrap().rev).unwrap();
    assert_eq!(
        body.get("notes"),
        Some(&serde_json::json!("Met at the meetup"))
    );
    assert_eq!(body.get("pronouns"), Some(&serde_json::json!("she/her")));
}
