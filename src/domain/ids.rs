//! Fresh record ids: random rather than counted, so that two tabs, or a
//! phone and a laptop, can add records at the same moment without ever
//! handing out the same id.
//!
//! Ids stay below 2^53 so that they survive a trip through JavaScript
//! numbers (the browser, and any CouchDB-compatible peer written in JS).
//! With 53 random bits, even a notebook of a million records has roughly
//! one chance in ten million of a single collision across all devices, and
//! within one notebook a draw that is already in use is simply drawn again.

use std::cell::Cell;

use super::Id;

/// The largest id a record may have (2^53 - 1).
pub const MAX_ID: Id = (1 << 53) - 1;

thread_local! {
    // The domain never reads a clock or an entropy source itself: the app
    // seeds this once at start from the browser's cryptographic generator.
    // Tests run on the fixed start value, so their ids are repeatable.
    static STATE: Cell<u64> = const { Cell::new(0x9E37_79B9_7F4A_7C15) };
}

/// Mixes `seed` into the generator. The app calls this once at start with
/// random bits; calling it again only adds more randomness.
pub fn seed_ids(seed: u64) {
    STATE.with(|s| s.set(s.get() ^ seed.rotate_left(17) ^ 0xA076_1D64_78BD_642F));
}

/// The next candidate id in 1..=MAX_ID (splitmix64, then masked).
pub fn draw_id() -> Id {
    loop {
        let next = STATE.with(|s| {
            let v = s.get().wrapping_add(0x9E37_79B9_7F4A_7C15);
            s.set(v);
            v
        });
        let id = mix(next) & MAX_ID;
        if id != 0 {
            return id;
        }
    }
}

/// An id in 1..=MAX_ID that is the same wherever it is worked out from the
/// same `parts`: for a record two devices may each make for the same
/// reason, offline, so that sync finds one record rather than two.
pub fn derived_id(parts: &[u64]) -> Id {
    let mut z: u64 = 0x2545_F491_4F6C_DD1D;
    for part in parts {
        z = mix((z ^ part).wrapping_add(0x9E37_79B9_7F4A_7C15));
    }
    (z & MAX_ID).max(1)
}

/// splitmix64's finaliser: every bit of `z` stirred into every bit out.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Whether an id read from outside (storage, a backup) is one Rapport could
/// have handed out.
pub fn is_valid_id(id: Id) -> bool {
    (1..=MAX_ID).contains(&id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn drawn_ids_are_in_range_and_distinct() {
        let ids: Vec<Id> = (0..10_000).map(|_| draw_id()).collect();
        assert!(ids.iter().all(|&id| is_valid_id(id)));
        let unique: HashSet<Id> = ids.iter().copied().collect();
        assert_eq!(unique.len(), ids.len());
        // Not a counter: consecutive draws are far apart.
        assert!(ids.windows(2).any(|w| w[0].abs_diff(w[1]) > 1 << 40));
    }

    #[test]
    fn different_seeds_give_different_sequences() {
        let first: Vec<Id> = std::thread::spawn(|| {
            seed_ids(1);
            (0..5).map(|_| draw_id()).collect()
        })
        .join()
        .unwrap();
        let second: Vec<Id> = std::thread::spawn(|| {
            seed_ids(2);
            (0..5).map(|_| draw_id()).collect()
        })
        .join()
        .unwrap();
        assert_ne!(first, second);
    }

    #[test]
    fn validity_bounds() {
        assert!(!is_valid_id(0));
        assert!(is_valid_id(1));
        assert!(is_valid_id(MAX_ID));
        assert!(!is_valid_id(MAX_ID + 1));
        assert!(!is_valid_id(u64::MAX));
    }
}
