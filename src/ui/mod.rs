//! The Leptos front end: app shell, routes and screens.

mod browser;
mod components;
mod drafts;
mod forms;
mod hooks;
mod lazy;
mod pages;
mod router;
mod state;
mod sync;
mod undo;

use leptos::prelude::*;

use crate::domain::route::{Route as Address, Screen};
use crate::domain::today_snapshot::TodaySnapshot;
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
/// Going back moves it to the link to the screen left instead, when the
/// screen has one (a list's row), so the user is where they were.
#[component]
fn Shell(children: Children) -> impl IntoView {
    let here = router::use_here();
    let in_meeting = move || here.read().ends_with("/live");
    Effect::new(move |previous: Option<String>| {
        let path = here.get();
        if let Some(previous) = previous.filter(|p| *p != path) {
            lazy::note_navigation();
            browser::note_move(previous, &path);
            request_animation_frame(lazy::focus_main_heading);
        }
        path
    });
    view! { <div class="shell" class:in-meeting=in_meeting>{children()}</div> }
}

/// Starts the app in the page. Someone coming from a version that stored
/// the notebook whole first fetches the part that reads it.
pub fn start() {
    wasm_bindgen_futures::spawn_local(async {
        lazy::fetch_upgrader().await;
        // Compiling and starting the wasm is one task already; building the
        // app in the same one would make a single long task that a phone
        // cannot answer a tap during. Today drawn from its snapshot is built
        // at once: its work is split already (the notebook is read in a
        // task after its first frame), and a hop here delays that frame.
        // With a snapshot, the store's code is fetched once Today is painted
        // (`state::provide_app_state`): fetched and compiled sooner, it held
        // up that paint by 15 to 30 ms, and the notebook was read no sooner.
        let early = state::early_today().or_else(state::empty_today);
        if early.is_none() {
            // Records are read before anything is drawn: the store's code
            // first. Should it not come, Today says so.
            let _ = lazy::fetch_store().await;
            browser::next_task().await;
        }
        leptos::mount::mount_to_body(move || view! { <App early /> });
    });
}

/// The whole application: shared state, banners, routes and navigation.
/// `early` is Today's snapshot to draw first, if there is one.
#[component]
pub fn App(early: Option<TodaySnapshot>) -> impl IntoView {
    let app = state::provide_app_state(early);
    sync::provide_sync(app);
    browser::watch_history();
    router::provide_here();
    // Not needed for Today, nor sooner.
    browser::after_paint(|| {
        let _ = lazy::screen_styles();
    });
    let problem =
        Memo::new(move |_| app.problem.read().is_some() || !app.recovery_keys.read().is_empty());
    view! {
        <Shell>
            <div class="banners">
                {move || problem.get().then(lazy::problem_banner)}
                {move || app.opened.get().then(lazy::open_banners)}
                {lazy::update_banner()}
            </div>
            <main id="main" class="screen">
                <Screens />
            </main>
            <UndoBar />
            <BottomNav />
        </Shell>
    }
}

/// The screen the address names, built again whenever the address names
/// another screen or another record.
///
/// The router's `<Routes>` is left out: the app reads the address itself
/// (`domain::route`), and its route matching and view switching weighed
/// more in the first download than the whole of this.
#[component]
fn Screens() -> impl IntoView {
    let here = router::use_here();
    let route = Memo::new(move |_| Address::parse(&here.read()));
    move || {
        let screen = route.get().screen;
        // Reads while a screen is built must not rebuild it through here.
        untrack(move || screen_view(screen))
    }
}

fn screen_view(screen: Screen) -> AnyView {
    match screen {
        Screen::Today if !state::use_app_state().is_open() && !has_early_today() => {
            lazy::store_missing()
        }
        Screen::Today => view! { <TodayPage /> }.into_any(),
        Screen::Contacts => Contacts(),
        Screen::NewContact => NewContact(),
        Screen::ContactDetail => ContactDetail(),
        Screen::EditContact => EditContact(),
        Screen::Organizations => Organizations(),
        Screen::NewOrganization => NewOrganization(),
        Screen::OrganizationDetail => OrganizationDetail(),
        Screen::EditOrganization => EditOrganization(),
        Screen::Meetings => Meetings(),
        Screen::PlanMeeting => PlanMeeting(),
        Screen::Meeting => Meeting(),
        Screen::EditMeeting => EditMeeting(),
        Screen::MeetingLive => MeetingLive(),
        Screen::WrapUp => WrapUp(),
        Screen::Pitch => Pitch(),
        Screen::Practice => Practice(),
        Screen::Data => Data(),
        Screen::Conflicts => Conflicts(),
        Screen::FollowUps => FollowUps(),
        Screen::NewFollowUp => NewFollowUp(),
        Screen::EditFollowUp => EditFollowUp(),
        Screen::Goals => Goals(),
        Screen::Journal => Journal(),
        Screen::Events => Events(),
        Screen::NewEvent => NewEvent(),
        Screen::Event => Event(),
        Screen::EditEvent => EditEvent(),
        Screen::NotFound => view! { <NotFound /> }.into_any(),
    }
}

/// Whether Today is drawn from its snapshot while the notebook is read.
fn has_early_today() -> bool {
    state::use_app_state()
        .early_today
        .with_untracked(Option::is_some)
}

/// The id in the current address, read once when a page is built: a page
/// is built again when the address names another record.
pub(crate) fn id_param() -> Option<crate::domain::Id> {
    let location = leptos_router::hooks::use_location();
    Address::parse(&location.pathname.read_untracked()).id
}

/// A value from the address's query (`?contact=3`), as the screen being
/// built sees it.
///
/// Read from the router's location, as [`id_param`] is: `use_query_map`
/// follows the matched route's own copy of the address, which is updated
/// only after the new screen is built, so a screen opened a second time
/// would read the query of the address before.
pub(crate) fn query_param(name: &str) -> Option<String> {
    leptos_router::hooks::use_location()
        .query
        .read_untracked()
        .get(name)
}
