//! Local dates, weeks and business days in the user's time zone.
//!
//! The domain never asks which time zone it runs in. The caller hands in a
//! [`Zone`] that reports the UTC offset in effect at any instant (in the
//! browser, from `Date.getTimezoneOffset`), so daylight-saving changes are
//! handled wherever the offset comes from and the rules here stay testable.
//!
//! Dates outside chrono's range (about ±262,000 years) saturate at
//! [`NaiveDate::MIN`] / [`NaiveDate::MAX`] instead of panicking.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::{DAY_MS, HOUR_MS, MINUTE_MS, Timestamp};

/// The user's time zone, as far as the domain needs it.
pub trait Zone {
    /// Offset east of UTC in minutes in effect at this instant.
    ///
    /// Note that JavaScript's `Date.getTimezoneOffset` counts minutes *west*
    /// of UTC, so its value must be negated.
    fn offset_minutes_at(&self, t: Timestamp) -> i32;
}

/// A zone whose offset east of UTC (in minutes) never changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FixedZone(pub i32);

impl Zone for FixedZone {
    fn offset_minutes_at(&self, _t: Timestamp) -> i32 {
        self.0
    }
}

/// Days from 0001-01-01 (day 1 in chrono's count) to 1970-01-01.
const UNIX_EPOCH_DAYS_FROM_CE: i64 = 719_163;

/// How far apart local and UTC wall clocks can be, with room to spare
/// (real offsets stay within ±14 hours).
const MAX_OFFSET_MS: i64 = 18 * HOUR_MS;

fn offset_ms(zone: &impl Zone, t: Timestamp) -> i64 {
    i64::from(zone.offset_minutes_at(t)) * MINUTE_MS
}

/// The date `days` days after 1970-01-01, saturating at chrono's range.
fn date_from_epoch_days(days: i64) -> NaiveDate {
    i32::try_from(days.saturating_add(UNIX_EPOCH_DAYS_FROM_CE))
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .unwrap_or(if days < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        })
}

/// Days from 1970-01-01 to `date` (negative before).
fn epoch_days(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) - UNIX_EPOCH_DAYS_FROM_CE
}

/// The local wall-clock time at `t`, as milliseconds since the local epoch.
fn local_ms(t: Timestamp, zone: &impl Zone) -> i64 {
    t.saturating_add(offset_ms(zone, t))
}

/// The user's calendar date at instant `t`.
pub fn local_date(t: Timestamp, zone: &impl Zone) -> NaiveDate {
    date_from_epoch_days(local_ms(t, zone).div_euclid(DAY_MS))
}

