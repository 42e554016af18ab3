//! Screens whose code is fetched the first time they are opened.
//!
//! The release build splits the wasm at every [`lazy_screens!`] entry, so the
//! first load carries the shell and Today only. The service worker precaches
//! every part, so after the first visit each screen opens offline; before
//! that, a part that cannot be fetched shows a message with "Try again"
//! instead of stopping the app.

use std::future::Future;
use std::pin::Pin;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::components::follow_up::{Row, RowAction};
use super::state::AppState;
use super::sync::SyncState;
use crate::domain::today::TodayView;
use crate::storage::repository::Upgrader;

/// Builds a screen's view; lives in the screen's own part of the wasm.
pub(crate) type Screen = fn() -> AnyView;

/// A part of the app could not be fetched (offline before it was cached, or
/// the server failed).
#[derive(Debug, Clone, Copy)]
pub(crate) struct PartMissing;

impl From<leptos::wasm_split::SplitLoaderError> for PartMissing {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        PartMissing
    }
}

type Load = fn() -> Pin<Box<dyn Future<Output = Result<Screen, PartMissing>>>>;

/// One screen loaded on demand; its builder is kept once fetched, so later
/// visits render at once, without a loading step.
pub(crate) struct LazyScreen {
    loaded: OnceLock<Screen>,
    load: Load,
}

impl LazyScreen {
    pub(crate) const fn new(load: Load) -> Self {
        Self {
            loaded: OnceLock::new(),
            load,
        }
    }
}

#[derive(Clone, Copy)]
enum Loading {
    Waiting,
    Ready(Screen),
    Failed,
}

/// Set on the first change of screen: from then on a screen whose code
/// arrives late moves focus to its heading, as the shell does for screens
/// that render at once. The screen the app opens on keeps the page's focus.
static NAVIGATED: AtomicBool = AtomicBool::new(false);

/// Tells late screens that the user has moved between screens.
pub(crate) fn note_navigation() {
    NAVIGATED.store(true, Ordering::Relaxed);
}

/// Fetches `screen`'s code, and the record store and the router if they
/// are not here yet, all at once, keeping the screen's builder once
/// fetched.
async fn fetch(screen: &'static LazyScreen) -> Loading {
    // The part loader shares one fetch of a part between its callers, so
    // these and the waits below are the same fetches.
    if store_opener().is_none() {
        spawn_local(async {
            let _ = fetch_store().await;
        });
    }
    if !super::router::is_started() {
        spawn_local(async {
            let _ = super::router::fetch_router().await;
        });
    }
    let loaded = (screen.load)().await;
    match (
        loaded,
        fetch_store().await,
        super::router::fetch_router().await,
    ) {
        (Ok(build), Ok(_), Ok(())) => {
            let _ = screen.loaded.set(build);
            Loading::Ready(build)
        }
        _ => Loading::Failed,
    }
}

/// Renders `screen`, fetching its code first if this is its first visit.
pub(crate) fn show(screen: &'static LazyScreen) -> AnyView {
    // Every screen but Today reads the whole notebook.
    let app = super::state::use_app_state();
    if let Some(build) = screen.loaded.get()
        && app.ensure_open()
    {
        return build();
    }
    let state = RwSignal::new(Loading::Waiting);
    let start = move || {
        state.set(Loading::Waiting);
        spawn_local(async move {
            let styles = wasm_bindgen_futures::JsFuture::from(screen_styles());
            let outcome = fetch(screen).await;
            let _ = styles.await;
            if matches!(outcome, Loading::Ready(_)) {
                app.ensure_open();
            }
            // `try_set` gives the value back when the user has already left
            // the screen.
            if state.try_set(outcome).is_none()
                && matches!(outcome, Loading::Ready(_))
                && NAVIGATED.load(Ordering::Relaxed)
            {
                request_animation_frame(focus_main_heading);
            }
        });
    };
    start();
    (move || match state.get() {
        Loading::Waiting => view! { <p class="loading" role="status">"Opening…"</p> }.into_any(),
        // The screen's own reads must not rebuild it through this closure.
        Loading::Ready(build) => untrack(build),
        Loading::Failed => not_here(start),
    })
    .into_any()
}

thread_local! {
    /// Settles once the other screens' styles have loaded, or could not.
    static STYLES: std::cell::OnceCell<js_sys::Promise> = const { std::cell::OnceCell::new() };
}

