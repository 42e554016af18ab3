//! Backup and restore of the whole notebook.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use super::data_transfer::{ExportFiles, ImportContacts, Message, no_room};
use super::sync::SyncSection;
use crate::domain::number;
use crate::storage::envelope;
use crate::storage::repository::Usage;
use crate::ui::browser::{
    Sent, confirm, format_local, local_date_stamp, now_ms, share_or_download,
};
use crate::ui::components::fields::{FormError, Refusal, number_field, refuse_invalid};
use crate::ui::state::use_app_state;

/// What Import backup says of a file that is no backup at all.
const NOT_A_BACKUP: &str = "That file is not a Rapport backup (the .json file Export backup makes). \
     Contacts from a CSV or vCard file go through Import contacts below. Nothing was changed.";

/// Export and import of the notebook, and what is stored.
#[component]
pub fn DataPage() -> impl IntoView {
    let state = use_app_state();
    let sync = crate::ui::sync::use_sync();
    let message = RwSignal::new(None::<(bool, String)>);

    let export = move |_| {
        let now = now_ms();
        let text = state.notebook.with_untracked(|nb| {
            envelope::encode(&crate::domain::transfer::backup::for_backup(nb, now))
        });
        let name = format!("rapport-backup-{}.json", local_date_stamp());
        spawn_local(async move {
            let said = match share_or_download(&name, "application/json", &text).await {
                Ok(Sent::Cancelled) => return,
                Ok(Sent::Shared) => (true, "Backup shared.".to_string()),
                Ok(Sent::Downloaded) => (true, format!("Backup saved as {name}.")),
                Err(_) => (false, "The backup could not be created.".to_string()),
            };
            if said.0 {
                state.update(|nb| nb.backup_made(now));
            }
            message.set(Some(said));
        });
    };

    let import = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        spawn_local(async move {
            let text = match JsFuture::from(file.text()).await {
                Ok(v) => v.as_string().unwrap_or_default(),
                Err(_) => {
                    message.set(Some((
                        false,
                        "That file could not be read. Nothing was changed.".into(),
                    )));
                    return;
                }
            };
            match envelope::decode(&text) {
                // A contacts file picked here by mistake is pointed the
                // right way rather than explained as broken JSON.
                Err(envelope::DecodeError::NotJson(_))
                    if !text
                        .trim_start_matches('\u{feff}')
                        .trim_start()
                        .starts_with('{') =>
                {
                    message.set(Some((false, NOT_A_BACKUP.into())))
                }
                Err(envelope::DecodeError::NotRapport) => {
                    message.set(Some((false, NOT_A_BACKUP.into())))
                }
                Err(e) => message.set(Some((
                    false,
                    format!("That file could not be imported: {e}. Nothing was changed."),
                ))),
                Ok(decoded) => {
                    let nb = decoded.notebook;
                    // Checked before anything changes: a backup saved in
                    // part would leave some old records and some new.
                    if let Some(why) = no_room(state, "This backup", |current, used| {
                        crate::domain::transfer::room::check_restore(
                            current,
                            &nb,
                            used,
                            Usage::QUOTA_UNITS,
                        )
                    }) {
                        message.set(Some((false, why)));
                        return;
                    }
                    let synced = sync.settings.with_untracked(|s| s.synced_with());
                    let summary = state.notebook.with_untracked(|current| {
                        crate::domain::transfer::backup::replace_question(
                            current,
                            &nb,
                            synced.as_deref(),
                        )
                    });
                    if confirm(&summary) {
                        state.update(|current| *current = nb);
                        // Said only once it is stored: a backup on screen
                        // alone is lost with the page.
                        message.set(Some(if state.save_everything() {
                            (true, "Backup imported.".into())
                        } else {
                            (
                                false,
                                "The backup is on screen, but not all of it could be saved: the message at the top says why. The backup file itself is unchanged.".into(),
                            )
                        }));
                    } else {
                        message.set(Some((
                            true,
                            "Import cancelled. Nothing was changed.".into(),
                        )));
                    }
                }
            }
        });
    };

    view! {
        <h1>"Data"</h1>
        <p>
            "Everything you write in Rapport stays in this browser on this device. "
            "Nothing is sent anywhere unless you turn on sync. Export a backup now and then, and before clearing your browser."
        </p>
        <section class="card">
            <h2>"Backup"</h2>
            <p class="hint">
                {move || match state.notebook.read().settings.last_backup_at {
                    Some(t) => format!("Last backup: {}.", format_local(t)),
                    None => "No backup made yet.".to_string(),
                }}
            </p>
            <div class="stack">
                <button type="button" class="btn" on:click=export>"Export backup"</button>
                <label class="btn btn-quiet file-btn">
                    "Import backup"
                    <input type="file" accept="application/json,.json" class="visually-hidden" on:change=import />
                </label>
            </div>
            <Message message=message />
        </section>
        <SyncSection />
        <ImportContacts />
        <ExportFiles />
        <MeetingPlanSettings />
        <section class="card">
            <h2>"What is stored"</h2>
            <p>
                {move || {
                    let nb = state.notebook.read();
                    use crate::domain::count;
                    format!(
                        "{}, {}.",
                        count(nb.contacts.len(), "contact", "contacts"),
                        count(nb.organizations.len(), "organization", "organizations")
                    )
                }}
            </p>
            <StorageUsage />
            <Show when=move || !state.is_writable()>
                <p class="error">"Saving is paused: see the message at the top of the screen."</p>
            </Show>
        </section>
    }
}

