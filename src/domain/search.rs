//! Loose text search over contacts and the per-list counts shown beside it.
//!
//! Job seekers type names the way they remember them, so "jose" has to find
//! "José" and "JOSÉ" alike; everything is compared in a normalized form.

use std::collections::HashMap;
use std::iter;

use super::{Contact, Id, ListKind, Timestamp};

/// Lowercases, strips accents and collapses whitespace so that text compares loosely.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // A pending space is only written before the next word, which both
    // collapses runs of whitespace and trims both ends in one pass.
    let mut pending_space = false;
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        let folded = fold(c);
        if folded == Some("") {
            continue;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        match folded {
            Some(ascii) => out.push_str(ascii),
            None => out.push(c),
        }
    }
    out
}

/// The ASCII spelling of an accented Latin letter, `""` for a combining mark, `None` to keep it.
fn fold(c: char) -> Option<&'static str> {
    // Both cases are listed even though callers lowercase first, so the
    // table stays correct on its own; ranges follow Unicode code point order.
    let ascii = match c {
        // Combining diacritical marks: text typed on some systems arrives
        // decomposed ("e" + U+0301), and the mark alone must not block a match.
        '\u{300}'..='\u{36F}' => "",
        // Latin-1 Supplement.
        'À'..='Å' | 'à'..='å' => "a",
        'Æ' | 'æ' => "ae",
        'Ç' | 'ç' => "c",
        'È'..='Ë' | 'è'..='ë' => "e",
        'Ì'..='Ï' | 'ì'..='ï' => "i",
        'Ð' | 'ð' => "d",
        'Ñ' | 'ñ' => "n",
        'Ò'..='Ö' | 'Ø' | 'ò'..='ö' | 'ø' => "o",
        'Ù'..='Ü' | 'ù'..='ü' => "u",
        'Ý' | 'ý' | 'ÿ' => "y",
        'Þ' | 'þ' => "th",
        'ß' => "ss",
        // Latin Extended-A (U+0100..=U+017F), upper and lower case interleaved.
        '\u{100}'..='\u{105}' => "a",
        '\u{106}'..='\u{10D}' => "c",
        '\u{10E}'..='\u{111}' => "d",
        '\u{112}'..='\u{11B}' => "e",
        '\u{11C}'..='\u{123}' => "g",
        '\u{124}'..='\u{127}' => "h",
        '\u{128}'..='\u{131}' => "i",
        '\u{132}'..='\u{133}' => "ij",
        '\u{134}'..='\u{135}' => "j",
        '\u{136}'..='\u{138}' => "k",
        '\u{139}'..='\u{142}' => "l",
        '\u{143}'..='\u{14B}' => "n",
        '\u{14C}'..='\u{151}' => "o",
        '\u{152}'..='\u{153}' => "oe",
        '\u{154}'..='\u{159}' => "r",
        '\u{15A}'..='\u{161}' => "s",
        '\u{162}'..='\u{167}' => "t",
        '\u{168}'..='\u{173}' => "u",
        '\u{174}'..='\u{175}' => "w",
        '\u{176}'..='\u{178}' => "y",
        '\u{179}'..='\u{17E}' => "z",
        '\u{17F}' => "s",
        // Capital sharp s (Latin Extended Additional) lowercases to "ß"
        // anyway; listed so `fold` agrees with `normalize` on its own.
        '\u{1E9E}' => "ss",
        _ => return None,
    };
    Some(ascii)
}

