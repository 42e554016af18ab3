//! The whole notebook: every record the user keeps, as one value, and the
//! operations that keep its links consistent.

use serde::{Deserialize, Serialize};

use super::referrals::would_create_cycle;
use super::search::normalize;
use std::collections::HashMap;

use super::events::Event;
use super::followups::FollowUp;
use super::goals::WeeklyGoal;
use super::journal::JournalNote;
use super::pitch::Pitch;
use super::settings::Settings;
use super::{Contact, Error, Id, Meeting, Organization, Timestamp};

/// Everything Rapport stores for the user.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Notebook {
    pub contacts: Vec<Contact>,
    pub organizations: Vec<Organization>,
    pub meetings: Vec<Meeting>,
    /// Versions of the two-minute pitch.
    pub pitches: Vec<Pitch>,
    /// The version meetings use unless they pick another.
    pub default_pitch: Option<Id>,
    pub follow_ups: Vec<FollowUp>,
    pub events: Vec<Event>,
    /// Weekly targets the user set for themself.
    pub goals: Vec<WeeklyGoal>,
    /// Free notes in the journal, optionally about a contact.
    pub journal_notes: Vec<JournalNote>,
    pub settings: Settings,
}

/// A deleted record and where it stood, so that Undo puts it back in place.
#[derive(Clone, Debug, PartialEq)]
pub enum Removed {
    Contact(usize, Contact),
    Organization(usize, Organization),
    FollowUp(usize, FollowUp),
    Meeting(usize, Meeting),
    Event(usize, Event),
}

impl Notebook {
    pub fn contact(&self, id: Id) -> Option<&Contact> {
        self.contacts.iter().find(|c| c.id == id)
    }

    pub fn organization(&self, id: Id) -> Option<&Organization> {
        self.organizations.iter().find(|o| o.id == id)
    }

    /// The organization name of a contact, if it still exists.
    pub fn organization_name(&self, contact: &Contact) -> Option<&str> {
        contact
            .organization
            .and_then(|id| self.organization(id))
            .map(|o| o.name.as_str())
    }

    fn check_contact(&self, contact: &Contact) -> Result<(), Error> {
        if contact.name.trim().is_empty() {
            return Err(Error::EmptyName);
        }
        if contact.referred_by == Some(contact.id) {
            return Err(Error::ReferredBySelf);
        }
        let current = self.contact(contact.id).and_then(|c| c.referred_by);
        if contact.referred_by != current
            && would_create_cycle(&self.contacts, contact.id, contact.referred_by)
        {
            return Err(Error::ReferralLoop);
        }
        Ok(())
    }

    /// Adds a new contact (its `id` and times are assigned here).
    pub fn add_contact(&mut self, mut contact: Contact, now: Timestamp) -> Result<Id, Error> {
        contact.id = self.alloc_id();
        tidy_contact(&mut contact);
        self.check_contact(&contact)?;
        contact.created_at = now;
        contact.updated_at = now;
        let id = contact.id;
        self.contacts.push(contact);
        Ok(id)
    }

    /// Replaces the stored contact with the same id.
    pub fn update_contact(&mut self, mut contact: Contact, now: Timestamp) -> Result<(), Error> {
        tidy_contact(&mut contact);
        self.check_contact(&contact)?;
        let slot = self
            .contacts
            .iter_mut()
            .find(|c| c.id == contact.id)
            .ok_or(Error::RecordNotFound)?;
        contact.created_at = slot.created_at;
        contact.updated_at = now;
        *slot = contact;
        Ok(())
    }

    /// Saves a contact edited in a form that was filled from `base`. If the
    /// stored contact changed meanwhile (another window), only the fields
    /// the form changed are applied, so the other changes are not reverted.
    /// Returns the stored version when both changed the same field, so it
    /// can be kept for the user to compare.
    pub fn update_contact_from(
        &mut self,
        base: &Contact,
        edited: Contact,
        now: Timestamp,
    ) -> Result<Option<Contact>, Error> {
        let current = self.contact(edited.id).ok_or(Error::RecordNotFound)?;
        let (contact, other) = super::records::rebase(base, edited, Some(current));
        self.update_contact(contact, now)?;
        Ok(other)
    }

    /// Removes a contact. Links to it are kept, so chains show the gap and
    /// an undo reconnects them.
    pub fn delete_contact(&mut self, id: Id) -> Option<Removed> {
        let index = self.contacts.iter().position(|c| c.id == id)?;
        Some(Removed::Contact(index, self.contacts.remove(index)))
    }

