//! Follow-ups: the small promises that keep a network alive.
//!
//! Every contact gets a thank-you within 24 hours of a meeting and an offer
//! of help in return, and every referral gets reached out to within three
//! business days, then followed up a week later if there is no reply.

use std::cmp::Ordering;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::calendar::{Zone, add_business_days, add_days, local_date, week_start};
use super::{Error, Id, Timestamp};

/// What a follow-up is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FollowUpKind {
    ThankYou,
    OfferHelp,
    FollowUp,
    ContactReferral,
    Other,
}

impl FollowUpKind {
    pub const ALL: [FollowUpKind; 5] = [
        FollowUpKind::ThankYou,
        FollowUpKind::OfferHelp,
        FollowUpKind::FollowUp,
        FollowUpKind::ContactReferral,
        FollowUpKind::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            FollowUpKind::ThankYou => "Thank-you",
            FollowUpKind::OfferHelp => "Offer of help",
            FollowUpKind::FollowUp => "Follow-up",
            FollowUpKind::ContactReferral => "Contact a referral",
            FollowUpKind::Other => "Other",
        }
    }

    /// Position in [`FollowUpKind::ALL`], used to order items due the same
    /// day.
    fn rank(self) -> u8 {
        match self {
            FollowUpKind::ThankYou => 0,
            FollowUpKind::OfferHelp => 1,
            FollowUpKind::FollowUp => 2,
            FollowUpKind::ContactReferral => 3,
            FollowUpKind::Other => 4,
        }
    }
}

/// Something the user has promised themselves to do by a given day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FollowUp {
    pub id: Id,
    /// The person to write to, if any.
    pub contact_id: Option<Id>,
    /// The meeting this follows, if any.
    pub meeting_id: Option<Id>,
    /// The event this follows, if any.
    pub event_id: Option<Id>,
    pub kind: FollowUpKind,
    /// The local date it is due.
    #[serde(with = "super::calendar::iso_date")]
    pub due: NaiveDate,
    pub notes: String,
    /// When it was done; `None` while still open.
    pub done_at: Option<Timestamp>,
    /// Put off until this local date. Only counts when later than `due`.
    #[serde(with = "super::calendar::iso_date_opt")]
    pub snoozed_until: Option<NaiveDate>,
    pub created_at: Timestamp,
}

impl Default for FollowUp {
    fn default() -> Self {
        FollowUp {
            id: 0,
            contact_id: None,
            meeting_id: None,
            event_id: None,
            kind: FollowUpKind::FollowUp,
            due: NaiveDate::default(),
            notes: String::new(),
            done_at: None,
            snoozed_until: None,
            created_at: 0,
        }
    }
}

/// Where a follow-up stands on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DueStatus {
    Done,
    /// Due `days` days ago (at least 1).
    Overdue {
        days: i64,
    },
    DueToday,
    /// Due in `days` days (at least 1).
    Upcoming {
        days: i64,
    },
}

impl FollowUp {
    /// The day it is really due: the snooze date when it is later than the
    /// original due date.
    pub fn effective_due(&self) -> NaiveDate {
        match self.snoozed_until {
            Some(until) if until > self.due => until,
            _ => self.due,
        }
    }

    /// Where it stands on `today` (the user's local date).
    pub fn status(&self, today: NaiveDate) -> DueStatus {
        if self.done_at.is_some() {
            return DueStatus::Done;
        }
        let days = (self.effective_due() - today).num_days();
        match days.cmp(&0) {
            Ordering::Less => DueStatus::Overdue { days: -days },
            Ordering::Equal => DueStatus::DueToday,
            Ordering::Greater => DueStatus::Upcoming { days },
        }
    }
}

/// How long to put a follow-up off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Snooze {
    /// Until the day after today.
    Tomorrow,
    /// Until the Monday after today.
    NextWeek,
    /// Until a chosen day, which must be after today.
    Until(NaiveDate),
}

