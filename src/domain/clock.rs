//! The meeting clock for a 30-minute information and referral meeting.
//!
//! The countdown is always derived from stored timestamps and the current
//! wall-clock time passed in as `now`; nothing here counts ticks. A screen
//! that locks, a tab that sleeps or a page that reloads therefore shows the
//! right time as soon as it computes again.

use serde::{Deserialize, Serialize};

use super::{Error, MINUTE_MS, Timestamp};

/// Longest meeting a plan may describe, in minutes.
pub const MAX_LENGTH_MIN: u32 = 120;

/// When each part of the meeting begins, in minutes from the start.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PhasePlan {
    /// End of the opening pitch (and start of the contact's story).
    pub pitch_end_min: u32,
    /// When to start asking for referrals.
    pub referrals_at_min: u32,
    /// When to start wrapping up.
    pub wrap_up_at_min: u32,
    /// Total length of the meeting.
    pub length_min: u32,
}

impl Default for PhasePlan {
    fn default() -> Self {
        PhasePlan {
            pitch_end_min: 2,
            referrals_at_min: 20,
            wrap_up_at_min: 25,
            length_min: 30,
        }
    }
}

impl PhasePlan {
    /// Checks that the phases come in order and the meeting is not too long.
    /// The error is shown to the user as is.
    pub fn validate(&self) -> Result<(), Error> {
        if self.pitch_end_min == 0 {
            return Err(Error::PitchTooShort);
        }
        if self.referrals_at_min <= self.pitch_end_min {
            return Err(Error::ReferralsBeforePitchEnds);
        }
        if self.wrap_up_at_min <= self.referrals_at_min {
            return Err(Error::WrapUpBeforeReferrals);
        }
        if self.length_min <= self.wrap_up_at_min {
            return Err(Error::EndBeforeWrapUp);
        }
        if self.length_min > MAX_LENGTH_MIN {
            return Err(Error::MeetingTooLong);
        }
        Ok(())
    }

    fn length_ms(&self) -> i64 {
        i64::from(self.length_min) * MINUTE_MS
    }
}

/// The parts of the meeting, in the order they happen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Phase {
    Pitch,
    Story,
    Referrals,
    WrapUp,
    TimesUp,
}

impl Phase {
    /// Every phase, in meeting order.
    pub const ALL: [Phase; 5] = [
        Phase::Pitch,
        Phase::Story,
        Phase::Referrals,
        Phase::WrapUp,
        Phase::TimesUp,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Phase::Pitch => "Your pitch",
            Phase::Story => "Their story and advice",
            Phase::Referrals => "Referrals",
            Phase::WrapUp => "Wrap up",
            Phase::TimesUp => "Time's up",
        }
    }

    /// A short reminder of what to do during this phase.
    pub fn cue(self) -> &'static str {
        match self {
            Phase::Pitch => {
                "Say who you are, what you're exploring, and why you wanted to talk with them."
            }
            Phase::Story => {
                "Listen and be curious: ask how they got where they are and what they'd advise."
            }
            Phase::Referrals => {
                "Ask who else they think you should talk to, and whether you may mention their name."
            }
            Phase::WrapUp => {
                "Thank them warmly, ask how you could help them, and confirm your next steps."
            }
            Phase::TimesUp => {
                "This is the time you asked for: offer to stop here, and let them decide whether to keep talking."
            }
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Time that runs from a start and can be paused and resumed. Every reading
/// comes from the timestamps and the `now` passed in, so it survives a
/// reload and never drifts with late timer ticks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stopwatch {
    pub started_at: Timestamp,
    /// When the current pause began, if paused.
    pub paused_at: Option<Timestamp>,
    /// Total length of the pauses that have ended.
    pub paused_ms: i64,
}

impl Stopwatch {
    pub fn start(now: Timestamp) -> Self {
        Stopwatch {
            started_at: now,
            paused_at: None,
            paused_ms: 0,
        }
    }

    /// Freezes the time. Does nothing if already paused.
    pub fn pause(&mut self, now: Timestamp) {
        if self.paused_at.is_none() {
            self.paused_at = Some(now);
        }
    }

    /// Lets the time run again, leaving out the pause. Does nothing if not
    /// paused.
    pub fn resume(&mut self, now: Timestamp) {
        if let Some(paused_at) = self.paused_at.take() {
            // A clock that jumped back during the pause adds nothing rather
            // than giving time back.
            let pause = now.saturating_sub(paused_at).max(0);
            self.paused_ms = self.paused_ms.saturating_add(pause);
        }
    }

