//! Whether an import or a restore fits in the room the browser gives,
//! checked before anything changes: a save that runs out of room halfway
//! leaves part of it stored, and the rest only on screen.

use std::collections::HashSet;

use crate::domain::Notebook;
use crate::domain::records::{DocKey, RecordRef};

/// What a stored record takes beyond its fields: its key, id, revision
/// and kind.
const PER_RECORD: usize = 140;

/// What the mark a deleted record leaves behind takes.
const PER_DELETION: usize = 110;

/// About how much storage `record` takes once stored, in UTF-16 code units
/// (as browsers count it).
pub fn record_units(record: RecordRef<'_>) -> usize {
    record.to_json().encode_utf16().count() + PER_RECORD
}

/// Storage that would be needed and the room there is, in code units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shortfall {
    pub needed: usize,
    pub room: usize,
}

impl Shortfall {
    /// Why `what` ("These contacts", "This backup") was not stored, with
    /// the figures as shares of the whole `quota`.
    pub fn describe(&self, what: &str, quota: usize) -> String {
        let share = |units: usize| (units * 100).div_ceil(quota.max(1));
        format!(
            "{what} would need about {}% of the browser's storage for Rapport, and there is room for about {}%. Nothing was changed. To make room, download a backup, then delete what you no longer need.",
            share(self.needed),
            share(self.room).min(100),
        )
    }
}

/// Whether `needed` more units fit where `used` of `quota` are taken and
/// `freed` would be given back first. The figures are estimates: a small
/// margin is kept.
pub fn check_room(needed: usize, used: usize, freed: usize, quota: usize) -> Result<(), Shortfall> {
    let room = (quota + freed).saturating_sub(used);
    if needed + quota / 50 > room {
        Err(Shortfall { needed, room })
    } else {
        Ok(())
    }
}

/// Whether `backup` can replace `current` where `used` of `quota` are
/// taken: the records it stores, and a mark for each record of `current`
/// it has not, against the room `current`'s records give back.
pub fn check_restore(
    current: &Notebook,
    backup: &Notebook,
    used: usize,
    quota: usize,
) -> Result<(), Shortfall> {
    let in_backup: HashSet<DocKey> = backup.records().map(|(k, _)| k).collect();
    let deletions = current
        .records()
        .filter(|(k, _)| !in_backup.contains(k))
        .count();
    let needed = backup
        .records()
        .map(|(_, r)| record_units(r))
        .sum::<usize>()
        + deletions * PER_DELETION;
    let freed = current.records().map(|(_, r)| record_units(r)).sum();
    check_room(needed, used, freed, quota)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Contact, ListKind};

    const QUOTA: usize = 100_000;

    fn with_people(n: usize, notes: usize) -> Notebook {
        let mut nb = Notebook::default();
        for i in 0..n {
            nb.add_contact(
                Contact {
                    name: format!("Person {i}"),
                    list: ListKind::B,
                    notes: "x".repeat(notes),
                    ..Contact::default()
                },
                1,
            )
            .unwrap();
        }
        nb
    }

    #[test]
    fn a_record_takes_its_fields_and_a_little_more() {
        let nb = with_people(1, 1000);
        let (_, ana) = nb.records().next().unwrap();
        let units = record_units(ana);
        assert!((1_000 + PER_RECORD..1_600).contains(&units), "{units}");
        // Counted as browsers count: one unit per character here.
        let mut wide = with_people(1, 0);
        wide.contacts[0].notes = "é".repeat(1000);
        let (_, r) = wide.records().next().unwrap();
        assert!(record_units(r) < 1_600);
    }

    #[test]
    fn what_does_not_fit_is_refused_with_the_figures() {
        assert_eq!(check_room(10_000, 50_000, 0, QUOTA), Ok(()));
        let short = check_room(60_000, 50_000, 0, QUOTA).unwrap_err();
        assert_eq!(
            short,
            Shortfall {
                needed: 60_000,
                room: 50_000
            }
        );
        assert_eq!(
            short.describe("This backup", QUOTA),
            "This backup would need about 60% of the browser's storage for Rapport, and there is room for about 50%. Nothing was changed. To make room, download a backup, then delete what you no longer need."
        );
        // Room given back first counts.
        assert_eq!(check_room(60_000, 50_000, 20_000, QUOTA), Ok(()));
        // Nearly to the last unit is too close for an estimate.
        assert!(check_room(49_500, 50_000, 0, QUOTA).is_err());
    }

    #[test]
    fn a_restore_counts_what_the_notebook_gives_back() {
        let current = with_people(20, 2_000);
        let backup = with_people(30, 2_000);
        let current_units: usize = current.records().map(|(_, r)| record_units(r)).sum();
        // Storage holds the current notebook and little else.
        let used = current_units + 5_000;
        let quota = used + 35_000;
        // Thirty people where twenty were: ten more, about 23,000 units,
        // and a mark for each of the twenty the backup has not.
        assert_eq!(check_restore(&current, &backup, used, quota), Ok(()));
        let bigger = with_people(40, 2_000);
        let short = check_restore(&current, &bigger, used, quota).unwrap_err();
        assert!(short.needed > short.room);
    }
}
