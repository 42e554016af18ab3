//! Weekly goals the user controls (meetings held, referrals gained,
//! thank-yous sent...), with progress counted from what was recorded, never
//! typed in. Weeks run from Monday 00:00 in the user's time zone.

use serde::{Deserialize, Serialize};

use super::Timestamp;
use super::calendar::{Zone, week_bounds};

/// Something the user can set a weekly goal for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GoalMetric {
    MeetingsHeld,
    ReferralsGained,
    ThankYousSent,
    ContactsAdded,
    HelpOffered,
}

impl GoalMetric {
    pub const ALL: [GoalMetric; 5] = [
        GoalMetric::MeetingsHeld,
        GoalMetric::ReferralsGained,
        GoalMetric::ThankYousSent,
        GoalMetric::ContactsAdded,
        GoalMetric::HelpOffered,
    ];

    pub fn label(self) -> &'static str {
        match self {
            GoalMetric::MeetingsHeld => "Meetings held",
            GoalMetric::ReferralsGained => "Referrals gained",
            GoalMetric::ThankYousSent => "Thank-yous sent",
            GoalMetric::ContactsAdded => "Contacts added",
            GoalMetric::HelpOffered => "Help offered",
        }
    }

    /// The goal's field: "Meetings held per week".
    pub fn label_per_week(self) -> &'static str {
        match self {
            GoalMetric::MeetingsHeld => "Meetings held per week",
            GoalMetric::ReferralsGained => "Referrals gained per week",
            GoalMetric::ThankYousSent => "Thank-yous sent per week",
            GoalMetric::ContactsAdded => "Contacts added per week",
            GoalMetric::HelpOffered => "Help offered per week",
        }
    }
}

/// "This week I will ...": a target for one metric.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeeklyGoal {
    pub metric: GoalMetric,
    pub target: u32,
}

/// One recorded piece of work that counts towards a metric, e.g. a meeting
/// held at `at`. Built by the caller from its records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Activity {
    pub at: Timestamp,
    pub metric: GoalMetric,
}

/// How far a goal has got this week.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct GoalProgress {
    pub metric: GoalMetric,
    pub target: u32,
    pub done: u32,
}

impl GoalProgress {
    /// Share of the target reached, from 0 to 1. A target of 0 is already
    /// reached.
    pub fn fraction(&self) -> f64 {
        if self.target == 0 {
            return 1.0;
        }
        (f64::from(self.done) / f64::from(self.target)).clamp(0.0, 1.0)
    }

    pub fn is_met(&self) -> bool {
        self.done >= self.target
    }
}

