//! Information and referral meetings: planned, in progress, and held.

use serde::{Deserialize, Serialize};

use super::clock::MeetingClock;
use super::{Error, Id, Timestamp};

/// What a meeting is for. Asking for a job is deliberately not among them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Purpose {
    ValidateIdea,
    IndustryInfo,
    Advice,
    PlantSeeds,
    Referrals,
}

impl Purpose {
    pub const ALL: [Purpose; 5] = [
        Purpose::ValidateIdea,
        Purpose::IndustryInfo,
        Purpose::Advice,
        Purpose::PlantSeeds,
        Purpose::Referrals,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Purpose::ValidateIdea => "Test my career idea",
            Purpose::IndustryInfo => "Learn about the industry",
            Purpose::Advice => "Get advice",
            Purpose::PlantSeeds => "Plant seeds for later",
            Purpose::Referrals => "Get referrals",
        }
    }
}

/// Where a meeting stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MeetingStatus {
    Planned,
    InProgress,
    Held,
}

/// One meeting with one contact.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Meeting {
    pub id: Id,
    pub contact_id: Option<Id>,
    /// Kept so the meeting still names the person if the contact is deleted.
    pub contact_name: String,
    pub scheduled_at: Option<Timestamp>,
    pub place: String,
    pub purposes: Vec<Purpose>,
    pub purposes_done: Vec<Purpose>,
    pub pitch_id: Option<Id>,
    pub questions: Vec<String>,
    /// The planned questions ticked off as asked during the meeting.
    pub questions_asked: Vec<String>,
    pub notes: String,
    pub clock: Option<MeetingClock>,
    pub ended_at: Option<Timestamp>,
    /// Contacts this person referred the user to during the meeting.
    pub referrals: Vec<Id>,
    pub help_offered: String,
    pub outcome: String,
    /// Next steps already confirmed or turned down at wrap-up, so saving the
    /// wrap-up again never brings back one the user removed.
    pub steps_decided: Vec<StepKey>,
    pub created_at: Timestamp,
}

/// A next step told apart by what it is and whom it concerns.
pub type StepKey = (super::followups::FollowUpKind, Option<Id>);

impl Default for Meeting {
    fn default() -> Self {
        Meeting {
            id: 0,
            contact_id: None,
            contact_name: String::new(),
            scheduled_at: None,
            place: String::new(),
            purposes: vec![Purpose::Advice, Purpose::Referrals],
            purposes_done: Vec::new(),
            pitch_id: None,
            questions: Vec::new(),
            questions_asked: Vec::new(),
            notes: String::new(),
            clock: None,
            ended_at: None,
            referrals: Vec::new(),
            help_offered: String::new(),
            outcome: String::new(),
            steps_decided: Vec::new(),
            created_at: 0,
        }
    }
}

impl Meeting {
    pub fn status(&self) -> MeetingStatus {
        match (&self.clock, self.ended_at) {
            (_, Some(_)) => MeetingStatus::Held,
            (Some(_), None) => MeetingStatus::InProgress,
            (None, None) => MeetingStatus::Planned,
        }
    }

    /// When the meeting actually took place, if it has begun.
    pub fn held_at(&self) -> Option<Timestamp> {
        self.clock.as_ref().map(|c| c.started_at)
    }

    /// When it ended, if it has: the moment it counts as held.
    pub fn ended(&self) -> Option<Timestamp> {
        self.ended_at.filter(|_| self.clock.is_some())
    }

    /// The planned questions, each with whether it was ticked off as asked.
    pub fn question_checklist(&self) -> Vec<(String, bool)> {
        self.questions
            .iter()
            .map(|q| (q.clone(), self.questions_asked.contains(q)))
            .collect()
    }

    /// The time it is listed under: when it was held, else when planned.
    /// Ticks a purpose on or off in the plan.
    pub fn set_purpose(&mut self, purpose: Purpose, on: bool) {
        set_in(&mut self.purposes, purpose, on);
    }

    /// Ticks a suggested question on or off in the plan.
    pub fn set_question(&mut self, question: &str, on: bool) {
        set_in(&mut self.questions, question.to_string(), on);
    }

    /// Takes the user's own questions out of the plan, as lines of text for
    /// the form; the suggested ones stay as ticks.
    pub fn take_own_questions(&mut self) -> String {
        let (suggested, own): (Vec<String>, Vec<String>) = std::mem::take(&mut self.questions)
            .into_iter()
            .partition(|q| SUGGESTED_QUESTIONS.contains(&q.as_str()));
        self.questions = suggested;
        own.join("\n")
    }

    /// Puts the user's own questions, typed one per line, back in the plan.
    pub fn add_own_questions(&mut self, text: &str) {
        self.questions
            .extend(text.lines().map(|l| l.trim().to_string()));
    }

    pub fn sort_time(&self) -> Timestamp {
        self.held_at()
            .or(self.scheduled_at)
            .unwrap_or(self.created_at)
    }
}

/// Questions worth having ready, in the spirit of listening more than talking.
/// Puts `item` in `list` once when `on`, takes it out otherwise; the order
/// is the order things were ticked.
fn set_in<T: PartialEq>(list: &mut Vec<T>, item: T, on: bool) {
    list.retain(|x| *x != item);
    if on {
        list.push(item);
    }
}

/// How far ahead a new meeting is planned by default: the next half hour.
const PLAN_STEP_MS: i64 = 30 * super::MINUTE_MS;

/// How close to now a meeting planned with someone must be for "Start
/// meeting" with them to start it rather than a new one: a coffee an hour
/// early or late is still that coffee.
pub const START_WINDOW_MS: i64 = 2 * super::HOUR_MS;

impl super::Notebook {
    /// The plan a new meeting starts from: with `contact` if they exist, at
    /// the next half hour on the user's clock (`zone`: some zones are 45
    /// minutes off UTC), with whichever pitch is the default when it starts
    /// (the user may pick one), asking who else to talk to.
    pub fn new_meeting_plan(
        &self,
        contact: Option<Id>,
        now: Timestamp,
        zone: &impl super::calendar::Zone,
    ) -> Meeting {
        let offset = i64::from(zone.offset_minutes_at(now)) * super::MINUTE_MS;
        let local = now + offset;
        Meeting {
            contact_id: contact.filter(|id| self.contact(*id).is_some()),
            scheduled_at: Some((local.div_euclid(PLAN_STEP_MS) + 1) * PLAN_STEP_MS - offset),
            pitch_id: None,
            questions: vec![SUGGESTED_QUESTIONS[SUGGESTED_QUESTIONS.len() - 1].to_string()],
            ..Meeting::default()
        }
    }
}