/// Normalized name, organization name, role, how we met, tags and notes of a contact, one per line.
pub fn contact_haystack(contact: &Contact, organization_name: Option<&str>) -> String {
    // Fields are kept on separate lines so that a query term, which never
    // contains whitespace, cannot match across the end of one field and the
    // start of the next.
    let fields = [
        contact.name.as_str(),
        organization_name.unwrap_or(""),
        contact.role.as_str(),
        contact.how_met.as_str(),
    ]
    .into_iter()
    .chain(contact.tags.iter().map(String::as_str))
    .chain(iter::once(contact.notes.as_str()));
    fields
        .map(normalize)
        .filter(|field| !field.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether every term of `query` occurs in an already normalized `haystack`; an empty query matches.
pub fn matches(haystack: &str, query: &str) -> bool {
    normalize(query)
        .split_whitespace()
        .all(|term| haystack.contains(term))
}

/// The order of a contact search's results.
#[derive(Clone, Copy, Debug)]
pub enum ContactOrder<'a> {
    /// By name as it compares loosely ("Émile" beside "Emma"), then by id.
    Name,
    /// Newest first.
    Recent,
    /// Most recently met or followed up first, never-contacted last; ties by name.
    LastContacted(&'a HashMap<Id, Timestamp>),
}

/// One contact as the index keeps it.
#[derive(Clone, Debug, PartialEq)]
struct Entry {
    /// Where the contact sits in the slice the index was built from.
    position: usize,
    id: Id,
    list: ListKind,
    created_at: Timestamp,
    haystack: String,
}

/// Contacts prepared for searching once, when the notebook changes, so that a
/// keystroke only compares text: normalising 2,000 contacts' fields and names
/// on every keystroke is what made the first one slow.
// Comparable so that a change elsewhere in the notebook (typing a pitch)
// leaves the search results alone.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContactIndex {
    /// In name order, so the usual order needs no sorting per keystroke.
    entries: Vec<Entry>,
}

impl ContactIndex {
    /// Indexes `contacts`; `organization_name` gives each one's organization for the search text.
    pub fn new<'a>(
        contacts: &'a [Contact],
        organization_name: impl Fn(&'a Contact) -> Option<&'a str>,
    ) -> Self {
        let mut keyed: Vec<(String, Entry)> = contacts
            .iter()
            .enumerate()
            .map(|(position, c)| {
                let entry = Entry {
                    position,
                    id: c.id,
                    list: c.list,
                    created_at: c.created_at,
                    haystack: contact_haystack(c, organization_name(c)),
                };
                (normalize(&c.name), entry)
            })
            .collect();
        keyed.sort_by(|(a, x), (b, y)| a.cmp(b).then(x.id.cmp(&y.id)));
        ContactIndex {
            entries: keyed.into_iter().map(|(_, e)| e).collect(),
        }
    }

    /// How many contacts are indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no contact is indexed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Positions, in the slice the index was built from, of the contacts in
    /// `list` (all lists for `None`) that match every term of `query`, in `order`.
    pub fn search(&self, query: &str, list: Option<ListKind>, order: ContactOrder) -> Vec<usize> {
        let query = normalize(query);
        let terms: Vec<&str> = query.split_whitespace().collect();
        // Name order is the index's own; the other orders are stable sorts
        // on integers, so equal keys stay in name order.
        let mut hits: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| list.is_none_or(|l| e.list == l))
            .filter(|e| terms.iter().all(|t| e.haystack.contains(t)))
            .collect();
        match order {
            ContactOrder::Name => {}
            ContactOrder::Recent => {
                hits.sort_by_key(|e| (std::cmp::Reverse(e.created_at), std::cmp::Reverse(e.id)))
            }
            ContactOrder::LastContacted(last) => {
                hits.sort_by_key(|e| std::cmp::Reverse(last.get(&e.id).copied()))
            }
        }
        hits.into_iter().map(|e| e.position).collect()
    }
}

/// How many contacts there are in total and in each list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListCounts {
    pub all: usize,
    pub a: usize,
    pub b: usize,
    pub c: usize,
}

/// Counts the contacts in total and per list.
pub fn list_counts(contacts: &[Contact]) -> ListCounts {
    contacts
        .iter()
        .fold(ListCounts::default(), |mut counts, contact| {
            counts.all += 1;
            match contact.list {
                ListKind::A => counts.a += 1,
                ListKind::B => counts.b += 1,
                ListKind::C => counts.c += 1,
            }
            counts
        })
}

