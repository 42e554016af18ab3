//! The Meetings screen's list: meetings grouped by where they stand, each
//! group shown a page at a time so that years of meetings stay quick to open.

use super::{HOUR_MS, Id, Meeting, MeetingStatus, Timestamp};

/// How many meetings a group shows at first, and how many more each "Show more" adds.
pub const MEETING_PAGE: usize = 20;

/// A planned time this long gone most likely means the meeting did not happen.
const MISSED_AFTER_MS: i64 = HOUR_MS;

/// One meeting as the list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MeetingRow {
    pub id: Id,
    pub name: String,
    /// When it is planned, or when it took place.
    pub at: Timestamp,
    /// In progress: the row opens meeting mode.
    pub live: bool,
}

impl MeetingRow {
    pub fn new(m: &Meeting) -> Self {
        MeetingRow {
            id: m.id,
            name: m.contact_name.clone(),
            at: m.sort_time(),
            live: m.status() == MeetingStatus::InProgress,
        }
    }

    /// Where the row leads: meeting mode while it runs, else its page.
    pub fn href(&self) -> String {
        if self.live {
            format!("/meetings/{}/live", self.id)
        } else {
            format!("/meetings/{}", self.id)
        }
    }
}

/// The rows of one group that are on screen, and how many the group has in all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MeetingGroup {
    pub rows: Vec<MeetingRow>,
    pub total: usize,
}

impl MeetingGroup {
    /// How many of the group's meetings are not shown yet.
    pub fn hidden(&self) -> usize {
        self.total - self.rows.len()
    }

    fn new(mut meetings: Vec<&Meeting>, newest_first: bool, shown: usize) -> Self {
        let total = meetings.len();
        // Ties by id so the order never changes between two renders.
        if newest_first {
            meetings.sort_by_key(|m| (std::cmp::Reverse(m.sort_time()), m.id));
        } else {
            meetings.sort_by_key(|m| (m.sort_time(), m.id));
        }
        let rows = meetings
            .into_iter()
            .take(shown)
            .map(MeetingRow::new)
            .collect();
        MeetingGroup { rows, total }
    }
}

/// How many rows of each long group the user has asked to see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MeetingPages {
    pub upcoming: usize,
    pub missed: usize,
    pub past: usize,
}

impl Default for MeetingPages {
    fn default() -> Self {
        MeetingPages {
            upcoming: MEETING_PAGE,
            missed: MEETING_PAGE,
            past: MEETING_PAGE,
        }
    }
}

/// The Meetings list, grouped and paged.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MeetingListView {
    /// Always shown whole: there is rarely more than one.
    pub in_progress: MeetingGroup,
    /// Soonest first.
    pub upcoming: MeetingGroup,
    /// Planned, but the time passed more than an hour ago; latest first.
    pub missed: MeetingGroup,
    /// Held, latest first.
    pub past: MeetingGroup,
}