impl Snooze {
    /// The day it puts a follow-up off until, seen from `today`.
    pub fn day(self, today: NaiveDate) -> Result<NaiveDate, Error> {
        match self {
            Snooze::Tomorrow => Ok(add_days(today, 1)),
            Snooze::NextWeek => Ok(add_days(week_start(today), 7)),
            Snooze::Until(day) if day > today => Ok(day),
            Snooze::Until(_) => Err(Error::SnoozeNotAfterToday),
        }
    }
}

impl FollowUp {
    /// Whether snoozing `how` would put it off at all: a follow-up due
    /// tomorrow is not moved by "Tomorrow", so that is not offered.
    pub fn can_snooze(&self, how: Snooze, today: NaiveDate) -> bool {
        self.done_at.is_none() && how.day(today).is_ok_and(|day| day > self.effective_due())
    }
}

/// Puts `f` off as asked. On error `f` is left unchanged and the message can
/// be shown to the user.
///
/// Snoozing only ever puts a follow-up off: a day on or before the one it is
/// due already is refused, so that the user is told rather than shown no
/// change.
pub fn snooze(f: &mut FollowUp, how: Snooze, today: NaiveDate) -> Result<(), Error> {
    if f.done_at.is_some() {
        return Err(Error::FollowUpDone);
    }
    let until = how.day(today)?;
    if until <= f.effective_due() {
        return Err(Error::SnoozeNotLater);
    }
    f.snoozed_until = Some(until);
    Ok(())
}

/// The note on the reminder set when a referral has been contacted.
const RETRY_NOTE: &str = "If they have not replied, try once more.";

/// When the thank-you for a meeting is due: the day after the local date
/// the meeting ended on. A calendar day, not 24 hours: across a clock
/// change 24 hours can land two days later (and Today, which shows what is
/// due tomorrow, would not show it) or on the same day.
pub fn thank_you_due(meeting_end: Timestamp, zone: &impl Zone) -> NaiveDate {
    add_days(local_date(meeting_end, zone), 1)
}

/// When to reach out to a referral received on `referred_on`: the first
/// contact is due 3 business days later, and the follow-up if there is no
/// reply 7 calendar days after that.
pub fn referral_schedule(referred_on: NaiveDate) -> (NaiveDate, NaiveDate) {
    let first = add_business_days(referred_on, 3);
    (first, add_days(first, 7))
}

/// Orders follow-ups for the today list: open ones first, the longest
/// overdue at the top, then by kind and id; done ones last, the most
/// recently done first.
pub fn sort_for_today(items: &mut Vec<FollowUp>, today: NaiveDate) {
    // One number orders all of it, so that the shared sort routine serves
    // (see `sort_by_time`): days until due, then kind, for open ones (a
    // date's days fit in 30 bits, kinds in 3); done ones above every open
    // one, the latest done lowest. Ties go by id.
    const DONE: i64 = 1 << 62;
    super::sort_by_time(items, |f| {
        let rank = match f.done_at {
            None => (f.effective_due() - today).num_days() * 8 + i64::from(f.kind.rank()),
            Some(done) => DONE - done.clamp(0, DONE - 1),
        };
        (rank, f.id)
    });
}

/// The follow-ups screen: every follow-up by when it is due, each group
/// in the order Today uses.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FollowUpGroups {
    pub overdue: Vec<Id>,
    pub due_today: Vec<Id>,
    pub coming_up: Vec<Id>,
    pub done: Vec<Id>,
}

impl FollowUpGroups {
    pub fn is_empty(&self) -> bool {
        self.overdue.is_empty()
            && self.due_today.is_empty()
            && self.coming_up.is_empty()
            && self.done.is_empty()
    }
}

impl FollowUp {
    /// Changes the kind of a follow-up being written; a new referral is best
    /// reached within three working days, so a new one is due then.
    pub fn set_kind(&mut self, kind: FollowUpKind, is_new: bool, today: NaiveDate) {
        self.kind = kind;
        if is_new && kind == FollowUpKind::ContactReferral {
            self.due = referral_schedule(today).0;
        }
    }
}