/// The instant at which `date` begins in the user's zone.
///
/// The offset is looked up near the local midnight and re-checked at the
/// instant it gives, so days next to a daylight-saving change start at the
/// right moment. Two rarer cases are handled too: when a change skips local
/// midnight the day starts at the change; when midnight happens twice (the
/// clocks go back just after it) the earlier instant is returned.
pub fn local_midnight(date: NaiveDate, zone: &impl Zone) -> Timestamp {
    // Local midnight read as if it were UTC.
    let wall = epoch_days(date).saturating_mul(DAY_MS);

    // Offsets that may be in effect: the one near `wall`, the one at the
    // instant that offset gives (the re-check), and the ones well before and
    // after, in case a change sits between them.
    let near = offset_ms(zone, wall);
    let rechecked = offset_ms(zone, wall.saturating_sub(near));
    let before = offset_ms(zone, wall.saturating_sub(MAX_OFFSET_MS));
    let after = offset_ms(zone, wall.saturating_add(MAX_OFFSET_MS));

    // An instant is local midnight if the offset in effect there maps it
    // back to `wall`; when it happens twice, the day starts at the first.
    let exact = [near, rechecked, before, after]
        .into_iter()
        .map(|off| wall.saturating_sub(off))
        .filter(|&t| local_ms(t, zone) == wall)
        .min();
    if let Some(t) = exact {
        return t;
    }

    // Midnight was skipped: the day starts at the first instant whose local
    // time is at or past it, which lies between the candidates computed with
    // the largest and the smallest offset.
    let largest = near.max(rechecked).max(before).max(after);
    let smallest = near.min(rechecked).min(before).min(after);
    let (mut lo, mut hi) = (wall.saturating_sub(largest), wall.saturating_sub(smallest));
    if local_ms(lo, zone) >= wall || local_ms(hi, zone) < wall {
        // The zone is not behaving like a clock; use the first guess.
        return wall.saturating_sub(near);
    }
    // Invariant: local(lo) < wall <= local(hi).
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if local_ms(mid, zone) >= wall {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

/// The Monday on or before `date`.
pub fn week_start(date: NaiveDate) -> NaiveDate {
    add_days(date, -i64::from(date.weekday().num_days_from_monday()))
}

/// The user's current week: from local Monday 00:00 (inclusive) to the next
/// local Monday 00:00 (exclusive). A week with a daylight-saving change is
/// 167 or 169 hours long.
pub fn week_bounds(now: Timestamp, zone: &impl Zone) -> (Timestamp, Timestamp) {
    let monday = week_start(local_date(now, zone));
    (
        local_midnight(monday, zone),
        local_midnight(add_days(monday, 7), zone),
    )
}

/// Monday to Friday. Public holidays are not known, so they count as
/// business days.
pub fn is_business_day(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The date `n` business days after `date`, skipping weekends.
///
/// Adding 0 returns `date` unchanged, even on a weekend; adding 1 to a
/// Friday, Saturday or Sunday gives the following Monday.
pub fn add_business_days(date: NaiveDate, n: u32) -> NaiveDate {
    if n == 0 {
        return date;
    }
    // From a weekend, counting starts as if from the Friday before: both
    // reach Monday after one business day.
    let mut day = match date.weekday() {
        Weekday::Sat => add_days(date, -1),
        Weekday::Sun => add_days(date, -2),
        _ => date,
    };
    // From a business day, every 5 business days is exactly one week.
    day = add_days(day, i64::from(n / 5) * 7);
    for _ in 0..n % 5 {
        loop {
            let next = add_days(day, 1);
            if next == day {
                // Saturated at the end of the calendar.
                return day;
            }
            day = next;
            if is_business_day(day) {
                break;
            }
        }
    }
    day
}

/// The date `n` calendar days after `date` (before it when `n` is negative).
pub fn add_days(date: NaiveDate, n: i64) -> NaiveDate {
    let moved = if n >= 0 {
        date.checked_add_days(Days::new(n.unsigned_abs()))
    } else {
        date.checked_sub_days(Days::new(n.unsigned_abs()))
    };
    moved.unwrap_or(if n >= 0 {
        NaiveDate::MAX
    } else {
        NaiveDate::MIN
    })
}

/// English short names, as the app writes dates everywhere.
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// "Tue 1 Dec". Written out rather than with chrono's `format`, whose
/// format-string reader would otherwise be part of the first download.
pub fn short_day(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        WEEKDAYS[date.weekday().num_days_from_monday() as usize],
        date.day(),
        MONTHS[date.month0() as usize]
    )
}

/// "Tue 1 Dec 2026".
pub fn long_day(date: NaiveDate) -> String {
    format!("{} {}", short_day(date), date.year())
}

/// "Tue 1 Dec 2026, 14:05": a moment as read on a clock in `zone`.
pub fn long_day_time(t: Timestamp, zone: &impl Zone) -> String {
    let minute = (t + i64::from(zone.offset_minutes_at(t)) * 60_000)
        .div_euclid(60_000)
        .rem_euclid(24 * 60);
    format!(
        "{}, {:02}:{:02}",
        long_day(local_date(t, zone)),
        minute / 60,
        minute % 60
    )
}

/// "1 Dec 2026".
pub fn day_month_year(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        date.day(),
        MONTHS[date.month0() as usize],
        date.year()
    )
}

/// Refuses a date whose year is outside what a networking notebook holds:
/// a slip of the year (0202, 9999) typed into a date field.
pub fn check_year(date: NaiveDate) -> Result<(), super::Error> {
    use super::error::{FIRST_YEAR, LAST_YEAR};
    if (FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        Ok(())
    } else {
        Err(super::Error::DateOutOfRange)
    }
}

/// [`check_year`] for an instant (its date in UTC: a day's difference
/// cannot move it across the limits that matter).
pub fn check_time_year(t: Timestamp) -> Result<(), super::Error> {
    check_year(date_from_epoch_days(t.div_euclid(DAY_MS)))
}

/// A date as stored or typed in a date input (`YYYY-MM-DD`), or `None`
/// for an empty or impossible one. Read by hand: chrono's parser would put
/// its reader of every date format into the first download.
pub fn parse_iso_date(value: &str) -> Option<NaiveDate> {
    fn digits<T: std::str::FromStr>(s: &str) -> Option<T> {
        let plain = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        plain.then(|| s.parse().ok()).flatten()
    }
    let value = value.trim();
    let (rest, day) = value.rsplit_once('-')?;
    let (year, month) = rest.rsplit_once('-')?;
    let year: i32 = match year.strip_prefix('-') {
        // A year before 1 (chrono writes year 0 as "0000", -1 as "-0001").
        Some(before) if !before.is_empty() => -digits::<i32>(before)?,
        _ => digits(year.strip_prefix('+').unwrap_or(year))?,
    };
    NaiveDate::from_ymd_opt(year, digits(month)?, digits(day)?)
}

/// Stored dates as `YYYY-MM-DD` text, read with [`parse_iso_date`]:
/// `#[serde(with = "iso_date")]`.
pub mod iso_date {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(date)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let text = String::deserialize(d)?;
        super::parse_iso_date(&text).ok_or_else(|| D::Error::custom(format!("not a date: {text}")))
    }
}

