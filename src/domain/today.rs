//! The Today screen: what is overdue or due today, the meetings coming up,
//! how the week's goals are going, and who it is time to get back in touch
//! with. Everything is computed from the records and the `now` passed in.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::calendar::{Zone, local_date};
use super::followups::{DueStatus, FollowUp, FollowUpKind, sort_for_today};
use super::goals::{Activity, GoalMetric, GoalProgress, progress, week_summary};
use super::{Id, ListKind, MeetingStatus, Notebook, Timestamp};

/// Most meetings listed on the Today screen.
pub const TODAY_MEETINGS: usize = 5;

/// Follow-ups listed at first, and added by each "Show more", per list.
pub const TODAY_ROWS: usize = 10;

/// Everything recorded that counts towards a weekly goal, oldest first.
///
/// Each counts when it happened, not when it was typed in: a meeting when
/// it ended (one still running is not held yet), a referral when the
/// introduction was made, help when it was offered.
pub fn activities(nb: &Notebook) -> Vec<Activity> {
    let at = |at, metric| Activity { at, metric };
    let mut out: Vec<Activity> = Vec::new();
    for m in &nb.meetings {
        let Some(ended) = m.ended() else { continue };
        out.push(at(ended, GoalMetric::MeetingsHeld));
        if !m.help_offered.trim().is_empty() {
            out.push(at(ended, GoalMetric::HelpOffered));
        }
    }
    // Looked up once per contact: scanning every meeting for each of
    // thousands of contacts made opening Today slow.
    let referred_in_meetings: HashSet<Id> = nb
        .meetings
        .iter()
        .flat_map(|m| m.referrals.iter().copied())
        .collect();
    for c in &nb.contacts {
        out.push(at(c.created_at, GoalMetric::ContactsAdded));
        if let Some(when) = referral_time(c, |id| referred_in_meetings.contains(&id)) {
            out.push(at(when, GoalMetric::ReferralsGained));
        }
    }
    for f in &nb.follow_ups {
        match f.kind {
            FollowUpKind::ThankYou => {
                if let Some(done) = f.done_at {
                    out.push(at(done, GoalMetric::ThankYousSent));
                }
            }
            // Help offered in a meeting is counted with the meeting; an
            // offer noted on its own counts when it was noted.
            FollowUpKind::OfferHelp if f.meeting_id.is_none() => {
                out.push(at(f.created_at, GoalMetric::HelpOffered));
            }
            _ => {}
        }
    }
    super::sort_by_time(&mut out, |a| (a.at, 0));
    out
}

/// When the introduction to `c` was made, if it is known: stored when it
/// was captured, or (for records kept before that) the moment a referral
/// taken down in a meeting or at an event was entered. A contact typed in
/// later with a referrer has no known time and is not counted.
pub fn referral_made_at(nb: &Notebook, c: &super::Contact) -> Option<Timestamp> {
    referral_time(c, |id| {
        nb.meetings.iter().any(|m| m.referrals.contains(&id))
    })
}

/// [`referral_made_at`], given whether a meeting took down the referral.
fn referral_time(
    c: &super::Contact,
    referred_in_meeting: impl Fn(Id) -> bool,
) -> Option<Timestamp> {
    c.referred_by?;
    c.referred_at.or_else(|| {
        let captured = c.event_id.is_some() || referred_in_meeting(c.id);
        captured.then_some(c.created_at)
    })
}

/// What the Today screen shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TodayView {
    /// Open follow-ups past their (snoozed) due date, most overdue first.
    pub overdue: Vec<Id>,
    /// Open follow-ups due today, thank-yous first.
    pub due_today: Vec<Id>,
    /// Open follow-ups due tomorrow: a thank-you is owed within a day of a
    /// meeting, so it belongs on screen from the meeting's end.
    pub due_tomorrow: Vec<Id>,
    /// Meetings in progress, then planned ones from today on, soonest
    /// first; at most [`TODAY_MEETINGS`] in all.
    pub meetings: Vec<Id>,
    /// Progress on each weekly goal, in the order the user set them.
    pub goals: Vec<GoalProgress>,
    /// Contacts (lists A and B) due a reminder to get in touch, with the
    /// whole days since the last contact, longest first.
    pub keep_in_touch: Vec<(Id, i64)>,
    /// This week's count of every metric, in [`GoalMetric::ALL`] order.
    pub week: Vec<(GoalMetric, u32)>,
}