impl super::Notebook {
    /// Every follow-up grouped by when it is due on `today`.
    pub fn follow_up_groups(&self, today: NaiveDate) -> FollowUpGroups {
        let mut items = self.follow_ups.clone();
        sort_for_today(&mut items, today);
        let mut groups = FollowUpGroups::default();
        for f in items {
            let group = match f.status(today) {
                DueStatus::Overdue { .. } => &mut groups.overdue,
                DueStatus::DueToday => &mut groups.due_today,
                DueStatus::Upcoming { .. } => &mut groups.coming_up,
                DueStatus::Done => &mut groups.done,
            };
            group.push(f.id);
        }
        groups
    }

    /// The follow-up a new one starts from: with `contact` if they exist,
    /// due tomorrow.
    pub fn new_follow_up(&self, contact: Option<Id>, today: NaiveDate) -> FollowUp {
        FollowUp {
            contact_id: contact.filter(|id| self.contact(*id).is_some()),
            kind: FollowUpKind::FollowUp,
            due: add_days(today, 1),
            ..FollowUp::default()
        }
    }

    /// Puts a stored follow-up off as asked (see [`snooze`]).
    pub fn snooze_follow_up(&mut self, id: Id, how: Snooze, today: NaiveDate) -> Result<(), Error> {
        let f = self.find_mut(id).ok_or(Error::FollowUpNotFound)?;
        snooze(f, how, today)
    }

    pub fn follow_up(&self, id: Id) -> Option<&FollowUp> {
        self.find(id)
    }

    /// Adds a follow-up by hand; it must be about someone who exists.
    pub fn add_follow_up(&mut self, mut f: FollowUp, now: Timestamp) -> Result<Id, Error> {
        match f.contact_id {
            Some(c) if self.contact(c).is_some() => {}
            _ => return Err(Error::FollowUpNoContact),
        }
        super::calendar::check_year(f.due)?;
        f.id = self.alloc_id();
        f.created_at = now;
        f.done_at = None;
        let id = f.id;
        self.follow_ups.push(f);
        Ok(id)
    }

    /// Replaces a follow-up's kind, due date, notes and contact.
    pub fn edit_follow_up(&mut self, f: FollowUp) -> Result<(), Error> {
        match f.contact_id {
            Some(c) if self.contact(c).is_some() => {}
            _ => return Err(Error::FollowUpNoContact),
        }
        let slot = self
            .find_mut::<FollowUp>(f.id)
            .ok_or(Error::FollowUpNotFound)?;
        if f.due != slot.due {
            super::calendar::check_year(f.due)?;
        }
        *slot = FollowUp {
            created_at: slot.created_at,
            done_at: slot.done_at,
            ..f
        };
        Ok(())
    }

    /// Marks a follow-up done. Reaching out to a referral also schedules
    /// the reminder to try again a week later, returning its id.
    pub fn complete_follow_up(
        &mut self,
        id: Id,
        now: Timestamp,
        today: chrono::NaiveDate,
    ) -> Option<Id> {
        use super::followups::FollowUpKind;
        let f = self.find_mut::<FollowUp>(id)?;
        if f.done_at.is_some() {
            return None;
        }
        f.done_at = Some(now);
        if f.kind != FollowUpKind::ContactReferral {
            return None;
        }
        let again = FollowUp {
            contact_id: f.contact_id,
            meeting_id: f.meeting_id,
            event_id: f.event_id,
            kind: FollowUpKind::FollowUp,
            due: super::calendar::add_days(today, 7),
            notes: RETRY_NOTE.into(),
            ..FollowUp::default()
        };
        self.add_follow_up(again, now).ok()
    }

    /// Puts a done follow-up back on the list. The reminder to try again
    /// that marking it done set goes, unless the user has acted on it
    /// since: undoing "done" must not leave one more reminder each time.
    pub fn reopen_follow_up(&mut self, id: Id) {
        use super::followups::FollowUpKind;
        let Some(f) = self.find_mut::<FollowUp>(id) else {
            return;
        };
        let Some(done_at) = f.done_at.take() else {
            return;
        };
        if f.kind != FollowUpKind::ContactReferral {
            return;
        }
        let (contact, meeting) = (f.contact_id, f.meeting_id);
        let retry = self
            .follow_ups
            .iter()
            .find(|r| {
                r.kind == FollowUpKind::FollowUp
                    && r.created_at == done_at
                    && r.contact_id == contact
                    && r.meeting_id == meeting
                    && r.notes == RETRY_NOTE
                    && r.done_at.is_none()
                    && r.snoozed_until.is_none()
            })
            .map(|r| r.id);
        if let Some(retry) = retry {
            self.delete_follow_up(retry);
        }
    }

