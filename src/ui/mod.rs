//! The Leptos front end: app shell, routes and screens.

mod browser;
mod components;
mod drafts;
mod forms;
mod hooks;
mod lazy;
mod pages;
mod state;
mod sync;
mod undo;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use components::banners::{
    ConflictBanner, ProblemBanner, QuotaBanner, SaveErrorBanner, UpdateBanner,
};
use components::nav::BottomNav;
use components::undo::UndoBar;
use pages::{not_found::NotFound, today::TodayPage};

// Every screen but Today is fetched on first visit (see `lazy`).
lazy::lazy_screens! {
    Contacts: contacts => pages::contacts::ContactsPage,
    NewContact: contacts => pages::contacts::NewContactPage,
    ContactDetail: contacts => pages::contacts::ContactDetailPage,
    EditContact: contacts => pages::contacts::EditContactPage,
    Organizations: contacts => pages::organizations::OrganizationsPage,
    NewOrganization: contacts => pages::organizations::NewOrganizationPage,
    OrganizationDetail: contacts => pages::organizations::OrganizationDetailPage,
    EditOrganization: contacts => pages::organizations::EditOrganizationPage,
    Meetings: meetings => pages::meetings::MeetingsPage,
    PlanMeeting: meetings => pages::meetings::PlanMeetingPage,
    Meeting: meetings => pages::meetings::MeetingPage,
    EditMeeting: meetings => pages::meetings::EditMeetingPage,
    WrapUp: meetings => pages::meetings::WrapUpPage,
    MeetingLive: meetings => pages::meetings::MeetingLivePage,
    Pitch: pitch => pages::pitch::PitchPage,
    Practice: pitch => pages::pitch::practice::PracticePage,
    Data: data => pages::data::DataPage,
    Conflicts: more => pages::conflicts::ConflictsPage,
    FollowUps: more => pages::follow_ups::FollowUpsPage,
    NewFollowUp: more => pages::follow_ups::NewFollowUpPage,
    EditFollowUp: more => pages::follow_ups::EditFollowUpPage,
    Goals: more => pages::goals::GoalsPage,
    Journal: more => pages::journal::JournalPage,
    Events: more => pages::events::EventsPage,
    NewEvent: more => pages::events::NewEventPage,
    Event: more => pages::events::EventPage,
    EditEvent: more => pages::events::EditEventPage,
}

pub use state::AppState;

/// The page frame. Meeting mode takes the whole screen, so the navigation
/// is left out there; after every change of screen, focus moves to the new
/// screen's heading so keyboard and screen-reader users start at the top.
#[component]
fn Shell(children: Children) -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let in_meeting = move || location.pathname.read().ends_with("/live");
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.as_ref().is_some_and(|p| *p != path) {
            lazy::note_navigation();
            request_animation_frame(browser::focus_main_heading);
        }
        path
    });
    view! { <div class="shell" class:in-meeting=in_meeting>{children()}</div> }
}

/// The whole application: shared state, banners, routes and navigation.
#[component]
pub fn App() -> impl IntoView {
    let app = state::provide_app_state();
    sync::provide_sync(app);
    view! {
        <Router>
            <Shell>
                <div class="banners">
                    <ProblemBanner />
                    <SaveErrorBanner />
                    <ConflictBanner />
                    <QuotaBanner />
                    <pages::sync::SyncBanner />
                    <UpdateBanner />
                </div>
                <main id="main" class="screen">
                    <Routes fallback=|| view! { <NotFound /> }>
                        <Route path=path!("/") view=TodayPage />
                        <Route path=path!("/contacts") view=Contacts />
                        <Route path=path!("/contacts/new") view=NewContact />
                        <Route path=path!("/contacts/:id") view=ContactDetail />
                        <Route path=path!("/contacts/:id/edit") view=EditContact />
                        <Route path=path!("/organizations") view=Organizations />
                        <Route path=path!("/organizations/new") view=NewOrganization />
                        <Route path=path!("/organizations/:id") view=OrganizationDetail />
                        <Route path=path!("/organizations/:id/edit") view=EditOrganization />
                        <Route path=path!("/meetings") view=Meetings />
                        <Route path=path!("/meetings/new") view=PlanMeeting />
                        <Route path=path!("/meetings/:id") view=Meeting />
                        <Route path=path!("/meetings/:id/edit") view=EditMeeting />
                        <Route path=path!("/meetings/:id/live") view=MeetingLive />
                        <Route path=path!("/meetings/:id/wrap-up") view=WrapUp />
                        <Route path=path!("/pitch") view=Pitch />
                        <Route path=path!("/pitch/practice") view=Practice />
                        <Route path=path!("/data") view=Data />
                        <Route path=path!("/conflicts") view=Conflicts />
                        <Route path=path!("/follow-ups") view=FollowUps />
                        <Route path=path!("/goals") view=Goals />
                        <Route path=path!("/journal") view=Journal />
                        <Route path=path!("/events") view=Events />
                        <Route path=path!("/events/new") view=NewEvent />
                        <Route path=path!("/events/:id") view=Event />
                        <Route path=path!("/events/:id/edit") view=EditEvent />
                        <Route path=path!("/follow-ups/new") view=NewFollowUp />
                        <Route path=path!("/follow-ups/:id/edit") view=EditFollowUp />
                    </Routes>
                </main>
                <UndoBar />
                <BottomNav />
            </Shell>
        </Router>
    }
}

/// The `:id` of the current route, read once when a page is built.
pub(crate) fn id_param() -> Option<crate::domain::Id> {
    leptos_router::hooks::use_params_map()
        .read_untracked()
        .get("id")
        .and_then(|s| s.parse().ok())
}