impl TodayView {
    /// What [`today`] gives for a notebook with nothing in it, at any time:
    /// a first visit draws it before the code that computes Today from
    /// records is fetched.
    pub fn of_empty_notebook() -> Self {
        TodayView {
            week: GoalMetric::ALL.iter().map(|&m| (m, 0)).collect(),
            ..TodayView::default()
        }
    }

    /// "This week: 1 meeting held, 2 referrals gained, 0 thank-yous sent."
    pub fn week_summary(&self) -> String {
        let get = |m: GoalMetric| {
            self.week
                .iter()
                .find(|(x, _)| *x == m)
                .map_or(0, |(_, n)| *n)
        };
        let count = |m: GoalMetric, one: &str, many: &str| super::count(get(m) as usize, one, many);
        format!(
            "This week: {}, {}, {}.",
            count(GoalMetric::MeetingsHeld, "meeting held", "meetings held"),
            count(
                GoalMetric::ReferralsGained,
                "referral gained",
                "referrals gained"
            ),
            count(
                GoalMetric::ThankYousSent,
                "thank-you sent",
                "thank-yous sent"
            )
        )
    }

    /// Open follow-ups to do now: overdue first, then due today.
    pub fn due_now(&self) -> Vec<Id> {
        self.overdue
            .iter()
            .chain(&self.due_today)
            .copied()
            .collect()
    }
}

/// Whether Today should welcome a new user: no people, and nothing about
/// anyone. Deleting the last contact leaves their meetings and follow-ups,
/// which Today still lists, so the notebook is not "empty" then.
pub fn is_new_notebook(nb: &Notebook) -> bool {
    nb.contacts.is_empty() && nb.meetings.is_empty() && nb.follow_ups.is_empty()
}

/// The Today screen at `now` in the user's `zone`.
pub fn today(nb: &Notebook, now: Timestamp, zone: &impl Zone) -> TodayView {
    let day = local_date(now, zone);

    let mut open: Vec<FollowUp> = nb
        .follow_ups
        .iter()
        .filter(|f| f.done_at.is_none())
        .cloned()
        .collect();
    sort_for_today(&mut open, day);
    let with_status = |wanted: fn(DueStatus) -> bool| -> Vec<Id> {
        open.iter()
            .filter(|f| wanted(f.status(day)))
            .map(|f| f.id)
            .collect()
    };
    let overdue = with_status(|s| matches!(s, DueStatus::Overdue { .. }));
    let due_today = with_status(|s| s == DueStatus::DueToday);
    let due_tomorrow = with_status(|s| s == DueStatus::Upcoming { days: 1 });

    let mut running: Vec<(Timestamp, Id)> = nb
        .meetings
        .iter()
        .filter(|m| m.status() == MeetingStatus::InProgress)
        .map(|m| (m.held_at().unwrap_or(m.created_at), m.id))
        .collect();
    super::sort_by_time(&mut running, |&pair| pair);
    let mut planned: Vec<(Timestamp, Id)> = nb
        .meetings
        .iter()
        .filter(|m| m.status() == MeetingStatus::Planned)
        .filter_map(|m| m.scheduled_at.map(|at| (at, m.id)))
        .filter(|&(at, _)| local_date(at, zone) >= day)
        .collect();
    super::sort_by_time(&mut planned, |&pair| pair);
    let meetings = running
        .into_iter()
        .chain(planned)
        .map(|(_, id)| id)
        .take(TODAY_MEETINGS)
        .collect();

    let done = activities(nb);
    TodayView {
        overdue,
        due_today,
        due_tomorrow,
        meetings,
        goals: progress(&nb.goals, &done, now, zone),
        keep_in_touch: keep_in_touch(nb, day, zone),
        week: week_summary(&done, now, zone),
    }
}

