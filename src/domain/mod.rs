//! The product's rules as plain Rust: no UI framework and no browser APIs.
//!
//! Time is always passed in (`now`, in milliseconds since the Unix epoch) so
//! every rule can be tested on the host without waiting for a clock.

pub mod calendar;
pub mod clock;
pub mod compare;
pub mod contact_detail;
pub mod contact_list;
pub mod contacts;
pub mod duplicates;
pub mod error;
pub mod events;
pub mod followups;
pub mod goals;
pub mod ids;
pub mod journal;
pub mod meeting_detail;
pub mod meeting_list;
pub mod meetings;
pub mod notebook;
pub mod number;
pub mod organizations;
pub mod pitch;
pub mod reciprocity;
pub mod records;
pub mod referrals;
pub mod route;
pub mod search;
pub mod settings;
pub mod today;
pub mod today_snapshot;
pub mod transfer;

pub use contacts::{Contact, ListKind};
pub use error::Error;
pub use meetings::{Meeting, MeetingStatus, Purpose};
pub use notebook::Notebook;
pub use organizations::{OrgStatus, Organization};

/// Identifier of a record: random, below 2^53 (see `ids`).
pub type Id = u64;

/// Milliseconds since the Unix epoch (UTC).
pub type Timestamp = i64;

pub const MINUTE_MS: i64 = 60_000;
pub const HOUR_MS: i64 = 60 * MINUTE_MS;
pub const DAY_MS: i64 = 24 * HOUR_MS;

/// `n` and the noun that goes with it: "1 contact", "3 contacts".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Sorts `items` by a time and id, keeping the order of equal keys.
///
/// Every caller shares one sort routine over `(key, position)` pairs, where
/// `sort_by_key` would add a copy of the whole sort to the download for each
/// record type and key.
pub fn sort_by_time<T>(items: &mut Vec<T>, key: impl Fn(&T) -> (Timestamp, Id)) {
    let mut order: Vec<((Timestamp, Id), usize)> = items
        .iter()
        .enumerate()
        .map(|(position, item)| (key(item), position))
        .collect();
    // Positions are distinct, so this order is total and equal keys keep
    // their place, as in a stable sort.
    order.sort_unstable();
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(
        order
            .into_iter()
            .filter_map(|(_, position)| slots[position].take()),
    );
}

#[cfg(test)]
mod sort_tests {
    use super::sort_by_time;

    #[test]
    fn sorts_by_time_then_id_and_keeps_ties_in_place() {
        let mut items = vec![
            (5, 2, 'a'),
            (1, 9, 'b'),
            (5, 1, 'c'),
            (1, 9, 'd'),
            (3, 0, 'e'),
        ];
        sort_by_time(&mut items, |&(t, id, _)| (t, id));
        let letters: String = items.iter().map(|i| i.2).collect();
        assert_eq!(letters, "bdeca");
    }

    proptest::proptest! {
        #[test]
        fn matches_a_stable_sort(keys in proptest::collection::vec((0i64..5, 0u64..3), 0..40)) {
            let mut items: Vec<(i64, u64, usize)> =
                keys.iter().enumerate().map(|(i, &(t, id))| (t, id, i)).collect();
            let mut expected = items.clone();
            expected.sort_by_key(|&(t, id, _)| (t, id));
            sort_by_time(&mut items, |&(t, id, _)| (t, id));
            proptest::prop_assert_eq!(items, expected);
        }
    }
}
