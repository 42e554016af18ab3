//! The Leptos front end: app shell, routes and screens.

mod browser;
mod components;
mod drafts;
mod forms;
mod hooks;
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
use pages::conflicts::ConflictsPage;
use pages::contacts::{ContactDetailPage, ContactsPage, EditContactPage, NewContactPage};
use pages::events::{EditEventPage, EventPage, EventsPage, NewEventPage};
use pages::follow_ups::{EditFollowUpPage, FollowUpsPage, NewFollowUpPage};
use pages::goals::GoalsPage;
use pages::journal::JournalPage;
use pages::meetings::{
    EditMeetingPage, MeetingLivePage, MeetingPage, MeetingsPage, PlanMeetingPage, WrapUpPage,
};
use pages::organizations::{
    EditOrganizationPage, NewOrganizationPage, OrganizationDetailPage, OrganizationsPage,
};
use pages::{
    data::DataPage, not_found::NotFound, pitch::PitchPage, pitch::practice::PracticePage,
    today::TodayPage,
};

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
                        <Route path=path!("/contacts") view=ContactsPage />
                        <Route path=path!("/contacts/new") view=NewContactPage />
                        <Route path=path!("/contacts/:id") view=ContactDetailPage />
                        <Route path=path!("/contacts/:id/edit") view=EditContactPage />
                        <Route path=path!("/organizations") view=OrganizationsPage />
                        <Route path=path!("/organizations/new") view=NewOrganizationPage />
                        <Route path=path!("/organizations/:id") view=OrganizationDetailPage />
                        <Route path=path!("/organizations/:id/edit") view=EditOrganizationPage />
                        <Route path=path!("/meetings") view=MeetingsPage />
                        <Route path=path!("/meetings/new") view=PlanMeetingPage />
                        <Route path=path!("/meetings/:id") view=MeetingPage />
                        <Route path=path!("/meetings/:id/edit") view=EditMeetingPage />
                        <Route path=path!("/meetings/:id/live") view=MeetingLivePage />
                        <Route path=path!("/meetings/:id/wrap-up") view=WrapUpPage />
                        <Route path=path!("/pitch") view=PitchPage />
                        <Route path=path!("/pitch/practice") view=PracticePage />
                        <Route path=path!("/data") view=DataPage />
                        <Route path=path!("/conflicts") view=ConflictsPage />
                        <Route path=path!("/follow-ups") view=FollowUpsPage />
                        <Route path=path!("/goals") view=GoalsPage />
                        <Route path=path!("/journal") view=JournalPage />
                        <Route path=path!("/events") view=EventsPage />
                        <Route path=path!("/events/new") view=NewEventPage />
                        <Route path=path!("/events/:id") view=EventPage />
                        <Route path=path!("/events/:id/edit") view=EditEventPage />
                        <Route path=path!("/follow-ups/new") view=NewFollowUpPage />
                        <Route path=path!("/follow-ups/:id/edit") view=EditFollowUpPage />
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