pub const SUGGESTED_QUESTIONS: [&str; 6] = [
    "How did you get started in this field?",
    "What does a typical week look like for you?",
    "What changes do you see coming in your industry?",
    "What skills would you build if you were starting out today?",
    "Given what I'm exploring, what would you do in my place?",
    "Who else do you think I should talk to?",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::FixedZone;
    use crate::domain::clock::PhasePlan;

    /// A notebook with Ana (list A) and Ben.
    fn ana_and_ben() -> (crate::domain::Notebook, Id, Id) {
        let (mut nb, ana) =
            crate::domain::notebook::tests::with_contact("Ana", crate::domain::ListKind::A, 0);
        let ben = nb
            .add_contact(
                crate::domain::Contact {
                    name: "Ben".into(),
                    ..Default::default()
                },
                0,
            )
            .unwrap();
        (nb, ana, ben)
    }

    #[test]
    fn of_meetings_left_running_the_one_running_longest_is_named() {
        let (mut nb, ana, ben) = ana_and_ben();
        let plan = nb.new_meeting_plan(Some(ana), 0, &FixedZone(0));
        // Planned first, started last.
        let planned = nb.plan_meeting(plan, 0).unwrap();
        let with_ben = nb.start_meeting_now(ben, 1_000).unwrap();
        nb.start_meeting(planned, 5_000).unwrap();
        assert_eq!(
            nb.other_meeting_running(None, None).map(|m| m.id),
            Some(with_ben)
        );
    }

    #[test]
    fn an_empty_default_pitch_gives_way_to_one_with_words() {
        let (mut nb, ana) =
            crate::domain::notebook::tests::with_contact("Ana", crate::domain::ListKind::A, 0);
        let empty = nb.add_pitch("Version 1", "", 0);
        let written = nb.add_pitch("Written", "I led grid projects.", 1);
        assert_eq!(nb.default_pitch().map(|p| p.id), Some(empty));
        let id = nb.start_meeting_now(ana, 2).unwrap();
        assert_eq!(nb.meeting_pitch(id).map(|p| p.id), Some(written));
    }

    #[test]
    fn a_meeting_planned_without_a_pitch_uses_the_default_of_when_it_starts() {
        let (mut nb, ana) =
            crate::domain::notebook::tests::with_contact("Ana", crate::domain::ListKind::A, 0);
        let friends = nb.add_pitch("Friends", "Hi, I am moving into climate work.", 0);
        nb.set_default_pitch(friends);
        let plan = nb.new_meeting_plan(Some(ana), 0, &FixedZone(0));
        let id = nb.plan_meeting(plan, 0).unwrap();
        // Made the default after the meeting was planned.
        let insiders = nb.add_pitch("Insiders", "I led grid projects for six years.", 1);
        nb.set_default_pitch(insiders);
        nb.start_meeting(id, 2).unwrap();
        assert_eq!(nb.meeting_pitch(id).map(|p| p.id), Some(insiders));
    }

    #[test]
    fn a_meeting_left_running_is_found_before_another_starts() {
        let (mut nb, ana, ben) = ana_and_ben();
        assert!(nb.other_meeting_running(None, Some(ben)).is_none());
        let with_ana = nb.start_meeting_now(ana, 1_000).unwrap();
        let found = |nb: &crate::domain::Notebook, id, with| {
            nb.other_meeting_running(id, with).map(|m| m.id)
        };
        assert_eq!(found(&nb, None, Some(ben)), Some(with_ana));
        // Starting with Ana again carries on the same meeting.
        assert_eq!(found(&nb, None, Some(ana)), None);
        assert_eq!(found(&nb, Some(with_ana), Some(ana)), None);
        let plan = nb.new_meeting_plan(Some(ben), 2_000, &FixedZone(0));
        let planned = nb.plan_meeting(plan, 2_000).unwrap();
        assert_eq!(found(&nb, Some(planned), Some(ben)), Some(with_ana));
        // A planned meeting with Ana is another meeting, not the one running.
        let plan = nb.new_meeting_plan(Some(ana), 2_000, &FixedZone(0));
        let planned_with_ana = nb.plan_meeting(plan, 2_000).unwrap();
        assert_eq!(
            found(&nb, Some(planned_with_ana), Some(ana)),
            Some(with_ana)
        );
        nb.end_meeting(with_ana, 3_000, &FixedZone(0)).unwrap();
        assert_eq!(found(&nb, Some(planned), Some(ben)), None);
    }

    #[test]
    fn an_ended_meeting_is_not_resumed_or_paused() {
        let (mut nb, ana) =
            crate::domain::notebook::tests::with_contact("Ana", crate::domain::ListKind::A, 0);
        let id = nb.start_meeting_now(ana, 1_000).unwrap();
        nb.end_meeting(id, 60_000, &FixedZone(0)).unwrap();
        let ended = nb.meeting(id).unwrap().clone();
        nb.toggle_meeting_pause(id, 120_000);
        nb.toggle_meeting_pause(id, 180_000);
        assert_eq!(nb.meeting(id), Some(&ended));
        // A running one still pauses.
        let (mut nb, ana) =
            crate::domain::notebook::tests::with_contact("Ana", crate::domain::ListKind::A, 0);
        let id = nb.start_meeting_now(ana, 1_000).unwrap();
        nb.toggle_meeting_pause(id, 2_000);
        assert!(nb.meeting(id).unwrap().clock.as_ref().unwrap().is_paused());
    }

    #[test]
    fn a_new_plan_starts_at_the_next_half_hour_with_a_known_contact() {
        let (nb, ana) =
            crate::domain::notebook::tests::with_contact("Ana", crate::domain::ListKind::A, 0);
        let at = 10 * PLAN_STEP_MS + 1;
        let utc = FixedZone(0);
        let plan = nb.new_meeting_plan(Some(ana), at, &utc);
        assert_eq!(plan.contact_id, Some(ana));
        assert_eq!(plan.scheduled_at, Some(11 * PLAN_STEP_MS));
        assert_eq!(plan.questions, ["Who else do you think I should talk to?"]);
        assert_eq!(plan.pitch_id, None);
        assert_eq!(
            nb.new_meeting_plan(Some(ana + 1), at, &utc).contact_id,
            None
        );
        assert_eq!(
            nb.new_meeting_plan(None, 10 * PLAN_STEP_MS, &utc)
                .scheduled_at,
            Some(11 * PLAN_STEP_MS)
        );
    }

    #[test]
    fn the_next_half_hour_is_on_the_users_clock() {
        let nb = crate::domain::Notebook::default();
        // 10:05 in Kathmandu (+05:45) is 04:20 UTC: the plan says 10:30
        // there, not 10:15 (the next UTC half hour).
        let kathmandu = FixedZone(345);
        let now = 4 * 60 * crate::domain::MINUTE_MS + 20 * crate::domain::MINUTE_MS;
        let at = nb
            .new_meeting_plan(None, now, &kathmandu)
            .scheduled_at
            .unwrap();
        assert_eq!(at - now, 25 * crate::domain::MINUTE_MS);
        // West of UTC too: 23:50 on the 1st in New York (-05:00).
        let new_york = FixedZone(-300);
        let now = (24 + 4) * 60 * crate::domain::MINUTE_MS + 50 * crate::domain::MINUTE_MS;
        let at = nb
            .new_meeting_plan(None, now, &new_york)
            .scheduled_at
            .unwrap();
        assert_eq!(at - now, 10 * crate::domain::MINUTE_MS);
    }

    #[test]
    fn own_questions_go_to_text_and_back() {
        let mut m = Meeting {
            questions: vec![
                SUGGESTED_QUESTIONS[0].to_string(),
                "Which teams hire juniors?".into(),
                "Is remote work common?".into(),
            ],
            purposes: Vec::new(),
            ..Meeting::default()
        };
        let own = m.take_own_questions();
        assert_eq!(own, "Which teams hire juniors?\nIs remote work common?");
        assert_eq!(m.questions, [SUGGESTED_QUESTIONS[0]]);
        m.set_question(SUGGESTED_QUESTIONS[1], true);
        m.set_question(SUGGESTED_QUESTIONS[0], false);
        m.add_own_questions(&own);
        assert_eq!(
            m.questions,
            [
                SUGGESTED_QUESTIONS[1],
                "Which teams hire juniors?",
                "Is remote work common?"
            ]
        );
        m.set_purpose(Purpose::ALL[0], true);
        m.set_purpose(Purpose::ALL[0], true);
        assert_eq!(m.purposes, [Purpose::ALL[0]]);
    }

    #[test]
    fn status_follows_the_clock() {
        let mut m = Meeting::default();
        assert_eq!(m.status(), MeetingStatus::Planned);
        assert_eq!(m.held_at(), None);
        m.clock = Some(MeetingClock::start(1_000, PhasePlan::default()));
        assert_eq!(m.status(), MeetingStatus::InProgress);
        assert_eq!(m.held_at(), Some(1_000));
        m.ended_at = Some(2_000);
        assert_eq!(m.status(), MeetingStatus::Held);
    }

    #[test]
    fn sort_time_prefers_when_it_was_held() {
        let mut m = Meeting {
            created_at: 1,
            ..Meeting::default()
        };
        assert_eq!(m.sort_time(), 1);
        m.scheduled_at = Some(50);
        assert_eq!(m.sort_time(), 50);
        m.clock = Some(MeetingClock::start(70, PhasePlan::default()));
        assert_eq!(m.sort_time(), 70);
    }

    #[test]
    fn no_purpose_or_question_asks_for_a_job() {
        for p in Purpose::ALL {
            assert!(!p.label().to_lowercase().contains("job"));
        }
        for q in SUGGESTED_QUESTIONS {
            assert!(!q.to_lowercase().contains("job"));
        }
        assert!(
            SUGGESTED_QUESTIONS
                .iter()
                .any(|q| q.contains("who else") || q.contains("Who else"))
        );
    }
}

