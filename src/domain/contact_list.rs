//! The Contacts screen's list: which contacts match the search and list
//! chosen, in the order chosen, and how each row reads.

use super::search::{ContactIndex, ContactOrder, ListCounts};
use super::{Contact, Id, ListKind, Notebook};

/// How many rows show before "Show more": about two screens' worth on a
/// phone. Each keystroke can swap every row shown, and that DOM work, not
/// the search, is what a keystroke costs with a large network: at 50 rows
/// the first letter typed took longer than a frame.
pub const CONTACT_PAGE: usize = 25;

/// The orders the user can pick.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ContactSort {
    #[default]
    Name,
    Recent,
    LastContacted,
}

impl ContactSort {
    pub const ALL: [ContactSort; 3] = [
        ContactSort::Name,
        ContactSort::Recent,
        ContactSort::LastContacted,
    ];

    /// The value the choice is sent as.
    pub fn value(self) -> &'static str {
        match self {
            ContactSort::Name => "name",
            ContactSort::Recent => "recent",
            ContactSort::LastContacted => "last",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ContactSort::Name => "Name",
            ContactSort::Recent => "Recently added",
            ContactSort::LastContacted => "Last contacted",
        }
    }

    /// The choice sent as `value`; anything else sorts by name.
    pub fn from_value(value: &str) -> Self {
        ContactSort::ALL
            .into_iter()
            .find(|s| s.value() == value)
            .unwrap_or_default()
    }
}

/// Positions in `nb.contacts` of the contacts matching `query` on `list`
/// (`None`: all lists), in `sort` order.
pub fn matching_contacts(
    nb: &Notebook,
    index: &ContactIndex,
    query: &str,
    list: Option<ListKind>,
    sort: ContactSort,
) -> Vec<usize> {
    let last;
    let order = match sort {
        ContactSort::Name => ContactOrder::Name,
        ContactSort::Recent => ContactOrder::Recent,
        ContactSort::LastContacted => {
            last = nb.last_contacted_all();
            ContactOrder::LastContacted(&last)
        }
    };
    index.search(query, list, order)
}

/// One contact as the list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ContactRow {
    pub id: Id,
    pub name: String,
    pub list: ListKind,
    /// Organization and role, whichever are known: "Acme · Engineer".
    pub sub: String,
}

impl ContactRow {
    pub fn new(nb: &Notebook, c: &Contact) -> Self {
        let org = nb.organization_name(c).unwrap_or_default();
        let sub = [org, c.role.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
        ContactRow {
            id: c.id,
            name: c.name.clone(),
            list: c.list,
            sub,
        }
    }
}

/// The first `n` rows of `visible` (positions from [`matching_contacts`]).
pub fn contact_rows(nb: &Notebook, visible: &[usize], n: usize) -> Vec<ContactRow> {
    visible
        .iter()
        .take(n)
        .filter_map(|&i| nb.contacts.get(i))
        .map(|c| ContactRow::new(nb, c))
        .collect()
}

/// How many contacts a filter chip counts.
pub fn count_for(counts: &ListCounts, list: Option<ListKind>) -> usize {
    match list {
        None => counts.all,
        Some(ListKind::A) => counts.a,
        Some(ListKind::B) => counts.b,
        Some(ListKind::C) => counts.c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_read_organization_then_role_and_sorts_round_trip() {
        let mut nb = Notebook::default();
        let acme = crate::domain::notebook::tests::add_org(&mut nb, "Acme", 1);
        for (name, org, role, list) in [
            ("Zoe", Some(acme), "Engineer", ListKind::C),
            ("Ana", None, "", ListKind::A),
            ("Ben", None, "Mentor", ListKind::B),
        ] {
            nb.add_contact(
                Contact {
                    name: name.into(),
                    organization: org,
                    role: role.into(),
                    list,
                    ..Contact::default()
                },
                2,
            )
            .unwrap();
        }
        let index = ContactIndex::new(&nb.contacts, |c| nb.organization_name(c));
        let all = matching_contacts(&nb, &index, "", None, ContactSort::Name);
        let rows = contact_rows(&nb, &all, 2);
        let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["Ana", "Ben"]);
        assert_eq!(rows[1].sub, "Mentor");
        let zoe = matching_contacts(&nb, &index, "acme", None, ContactSort::Recent);
        assert_eq!(contact_rows(&nb, &zoe, 50)[0].sub, "Acme · Engineer");
        assert!(
            matching_contacts(&nb, &index, "", Some(ListKind::B), ContactSort::Name).len() == 1
        );
        for sort in ContactSort::ALL {
            assert_eq!(ContactSort::from_value(sort.value()), sort);
        }
        assert_eq!(ContactSort::from_value("?"), ContactSort::Name);
        let counts = crate::domain::search::list_counts(&nb.contacts);
        assert_eq!(count_for(&counts, None), 3);
        assert_eq!(count_for(&counts, Some(ListKind::C)), 1);
    }
}