/// Contacts on lists A and B whose keep-in-touch interval has run out since
/// the last meeting with them (or since they were added), with the days
/// elapsed, longest first. Days are calendar days where the user is, as
/// people count them: met on Wednesday afternoon, "every 7 days" comes
/// round next Wednesday morning.
fn keep_in_touch(nb: &Notebook, today: NaiveDate, zone: &impl Zone) -> Vec<(Id, i64)> {
    let last_met = nb.last_contacted_all();
    let mut due: Vec<(Id, i64)> = nb
        .contacts
        .iter()
        .filter(|c| matches!(c.list, ListKind::A | ListKind::B))
        .filter_map(|c| {
            let every = c.keep_in_touch_days?;
            let last = last_met
                .get(&c.id)
                .map_or(c.created_at, |&met| met.max(c.created_at));
            let days = (today - local_date(last, zone)).num_days();
            (days >= i64::from(every)).then_some((c.id, days))
        })
        .collect();
    super::sort_by_time(&mut due, |&(id, days)| (-days, id));
    due
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::Meeting;
    use crate::domain::calendar::FixedZone;
    use crate::domain::calendar::test_zones::{UsEastern, date, utc};
    use crate::domain::clock::{MeetingClock, PhasePlan};
    use crate::domain::goals::WeeklyGoal;
    use crate::domain::{Contact, DAY_MS, HOUR_MS, MINUTE_MS};
    use chrono::NaiveDate;
    use proptest::prelude::*;

    // 2026-11-23 09:00 UTC, a Monday (04:00 in New York, on EST).
    const T0: Timestamp = 1_795_424_400_000;

    #[test]
    fn an_empty_notebook_is_drawn_as_today_computes_it() {
        let empty = Notebook::default();
        for at in [
            0,
            T0,
            T0 + 3 * DAY_MS + 5 * HOUR_MS,
            utc(2027, 3, 14, 6, 30),
        ] {
            assert_eq!(
                today(&empty, at, &UsEastern),
                TodayView::of_empty_notebook()
            );
            assert_eq!(
                today(&empty, at, &FixedZone(330)),
                TodayView::of_empty_notebook()
            );
        }
    }

    /// Adds a contact named `name` on `list` at `at`, and gives its id.
    pub(crate) fn add(nb: &mut Notebook, name: &str, list: ListKind, at: Timestamp) -> Id {
        nb.add_contact(
            Contact {
                name: name.into(),
                list,
                ..Contact::default()
            },
            at,
        )
        .unwrap()
    }

    fn follow_up(nb: &mut Notebook, kind: FollowUpKind, due: NaiveDate) -> Id {
        let id = nb.alloc_id();
        nb.follow_ups.push(FollowUp {
            id,
            kind,
            due,
            ..FollowUp::default()
        });
        id
    }

    fn follow_up_mut(nb: &mut Notebook, id: Id) -> &mut FollowUp {
        nb.follow_ups.iter_mut().find(|f| f.id == id).unwrap()
    }

    /// A meeting: planned at `scheduled`, started at `started`, ended at `ended`.
    fn meeting(
        nb: &mut Notebook,
        scheduled: Option<Timestamp>,
        started: Option<Timestamp>,
        ended: Option<Timestamp>,
    ) -> Id {
        let id = nb.alloc_id();
        nb.meetings.push(Meeting {
            id,
            scheduled_at: scheduled,
            clock: started.map(|at| MeetingClock::start(at, PhasePlan::default())),
            ended_at: ended,
            ..Meeting::default()
        });
        id
    }

    fn metrics(list: &[Activity]) -> Vec<(Timestamp, GoalMetric)> {
        list.iter().map(|a| (a.at, a.metric)).collect()
    }

    #[test]
    fn a_notebook_with_meetings_left_is_not_new() {
        let mut nb = Notebook::default();
        assert!(is_new_notebook(&nb));
        let id = nb
            .add_contact(
                Contact {
                    name: "Ana".into(),
                    ..Contact::default()
                },
                0,
            )
            .unwrap();
        assert!(!is_new_notebook(&nb));
        let done = nb
            .add_follow_up(
                nb.new_follow_up(
                    Some(id),
                    chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
                ),
                0,
            )
            .unwrap();
        nb.follow_ups[0].done_at = Some(1);
        nb.delete_contact(id);
        assert!(nb.contacts.is_empty());
        assert!(nb.follow_up(done).is_some());
        assert!(!is_new_notebook(&nb), "the follow-up done is still kept");
    }

    #[test]
    fn activities_count_when_things_happened() {
        let mut nb = Notebook::default();
        let ana = add(&mut nb, "Ana", ListKind::A, T0);
        // Typed in with a referrer, but when the introduction was made is
        // unknown: not a referral gained this week.
        nb.add_contact(
            Contact {
                name: "Ben".into(),
                referred_by: Some(ana),
                ..Contact::default()
            },
            T0 + 2,
        )
        .unwrap();
        let held = meeting(&mut nb, Some(T0), Some(T0 + 1), Some(T0 + 30 * MINUTE_MS));
        nb.meeting_mut(held).unwrap().help_offered = "Intro to my old team".into();
        meeting(&mut nb, Some(T0), Some(T0 + 3), None); // still running: not held
        meeting(&mut nb, Some(T0 + 4), None, None); // only planned
        let running = nb.start_meeting_now(ana, T0 + 9).unwrap();
        nb.add_referral(running, "Cy", "", T0 + 10).unwrap();
        for (kind, done) in [
            (FollowUpKind::ThankYou, Some(T0 + 5)),
            (FollowUpKind::ThankYou, None),
            (FollowUpKind::OfferHelp, None),
            (FollowUpKind::ContactReferral, Some(T0 + 7)),
            (FollowUpKind::FollowUp, Some(T0 + 8)),
        ] {
            let id = follow_up(&mut nb, kind, date(2026, 11, 23));
            let f = follow_up_mut(&mut nb, id);
            f.done_at = done;
            f.created_at = T0 + 6;
        }
        // An offer of help from a meeting counts with the meeting, done or not.
        let from_meeting = follow_up(&mut nb, FollowUpKind::OfferHelp, date(2026, 11, 23));
        follow_up_mut(&mut nb, from_meeting).meeting_id = Some(held);
        follow_up_mut(&mut nb, from_meeting).done_at = Some(T0 + 40 * MINUTE_MS);
        assert_eq!(
            metrics(&activities(&nb)),
            [
                (T0, GoalMetric::ContactsAdded),
                (T0 + 2, GoalMetric::ContactsAdded),
                (T0 + 5, GoalMetric::ThankYousSent),
                (T0 + 6, GoalMetric::HelpOffered),
                (T0 + 10, GoalMetric::ContactsAdded),
                (T0 + 10, GoalMetric::ReferralsGained),
                (T0 + 30 * MINUTE_MS, GoalMetric::MeetingsHeld),
                (T0 + 30 * MINUTE_MS, GoalMetric::HelpOffered),
            ]
        );
        assert!(activities(&Notebook::default()).is_empty());
    }

    #[test]
    fn overdue_and_due_today_follow_ups() {
        let mut nb = Notebook::default();
        let today_ = date(2026, 11, 23);
        let old = follow_up(&mut nb, FollowUpKind::FollowUp, date(2026, 11, 10));
        let older = follow_up(&mut nb, FollowUpKind::Other, date(2026, 11, 2));
        let referral = follow_up(&mut nb, FollowUpKind::ContactReferral, today_);
        let thanks = follow_up(&mut nb, FollowUpKind::ThankYou, today_);
        let tomorrow = follow_up(&mut nb, FollowUpKind::ThankYou, date(2026, 11, 24));
        let done = follow_up(&mut nb, FollowUpKind::ThankYou, date(2026, 11, 1));
        follow_up_mut(&mut nb, done).done_at = Some(T0 - DAY_MS);
        // Overdue, but snoozed until tomorrow: not overdue any more.
        let snoozed = follow_up(&mut nb, FollowUpKind::FollowUp, date(2026, 11, 3));
        follow_up_mut(&mut nb, snoozed).snoozed_until = Some(date(2026, 11, 24));
        // Snoozed until today: due today.
        let back = follow_up(&mut nb, FollowUpKind::Other, date(2026, 11, 3));
        follow_up_mut(&mut nb, back).snoozed_until = Some(today_);

        let view = today(&nb, T0, &FixedZone(0));
        assert_eq!(view.overdue, [older, old]);
        assert_eq!(view.due_today, [thanks, referral, back]);
        // Due tomorrow, as a thank-you after a meeting is; snoozed to
        // tomorrow counts too. Thank-yous come first.
        assert_eq!(view.due_tomorrow, [tomorrow, snoozed]);
        for id in [tomorrow, done, snoozed] {
            assert!(!view.overdue.contains(&id) && !view.due_today.contains(&id));
        }
    }

    #[test]
    fn due_dates_are_read_in_the_local_zone() {
        let mut nb = Notebook::default();
        let id = follow_up(&mut nb, FollowUpKind::ThankYou, date(2026, 11, 23));
        // Monday 03:00 UTC is still Sunday 22:00 in New York.
        let now = utc(2026, 11, 23, 3, 0);
        assert_eq!(today(&nb, now, &FixedZone(0)).due_today, [id]);
        let ny = today(&nb, now, &UsEastern);
        assert!(ny.due_today.is_empty() && ny.overdue.is_empty());
        // Tuesday 03:00 UTC: overdue in UTC, due today in New York.
        let now = utc(2026, 11, 24, 3, 0);
        assert_eq!(today(&nb, now, &FixedZone(0)).overdue, [id]);
        assert_eq!(today(&nb, now, &UsEastern).due_today, [id]);
    }

    #[test]
    fn meetings_in_progress_then_planned_from_today() {
        let mut nb = Notebook::default();
        let later = meeting(&mut nb, Some(T0 + 3 * DAY_MS), None, None);
        // Planned for earlier today but not started yet: still listed.
        let this_morning = meeting(&mut nb, Some(T0 - 2 * HOUR_MS), None, None);
        let tomorrow = meeting(&mut nb, Some(T0 + DAY_MS), None, None);
        let running = meeting(
            &mut nb,
            Some(T0 + 5 * DAY_MS),
            Some(T0 - 10 * MINUTE_MS),
            None,
        );
        // Yesterday's meeting that never started, one held, one undated.
        meeting(&mut nb, Some(T0 - DAY_MS), None, None);
        meeting(&mut nb, Some(T0), Some(T0), Some(T0 + 30 * MINUTE_MS));
        meeting(&mut nb, None, None, None);
        assert_eq!(
            today(&nb, T0, &FixedZone(0)).meetings,
            [running, this_morning, tomorrow, later]
        );
    }

    #[test]
    fn at_most_five_meetings_are_listed() {
        let mut nb = Notebook::default();
        let ids: Vec<Id> = (1..=7)
            .rev()
            .map(|d| meeting(&mut nb, Some(T0 + d * DAY_MS), None, None))
            .collect();
        let running = meeting(&mut nb, None, Some(T0 - MINUTE_MS), None);
        let view = today(&nb, T0, &FixedZone(0));
        assert_eq!(view.meetings.len(), TODAY_MEETINGS);
        // In progress first, then the four soonest.
        assert_eq!(view.meetings, [running, ids[6], ids[5], ids[4], ids[3]]);
    }

    #[test]
    fn planned_meetings_use_the_local_date() {
        let mut nb = Notebook::default();
        // Sunday 2026-11-22 23:00 in New York is Monday 04:00 UTC.
        let sunday_night = meeting(&mut nb, Some(utc(2026, 11, 23, 4, 0)), None, None);
        // Monday 10:00 UTC, which is Monday 05:00 in New York.
        let now = utc(2026, 11, 23, 10, 0);
        assert_eq!(today(&nb, now, &FixedZone(0)).meetings, [sunday_night]);
        assert!(today(&nb, now, &UsEastern).meetings.is_empty());
    }

    #[test]
    fn goals_and_week_count_the_local_week() {
        let mut nb = Notebook {
            goals: vec![
                WeeklyGoal {
                    metric: GoalMetric::MeetingsHeld,
                    target: 5,
                },
                WeeklyGoal {
                    metric: GoalMetric::ContactsAdded,
                    target: 2,
                },
            ],
            ..Notebook::default()
        };
        // Sunday 23:30 in New York (Monday 04:30 UTC): last week there.
        add(&mut nb, "Ana", ListKind::A, utc(2026, 11, 23, 4, 30));
        // Started Sunday 23:50 and ended Monday 00:05 in New York: held
        // this week, when it ended.
        meeting(
            &mut nb,
            None,
            Some(utc(2026, 11, 23, 4, 50)),
            Some(utc(2026, 11, 23, 5, 5)),
        );
        // Monday 00:10 in New York.
        let now = utc(2026, 11, 23, 5, 10);

        let ny = today(&nb, now, &UsEastern);
        assert_eq!(
            ny.goals,
            [
                GoalProgress {
                    metric: GoalMetric::MeetingsHeld,
                    target: 5,
                    done: 1
                },
                GoalProgress {
                    metric: GoalMetric::ContactsAdded,
                    target: 2,
                    done: 0
                },
            ]
        );
        assert_eq!(
            ny.week,
            [
                (GoalMetric::MeetingsHeld, 1),
                (GoalMetric::ReferralsGained, 0),
                (GoalMetric::ThankYousSent, 0),
                (GoalMetric::ContactsAdded, 0),
                (GoalMetric::HelpOffered, 0),
            ]
        );
        // In UTC both fall in the week that began at Monday 00:00 UTC.
        let utc_view = today(&nb, now, &FixedZone(0));
        assert_eq!(utc_view.goals[1].done, 1);
        assert_eq!(utc_view.week[3], (GoalMetric::ContactsAdded, 1));
        // Nothing carries into the following week.
        let next = today(&nb, now + 7 * DAY_MS, &UsEastern);
        assert!(next.goals.iter().all(|g| g.done == 0));
        assert!(next.week.iter().all(|&(_, n)| n == 0));
    }

    #[test]
    fn keep_in_touch_appears_only_after_the_interval() {
        let mut nb = Notebook::default();
        let ana = add(&mut nb, "Ana", ListKind::A, T0);
        nb.contacts[0].keep_in_touch_days = Some(14);
        let at = |days: i64| T0 + days * DAY_MS;
        assert!(today(&nb, at(13), &FixedZone(0)).keep_in_touch.is_empty());
        // Calendar days, as people count them: added at 09:00, late on
        // the 13th day is not yet 14 days, and just after midnight is,
        // though 14 times 24 hours have not passed.
        assert!(
            today(&nb, at(13) + 14 * HOUR_MS, &FixedZone(0))
                .keep_in_touch
                .is_empty()
        );
        assert_eq!(
            today(&nb, at(14) - 9 * HOUR_MS, &FixedZone(0)).keep_in_touch,
            [(ana, 14)]
        );
        assert_eq!(today(&nb, at(14), &FixedZone(0)).keep_in_touch, [(ana, 14)]);
        // In the user's zone: 23:00 on the 13th day in New York is already
        // the 14th in UTC, and not yet due there.
        assert!(
            today(&nb, at(14) - 5 * HOUR_MS, &UsEastern)
                .keep_in_touch
                .is_empty()
        );
        // A meeting resets the count from when it was held.
        let id = meeting(&mut nb, None, Some(at(10)), Some(at(10) + HOUR_MS));
        nb.meeting_mut(id).unwrap().contact_id = Some(ana);
        assert!(today(&nb, at(20), &FixedZone(0)).keep_in_touch.is_empty());
        assert_eq!(today(&nb, at(24), &FixedZone(0)).keep_in_touch, [(ana, 14)]);
    }

    #[test]
    fn keep_in_touch_covers_lists_a_and_b_longest_first() {
        let mut nb = Notebook::default();
        let ana = add(&mut nb, "Ana", ListKind::A, T0);
        let ben = add(&mut nb, "Ben", ListKind::B, T0 - 10 * DAY_MS);
        let cy = add(&mut nb, "Cy", ListKind::C, T0 - 90 * DAY_MS);
        let dee = add(&mut nb, "Dee", ListKind::B, T0 - 90 * DAY_MS);
        let eve = add(&mut nb, "Eve", ListKind::A, T0 - 10 * DAY_MS);
        for (id, days) in [
            (ana, Some(7)),
            (ben, Some(7)),
            (cy, Some(7)),
            (dee, None),
            (eve, Some(7)),
        ] {
            nb.contacts
                .iter_mut()
                .find(|c| c.id == id)
                .unwrap()
                .keep_in_touch_days = days;
        }
        let view = today(&nb, T0 + 8 * DAY_MS, &FixedZone(0));
        assert_eq!(view.keep_in_touch, [(ben, 18), (eve, 18), (ana, 8)]);
    }

    proptest! {
        #[test]
        fn today_view_is_consistent(
            nb in crate::domain::journal::tests::arb_notebook(),
            hours in -10 * 24..50 * 24i64,
            offset in -12 * 60..=14 * 60i32,
        ) {
            let now = T0 + hours * HOUR_MS;
            let zone = FixedZone(offset);
            let day = local_date(now, &zone);
            let view = today(&nb, now, &zone);
            // Every open follow-up due by today is listed once, in its place.
            for f in &nb.follow_ups {
                let listed = view.overdue.iter().chain(&view.due_today).filter(|&&id| id == f.id).count();
                match f.status(day) {
                    DueStatus::Overdue { .. } => prop_assert!(view.overdue.contains(&f.id)),
                    DueStatus::DueToday => prop_assert!(view.due_today.contains(&f.id)),
                    _ => prop_assert_eq!(listed, 0),
                }
            }
            let overdue_days: Vec<i64> = view.overdue.iter().map(|id| {
                let f = nb.follow_ups.iter().find(|f| f.id == *id).unwrap();
                (day - f.effective_due()).num_days()
            }).collect();
            prop_assert!(overdue_days.windows(2).all(|w| w[0] >= w[1]));

            prop_assert!(view.meetings.len() <= TODAY_MEETINGS);
            for id in &view.meetings {
                let m = nb.meeting(*id).unwrap();
                prop_assert!(m.status() != MeetingStatus::Held);
                if m.status() == MeetingStatus::Planned {
                    prop_assert!(local_date(m.scheduled_at.unwrap(), &zone) >= day);
                }
            }

            prop_assert!(view.keep_in_touch.windows(2).all(|w| w[0].1 >= w[1].1));
            for (id, days) in &view.keep_in_touch {
                let c = nb.contact(*id).unwrap();
                prop_assert!(c.list != ListKind::C);
                prop_assert!(*days >= i64::from(c.keep_in_touch_days.unwrap()));
            }
            prop_assert_eq!(view.goals.len(), nb.goals.len());
            prop_assert_eq!(view.week.len(), GoalMetric::ALL.len());
        }
    }

    #[test]
    fn the_week_reads_in_words_with_plurals() {
        let view = TodayView {
            week: vec![
                (GoalMetric::MeetingsHeld, 1),
                (GoalMetric::ReferralsGained, 2),
            ],
            overdue: vec![3],
            due_today: vec![4],
            ..TodayView::default()
        };
        assert_eq!(
            view.week_summary(),
            "This week: 1 meeting held, 2 referrals gained, 0 thank-yous sent."
        );
        assert_eq!(view.due_now(), [3, 4]);
    }
}