/// [`iso_date`] for a date that may be missing (`null`).
pub mod iso_date_opt {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(date: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(date) => super::iso_date::serialize(date, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        #[derive(Deserialize)]
        struct Date(#[serde(with = "super::iso_date")] NaiveDate);
        Ok(Option::<Date>::deserialize(d)?.map(|Date(date)| date))
    }
}

/// Zones with daylight-saving changes, for tests across the domain.
#[cfg(test)]
pub(crate) mod test_zones {
    use chrono::{Datelike, NaiveDate, Weekday};

    use super::{Timestamp, Zone};

    /// The instant of a UTC date and time.
    pub fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> Timestamp {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|date| date.and_hms_opt(h, min, 0))
            .expect("valid date and time")
            .and_utc()
            .timestamp_millis()
    }

    pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    /// A zone that changes offset once, at `switch`.
    #[derive(Clone, Copy, Debug)]
    pub struct StepZone {
        pub before: i32,
        pub after: i32,
        pub switch: Timestamp,
    }

    impl Zone for StepZone {
        fn offset_minutes_at(&self, t: Timestamp) -> i32 {
            if t < self.switch {
                self.before
            } else {
                self.after
            }
        }
    }

    /// Central European time around the spring change of 2026: +60 until
    /// 2026-03-29 01:00 UTC, +120 from then on.
    pub fn central_europe_spring_2026() -> StepZone {
        StepZone {
            before: 60,
            after: 120,
            switch: utc(2026, 3, 29, 1, 0),
        }
    }

    /// US Eastern time under the current rules: -240 (EDT) from the second
    /// Sunday of March at 02:00 EST until the first Sunday of November at
    /// 02:00 EDT, -300 (EST) otherwise. In 2026 the switches are at
    /// 2026-03-08 07:00 UTC and 2026-11-01 06:00 UTC.
    #[derive(Clone, Copy, Debug)]
    pub struct UsEastern;

    impl UsEastern {
        pub fn switches(year: i32) -> (Timestamp, Timestamp) {
            let sunday = |month, nth| {
                NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Sun, nth)
                    .expect("month has that Sunday")
            };
            let start = sunday(3, 2)
                .and_hms_opt(7, 0, 0)
                .expect("valid time")
                .and_utc()
                .timestamp_millis();
            let end = sunday(11, 1)
                .and_hms_opt(6, 0, 0)
                .expect("valid time")
                .and_utc()
                .timestamp_millis();
            (start, end)
        }
    }