/// A next step proposed at the end of a meeting, for the user to confirm.
#[derive(Clone, Debug, PartialEq)]
pub struct ProposedStep {
    pub follow_up: super::followups::FollowUp,
    /// Plain words for the checklist, e.g. "Thank Ana".
    pub summary: String,
    /// Confirmed or turned down at an earlier wrap-up of this meeting.
    pub decided: bool,
    /// The follow-up already made for this step, if it still exists, and
    /// whether it is done.
    pub existing: Option<(Id, bool)>,
}

impl ProposedStep {
    pub fn key(&self) -> StepKey {
        (self.follow_up.kind, self.follow_up.contact_id)
    }

    /// Decided at an earlier wrap-up, and not in the follow-ups now: turned
    /// down then, or deleted from the follow-ups since.
    pub fn turned_down(&self) -> bool {
        self.decided && self.existing.is_none()
    }

    /// Whether the checklist ticks it until the user says otherwise: all but
    /// what was turned down. Saving a wrap-up untouched changes nothing.
    pub fn ticked_by_default(&self) -> bool {
        !self.turned_down()
    }

    /// Whether the wrap-up can no longer change it: its follow-up is done.
    /// An open one can be unticked to drop it, one turned down ticked to
    /// add it after all.
    pub fn locked(&self) -> bool {
        self.existing.is_some_and(|(_, done)| done)
    }

    /// The checklist line: "Thank Ana by Fri 2 Jan (in your follow-ups)".
    pub fn describe(&self) -> String {
        let due = super::calendar::short_day(self.follow_up.due);
        match self.existing {
            Some((_, true)) => format!("{} (done)", self.summary),
            Some(_) => format!("{} by {due} (in your follow-ups)", self.summary),
            None if self.decided => format!("{} by {due} (not in your follow-ups)", self.summary),
            None => format!("{} by {due}", self.summary),
        }
    }

    /// What saving does to the follow-ups, when the tick differs from them.
    pub fn pending(&self, ticked: bool) -> Option<&'static str> {
        match (self.existing, ticked) {
            (Some((_, false)), false) => Some("Saving removes it from your follow-ups."),
            (None, true) if self.decided => Some("Saving adds it to your follow-ups."),
            _ => None,
        }
    }
}

