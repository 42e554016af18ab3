//! The user's preferences: speaking pace, meeting phases, last backup.

use serde::{Deserialize, Serialize};

use super::clock::PhasePlan;
use super::pitch::DEFAULT_WORDS_PER_MINUTE;
use super::{Error, Notebook, Timestamp};

/// Preferences the user can adjust.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Speaking pace used to time the pitch.
    pub words_per_minute: u32,
    /// When the meeting's phases begin.
    pub plan: PhasePlan,
    /// When the user last saved or shared a backup (`None`: never).
    #[serde(default)]
    pub last_backup_at: Option<Timestamp>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            words_per_minute: DEFAULT_WORDS_PER_MINUTE,
            plan: PhasePlan::default(),
            last_backup_at: None,
        }
    }
}

impl Notebook {
    /// Keeps new meeting phases if they come in order (see
    /// [`PhasePlan::validate`]); otherwise the stored ones stay.
    pub fn set_phase_plan(&mut self, plan: PhasePlan) -> Result<(), Error> {
        plan.validate()?;
        self.settings.plan = plan;
        Ok(())
    }

    /// Notes that a backup was just saved or shared, for the reminder.
    pub fn backup_made(&mut self, now: Timestamp) {
        self.settings.last_backup_at = Some(now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_out_of_order_are_refused_and_the_old_ones_kept() {
        let mut nb = Notebook::default();
        let bad = PhasePlan {
            pitch_end_min: 0,
            ..PhasePlan::default()
        };
        assert_eq!(nb.set_phase_plan(bad), Err(Error::PitchTooShort));
        assert_eq!(nb.settings.plan, PhasePlan::default());
        let longer = PhasePlan {
            length_min: 45,
            ..PhasePlan::default()
        };
        assert_eq!(nb.set_phase_plan(longer.clone()), Ok(()));
        assert_eq!(nb.settings.plan, longer);
    }
}
