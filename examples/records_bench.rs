//! Times the storage layer's work with the heavy notebook of issue 8 (the
//! one `bench/records.mjs` stores: 2,000 contacts, 300 organizations, 2,600
//! meetings with 500-character notes, 3,000 follow-ups, 50 events), on the
//! host, so each part can be seen without the browser around it:
//! `cargo run --release --example records_bench`. Prints a Markdown table.

mod common;

use std::hint::black_box;
use std::rc::Rc;

use rapport::domain::calendar::FixedZone;
use rapport::domain::today::today;
use rapport::storage::repository::Repository;
use rapport::storage::{KeyValueStore, MemoryStore};

const T0: i64 = 1_780_304_400_000; // 2026-06-01 09:00 UTC
const NOW: i64 = 1_795_424_400_000;

struct Heavy {
    store: Rc<MemoryStore>,
    contact: u64,
    meeting: u64,
}

fn heavy() -> Heavy {
    let store = Rc::new(MemoryStore::new());
    let mut next: u64 = 1_000_000_000;
    let mut id = || {
        next += 7919;
        next
    };
    let put = |kind: &str, id: u64, fields: String| {
        let doc = format!(
            r#"{{"_id":"{kind}:{id}","_rev":"1-bench","type":"{kind}","id":{id},{fields}}}"#
        );
        store
            .set(&format!("rapport.doc.{kind}:{id}"), &doc)
            .unwrap();
    };
    let mut orgs = Vec::new();
    for i in 0..300 {
        let o = id();
        orgs.push(o);
        put(
            "organization",
            o,
            format!(
                r#""name":"Org {i} {}","priority":{},"status":"Researching","created_at":{}"#,
                common::TOPICS[i % 10],
                i % 20 + 1,
                T0 + i as i64
            ),
        );
    }
    for i in 0..50 {
        put(
            "event",
            id(),
            format!(
                r#""name":"Meetup {i}","date":"2026-09-01","place":"Hall","people_target":5,"created_at":{}"#,
                T0 + i
            ),
        );
    }
    let mut people: Vec<u64> = Vec::new();
    for i in 0..2000usize {
        let c = id();
        let org = if i % 3 == 2 {
            orgs[i % 300].to_string()
        } else {
            "null".into()
        };
        let referred = if i > 10 && i % 4 != 0 {
            people[i / 2].to_string()
        } else {
            "null".into()
        };
        put(
            "contact",
            c,
            format!(
                r#""name":"{} {} {i}","list":"{}","organization":{org},"role":"Role {}","referred_by":{referred},"tags":["{}","{}"],"notes":"Met at event {}. Interested in {}.","decision_maker":{},"created_at":{},"updated_at":{}"#,
                common::FIRST_NAMES[i % 12],
                common::LAST_NAMES[(i * 7) % 10],
                ["A", "B", "C"][i % 3],
                i % 40,
                common::TOPICS[i % 10],
                common::TOPICS[(i * 3) % 10],
                i % 50,
                common::TOPICS[(i * 5) % 10],
                i % 17 == 0,
                T0 + i as i64 * 60_000,
                T0 + i as i64 * 60_000
            ),
        );
        people.push(c);
    }
    let sentence =
        "She explained how the team hires, who decides, and which skills matter most this year. ";
    let notes: String = sentence.repeat(6).chars().take(500).collect();
    let mut meetings = Vec::new();
    for i in 0..2600usize {
        let m = id();
        let start = T0 + i as i64 * 3_600_000;
        let ended = if i == 7 {
            "null".into()
        } else {
            (start + 1_800_000).to_string()
        };
        put(
            "meeting",
            m,
            format!(
                r#""contact_id":{},"contact_name":"Person {}","scheduled_at":{start},"place":"Café","purposes":["Advice","Referrals"],"notes":"{notes}","clock":{{"started_at":{start},"paused_at":null,"paused_ms":0,"plan":{{"pitch_end_min":2,"referrals_at_min":20,"wrap_up_at_min":25,"length_min":30}}}},"ended_at":{ended},"created_at":{start}"#,
                people[i % 2000],
                i % 2000
            ),
        );
        meetings.push(m);
    }
    for i in 0..3000usize {
        let done = if i % 3 == 0 {
            "null".into()
        } else {
            (T0 + i as i64).to_string()
        };
        put(
            "follow_up",
            id(),
            format!(
                r#""contact_id":{},"meeting_id":{},"kind":"ThankYou","due":"2026-12-01","done_at":{done},"created_at":{}"#,
                people[i % 2000],
                meetings[i % 2600],
                T0 + i as i64
            ),
        );
    }
    store
        .set("rapport.meta", r#"{"app":"rapport","format":3}"#)
        .unwrap();
    Heavy {
        store,
        contact: people[5],
        meeting: meetings[7],
    }
}

/// Median time of `f` over `runs` runs, in milliseconds.
fn median_ms(runs: usize, f: impl FnMut()) -> f64 {
    common::median(runs, f).as_secs_f64() * 1000.0
}

fn main() {
    let h = heavy();
    let zone = FixedZone(0);
    let mut rows: Vec<(&str, f64)> = Vec::new();
    rows.push((
        "Opening: read, parse and index every record",
        median_ms(5, || {
            black_box(Repository::open(h.store.clone(), NOW));
        }),
    ));
    let (mut repo, loaded) = Repository::open(h.store.clone(), NOW);
    let mut nb = loaded.notebook;
    assert!(loaded.problem.is_none());
    rows.push((
        "The Today view-model",
        median_ms(5, || {
            black_box(today(&nb, NOW, &zone));
        }),
    ));
    rows.push((
        "Saving with nothing changed",
        median_ms(5, || {
            black_box(repo.save(&nb, NOW).unwrap());
        }),
    ));
    let mut n = 0;
    rows.push((
        "Saving one contact edit",
        median_ms(5, || {
            n += 1;
            let c = nb.contacts.iter_mut().find(|c| c.id == h.contact).unwrap();
            c.role = format!("Head of ops {n}");
            assert_eq!(repo.save(&nb, NOW).unwrap().written, 1);
        }),
    ));
    rows.push((
        "Saving a pause in meeting notes",
        median_ms(5, || {
            n += 1;
            let m = nb.meetings.iter_mut().find(|m| m.id == h.meeting).unwrap();
            m.notes.push_str(&format!(" pause {n}"));
            assert_eq!(repo.save(&nb, NOW).unwrap().written, 1);
        }),
    ));
    rows.push((
        "Measuring the space used",
        median_ms(5, || {
            black_box(h.store.used_units().unwrap());
        }),
    ));
    println!("| storage work, heavy notebook (host, release, median of 5) | time |");
    println!("| --- | ---: |");
    for (what, ms) in rows {
        println!("| {what} | {ms:.2} ms |");
    }
}
