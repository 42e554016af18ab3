//! Information and referral meetings: planned, in progress, and held.

use serde::{Deserialize, Serialize};

use super::clock::MeetingClock;
use super::{Id, Timestamp};

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
    pub notes: String,
    pub clock: Option<MeetingClock>,
    pub ended_at: Option<Timestamp>,
    /// Contacts this person referred the user to during the meeting.
    pub referrals: Vec<Id>,
    pub help_offered: String,
    pub outcome: String,
    pub created_at: Timestamp,
}

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
            notes: String::new(),
            clock: None,
            ended_at: None,
            referrals: Vec::new(),
            help_offered: String::new(),
            outcome: String::new(),
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

    /// The time it is listed under: when it was held, else when planned.
    pub fn sort_time(&self) -> Timestamp {
        self.held_at()
            .or(self.scheduled_at)
            .unwrap_or(self.created_at)
    }
}

/// Questions worth having ready, in the spirit of listening more than talking.
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
    use crate::domain::clock::PhasePlan;

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