/// Enables the styles of every screen but Today, which the page names
/// disabled so that the first paint neither waits for them nor downloads
/// them (`style/screens.css`), and settles once they have loaded or could
/// not be: a screen then shows with the shared styles rather than not at
/// all. Called just after Today is painted, and before another screen is
/// drawn.
pub(crate) fn screen_styles() -> js_sys::Promise {
    STYLES.with(|styles| {
        styles
            .get_or_init(|| {
                let link = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id("screen-styles"));
                let Some(link) = link else {
                    return js_sys::Promise::resolve(&wasm_bindgen::JsValue::UNDEFINED);
                };
                js_sys::Promise::new(&mut |settle, _| {
                    let _ = link.add_event_listener_with_callback("load", &settle);
                    let _ = link.add_event_listener_with_callback("error", &settle);
                    let _ = link.remove_attribute("disabled");
                })
            })
            .clone()
    })
}

/// Says a screen's code could not be fetched; `again` tries once more.
fn not_here(again: impl Fn() + 'static) -> AnyView {
    view! {
        <h1>"This screen is not on this device yet"</h1>
        <p role="alert">
            "Rapport could not fetch this screen. It is saved for offline use once the app has "
            "loaded fully while online. Your notes are safe. Connect and try again."
        </p>
        <p>
            <button type="button" class="button" on:click=move |_| again()>
                "Try again"
            </button>
        </p>
    }
    .into_any()
}

/// Today when the code that reads records could not be fetched before it
/// was to be drawn: trying again starts the app anew.
pub(crate) fn store_missing() -> AnyView {
    not_here(|| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    })
}

/// Renders `part` where a screen's "Opening…" and failure page would not
/// fit (a banner): nothing while its code is fetched, `missing` if it
/// cannot be.
fn show_quietly(part: &'static LazyScreen, missing: fn() -> AnyView) -> AnyView {
    if let Some(build) = part.loaded.get() {
        return build();
    }
    let state = RwSignal::new(Loading::Waiting);
    spawn_local(async move {
        let _ = state.try_set(fetch(part).await);
    });
    (move || match state.get() {
        Loading::Waiting => ().into_any(),
        Loading::Ready(build) => untrack(build),
        Loading::Failed => missing(),
    })
    .into_any()
}

#[::leptos::wasm_split::wasm_split(problem, wasm_split_path = ::leptos::wasm_split, fallible)]
fn problem_part() -> Result<Screen, PartMissing> {
    Ok(|| view! { <super::components::banners::ProblemBanner /> }.into_any())
}

/// The banner about stored data that needs attention. It is a part of its
/// own: only a start that finds such data needs it.
pub(crate) fn problem_banner() -> AnyView {
    static PART: LazyScreen = LazyScreen::new(|| Box::pin(problem_part()));
    show_quietly(&PART, || {
        view! {
            <section class="banner banner-warn" role="alert">
                <p>
                    "Saved data needs attention, and this device could not fetch the part of \
                     Rapport that explains it. Connect to the internet and reload."
                </p>
            </section>
        }
        .into_any()
    })
}

#[::leptos::wasm_split::wasm_split(worker, wasm_split_path = ::leptos::wasm_split, fallible)]
fn worker_part() -> Result<Screen, PartMissing> {
    Ok(|| view! { <super::components::banners::UpdateBanner /> }.into_any())
}

/// Registers the service worker and offers its updates (the banner saying
/// a new version is ready), once Today is painted. Nothing on screen needs
/// it sooner, and the hook that does it (leptos-use's `use_service_worker`)
/// weighed about 9 KiB of the first download. It is a part of its own,
/// fetched without the record store: a first visit must not wait for, nor
/// fetch, more than Today needs. If it cannot be fetched (offline before
/// anything was cached), there is no worker to register either.
pub(crate) fn update_banner() -> AnyView {
    static PART: LazyScreen = LazyScreen::new(|| Box::pin(worker_part()));
    if let Some(build) = PART.loaded.get() {
        return build();
    }
    let ready = RwSignal::new(None::<Screen>);
    super::browser::after_paint(move || {
        spawn_local(async move {
            if let Ok(build) = (PART.load)().await {
                let _ = PART.loaded.set(build);
                let _ = ready.try_set(Some(build));
            }
        });
    });
    (move || ready.get().map(untrack)).into_any()
}

