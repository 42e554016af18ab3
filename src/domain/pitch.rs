//! The two-minute pitch: word counts, speaking time and a pace for scrolling.

use serde::{Deserialize, Serialize};

use super::clock::Stopwatch;
use super::{Id, Timestamp};

/// A comfortable conversational speaking pace.
pub const DEFAULT_WORDS_PER_MINUTE: u32 = 130;

/// The pitch should fit in two minutes.
pub const PITCH_LIMIT_SECS: u32 = 120;

/// The pace a user may set, in words per minute.
pub const WPM_RANGE: std::ops::RangeInclusive<u32> = 60..=250;

/// The pace brought within [`WPM_RANGE`].
pub fn clamp_wpm(wpm: u32) -> u32 {
    wpm.clamp(*WPM_RANGE.start(), *WPM_RANGE.end())
}

/// Counts words: runs of non-whitespace that contain at least one letter or
/// digit, so a lone "-" or "—" between words is not counted. Works for any
/// script, e.g. "café" and "naïve" are one word each.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|token| token.chars().any(char::is_alphanumeric))
        .count()
}

/// Seconds it takes to say `words` at `wpm` words per minute, rounded to the
/// nearest second. The pace is kept within 60..=250 words per minute.
pub fn speaking_secs(words: usize, wpm: u32) -> u32 {
    let wpm = u128::from(clamp_wpm(wpm));
    let words = words as u128;
    let secs = (words * 60 + wpm / 2) / wpm;
    u32::try_from(secs).unwrap_or(u32::MAX)
}

/// Formats seconds as "M:SS", e.g. "1:45", "2:00", "0:08".
pub fn format_duration_secs(secs: u32) -> String {
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// How a pitch compares with the two-minute limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PitchLength {
    Empty,
    Fine,
    Long,
}

/// Says whether the pitch is empty, fits in two minutes, or runs over.
///
/// Compares the exact speaking time, not the rounded seconds, so a pitch
/// that runs even a fraction of a second past the limit counts as long.
pub fn assess(text: &str, wpm: u32) -> PitchLength {
    let words = word_count(text) as u128;
    if words == 0 {
        return PitchLength::Empty;
    }
    // words / wpm minutes > limit seconds  <=>  words * 60 > limit * wpm
    let wpm = u128::from(clamp_wpm(wpm));
    if words * 60 > u128::from(PITCH_LIMIT_SECS) * wpm {
        PitchLength::Long
    } else {
        PitchLength::Fine
    }
}

/// A saved pitch.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Pitch {
    pub id: Id,
    pub title: String,
    pub text: String,
    pub updated_at: Timestamp,
    /// Keeps versions in the order they were written, however stored.
    #[serde(default)]
    pub created_at: Timestamp,
}

impl Pitch {
    /// Whether anything is written in it yet ("New version" makes one
    /// empty).
    pub fn is_written(&self) -> bool {
        !self.text.trim().is_empty()
    }
}

/// How far through a text of `words` words (0.0 to 1.0) someone speaking at
/// `wpm` would be after `elapsed_ms`. Used to scroll the pitch at speaking
/// pace. An empty text stays at the top.
pub fn scroll_offset_fraction(elapsed_ms: i64, words: usize, wpm: u32) -> f64 {
    if words == 0 || elapsed_ms <= 0 {
        return 0.0;
    }
    let total_ms = words as f64 * 60_000.0 / f64::from(clamp_wpm(wpm));
    (elapsed_ms as f64 / total_ms).clamp(0.0, 1.0)
}

/// The title a version shows with, never blank.
pub fn version_label(title: &str, is_default: bool) -> String {
    let title = match title.trim() {
        "" => "Untitled version",
        t => t,
    };
    if is_default {
        format!("{title} (default)")
    } else {
        title.to_string()
    }
}

/// The two-minute practice countdown: started, paused and resumed by the
/// user, read from timestamps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PracticeCountdown {
    watch: Option<Stopwatch>,
}

/// The practice limit in milliseconds.
const PRACTICE_MS: i64 = PITCH_LIMIT_SECS as i64 * 1000;

impl PracticeCountdown {
    pub fn is_started(&self) -> bool {
        self.watch.is_some()
    }

    /// Speaking time used so far, within the two minutes.
    pub fn elapsed_ms(&self, now: Timestamp) -> i64 {
        self.watch
            .map_or(0, |w| w.elapsed_ms(now).clamp(0, PRACTICE_MS))
    }