    impl Zone for UsEastern {
        fn offset_minutes_at(&self, t: Timestamp) -> i32 {
            let (start, end) =
                UsEastern::switches(super::local_date(t, &super::FixedZone(0)).year());
            if (start..end).contains(&t) {
                -240
            } else {
                -300
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_zones::{StepZone, UsEastern, central_europe_spring_2026, date, utc};
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_moment_is_written_as_the_local_clock_reads_it() {
        let late = utc(2026, 11, 3, 23, 30);
        assert_eq!(long_day_time(late, &FixedZone(0)), "Tue 3 Nov 2026, 23:30");
        assert_eq!(long_day_time(late, &FixedZone(60)), "Wed 4 Nov 2026, 00:30");
        assert_eq!(
            long_day_time(late, &FixedZone(-300)),
            "Tue 3 Nov 2026, 18:30"
        );
        // Before 1970 the minutes still count forward from midnight.
        assert_eq!(
            long_day_time(-60_000, &FixedZone(0)),
            "Wed 31 Dec 1969, 23:59"
        );
    }

    #[test]
    fn a_slip_of_the_year_is_refused() {
        for ok in [date(1970, 1, 1), date(2026, 12, 1), date(2100, 12, 31)] {
            assert_eq!(check_year(ok), Ok(()));
        }
        for slip in [
            date(1, 1, 1),
            date(202, 12, 1),
            date(1900, 3, 1),
            date(9999, 12, 31),
        ] {
            assert_eq!(check_year(slip), Err(crate::domain::Error::DateOutOfRange));
        }
        assert_eq!(check_time_year(utc(2026, 12, 1, 9, 0)), Ok(()));
        assert_eq!(
            check_time_year(utc(9999, 1, 1, 0, 0)),
            Err(crate::domain::Error::DateOutOfRange)
        );
    }

    #[test]
    fn dates_read_as_chrono_writes_them() {
        let mut d = date(2024, 1, 1);
        while d < date(2027, 1, 1) {
            assert_eq!(short_day(d), d.format("%a %-d %b").to_string());
            assert_eq!(long_day(d), d.format("%a %-d %b %Y").to_string());
            assert_eq!(day_month_year(d), d.format("%-d %b %Y").to_string());
            assert_eq!(parse_iso_date(&d.to_string()), Some(d));
            d = add_days(d, 1);
        }
        for d in [
            date(1, 1, 1),
            date(0, 12, 31),
            date(-44, 3, 15),
            date(12_345, 6, 7),
        ] {
            assert_eq!(parse_iso_date(&d.to_string()), Some(d), "{d}");
            assert_eq!(d.to_string().parse::<NaiveDate>().ok(), Some(d));
        }
        assert_eq!(parse_iso_date(" 2026-11-30 "), Some(date(2026, 11, 30)));
        assert_eq!(parse_iso_date("2026-11"), None);
        assert_eq!(parse_iso_date("2026--30"), None);
        assert_eq!(parse_iso_date("2026-+1-30"), None);
        assert_eq!(parse_iso_date("-"), None);
        assert_eq!(parse_iso_date(""), None);
        assert_eq!(parse_iso_date("2026-02-30"), None);
        assert_eq!(parse_iso_date("garbage"), None);
    }

    #[test]
    fn local_date_follows_the_offset() {
        let t = utc(2026, 3, 15, 23, 30);
        assert_eq!(local_date(t, &FixedZone(0)), date(2026, 3, 15));
        assert_eq!(local_date(t, &FixedZone(60)), date(2026, 3, 16));
        assert_eq!(local_date(t, &FixedZone(-300)), date(2026, 3, 15));
        let early = utc(2026, 3, 16, 2, 0);
        assert_eq!(local_date(early, &FixedZone(-300)), date(2026, 3, 15));
        assert_eq!(local_date(early, &FixedZone(330)), date(2026, 3, 16));
    }

    #[test]
    fn local_date_before_the_epoch() {
        assert_eq!(local_date(-1, &FixedZone(0)), date(1969, 12, 31));
        assert_eq!(local_date(0, &FixedZone(-1)), date(1969, 12, 31));
        assert_eq!(local_date(0, &FixedZone(0)), date(1970, 1, 1));
    }

    #[test]
    fn local_date_saturates_outside_chrono_range() {
        assert_eq!(local_date(i64::MAX, &FixedZone(0)), NaiveDate::MAX);
        assert_eq!(local_date(i64::MIN, &FixedZone(0)), NaiveDate::MIN);
    }

    #[test]
    fn local_midnight_in_fixed_zones() {
        let d = date(2026, 3, 16);
        assert_eq!(local_midnight(d, &FixedZone(0)), utc(2026, 3, 16, 0, 0));
        assert_eq!(local_midnight(d, &FixedZone(120)), utc(2026, 3, 15, 22, 0));
        assert_eq!(local_midnight(d, &FixedZone(-300)), utc(2026, 3, 16, 5, 0));
        assert_eq!(local_midnight(d, &FixedZone(330)), utc(2026, 3, 15, 18, 30));
    }

    #[test]
    fn local_midnight_either_side_of_a_dst_change() {
        let eu = central_europe_spring_2026();
        // Sunday of the change starts in winter time, Monday in summer time.
        assert_eq!(
            local_midnight(date(2026, 3, 29), &eu),
            utc(2026, 3, 28, 23, 0)
        );
        assert_eq!(
            local_midnight(date(2026, 3, 30), &eu),
            utc(2026, 3, 29, 22, 0)
        );

        let ny = UsEastern;
        assert_eq!(local_midnight(date(2026, 3, 8), &ny), utc(2026, 3, 8, 5, 0));
        assert_eq!(local_midnight(date(2026, 3, 9), &ny), utc(2026, 3, 9, 4, 0));
        assert_eq!(
            local_midnight(date(2026, 11, 1), &ny),
            utc(2026, 11, 1, 4, 0)
        );
        assert_eq!(
            local_midnight(date(2026, 11, 2), &ny),
            utc(2026, 11, 2, 5, 0)
        );
    }

    #[test]
    fn local_midnight_skipped_by_a_change_starts_the_day_at_the_change() {
        // Clocks jump from 00:00 to 01:00 local on 2026-03-29.
        let switch = utc(2026, 3, 29, 0, 0);
        let zone = StepZone {
            before: 0,
            after: 60,
            switch,
        };
        assert_eq!(local_midnight(date(2026, 3, 29), &zone), switch);
        assert_eq!(local_date(switch, &zone), date(2026, 3, 29));
        assert_eq!(local_date(switch - 1, &zone), date(2026, 3, 28));
    }

    #[test]
    fn local_midnight_happening_twice_picks_the_first() {
        // Clocks go back from 00:30 to 23:30 local on 2026-10-25.
        let zone = StepZone {
            before: 60,
            after: 0,
            switch: utc(2026, 10, 24, 23, 30),
        };
        let first = utc(2026, 10, 24, 23, 0);
        assert_eq!(local_midnight(date(2026, 10, 25), &zone), first);
        assert_eq!(local_date(first, &zone), date(2026, 10, 25));
    }

    #[test]
    fn local_midnight_when_clocks_go_back_at_midnight() {
        // At 00:00 local on 2026-10-25 the clocks go back to 23:00: the new
        // day only really starts an hour later.
        let zone = StepZone {
            before: 60,
            after: 0,
            switch: utc(2026, 10, 24, 23, 0),
        };
        let start = local_midnight(date(2026, 10, 25), &zone);
        assert_eq!(start, utc(2026, 10, 25, 0, 0));
        assert_eq!(local_date(start, &zone), date(2026, 10, 25));
        assert_eq!(local_date(start - 1, &zone), date(2026, 10, 24));
    }

    #[test]
    fn us_eastern_switches_in_2026() {
        assert_eq!(
            UsEastern::switches(2026),
            (utc(2026, 3, 8, 7, 0), utc(2026, 11, 1, 6, 0))
        );
        let ny = UsEastern;
        assert_eq!(ny.offset_minutes_at(utc(2026, 3, 8, 7, 0) - 1), -300);
        assert_eq!(ny.offset_minutes_at(utc(2026, 3, 8, 7, 0)), -240);
        assert_eq!(ny.offset_minutes_at(utc(2026, 11, 1, 6, 0) - 1), -240);
        assert_eq!(ny.offset_minutes_at(utc(2026, 11, 1, 6, 0)), -300);
    }

    #[test]
    fn week_start_is_the_monday_on_or_before() {
        let monday = date(2026, 3, 16);
        for offset in 0..7 {
            assert_eq!(week_start(add_days(monday, offset)), monday);
        }
        assert_eq!(week_start(date(2026, 3, 15)), date(2026, 3, 9));
        // Across a month and a year boundary.
        assert_eq!(week_start(date(2026, 1, 1)), date(2025, 12, 29));
    }

    #[test]
    fn week_bounds_sunday_night_and_monday_just_after_midnight() {
        let ny = FixedZone(-300);
        // Sunday 2026-03-15 23:30 local is already Monday in UTC.
        let sunday_night = utc(2026, 3, 16, 4, 30);
        assert_eq!(
            week_bounds(sunday_night, &ny),
            (utc(2026, 3, 9, 5, 0), utc(2026, 3, 16, 5, 0))
        );
        // Monday 2026-03-16 00:10 local starts the next week.
        let monday_morning = utc(2026, 3, 16, 5, 10);
        assert_eq!(
            week_bounds(monday_morning, &ny),
            (utc(2026, 3, 16, 5, 0), utc(2026, 3, 23, 5, 0))
        );

        let tokyo = FixedZone(540);
        // Sunday 23:30 in Tokyo is Sunday 14:30 UTC; Monday 00:10 is Sunday
        // 15:10 UTC, yet they fall in different weeks.
        let sunday_night = utc(2026, 3, 15, 14, 30);
        let monday_morning = utc(2026, 3, 15, 15, 10);
        assert_eq!(
            week_bounds(sunday_night, &tokyo),
            (utc(2026, 3, 8, 15, 0), utc(2026, 3, 15, 15, 0))
        );
        assert_eq!(
            week_bounds(monday_morning, &tokyo),
            (utc(2026, 3, 15, 15, 0), utc(2026, 3, 22, 15, 0))
        );
    }

    #[test]
    fn week_bounds_across_dst_changes() {
        let eu = central_europe_spring_2026();
        let (start, end) = week_bounds(utc(2026, 3, 25, 12, 0), &eu);
        assert_eq!(start, utc(2026, 3, 22, 23, 0));
        assert_eq!(end, utc(2026, 3, 29, 22, 0));
        assert_eq!(end - start, 167 * HOUR_MS);

        let ny = UsEastern;
        let (start, end) = week_bounds(utc(2026, 3, 5, 12, 0), &ny);
        assert_eq!((start, end), (utc(2026, 3, 2, 5, 0), utc(2026, 3, 9, 4, 0)));
        assert_eq!(end - start, 167 * HOUR_MS);
        let (start, end) = week_bounds(utc(2026, 10, 28, 12, 0), &ny);
        assert_eq!(
            (start, end),
            (utc(2026, 10, 26, 4, 0), utc(2026, 11, 2, 5, 0))
        );
        assert_eq!(end - start, 169 * HOUR_MS);
    }

    #[test]
    fn week_bounds_at_the_exact_edges() {
        let ny = UsEastern;
        let monday = utc(2026, 3, 9, 4, 0);
        assert_eq!(week_bounds(monday, &ny).0, monday);
        assert_eq!(week_bounds(monday - 1, &ny).1, monday);
    }

    #[test]
    fn business_days() {
        assert!(is_business_day(date(2026, 3, 16))); // Monday
        assert!(is_business_day(date(2026, 3, 20))); // Friday
        assert!(!is_business_day(date(2026, 3, 21))); // Saturday
        assert!(!is_business_day(date(2026, 3, 22))); // Sunday
    }

    #[test]
    fn add_business_days_skips_weekends() {
        let friday = date(2026, 3, 20);
        let saturday = date(2026, 3, 21);
        let sunday = date(2026, 3, 22);
        let monday = date(2026, 3, 23);
        assert_eq!(add_business_days(friday, 3), date(2026, 3, 25)); // Wednesday
        assert_eq!(add_business_days(friday, 1), monday);
        assert_eq!(add_business_days(saturday, 1), monday);
        assert_eq!(add_business_days(sunday, 1), monday);
        assert_eq!(add_business_days(saturday, 5), date(2026, 3, 27)); // Friday
        assert_eq!(add_business_days(monday, 3), date(2026, 3, 26)); // Thursday
        assert_eq!(add_business_days(monday, 4), date(2026, 3, 27)); // Friday
        assert_eq!(add_business_days(monday, 5), date(2026, 3, 30)); // Monday
        assert_eq!(add_business_days(date(2026, 3, 18), 10), date(2026, 4, 1));
    }

    #[test]
    fn adding_zero_business_days_stays_put() {
        for d in [date(2026, 3, 20), date(2026, 3, 21), date(2026, 3, 22)] {
            assert_eq!(add_business_days(d, 0), d);
        }
    }

    #[test]
    fn add_days_both_ways_and_saturating() {
        assert_eq!(add_days(date(2026, 2, 27), 2), date(2026, 3, 1));
        assert_eq!(add_days(date(2026, 3, 1), -1), date(2026, 2, 28));
        assert_eq!(add_days(date(2024, 3, 1), -1), date(2024, 2, 29));
        assert_eq!(add_days(date(2026, 3, 1), 0), date(2026, 3, 1));
        assert_eq!(add_days(NaiveDate::MAX, 1), NaiveDate::MAX);
        assert_eq!(add_days(NaiveDate::MIN, -1), NaiveDate::MIN);
        assert_eq!(add_days(date(2026, 3, 1), i64::MIN), NaiveDate::MIN);
        assert_eq!(add_business_days(NaiveDate::MAX, u32::MAX), NaiveDate::MAX);
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        // 1900-01-01 to about 2200.
        (-25_567i64..84_000).prop_map(|days| add_days(date(1970, 1, 1), days))
    }

    /// Instants from 2020 to 2035, where the test zones have their changes.
    fn any_instant() -> impl Strategy<Value = Timestamp> {
        utc(2020, 1, 1, 0, 0)..utc(2035, 1, 1, 0, 0)
    }

    /// Instants within two months either side of the 2026 EU spring change.
    fn instant_near_eu_change() -> impl Strategy<Value = Timestamp> {
        let switch = central_europe_spring_2026().switch;
        (switch - 60 * DAY_MS)..(switch + 60 * DAY_MS)
    }

    fn check_week(now: Timestamp, zone: &impl Zone, min_h: i64, max_h: i64) {
        let (start, end) = week_bounds(now, zone);
        assert!(start <= now && now < end, "{start} <= {now} < {end}");
        assert_eq!(local_date(start, zone).weekday(), Weekday::Mon);
        assert_eq!(local_date(start - 1, zone).weekday(), Weekday::Sun);
        assert_eq!(local_date(end, zone).weekday(), Weekday::Mon);
        assert_eq!(local_date(end - 1, zone).weekday(), Weekday::Sun);
        let len = end - start;
        assert!(
            (min_h * HOUR_MS..=max_h * HOUR_MS).contains(&len),
            "week of {len} ms"
        );
    }

    proptest! {
        #[test]
        fn add_business_days_lands_on_a_business_day(d in any_date(), n in 1u32..400) {
            let out = add_business_days(d, n);
            prop_assert!(is_business_day(out));
            prop_assert!(out > d);
        }

        #[test]
        fn add_business_days_never_moves_backwards(d in any_date(), n in 0u32..400) {
            prop_assert!(add_business_days(d, n) >= d);
        }

        #[test]
        fn add_business_days_counts_each_business_day(d in any_date(), n in 1u32..60) {
            // Matches stepping one calendar day at a time.
            let mut day = d;
            let mut left = n;
            while left > 0 {
                day = add_days(day, 1);
                if is_business_day(day) {
                    left -= 1;
                }
            }
            prop_assert_eq!(add_business_days(d, n), day);
        }

        #[test]
        fn week_start_is_a_monday_within_a_week(d in any_date()) {
            let start = week_start(d);
            prop_assert_eq!(start.weekday(), Weekday::Mon);
            prop_assert!(start <= d && add_days(start, 7) > d);
        }

        #[test]
        fn week_bounds_fixed_zone(now in any_instant(), offset in -14 * 60..=14 * 60i32) {
            check_week(now, &FixedZone(offset), 168, 168);
        }

        #[test]
        fn week_bounds_us_eastern(now in any_instant()) {
            check_week(now, &UsEastern, 167, 169);
        }

        #[test]
        fn week_bounds_central_europe(now in instant_near_eu_change()) {
            check_week(now, &central_europe_spring_2026(), 167, 169);
        }

        #[test]
        fn local_midnight_round_trips_fixed(d in any_date(), offset in -18 * 60..=18 * 60i32) {
            let zone = FixedZone(offset);
            let t = local_midnight(d, &zone);
            prop_assert_eq!(local_date(t, &zone), d);
            prop_assert_eq!(local_date(t - 1, &zone), add_days(d, -1));
        }

        #[test]
        fn local_midnight_round_trips_dst(d in any_date()) {
            let t = local_midnight(d, &UsEastern);
            prop_assert_eq!(local_date(t, &UsEastern), d);
            prop_assert_eq!(local_date(t - 1, &UsEastern), add_days(d, -1));
            let eu = central_europe_spring_2026();
            let t = local_midnight(d, &eu);
            prop_assert_eq!(local_date(t, &eu), d);
            prop_assert_eq!(local_date(t - 1, &eu), add_days(d, -1));
        }

        #[test]
        fn local_midnight_round_trips_any_step(
            d in any_date(),
            switch in any_instant(),
            before in -14 * 60..=14 * 60i32,
            after in -14 * 60..=14 * 60i32,
        ) {
            // Whatever single change the zone makes, local_midnight(d) is
            // an instant of day d (unless the change skips a whole day).
            prop_assume!((after - before).abs() < 24 * 60);
            let zone = StepZone { before, after, switch };
            prop_assert_eq!(local_date(local_midnight(d, &zone), &zone), d);
        }
    }
}