impl super::Notebook {
    /// Removes a meeting, e.g. one that was called off. Its follow-ups and
    /// the contacts met through it stay.
    pub fn delete_meeting(&mut self, id: Id) -> Option<super::notebook::Removed> {
        self.remove::<Meeting>(id)
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

    pub fn meeting(&self, id: Id) -> Option<&Meeting> {
        self.find(id)
    }

    /// A meeting still in progress other than the one about to start,
    /// most likely one the user forgot to end (the longest running, if
    /// several are). Starting planned meeting
    /// `id` starts that one; starting one with contact `with` on the spot
    /// carries on theirs if it is running (see `start_meeting_now`).
    pub fn other_meeting_running(&self, id: Option<Id>, with: Option<Id>) -> Option<&Meeting> {
        self.meetings
            .iter()
            .filter(|m| {
                m.status() == MeetingStatus::InProgress
                    && match id {
                        Some(id) => m.id != id,
                        None => with.is_none() || m.contact_id != with,
                    }
            })
            // The one running longest is the likeliest to be forgotten.
            .min_by_key(|m| m.held_at())
    }

    pub fn meeting_mut(&mut self, id: Id) -> Option<&mut Meeting> {
        self.find_mut(id)
    }

    /// Records a planned meeting; the contact's name is copied so the
    /// meeting keeps it if the contact is deleted.
    pub fn plan_meeting(&mut self, mut meeting: Meeting, now: Timestamp) -> Result<Id, Error> {
        let contact_id = meeting.contact_id.ok_or(Error::NoContact)?;
        let name = self
            .contact(contact_id)
            .map(|c| c.name.clone())
            .ok_or(Error::ContactGone)?;
        let at = meeting.scheduled_at.ok_or(Error::NoMeetingTime)?;
        super::calendar::check_time_year(at)?;
        meeting.id = self.alloc_id();
        meeting.contact_name = name;
        meeting.created_at = now;
        meeting.questions.retain(|q| !q.trim().is_empty());
        let id = meeting.id;
        self.meetings.push(meeting);
        Ok(id)
    }

    /// Changes the plan of a meeting that has not started: who, when,
    /// where, purposes, pitch and questions.
    pub fn edit_planned_meeting(&mut self, edited: Meeting) -> Result<(), Error> {
        let contact_id = edited.contact_id.ok_or(Error::NoContact)?;
        let name = self
            .contact(contact_id)
            .map(|c| c.name.clone())
            .ok_or(Error::ContactGone)?;
        let m = self.meeting_mut(edited.id).ok_or(Error::MeetingNotFound)?;
        if m.clock.is_some() {
            return Err(Error::MeetingStarted);
        }
        let at = edited.scheduled_at.ok_or(Error::NoMeetingTime)?;
        if Some(at) != m.scheduled_at {
            super::calendar::check_time_year(at)?;
        }
        m.contact_id = Some(contact_id);
        m.contact_name = name;
        m.scheduled_at = edited.scheduled_at;
        m.place = edited.place;
        m.purposes = edited.purposes;
        m.pitch_id = edited.pitch_id;
        m.questions = edited
            .questions
            .into_iter()
            .map(|q| q.trim().to_string())
            .filter(|q| !q.is_empty())
            .collect();
        m.questions.dedup();
        Ok(())
    }

    /// The pitch a meeting uses: its own version, else the default one.
    pub fn meeting_pitch(&self, id: Id) -> Option<&super::pitch::Pitch> {
        self.meeting(id)
            .and_then(|m| m.pitch_id)
            .and_then(|p| self.pitch(p))
            .or_else(|| self.pitch_to_give())
    }

    /// Marks a purpose of a meeting as met, or not.
    pub fn mark_purpose_done(&mut self, id: Id, purpose: Purpose, done: bool) {
        if let Some(m) = self.meeting_mut(id) {
            set_in(&mut m.purposes_done, purpose, done);
        }
    }

    /// Ticks a planned question off as asked, or back.
    pub fn mark_question_asked(&mut self, id: Id, question: &str, asked: bool) {
        if let Some(m) = self.meeting_mut(id) {
            m.questions_asked.retain(|q| q != question);
            if asked && m.questions.iter().any(|q| q == question) {
                m.questions_asked.push(question.to_string());
            }
        }
    }

    /// Starts the clock of a planned meeting (or keeps a running one).
    pub fn start_meeting(&mut self, id: Id, now: Timestamp) -> Result<(), Error> {
        let plan = self.settings.plan.clone();
        let m = self.meeting_mut(id).ok_or(Error::MeetingNotFound)?;
        if m.ended_at.is_some() {
            return Err(Error::MeetingEnded);
        }
        if m.clock.is_none() {
            m.clock = Some(MeetingClock::start(now, plan));
        }
        Ok(())
    }

    /// Pauses a running meeting's clock, or resumes a paused one. An ended
    /// meeting's clock stays as it ended (a window still showing it running
    /// may ask).
    pub fn toggle_meeting_pause(&mut self, id: Id, now: Timestamp) {
        if let Some(c) = self
            .meeting_mut(id)
            .filter(|m| m.ended_at.is_none())
            .and_then(|m| m.clock.as_mut())
        {
            if c.is_paused() {
                c.resume(now)
            } else {
                c.pause(now)
            }
        }
    }

    /// Replaces a meeting's notes.
    pub fn set_meeting_notes(&mut self, id: Id, notes: &str) {
        if let Some(m) = self.meeting_mut(id) {
            m.notes = notes.to_string();
        }
    }

    /// Starts a meeting with a contact now, returning it. One already in
    /// progress with them is returned as it is (its notes and clock go on);
    /// one planned with them within [`START_WINDOW_MS`] of now is started
    /// (its questions and pitch come with it); otherwise a new one is
    /// planned and started on the spot.
    pub fn start_meeting_now(&mut self, contact_id: Id, now: Timestamp) -> Result<Id, Error> {
        let with_them = |m: &&Meeting| m.contact_id == Some(contact_id);
        if let Some(m) = self
            .meetings
            .iter()
            .filter(with_them)
            .find(|m| m.status() == MeetingStatus::InProgress)
        {
            return Ok(m.id);
        }
        let planned = self
            .meetings
            .iter()
            .filter(with_them)
            .filter(|m| m.status() == MeetingStatus::Planned)
            .filter_map(|m| m.scheduled_at.map(|at| (m.id, (at - now).abs())))
            .filter(|(_, gap)| *gap <= START_WINDOW_MS)
            .min_by_key(|(_, gap)| *gap);
        if let Some((id, _)) = planned {
            self.start_meeting(id, now)?;
            return Ok(id);
        }
        let id = self.plan_meeting(
            Meeting {
                contact_id: Some(contact_id),
                scheduled_at: Some(now),
                pitch_id: self.pitch_to_give().map(|p| p.id),
                ..Meeting::default()
            },
            now,
        )?;
        self.start_meeting(id, now)?;
        Ok(id)
    }

    /// Captures a referral made during a meeting: a new contact, referred by
    /// the person being met, at the named organization (found or created).
    pub fn add_referral(
        &mut self,
        meeting_id: Id,
        name: &str,
        organization: &str,
        now: Timestamp,
    ) -> Result<Id, Error> {
        let referrer = self
            .meeting(meeting_id)
            .ok_or(Error::MeetingNotFound)?
            .contact_id
            .filter(|id| self.contact(*id).is_some());
        if name.trim().is_empty() {
            return Err(Error::EmptyName);
        }
        let org_name = organization.trim();
        let org_id = if org_name.is_empty() {
            None
        } else {
            Some(self.add_organization_last(org_name, now)?)
        };
        let contact = super::Contact {
            name: name.to_string(),
            // Someone at an organization the user may target is list C;
            // otherwise a new professional contact.
            list: if org_id.is_some() {
                super::ListKind::C
            } else {
                super::ListKind::B
            },
            organization: org_id,
            referred_by: referrer,
            referred_at: referrer.map(|_| now),
            how_met: "Referred during an information meeting".into(),
            ..super::Contact::default()
        };
        let id = self.add_contact(contact, now)?;
        if let Some(m) = self.meeting_mut(meeting_id) {
            m.referrals.push(id);
        }
        Ok(id)
    }

    /// Records that the person met referred the user to someone already in
    /// the notebook (the duplicate offered instead of a new contact). The
    /// introduction is kept only for someone the user does not know yet:
    /// nobody introduced them before, they are not a personal contact
    /// (list A), and the user has not met them. Otherwise the referral
    /// stays on the meeting, and how the user knows them is left alone.
    pub fn link_referral(
        &mut self,
        meeting_id: Id,
        contact_id: Id,
        now: Timestamp,
    ) -> Result<(), Error> {
        let referrer = self
            .meeting(meeting_id)
            .ok_or(Error::MeetingNotFound)?
            .contact_id
            .filter(|r| {
                *r != contact_id
                    && self.contact(*r).is_some()
                    && !super::referrals::would_create_cycle(&self.contacts, contact_id, Some(*r))
            });
        let already_met = self
            .meetings
            .iter()
            .any(|m| m.id != meeting_id && m.contact_id == Some(contact_id) && m.clock.is_some());
        let c = self
            .find_mut::<super::Contact>(contact_id)
            .ok_or(Error::ContactGone)?;
        let known = already_met || c.list == super::ListKind::A;
        if c.referred_by.is_none() && referrer.is_some() && !known {
            c.referred_by = referrer;
            c.referred_at = Some(now);
            c.updated_at = now;
        }
        if let Some(m) = self.meeting_mut(meeting_id)
            && !m.referrals.contains(&contact_id)
        {
            m.referrals.push(contact_id);
        }
        Ok(())
    }

    /// Stops the clock and marks the meeting held. The thank-you is owed
    /// from this moment, so it goes straight into the follow-ups (the
    /// wrap-up can still change or drop it): leaving before the wrap-up
    /// then loses nothing.
    pub fn end_meeting(
        &mut self,
        id: Id,
        now: Timestamp,
        zone: &impl super::calendar::Zone,
    ) -> Result<(), Error> {
        let m = self.meeting_mut(id).ok_or(Error::MeetingNotFound)?;
        let clock = m.clock.as_mut().ok_or(Error::MeetingNotStarted)?;
        clock.pause(now);
        m.ended_at.get_or_insert(now);
        let thanks: Vec<ProposedStep> = self
            .propose_next_steps(id, zone)
            .into_iter()
            .filter(|p| p.follow_up.kind == super::followups::FollowUpKind::ThankYou)
            .collect();
        self.make_steps(id, thanks, ProposedStep::ticked_by_default, now, true);
        Ok(())
    }

    /// The next steps as the wrap-up screen offers them at `now`: those of
    /// [`Notebook::propose_next_steps`], where a step ticked again after it
    /// was turned down is due today at the earliest, not on a day long
    /// past.
    pub fn wrap_up_steps(
        &self,
        meeting_id: Id,
        now: Timestamp,
        zone: &impl super::calendar::Zone,
    ) -> Vec<ProposedStep> {
        let today = super::calendar::local_date(now, zone);
        let mut steps = self.propose_next_steps(meeting_id, zone);
        for step in steps.iter_mut().filter(|s| s.turned_down()) {
            step.follow_up.due = step.follow_up.due.max(today);
        }
        steps
    }

    /// The next steps a held meeting calls for: a thank-you within a day,
    /// the help offered, and reaching out to each referral.
    pub fn propose_next_steps(
        &self,
        meeting_id: Id,
        zone: &impl super::calendar::Zone,
    ) -> Vec<ProposedStep> {
        use super::calendar::local_date;
        use super::followups::{FollowUp, FollowUpKind, referral_schedule, thank_you_due};
        let Some(m) = self.meeting(meeting_id) else {
            return Vec::new();
        };
        let ended = m.ended_at.unwrap_or(m.created_at);
        let name = self
            .contact_id_name(m)
            .unwrap_or_else(|| m.contact_name.clone());
        let thank_by = thank_you_due(ended, zone);
        let step = |kind, contact_id, due, notes: String, summary: String| ProposedStep {
            decided: m.steps_decided.contains(&(kind, contact_id)),
            existing: self
                .follow_ups
                .iter()
                .find(|f| {
                    f.meeting_id == Some(m.id) && f.kind == kind && f.contact_id == contact_id
                })
                .map(|f| (f.id, f.done_at.is_some())),
            follow_up: FollowUp {
                contact_id,
                meeting_id: Some(m.id),
                kind,
                due,
                notes,
                ..FollowUp::default()
            },
            summary,
        };
        let mut steps = vec![step(
            FollowUpKind::ThankYou,
            m.contact_id,
            thank_by,
            String::new(),
            format!("Thank {name}"),
        )];
        if !m.help_offered.trim().is_empty() {
            steps.push(step(
                FollowUpKind::OfferHelp,
                m.contact_id,
                thank_by,
                m.help_offered.trim().to_string(),
                format!("Follow through on the help offered to {name}"),
            ));
        }
        for rid in &m.referrals {
            if let Some(r) = self.contact(*rid) {
                // Counted from when the referral was made, as goals count
                // it: a meeting may end after midnight.
                let (first, _) =
                    referral_schedule(local_date(r.referred_at.unwrap_or(ended), zone));
                // Someone the user knew already was suggested, not
                // introduced (see `link_referral`).
                let (note, how) = if r.referred_by.is_some() && r.referred_by == m.contact_id {
                    ("Referred", "referred")
                } else {
                    ("Suggested", "suggested")
                };
                steps.push(step(
                    FollowUpKind::ContactReferral,
                    Some(r.id),
                    first,
                    format!("{note} by {name}"),
                    format!("Contact {} ({how} by {name})", r.name),
                ));
            }
        }
        steps
    }

    fn contact_id_name(&self, m: &Meeting) -> Option<String> {
        m.contact_id
            .and_then(|id| self.contact(id))
            .map(|c| c.name.clone())
    }

    /// Stores the steps the user kept out of `proposals` (those not
    /// decided before). Every proposal shown counts as decided from now on,
    /// kept or not, so saving again adds only what is new, such as a
    /// referral captured since. A step already in the follow-ups and still
    /// open is removed when the user unticks it.
    pub fn confirm_next_steps(
        &mut self,
        meeting_id: Id,
        proposals: Vec<ProposedStep>,
        keep: impl Fn(&ProposedStep) -> bool,
        now: Timestamp,
    ) {
        self.make_steps(meeting_id, proposals, keep, now, false);
    }

    /// As [`Notebook::confirm_next_steps`]; `same_everywhere` gives new
    /// follow-ups an id worked out from the meeting and the step, for the
    /// thank-you made as the meeting ends: a meeting ended on a phone and a
    /// laptop, both offline, then syncs to one thank-you, not two. Steps
    /// ticked later in the wrap-up take fresh ids, so that one deleted and
    /// ticked again never takes the id an Undo would put the old one back
    /// under.
    fn make_steps(
        &mut self,
        meeting_id: Id,
        proposals: Vec<ProposedStep>,
        keep: impl Fn(&ProposedStep) -> bool,
        now: Timestamp,
        same_everywhere: bool,
    ) {
        let mut decided = Vec::new();
        for p in proposals {
            let key = p.key();
            if let Some((existing, done)) = p.existing {
                if !done && !keep(&p) {
                    self.delete_follow_up(existing);
                }
                decided.push(key);
                continue;
            }
            // Once decided, a step is only made again when ticked again.
            if decided.contains(&key) || (p.decided && !keep(&p)) {
                continue;
            }
            // Proposals read before another save (a second tap, another
            // tab) must not make the same follow-up twice.
            let made = self
                .follow_ups
                .iter()
                .any(|f| f.meeting_id == Some(meeting_id) && (f.kind, f.contact_id) == key);
            if keep(&p) && !made {
                let mut f = p.follow_up;
                let same =
                    super::ids::derived_id(&[meeting_id, step_number(key.0), key.1.unwrap_or(0)]);
                // Records of other kinds have keys of their own (`DocKey`).
                f.id = if !same_everywhere || self.follow_ups.iter().any(|f| f.id == same) {
                    self.alloc_id()
                } else {
                    same
                };
                f.meeting_id = Some(meeting_id);
                f.created_at = now;
                self.follow_ups.push(f);
            }
            decided.push(key);
        }
        if let Some(m) = self.meeting_mut(meeting_id) {
            for key in decided {
                if !m.steps_decided.contains(&key) {
                    m.steps_decided.push(key);
                }
            }
        }
    }
}

/// A step's kind as a number of its own, not its place in `FollowUpKind`,
/// which a later version may reorder: derived ids must not change.
fn step_number(kind: super::followups::FollowUpKind) -> u64 {
    use super::followups::FollowUpKind;
    match kind {
        FollowUpKind::ThankYou => 1,
        FollowUpKind::OfferHelp => 2,
        FollowUpKind::FollowUp => 3,
        FollowUpKind::ContactReferral => 4,
        FollowUpKind::Other => 5,
    }
}

#[cfg(test)]
mod flow_tests {
    use super::*;
    use crate::domain::calendar::FixedZone;
    use crate::domain::clock::Phase;
    use crate::domain::followups::FollowUpKind;
    use crate::domain::{ListKind, MINUTE_MS, Notebook};
    use chrono::NaiveDate;