    pub fn is_paused(&self) -> bool {
        self.paused_at.is_some()
    }

    /// Time that has run: wall time since the start minus the pauses.
    /// Frozen while paused and never negative, even if the device clock has
    /// been set back before the start.
    pub fn elapsed_ms(&self, now: Timestamp) -> i64 {
        let effective_now = match self.paused_at {
            Some(paused_at) => now.min(paused_at),
            None => now,
        };
        effective_now
            .saturating_sub(self.started_at)
            .saturating_sub(self.paused_ms)
            .max(0)
    }
}

/// A running (or paused) meeting countdown.
///
/// All readings are computed from `started_at`, the pause bookkeeping and the
/// `now` passed in, so the clock survives being serialized and reloaded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingClock {
    pub started_at: Timestamp,
    /// When the current pause began, if the clock is paused.
    pub paused_at: Option<Timestamp>,
    /// Total length of the pauses that have ended.
    pub paused_ms: i64,
    pub plan: PhasePlan,
}

impl MeetingClock {
    pub fn start(now: Timestamp, plan: PhasePlan) -> Self {
        MeetingClock {
            started_at: now,
            paused_at: None,
            paused_ms: 0,
            plan,
        }
    }

    /// The pause bookkeeping, kept flat in the stored meeting.
    fn watch(&self) -> Stopwatch {
        Stopwatch {
            started_at: self.started_at,
            paused_at: self.paused_at,
            paused_ms: self.paused_ms,
        }
    }

    fn set_watch(&mut self, watch: Stopwatch) {
        self.paused_at = watch.paused_at;
        self.paused_ms = watch.paused_ms;
    }

    /// Freezes the clock. Does nothing if it is already paused.
    pub fn pause(&mut self, now: Timestamp) {
        let mut watch = self.watch();
        watch.pause(now);
        self.set_watch(watch);
    }

    /// Lets the clock run again, leaving out the time spent paused. Does
    /// nothing if it is not paused.
    pub fn resume(&mut self, now: Timestamp) {
        let mut watch = self.watch();
        watch.resume(now);
        self.set_watch(watch);
    }

    pub fn is_paused(&self) -> bool {
        self.watch().is_paused()
    }

    /// Meeting time that has passed (see [`Stopwatch::elapsed_ms`]).
    pub fn elapsed_ms(&self, now: Timestamp) -> i64 {
        self.watch().elapsed_ms(now)
    }

    /// Time left in the meeting; negative once it runs over.
    pub fn remaining_ms(&self, now: Timestamp) -> i64 {
        self.plan.length_ms().saturating_sub(self.elapsed_ms(now))
    }

    /// How far past the planned length the meeting has run (zero before).
    pub fn overtime_ms(&self, now: Timestamp) -> i64 {
        self.remaining_ms(now).saturating_neg().max(0)
    }

    pub fn phase(&self, now: Timestamp) -> Phase {
        let elapsed = self.elapsed_ms(now);
        // Checked in order, so even an invalid plan never steps backwards.
        let mut current = Phase::Pitch;
        for phase in &Phase::ALL[1..] {
            if self.phase_started_ms(*phase) > elapsed {
                break;
            }
            current = *phase;
        }
        current
    }

    /// Meeting time (elapsed, not wall time) at which `phase` begins.
    pub fn phase_started_ms(&self, phase: Phase) -> i64 {
        let minutes = match phase {
            Phase::Pitch => 0,
            Phase::Story => self.plan.pitch_end_min,
            Phase::Referrals => self.plan.referrals_at_min,
            Phase::WrapUp => self.plan.wrap_up_at_min,
            Phase::TimesUp => self.plan.length_min,
        };
        i64::from(minutes) * MINUTE_MS
    }

    /// The pitch's own countdown; zero once the pitch time is over.
    pub fn pitch_remaining_ms(&self, now: Timestamp) -> i64 {
        (self.phase_started_ms(Phase::Story) - self.elapsed_ms(now)).max(0)
    }

    /// Phases entered after `from` and up to and including `to`, in order.
    /// Lets the UI give each cue exactly once, even when it was asleep
    /// through several phase changes.
    pub fn phase_changes_between(&self, from: Timestamp, to: Timestamp) -> Vec<Phase> {
        if to <= from {
            return Vec::new();
        }
        let before = self.phase(from).index();
        let after = self.phase(to).index();
        if after <= before {
            return Vec::new();
        }
        Phase::ALL[before + 1..=after].to_vec()
    }
}

