//! Timing and generated names shared by the host benchmarks.

use std::time::{Duration, Instant};

/// Median time of `f` over `runs` runs.
pub fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

// The generated network's names and topics, as `bench/records.mjs` makes
// them for the browser figures, so both measure the same kind of data.
pub const FIRST_NAMES: [&str; 12] = [
    "Ana", "Ben", "Carla", "Dmitri", "Eva", "Farid", "Grace", "Hugo", "Inés", "José", "Kai", "Lena",
];
pub const LAST_NAMES: [&str; 10] = [
    "Souza", "Okafor", "Díaz", "Ivanov", "Martín", "Nguyen", "Olsen", "Patel", "Quinn", "Rossi",
];
pub const TOPICS: [&str; 10] = [
    "fintech",
    "health",
    "design",
    "data",
    "ops",
    "mentor",
    "alumni",
    "climate",
    "retail",
    "logistics",
];
