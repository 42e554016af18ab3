//! Why a change to the notebook was refused.
//!
//! One enum for every rule, so callers match on what went wrong and tests
//! check the rule rather than its wording; `Display` is the sentence the
//! user reads.

use super::clock::MAX_LENGTH_MIN;

/// A change the notebook's rules refuse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    /// A contact, organization, event or person met needs a name.
    EmptyName,
    /// Another organization has that name (ignoring case and spacing):
    /// its people and ways in would be split over two.
    OrganizationExists,
    /// A contact named as their own referrer.
    ReferredBySelf,
    /// The chosen referrer was introduced through this contact.
    ReferralLoop,
    /// A contact or organization that was deleted meanwhile.
    RecordNotFound,
    /// A contact a meeting or referral points at was deleted meanwhile.
    ContactGone,
    MeetingNotFound,
    /// A meeting needs someone to meet.
    NoContact,
    /// A planned meeting needs a day and time.
    NoMeetingTime,
    /// A started meeting's plan is kept as it was.
    MeetingStarted,
    MeetingNotStarted,
    MeetingEnded,
    EventNotFound,
    FollowUpNotFound,
    /// A follow-up needs someone it is with.
    FollowUpNoContact,
    FollowUpDone,
    /// Snoozing has to put a follow-up off, so the day must be in the future.
    SnoozeNotAfterToday,
    /// The follow-up is due on that day or later already.
    SnoozeNotLater,
    /// The meeting's phases: the pitch needs a minute at least.
    PitchTooShort,
    ReferralsBeforePitchEnds,
    WrapUpBeforeReferrals,
    EndBeforeWrapUp,
    /// Longer than [`MAX_LENGTH_MIN`].
    MeetingTooLong,
    /// A typed email address with a slip in it (see `contacts::check_typed`).
    EmailLooksWrong,
    /// A typed phone number with a slip in it.
    PhoneLooksWrong,
    /// A date outside [`FIRST_YEAR`]..=[`LAST_YEAR`]: a slip of the year.
    DateOutOfRange,
    /// An introduction dated after today.
    IntroducedInFuture,
    /// A journal note changed to nothing.
    NoteEmpty,
    /// A new journal note added with nothing in it.
    NoteNotWritten,
}

/// The earliest and latest years a date in the notebook may have.
pub const FIRST_YEAR: i32 = 1970;
pub const LAST_YEAR: i32 = 2100;

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Error::EmptyName => "Please enter a name.",
            Error::OrganizationExists => {
                "An organization by that name is already in your notebook: add to that one, or tell them apart in the name."
            }
            Error::ReferredBySelf => "A contact cannot be referred by themselves.",
            Error::ReferralLoop => {
                "That referrer was introduced through this contact; choose who really introduced you."
            }
            Error::RecordNotFound => "This record no longer exists.",
            Error::ContactGone => "That contact no longer exists.",
            Error::MeetingNotFound => "This meeting no longer exists.",
            Error::NoContact => "Choose who you are meeting.",
            Error::NoMeetingTime => "Choose the day and time of the meeting.",
            Error::MeetingStarted => {
                "This meeting has already started, so its plan can no longer be changed."
            }
            Error::MeetingNotStarted => "This meeting has not started.",
            Error::MeetingEnded => "This meeting has already ended.",
            Error::EventNotFound => "This event no longer exists.",
            Error::FollowUpNotFound => "This follow-up no longer exists.",
            Error::FollowUpNoContact => "Choose who this follow-up is with.",
            Error::FollowUpDone => "This follow-up is already done.",
            Error::SnoozeNotAfterToday => "Choose a day after today to snooze until.",
            Error::SnoozeNotLater => {
                "It is due on that day or later already: choose a later day to put it off."
            }
            Error::PitchTooShort => "The pitch needs at least one minute.",
            Error::ReferralsBeforePitchEnds => {
                "Asking for referrals has to start after the pitch ends."
            }
            Error::WrapUpBeforeReferrals => "Wrapping up has to start after asking for referrals.",
            Error::EndBeforeWrapUp => "The meeting has to end after wrapping up starts.",
            Error::EmailLooksWrong => {
                "Check the email address: it should look like name@example.com."
            }
            Error::PhoneLooksWrong => {
                "Check the phone number: use digits, spaces and + ( ) - . only."
            }
            Error::DateOutOfRange => {
                return write!(
                    f,
                    "Check the year: dates go from {FIRST_YEAR} to {LAST_YEAR}."
                );
            }
            Error::IntroducedInFuture => "An introduction cannot be dated after today.",
            Error::NoteEmpty => "Write something, or delete the note.",
            Error::NoteNotWritten => "Write the note first, then add it.",
            Error::MeetingTooLong => {
                return write!(f, "A meeting can last at most {MAX_LENGTH_MIN} minutes.");
            }
        })
    }
}

impl Error {
    /// The labels of the form fields this rule is about, as the forms
    /// name them; the first one a form has is the one to put right.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Error::EmptyName | Error::OrganizationExists => &[
                "Name",
                "Name of the person",
                "Referral's name",
                "New organization's name",
            ],
            Error::ReferredBySelf | Error::ReferralLoop => &["Referred by"],
            Error::IntroducedInFuture => &["Introduced on (optional)"],
            Error::NoteEmpty => &["Note"],
            Error::NoteNotWritten => &["New note"],
            Error::NoContact | Error::FollowUpNoContact => &["Contact"],
            Error::NoMeetingTime => &["Date and time"],
            Error::EmailLooksWrong => &["Email"],
            Error::PhoneLooksWrong => &["Phone"],
            Error::DateOutOfRange => &["Date", "Date and time", "Due", "Introduced on (optional)"],
            Error::PitchTooShort => &["Pitch ends at minute"],
            Error::ReferralsBeforePitchEnds => &["Referrals from minute"],
            Error::WrapUpBeforeReferrals => &["Wrap-up at minute"],
            Error::EndBeforeWrapUp | Error::MeetingTooLong => &["Meeting length in minutes"],
            _ => &[],
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_meeting_is_named_in_minutes() {
        assert_eq!(
            Error::MeetingTooLong.to_string(),
            "A meeting can last at most 120 minutes."
        );
    }
}
