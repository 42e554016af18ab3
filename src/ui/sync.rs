//! Sync in the browser: the settings kept on this device, `fetch` as the
//! replicator's transport, and when runs happen (on opening, after a change,
//! on coming back online, and every minute while the app is on screen).

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::browser::{navigator_request, now_ms, page_visible, random_seed};
use super::lazy::PartMissing;
use super::state::AppState;
use crate::storage::local::LocalStore;
use crate::storage::store::SYNC_SETTINGS_KEY as SETTINGS_KEY;
use crate::storage::sync_docs::RecordDocs;
use crate::storage::{KeyValueStore, StoreError};
use crate::sync::{
    self, LocalError, Method, Request, Response, SyncError, SyncOptions, SyncSettings, Transport,
    TransportError,
};

/// Present while changes made on this device may not have been sent: from
/// a save until a run that leaves nothing to send. Kept across reloads, so
/// that a page opened offline says what it knows rather than guessing.
const UNSENT_KEY: &str = "rapport.sync.unsent";
/// A change is sent once typing has paused this long.
const AFTER_CHANGE: Duration = Duration::from_secs(2);
/// How often the other device's changes are fetched while on screen.
const EVERY: Duration = Duration::from_secs(60);
/// A request that takes longer than this is given up (a server that
/// accepts connections but never answers would otherwise hang the run).
const REQUEST_TIMEOUT_MS: u32 = 60_000;

/// What the Sync section shows, shared through context.
#[derive(Clone, Copy)]
pub struct SyncState {
    pub settings: RwSignal<SyncSettings>,
    pub running: RwSignal<bool>,
    /// The last run's failure, in plain words.
    pub error: RwSignal<Option<String>>,
    /// Local changes the last run could not send yet, or made since.
    pub waiting: RwSignal<bool>,
    /// Documents on the server this version could not read.
    pub skipped: RwSignal<usize>,
    /// The last failure will not go away by waiting (a wrong password, a
    /// missing database, CORS, full storage): worth a banner on every screen.
    pub needs_user: RwSignal<bool>,
    again: StoredValue<bool>,
}

fn settings_text(settings: &SyncSettings) -> String {
    // Plain strings and numbers: serialising cannot fail.
    serde_json::to_string(settings).unwrap_or_default()
}

impl SyncState {
    /// Keeps `settings` on this device and, if sync is on, runs it now.
    pub fn save_settings(&self, app: AppState, settings: SyncSettings) -> Result<(), StoreError> {
        LocalStore.set(SETTINGS_KEY, &settings_text(&settings))?;
        let on = settings.on;
        // A database not synced with yet has been sent nothing.
        if on && settings.last_synced.is_none() {
            let _ = LocalStore.set(UNSENT_KEY, "1");
            self.waiting.set(true);
        }
        self.settings.set(settings);
        self.error.set(None);
        self.needs_user.set(false);
        if on {
            self.sync_now(app);
        }
        Ok(())
    }

    /// Stops syncing. Every record stays on this device; the password is
    /// forgotten.
    pub fn turn_off(&self, app: AppState) -> Result<(), StoreError> {
        let mut settings = self.settings.get_untracked();
        settings.on = false;
        settings.password.clear();
        self.save_settings(app, settings)
    }

    /// Runs a sync now, or once more after the one under way. Sync is on
    /// only once the notebook is open (its settings are read with it), so
    /// the run's code comes with the record store's (`lazy::StoreCode`).
    pub fn sync_now(&self, app: AppState) {
        if let Some(code) = super::lazy::store_code() {
            (code.sync_now)(*self, app);
        }
    }