#[cfg(test)]
mod how_met_tests {
    use super::*;

    #[test]
    fn how_we_met_is_searched() {
        let c = Contact {
            name: "Ana".into(),
            how_met: "Met at the Lisbon job club".into(),
            ..Contact::default()
        };
        assert!(matches(&contact_haystack(&c, None), "lisbon club"));
        assert!(!matches(&contact_haystack(&c, None), "porto"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn contact(name: &str, list: ListKind) -> Contact {
        Contact {
            name: name.to_string(),
            list,
            ..Contact::default()
        }
    }

    #[test]
    fn normalize_lowercases_and_strips_accents() {
        assert_eq!(normalize("José"), "jose");
        assert_eq!(normalize("JOSÉ"), "jose");
        assert_eq!(normalize("jose"), "jose");
        assert_eq!(normalize("Ångström Müller Çelik"), "angstrom muller celik");
        assert_eq!(normalize("Łukasz Wałęsa"), "lukasz walesa");
        assert_eq!(normalize("Đorđe Šćepanović"), "dorde scepanovic");
        assert_eq!(normalize("Dvořák Őry Ÿvonne"), "dvorak ory yvonne");
        assert_eq!(normalize("İstanbul"), "istanbul");
    }

    #[test]
    fn normalize_folds_ligatures_and_special_letters() {
        assert_eq!(normalize("Straße"), "strasse");
        assert_eq!(normalize("STRASSE"), "strasse");
        assert_eq!(normalize("ẞ"), "ss");
        assert_eq!(normalize("Æsir"), "aesir");
        assert_eq!(normalize("Cœur Œuvre"), "coeur oeuvre");
        assert_eq!(normalize("Søren Ødegaard"), "soren odegaard");
        assert_eq!(normalize("Þór"), "thor");
    }

    #[test]
    fn normalize_strips_decomposed_accents() {
        assert_eq!(normalize("Jose\u{301}"), "jose");
        assert_eq!(normalize("E\u{301}LODIE"), "elodie");
    }

    #[test]
    fn normalize_collapses_and_trims_whitespace() {
        assert_eq!(normalize("  Ana \t\n  María  "), "ana maria");
        assert_eq!(normalize("\u{A0}Ana\u{2003}Ben "), "ana ben");
        assert_eq!(normalize("   "), "");
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn normalize_leaves_other_scripts_alone_apart_from_case() {
        assert_eq!(normalize("Ωμέγα"), "ωμέγα");
        assert_eq!(normalize("東京"), "東京");
        assert_eq!(normalize("r&d @ acme-corp"), "r&d @ acme-corp");
    }

    #[test]
    fn normalize_is_idempotent_for_every_char() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let once = normalize(c.encode_utf8(&mut [0; 4]));
            assert_eq!(normalize(&once), once, "{:?}", c);
        }
    }

    #[test]
    fn haystack_holds_every_searchable_field() {
        let carla = Contact {
            name: "Carla Muñoz".into(),
            role: "Head of Engineering".into(),
            tags: vec!["Rust".into(), "Hiring Manager".into()],
            notes: "Met at the\n\nmeetup".into(),
            email: "carla@example.com".into(),
            ..Contact::default()
        };
        assert_eq!(
            contact_haystack(&carla, Some("Acmé Corp")),
            "carla munoz\nacme corp\nhead of engineering\nrust\nhiring manager\nmet at the meetup"
        );
    }

    #[test]
    fn haystack_skips_empty_fields() {
        let ana = contact("Ana", ListKind::A);
        assert_eq!(contact_haystack(&ana, None), "ana");
        assert_eq!(contact_haystack(&ana, Some("  ")), "ana");
    }

    #[test]
    fn matches_accents_both_ways() {
        let jose = contact_haystack(&contact("José Núñez", ListKind::B), None);
        let plain = contact_haystack(&contact("Jose Nunez", ListKind::B), None);
        for query in ["jose", "JOSÉ", "josé", "nunez", "Núñez", "NUNEZ"] {
            assert!(matches(&jose, query), "{query}");
            assert!(matches(&plain, query), "{query}");
        }
    }

    #[test]
    fn matches_needs_every_term() {
        let hay = contact_haystack(
            &Contact {
                name: "Ben Okafor".into(),
                role: "Product lead".into(),
                ..Contact::default()
            },
            Some("Globex"),
        );
        assert!(matches(&hay, "ben globex"));
        assert!(matches(&hay, "  globex   BEN "));
        assert!(matches(&hay, "prod oka"));
        assert!(!matches(&hay, "ben initech"));
        assert!(!matches(&hay, "carla"));
    }

    #[test]
    fn matches_tags_and_organization_name() {
        let hay = contact_haystack(
            &Contact {
                name: "Dana".into(),
                tags: vec!["Alumni".into(), "Référent".into()],
                ..Contact::default()
            },
            Some("Société Générale"),
        );
        assert!(matches(&hay, "alumni"));
        assert!(matches(&hay, "referent"));
        assert!(matches(&hay, "societe"));
        assert!(matches(&hay, "générale dana"));
        assert!(!matches(&hay, "dana initech"));
    }

    #[test]
    fn terms_do_not_span_two_fields() {
        let hay = contact_haystack(
            &Contact {
                name: "Ana".into(),
                role: "Recruiter".into(),
                ..Contact::default()
            },
            None,
        );
        assert!(!matches(&hay, "anarecruiter"));
        assert!(!matches(&hay, "narec"));
    }

    #[test]
    fn empty_query_matches_everything() {
        assert!(matches("", ""));
        assert!(matches("ana", ""));
        assert!(matches("ana", "   \t"));
    }

    #[test]
    fn list_counts_counts_each_list() {
        assert_eq!(list_counts(&[]), ListCounts::default());
        let contacts = [
            contact("Ana", ListKind::A),
            contact("Ben", ListKind::B),
            contact("Carla", ListKind::C),
            contact("Dana", ListKind::C),
            contact("Eli", ListKind::A),
            contact("Fay", ListKind::C),
        ];
        assert_eq!(
            list_counts(&contacts),
            ListCounts {
                all: 6,
                a: 2,
                b: 1,
                c: 3
            }
        );
    }

    fn named(id: Id, name: &str, list: ListKind, created_at: Timestamp) -> Contact {
        Contact {
            id,
            name: name.to_string(),
            list,
            created_at,
            ..Contact::default()
        }
    }

    fn names(contacts: &[Contact], positions: Vec<usize>) -> Vec<&str> {
        positions
            .into_iter()
            .map(|p| contacts[p].name.as_str())
            .collect()
    }

    fn sample() -> Vec<Contact> {
        vec![
            named(900, "Zoë Park", ListKind::B, 30),
            named(7, "émile Roy", ListKind::A, 10),
            named(2_000_000_000_000, "Emma Stone", ListKind::C, 20),
            named(42, "Ben Okafor", ListKind::B, 40),
        ]
    }

    #[test]
    fn index_lists_everyone_in_loose_name_order_for_an_empty_query() {
        let contacts = sample();
        let index = ContactIndex::new(&contacts, |_| None);
        assert_eq!(index.len(), 4);
        assert_eq!(
            names(&contacts, index.search("", None, ContactOrder::Name)),
            ["Ben Okafor", "émile Roy", "Emma Stone", "Zoë Park"]
        );
        assert!(ContactIndex::default().is_empty());
    }

    #[test]
    fn index_finds_by_every_field_and_filters_by_list() {
        let mut contacts = sample();
        contacts[3].organization = Some(1);
        contacts[3].tags = vec!["Alumni".into()];
        contacts[0].role = "Recruiter".into();
        let index = ContactIndex::new(&contacts, |c| c.organization.map(|_| "Société Générale"));
        assert_eq!(
            names(&contacts, index.search("societe", None, ContactOrder::Name)),
            ["Ben Okafor"]
        );
        assert_eq!(
            names(
                &contacts,
                index.search("ALUMNI ben", None, ContactOrder::Name)
            ),
            ["Ben Okafor"]
        );
        assert_eq!(
            names(&contacts, index.search("recruit", None, ContactOrder::Name)),
            ["Zoë Park"]
        );
        assert_eq!(
            names(&contacts, index.search("EMILE", None, ContactOrder::Name)),
            ["émile Roy"]
        );
        assert_eq!(
            names(
                &contacts,
                index.search("e", Some(ListKind::B), ContactOrder::Name)
            ),
            ["Ben Okafor", "Zoë Park"]
        );
        assert!(
            index
                .search("e", Some(ListKind::A), ContactOrder::Name)
                .len()
                == 1
        );
        assert!(index.search("nobody", None, ContactOrder::Name).is_empty());
    }

    #[test]
    fn index_orders_by_recent_and_by_last_contact() {
        let contacts = sample();
        let index = ContactIndex::new(&contacts, |_| None);
        assert_eq!(
            names(&contacts, index.search("", None, ContactOrder::Recent)),
            ["Ben Okafor", "Zoë Park", "Emma Stone", "émile Roy"]
        );
        let last = HashMap::from([(7, 500), (900, 100)]);
        assert_eq!(
            names(
                &contacts,
                index.search("", None, ContactOrder::LastContacted(&last))
            ),
            ["émile Roy", "Zoë Park", "Ben Okafor", "Emma Stone"]
        );
    }

    #[test]
    fn index_breaks_name_ties_by_id_not_by_position() {
        let contacts = vec![
            named(9, "Ana", ListKind::A, 0),
            named(3, "ANA", ListKind::A, 0),
        ];
        let index = ContactIndex::new(&contacts, |_| None);
        assert_eq!(index.search("ana", None, ContactOrder::Name), [1, 0]);
    }

    proptest! {
        #[test]
        fn normalize_is_idempotent(s in any::<String>()) {
            let once = normalize(&s);
            prop_assert_eq!(normalize(&once), once);
        }

        #[test]
        fn normalized_text_matches_its_source(s in any::<String>()) {
            prop_assert!(matches(&normalize(&s), &s));
        }

        #[test]
        fn index_finds_exactly_what_matches_finds(
            names in proptest::collection::vec("[a-cA-C\u{E0}-\u{E2} ]{0,6}", 0..12),
            query in "[a-cA-C\u{E0}-\u{E2} ]{0,4}",
        ) {
            let contacts: Vec<Contact> = names
                .iter()
                .enumerate()
                .map(|(i, n)| named(i as Id * 1_000_003, n, ListKind::A, 0))
                .collect();
            let index = ContactIndex::new(&contacts, |_| None);
            let mut found = index.search(&query, None, ContactOrder::Name);
            found.sort_unstable();
            let expected: Vec<usize> = contacts
                .iter()
                .enumerate()
                .filter(|(_, c)| matches(&contact_haystack(c, None), &query))
                .map(|(i, _)| i)
                .collect();
            prop_assert_eq!(found, expected);
        }

        #[test]
        fn latin_text_normalizes_to_trimmed_single_spaced_words(
            s in "[a-zA-Z\u{C0}-\u{17F} \t\n]{0,40}"
        ) {
            let once = normalize(&s);
            prop_assert_eq!(normalize(&once), once.clone());
            prop_assert!(matches(&once, &s));
            prop_assert!(!once.starts_with(' ') && !once.ends_with(' '));
            prop_assert!(!once.contains("  "));
            // Only the multiplication and division signs are not letters.
            let folded = |c: char| c == ' ' || c.is_ascii_lowercase() || c == '×' || c == '÷';
            prop_assert!(once.chars().all(folded), "{:?}", once);
        }
    }
}