impl MeetingListView {
    pub fn new(meetings: &[Meeting], now: Timestamp, pages: MeetingPages) -> Self {
        let mut live = Vec::new();
        let mut upcoming = Vec::new();
        let mut missed = Vec::new();
        let mut past = Vec::new();
        for m in meetings {
            match m.status() {
                MeetingStatus::InProgress => live.push(m),
                MeetingStatus::Held => past.push(m),
                MeetingStatus::Planned => {
                    if m.scheduled_at.is_some_and(|at| at + MISSED_AFTER_MS < now) {
                        missed.push(m)
                    } else {
                        upcoming.push(m)
                    }
                }
            }
        }
        MeetingListView {
            in_progress: MeetingGroup::new(live, false, usize::MAX),
            upcoming: MeetingGroup::new(upcoming, false, pages.upcoming),
            missed: MeetingGroup::new(missed, true, pages.missed),
            past: MeetingGroup::new(past, true, pages.past),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::clock::{MeetingClock, PhasePlan};

    const NOW: Timestamp = 1_800_000_000_000;

    fn planned(id: Id, at: Timestamp) -> Meeting {
        Meeting {
            id,
            contact_name: format!("Person {id}"),
            scheduled_at: Some(at),
            ..Meeting::default()
        }
    }

    fn started(id: Id, at: Timestamp) -> Meeting {
        Meeting {
            clock: Some(MeetingClock::start(at, PhasePlan::default())),
            ..planned(id, at - HOUR_MS)
        }
    }

    fn held(id: Id, at: Timestamp) -> Meeting {
        Meeting {
            ended_at: Some(at + 30 * 60_000),
            ..started(id, at)
        }
    }

    fn ids(group: &MeetingGroup) -> Vec<Id> {
        group.rows.iter().map(|r| r.id).collect()
    }

    #[test]
    fn groups_meetings_by_where_they_stand() {
        let meetings = vec![
            planned(10, NOW + 2 * HOUR_MS),
            planned(11, NOW - 30 * 60_000),
            planned(12, NOW - 2 * HOUR_MS),
            started(13, NOW - 10 * 60_000),
            held(14, NOW - 48 * HOUR_MS),
            held(15, NOW - 24 * HOUR_MS),
            Meeting {
                scheduled_at: None,
                ..planned(16, 0)
            },
        ];
        let view = MeetingListView::new(&meetings, NOW, MeetingPages::default());
        assert_eq!(ids(&view.in_progress), [13]);
        assert!(view.in_progress.rows[0].live);
        // A time less than an hour gone may still be happening; no time at all is never missed.
        assert_eq!(ids(&view.upcoming), [16, 11, 10]);
        assert_eq!(ids(&view.missed), [12]);
        assert_eq!(ids(&view.past), [15, 14]);
        assert!(view.past.rows.iter().all(|r| !r.live));
        assert_eq!(view.past.rows[0].name, "Person 15");
        assert_eq!(view.past.rows[0].at, NOW - 24 * HOUR_MS);
    }

    #[test]
    fn long_groups_show_one_page_until_asked_for_more() {
        // Ids far apart and unordered, as random ids are.
        let meetings: Vec<Meeting> = (0..2_600)
            .map(|i| {
                held(
                    (i * 7_919 + 13) % 9_000_001 * 1_000_003,
                    NOW - i as i64 * HOUR_MS,
                )
            })
            .collect();
        let view = MeetingListView::new(&meetings, NOW, MeetingPages::default());
        assert_eq!(view.past.total, 2_600);
        assert_eq!(view.past.rows.len(), MEETING_PAGE);
        assert_eq!(view.past.hidden(), 2_600 - MEETING_PAGE);
        assert_eq!(view.past.rows[0].at, NOW);
        assert!(view.past.rows.windows(2).all(|w| w[0].at > w[1].at));

        let more = MeetingPages {
            past: 2 * MEETING_PAGE,
            ..MeetingPages::default()
        };
        let view2 = MeetingListView::new(&meetings, NOW, more);
        assert_eq!(view2.past.rows.len(), 2 * MEETING_PAGE);
        assert_eq!(view2.past.rows[..MEETING_PAGE], view.past.rows[..]);

        let all = MeetingPages {
            past: usize::MAX,
            ..MeetingPages::default()
        };
        assert_eq!(MeetingListView::new(&meetings, NOW, all).past.hidden(), 0);
    }

    #[test]
    fn in_progress_is_never_cut_and_equal_times_keep_one_order() {
        let meetings: Vec<Meeting> = (1..=30).rev().map(|i| started(i * 1_000, NOW)).collect();
        let view = MeetingListView::new(&meetings, NOW, MeetingPages::default());
        assert_eq!(view.in_progress.rows.len(), 30);
        assert_eq!(view.in_progress.hidden(), 0);
        assert_eq!(ids(&view.in_progress)[..3], [1_000, 2_000, 3_000]);
    }

    #[test]
    fn an_empty_notebook_has_empty_groups() {
        let view = MeetingListView::new(&[], NOW, MeetingPages::default());
        assert_eq!(view, MeetingListView::default());
    }
}