// Banners about the open notebook and the Undo bar: nothing shows them
// before the notebook is read (a change waits for it), so their code is a
// part fetched with the record store's, not in the first download.
#[::leptos::wasm_split::wasm_split(alerts, wasm_split_path = ::leptos::wasm_split, fallible)]
fn banners_part() -> Result<Screen, PartMissing> {
    use super::components::banners::{ConflictBanner, QuotaBanner, SaveErrorBanner};
    Ok(|| {
        view! {
            <SaveErrorBanner />
            <ConflictBanner />
            <QuotaBanner />
            <super::pages::sync::SyncBanner />
        }
        .into_any()
    })
}

#[::leptos::wasm_split::wasm_split(alerts, wasm_split_path = ::leptos::wasm_split, fallible)]
fn undo_part() -> Result<Screen, PartMissing> {
    Ok(|| view! { <super::components::undo::UndoContent /> }.into_any())
}

/// The banners about the open notebook: a failed save, records changed in
/// two places, storage nearly full, sync stopped. Should their part not
/// come, a failed save is still said.
pub(crate) fn open_banners() -> AnyView {
    static PART: LazyScreen = LazyScreen::new(|| Box::pin(banners_part()));
    show_quietly(&PART, || {
        let state = super::state::use_app_state();
        (move || {
            state.save_error.get().map(|error| {
                view! { <section class="banner banner-error" role="alert"><p>{error}</p></section> }
            })
        })
        .into_any()
    })
}

/// The Undo bar's content. Should its part not come (when the notebook
/// could not be opened either, say), what it has to say is still said.
pub(crate) fn undo_bar() -> AnyView {
    static PART: LazyScreen = LazyScreen::new(|| Box::pin(undo_part()));
    show_quietly(&PART, || {
        let state = super::state::use_app_state();
        (move || {
            state
                .undo
                .read()
                .as_ref()
                .map(|u| view! { <div class="undo-bar"><span>{u.message.clone()}</span></div> })
        })
        .into_any()
    })
}

/// Opens the notebook: reads every record, with the reader of older
/// notebooks if there is one to read.
pub(crate) type Opener = fn(
    crate::domain::Timestamp,
    Option<Upgrader>,
) -> (
    Box<dyn crate::storage::store::Store>,
    crate::storage::Loaded,
);

/// Today computed from the whole notebook at a time, where the user is.
pub(crate) type TodayOf = fn(&crate::domain::Notebook, crate::domain::Timestamp) -> TodayView;

/// The record store's code, as its part hands it over, with the code that
/// runs only once the notebook is open: with a snapshot to draw Today from,
/// none of it is needed before the first paint.
#[derive(Clone, Copy)]
pub(crate) struct StoreCode {
    open: Opener,
    /// With the store because only a notebook read whole is computed
    /// from: until then Today is drawn from its snapshot, or empty.
    today: TodayOf,
    /// `AppState::save`, `save_all` and `take_external`: nothing is saved,
    /// nor taken in from another tab, before the notebook is open.
    pub save: fn(AppState, bool),
    pub save_all: fn(AppState),
    pub take_external: fn(AppState, &str, bool),
    /// `AppState::ensure_open` and `keep_today`, past their first checks.
    pub open_here: fn(AppState),
    pub keep_today: fn(AppState),
    /// What a follow-up's row on Today does: it changes the notebook, so
    /// it waits for it to be open.
    follow_up: fn(Row, RowAction, &web_sys::Event),
    /// `SyncState::sync_now`: sync is on only once the notebook is open.
    pub sync_now: fn(SyncState, AppState),
    /// `AppState::take_undo`: only a change offers an Undo.
    pub take_undo: fn(AppState),
    /// Focus after a change of screen. The first screen keeps the page's
    /// focus, and every other one waits for the store's code.
    focus_main_heading: fn(),
}

/// The [`Opener`] the store's part hands over.
fn open_store(
    now: crate::domain::Timestamp,
    upgrader: Option<Upgrader>,
) -> (
    Box<dyn crate::storage::store::Store>,
    crate::storage::Loaded,
) {
    let (repo, loaded) =
        crate::storage::Repository::open_with(crate::storage::local::LocalStore, now, upgrader);
    (Box::new(repo), loaded)
}

#[::leptos::wasm_split::wasm_split(store, wasm_split_path = ::leptos::wasm_split, fallible)]
fn store_part() -> Result<StoreCode, PartMissing> {
    Ok(StoreCode {
        open: open_store,
        today: |nb, now| crate::domain::today::today(nb, now, &super::browser::BrowserZone),
        save: |app, due_only| app.save_in_store(due_only),
        save_all: |app| app.save_all_in_store(),
        take_external: |app, key, from_other_tab| app.take_external_in_store(key, from_other_tab),
        open_here: |app| app.open_in_store(open_store),
        keep_today: |app| app.keep_today_in_store(),
        follow_up: super::components::follow_up::act,
        focus_main_heading: super::browser::focus_main_heading,
        sync_now: |sync, app| sync.run_now(app),
        take_undo: |app| app.take_undo_in_store(),
    })
}

