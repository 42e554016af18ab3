//! Spotting a person who is already in the notebook before adding them a
//! second time: at an event or in a meeting, names are typed fast and the
//! same person easily ends up twice.

use super::search::normalize;
use super::{Contact, Id, Notebook};

/// A name reduced to its words, lowercased, without accents or punctuation
/// and in alphabetical order, so "Patel, Dev" and "dev patel" agree.
pub fn name_key(name: &str) -> String {
    let cleaned: String = normalize(name)
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '@' || c == '.' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let mut words: Vec<&str> = cleaned
        .split_whitespace()
        .map(|w| w.trim_matches('.'))
        .filter(|w| !w.is_empty())
        .collect();
    words.sort_unstable();
    words.join(" ")
}

fn email_key(email: &str) -> Option<String> {
    let e = email.trim().to_lowercase();
    e.contains('@').then_some(e)
}

/// Whether `contact` is most likely the person typed in as `name` and
/// `email`: the same name words, or the same email address (an email typed
/// as the name counts too).
pub fn is_same_person(contact: &Contact, name: &str, email: &str) -> bool {
    let key = name_key(name);
    if !key.is_empty() && key == name_key(&contact.name) {
        return true;
    }
    let theirs = email_key(&contact.email).or_else(|| email_key(&contact.name));
    let typed = [email_key(email), email_key(name)];
    theirs.is_some_and(|t| typed.iter().flatten().any(|e| *e == t))
}

impl Notebook {
    /// Contacts that are most likely the person about to be added, leaving
    /// out `except` (the contact being edited).
    pub fn possible_duplicates(&self, name: &str, email: &str, except: Option<Id>) -> Vec<Id> {
        self.contacts
            .iter()
            .filter(|c| Some(c.id) != except && is_same_person(c, name, email))
            .map(|c| c.id)
            .collect()
    }

    /// The one contact with exactly this name (ignoring case, accents and
    /// spacing), if only one has it: who a name typed without a choice
    /// offered can safely mean.
    pub fn contact_named(&self, name: &str) -> Option<Id> {
        let key = crate::domain::search::normalize(name);
        let mut named = self
            .contacts
            .iter()
            .filter(|c| !key.is_empty() && crate::domain::search::normalize(&c.name) == key);
        match (named.next(), named.next()) {
            (Some(one), None) => Some(one.id),
            _ => None,
        }
    }

    /// "Dev Patel (A)": how a contact is offered in place of a new one.
    pub fn contact_label(&self, id: Id) -> Option<String> {
        self.contact(id)
            .map(|c| format!("{} ({})", c.name, c.list.letter()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ListKind;

    fn nb_with(people: &[(&str, &str)]) -> (Notebook, Vec<Id>) {
        let mut nb = Notebook::default();
        let ids = people
            .iter()
            .map(|(name, email)| {
                nb.add_contact(
                    Contact {
                        name: name.to_string(),
                        email: email.to_string(),
                        list: ListKind::A,
                        ..Contact::default()
                    },
                    1,
                )
                .unwrap()
            })
            .collect();
        (nb, ids)
    }

    #[test]
    fn a_name_means_a_contact_only_when_one_has_it_exactly() {
        let (nb, ids) = nb_with(&[("Ana Souza", ""), ("Dev Patel", ""), ("dev  patel", "")]);
        assert_eq!(nb.contact_named("ANA SOUZA"), Some(ids[0]));
        assert_eq!(
            nb.contact_named("Ana"),
            None,
            "a first name alone is not enough"
        );
        assert_eq!(nb.contact_named("Dev Patel"), None, "two have it");
        assert_eq!(nb.contact_named(""), None);
    }

    #[test]
    fn the_same_name_however_typed_is_the_same_person() {
        let (nb, ids) = nb_with(&[("Dev Patel", ""), ("José Núñez", "")]);
        for typed in ["Dev Patel", "  dev   PATEL ", "Patel, Dev", "patel dev."] {
            assert_eq!(nb.possible_duplicates(typed, "", None), [ids[0]], "{typed}");
        }
        assert_eq!(nb.possible_duplicates("jose nunez", "", None), [ids[1]]);
        assert!(nb.possible_duplicates("Dev", "", None).is_empty());
        assert!(nb.possible_duplicates("Devi Patel", "", None).is_empty());
        assert!(nb.possible_duplicates("   ", "", None).is_empty());
        assert_eq!(nb.contact_label(ids[0]).as_deref(), Some("Dev Patel (A)"));
    }

    #[test]
    fn the_same_email_is_the_same_person_whatever_the_name() {
        let (nb, ids) = nb_with(&[("Dev Patel", "Dev@Example.org"), ("ana@acme.io", "")]);
        assert_eq!(
            nb.possible_duplicates("D. Patel", " dev@example.ORG ", None),
            [ids[0]]
        );
        // An email typed as the name, both ways round.
        assert_eq!(
            nb.possible_duplicates("dev@example.org", "", None),
            [ids[0]]
        );
        assert_eq!(nb.possible_duplicates("Ana", "ANA@acme.io", None), [ids[1]]);
        assert!(
            nb.possible_duplicates("Someone", "other@example.org", None)
                .is_empty()
        );
    }

    #[test]
    fn the_contact_being_edited_is_not_its_own_duplicate() {
        let (nb, ids) = nb_with(&[("Dev Patel", "")]);
        assert!(
            nb.possible_duplicates("Dev Patel", "", Some(ids[0]))
                .is_empty()
        );
    }
}