    /// Whole seconds left, rounded up so "2:00" shows until a second passes
    /// and "0:00" only once time is really up.
    pub fn remaining_secs(&self, now: Timestamp) -> u32 {
        let left = PRACTICE_MS - self.elapsed_ms(now);
        u32::try_from((left + 999) / 1000).unwrap_or(0)
    }

    pub fn is_over(&self, now: Timestamp) -> bool {
        self.is_started() && self.elapsed_ms(now) >= PRACTICE_MS
    }

    pub fn is_paused(&self) -> bool {
        self.watch.is_some_and(|w| w.is_paused())
    }

    pub fn is_running(&self, now: Timestamp) -> bool {
        self.is_started() && !self.is_paused() && !self.is_over(now)
    }

    /// Starts the countdown, or resumes it after a pause.
    pub fn start(&mut self, now: Timestamp) {
        match &mut self.watch {
            None => self.watch = Some(Stopwatch::start(now)),
            Some(w) => w.resume(now),
        }
    }

    /// Pauses a running countdown; one that is over stays over.
    pub fn pause(&mut self, now: Timestamp) {
        if self.is_running(now)
            && let Some(w) = &mut self.watch
        {
            w.pause(now);
        }
    }
}

impl super::Notebook {
    /// Makes a version the one meetings use unless they pick another.
    pub fn set_default_pitch(&mut self, id: Id) {
        if self.pitch(id).is_some() {
            self.default_pitch = Some(id);
        }
    }

    /// Sets the speaking pace; a pace outside [`WPM_RANGE`] is refused
    /// (`false`) and the stored one kept.
    pub fn set_words_per_minute(&mut self, wpm: u32) -> bool {
        if !WPM_RANGE.contains(&wpm) {
            return false;
        }
        self.settings.words_per_minute = wpm;
        true
    }

    /// The version picked on screen if it still exists, else the default.
    pub fn pitch_or_default(&self, chosen: Option<Id>) -> Option<&Pitch> {
        chosen
            .and_then(|id| self.pitch(id))
            .or_else(|| self.default_pitch())
    }

    /// The versions a meeting can use: those with something to say, and
    /// `chosen` (the meeting's own, even if emptied since).
    pub fn pitch_choices(&self, chosen: Option<Id>) -> Vec<(Id, String)> {
        self.pitch_versions()
            .into_iter()
            .filter(|(id, _)| Some(*id) == chosen || self.pitch(*id).is_some_and(Pitch::is_written))
            .collect()
    }

    /// The version a meeting with no version of its own uses: the default
    /// one, unless it has nothing in it yet (a new version made default
    /// before it was written) and another has.
    pub fn pitch_to_give(&self) -> Option<&Pitch> {
        self.default_pitch()
            .filter(|p| p.is_written())
            .or_else(|| self.pitches.iter().find(|p| p.is_written()))
            .or_else(|| self.default_pitch())
    }

    /// Every version as a picker lists it, the default one marked.
    pub fn pitch_versions(&self) -> Vec<(Id, String)> {
        let default = self.default_pitch().map(|p| p.id);
        self.pitches
            .iter()
            .map(|p| (p.id, version_label(&p.title, Some(p.id) == default)))
            .collect()
    }

    /// Writes a new title and/or text into version `id`, or, when there is
    /// no version yet, makes the first one ("My pitch") from what was
    /// typed. Returns the version written.
    pub fn write_pitch(
        &mut self,
        id: Option<Id>,
        title: Option<&str>,
        text: Option<&str>,
        now: Timestamp,
    ) -> Id {
        match id {
            Some(id) => {
                self.edit_pitch(id, title, text, now);
                id
            }
            None => self.add_pitch(title.unwrap_or("My pitch"), text.unwrap_or_default(), now),
        }
    }

    /// The pitch meetings use by default: the chosen one, else the first.
    pub fn default_pitch(&self) -> Option<&Pitch> {
        self.default_pitch
            .and_then(|id| self.pitch(id))
            .or_else(|| self.pitches.first())
    }

    pub fn pitch(&self, id: Id) -> Option<&Pitch> {
        self.find(id)
    }

    /// Adds a pitch version; the first one becomes the default.
    pub fn add_pitch(&mut self, title: &str, text: &str, now: Timestamp) -> Id {
        let id = self.alloc_id();
        let title = match title.trim() {
            "" => format!("Version {}", self.pitches.len() + 1),
            t => t.to_string(),
        };
        self.pitches.push(Pitch {
            id,
            title,
            text: text.to_string(),
            updated_at: now,
            created_at: now,
        });
        if self.default_pitch.and_then(|d| self.pitch(d)).is_none() {
            self.default_pitch = Some(id);
        }
        id
    }

