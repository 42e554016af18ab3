//! Banners for problems the user must know about: unreadable data, failed
//! saves, and a new version waiting to be used.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::storage::LoadProblem;
use crate::ui::browser::{confirm, download_text, local_date_stamp};
use crate::ui::state::use_app_state;

/// Explains unreadable stored data and offers it as a download.
#[component]
pub fn ProblemBanner() -> impl IntoView {
    let state = use_app_state();
    // Deleting is offered only once the user has a copy.
    let downloaded = RwSignal::new(false);
    let message = move || {
        let problem = state.problem.get();
        let kept = !state.recovery_keys.read().is_empty();
        match problem {
            Some(LoadProblem::Corrupt {
                kept_at: Some(_), ..
            }) => Some(
                "Rapport could not read some data saved in this browser. It has been set aside, \
                 untouched: download it to keep a copy. You can go on working meanwhile."
                    .to_string(),
            ),
            Some(LoadProblem::Corrupt { kept_at: None, .. }) => Some(
                "Rapport could not read some data saved in this browser, and there was no room to \
                 set it aside. Nothing will be saved until you download it and then delete it \
                 from this browser."
                    .to_string(),
            ),
            Some(LoadProblem::TooNew { .. }) => Some(
                "Your data was saved by a newer version of Rapport. Reload to get that version; \
                 this one will not save anything so your data stays as it is."
                    .to_string(),
            ),
            Some(LoadProblem::NewerRecords) => Some(
                "Some records were saved by a newer version of Rapport, in another window or on \
                 another device. Reload to get that version: until then this one saves nothing, \
                 so they stay as they are."
                    .to_string(),
            ),
            Some(LoadProblem::Unavailable(why)) => Some(format!(
                "This browser is not letting Rapport store anything ({why}). Changes will be \
                 lost when you close the app."
            )),
            Some(LoadProblem::NoRoomToUpgrade) => Some(
                "This version of Rapport stores your notebook in a new way, and the browser's \
                 storage is too full to make the change. Your notebook is shown as it was saved, \
                 but nothing new will be saved: export a backup from Data, free some space (for \
                 example other sites' data), then reload."
                    .to_string(),
            ),
            Some(LoadProblem::UpgradeMissing) => Some(
                "Your notebook was saved by an older version of Rapport, and this version could \
                 not fetch the part of the app that moves it to the new way of storing notes. \
                 Your notebook is untouched, and nothing will be saved meanwhile: connect to the \
                 internet and reload."
                    .to_string(),
            ),
            Some(LoadProblem::OldVersionWrote { kept_at }) => Some(format!(
                "Another window is still running an older version of Rapport, and what it saved \
                 was not taken in: close that window, or reload it to update it. {}",
                if kept_at.is_some() {
                    "What it saved is set aside: download it to keep it. It is a backup file, \
                     which Import backup on the Data screen can open."
                } else {
                    "What it saved is left untouched in this browser: there was no room to set \
                     it aside."
                }
            )),
            None if kept => Some(
                "A copy of data Rapport once could not read is still kept in this browser."
                    .to_string(),
            ),
            None => None,
        }
    };
    let unreadable = move || {
        state.problem.track();
        state.has_unreadable()
    };
    let download = move |_| {
        state.ensure_open();
        let text = if state.has_unreadable() {
            state.unreadable_text()
        } else {
            let keys = state.recovery_keys.get_untracked();
            keys.last().and_then(|key| state.recovery_text(key))
        };
        match text {
            Some(text) => {
                let name = format!("rapport-unreadable-{}.txt", local_date_stamp());
                if download_text(&name, "text/plain", &text).is_ok() {
                    downloaded.set(true);
                }
            }
            None => {
                let text = state
                    .notebook
                    .with_untracked(crate::storage::envelope::encode);
                let name = format!("rapport-backup-{}.json", local_date_stamp());
                if download_text(&name, "application/json", &text).is_ok() {
                    downloaded.set(true);
                }
            }
        }
    };
    let discard = move |_| {
        if confirm("Delete the copy of the unreadable data? This cannot be undone.") {
            for key in state.recovery_keys.get_untracked() {
                state.discard_recovery(&key);
            }
        }
    };
    let discard_unreadable = move |_| {
        if confirm(
            "Delete the unreadable data from this browser so Rapport can save again? \
             Keep the file you downloaded.",
        ) {
            state.discard_unreadable();
        }
    };
    view! {
        <Show when=move || message().is_some()>
            <section class="banner banner-warn" role="alert" aria-labelledby="problem-title">
                <p id="problem-title" class="banner-title"><strong>"Saved data needs attention"</strong></p>
                <p>{message}</p>
                <div class="banner-actions">
                    <button type="button" class="btn" on:click=download>
                        "Download saved data"
                    </button>
                    <Show when=move || !state.recovery_keys.read().is_empty()>
                        <button type="button" class="btn btn-quiet" on:click=discard>
                            "Delete the unreadable copy"
                        </button>
                    </Show>
                    <Show when=unreadable>
                        <button
                            type="button"
                            class="btn btn-quiet"
                            on:click=discard_unreadable
                            disabled=move || !downloaded.get()
                        >
                            "Delete it and carry on"
                        </button>
                    </Show>
                </div>
            </section>
        </Show>
    }
}