    /// [`sync_now`](Self::sync_now), from the store's part.
    pub(super) fn run_now(&self, app: AppState) {
        if self.running.get_untracked() {
            self.again.set_value(true);
            return;
        }
        let settings = self.settings.get_untracked();
        self.running.set(true);
        app.save_now();
        let state = *self;
        // A save made while the run is under way may not be in it.
        let writes = app.writes.get_untracked();
        leptos::task::spawn_local(async move {
            let outcome = match sync_engine().await {
                Ok(run) => run(app, state, settings).await,
                Err(PartMissing) => Err(Failed {
                    message: "Sync could not start: its part of Rapport is not on this device \
                              yet. It is fetched once you are online."
                        .into(),
                    needs_user: false,
                }),
            };
            let _ = state.running.try_set(false);
            match outcome {
                Ok(ran) => {
                    state.error.set(None);
                    state.needs_user.set(false);
                    let sent_all = ran.pending == 0 && app.writes.get_untracked() == writes;
                    state.waiting.set(!sent_all);
                    if sent_all {
                        let _ = LocalStore.remove(UNSENT_KEY);
                    }
                    state.skipped.set(ran.skipped);
                }
                // What waits to be sent is what waited before: a failed run
                // sends nothing, and adds nothing either.
                Err(failed) => {
                    state.error.set(Some(failed.message));
                    state.needs_user.set(failed.needs_user);
                }
            }
            if state.again.get_value() {
                state.again.set_value(false);
                state.run_now(app);
            }
        });
    }
}

/// What a finished run leaves to show.
struct Ran {
    pending: usize,
    skipped: usize,
}

/// Why a run stopped, in plain words.
struct Failed {
    message: String,
    needs_user: bool,
}

impl From<SyncError> for Failed {
    fn from(e: SyncError) -> Self {
        let needs_user = !matches!(
            e,
            SyncError::Unreachable(_) | SyncError::Server { .. } | SyncError::Malformed(_)
        );
        Failed {
            message: e.to_string(),
            needs_user,
        }
    }
}

/// One sync run, from the part of the wasm that holds the replicator.
type RunSync =
    fn(AppState, SyncState, SyncSettings) -> Pin<Box<dyn Future<Output = Result<Ran, Failed>>>>;

// The replicator, revision trees and `fetch` transport are only needed with
// sync on, so they are a part of their own, fetched on the first run.
#[leptos::wasm_split::wasm_split(sync, wasm_split_path = ::leptos::wasm_split, fallible)]
fn sync_engine() -> Result<RunSync, PartMissing> {
    Ok(|app, state, settings| {
        Box::pin(async move {
            let ran = run_with(app, settings).await?;
            // The settings as they are now: they may have changed during
            // the run. Only the time shown would be lost if this fails.
            let mut settings = state.settings.get_untracked();
            settings.last_synced = Some(now_ms());
            let _ = LocalStore.set(SETTINGS_KEY, &settings_text(&settings));
            state.settings.set(settings);
            Ok(ran)
        })
    })
}

/// A run with `settings`, once they are found usable (checked here, in
/// sync's own part, as the settings screen does).
async fn run_with(app: AppState, settings: SyncSettings) -> Result<Ran, Failed> {
    let endpoint = settings.endpoint().map_err(|e| Failed {
        message: e.to_string(),
        needs_user: true,
    })?;
    let transport = FetchTransport {
        endpoint,
        authorization: settings.authorization(),
    };
    run(app, transport).await
}

/// One run, when it is this device's turn. Another window of the app
/// syncing at the same time would read and rewrite the same revision trees
/// and lose the other's writes, so runs take turns through a Web Lock,
/// which the browser hands on when a window closes mid-run. Where Web Locks
/// are missing, the run goes ahead alone.
async fn run(app: AppState, transport: FetchTransport) -> Result<Ran, Failed> {
    let Some((locks, request)) = navigator_request("locks") else {
        return run_alone(app, &transport).await;
    };
    let outcome = Rc::new(RefCell::new(None));
    let slot = Rc::clone(&outcome);
    // The lock is held until the promise this returns settles.
    let with_turn = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
        wasm_bindgen_futures::future_to_promise(async move {
            let ran = run_alone(app, &transport).await;
            *slot.borrow_mut() = Some(ran);
            Ok(JsValue::UNDEFINED)
        })
        .into()
    });
    if let Ok(waiting) = request.call2(&locks, &JsValue::from_str("rapport-sync"), &with_turn) {
        let _ = JsFuture::from(js_sys::Promise::from(waiting)).await;
    }
    let taken = outcome.borrow_mut().take();
    match taken {
        Some(ran) => ran,
        // The browser refused the lock (the callback never ran).
        None => Err(Failed {
            message: "Sync could not take its turn on this device. Try again.".into(),
            needs_user: false,
        }),
    }
}