    // 2026-11-23 09:00 UTC, a Monday.
    const T0: Timestamp = 1_795_424_400_000;

    fn with_ana() -> (Notebook, Id) {
        crate::domain::notebook::tests::with_contact("Ana", ListKind::A, T0)
    }

    #[test]
    fn a_meeting_ended_on_two_devices_makes_the_same_follow_ups_there() {
        let (mut nb, ana) = with_ana();
        let id = nb.start_meeting_now(ana, T0).unwrap();
        nb.add_referral(id, "Ben", "", T0 + MINUTE_MS).unwrap();
        // The same notebook on a phone and a laptop, both offline.
        let (mut phone, mut laptop) = (nb.clone(), nb);
        phone
            .end_meeting(id, T0 + 30 * MINUTE_MS, &FixedZone(0))
            .unwrap();
        laptop
            .end_meeting(id, T0 + 31 * MINUTE_MS, &FixedZone(0))
            .unwrap();
        let thanks = |nb: &Notebook| -> Vec<Id> {
            nb.follow_ups
                .iter()
                .filter(|f| f.kind == FollowUpKind::ThankYou)
                .map(|f| f.id)
                .collect()
        };
        assert_eq!(thanks(&phone).len(), 1);
        assert_eq!(thanks(&phone), thanks(&laptop));
        // Deleted, ticked again in the wrap-up, then the delete undone: the
        // one put back and the new one are two follow-ups.
        let first = thanks(&phone)[0];
        let removed = phone.delete_follow_up(first).unwrap();
        let steps = phone.wrap_up_steps(id, T0 + 32 * MINUTE_MS, &FixedZone(0));
        phone.confirm_next_steps(id, steps, |_| true, T0 + 32 * MINUTE_MS);
        phone.restore(removed);
        let now = thanks(&phone);
        assert_eq!(now.len(), 2, "{now:?}");
        assert!(now.contains(&first));
        // Another meeting's thank-you is another record.
        let again = laptop.start_meeting_now(ana, T0 + 60 * MINUTE_MS).unwrap();
        laptop
            .end_meeting(again, T0 + 90 * MINUTE_MS, &FixedZone(0))
            .unwrap();
        let both = thanks(&laptop);
        assert_eq!(both.len(), 2);
        assert_ne!(both[0], both[1]);
    }