/// How many of `activities` of `metric` fall within `[start, end)`.
fn count(activities: &[Activity], metric: GoalMetric, (start, end): (Timestamp, Timestamp)) -> u32 {
    let n = activities
        .iter()
        .filter(|a| a.metric == metric && (start..end).contains(&a.at))
        .count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Progress on each goal, in the order given, counting the activities of
/// the user's current week (the local week containing `now`).
pub fn progress(
    goals: &[WeeklyGoal],
    activities: &[Activity],
    now: Timestamp,
    zone: &impl Zone,
) -> Vec<GoalProgress> {
    let week = week_bounds(now, zone);
    goals
        .iter()
        .map(|goal| GoalProgress {
            metric: goal.metric,
            target: goal.target,
            done: count(activities, goal.metric, week),
        })
        .collect()
}

/// The count of every metric (in [`GoalMetric::ALL`] order, zeros
/// included) for the user's current week.
pub fn week_summary(
    activities: &[Activity],
    now: Timestamp,
    zone: &impl Zone,
) -> Vec<(GoalMetric, u32)> {
    let week = week_bounds(now, zone);
    GoalMetric::ALL
        .iter()
        .map(|&metric| (metric, count(activities, metric, week)))
        .collect()
}

/// The highest weekly target: goals are things the user controls in a week.
pub const MAX_GOAL: u32 = 99;

impl super::Notebook {
    /// Sets the weekly target for a metric, at most [`MAX_GOAL`]; zero
    /// removes the goal.
    pub fn set_goal(&mut self, metric: super::goals::GoalMetric, target: u32) {
        let target = target.min(MAX_GOAL);
        self.goals.retain(|g| g.metric != metric);
        if target > 0 {
            self.goals.push(WeeklyGoal { metric, target });
            self.goals.sort_by_key(|g| {
                super::goals::GoalMetric::ALL
                    .iter()
                    .position(|m| *m == g.metric)
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Notebook;
    use crate::domain::calendar::FixedZone;
    use crate::domain::calendar::test_zones::{UsEastern, central_europe_spring_2026, utc};
    use GoalMetric::*;

    fn at(at: Timestamp, metric: GoalMetric) -> Activity {
        Activity { at, metric }
    }

    fn goal(metric: GoalMetric, target: u32) -> WeeklyGoal {
        WeeklyGoal { metric, target }
    }

    #[test]
    fn metrics_have_labels() {
        for metric in GoalMetric::ALL {
            assert!(!metric.label().is_empty());
        }
        assert_eq!(ThankYousSent.label(), "Thank-yous sent");
    }

    #[test]
    fn fraction_and_is_met() {
        let p = |target, done| GoalProgress {
            metric: MeetingsHeld,
            target,
            done,
        };
        assert_eq!(p(2, 0).fraction(), 0.0);
        assert_eq!(p(2, 1).fraction(), 0.5);
        assert_eq!(p(2, 2).fraction(), 1.0);
        assert_eq!(p(2, 5).fraction(), 1.0);
        assert_eq!(p(0, 0).fraction(), 1.0);
        assert!(!p(2, 1).is_met());
        assert!(p(2, 2).is_met());
        assert!(p(2, 3).is_met());
        assert!(p(0, 0).is_met());
    }

    #[test]
    fn progress_counts_only_this_week() {
        let zone = FixedZone(0);
        // Wednesday 2026-03-18; the week is Monday 16th to Monday 23rd.
        let now = utc(2026, 3, 18, 12, 0);
        let activities = [
            at(utc(2026, 3, 15, 23, 59), MeetingsHeld), // last week
            at(utc(2026, 3, 16, 0, 0), MeetingsHeld),
            at(utc(2026, 3, 17, 10, 0), ReferralsGained),
            at(utc(2026, 3, 17, 11, 0), ReferralsGained),
            at(utc(2026, 3, 17, 12, 0), ThankYousSent),
            at(utc(2026, 3, 20, 12, 0), MeetingsHeld), // later this week
            at(utc(2026, 3, 23, 0, 0), MeetingsHeld),  // next week
            at(utc(2026, 3, 9, 12, 0), ThankYousSent), // last week
        ];
        let goals = [
            goal(MeetingsHeld, 2),
            goal(ReferralsGained, 5),
            goal(ThankYousSent, 3),
        ];
        let got = progress(&goals, &activities, now, &zone);
        assert_eq!(
            got,
            [
                GoalProgress {
                    metric: MeetingsHeld,
                    target: 2,
                    done: 2
                },
                GoalProgress {
                    metric: ReferralsGained,
                    target: 5,
                    done: 2
                },
                GoalProgress {
                    metric: ThankYousSent,
                    target: 3,
                    done: 1
                },
            ]
        );
        assert!(got[0].is_met());
        assert_eq!(got[1].fraction(), 0.4);
    }

    #[test]
    fn progress_uses_the_local_week() {
        // Sunday 23:30 in New York (-05:00) is Monday 04:30 UTC; it still
        // belongs to the week that is ending there.
        let zone = FixedZone(-300);
        let sunday_night = utc(2026, 3, 16, 4, 30);
        let activities = [at(sunday_night, MeetingsHeld)];
        let goals = [goal(MeetingsHeld, 1)];
        let last_week = progress(&goals, &activities, utc(2026, 3, 13, 12, 0), &zone);
        assert_eq!(last_week[0].done, 1);
        // Monday 00:10 local: a new week, nothing done yet.
        let monday = utc(2026, 3, 16, 5, 10);
        assert_eq!(progress(&goals, &activities, monday, &zone)[0].done, 0);
        // In UTC the same activity is already in the new week.
        assert_eq!(
            progress(&goals, &activities, monday, &FixedZone(0))[0].done,
            1
        );
    }

    #[test]
    fn progress_with_no_goals_or_no_activities() {
        let now = utc(2026, 3, 18, 12, 0);
        assert!(progress(&[], &[at(now, MeetingsHeld)], now, &FixedZone(0)).is_empty());
        let got = progress(&[goal(HelpOffered, 1)], &[], now, &FixedZone(0));
        assert_eq!(got[0].done, 0);
        assert_eq!(got[0].fraction(), 0.0);
    }

    #[test]
    fn a_dst_week_counts_activities_at_its_edges() {
        // Central Europe, week of Monday 2026-03-23: it starts at 00:00 CET
        // (22 Mar 23:00 UTC) and ends at 00:00 CEST (29 Mar 22:00 UTC),
        // 167 hours later.
        let zone = central_europe_spring_2026();
        let now = utc(2026, 3, 25, 12, 0);
        let activities = [
            at(utc(2026, 3, 22, 23, 0) - 1, ContactsAdded), // Sunday 23:59 CET
            at(utc(2026, 3, 22, 23, 0), ContactsAdded),     // Monday 00:00 CET
            at(utc(2026, 3, 29, 22, 0) - 1, ContactsAdded), // Sunday 23:59 CEST
            at(utc(2026, 3, 29, 22, 0), ContactsAdded),     // Monday 00:00 CEST
            at(utc(2026, 3, 29, 22, 30), ContactsAdded),    // Monday 00:30 CEST
        ];
        let got = progress(&[goal(ContactsAdded, 3)], &activities, now, &zone);
        assert_eq!(got[0].done, 2);
        // The next week picks up the last two.
        let next = progress(
            &[goal(ContactsAdded, 3)],
            &activities,
            utc(2026, 3, 30, 12, 0),
            &zone,
        );
        assert_eq!(next[0].done, 2);

        // US Eastern, week of Monday 2026-10-26: 00:00 EDT (04:00 UTC) to
        // 00:00 EST on 2 Nov (05:00 UTC), 169 hours.
        let now = utc(2026, 10, 28, 12, 0);
        let activities = [
            at(utc(2026, 10, 26, 4, 0) - 1, MeetingsHeld),
            at(utc(2026, 10, 26, 4, 0), MeetingsHeld),
            at(utc(2026, 11, 2, 4, 30), MeetingsHeld), // Sunday 23:30 EST
            at(utc(2026, 11, 2, 5, 0), MeetingsHeld),  // Monday 00:00 EST
        ];
        let got = progress(&[goal(MeetingsHeld, 2)], &activities, now, &UsEastern);
        assert_eq!(got[0].done, 2);
        assert!(got[0].is_met());
    }

    #[test]
    fn week_summary_counts_every_metric() {
        let now = utc(2026, 3, 18, 12, 0);
        let activities = [
            at(utc(2026, 3, 16, 9, 0), MeetingsHeld),
            at(utc(2026, 3, 16, 10, 0), ThankYousSent),
            at(utc(2026, 3, 17, 10, 0), ThankYousSent),
            at(utc(2026, 3, 22, 23, 0), HelpOffered),
            at(utc(2026, 3, 12, 10, 0), ReferralsGained), // last week
        ];
        assert_eq!(
            week_summary(&activities, now, &FixedZone(0)),
            [
                (MeetingsHeld, 1),
                (ReferralsGained, 0),
                (ThankYousSent, 2),
                (ContactsAdded, 0),
                (HelpOffered, 1),
            ]
        );
        // At +02:00 Sunday 23:00 UTC is already next Monday.
        let summary = week_summary(&activities, now, &FixedZone(120));
        assert_eq!(summary[4], (HelpOffered, 0));
    }

    #[test]
    fn serde_round_trip() {
        let g = goal(ReferralsGained, 5);
        let json = serde_json::to_string(&g).unwrap();
        assert_eq!(json, r#"{"metric":"ReferralsGained","target":5}"#);
        assert_eq!(serde_json::from_str::<WeeklyGoal>(&json).unwrap(), g);
    }

    #[test]
    fn goals_are_set_replaced_and_removed() {
        use crate::domain::goals::GoalMetric;
        let mut nb = Notebook::default();
        nb.set_goal(GoalMetric::ThankYousSent, 3);
        nb.set_goal(GoalMetric::MeetingsHeld, 2);
        nb.set_goal(GoalMetric::ThankYousSent, 4);
        let goals: Vec<(GoalMetric, u32)> = nb.goals.iter().map(|g| (g.metric, g.target)).collect();
        assert_eq!(
            goals,
            [
                (GoalMetric::MeetingsHeld, 2),
                (GoalMetric::ThankYousSent, 4)
            ]
        );
        nb.set_goal(GoalMetric::MeetingsHeld, 0);
        assert_eq!(nb.goals.len(), 1);
        nb.set_goal(GoalMetric::MeetingsHeld, 500);
        let held = nb
            .goals
            .iter()
            .find(|g| g.metric == GoalMetric::MeetingsHeld);
        assert_eq!(held.map(|g| g.target), Some(MAX_GOAL));
    }
}