/// How full the browser's storage is, and whether the browser will keep it.
#[component]
fn StorageUsage() -> impl IntoView {
    let state = use_app_state();
    // Kept up to date by the saves themselves; read again after each one
    // (an import, a restore) rather than measured.
    let usage = Signal::derive(move || {
        state.writes.track();
        state.usage()
    });
    let line = move || {
        usage.get().map(|u| {
            format!(
                "Space used in this browser: {} of about {} characters ({}%), {}.",
                thousands(u.units),
                thousands(Usage::QUOTA_UNITS),
                u.percent(),
                crate::domain::count(u.records, "record", "records")
            )
        })
    };
    let nearly_full = move || usage.get().is_some_and(|u| u.nearly_full());
    view! {
        <p data-testid="storage-usage">{line}</p>
        {move || nearly_full().then(|| view! {
            <p class="error">
                "Storage is nearly full. Export a backup, and delete old recovery copies or meetings you no longer need."
            </p>
        })}
        <p data-testid="storage-persisted">
            {move || match state.persisted.get() {
                Some(true) => "This browser has promised to keep Rapport's data, even when space runs low.",
                Some(false) => "This browser may clear Rapport's data if space runs low: installing the app and exporting backups keeps it safe.",
                None => "Rapport asks this browser to keep its data once you have some.",
            }}
        </p>
    }
}

/// 5242880 as "5,242,880".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// When the phases of a meeting begin, adjustable by the user.
#[component]
fn MeetingPlanSettings() -> impl IntoView {
    use crate::domain::clock::PhasePlan;
    let state = use_app_state();
    let draft = RwSignal::new(state.notebook.with_untracked(|nb| nb.settings.plan.clone()));
    let message = RwSignal::new(None::<(bool, String)>);
    let error = RwSignal::new(None::<Refusal>);
    let field =
        move |label: &'static str, get: fn(&PhasePlan) -> u32, set: fn(&mut PhasePlan, u32)| {
            number_field(
                label,
                number::PHASE_MINUTE,
                false,
                move || Some(get(&draft.read())),
                move |v| {
                    if let Some(v) = v {
                        draft.update(|d| set(d, v))
                    }
                },
            )
        };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        message.set(None);
        if refuse_invalid(&ev) {
            error.set(Some(Refusal::CorrectFirst));
            return;
        }
        let plan = draft.get_untracked();
        match state.apply(|nb| nb.set_phase_plan(plan)) {
            Ok(()) => {
                error.set(None);
                message.set(Some((true, "Meeting phases saved.".into())));
            }
            Err(e) => error.set(Some(e.into())),
        }
    };
    // Drawn anew on reset: a field still holding a number it could not
    // take would otherwise keep showing it over the usual time.
    let fresh = RwSignal::new(0u32);
    let reset = move |_| {
        fresh.update(|n| *n += 1);
        draft.set(PhasePlan::default());
        state.update(|nb| nb.settings.plan = PhasePlan::default());
        error.set(None);
        message.set(Some((true, "Back to 2, 20, 25 and 30 minutes.".into())));
    };
    view! {
        <section class="card">
            <h2>"Meeting phases"</h2>
            <p class="hint">"Minutes from the start of a meeting. Meetings already running keep their times."</p>
            <form on:submit=save>
                {move || {
                    fresh.track();
                    view! {
                        {field("Pitch ends at minute", |p| p.pitch_end_min, |p, v| p.pitch_end_min = v)}
                        {field("Referrals from minute", |p| p.referrals_at_min, |p, v| p.referrals_at_min = v)}
                        {field("Wrap-up at minute", |p| p.wrap_up_at_min, |p, v| p.wrap_up_at_min = v)}
                        {field("Meeting length in minutes", |p| p.length_min, |p, v| p.length_min = v)}
                    }
                }}
                <Message message=message />
                <FormError error=error />
                <div class="stack">
                    <button type="submit" class="btn">"Save phases"</button>
                    <button type="button" class="btn btn-quiet" on:click=reset>"Use the usual times"</button>
                </div>
            </form>
        </section>
    }
}