/// Formats a countdown as zero-padded "MM:SS"; overtime (negative) as
/// "+MM:SS". Time left is rounded up to whole seconds so a fresh 30-minute
/// meeting reads "30:00" and turns "29:59" one second later; overtime is
/// rounded down. Minutes past 99 keep counting ("120:00").
pub fn format_countdown(ms: i64) -> String {
    let (sign, secs) = if ms >= 0 {
        let ms = ms.unsigned_abs();
        ("", ms.div_ceil(1000))
    } else {
        ("+", ms.unsigned_abs() / 1000)
    };
    format!("{sign}{:02}:{:02}", secs / 60, secs % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const T0: Timestamp = 1_763_000_000_000;
    const SEC: i64 = 1000;

    fn clock() -> MeetingClock {
        MeetingClock::start(T0, PhasePlan::default())
    }

    fn at(min: i64, sec: i64) -> Timestamp {
        T0 + min * MINUTE_MS + sec * SEC
    }

    #[test]
    fn default_plan_is_valid() {
        let plan = PhasePlan::default();
        assert_eq!(
            (
                plan.pitch_end_min,
                plan.referrals_at_min,
                plan.wrap_up_at_min,
                plan.length_min
            ),
            (2, 20, 25, 30)
        );
        assert_eq!(plan.validate(), Ok(()));
    }

    #[test]
    fn start_shows_full_time_and_pitch() {
        let c = clock();
        assert!(!c.is_paused());
        assert_eq!(c.elapsed_ms(T0), 0);
        assert_eq!(c.remaining_ms(T0), 30 * MINUTE_MS);
        assert_eq!(format_countdown(c.remaining_ms(T0)), "30:00");
        assert_eq!(c.phase(T0), Phase::Pitch);
        assert_eq!(c.pitch_remaining_ms(T0), 2 * MINUTE_MS);
        assert_eq!(format_countdown(c.remaining_ms(T0 + 1)), "30:00");
        assert_eq!(format_countdown(c.remaining_ms(at(0, 1))), "29:59");
    }

    #[test]
    fn phases_follow_the_default_plan() {
        let c = clock();
        assert_eq!(c.phase(at(1, 59)), Phase::Pitch);
        assert_eq!(c.phase(at(2, 0)), Phase::Story);
        assert_eq!(c.pitch_remaining_ms(at(2, 0)), 0);
        assert_eq!(c.pitch_remaining_ms(at(10, 0)), 0);
        assert_eq!(c.phase(at(19, 59)), Phase::Story);
        assert_eq!(c.phase(at(20, 0)), Phase::Referrals);
        assert_eq!(c.phase(at(25, 0)), Phase::WrapUp);
        assert_eq!(c.phase(at(29, 59)), Phase::WrapUp);
        assert_eq!(c.phase(at(30, 0)), Phase::TimesUp);
        assert_eq!(format_countdown(c.remaining_ms(at(30, 0))), "00:00");
        assert_eq!(c.overtime_ms(at(30, 0)), 0);
        assert_eq!(c.phase(at(90, 0)), Phase::TimesUp);
    }

    #[test]
    fn pitch_countdown_runs_down_from_two_minutes() {
        let c = clock();
        assert_eq!(c.pitch_remaining_ms(at(1, 15)), 45 * SEC);
        assert_eq!(format_countdown(c.pitch_remaining_ms(at(0, 1))), "01:59");
    }

    #[test]
    fn overtime_counts_up() {
        let c = clock();
        let now = at(31, 5);
        assert_eq!(c.remaining_ms(now), -65 * SEC);
        assert_eq!(c.overtime_ms(now), 65 * SEC);
        assert_eq!(format_countdown(c.remaining_ms(now)), "+01:05");
        assert_eq!(c.overtime_ms(at(29, 0)), 0);
    }

    #[test]
    fn pause_then_resume_shifts_everything_by_the_pause() {
        let mut c = clock();
        c.pause(at(5, 0));
        assert!(c.is_paused());
        // Frozen while paused.
        assert_eq!(c.elapsed_ms(at(5, 0)), 5 * MINUTE_MS);
        assert_eq!(c.elapsed_ms(at(12, 0)), 5 * MINUTE_MS);
        assert_eq!(c.phase(at(40, 0)), Phase::Story);
        // Pausing again does not move the pause start.
        c.pause(at(6, 0));
        assert_eq!(c.paused_at, Some(at(5, 0)));
        c.resume(at(8, 0));
        assert!(!c.is_paused());
        assert_eq!(c.paused_ms, 3 * MINUTE_MS);
        // Resuming again does nothing.
        c.resume(at(9, 0));
        assert_eq!(c.paused_ms, 3 * MINUTE_MS);

        let pause = 3 * MINUTE_MS;
        assert_eq!(c.elapsed_ms(at(8, 0)), 5 * MINUTE_MS);
        assert_eq!(c.phase(at(20, 0) + pause - 1), Phase::Story);
        assert_eq!(c.phase(at(20, 0) + pause), Phase::Referrals);
        assert_eq!(c.phase(at(25, 0) + pause), Phase::WrapUp);
        assert_eq!(c.phase(at(30, 0) + pause), Phase::TimesUp);
        assert_eq!(c.remaining_ms(at(30, 0) + pause), 0);
        assert_eq!(
            format_countdown(c.remaining_ms(at(31, 5) + pause)),
            "+01:05"
        );
    }

    #[test]
    fn pause_during_pitch_freezes_pitch_countdown() {
        let mut c = clock();
        c.pause(at(1, 0));
        assert_eq!(c.pitch_remaining_ms(at(4, 0)), MINUTE_MS);
        c.resume(at(4, 0));
        assert_eq!(c.pitch_remaining_ms(at(4, 30)), 30 * SEC);
        assert_eq!(c.phase(at(5, 0)), Phase::Story);
    }

    #[test]
    fn reload_mid_meeting_gives_the_same_answers() {
        let mut c = clock();
        c.pause(at(3, 0));
        c.resume(at(4, 30));
        let json = serde_json::to_string(&c).unwrap();
        let reloaded: MeetingClock = serde_json::from_str(&json).unwrap();
        assert_eq!(reloaded, c);
        for now in [at(4, 30), at(22, 0), at(26, 45), at(33, 0)] {
            assert_eq!(reloaded.elapsed_ms(now), c.elapsed_ms(now));
            assert_eq!(reloaded.remaining_ms(now), c.remaining_ms(now));
            assert_eq!(reloaded.phase(now), c.phase(now));
        }
        // The 1:30 pause shifts every boundary by 1:30.
        assert_eq!(reloaded.phase(at(21, 0)), Phase::Story);
        assert_eq!(reloaded.phase(at(22, 0)), Phase::Referrals);
        assert_eq!(format_countdown(reloaded.remaining_ms(at(22, 0))), "09:30");
    }

    #[test]
    fn reload_while_paused_stays_paused() {
        let mut c = clock();
        c.pause(at(10, 0));
        let json = serde_json::to_string(&c).unwrap();
        let mut reloaded: MeetingClock = serde_json::from_str(&json).unwrap();
        assert!(reloaded.is_paused());
        assert_eq!(reloaded.elapsed_ms(at(50, 0)), 10 * MINUTE_MS);
        reloaded.resume(at(50, 0));
        assert_eq!(reloaded.phase(at(60, 0)), Phase::Referrals);
    }

    #[test]
    fn plan_missing_fields_take_defaults() {
        let plan: PhasePlan = serde_json::from_str(r#"{"length_min": 45}"#).unwrap();
        assert_eq!(plan.pitch_end_min, 2);
        assert_eq!(plan.length_min, 45);
    }

    #[test]
    fn clock_jumping_back_never_gives_negative_elapsed() {
        let c = clock();
        assert_eq!(c.elapsed_ms(T0 - 5 * MINUTE_MS), 0);
        assert_eq!(c.remaining_ms(T0 - 5 * MINUTE_MS), 30 * MINUTE_MS);
        assert_eq!(c.phase(T0 - 5 * MINUTE_MS), Phase::Pitch);
        assert_eq!(c.elapsed_ms(i64::MIN), 0);

        let mut paused = clock();
        paused.pause(at(10, 0));
        paused.resume(at(4, 0)); // clock went back during the pause
        assert_eq!(paused.paused_ms, 0);
        assert!(paused.elapsed_ms(at(4, 0)) >= 0);
        assert_eq!(paused.elapsed_ms(T0 - MINUTE_MS), 0);
    }

    #[test]
    fn phase_changes_across_several_phases_at_once() {
        let c = clock();
        // The tab slept from minute 1 to minute 26.
        assert_eq!(
            c.phase_changes_between(at(1, 0), at(26, 0)),
            vec![Phase::Story, Phase::Referrals, Phase::WrapUp]
        );
        assert_eq!(
            c.phase_changes_between(T0, at(45, 0)),
            vec![
                Phase::Story,
                Phase::Referrals,
                Phase::WrapUp,
                Phase::TimesUp
            ]
        );
        // The boundary itself counts as entered, exactly once.
        assert_eq!(
            c.phase_changes_between(at(19, 59), at(20, 0)),
            vec![Phase::Referrals]
        );
        assert_eq!(c.phase_changes_between(at(20, 0), at(20, 1)), vec![]);
    }

    #[test]
    fn phase_changes_empty_when_no_boundary_is_crossed() {
        let c = clock();
        assert!(c.phase_changes_between(at(3, 0), at(19, 0)).is_empty());
        assert!(c.phase_changes_between(at(5, 0), at(5, 0)).is_empty());
        assert!(c.phase_changes_between(at(26, 0), at(1, 0)).is_empty());
        assert!(c.phase_changes_between(at(31, 0), at(60, 0)).is_empty());
    }

    #[test]
    fn phase_changes_respect_pauses() {
        let mut c = clock();
        c.pause(at(1, 0));
        assert!(c.phase_changes_between(at(1, 0), at(30, 0)).is_empty());
        c.resume(at(30, 0));
        assert_eq!(
            c.phase_changes_between(at(30, 0), at(31, 0)),
            vec![Phase::Story]
        );
    }

    #[test]
    fn custom_plan() {
        let plan = PhasePlan {
            pitch_end_min: 1,
            referrals_at_min: 10,
            wrap_up_at_min: 12,
            length_min: 15,
        };
        assert_eq!(plan.validate(), Ok(()));
        let c = MeetingClock::start(T0, plan);
        assert_eq!(format_countdown(c.remaining_ms(T0)), "15:00");
        assert_eq!(c.pitch_remaining_ms(T0), MINUTE_MS);
        assert_eq!(c.phase(at(0, 59)), Phase::Pitch);
        assert_eq!(c.phase(at(1, 0)), Phase::Story);
        assert_eq!(c.phase(at(10, 0)), Phase::Referrals);
        assert_eq!(c.phase(at(12, 0)), Phase::WrapUp);
        assert_eq!(c.phase(at(15, 0)), Phase::TimesUp);
        assert_eq!(c.phase_started_ms(Phase::WrapUp), 12 * MINUTE_MS);
        assert_eq!(c.phase_started_ms(Phase::Pitch), 0);

        let long = MeetingClock::start(
            T0,
            PhasePlan {
                pitch_end_min: 3,
                referrals_at_min: 60,
                wrap_up_at_min: 100,
                length_min: 120,
            },
        );
        assert_eq!(format_countdown(long.remaining_ms(T0)), "120:00");
        assert_eq!(long.phase(at(99, 0)), Phase::Referrals);
    }

    #[test]
    fn validation_errors() {
        let ok = PhasePlan::default();
        let cases = [
            (
                PhasePlan {
                    pitch_end_min: 0,
                    ..ok.clone()
                },
                Error::PitchTooShort,
            ),
            (
                PhasePlan {
                    referrals_at_min: 2,
                    ..ok.clone()
                },
                Error::ReferralsBeforePitchEnds,
            ),
            (
                PhasePlan {
                    wrap_up_at_min: 19,
                    ..ok.clone()
                },
                Error::WrapUpBeforeReferrals,
            ),
            (
                PhasePlan {
                    length_min: 25,
                    ..ok.clone()
                },
                Error::EndBeforeWrapUp,
            ),
            (
                PhasePlan {
                    length_min: 121,
                    ..ok.clone()
                },
                Error::MeetingTooLong,
            ),
        ];
        for (plan, error) in cases {
            assert_eq!(plan.validate(), Err(error));
        }
        assert_eq!(
            PhasePlan {
                length_min: 120,
                ..ok
            }
            .validate(),
            Ok(())
        );
        assert_eq!(
            PhasePlan {
                length_min: 121,
                wrap_up_at_min: 100,
                ..PhasePlan::default()
            }
            .validate(),
            Err(Error::MeetingTooLong)
        );
    }

    #[test]
    fn format_countdown_rounding() {
        assert_eq!(format_countdown(30 * MINUTE_MS), "30:00");
        assert_eq!(format_countdown(30 * MINUTE_MS - 1), "30:00");
        assert_eq!(format_countdown(30 * MINUTE_MS - 1000), "29:59");
        assert_eq!(format_countdown(5 * MINUTE_MS + 7 * SEC), "05:07");
        assert_eq!(format_countdown(59 * SEC), "00:59");
        assert_eq!(format_countdown(1), "00:01");
        assert_eq!(format_countdown(0), "00:00");
        assert_eq!(format_countdown(-999), "+00:00");
        assert_eq!(format_countdown(-1000), "+00:01");
        assert_eq!(format_countdown(-65 * SEC), "+01:05");
        assert_eq!(format_countdown(120 * MINUTE_MS), "120:00");
        assert_eq!(format_countdown(-(150 * MINUTE_MS + 9 * SEC)), "+150:09");
        // Extremes do not panic.
        assert!(!format_countdown(i64::MIN).is_empty());
        assert!(!format_countdown(i64::MAX).is_empty());
    }

    #[test]
    fn phase_titles_and_cues_are_filled_in() {
        for phase in Phase::ALL {
            assert!(!phase.title().is_empty());
            assert!(!phase.cue().is_empty());
            assert!(!phase.cue().to_lowercase().contains("job"));
        }
        assert!(Phase::Referrals.cue().contains("who else"));
    }

    /// A clock that may have been paused and resumed, and may be paused now.
    fn arb_clock() -> impl Strategy<Value = MeetingClock> {
        (
            0i64..4_000_000_000_000,
            proptest::option::of((0i64..10 * MINUTE_MS, 0i64..10 * MINUTE_MS)),
            proptest::option::of(0i64..120 * MINUTE_MS),
        )
            .prop_map(|(start, past_pause, current_pause)| {
                let mut c = MeetingClock::start(start, PhasePlan::default());
                if let Some((after, length)) = past_pause {
                    c.pause(start + after);
                    c.resume(start + after + length);
                }
                if let Some(after) = current_pause {
                    c.pause(start + c.paused_ms + after);
                }
                c
            })
    }

    proptest! {
        #[test]
        fn remaining_plus_elapsed_is_length(
            start in 0i64..4_000_000_000_000,
            offset in -10 * crate::domain::DAY_MS..10 * crate::domain::DAY_MS,
        ) {
            let c = MeetingClock::start(start, PhasePlan::default());
            let now = start + offset;
            prop_assert_eq!(c.remaining_ms(now) + c.elapsed_ms(now), 30 * MINUTE_MS);
        }

        #[test]
        fn remaining_plus_elapsed_is_length_after_a_pause(
            c in arb_clock(),
            offset in 0i64..crate::domain::DAY_MS,
        ) {
            let mut c = c;
            if let Some(p) = c.paused_at {
                c.resume(p + 1);
            }
            let now = c.started_at + offset;
            prop_assert_eq!(c.remaining_ms(now) + c.elapsed_ms(now), 30 * MINUTE_MS);
        }

        #[test]
        fn elapsed_is_monotonic(
            c in arb_clock(),
            a in -crate::domain::DAY_MS..crate::domain::DAY_MS,
            b in -crate::domain::DAY_MS..crate::domain::DAY_MS,
        ) {
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            let (lo, hi) = (c.started_at + lo, c.started_at + hi);
            prop_assert!(c.elapsed_ms(lo) >= 0);
            prop_assert!(c.elapsed_ms(lo) <= c.elapsed_ms(hi));
        }

        #[test]
        fn phases_never_go_backwards(
            c in arb_clock(),
            mut offsets in proptest::collection::vec(-MINUTE_MS..3 * crate::domain::HOUR_MS, 1..40),
        ) {
            offsets.sort_unstable();
            let phases: Vec<Phase> =
                offsets.iter().map(|o| c.phase(c.started_at + o)).collect();
            for pair in phases.windows(2) {
                prop_assert!(pair[0] <= pair[1], "{:?}", phases);
            }
        }

        #[test]
        fn phase_changes_match_phases(
            c in arb_clock(),
            a in -MINUTE_MS..3 * crate::domain::HOUR_MS,
            b in -MINUTE_MS..3 * crate::domain::HOUR_MS,
        ) {
            let (from, to) = (c.started_at + a, c.started_at + b);
            let changes = c.phase_changes_between(from, to);
            if a >= b {
                prop_assert!(changes.is_empty());
            } else {
                prop_assert_eq!(changes.last().copied().unwrap_or(c.phase(from)), c.phase(to));
                prop_assert!(!changes.contains(&c.phase(from)));
            }
        }
    }
}