/// Carries out what a follow-up's row asked for; call once the notebook is
/// open (`AppState::when_open`), when the store's code is here.
pub(crate) fn act_on_follow_up(row: Row, action: RowAction, ev: &web_sys::Event) {
    if let Some(code) = store_code() {
        (code.follow_up)(row, action, ev);
    }
}

/// Moves focus to the new screen's heading (`browser::focus_main_heading`).
/// Without the store's code, only the screen Today could be on, and its
/// failure page, are drawn: focus goes to their heading, if it is not in
/// `main` already.
pub(crate) fn focus_main_heading() {
    if let Some(code) = store_code() {
        (code.focus_main_heading)();
    } else {
        super::browser::focus_first_heading();
    }
}

/// The record store's code, once [`fetch_store`] got it.
pub(crate) fn store_code() -> Option<StoreCode> {
    STORE.get().copied()
}

/// The record store's code, once fetched.
static STORE: OnceLock<StoreCode> = OnceLock::new();

/// The record store's opener, if [`fetch_store`] got it.
pub(crate) fn store_opener() -> Option<Opener> {
    STORE.get().map(|code| code.open)
}

/// What computes Today from the whole notebook, once [`fetch_store`] got it.
pub(crate) fn today_of() -> Option<TodayOf> {
    STORE.get().map(|code| code.today)
}

/// Fetches the record store: the code that reads, merges and writes
/// records. It is a part of its own so that Today can be drawn before it
/// arrives, from its snapshot or, with nothing stored yet, empty; every
/// other screen waits for it.
pub(crate) async fn fetch_store() -> Result<Opener, PartMissing> {
    if let Some(open) = store_opener() {
        return Ok(open);
    }
    let code = store_part().await?;
    let _ = STORE.set(code);
    Ok(code.open)
}

/// The reader of notebooks stored whole by an older Rapport, once fetched.
static UPGRADER: OnceLock<Upgrader> = OnceLock::new();

/// The reader of older notebooks, if [`fetch_upgrader`] got it.
pub(crate) fn upgrader() -> Option<Upgrader> {
    UPGRADER.get().copied()
}

#[::leptos::wasm_split::wasm_split(upgrade, wasm_split_path = ::leptos::wasm_split, fallible)]
fn upgrade_part() -> Result<Upgrader, PartMissing> {
    Ok(crate::storage::envelope::decode)
}

/// Fetches the reader of older notebooks when one is stored, before the
/// notebook is first opened. It is its own part: only someone coming from
/// an older version needs it, once. If it cannot be fetched, opening
/// leaves the old notebook untouched and says so.
pub(crate) async fn fetch_upgrader() {
    use crate::storage::{KeyValueStore, local::LocalStore};
    let old = LocalStore
        .get(crate::storage::repository::DATA_KEY)
        .map_or(true, |text| text.is_some());
    if old && let Ok(read) = upgrade_part().await {
        let _ = UPGRADER.set(read);
    }
}

/// Declares screens loaded on demand: `name: chunk => Component` makes a
/// `fn name() -> AnyView` for the router; screens naming the same chunk
/// share one fetched part.
macro_rules! lazy_screens {
    ($($name:ident : $chunk:ident => $page:path),* $(,)?) => {$(
        #[allow(non_snake_case)]
        pub(crate) fn $name() -> ::leptos::prelude::AnyView {
            #[::leptos::wasm_split::wasm_split(
                $chunk,
                wasm_split_path = ::leptos::wasm_split,
                fallible
            )]
            // Named after the screen: the splitter tells split functions
            // apart by name and the call site's position.
            fn $name() -> Result<$crate::ui::lazy::Screen, $crate::ui::lazy::PartMissing> {
                Ok(|| ::leptos::prelude::IntoAny::into_any(::leptos::prelude::view! { <$page /> }))
            }
            static SCREEN: $crate::ui::lazy::LazyScreen =
                $crate::ui::lazy::LazyScreen::new(|| Box::pin($name()));
            $crate::ui::lazy::show(&SCREEN)
        }
    )*};
}
pub(crate) use lazy_screens;