    pub fn add_organization(&mut self, mut org: Organization, now: Timestamp) -> Result<Id, Error> {
        org.name = org.name.trim().to_string();
        if org.name.is_empty() {
            return Err(Error::EmptyName);
        }
        org.id = self.alloc_id();
        org.created_at = now;
        org.updated_at = now;
        let id = org.id;
        self.organizations.push(org);
        Ok(id)
    }

    /// Adds an organization named on the spot (in a form or a meeting); it
    /// ranks last until the user sets its priority.
    pub fn add_organization_last(&mut self, name: &str, now: Timestamp) -> Result<Id, Error> {
        let priority = self.organizations.len() as u32 + 1;
        self.add_organization(
            Organization {
                name: name.to_string(),
                priority,
                ..Organization::default()
            },
            now,
        )
    }

    pub fn update_organization(
        &mut self,
        mut org: Organization,
        now: Timestamp,
    ) -> Result<(), Error> {
        org.name = org.name.trim().to_string();
        if org.name.is_empty() {
            return Err(Error::EmptyName);
        }
        let slot = self
            .organizations
            .iter_mut()
            .find(|o| o.id == org.id)
            .ok_or(Error::RecordNotFound)?;
        org.created_at = slot.created_at;
        org.updated_at = now;
        *slot = org;
        Ok(())
    }

    /// Removes an organization; its people keep their link for an undo.
    pub fn delete_organization(&mut self, id: Id) -> Option<Removed> {
        let index = self.organizations.iter().position(|o| o.id == id)?;
        Some(Removed::Organization(
            index,
            self.organizations.remove(index),
        ))
    }

    /// Puts a deleted record back where it was (once, however often asked).
    pub fn restore(&mut self, removed: Removed) {
        match removed {
            Removed::Contact(i, c) => put_back(&mut self.contacts, i, c, |c| c.id),
            Removed::Organization(i, o) => put_back(&mut self.organizations, i, o, |o| o.id),
            Removed::Event(i, e) => put_back(&mut self.events, i, e, |e| e.id),
            Removed::Meeting(i, m) => put_back(&mut self.meetings, i, m, |m| m.id),
            Removed::FollowUp(i, f) => put_back(&mut self.follow_ups, i, f, |f| f.id),
        }
    }

    pub fn follow_up(&self, id: Id) -> Option<&FollowUp> {
        self.follow_ups.iter().find(|f| f.id == id)
    }