    #[test]
    fn planning_needs_an_existing_contact_and_keeps_the_name() {
        let (mut nb, ana) = with_ana();
        assert_eq!(
            nb.plan_meeting(Meeting::default(), T0),
            Err(Error::NoContact)
        );
        let mut plan = Meeting {
            contact_id: Some(ana),
            questions: vec!["Who else?".into(), "  ".into()],
            ..Meeting::default()
        };
        // A plan without a time would be listed at the moment it was made.
        assert_eq!(nb.plan_meeting(plan.clone(), T0), Err(Error::NoMeetingTime));
        plan.scheduled_at = Some(T0);
        let id = nb.plan_meeting(plan, T0).unwrap();
        let m = nb.meeting(id).unwrap();
        assert_eq!(m.contact_name, "Ana");
        assert_eq!(m.questions, ["Who else?"]);
        assert_eq!(m.status(), MeetingStatus::Planned);
    }

    #[test]
    fn a_started_meeting_survives_a_reload_with_the_right_time() {
        let (mut nb, ana) = with_ana();
        let id = nb.start_meeting_now(ana, T0).unwrap();
        let json = serde_json::to_string(&nb).unwrap();
        let back: Notebook = serde_json::from_str(&json).unwrap();
        let clock = back.meeting(id).unwrap().clock.clone().unwrap();
        assert_eq!(clock.remaining_ms(T0 + 25 * MINUTE_MS), 5 * MINUTE_MS);
        assert_eq!(clock.phase(T0 + 25 * MINUTE_MS), Phase::WrapUp);
        // Starting again does not restart the clock.
        let mut nb = back;
        nb.start_meeting(id, T0 + 10 * MINUTE_MS).unwrap();
        assert_eq!(
            nb.meeting(id).unwrap().clock.as_ref().unwrap().started_at,
            T0
        );
    }

    #[test]
    fn referrals_become_contacts_referred_by_the_person_met() {
        let (mut nb, ana) = with_ana();
        let id = nb.start_meeting_now(ana, T0).unwrap();
        let ben = nb.add_referral(id, "Ben", "", T0).unwrap();
        let cara = nb.add_referral(id, "Cara", "Acme", T0).unwrap();
        let dan = nb.add_referral(id, "Dan", " acme ", T0).unwrap();
        assert_eq!(nb.add_referral(id, " ", "", T0), Err(Error::EmptyName));
        assert_eq!(
            nb.add_referral(id, " ", "Orphan Inc", T0),
            Err(Error::EmptyName)
        );
        let b = nb.contact(ben).unwrap();
        assert_eq!(
            (b.referred_by, b.list, b.organization),
            (Some(ana), ListKind::B, None)
        );
        let c = nb.contact(cara).unwrap();
        assert_eq!(c.list, ListKind::C);
        assert_eq!(nb.organizations.len(), 1, "the same organization is reused");
        assert_eq!(nb.contact(dan).unwrap().organization, c.organization);
        assert_eq!(nb.meeting(id).unwrap().referrals, [ben, cara, dan]);
    }

    #[test]
    fn start_meeting_with_someone_goes_on_with_their_running_or_planned_one() {
        let (mut nb, ana) = with_ana();
        // Planned for 09:30 with a question of our own; started at 09:40.
        let planned = nb
            .plan_meeting(
                Meeting {
                    contact_id: Some(ana),
                    scheduled_at: Some(T0),
                    questions: vec!["What would you read first?".into()],
                    ..Meeting::default()
                },
                T0 - crate::domain::HOUR_MS,
            )
            .unwrap();
        let started = nb.start_meeting_now(ana, T0 + 10 * MINUTE_MS).unwrap();
        assert_eq!(started, planned);
        assert_eq!(
            nb.meeting(started).unwrap().status(),
            MeetingStatus::InProgress
        );
        // Tapping it again later returns the same meeting, notes and all.
        nb.meeting_mut(started).unwrap().notes = "Knows the CTO".into();
        assert_eq!(
            nb.start_meeting_now(ana, T0 + 20 * MINUTE_MS).unwrap(),
            started
        );
        assert_eq!(nb.meetings.len(), 1);
        // A plan for next week is not today's coffee: a new meeting starts.
        nb.end_meeting(started, T0 + 40 * MINUTE_MS, &FixedZone(0))
            .unwrap();
        let next_week = nb
            .plan_meeting(
                Meeting {
                    contact_id: Some(ana),
                    scheduled_at: Some(T0 + 7 * crate::domain::DAY_MS),
                    ..Meeting::default()
                },
                T0,
            )
            .unwrap();
        let fresh = nb
            .start_meeting_now(ana, T0 + crate::domain::HOUR_MS)
            .unwrap();
        assert!(fresh != started && fresh != next_week);
        assert_eq!(
            nb.meeting(next_week).unwrap().status(),
            MeetingStatus::Planned
        );
    }

    #[test]
    fn a_referral_made_before_midnight_counts_from_its_own_day() {
        // Thursday 2026-03-19, 23:40 in a zone at +01:00; the meeting ends
        // at 00:10 on Friday.
        let zone = FixedZone(60);
        let thursday_late = utc_ms(2026, 3, 19, 22, 40);
        let (mut nb, ana) = with_ana();
        let id = nb
            .start_meeting_now(ana, thursday_late - 20 * MINUTE_MS)
            .unwrap();
        nb.add_referral(id, "Ben", "", thursday_late).unwrap();
        nb.end_meeting(id, thursday_late + 30 * MINUTE_MS, &zone)
            .unwrap();
        let steps = nb.propose_next_steps(id, &zone);
        let referral = steps
            .iter()
            .find(|s| s.follow_up.kind == FollowUpKind::ContactReferral)
            .unwrap();
        // Three business days after Thursday is Tuesday, not Wednesday.
        assert_eq!(
            referral.follow_up.due,
            NaiveDate::from_ymd_opt(2026, 3, 24).unwrap()
        );
        // The thank-you is owed the day after the meeting ended (Friday).
        assert_eq!(
            steps[0].follow_up.due,
            NaiveDate::from_ymd_opt(2026, 3, 21).unwrap()
        );
    }

