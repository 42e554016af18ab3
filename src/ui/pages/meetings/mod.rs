//! Meetings: the list, planning, a meeting's page, meeting mode and the
//! wrap-up.

mod detail;
mod list;
mod live;
mod live_clock;
mod live_notes;
mod live_referrals;
mod plan;
mod wrap_up;

pub use detail::MeetingPage;
pub use list::MeetingsPage;
pub use live::MeetingLivePage;
pub use plan::{EditMeetingPage, PlanMeetingPage};
pub use wrap_up::WrapUpPage;
