//! Referral chains: who introduced the user to whom, and the ways into a
//! target organization that those introductions open up.
//!
//! `referred_by` links are user data, so they may point at deleted contacts
//! or loop back on themselves; every walk here stops at a gap or a revisit
//! instead of trusting the links.

use std::collections::{HashMap, HashSet, VecDeque};

use super::search::normalize;
use super::{Contact, Id, ListKind};

/// One step of a chain of introductions, read from the user towards a contact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChainStep {
    /// The user, who knows the next contact directly.
    You,
    /// A contact in the notebook.
    Contact(Id),
    /// A referrer that has been deleted; what came before it is unknown.
    Removed(Id),
    /// The links loop back to this contact, so the chain has no real start.
    Cycle(Id),
}

/// Maps each id to its contact, the first one winning if an id is duplicated.
fn index_by_id(contacts: &[Contact]) -> HashMap<Id, &Contact> {
    let mut by_id = HashMap::with_capacity(contacts.len());
    for contact in contacts {
        by_id.entry(contact.id).or_insert(contact);
    }
    by_id
}

/// The chain of introductions from the user to contact `id`; empty if `id` is unknown.
pub fn chain_to(contacts: &[Contact], id: Id) -> Vec<ChainStep> {
    let by_id = index_by_id(contacts);
    let Some(mut current) = by_id.get(&id).copied() else {
        return Vec::new();
    };
    let mut seen = HashSet::new();
    // Built from the contact back to its origin, then reversed once.
    let mut steps = Vec::new();
    loop {
        seen.insert(current.id);
        steps.push(ChainStep::Contact(current.id));
        let Some(referrer) = current.referred_by else {
            steps.push(ChainStep::You);
            break;
        };
        if seen.contains(&referrer) {
            steps.push(ChainStep::Cycle(referrer));
            break;
        }
        match by_id.get(&referrer) {
            Some(next) => current = next,
            None => {
                // Never skip over the gap: joining the ends would credit an
                // introduction to someone who did not make it.
                steps.push(ChainStep::Removed(referrer));
                break;
            }
        }
    }
    steps.reverse();
    steps
}

/// The contacts that `id` introduced the user to, by name (ignoring case and accents), then id.
pub fn referred_by_contact(contacts: &[Contact], id: Id) -> Vec<Id> {
    let mut referred: Vec<&Contact> = contacts
        .iter()
        .filter(|contact| contact.referred_by == Some(id))
        .collect();
    referred.sort_by_cached_key(|contact| contact.name_key());
    referred.into_iter().map(|contact| contact.id).collect()
}

/// A chain of introductions from a list A or B contact (first) to someone at an organization (last).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WayIn {
    /// Contact ids where each one was referred by the one before it.
    pub path: Vec<Id>,
}

/// The shortest way in to each reachable contact at `org_id`, best first; empty means no way in yet.
pub fn ways_in(contacts: &[Contact], org_id: Id) -> Vec<WayIn> {
    // Ids are unique in a notebook; should one be duplicated anyway, only its
    // first contact takes part, as in `chain_to`, so paths cannot fork on it.
    let mut owned_ids = HashSet::with_capacity(contacts.len());
    let people: Vec<&Contact> = contacts
        .iter()
        .filter(|contact| owned_ids.insert(contact.id))
        .collect();
    let index_of: HashMap<Id, usize> = people
        .iter()
        .enumerate()
        .map(|(index, contact)| (contact.id, index))
        .collect();

    // Links to removed contacts get no entry, so nobody is reachable through
    // a gap in the chain.
    let mut referred: HashMap<usize, Vec<usize>> = HashMap::new();
    for (index, contact) in people.iter().enumerate() {
        if let Some(&referrer) = contact.referred_by.and_then(|id| index_of.get(&id)) {
            referred.entry(referrer).or_default().push(index);
        }
    }

    // One breadth-first search from every list A and B contact at once finds
    // the nearest starting point of each contact in O(contacts). Each contact
    // has a single referrer, so its shortest path is unique (the walk back to
    // the nearest A or B contact) and no tie between paths to the same
    // contact can arise.
    let mut came_from: Vec<Option<usize>> = vec![None; people.len()];
    let mut reached = vec![false; people.len()];
    let mut queue = VecDeque::new();
    for (index, contact) in people.iter().enumerate() {
        if matches!(contact.list, ListKind::A | ListKind::B) {
            reached[index] = true;
            queue.push_back(index);
        }
    }
    while let Some(index) = queue.pop_front() {
        for &next in referred.get(&index).map(Vec::as_slice).unwrap_or_default() {
            if !reached[next] {
                reached[next] = true;
                came_from[next] = Some(index);
                queue.push_back(next);
            }
        }
    }

    let mut found: Vec<Vec<usize>> = people
        .iter()
        .enumerate()
        .filter(|(index, contact)| reached[*index] && contact.organization == Some(org_id))
        .map(|(target, _)| {
            let mut path = vec![target];
            let mut current = target;
            while let Some(previous) = came_from[current] {
                path.push(previous);
                current = previous;
            }
            path.reverse();
            path
        })
        .collect();
    // Shortest first, as every extra introduction is another favour to ask;
    // then decision makers, then the closer personal list A before list B;
    // names and ids only make the order stable for the screen.
    found.sort_by_cached_key(|path| {
        let first = people[path[0]];
        let last = people[path[path.len() - 1]];
        (
            path.len(),
            !last.decision_maker,
            first.list,
            path.iter()
                .map(|&index| normalize(&people[index].name))
                .collect::<Vec<_>>(),
            path.iter()
                .map(|&index| people[index].id)
                .collect::<Vec<_>>(),
        )
    });
    found
        .into_iter()
        .map(|path| WayIn {
            path: path.into_iter().map(|index| people[index].id).collect(),
        })
        .collect()
}