    fn utc_ms(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> Timestamp {
        NaiveDate::from_ymd_opt(y, mo, d)
            .unwrap()
            .and_hms_opt(h, mi, 0)
            .unwrap()
            .and_utc()
            .timestamp_millis()
    }

    #[test]
    fn ending_proposes_thanks_help_and_referral_follow_ups() {
        let (mut nb, ana) = with_ana();
        let id = nb.start_meeting_now(ana, T0).unwrap();
        let ben = nb.add_referral(id, "Ben", "", T0).unwrap();
        nb.meeting_mut(id).unwrap().help_offered = "Send her my market notes".into();
        nb.end_meeting(id, T0 + 30 * MINUTE_MS, &FixedZone(0))
            .unwrap();
        let m = nb.meeting(id).unwrap();
        assert_eq!(m.status(), MeetingStatus::Held);
        assert!(m.clock.as_ref().unwrap().is_paused());

        let steps = nb.propose_next_steps(id, &FixedZone(0));
        let kinds: Vec<FollowUpKind> = steps.iter().map(|s| s.follow_up.kind).collect();
        assert_eq!(
            kinds,
            [
                FollowUpKind::ThankYou,
                FollowUpKind::OfferHelp,
                FollowUpKind::ContactReferral
            ]
        );
        // Thank-you within 24 hours; the referral within 3 business days.
        assert_eq!(
            steps[0].follow_up.due,
            NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
        );
        assert_eq!(
            steps[2].follow_up.due,
            NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
        );
        assert_eq!(steps[2].follow_up.contact_id, Some(ben));
        assert_eq!(steps[1].follow_up.notes, "Send her my market notes");

        // The user turns down the offer-of-help reminder.
        nb.confirm_next_steps(
            id,
            steps,
            |p| p.follow_up.kind != FollowUpKind::OfferHelp,
            T0,
        );
        assert_eq!(nb.follow_ups.len(), 2);
        assert!(nb.follow_ups.iter().all(|f| f.meeting_id == Some(id)));

        // Later: the thank-you is snoozed, the referral one deleted, and a
        // second referral noted; then the wrap-up is saved again.
        nb.follow_ups[0].snoozed_until = NaiveDate::from_ymd_opt(2026, 11, 25);
        let gone = nb.follow_ups[1].id;
        nb.delete_follow_up(gone);
        let cy = nb.add_referral(id, "Cy", "", T0).unwrap();
        let again = nb.propose_next_steps(id, &FixedZone(0));
        assert_eq!(again.iter().filter(|p| !p.decided).count(), 1);
        nb.confirm_next_steps(id, again, ProposedStep::ticked_by_default, T0);
        let kept: Vec<(FollowUpKind, Option<Id>)> = nb
            .follow_ups
            .iter()
            .map(|f| (f.kind, f.contact_id))
            .collect();
        assert_eq!(
            kept,
            [
                (FollowUpKind::ThankYou, Some(ana)),
                (FollowUpKind::ContactReferral, Some(cy))
            ],
            "nothing removed or turned down comes back; only the new referral is added"
        );
        assert_eq!(
            nb.follow_ups[0].snoozed_until,
            NaiveDate::from_ymd_opt(2026, 11, 25),
            "an edited follow-up is kept as the user left it"
        );
        assert_eq!(nb.meeting(id).unwrap().steps_decided.len(), 4);
    }

    #[test]
    fn an_ended_meeting_cannot_restart() {
        let (mut nb, ana) = with_ana();
        let id = nb.start_meeting_now(ana, T0).unwrap();
        nb.end_meeting(id, T0 + MINUTE_MS, &FixedZone(0)).unwrap();
        assert_eq!(
            nb.start_meeting(id, T0 + 2 * MINUTE_MS),
            Err(Error::MeetingEnded)
        );
    }
}

#[cfg(test)]
mod wrap_up_tests {
    use super::*;
    use crate::domain::calendar::FixedZone;
    use crate::domain::followups::FollowUpKind;
    use crate::domain::{Contact, ListKind, MINUTE_MS, Notebook};

    const T0: Timestamp = 1_795_424_400_000;

    fn running() -> (Notebook, Id, Id) {
        let mut nb = Notebook::default();
        let ana = nb
            .add_contact(
                Contact {
                    name: "Ana".into(),
                    list: ListKind::B,
                    ..Contact::default()
                },
                T0,
            )
            .unwrap();
        let id = nb.start_meeting_now(ana, T0).unwrap();
        (nb, ana, id)
    }

    #[test]
    fn proposed_steps_read_as_the_checklist_shows_them() {
        let step = |decided, existing| ProposedStep {
            follow_up: crate::domain::followups::FollowUp {
                due: chrono::NaiveDate::from_ymd_opt(2026, 1, 2).unwrap(),
                ..Default::default()
            },
            summary: "Thank Ana".into(),
            decided,
            existing,
        };
        assert_eq!(step(false, None).describe(), "Thank Ana by Fri 2 Jan");
        assert!(!step(false, None).locked());
        assert_eq!(
            step(true, Some((1, false))).describe(),
            "Thank Ana by Fri 2 Jan (in your follow-ups)"
        );
        assert!(!step(true, Some((1, false))).locked());
        assert_eq!(step(true, Some((1, true))).describe(), "Thank Ana (done)");
        assert!(step(true, Some((1, true))).locked());
        assert_eq!(
            step(true, None).describe(),
            "Thank Ana by Fri 2 Jan (not in your follow-ups)"
        );
        assert!(step(true, None).turned_down() && !step(true, None).locked());
        assert!(!step(true, None).ticked_by_default());
        // What a changed tick will do.
        assert_eq!(step(false, None).pending(true), None);
        assert_eq!(step(true, Some((1, false))).pending(true), None);
        assert_eq!(
            step(true, Some((1, false))).pending(false),
            Some("Saving removes it from your follow-ups.")
        );
        assert_eq!(
            step(true, None).pending(true),
            Some("Saving adds it to your follow-ups.")
        );
        assert_eq!(step(true, None).pending(false), None);
    }

    #[test]
    fn a_step_ticked_again_weeks_later_is_due_from_then() {
        let (mut nb, _, id) = running();
        nb.end_meeting(id, T0, &FixedZone(0)).unwrap();
        nb.delete_follow_up(nb.follow_ups[0].id);
        let later = T0 + 21 * crate::domain::DAY_MS;
        let steps = nb.wrap_up_steps(id, later, &FixedZone(0));
        assert_eq!(
            steps[0].describe(),
            "Thank Ana by Mon 14 Dec (not in your follow-ups)"
        );
        nb.confirm_next_steps(id, steps, |_| true, later);
        assert_eq!(
            nb.follow_ups[0].due,
            chrono::NaiveDate::from_ymd_opt(2026, 12, 14).unwrap()
        );
        // A step still to decide keeps the day it was due.
        let (nb, _, id) = running();
        let steps = nb.wrap_up_steps(id, later, &FixedZone(0));
        assert_eq!(
            steps[0].follow_up.due,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
        );
    }

    #[test]
    fn a_step_turned_down_can_be_ticked_again_later() {
        let (mut nb, ana, id) = running();
        nb.end_meeting(id, T0, &FixedZone(0)).unwrap();
        let steps = nb.propose_next_steps(id, &FixedZone(0));
        nb.confirm_next_steps(id, steps, |_| false, T0);
        assert!(nb.follow_ups.is_empty());
        // Saved again untouched: still nothing.
        let steps = nb.propose_next_steps(id, &FixedZone(0));
        nb.confirm_next_steps(id, steps, ProposedStep::ticked_by_default, T0);
        assert!(nb.follow_ups.is_empty());
        // Ticked at "Edit wrap-up": the thank-you is back, once.
        let steps = nb.propose_next_steps(id, &FixedZone(0));
        nb.confirm_next_steps(id, steps.clone(), |_| true, T0);
        nb.confirm_next_steps(id, steps, |_| true, T0);
        let thanks: Vec<_> = nb
            .follow_ups
            .iter()
            .map(|f| (f.kind, f.contact_id))
            .collect();
        assert_eq!(thanks, [(FollowUpKind::ThankYou, Some(ana))]);
    }

