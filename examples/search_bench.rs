//! Times one contact-search keystroke's domain work with 2,000 contacts, the
//! old way (normalise the query per contact, re-normalise every matching name
//! to sort) against `ContactIndex`. Run by scripts/bench:
//! `cargo run --release --example search_bench`. Prints a Markdown table.

mod common;

use std::hint::black_box;

use rapport::domain::search::{ContactIndex, ContactOrder, contact_haystack, matches, normalize};
use rapport::domain::{Contact, ListKind};

fn network() -> Vec<Contact> {
    (0..2_000u64)
        .map(|i| Contact {
            id: i * 7_919 + 1,
            name: format!(
                "{} {} {i}",
                common::FIRST_NAMES[i as usize % 12],
                common::LAST_NAMES[(i as usize * 7) % 10]
            ),
            list: ListKind::ALL[i as usize % 3],
            role: format!("Role {}", i % 40),
            tags: vec![
                common::TOPICS[i as usize % 10].into(),
                common::TOPICS[(i as usize * 3) % 10].into(),
            ],
            notes: format!(
                "Met at event {}. Interested in {}.",
                i % 50,
                common::TOPICS[(i as usize * 5) % 10]
            ),
            created_at: 1_790_000_000_000 + i as i64 * 60_000,
            ..Contact::default()
        })
        .collect()
}

/// Median time of `f` over `runs` runs, in microseconds.
fn median_us(runs: usize, f: impl FnMut()) -> f64 {
    common::median(runs, f).as_secs_f64() * 1e6
}

fn main() {
    let contacts = network();
    let haystacks: Vec<String> = contacts.iter().map(|c| contact_haystack(c, None)).collect();
    let index = ContactIndex::new(&contacts, |_| None);
    let queries = ["j", "jo", "jos", "jose", "jose 1"];

    let old = median_us(51, || {
        for q in queries {
            let mut rows: Vec<&Contact> = contacts
                .iter()
                .zip(&haystacks)
                .filter(|(_, h)| matches(h, q))
                .map(|(c, _)| c)
                .collect();
            rows.sort_by_cached_key(|c| (normalize(&c.name), c.id));
            black_box(rows);
        }
    }) / queries.len() as f64;
    let new = median_us(51, || {
        for q in queries {
            black_box(index.search(q, None, ContactOrder::Name));
        }
    }) / queries.len() as f64;
    let build = median_us(21, || {
        black_box(ContactIndex::new(&contacts, |_| None));
    });

    println!("| search work per keystroke, 2,000 contacts (host, release, median) | time |");
    println!("| --- | ---: |");
    println!(
        "| Before: query normalised per contact, matching names re-normalised to sort | {old:.0} µs |"
    );
    println!("| Now: `ContactIndex::search` | {new:.0} µs |");
    println!("| Building the index (once per change to the notebook) | {build:.0} µs |");
}