/// Says when records changed in two places at once wait for a choice.
#[component]
pub fn ConflictBanner() -> impl IntoView {
    let state = use_app_state();
    let count = move || state.conflicts.read().len();
    // The compare screen says it all itself.
    let location = leptos_router::hooks::use_location();
    let elsewhere = move || *location.pathname.read() != "/conflicts";
    view! {
        <Show when=move || { count() > 0 && elsewhere() }>
            <section class="banner banner-warn" role="status">
                <p>
                    {move || match count() {
                        1 => "One record was changed in two places at once. Both versions are kept.".to_string(),
                        n => format!("{n} records were changed in two places at once. Both versions are kept."),
                    }}
                </p>
                <A href="/conflicts" attr:class="btn">"Compare and choose"</A>
            </section>
        </Show>
    }
}

/// Warns when the browser's storage for Rapport is nearly full.
#[component]
pub fn QuotaBanner() -> impl IntoView {
    let state = use_app_state();
    // Measuring reads all of storage, so it is done at start and when a
    // save fails, not on every change; the Data screen shows it exactly.
    let usage = Memo::new(move |_| {
        state.save_error.track();
        state.early_today.track();
        state.usage()
    });
    view! {
        <Show when=move || usage.get().is_some_and(|u| u.nearly_full())>
            <section class="banner banner-warn" role="status">
                <p>
                    {move || usage.get().map(|u| format!(
                        "Storage for Rapport in this browser is {}% full. Export a backup from Data to keep your notebook safe.",
                        u.percent()
                    ))}
                </p>
            </section>
        </Show>
    }
}

/// Says plainly when a change could not be saved.
#[component]
pub fn SaveErrorBanner() -> impl IntoView {
    let state = use_app_state();
    view! {
        <Show when=move || state.save_error.read().is_some()>
            <section class="banner banner-error" role="alert">
                <p>{move || state.save_error.get()}</p>
                <p class="hint">
                    "Export a backup from Data to keep it safe. Rapport will try again with your next change."
                </p>
            </section>
        </Show>
    }
}

/// Sets `arrived` once a new version's worker has installed and waits.
///
/// leptos-use's hook reads the registration again when an update is found
/// and only then watches the worker installing; a worker that finishes
/// installing in between (quickly, when its files are in the HTTP cache) is
/// never seen waiting, and the banner never shows. Here the installing
/// worker is watched from the update's own event, when it is certain to be
/// there.
#[cfg(not(debug_assertions))]
fn watch_for_waiting(arrived: RwSignal<bool>) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let Some(ready) = web_sys::window().and_then(|w| w.navigator().service_worker().ready().ok())
    else {
        return;
    };
    leptos::task::spawn_local(async move {
        let Ok(reg) = wasm_bindgen_futures::JsFuture::from(ready).await else {
            return;
        };
        let reg: web_sys::ServiceWorkerRegistration = reg.unchecked_into();
        if reg.waiting().is_some() {
            let _ = arrived.try_set(true);
        }
        let found = {
            let reg = reg.clone();
            Closure::<dyn Fn()>::new(move || {
                let Some(worker) = reg.installing() else {
                    return;
                };
                let reg = reg.clone();
                let changed = Closure::<dyn Fn()>::new(move || {
                    if reg.waiting().is_some() {
                        let _ = arrived.try_set(true);
                    }
                });
                let _ = worker.add_event_listener_with_callback(
                    "statechange",
                    changed.as_ref().unchecked_ref(),
                );
                changed.forget();
            })
        };
        let _ = reg.add_event_listener_with_callback("updatefound", found.as_ref().unchecked_ref());
        found.forget();
    });
}

/// Offers a waiting new version of the app.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    #[cfg(not(debug_assertions))]
    {
        use leptos_use_service_worker::{UseServiceWorkerOptions, use_service_worker_with_options};
        use std::sync::atomic::{AtomicBool, Ordering};

        // The first install also changes the controller; only a change the
        // user asked for should reload the page under them.
        static USER_ASKED: AtomicBool = AtomicBool::new(false);
        let sw = use_service_worker_with_options(
            UseServiceWorkerOptions::default()
                .script_url("/sw.js")
                .skip_waiting_message("skipWaiting")
                .on_controller_change(|| {
                    if USER_ASKED.load(Ordering::SeqCst)
                        && let Some(w) = web_sys::window()
                    {
                        let _ = w.location().reload();
                    }
                }),
        );
        let arrived = RwSignal::new(false);
        watch_for_waiting(arrived);
        let waiting = sw.waiting;
        let skip = sw.skip_waiting;
        view! {
            <Show when=move || waiting.get() || arrived.get()>
                <section class="banner banner-info" role="status">
                    <p>"Update available: a new version of Rapport is ready."</p>
                    <button
                        type="button"
                        class="btn"
                        on:click={
                            let skip = skip.clone();
                            move |_| {
                                USER_ASKED.store(true, Ordering::SeqCst);
                                skip();
                            }
                        }
                    >
                        "Update now"
                    </button>
                </section>
            </Show>
        }
        .into_any()
    }
    #[cfg(debug_assertions)]
    {
        ().into_any()
    }
}