    #[test]
    fn ending_creates_the_thank_you_at_once_and_only_once() {
        let (mut nb, ana, id) = running();
        nb.end_meeting(id, T0 + 30 * MINUTE_MS, &FixedZone(0))
            .unwrap();
        let thanks: Vec<_> = nb
            .follow_ups
            .iter()
            .filter(|f| f.kind == FollowUpKind::ThankYou)
            .collect();
        assert_eq!(thanks.len(), 1);
        assert_eq!(thanks[0].contact_id, Some(ana));
        assert_eq!(thanks[0].meeting_id, Some(id));
        // Ending again (a second tap) and saving the wrap-up add nothing.
        nb.end_meeting(id, T0 + 31 * MINUTE_MS, &FixedZone(0))
            .unwrap();
        let steps = nb.propose_next_steps(id, &FixedZone(0));
        assert!(steps[0].existing.is_some_and(|(_, done)| !done));
        nb.confirm_next_steps(id, steps, ProposedStep::ticked_by_default, T0);
        assert_eq!(nb.follow_ups.len(), 1);
    }

    #[test]
    fn the_wrap_up_can_drop_the_thank_you_made_at_the_end() {
        let (mut nb, _, id) = running();
        nb.end_meeting(id, T0, &FixedZone(0)).unwrap();
        let steps = nb.propose_next_steps(id, &FixedZone(0));
        nb.confirm_next_steps(
            id,
            steps,
            |p| p.follow_up.kind != FollowUpKind::ThankYou,
            T0,
        );
        assert!(nb.follow_ups.is_empty());
        let again = nb.propose_next_steps(id, &FixedZone(0));
        assert!(again[0].decided && again[0].existing.is_none());
    }

    #[test]
    fn a_done_step_is_never_removed_by_the_wrap_up() {
        let (mut nb, _, id) = running();
        nb.end_meeting(id, T0, &FixedZone(0)).unwrap();
        let fid = nb.follow_ups[0].id;
        nb.complete_follow_up(fid, T0 + MINUTE_MS, chrono::NaiveDate::default());
        let steps = nb.propose_next_steps(id, &FixedZone(0));
        assert_eq!(steps[0].existing, Some((fid, true)));
        nb.confirm_next_steps(id, steps, |_| false, T0);
        assert_eq!(nb.follow_ups.len(), 1);
    }

    #[test]
    fn a_known_person_is_linked_as_a_referral_not_added_twice() {
        let (mut nb, ana, id) = running();
        let dev = nb
            .add_contact(
                Contact {
                    name: "Dev Patel".into(),
                    list: ListKind::C,
                    ..Contact::default()
                },
                T0,
            )
            .unwrap();
        nb.link_referral(id, dev, T0 + MINUTE_MS).unwrap();
        nb.link_referral(id, dev, T0 + MINUTE_MS).unwrap();
        let d = nb.contact(dev).unwrap();
        assert_eq!(
            (d.referred_by, d.referred_at),
            (Some(ana), Some(T0 + MINUTE_MS))
        );
        assert_eq!(nb.meeting(id).unwrap().referrals, [dev]);
        assert_eq!(nb.contacts.len(), 2);
        // The person met is never their own referral's referrer.
        nb.link_referral(id, ana, T0).unwrap();
        assert_eq!(nb.contact(ana).unwrap().referred_by, None);
    }

    #[test]
    fn a_referral_to_someone_already_known_leaves_how_they_are_known() {
        let (mut nb, ana, id) = running();
        let person = |nb: &mut Notebook, name: &str, list| {
            nb.add_contact(
                Contact {
                    name: name.into(),
                    list,
                    ..Contact::default()
                },
                T0,
            )
            .unwrap()
        };
        // A friend, and a colleague the user has had coffee with.
        let friend = person(&mut nb, "Sam Lee", ListKind::A);
        let met = person(&mut nb, "Ola Berg", ListKind::B);
        nb.start_meeting_now(met, T0 - 86_400_000).unwrap();
        // Someone at a target employer the user has never spoken to.
        let stranger = person(&mut nb, "Kim Roy", ListKind::C);
        for who in [friend, met, stranger] {
            nb.link_referral(id, who, T0 + MINUTE_MS).unwrap();
        }
        let referred_by = |who| nb.contact(who).unwrap().referred_by;
        assert_eq!(
            [referred_by(friend), referred_by(met), referred_by(stranger)],
            [None, None, Some(ana)]
        );
        assert_eq!(nb.meeting(id).unwrap().referrals, [friend, met, stranger]);
        // The next steps say the same: only the stranger was introduced.
        nb.end_meeting(id, T0 + 30 * MINUTE_MS, &FixedZone(0))
            .unwrap();
        let summaries: Vec<String> = nb
            .propose_next_steps(id, &FixedZone(0))
            .into_iter()
            .filter(|s| s.follow_up.kind == FollowUpKind::ContactReferral)
            .map(|s| s.summary)
            .collect();
        assert_eq!(
            summaries,
            [
                "Contact Sam Lee (suggested by Ana)",
                "Contact Ola Berg (suggested by Ana)",
                "Contact Kim Roy (referred by Ana)",
            ]
        );
    }

    #[test]
    fn questions_are_ticked_off_only_when_planned() {
        let (mut nb, _, id) = running();
        nb.meeting_mut(id).unwrap().questions = vec!["Who else?".into(), "How?".into()];
        nb.mark_question_asked(id, "How?", true);
        nb.mark_question_asked(id, "Not planned", true);
        nb.mark_question_asked(id, "How?", true);
        let m = nb.meeting(id).unwrap();
        assert_eq!(m.questions_asked, ["How?"]);
        assert_eq!(
            m.question_checklist(),
            [("Who else?".to_string(), false), ("How?".to_string(), true)]
        );
        nb.mark_question_asked(id, "How?", false);
        assert!(nb.meeting(id).unwrap().questions_asked.is_empty());
    }

    #[test]
    fn only_a_meeting_not_yet_started_can_be_edited() {
        let mut nb = Notebook::default();
        let ana = nb
            .add_contact(
                Contact {
                    name: "Ana".into(),
                    ..Contact::default()
                },
                T0,
            )
            .unwrap();
        let ben = nb
            .add_contact(
                Contact {
                    name: "Ben".into(),
                    ..Contact::default()
                },
                T0,
            )
            .unwrap();
        let id = nb
            .plan_meeting(
                Meeting {
                    contact_id: Some(ana),
                    scheduled_at: Some(T0),
                    ..Meeting::default()
                },
                T0,
            )
            .unwrap();
        let mut edited = nb.meeting(id).unwrap().clone();
        edited.scheduled_at = None;
        assert_eq!(
            nb.edit_planned_meeting(edited.clone()),
            Err(Error::NoMeetingTime)
        );
        edited.scheduled_at = Some(T0);
        edited.contact_id = Some(ben);
        edited.place = "Library".into();
        edited.questions = vec![" Who else? ".into(), String::new()];
        nb.edit_planned_meeting(edited.clone()).unwrap();
        let m = nb.meeting(id).unwrap();
        assert_eq!(
            (m.contact_name.as_str(), m.place.as_str()),
            ("Ben", "Library")
        );
        assert_eq!(m.questions, ["Who else?"]);
        edited.contact_id = None;
        assert_eq!(
            nb.edit_planned_meeting(edited.clone()),
            Err(Error::NoContact)
        );
        edited.contact_id = Some(ben);
        nb.start_meeting(id, T0).unwrap();
        assert_eq!(nb.edit_planned_meeting(edited), Err(Error::MeetingStarted));
    }
}