    /// Changes a pitch version's title and text.
    pub fn edit_pitch(&mut self, id: Id, title: Option<&str>, text: Option<&str>, now: Timestamp) {
        if let Some(p) = self.find_mut::<Pitch>(id) {
            if let Some(t) = title {
                p.title = t.to_string();
            }
            if let Some(t) = text {
                p.text = t.to_string();
            }
            p.updated_at = now;
        }
    }

    /// Removes a pitch version; meetings that used it fall back to the default.
    pub fn delete_pitch(&mut self, id: Id) {
        self.pitches.retain(|p| p.id != id);
        if self.default_pitch == Some(id) {
            self.default_pitch = self.pitches.first().map(|p| p.id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn words(n: usize) -> String {
        vec!["word"; n].join(" ")
    }

    #[test]
    fn counts_plain_words() {
        assert_eq!(word_count(""), 0);
        assert_eq!(word_count("   \n\t "), 0);
        assert_eq!(word_count("Hello"), 1);
        assert_eq!(word_count("  I'm exploring  product roles.\n"), 4);
        assert_eq!(word_count("e-mail co-op 2024"), 3);
    }

    #[test]
    fn punctuation_only_tokens_are_not_words() {
        assert_eq!(word_count("data - design — and research"), 4);
        assert_eq!(word_count("... !! – … ?"), 0);
        assert_eq!(word_count("«  » \"\" (word)"), 1);
    }

    #[test]
    fn accented_and_other_scripts_are_counted() {
        assert_eq!(word_count("Café naïve résumé"), 3);
        assert_eq!(word_count("Müller Øresund façade"), 3);
        assert_eq!(word_count("Привет мир"), 2);
        assert_eq!(word_count("こんにちは 世界"), 2);
        // Non-breaking and other Unicode spaces separate words too.
        assert_eq!(word_count("one\u{00A0}two\u{2003}three\u{3000}four"), 4);
    }

    #[test]
    fn speaking_time() {
        assert_eq!(speaking_secs(0, 130), 0);
        assert_eq!(speaking_secs(260, 130), 120);
        assert_eq!(speaking_secs(130, 130), 60);
        // 1 word at 130 wpm is 0.46 s, rounded to 0; 2 words is 0.92 s.
        assert_eq!(speaking_secs(1, 130), 0);
        assert_eq!(speaking_secs(2, 130), 1);
        // 17 words at 130 wpm = 7.85 s.
        assert_eq!(speaking_secs(17, 130), 8);
        // Half a second rounds up: 1 word at 120 wpm = 0.5 s.
        assert_eq!(speaking_secs(1, 120), 1);
    }

    #[test]
    fn pace_is_clamped() {
        assert_eq!(speaking_secs(60, 0), 60);
        assert_eq!(speaking_secs(60, 10), 60);
        assert_eq!(speaking_secs(250, 1000), 60);
        assert_eq!(speaking_secs(250, u32::MAX), 60);
        assert_eq!(speaking_secs(usize::MAX, 60), u32::MAX);
    }

    #[test]
    fn durations_format_as_minutes_and_seconds() {
        assert_eq!(format_duration_secs(105), "1:45");
        assert_eq!(format_duration_secs(120), "2:00");
        assert_eq!(format_duration_secs(8), "0:08");
        assert_eq!(format_duration_secs(0), "0:00");
        assert_eq!(format_duration_secs(725), "12:05");
    }

    #[test]
    fn assess_against_two_minutes() {
        assert_eq!(assess("", DEFAULT_WORDS_PER_MINUTE), PitchLength::Empty);
        assert_eq!(assess(" — ", DEFAULT_WORDS_PER_MINUTE), PitchLength::Empty);
        assert_eq!(assess("Hi", DEFAULT_WORDS_PER_MINUTE), PitchLength::Fine);
        assert_eq!(
            assess(&words(260), DEFAULT_WORDS_PER_MINUTE),
            PitchLength::Fine
        );
        // 261 words rounds to 120 s but is still over the limit.
        assert_eq!(speaking_secs(261, DEFAULT_WORDS_PER_MINUTE), 120);
        assert_eq!(
            assess(&words(261), DEFAULT_WORDS_PER_MINUTE),
            PitchLength::Long
        );
        // A faster speaker fits more in.
        assert_eq!(assess(&words(261), 150), PitchLength::Fine);
        assert_eq!(assess(&words(300), 150), PitchLength::Fine);
        assert_eq!(assess(&words(301), 150), PitchLength::Long);
    }

    #[test]
    fn pitch_defaults_and_round_trips() {
        let empty: Pitch = serde_json::from_str("{}").unwrap();
        assert_eq!(empty, Pitch::default());
        let pitch = Pitch {
            id: 7,
            title: "Career change".into(),
            text: "I'm moving from teaching into UX research.".into(),
            updated_at: 1_763_000_000_000,
            created_at: 1_762_000_000_000,
        };
        let json = serde_json::to_string(&pitch).unwrap();
        assert_eq!(serde_json::from_str::<Pitch>(&json).unwrap(), pitch);
    }

    #[test]
    fn scroll_follows_speaking_pace() {
        // 260 words at 130 wpm take two minutes.
        assert_eq!(scroll_offset_fraction(0, 260, 130), 0.0);
        assert_eq!(scroll_offset_fraction(60_000, 260, 130), 0.5);
        assert_eq!(scroll_offset_fraction(120_000, 260, 130), 1.0);
        assert_eq!(scroll_offset_fraction(600_000, 260, 130), 1.0);
        assert_eq!(scroll_offset_fraction(-5_000, 260, 130), 0.0);
        assert_eq!(scroll_offset_fraction(60_000, 0, 130), 0.0);
        // Pace is clamped the same way as for speaking time.
        assert_eq!(
            scroll_offset_fraction(30_000, 60, 0),
            scroll_offset_fraction(30_000, 60, 60)
        );
    }

    proptest! {
        #[test]
        fn scroll_fraction_is_in_range_and_monotonic(
            a in any::<i64>(),
            b in any::<i64>(),
            words in 0usize..100_000,
            wpm in any::<u32>(),
        ) {
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            let f_lo = scroll_offset_fraction(lo, words, wpm);
            let f_hi = scroll_offset_fraction(hi, words, wpm);
            prop_assert!((0.0..=1.0).contains(&f_lo));
            prop_assert!(f_lo <= f_hi);
        }

        #[test]
        fn word_count_never_exceeds_tokens(text in "\\PC*") {
            prop_assert!(word_count(&text) <= text.split_whitespace().count());
        }

        #[test]
        fn assess_agrees_with_rounded_time_away_from_the_limit(
            n in 1usize..2000,
            wpm in 60u32..=250,
        ) {
            let secs = speaking_secs(n, wpm);
            let verdict = assess(&words(n), wpm);
            if secs > PITCH_LIMIT_SECS {
                prop_assert_eq!(verdict, PitchLength::Long);
            }
            if secs < PITCH_LIMIT_SECS {
                prop_assert_eq!(verdict, PitchLength::Fine);
            }
        }
    }

    #[test]
    fn practice_counts_down_two_minutes_leaving_out_pauses() {
        let mut c = PracticeCountdown::default();
        assert_eq!(c.remaining_secs(0), 120);
        assert!(!c.is_running(0));
        c.start(1_000);
        assert_eq!(c.remaining_secs(1_000), 120);
        assert_eq!(c.remaining_secs(1_001), 120, "rounded up");
        c.pause(31_000);
        assert!(c.is_paused() && !c.is_running(90_000));
        assert_eq!(c.remaining_secs(90_000), 90);
        c.start(100_000);
        assert!(c.is_running(100_000));
        assert_eq!(c.remaining_secs(130_000), 60);
        assert!(c.is_over(190_000));
        assert_eq!(c.remaining_secs(500_000), 0);
        // Time that is up cannot be paused.
        c.pause(200_000);
        assert!(!c.is_paused());
    }

    #[test]
    fn typing_before_any_version_makes_the_first_default_one() {
        let mut nb = crate::domain::Notebook::default();
        let first = nb.write_pitch(None, None, Some("Hello"), 1);
        assert_eq!(nb.pitch(first).unwrap().title, "My pitch");
        assert_eq!(nb.write_pitch(Some(first), Some("Short"), None, 2), first);
        let second = nb.add_pitch("", "", 3);
        assert_eq!(
            nb.pitch_versions(),
            [
                (first, "Short (default)".to_string()),
                (second, "Version 2".to_string())
            ]
        );
        // A meeting is not offered a version with nothing in it yet.
        assert_eq!(
            nb.pitch_choices(None),
            [(first, "Short (default)".to_string())]
        );
        assert_eq!(nb.pitch_choices(Some(second)).len(), 2);
        assert_eq!(nb.pitch_or_default(Some(second)).unwrap().id, second);
        assert_eq!(nb.pitch_or_default(Some(second + 1)).unwrap().id, first);
        assert_eq!(version_label("  ", false), "Untitled version");
    }
}