    /// Adds a follow-up by hand; it must be about someone who exists.
    pub fn add_follow_up(&mut self, mut f: FollowUp, now: Timestamp) -> Result<Id, Error> {
        match f.contact_id {
            Some(c) if self.contact(c).is_some() => {}
            _ => return Err(Error::FollowUpNoContact),
        }
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
            .follow_ups
            .iter_mut()
            .find(|x| x.id == f.id)
            .ok_or(Error::FollowUpNotFound)?;
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
        let f = self.follow_ups.iter_mut().find(|f| f.id == id)?;
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
            notes: "If they have not replied, try once more.".into(),
            ..FollowUp::default()
        };
        self.add_follow_up(again, now).ok()
    }

    /// Puts a done follow-up back on the list.
    pub fn reopen_follow_up(&mut self, id: Id) {
        if let Some(f) = self.follow_ups.iter_mut().find(|f| f.id == id) {
            f.done_at = None;
        }
    }

    /// Removes a meeting, e.g. one that was called off. Its follow-ups and
    /// the contacts met through it stay.
    pub fn delete_meeting(&mut self, id: Id) -> Option<Removed> {
        let index = self.meetings.iter().position(|m| m.id == id)?;
        Some(Removed::Meeting(index, self.meetings.remove(index)))
    }

    pub fn delete_follow_up(&mut self, id: Id) -> Option<Removed> {
        let index = self.follow_ups.iter().position(|f| f.id == id)?;
        Some(Removed::FollowUp(index, self.follow_ups.remove(index)))
    }

    /// Sets the weekly target for a metric; zero removes the goal.
    pub fn set_goal(&mut self, metric: super::goals::GoalMetric, target: u32) {
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

    /// The contacts working at an organization, decision makers first.
    pub fn people_at(&self, org_id: Id) -> Vec<&Contact> {
        let mut people: Vec<&Contact> = self
            .contacts
            .iter()
            .filter(|c| c.organization == Some(org_id))
            .collect();
        people.sort_by_cached_key(|c| (!c.decision_maker, normalize(&c.name), c.id));
        people
    }

    /// The pitch meetings use by default: the chosen one, else the first.
    pub fn default_pitch(&self) -> Option<&Pitch> {
        self.default_pitch
            .and_then(|id| self.pitch(id))
            .or_else(|| self.pitches.first())
    }

    pub fn pitch(&self, id: Id) -> Option<&Pitch> {
        self.pitches.iter().find(|p| p.id == id)
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
        if let Some(p) = self.pitches.iter_mut().find(|p| p.id == id) {
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

    /// When the user was last in touch with each contact: meetings held
    /// and follow-ups done with them.
    pub fn last_contacted_all(&self) -> HashMap<Id, Timestamp> {
        let mut last: HashMap<Id, Timestamp> = HashMap::new();
        let meetings = self.meetings.iter().map(|m| (m.contact_id, m.held_at()));
        let follow_ups = self.follow_ups.iter().map(|f| (f.contact_id, f.done_at));
        for (contact, at) in meetings.chain(follow_ups) {
            if let (Some(id), Some(at)) = (contact, at) {
                let slot = last.entry(id).or_insert(at);
                *slot = (*slot).max(at);
            }
        }
        last
    }

    /// A contact's meetings, newest first.
    pub fn meetings_with(&self, contact_id: Id) -> Vec<&Meeting> {
        let mut list: Vec<&Meeting> = self
            .meetings
            .iter()
            .filter(|m| m.contact_id == Some(contact_id))
            .collect();
        list.sort_by_key(|m| std::cmp::Reverse(m.sort_time()));
        list
    }

    /// Organizations by priority (1 first), then name.
    pub fn ranked_organizations(&self) -> Vec<&Organization> {
        let mut orgs: Vec<&Organization> = self.organizations.iter().collect();
        orgs.sort_by_cached_key(|o| (o.priority.max(1), normalize(&o.name), o.id));
        orgs
    }
}

fn put_back<T>(list: &mut Vec<T>, index: usize, item: T, id_of: impl Fn(&T) -> Id) {
    let id = id_of(&item);
    if list.iter().all(|x| id_of(x) != id) {
        list.insert(index.min(list.len()), item);
    }
}

fn tidy_contact(contact: &mut Contact) {
    contact.name = contact.name.trim().to_string();
    for field in [
        &mut contact.email,
        &mut contact.phone,
        &mut contact.url,
        &mut contact.role,
    ] {
        *field = field.trim().to_string();
    }
    contact.tags = contact
        .tags
        .iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
}

/// Splits "a, b ,c" into tags.
pub fn parse_tags(text: &str) -> Vec<String> {
    text.split(',')
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ListKind;

    fn person(name: &str, list: ListKind) -> Contact {
        Contact {
            name: name.into(),
            list,
            ..Contact::default()
        }
    }

    #[test]
    fn ids_are_fresh_random_and_never_reused() {
        let mut nb = Notebook::default();
        let a = nb.add_contact(person("Ana", ListKind::A), 10).unwrap();
        let b = nb.add_contact(person("Ben", ListKind::B), 11).unwrap();
        assert_ne!(a, b);
        assert!(a.abs_diff(b) > 1, "ids are drawn, not counted");
        nb.delete_contact(b);
        let c = nb.add_contact(person("Cy", ListKind::C), 12).unwrap();
        assert!(c != a && c != b);
    }

    #[test]
    fn empty_names_are_refused() {
        let mut nb = Notebook::default();
        assert_eq!(
            nb.add_contact(person("   ", ListKind::A), 1),
            Err(Error::EmptyName)
        );
        assert!(nb.contacts.is_empty());
        assert_eq!(
            nb.add_organization(Organization::default(), 1),
            Err(Error::EmptyName)
        );
    }

    #[test]
    fn names_are_trimmed_and_times_set() {
        let mut nb = Notebook::default();
        let id = nb.add_contact(person("  Ana  ", ListKind::A), 5).unwrap();
        let c = nb.contact(id).unwrap();
        assert_eq!(c.name, "Ana");
        assert_eq!((c.created_at, c.updated_at), (5, 5));
        let mut edited = c.clone();
        edited.role = " Engineer ".into();
        nb.update_contact(edited, 9).unwrap();
        let c = nb.contact(id).unwrap();
        assert_eq!(c.role, "Engineer");
        assert_eq!((c.created_at, c.updated_at), (5, 9));
    }

    #[test]
    fn self_referral_and_loops_are_refused() {
        let mut nb = Notebook::default();
        let a = nb.add_contact(person("Ana", ListKind::A), 1).unwrap();
        let mut ben = person("Ben", ListKind::B);
        ben.referred_by = Some(a);
        let b = nb.add_contact(ben, 2).unwrap();
        let mut ana = nb.contact(a).unwrap().clone();
        ana.referred_by = Some(a);
        assert_eq!(
            nb.update_contact(ana.clone(), 3),
            Err(Error::ReferredBySelf)
        );
        ana.referred_by = Some(b);
        assert_eq!(nb.update_contact(ana, 3), Err(Error::ReferralLoop));
        assert_eq!(nb.contact(a).unwrap().referred_by, None);
    }

    #[test]
    fn delete_and_undo_restore_the_contact_in_place() {
        let mut nb = Notebook::default();
        let a = nb.add_contact(person("Ana", ListKind::A), 1).unwrap();
        let mut ben = person("Ben", ListKind::B);
        ben.referred_by = Some(a);
        let b = nb.add_contact(ben, 2).unwrap();
        nb.add_contact(person("Cy", ListKind::C), 3).unwrap();
        let before = nb.clone();
        let removed = nb.delete_contact(a).unwrap();
        assert!(nb.contact(a).is_none());
        // The link is kept so the gap shows and undo reconnects it.
        assert_eq!(nb.contact(b).unwrap().referred_by, Some(a));
        nb.restore(removed.clone());
        assert_eq!(nb, before);
        // Restoring twice does not duplicate.
        nb.restore(removed);
        assert_eq!(nb.contacts.len(), 3);
    }

    #[test]
    fn organizations_rank_by_priority_then_name() {
        let mut nb = Notebook::default();
        for (name, priority) in [("Zeta", 1), ("Acme", 2), ("Beta", 1)] {
            nb.add_organization(
                Organization {
                    name: name.into(),
                    priority,
                    ..Organization::default()
                },
                1,
            )
            .unwrap();
        }
        let names: Vec<&str> = nb
            .ranked_organizations()
            .iter()
            .map(|o| o.name.as_str())
            .collect();
        assert_eq!(names, ["Beta", "Zeta", "Acme"]);
    }

    #[test]
    fn people_at_an_organization_put_decision_makers_first() {
        let mut nb = Notebook::default();
        let org = nb
            .add_organization(
                Organization {
                    name: "Acme".into(),
                    ..Organization::default()
                },
                1,
            )
            .unwrap();
        for (name, dm) in [("Ann", false), ("Zed", true)] {
            let mut c = person(name, ListKind::C);
            c.organization = Some(org);
            c.decision_maker = dm;
            nb.add_contact(c, 1).unwrap();
        }
        nb.add_contact(person("Elsewhere", ListKind::C), 1).unwrap();
        let names: Vec<&str> = nb.people_at(org).iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Zed", "Ann"]);
        let removed = nb.delete_organization(org).unwrap();
        assert!(nb.organization(org).is_none());
        nb.restore(removed);
        assert_eq!(nb.people_at(org).len(), 2);
    }

    #[test]
    fn last_contacted_comes_from_meetings_held() {
        use crate::domain::clock::{MeetingClock, PhasePlan};
        let mut nb = Notebook::default();
        let a = nb.add_contact(person("Ana", ListKind::A), 1).unwrap();
        let b = nb.add_contact(person("Ben", ListKind::B), 1).unwrap();
        for (at, held) in [(100, true), (300, true), (900, false)] {
            let id = nb.alloc_id();
            nb.meetings.push(Meeting {
                id,
                contact_id: Some(a),
                scheduled_at: Some(at),
                clock: held.then(|| MeetingClock::start(at, PhasePlan::default())),
                ..Meeting::default()
            });
        }
        let last = nb.last_contacted_all();
        assert_eq!(last.get(&a), Some(&300));
        assert_eq!(last.get(&b), None);
        // A thank-you sent later counts as being in touch.
        let f = nb.alloc_id();
        nb.follow_ups.push(crate::domain::followups::FollowUp {
            id: f,
            contact_id: Some(a),
            done_at: Some(500),
            ..Default::default()
        });
        assert_eq!(nb.last_contacted_all().get(&a), Some(&500));
        let times: Vec<i64> = nb.meetings_with(a).iter().map(|m| m.sort_time()).collect();
        assert_eq!(times, [900, 300, 100]);
    }

    #[test]
    fn a_deleted_meeting_comes_back_with_undo() {
        let mut nb = Notebook::default();
        let a = nb.add_contact(person("Ana", ListKind::A), 1).unwrap();
        let m = nb
            .plan_meeting(
                Meeting {
                    contact_id: Some(a),
                    ..Meeting::default()
                },
                2,
            )
            .unwrap();
        let before = nb.clone();
        let removed = nb.delete_meeting(m).unwrap();
        assert!(nb.meeting(m).is_none());
        assert!(nb.delete_meeting(m).is_none());
        nb.restore(removed);
        assert_eq!(nb, before);
    }

    #[test]
    fn deleting_a_contact_keeps_their_meetings() {
        let mut nb = Notebook::default();
        let a = nb.add_contact(person("Ana", ListKind::A), 1).unwrap();
        let id = nb.alloc_id();
        nb.meetings.push(Meeting {
            id,
            contact_id: Some(a),
            contact_name: "Ana".into(),
            ..Meeting::default()
        });
        nb.delete_contact(a);
        assert_eq!(nb.meetings.len(), 1);
        assert_eq!(nb.meetings[0].contact_name, "Ana");
    }

    #[test]
    fn follow_ups_need_a_contact_and_undo_restores_them() {
        use crate::domain::followups::{FollowUp, FollowUpKind};
        let mut nb = Notebook::default();
        let a = nb.add_contact(person("Ana", ListKind::A), 1).unwrap();
        assert_eq!(
            nb.add_follow_up(FollowUp::default(), 2),
            Err(Error::FollowUpNoContact)
        );
        let f = nb
            .add_follow_up(
                FollowUp {
                    contact_id: Some(a),
                    kind: FollowUpKind::ThankYou,
                    ..FollowUp::default()
                },
                2,
            )
            .unwrap();
        let before = nb.clone();
        let removed = nb.delete_follow_up(f).unwrap();
        assert!(nb.follow_up(f).is_none());
        nb.restore(removed);
        assert_eq!(nb, before);
    }

    #[test]
    fn reaching_a_referral_schedules_a_second_try_a_week_later() {
        use crate::domain::followups::{FollowUp, FollowUpKind};
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut nb = Notebook::default();
        let a = nb.add_contact(person("Ana", ListKind::B), 1).unwrap();
        let thanks = nb
            .add_follow_up(
                FollowUp {
                    contact_id: Some(a),
                    kind: FollowUpKind::ThankYou,
                    ..FollowUp::default()
                },
                1,
            )
            .unwrap();
        assert_eq!(nb.complete_follow_up(thanks, 5, today), None);
        assert_eq!(nb.follow_up(thanks).unwrap().done_at, Some(5));
        let reach = nb
            .add_follow_up(
                FollowUp {
                    contact_id: Some(a),
                    kind: FollowUpKind::ContactReferral,
                    ..FollowUp::default()
                },
                1,
            )
            .unwrap();
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
    }

    #[test]
    fn a_stale_form_only_applies_what_it_changed() {
        let mut nb = Notebook::default();
        let id = nb.add_contact(person("Ana", ListKind::A), 1).unwrap();
        let base = nb.contact(id).unwrap().clone();
        // Another window changes the email meanwhile.
        let mut elsewhere = base.clone();
        elsewhere.email = "ana@example.org".into();
        nb.update_contact(elsewhere, 2).unwrap();
        let mut edited = base.clone();
        edited.role = "Designer".into();
        assert_eq!(nb.update_contact_from(&base, edited, 3), Ok(None));
        let c = nb.contact(id).unwrap();
        assert_eq!(
            (c.role.as_str(), c.email.as_str()),
            ("Designer", "ana@example.org")
        );
        // The same field changed in both: the form wins, the other is returned.
        let base = c.clone();
        let mut elsewhere = base.clone();
        elsewhere.role = "Engineer".into();
        nb.update_contact(elsewhere, 4).unwrap();
        let mut edited = base.clone();
        edited.role = "Manager".into();
        let kept = nb.update_contact_from(&base, edited, 5).unwrap().unwrap();
        assert_eq!(kept.role, "Engineer");
        assert_eq!(nb.contact(id).unwrap().role, "Manager");
    }

    #[test]
    fn tags_parse_from_commas() {
        assert_eq!(parse_tags(" fintech, ,mentor ,"), ["fintech", "mentor"]);
        assert!(parse_tags("").is_empty());
    }
}
