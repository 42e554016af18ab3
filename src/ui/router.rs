//! The router, started once Today is painted and the notebook read.
//!
//! Today is the only screen drawn before the router's part arrives, and it
//! needs no more of the router than the address it opened on: the router
//! (following links, writing history, Back) is a part of its own, fetched
//! then or with another screen, and every other screen waits for it as it
//! waits for the record store. The code in the first download reads the address
//! through [`use_here`], which follows the router's once it is started.

use std::cell::{Cell, RefCell};

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::lazy::PartMissing;

/// The path of the screen shown (`/contacts/3`), shared through context.
#[derive(Clone, Copy)]
struct Here(RwSignal<String>);

/// Starts the router in `owner`, the app's root, keeping its [`Here`] in
/// step with the router's location and going to `pending` first, if a link
/// was followed before the router was here. Lives in the router's part.
type Start = fn(Owner, Option<String>);

thread_local! {
    /// The app's root owner, where the router is started.
    static ROOT: RefCell<Option<Owner>> = const { RefCell::new(None) };
    /// Whether the router is started.
    static STARTED: Cell<bool> = const { Cell::new(false) };
    /// A link followed before the router was started.
    static PENDING: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Provides the address for the code in the first download, from the page's
/// address until the router is started. Call in the app's root component,
/// whose owner the router is started in.
pub(crate) fn provide_here() {
    let here = RwSignal::new(page_path());
    provide_context(Here(here));
    ROOT.with(|root| *root.borrow_mut() = Owner::current());
    hold_early_clicks(here);
    let _ = window_event_listener(leptos::ev::popstate, move |_| {
        if !is_started() {
            here.set(page_path());
        }
    });
}

/// The path in the page's address, Today's if it cannot be read.
fn page_path() -> String {
    super::browser::page_path().unwrap_or_else(|| "/".into())
}

/// The path of the screen shown.
pub(crate) fn use_here() -> ReadSignal<String> {
    expect_context::<Here>().0.read_only()
}

/// Whether the router is started: no screen but Today is drawn before.
pub(crate) fn is_started() -> bool {
    STARTED.get()
}

#[::leptos::wasm_split::wasm_split(router, wasm_split_path = ::leptos::wasm_split, fallible)]
fn router_part() -> Result<Start, PartMissing> {
    Ok(start)
}

/// Fetches the router's part and starts it, in the background: called once
/// Today is painted and the notebook, if there is one to read, is read.
/// Until then a link tapped on Today is held (see [`hold_early_clicks`]).
pub(crate) fn fetch_soon() {
    spawn_local(async {
        let _ = fetch_router().await;
    });
}

/// Fetches the router's part and starts the router, once.
pub(crate) async fn fetch_router() -> Result<(), PartMissing> {
    if is_started() {
        return Ok(());
    }
    let start = router_part().await?;
    if !is_started()
        && let Some(owner) = ROOT.with(|root| root.borrow().clone())
    {
        STARTED.set(true);
        start(owner, PENDING.take());
    }
    Ok(())
}

/// A link to one of the app's screens followed before the router is
/// started is held and followed by the router once it is: without this the
/// browser would load the address as a new page, which a static host
/// without a fallback to the app answers with "not found" on a first visit.
fn hold_early_clicks(here: RwSignal<String>) {
    let _ = window_event_listener(leptos::ev::click, move |ev| {
        if is_started()
            || ev.default_prevented()
            || ev.button() != 0
            || ev.meta_key()
            || ev.ctrl_key()
            || ev.shift_key()
            || ev.alt_key()
        {
            return;
        }
        let link = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("a[href]").ok().flatten())
            .filter(|a| !a.has_attribute("target") && !a.has_attribute("download"));
        let Some(href) = link
            .and_then(|a| a.get_attribute("href"))
            .filter(|h| h.starts_with('/') && !h.starts_with("//"))
        else {
            return;
        };
        ev.prevent_default();
        PENDING.set(Some(href));
        spawn_local(async move {
            // Without the router's part (offline on a first visit, with
            // no service worker), the screen is shown without it: it says
            // it is not on this device, and Back still returns.
            if fetch_router().await.is_err()
                && let (Some(href), Some(w)) = (PENDING.take(), web_sys::window())
                && let Ok(history) = w.history()
                && history
                    .push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href))
                    .is_ok()
            {
                w.scroll_to_with_x_and_y(0.0, 0.0);
                here.set(page_path());
            }
        });
    });
}

/// The [`Start`] the router's part hands over.
fn start(owner: Owner, pending: Option<String>) {
    use leptos_router::components::{Router, RouterProps};
    use leptos_router::location::{BrowserUrl, LocationProvider};
    owner.with(|| {
        let here = expect_context::<Here>().0;
        // `<Router>` provides its context in the current owner and draws
        // nothing of its own here: the app is drawn already.
        let _ = Router(
            RouterProps::builder()
                .children(ToChildren::to_children(|| ()))
                .build(),
        );
        let location = leptos_router::hooks::use_location();
        let browser = use_context::<BrowserUrl>();
        Effect::new(move |_| {
            let path = location.pathname.get();
            if *here.read_untracked() != path {
                here.set(path);
            }
            // What the router's `<Routes>` would do once the screen a link
            // led to is drawn: write the address into the history.
            if let Some(browser) = &browser {
                browser.ready_to_complete();
            }
        });
        if let Some(href) = pending {
            leptos_router::hooks::use_navigate()(&href, Default::default());
        }
    });
}