    pub fn delete_follow_up(&mut self, id: Id) -> Option<super::notebook::Removed> {
        self.remove::<FollowUp>(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::DAY_MS;
    use crate::domain::HOUR_MS;
    use crate::domain::calendar::FixedZone;
    use crate::domain::calendar::test_zones::{UsEastern, central_europe_spring_2026, date, utc};
    use crate::domain::notebook::tests::person;
    use crate::domain::{ListKind, Notebook};

    /// Adds a follow-up of `kind` with `contact` at `at`, and gives its id.
    fn add_kind(nb: &mut Notebook, contact: Id, kind: FollowUpKind, at: Timestamp) -> Id {
        let f = FollowUp {
            contact_id: Some(contact),
            kind,
            ..FollowUp::default()
        };
        nb.add_follow_up(f, at).unwrap()
    }

    fn item(id: Id, kind: FollowUpKind, due: NaiveDate) -> FollowUp {
        FollowUp {
            id,
            kind,
            due,
            ..FollowUp::default()
        }
    }

    #[test]
    fn a_due_date_with_a_slip_of_the_year_is_refused_when_typed() {
        let mut nb = Notebook::default();
        let ana = nb.add_contact(person("Ana", ListKind::B), 0).unwrap();
        let slip = nb.new_follow_up(Some(ana), date(202, 12, 1));
        assert_eq!(nb.add_follow_up(slip, 0), Err(Error::DateOutOfRange));
        let id = nb
            .add_follow_up(nb.new_follow_up(Some(ana), date(2026, 12, 1)), 0)
            .unwrap();
        let mut f = nb.follow_up(id).unwrap().clone();
        f.due = date(9999, 12, 1);
        assert_eq!(nb.edit_follow_up(f.clone()), Err(Error::DateOutOfRange));
        f.due = date(2026, 12, 8);
        assert_eq!(nb.edit_follow_up(f), Ok(()));
    }

    #[test]
    fn kinds_have_labels() {
        let labels: Vec<_> = FollowUpKind::ALL.iter().map(|k| k.label()).collect();
        assert_eq!(
            labels,
            [
                "Thank-you",
                "Offer of help",
                "Follow-up",
                "Contact a referral",
                "Other"
            ]
        );
        for (i, kind) in FollowUpKind::ALL.iter().enumerate() {
            assert_eq!(usize::from(kind.rank()), i);
        }
    }

    #[test]
    fn default_and_missing_fields_deserialize() {
        let f: FollowUp = serde_json::from_str(r#"{"id": 4, "kind": "ThankYou"}"#).unwrap();
        assert_eq!(f.id, 4);
        assert_eq!(f.kind, FollowUpKind::ThankYou);
        assert_eq!(f.due, date(1970, 1, 1));
        assert_eq!(f.done_at, None);

        let full = FollowUp {
            id: 7,
            contact_id: Some(3),
            due: date(2026, 3, 18),
            snoozed_until: Some(date(2026, 3, 20)),
            notes: "Send the article".into(),
            ..FollowUp::default()
        };
        let json = serde_json::to_string(&full).unwrap();
        assert!(json.contains("\"2026-03-18\""));
        assert_eq!(serde_json::from_str::<FollowUp>(&json).unwrap(), full);
    }

    #[test]
    fn status_overdue_today_upcoming_done() {
        let today = date(2026, 3, 18);
        let mut f = item(1, FollowUpKind::ThankYou, today);
        assert_eq!(f.status(today), DueStatus::DueToday);
        assert_eq!(f.status(date(2026, 3, 21)), DueStatus::Overdue { days: 3 });
        assert_eq!(f.status(date(2026, 3, 17)), DueStatus::Upcoming { days: 1 });
        assert_eq!(f.status(date(2026, 3, 1)), DueStatus::Upcoming { days: 17 });
        f.done_at = Some(utc(2026, 3, 18, 9, 0));
        assert_eq!(f.status(date(2026, 4, 1)), DueStatus::Done);
    }

    #[test]
    fn effective_due_only_uses_a_later_snooze() {
        let mut f = item(1, FollowUpKind::FollowUp, date(2026, 3, 18));
        assert_eq!(f.effective_due(), date(2026, 3, 18));
        f.snoozed_until = Some(date(2026, 3, 20));
        assert_eq!(f.effective_due(), date(2026, 3, 20));
        assert_eq!(f.status(date(2026, 3, 19)), DueStatus::Upcoming { days: 1 });
        f.snoozed_until = Some(date(2026, 3, 10));
        assert_eq!(f.effective_due(), date(2026, 3, 18));
    }

    #[test]
    fn snooze_tomorrow() {
        let today = date(2026, 3, 18);
        let mut f = item(1, FollowUpKind::FollowUp, date(2026, 3, 16));
        assert_eq!(f.status(today), DueStatus::Overdue { days: 2 });
        snooze(&mut f, Snooze::Tomorrow, today).unwrap();
        assert_eq!(f.snoozed_until, Some(date(2026, 3, 19)));
        assert_eq!(f.status(today), DueStatus::Upcoming { days: 1 });
    }

    #[test]
    fn a_second_snooze_never_brings_a_follow_up_forward() {
        let today = date(2026, 3, 18);
        let mut f = item(1, FollowUpKind::FollowUp, date(2026, 3, 16));
        snooze(&mut f, Snooze::Until(date(2026, 3, 25)), today).unwrap();
        assert!(!f.can_snooze(Snooze::Tomorrow, today));
        assert_eq!(
            snooze(&mut f, Snooze::Tomorrow, today),
            Err(Error::SnoozeNotLater)
        );
        assert_eq!(f.effective_due(), date(2026, 3, 25));
        // Further off still works.
        snooze(&mut f, Snooze::Until(date(2026, 4, 2)), today).unwrap();
        assert_eq!(f.effective_due(), date(2026, 4, 2));
    }

    #[test]
    fn snooze_next_week_is_the_next_monday() {
        // Wednesday, Sunday and Monday all go to a Monday strictly after.
        for (today, monday) in [
            (date(2026, 3, 18), date(2026, 3, 23)),
            (date(2026, 3, 22), date(2026, 3, 23)),
            (date(2026, 3, 23), date(2026, 3, 30)),
        ] {
            let mut f = item(1, FollowUpKind::FollowUp, date(2026, 3, 16));
            snooze(&mut f, Snooze::NextWeek, today).unwrap();
            assert_eq!(f.snoozed_until, Some(monday));
        }
    }

    #[test]
    fn snooze_until_needs_a_future_day() {
        let today = date(2026, 3, 18);
        let mut f = item(1, FollowUpKind::FollowUp, today);
        assert_eq!(
            snooze(&mut f, Snooze::Until(today), today),
            Err(Error::SnoozeNotAfterToday)
        );
        assert_eq!(f.snoozed_until, None);
        assert_eq!(
            snooze(&mut f, Snooze::Until(date(2026, 3, 1)), today),
            Err(Error::SnoozeNotAfterToday)
        );
        assert_eq!(f.snoozed_until, None);

        snooze(&mut f, Snooze::Until(date(2026, 3, 25)), today).unwrap();
        assert_eq!(f.snoozed_until, Some(date(2026, 3, 25)));
        assert_eq!(f.effective_due(), date(2026, 3, 25));
        // A failed snooze keeps the previous one.
        assert_eq!(
            snooze(&mut f, Snooze::Until(today), today),
            Err(Error::SnoozeNotAfterToday)
        );
        assert_eq!(f.snoozed_until, Some(date(2026, 3, 25)));
    }

    #[test]
    fn snooze_does_not_bring_a_later_due_date_forward() {
        let today = date(2026, 3, 18);
        let mut f = item(1, FollowUpKind::FollowUp, date(2026, 3, 30));
        assert_eq!(
            snooze(&mut f, Snooze::Tomorrow, today),
            Err(Error::SnoozeNotLater)
        );
        assert_eq!(f.effective_due(), date(2026, 3, 30));
        assert_eq!(f.snoozed_until, None);
        // Due tomorrow: "Tomorrow" would change nothing, "Next week" would.
        let mut f = item(1, FollowUpKind::FollowUp, date(2026, 3, 19));
        assert!(!f.can_snooze(Snooze::Tomorrow, today));
        assert!(f.can_snooze(Snooze::NextWeek, today));
        snooze(&mut f, Snooze::NextWeek, today).unwrap();
        assert_eq!(f.effective_due(), date(2026, 3, 23));
    }

    #[test]
    fn snoozing_a_done_follow_up_is_refused() {
        let today = date(2026, 3, 18);
        let mut f = item(1, FollowUpKind::FollowUp, today);
        f.done_at = Some(utc(2026, 3, 18, 8, 0));
        assert_eq!(
            snooze(&mut f, Snooze::Tomorrow, today),
            Err(Error::FollowUpDone)
        );
        assert_eq!(f.snoozed_until, None);
    }

    #[test]
    fn thank_you_due_is_the_local_date_a_day_later() {
        // A meeting ending at 15:00 UTC.
        let end = utc(2026, 3, 18, 15, 0);
        assert_eq!(thank_you_due(end, &FixedZone(0)), date(2026, 3, 19));
        assert_eq!(thank_you_due(end, &FixedZone(-300)), date(2026, 3, 19));
        // 15:00 UTC is already 00:00 on the 19th in Tokyo (+09:00).
        assert_eq!(thank_you_due(end, &FixedZone(540)), date(2026, 3, 20));
        // ... and still 23:59 on the 18th in a zone at +08:59.
        assert_eq!(thank_you_due(end, &FixedZone(539)), date(2026, 3, 19));
    }

    #[test]
    fn thank_you_due_for_meetings_ending_around_local_midnight() {
        // 23:30 on the 18th in India (+05:30) is 18:00 UTC.
        let late = utc(2026, 3, 18, 18, 0);
        assert_eq!(thank_you_due(late, &FixedZone(330)), date(2026, 3, 19));
        // 00:30 on the 19th in India.
        let after_midnight = utc(2026, 3, 18, 19, 0);
        assert_eq!(
            thank_you_due(after_midnight, &FixedZone(330)),
            date(2026, 3, 20)
        );
        // 23:30 on the 18th in New York (-05:00) is 04:30 UTC on the 19th.
        let ny_late = utc(2026, 3, 19, 4, 30);
        assert_eq!(thank_you_due(ny_late, &FixedZone(-300)), date(2026, 3, 19));
        assert_eq!(thank_you_due(ny_late, &FixedZone(0)), date(2026, 3, 20));
    }

    #[test]
    fn thank_you_due_across_a_dst_change_is_still_the_next_day() {
        // Saturday 2026-03-07 23:30 EST; 24 hours later the clocks have gone
        // forward and it is Monday 00:30 EDT, but the thank-you is owed on
        // Sunday, where Today shows it as due tomorrow.
        let end = utc(2026, 3, 8, 4, 30);
        assert_eq!(local_date(end, &UsEastern), date(2026, 3, 7));
        assert_eq!(local_date(end + 24 * HOUR_MS, &UsEastern), date(2026, 3, 9));
        assert_eq!(thank_you_due(end, &UsEastern), date(2026, 3, 8));
        // Sunday 2026-11-01 00:30 EDT; 24 hours later the clocks have gone
        // back and it is 23:30 EST that same Sunday: still due Monday.
        let end = utc(2026, 11, 1, 4, 30);
        assert_eq!(local_date(end, &UsEastern), date(2026, 11, 1));
        assert_eq!(thank_you_due(end, &UsEastern), date(2026, 11, 2));
        // Central Europe: Saturday 2026-03-28 23:30 CET.
        let end = utc(2026, 3, 28, 22, 30);
        assert_eq!(
            thank_you_due(end, &central_europe_spring_2026()),
            date(2026, 3, 29)
        );
    }

    #[test]
    fn referral_schedule_skips_weekends() {
        // Friday: 3 business days later is Wednesday, then a week after.
        assert_eq!(
            referral_schedule(date(2026, 3, 20)),
            (date(2026, 3, 25), date(2026, 4, 1))
        );
        // Monday: Thursday.
        assert_eq!(
            referral_schedule(date(2026, 3, 16)),
            (date(2026, 3, 19), date(2026, 3, 26))
        );
        // Saturday: counting starts on Monday, so Wednesday.
        assert_eq!(
            referral_schedule(date(2026, 3, 21)),
            (date(2026, 3, 25), date(2026, 4, 1))
        );
        // Wednesday: the following Monday.
        assert_eq!(
            referral_schedule(date(2026, 3, 18)),
            (date(2026, 3, 23), date(2026, 3, 30))
        );
    }

    #[test]
    fn sort_for_today_orders_open_then_done() {
        let today = date(2026, 3, 18);
        let mut items = vec![
            FollowUp {
                done_at: Some(utc(2026, 3, 10, 9, 0)),
                ..item(1, FollowUpKind::ThankYou, date(2026, 3, 9))
            },
            item(2, FollowUpKind::Other, date(2026, 3, 25)),
            item(3, FollowUpKind::FollowUp, today),
            item(4, FollowUpKind::ThankYou, today),
            item(5, FollowUpKind::ContactReferral, date(2026, 3, 15)),
            FollowUp {
                done_at: Some(utc(2026, 3, 17, 9, 0)),
                ..item(6, FollowUpKind::OfferHelp, date(2026, 3, 17))
            },
            // Overdue by the same amount, same kind: lower id first.
            item(8, FollowUpKind::ContactReferral, date(2026, 3, 15)),
            item(7, FollowUpKind::ContactReferral, date(2026, 3, 15)),
            // Due long ago but snoozed to tomorrow.
            FollowUp {
                snoozed_until: Some(date(2026, 3, 19)),
                ..item(9, FollowUpKind::ThankYou, date(2026, 3, 1))
            },
        ];
        sort_for_today(&mut items, today);
        let ids: Vec<Id> = items.iter().map(|f| f.id).collect();
        assert_eq!(ids, [5, 7, 8, 4, 3, 9, 2, 6, 1]);
    }

    proptest::proptest! {
        /// The one-number order is the order the rule states.
        #[test]
        fn sort_for_today_matches_the_stated_order(
            items in proptest::collection::vec(
                (0u64..6, 0usize..5, -40i64..40, proptest::option::of(0i64..4), proptest::option::of(-3i64..3)),
                0..30,
            )
        ) {
            let today = date(2026, 3, 18);
            let mut items: Vec<FollowUp> = items
                .into_iter()
                .map(|(id, kind, due, done, snooze)| FollowUp {
                    done_at: done.map(|d| utc(2026, 3, 10, 9, 0) + d * DAY_MS),
                    snoozed_until: snooze.map(|d| add_days(today, d)),
                    ..item(id, FollowUpKind::ALL[kind], add_days(today, due))
                })
                .collect();
            let mut expected = items.clone();
            expected.sort_by(|a, b| match (a.done_at, b.done_at) {
                (None, None) => {
                    let a_days = (a.effective_due() - today).num_days();
                    let b_days = (b.effective_due() - today).num_days();
                    a_days
                        .cmp(&b_days)
                        .then(a.kind.rank().cmp(&b.kind.rank()))
                        .then(a.id.cmp(&b.id))
                }
                (None, Some(_)) => Ordering::Less,
                (Some(_), None) => Ordering::Greater,
                (Some(a_done), Some(b_done)) => b_done.cmp(&a_done).then(a.id.cmp(&b.id)),
            });
            sort_for_today(&mut items, today);
            proptest::prop_assert_eq!(items, expected);
        }
    }

    #[test]
    fn follow_ups_need_a_contact_and_undo_restores_them() {
        let mut nb = Notebook::default();
        let a = nb.add_contact(person("Ana", ListKind::A), 1).unwrap();
        assert_eq!(
            nb.add_follow_up(FollowUp::default(), 2),
            Err(Error::FollowUpNoContact)
        );
        let f = add_kind(&mut nb, a, FollowUpKind::ThankYou, 2);
        let before = nb.clone();
        let removed = nb.delete_follow_up(f).unwrap();
        assert!(nb.follow_up(f).is_none());
        nb.restore(removed);
        assert_eq!(nb, before);
    }

    #[test]
    fn reaching_a_referral_schedules_a_second_try_a_week_later() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut nb = Notebook::default();
        let a = nb.add_contact(person("Ana", ListKind::B), 1).unwrap();
        let thanks = add_kind(&mut nb, a, FollowUpKind::ThankYou, 1);
        assert_eq!(nb.complete_follow_up(thanks, 5, today), None);
        assert_eq!(nb.follow_up(thanks).unwrap().done_at, Some(5));
        let reach = add_kind(&mut nb, a, FollowUpKind::ContactReferral, 1);
        let again = nb.complete_follow_up(reach, 6, today).unwrap();
        let f = nb.follow_up(again).unwrap();
        assert_eq!(f.kind, FollowUpKind::FollowUp);
        assert_eq!(
            f.due,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
        );
        assert_eq!(f.done_at, None);
        // Completing twice does nothing more.
        assert_eq!(nb.complete_follow_up(reach, 7, today), None);
        nb.reopen_follow_up(reach);
        assert_eq!(nb.follow_up(reach).unwrap().done_at, None);
    }

    #[test]
    fn undoing_done_takes_back_the_reminder_it_set() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut nb = Notebook::default();
        let a = nb.add_contact(person("Ana", ListKind::B), 1).unwrap();
        let reach = add_kind(&mut nb, a, FollowUpKind::ContactReferral, 1);
        for at in [6, 7, 8] {
            nb.complete_follow_up(reach, at, today).unwrap();
            nb.reopen_follow_up(reach);
        }
        assert_eq!(nb.follow_ups.len(), 1, "{:?}", nb.follow_ups);
        // A reminder the user has since snoozed is theirs: it stays.
        let again = nb.complete_follow_up(reach, 9, today).unwrap();
        nb.snooze_follow_up(again, Snooze::Until(date(2027, 1, 4)), today)
            .unwrap();
        nb.reopen_follow_up(reach);
        assert!(nb.follow_up(again).is_some());
    }

    #[test]
    fn the_screen_groups_follow_ups_by_when_they_are_due() {
        let today = date(2026, 3, 18);
        let mut nb = Notebook::default();
        let ana = nb.add_contact(person("Ana", ListKind::A), 1).unwrap();
        let mut add = |due, done_at| {
            let mut f = nb.new_follow_up(Some(ana), today);
            f.due = due;
            let id = nb.add_follow_up(f, 2).unwrap();
            nb.follow_ups
                .iter_mut()
                .find(|f| f.id == id)
                .unwrap()
                .done_at = done_at;
            id
        };
        let late = add(date(2026, 3, 10), None);
        let now = add(today, None);
        let soon = add(date(2026, 3, 20), None);
        let done = add(today, Some(5));
        let g = nb.follow_up_groups(today);
        assert_eq!(
            (g.overdue, g.due_today, g.coming_up, g.done),
            (vec![late], vec![now], vec![soon], vec![done])
        );
        assert!(
            nb.follow_up_groups(today).done.len() == 1 && !nb.follow_up_groups(today).is_empty()
        );
        assert_eq!(nb.new_follow_up(Some(ana + 1), today).contact_id, None);
        assert_eq!(nb.new_follow_up(None, today).due, date(2026, 3, 19));

        let mut f = nb.new_follow_up(Some(ana), today);
        f.set_kind(FollowUpKind::ContactReferral, true, today);
        assert_eq!(f.due, referral_schedule(today).0);
        let mut old = nb.new_follow_up(Some(ana), today);
        old.set_kind(FollowUpKind::ContactReferral, false, today);
        assert_eq!(old.due, date(2026, 3, 19));
    }
}
