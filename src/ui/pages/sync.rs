//! The "Sync" section of the Data screen.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::sync::SyncSettings;
use crate::ui::browser::format_local;
use crate::ui::components::fields::{FormError, Refusal, input_field};
use crate::ui::state::use_app_state;
use crate::ui::sync::use_sync;

/// Where to sync to, "Sync now", and how the last run went.
#[component]
pub fn SyncSection() -> impl IntoView {
    let app = use_app_state();
    let sync = use_sync();
    let draft = RwSignal::new(sync.settings.get_untracked());
    let form_error = RwSignal::new(None::<Refusal>);
    let is_on = move || sync.settings.read().on;

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut settings = draft.get_untracked();
        settings.on = true;
        settings.last_synced = sync.settings.with_untracked(|s| {
            // A different database starts afresh.
            (s.endpoint() == settings.endpoint())
                .then_some(s.last_synced)
                .flatten()
        });
        // What went wrong with the settings as they were is past.
        sync.error.set(None);
        if let Err(e) = settings.endpoint() {
            form_error.set(Some(Refusal::At {
                field: e.field(),
                why: e.to_string(),
            }));
            return;
        }
        form_error.set(None);
        if let Err(e) = sync.save_settings(app, settings) {
            form_error.set(Some(
                format!("The settings could not be saved: {e}.").into(),
            ));
        }
    };
    let turn_off = move |_| {
        if let Err(e) = sync.turn_off(app) {
            form_error.set(Some(
                format!("The settings could not be saved: {e}.").into(),
            ));
        }
        draft.update(|d| d.password.clear());
    };

    view! {
        <section class="card" aria-labelledby="sync-heading">
            <h2 id="sync-heading">"Sync"</h2>
            <p class="hint">
                "Keep this notebook the same on your phone and your laptop through a CouchDB "
                "server of your own (or one you rent). Rapport works fully without it."
            </p>
            <p class="hint">
                "The server address looks like https://couch.example.org; the database "
                "is the one made for you there, such as rapport-yourname."
            </p>
            <form on:submit=submit>
                {setting_field("Server address", "url", "url", draft,
                    |s| s.server.clone(), |s, v| s.server = v)}
                {setting_field("Database name", "text", "off", draft,
                    |s| s.database.clone(), |s, v| s.database = v)}
                {setting_field("User name", "text", "username", draft,
                    |s| s.user.clone(), |s, v| s.user = v)}
                {setting_field("Password", "password", "current-password", draft,
                    |s| s.password.clone(), |s, v| s.password = v)}
                <p class="hint">
                    "The password is kept in this browser only, never in backups or exports."
                </p>
                <FormError error=form_error />
                <div class="stack">
                    <button type="submit" class="btn">
                        {move || if is_on() { "Save and sync now" } else { "Turn on sync" }}
                    </button>
                    <Show when=is_on>
                        <button type="button" class="btn btn-quiet" on:click=move |_| sync.sync_now(app)
                            disabled=move || sync.running.get()>
                            "Sync now"
                        </button>
                        <button type="button" class="btn btn-quiet" on:click=turn_off>
                            "Turn sync off"
                        </button>
                    </Show>
                </div>
            </form>
            <SyncStatus />
        </section>
    }
}

/// A labelled input bound to one field of the settings draft.
fn setting_field(
    label: &'static str,
    input_type: &'static str,
    autocomplete: &'static str,
    draft: RwSignal<SyncSettings>,
    get: fn(&SyncSettings) -> String,
    set: fn(&mut SyncSettings, String),
) -> impl IntoView {
    input_field(
        label,
        input_type,
        autocomplete,
        move || draft.with(get),
        move |value| draft.update(|d| set(d, value)),
    )
}

/// The last run: when, what is waiting, and what went wrong.
#[component]
fn SyncStatus() -> impl IntoView {
    let sync = use_sync();
    let app = use_app_state();
    let line = move || {
        let settings = sync.settings.read();
        if sync.running.get() {
            return "Syncing…".to_string();
        }
        let when = match (settings.on, settings.last_synced) {
            (true, Some(t)) => format!("Last synced {}.", format_local(t)),
            (true, None) => "Not synced yet.".to_string(),
            (false, Some(t)) => format!("Sync is off. It last synced {}.", format_local(t)),
            (false, None) => "Sync is off.".to_string(),
        };
        let waiting = if settings.on && sync.waiting.get() {
            " Changes made here are waiting to be sent."
        } else {
            ""
        };
        format!("{when}{waiting}")
    };
    view! {
        <p
            role="status"
            class="hint"
            data-testid="sync-status"
            data-synced-at=move || sync.settings.read().last_synced.unwrap_or(0).to_string()
            data-running=move || sync.running.get().to_string()
        >
            {line}
        </p>
        <Show when=move || sync.error.read().is_some()>
            <p role="alert" class="error" data-testid="sync-error">{move || sync.error.get()}</p>
        </Show>
        <Show when=move || { sync.skipped.get() > 0 }>
            <p class="hint">
                {move || format!(
                    "{} records on the server could not be read by this version of Rapport and were left there.",
                    sync.skipped.get()
                )}
            </p>
        </Show>
        <Show when=move || !app.conflicts.read().is_empty()>
            <p><a href="/conflicts">"Some records were changed in two places: choose which version to keep"</a></p>
        </Show>
    }
}

/// On every other screen: sync has stopped for a reason only the user can fix.
#[component]
pub fn SyncBanner() -> impl IntoView {
    let sync = use_sync();
    let location = use_location();
    let shown = move || {
        sync.needs_user.get()
            && sync.settings.read().on
            && location.pathname.read().as_str() != "/data"
    };
    view! {
        <Show when=shown>
            <section class="banner banner-warn" role="status">
                <p>"Sync has stopped: " {move || sync.error.get()}</p>
                <A href="/data#sync-heading" attr:class="btn">"Open sync settings"</A>
            </section>
        </Show>
    }
}