async fn run_alone(app: AppState, transport: &FetchTransport) -> Result<Ran, Failed> {
    // What this device cannot save (written by a newer version, unreadable
    // with no room to set it aside) sync must not write over either.
    let _ = super::lazy::fetch_store().await;
    app.ensure_open();
    if !app.is_writable() {
        return Err(Failed {
            message: "Sync waits until this device can save its notebook again: the message at the top of the screen says why.".into(),
            needs_user: false,
        });
    }
    let mut ran = run_once(app, transport).await;
    // Records pulled come before what storage holds only to save time or a
    // choice: that goes, and the run picks up where it stopped.
    while matches!(ran, Err(SyncError::Local(LocalError::Full))) && app.free_room() {
        ran = run_once(app, transport).await;
    }
    match ran {
        Err(SyncError::Unreachable(_)) => Err(unreachable_reason(&transport.endpoint).await),
        ran => ran.map_err(Failed::from),
    }
}

async fn run_once(app: AppState, transport: &FetchTransport) -> Result<Ran, SyncError> {
    let mut docs = RecordDocs::open(LocalStore, || format!("{:016x}", random_seed()))
        .map_err(SyncError::Local)?;
    docs.prepare().map_err(SyncError::Local)?;
    let now = now_ms();
    let options = SyncOptions::new(format!("{now}-{:08x}", random_seed() as u32), now);
    let result = sync::sync(&mut docs, transport, &options).await;
    // Whatever the run got to is stored: show it, even after a failure.
    let touched = docs.take_touched();
    for key in &touched.keys {
        app.take_external(key, false);
    }
    result.map(|_| Ran {
        pending: sync::pending_push(&docs, transport).unwrap_or(0),
        skipped: touched.skipped.len(),
    })
}

/// Tells apart the reasons a server gives no usable answer, as far as a
/// browser can: offline, a server that answers but does not allow this
/// app (CORS), or no server at that address.
async fn unreachable_reason(endpoint: &str) -> Failed {
    let waiting = |message: &str| Failed {
        message: message.to_string(),
        needs_user: false,
    };
    let Some(window) = web_sys::window() else {
        return SyncError::Unreachable(String::new()).into();
    };
    if !window.navigator().on_line() {
        return waiting(
            "You are offline. Your changes are kept here and sync when you are back online.",
        );
    }
    let init = web_sys::RequestInit::new();
    init.set_mode(web_sys::RequestMode::NoCors);
    init.set_signal(timeout_signal(10_000).as_ref());
    let answered = JsFuture::from(window.fetch_with_str_and_init(endpoint, &init))
        .await
        .is_ok();
    if answered {
        let origin = window.location().origin().unwrap_or_default();
        Failed {
            message: format!(
                "The server answered, but it does not allow this app to use it. \
                 Turn on CORS on the server for {origin}: in CouchDB's settings, set \
                 enable_cors to true under [chttpd] and origins to {origin} under [cors]."
            ),
            needs_user: true,
        }
    } else {
        waiting(
            "Could not reach the sync server. Check the address, and that the server is running.",
        )
    }
}

/// A signal that aborts a request after `ms`, where the browser has
/// `AbortSignal.timeout` (older ones simply wait).
fn timeout_signal(ms: u32) -> Option<web_sys::AbortSignal> {
    let class = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("AbortSignal")).ok()?;
    let timeout: js_sys::Function = js_sys::Reflect::get(&class, &JsValue::from_str("timeout"))
        .ok()?
        .dyn_into()
        .ok()?;
    timeout
        .call1(&class, &JsValue::from(ms))
        .ok()?
        .dyn_into()
        .ok()
}

/// A remote database over the browser's `fetch`.
struct FetchTransport {
    endpoint: String,
    authorization: String,
}

fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "no answer".into())
}

impl FetchTransport {
    fn url(&self, request: &Request) -> String {
        let mut url = self.endpoint.clone();
        if !request.path.is_empty() {
            url.push('/');
            url.push_str(&request.path);
        }
        for (i, (key, value)) in request.query.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.push_str(&String::from(js_sys::encode_uri_component(key)));
            url.push('=');
            url.push_str(&String::from(js_sys::encode_uri_component(value)));
        }
        url
    }
}

impl Transport for FetchTransport {
    fn endpoint(&self) -> String {
        self.endpoint.clone()
    }

    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let error = |e: JsValue| TransportError(describe(&e));
        let headers = web_sys::Headers::new().map_err(error)?;
        headers.set("Accept", "application/json").map_err(error)?;
        headers
            .set("Authorization", &self.authorization)
            .map_err(error)?;
        let init = web_sys::RequestInit::new();
        init.set_method(match request.method {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
        });
        if let Some(body) = &request.body {
            headers
                .set("Content-Type", "application/json")
                .map_err(error)?;
            init.set_body(&JsValue::from_str(&body.to_string()));
        }
        init.set_headers(&headers);
        init.set_mode(web_sys::RequestMode::Cors);
        // Basic authentication travels in the header; no cookies.
        init.set_credentials(web_sys::RequestCredentials::Omit);
        init.set_cache(web_sys::RequestCache::NoStore);
        init.set_signal(timeout_signal(REQUEST_TIMEOUT_MS).as_ref());
        let window = web_sys::window().ok_or_else(|| TransportError("no window".into()))?;
        let response: web_sys::Response =
            JsFuture::from(window.fetch_with_str_and_init(&self.url(&request), &init))
                .await
                .map_err(error)?
                .dyn_into()
                .map_err(error)?;
        let status = response.status();
        let text = JsFuture::from(response.text().map_err(error)?)
            .await
            .map_err(error)?
            .as_string()
            .unwrap_or_default();
        Ok(Response {
            status,
            body: serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
        })
    }
}

/// Provides `SyncState` and starts runs when they are due.
pub fn provide_sync(app: AppState) -> SyncState {
    let state = SyncState {
        settings: app.sync_settings,
        running: RwSignal::new(false),
        error: RwSignal::new(None),
        waiting: RwSignal::new(LocalStore.get(UNSENT_KEY).ok().flatten().is_some()),
        skipped: RwSignal::new(0),
        needs_user: RwSignal::new(false),
        again: StoredValue::new(false),
    };
    provide_context(state);
    let due = move || state.settings.with_untracked(|s| s.on) && page_visible();
    // On opening, once the first screen is up and the notebook (with the
    // settings) is read. A first visit has no settings to read.
    set_timeout(
        move || {
            if super::state::nothing_stored() {
                return;
            }
            app.once_open(move |open| {
                if open && due() {
                    state.sync_now(app);
                }
            });
        },
        Duration::from_millis(500),
    );
    // After a change was saved here, once typing pauses.
    Effect::new(move |first: Option<()>| {
        let writes = app.writes.get();
        if first.is_none() {
            return;
        }
        if !state.waiting.get_untracked() {
            let _ = LocalStore.set(UNSENT_KEY, "1");
        }
        state.waiting.set(true);
        set_timeout(
            move || {
                if app.writes.get_untracked() == writes && due() {
                    state.sync_now(app);
                }
            },
            AFTER_CHANGE,
        );
    });
    let _ = window_event_listener(leptos::ev::online, move |_| {
        if due() {
            state.sync_now(app);
        }
    });
    let _ = window_event_listener(
        leptos::ev::Custom::<web_sys::Event>::new("visibilitychange"),
        move |_| {
            if due() {
                state.sync_now(app);
            }
        },
    );
    let _ = set_interval_with_handle(
        move || {
            if due() && !state.running.get_untracked() {
                state.sync_now(app);
            }
        },
        EVERY,
    );
    state
}

/// The shared `SyncState`.
pub fn use_sync() -> SyncState {
    expect_context::<SyncState>()
}