/// Whether making `new_referrer` the referrer of `id` would close a loop of referrals.
pub fn would_create_cycle(contacts: &[Contact], id: Id, new_referrer: Option<Id>) -> bool {
    let Some(mut current) = new_referrer else {
        return false;
    };
    let by_id = index_by_id(contacts);
    // `id`'s own current link is about to be replaced, so the walk stops as
    // soon as it reaches `id` rather than following that link.
    let mut seen = HashSet::new();
    loop {
        if current == id {
            return true;
        }
        // An existing loop that does not pass through `id` is not this
        // change's doing, but it must still end the walk.
        if !seen.insert(current) {
            return false;
        }
        match by_id.get(&current).and_then(|contact| contact.referred_by) {
            Some(next) => current = next,
            None => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ChainStep::{Contact as C, Cycle, Removed, You};
    use super::*;
    use proptest::prelude::*;

    const ACME: Id = 100;
    const GLOBEX: Id = 200;

    fn person(id: Id, name: &str, list: ListKind, referred_by: Option<Id>) -> Contact {
        Contact {
            id,
            name: name.to_string(),
            list,
            referred_by,
            ..Contact::default()
        }
    }

    fn at(org: Id, contact: Contact) -> Contact {
        Contact {
            organization: Some(org),
            ..contact
        }
    }

    fn decision_maker(contact: Contact) -> Contact {
        Contact {
            decision_maker: true,
            ..contact
        }
    }

    fn paths(ways: &[WayIn]) -> Vec<Vec<Id>> {
        ways.iter().map(|way| way.path.clone()).collect()
    }

    /// Ana (A) referred the user to Ben (B), who referred them to Carla (C, at Acme).
    fn ana_ben_carla() -> Vec<Contact> {
        vec![
            person(1, "Ana", ListKind::A, None),
            person(2, "Ben", ListKind::B, Some(1)),
            at(ACME, person(3, "Carla", ListKind::C, Some(2))),
        ]
    }

    #[test]
    fn chain_follows_referrals_from_the_user() {
        let contacts = ana_ben_carla();
        assert_eq!(chain_to(&contacts, 3), vec![You, C(1), C(2), C(3)]);
        assert_eq!(chain_to(&contacts, 2), vec![You, C(1), C(2)]);
    }

    #[test]
    fn direct_contact_chain_is_just_you_and_them() {
        let contacts = ana_ben_carla();
        assert_eq!(chain_to(&contacts, 1), vec![You, C(1)]);
    }

    #[test]
    fn unknown_contact_has_no_chain() {
        assert_eq!(chain_to(&ana_ben_carla(), 42), vec![]);
        assert_eq!(chain_to(&[], 1), vec![]);
    }

    #[test]
    fn removed_referrer_shows_as_a_gap() {
        // Ben (2) was deleted: Carla's chain must stop at the gap rather
        // than pretend Ana introduced Carla.
        let mut contacts = ana_ben_carla();
        contacts.remove(1);
        assert_eq!(chain_to(&contacts, 3), vec![Removed(2), C(3)]);
        assert_eq!(chain_to(&contacts, 1), vec![You, C(1)]);
    }

    #[test]
    fn removed_referrer_further_back_keeps_the_known_part() {
        let contacts = vec![
            person(2, "Ben", ListKind::B, Some(1)),
            person(3, "Carla", ListKind::C, Some(2)),
            person(4, "Dan", ListKind::C, Some(3)),
        ];
        assert_eq!(chain_to(&contacts, 4), vec![Removed(1), C(2), C(3), C(4)]);
    }

    #[test]
    fn self_referral_is_a_cycle() {
        let contacts = vec![person(1, "Ana", ListKind::A, Some(1))];
        assert_eq!(chain_to(&contacts, 1), vec![Cycle(1), C(1)]);
    }

    #[test]
    fn two_contacts_referring_each_other_are_a_cycle() {
        let contacts = vec![
            person(1, "Ana", ListKind::A, Some(2)),
            person(2, "Ben", ListKind::B, Some(1)),
        ];
        assert_eq!(chain_to(&contacts, 1), vec![Cycle(1), C(2), C(1)]);
        assert_eq!(chain_to(&contacts, 2), vec![Cycle(2), C(1), C(2)]);
    }

    #[test]
    fn three_contact_cycle_and_a_tail_into_it() {
        let contacts = vec![
            person(1, "Ana", ListKind::A, Some(3)),
            person(2, "Ben", ListKind::B, Some(1)),
            person(3, "Carla", ListKind::C, Some(2)),
            person(4, "Dan", ListKind::C, Some(3)),
        ];
        assert_eq!(chain_to(&contacts, 1), vec![Cycle(1), C(2), C(3), C(1)]);
        // Dan is not on the loop: the chain closes where the loop does.
        assert_eq!(
            chain_to(&contacts, 4),
            vec![Cycle(3), C(1), C(2), C(3), C(4)]
        );
    }

    #[test]
    fn long_chain_does_not_recurse() {
        let contacts: Vec<Contact> = (1..=5_000)
            .map(|id| person(id, "X", ListKind::C, (id > 1).then(|| id - 1)))
            .collect();
        let chain = chain_to(&contacts, 5_000);
        assert_eq!(chain.len(), 5_001);
        assert_eq!(chain[0], You);
        assert_eq!(chain[5_000], C(5_000));
    }

    #[test]
    fn referred_by_contact_sorts_by_name_then_id() {
        let contacts = vec![
            person(1, "Ana", ListKind::A, None),
            person(5, "zoe", ListKind::C, Some(1)),
            person(4, "Émile", ListKind::C, Some(1)),
            person(3, "bob", ListKind::B, Some(1)),
            person(2, "Bob", ListKind::B, Some(1)),
            person(6, "Carl", ListKind::C, Some(2)),
            person(7, "Dee", ListKind::C, None),
        ];
        assert_eq!(referred_by_contact(&contacts, 1), vec![2, 3, 4, 5]);
        assert_eq!(referred_by_contact(&contacts, 2), vec![6]);
        assert_eq!(referred_by_contact(&contacts, 7), Vec::<Id>::new());
    }

    #[test]
    fn referred_by_contact_lists_people_of_a_removed_referrer() {
        let contacts = vec![person(3, "Carla", ListKind::C, Some(2))];
        assert_eq!(referred_by_contact(&contacts, 2), vec![3]);
    }

    #[test]
    fn ways_in_follow_referrals_to_the_organization() {
        let contacts = ana_ben_carla();
        // Ben is the nearest A/B contact, so going through Ana is longer.
        assert_eq!(paths(&ways_in(&contacts, ACME)), vec![vec![2, 3]]);
    }

    #[test]
    fn no_way_in_without_a_path() {
        let contacts = vec![
            person(1, "Ana", ListKind::A, None),
            at(ACME, person(2, "Carla", ListKind::C, None)),
            at(ACME, person(3, "Dan", ListKind::C, Some(2))),
        ];
        assert_eq!(ways_in(&contacts, ACME), vec![]);
        assert_eq!(ways_in(&contacts, GLOBEX), vec![]);
        assert_eq!(ways_in(&[], ACME), vec![]);
    }

    #[test]
    fn an_a_list_contact_at_the_organization_is_a_way_in_alone() {
        let contacts = vec![at(ACME, person(1, "Ana", ListKind::A, None))];
        assert_eq!(paths(&ways_in(&contacts, ACME)), vec![vec![1]]);
    }

    #[test]
    fn shortest_path_wins_over_a_longer_one() {
        // Ana -> Cleo -> Ben -> Dan: Ben (B) is closer to Dan than Ana is.
        let contacts = vec![
            person(1, "Ana", ListKind::A, None),
            person(2, "Cleo", ListKind::C, Some(1)),
            person(3, "Ben", ListKind::B, Some(2)),
            at(ACME, person(4, "Dan", ListKind::C, Some(3))),
        ];
        assert_eq!(paths(&ways_in(&contacts, ACME)), vec![vec![3, 4]]);
    }

    #[test]
    fn everyone_reachable_at_the_organization_gets_a_way_in() {
        let contacts = vec![
            person(1, "Ben", ListKind::B, None),
            at(ACME, person(2, "Carla", ListKind::C, Some(1))),
            at(ACME, person(3, "Dan", ListKind::C, Some(2))),
            at(GLOBEX, person(4, "Eve", ListKind::C, Some(1))),
        ];
        assert_eq!(
            paths(&ways_in(&contacts, ACME)),
            vec![vec![1, 2], vec![1, 2, 3]]
        );
        assert_eq!(paths(&ways_in(&contacts, GLOBEX)), vec![vec![1, 4]]);
    }

    #[test]
    fn ties_go_to_decision_makers_then_list_a_then_names_then_ids() {
        let contacts = vec![
            person(1, "Bea", ListKind::B, None),
            person(2, "zed", ListKind::A, None),
            person(3, "Abe", ListKind::A, None),
            at(ACME, person(10, "Quinn", ListKind::C, Some(1))),
            at(ACME, person(11, "Pat", ListKind::C, Some(2))),
            at(ACME, person(12, "Sam", ListKind::C, Some(3))),
            at(ACME, person(13, "Rae", ListKind::C, Some(3))),
            at(ACME, person(15, "Rae", ListKind::C, Some(3))),
            at(ACME, person(14, "Rae", ListKind::C, Some(3))),
            at(
                ACME,
                decision_maker(person(16, "Val", ListKind::C, Some(1))),
            ),
            at(ACME, person(17, "Ian", ListKind::C, Some(10))),
            at(ACME, person(18, "Ann", ListKind::A, None)),
        ];
        assert_eq!(
            paths(&ways_in(&contacts, ACME)),
            vec![
                // Shortest first, even though nobody there is a decision maker.
                vec![18],
                // Decision maker first, although reached from list B.
                vec![1, 16],
                // Then list A before list B; within list A by the names
                // along the path ("abe" before "zed", "rae" before "sam"),
                // and by id where the names are the same.
                vec![3, 13],
                vec![3, 14],
                vec![3, 15],
                vec![3, 12],
                vec![2, 11],
                vec![1, 10],
                vec![1, 10, 17],
            ]
        );
    }

    #[test]
    fn removed_contacts_break_a_way_in() {
        // Ben (2) was deleted: Carla is no longer reachable from Ana.
        let mut contacts = ana_ben_carla();
        contacts.remove(1);
        assert_eq!(ways_in(&contacts, ACME), vec![]);
        // A link that still exists elsewhere keeps its own way in.
        contacts.push(person(4, "Dora", ListKind::B, None));
        contacts.push(at(ACME, person(5, "Eli", ListKind::C, Some(4))));
        assert_eq!(paths(&ways_in(&contacts, ACME)), vec![vec![4, 5]]);
    }

    #[test]
    fn cycles_do_not_loop_ways_in() {
        let contacts = vec![
            person(1, "Ana", ListKind::A, Some(3)),
            at(ACME, person(2, "Ben", ListKind::C, Some(1))),
            at(ACME, person(3, "Carla", ListKind::C, Some(2))),
            at(GLOBEX, person(4, "Dan", ListKind::C, Some(5))),
            at(GLOBEX, person(5, "Eve", ListKind::C, Some(4))),
        ];
        assert_eq!(
            paths(&ways_in(&contacts, ACME)),
            vec![vec![1, 2], vec![1, 2, 3]]
        );
        assert_eq!(ways_in(&contacts, GLOBEX), vec![]);
    }

    #[test]
    fn ways_in_scale_to_thousands_of_contacts() {
        // 1,000 A/B contacts each introducing one person at one of ten
        // organizations, who in turn introduces a colleague.
        let mut contacts = Vec::new();
        for i in 0..1_000u64 {
            let list = if i % 2 == 0 { ListKind::A } else { ListKind::B };
            contacts.push(person(i, "Source", list, None));
        }
        for i in 0..500u64 {
            let org = i % 10;
            contacts.push(at(org, person(1_000 + i, "Inside", ListKind::C, Some(i))));
            contacts.push(at(
                org,
                person(2_000 + i, "Colleague", ListKind::C, Some(1_000 + i)),
            ));
        }
        for org in 0..10 {
            let ways = ways_in(&contacts, org);
            assert_eq!(ways.len(), 100);
            assert!(ways[..50].iter().all(|way| way.path.len() == 2));
            assert!(ways[50..].iter().all(|way| way.path.len() == 3));
        }
    }

    #[test]
    fn cycle_checks_for_validation() {
        let contacts = vec![
            person(1, "Ana", ListKind::A, None),
            person(2, "Ben", ListKind::B, Some(1)),
            person(3, "Carla", ListKind::C, Some(2)),
            person(4, "Dan", ListKind::C, Some(5)),
            person(5, "Eve", ListKind::C, Some(4)),
        ];
        assert!(would_create_cycle(&contacts, 1, Some(1)));
        assert!(would_create_cycle(&contacts, 1, Some(2)));
        assert!(would_create_cycle(&contacts, 1, Some(3)));
        assert!(would_create_cycle(&contacts, 2, Some(3)));
        assert!(!would_create_cycle(&contacts, 1, None));
        assert!(!would_create_cycle(&contacts, 3, Some(1)));
        assert!(!would_create_cycle(&contacts, 1, Some(99)));
        // Joining an existing loop that does not pass through Ana.
        assert!(!would_create_cycle(&contacts, 1, Some(4)));
        // A contact that is not saved yet, or whose id is unknown.
        assert!(would_create_cycle(&contacts, 42, Some(42)));
        assert!(!would_create_cycle(&contacts, 42, Some(3)));
    }

    #[test]
    fn cycle_check_sees_links_through_the_contact_itself() {
        // Ben still points at Ana's id after Ana was deleted; re-adding a
        // contact with that id under Ben would close the loop.
        let contacts = vec![person(2, "Ben", ListKind::B, Some(1))];
        assert!(would_create_cycle(&contacts, 1, Some(2)));
    }

    /// A shuffled notebook of up to 60 contacts with random links (some to missing ids), organizations and lists.
    fn notebook() -> impl Strategy<Value = Vec<Contact>> {
        const NAMES: [&str; 5] = ["Ana", "ana", "Ben", "Émile", "zoe"];
        (0usize..60)
            .prop_flat_map(|n| {
                let missing = n as Id + 6;
                proptest::collection::vec(
                    (
                        prop_oneof![Just(ListKind::A), Just(ListKind::B), Just(ListKind::C)],
                        proptest::option::weighted(0.8, 0..missing),
                        proptest::option::of(1..4 as Id),
                        any::<bool>(),
                        0..NAMES.len(),
                    ),
                    n,
                )
            })
            .prop_map(|rows| {
                rows.into_iter()
                    .enumerate()
                    .map(|(i, (list, referred_by, organization, dm, name))| Contact {
                        id: i as Id + 1,
                        name: NAMES[name].to_string(),
                        list,
                        referred_by,
                        organization,
                        decision_maker: dm,
                        ..Contact::default()
                    })
                    .collect::<Vec<_>>()
            })
            .prop_shuffle()
    }

    fn find(contacts: &[Contact], id: Id) -> Option<&Contact> {
        contacts.iter().find(|contact| contact.id == id)
    }

    /// Fewest contacts on any referral path from an A/B contact to `target`, by plain BFS from each source.
    fn naive_shortest(contacts: &[Contact], target: Id) -> Option<usize> {
        let mut best: Option<usize> = None;
        for source in contacts.iter().filter(|c| c.list != ListKind::C) {
            let mut dist: HashMap<Id, usize> = HashMap::from([(source.id, 1)]);
            let mut queue = VecDeque::from([source.id]);
            while let Some(id) = queue.pop_front() {
                let d = dist[&id];
                for next in contacts.iter().filter(|c| c.referred_by == Some(id)) {
                    if let std::collections::hash_map::Entry::Vacant(slot) = dist.entry(next.id) {
                        slot.insert(d + 1);
                        queue.push_back(next.id);
                    }
                }
            }
            if let Some(&d) = dist.get(&target) {
                best = Some(best.map_or(d, |b| b.min(d)));
            }
        }
        best
    }

    proptest! {
        #[test]
        fn chains_are_real_and_never_repeat(contacts in notebook(), probe in 0..70 as Id) {
            if find(&contacts, probe).is_none() {
                prop_assert!(chain_to(&contacts, probe).is_empty());
            }
            for contact in &contacts {
                let chain = chain_to(&contacts, contact.id);
                prop_assert!(chain.len() >= 2);
                prop_assert_eq!(chain.last(), Some(&C(contact.id)));
                let ids: Vec<Id> = chain[1..]
                    .iter()
                    .map(|step| match step {
                        C(id) => Ok(*id),
                        other => Err(other.clone()),
                    })
                    .collect::<Result<_, _>>()
                    .map_err(|step| TestCaseError::fail(format!("{step:?} after the start")))?;
                let unique: HashSet<Id> = ids.iter().copied().collect();
                prop_assert_eq!(unique.len(), ids.len());
                for pair in ids.windows(2) {
                    prop_assert_eq!(find(&contacts, pair[1]).unwrap().referred_by, Some(pair[0]));
                }
                let first = find(&contacts, ids[0]).unwrap();
                match chain[0] {
                    You => prop_assert_eq!(first.referred_by, None),
                    Removed(gone) => {
                        prop_assert_eq!(first.referred_by, Some(gone));
                        prop_assert!(find(&contacts, gone).is_none());
                    }
                    Cycle(closed) => {
                        prop_assert_eq!(first.referred_by, Some(closed));
                        prop_assert!(unique.contains(&closed));
                    }
                    C(_) => prop_assert!(false, "chain starts with a contact"),
                }
            }
        }

        #[test]
        fn ways_in_are_real_shortest_and_ordered(
            contacts in notebook(),
            org in 1..5 as Id,
        ) {
            let ways = ways_in(&contacts, org);
            let mut targets = HashSet::new();
            for way in &ways {
                let path = &way.path;
                prop_assert!(!path.is_empty());
                let unique: HashSet<Id> = path.iter().copied().collect();
                prop_assert_eq!(unique.len(), path.len());
                prop_assert_ne!(find(&contacts, path[0]).unwrap().list, ListKind::C);
                let target = find(&contacts, *path.last().unwrap()).unwrap();
                prop_assert_eq!(target.organization, Some(org));
                for pair in path.windows(2) {
                    prop_assert_eq!(find(&contacts, pair[1]).unwrap().referred_by, Some(pair[0]));
                }
                prop_assert!(targets.insert(target.id), "two ways in to {}", target.id);
                prop_assert_eq!(Some(path.len()), naive_shortest(&contacts, target.id));
            }
            for pair in ways.windows(2) {
                prop_assert!(pair[0].path.len() <= pair[1].path.len());
            }
            // Everyone at the organization whom some path reaches is listed.
            for contact in contacts.iter().filter(|c| c.organization == Some(org)) {
                prop_assert_eq!(
                    targets.contains(&contact.id),
                    naive_shortest(&contacts, contact.id).is_some()
                );
            }
            // The order does not depend on how the notebook is stored.
            let mut reversed = contacts.clone();
            reversed.reverse();
            prop_assert_eq!(ways_in(&reversed, org), ways);
        }

        #[test]
        fn cycle_check_agrees_with_chains(
            contacts in notebook(),
            id in 1..70 as Id,
            new_referrer in proptest::option::of(0..70 as Id),
        ) {
            let predicted = would_create_cycle(&contacts, id, new_referrer);
            let mut changed = contacts.clone();
            match changed.iter_mut().find(|contact| contact.id == id) {
                Some(contact) => contact.referred_by = new_referrer,
                None => changed.push(Contact { id, referred_by: new_referrer, ..Contact::default() }),
            }
            let chain = chain_to(&changed, id);
            prop_assert_eq!(predicted, chain.first() == Some(&Cycle(id)));
        }
    }
}
