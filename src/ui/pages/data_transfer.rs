//! Contacts in from other apps' files, and contacts and calendar out to
//! files phones understand.

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use crate::domain::ListKind;
use crate::domain::Notebook;
use crate::domain::transfer::plan::{Choices, ImportPlan};
use crate::domain::transfer::room::Shortfall;
use crate::domain::transfer::{
    Format, MAX_IMPORT_BYTES, TransferError, csv_write, ics, read_contacts, vcard_write,
};
use crate::storage::repository::Usage;
use crate::ui::browser::{download_text, keep_focus_near, local_date_stamp, now_ms};
use crate::ui::state::{AppState, use_app_state};

const NOTHING_CHANGED: &str = "Nothing was changed.";

/// Rows drawn in the preview; a phone book of thousands would take seconds
/// to draw, and the counts already say what happens to everyone.
const PREVIEW_ROWS: usize = 200;

async fn file_bytes(file: &web_sys::File) -> Option<Vec<u8>> {
    let buffer = JsFuture::from(file.array_buffer()).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The file another app shared to Rapport, as the service worker kept it:
/// `None` when nothing is waiting (it hands a file out once), `Some(None)`
/// when it could not be read.
async fn shared_file_bytes() -> Option<Option<Vec<u8>>> {
    let window = web_sys::window()?;
    let Ok(response) = JsFuture::from(window.fetch_with_str(SHARED_FILE)).await else {
        return Some(None);
    };
    let response: web_sys::Response = response.into();
    if response.status() == 404 {
        return None;
    }
    let Ok(promise) = response.array_buffer() else {
        return Some(None);
    };
    let buffer = JsFuture::from(promise).await.ok();
    Some(buffer.map(|b| js_sys::Uint8Array::new(&b).to_vec()))
}

/// Where the service worker keeps a shared file (see public/sw-template.js).
const SHARED_FILE: &str = "/shared-contacts-file";

/// Why `what` ("These contacts", "This backup") cannot be stored, if
/// `check`, given the notebook as it is and the storage it uses, finds it
/// would not fit. The whole notebook is read first: it is what is measured.
pub(crate) fn no_room(
    state: AppState,
    what: &str,
    check: impl FnOnce(&Notebook, usize) -> Result<(), Shortfall>,
) -> Option<String> {
    state.ensure_open();
    let used = state.usage()?.units;
    let short = state.notebook.with_untracked(|nb| check(nb, used)).err()?;
    Some(short.describe(what, Usage::QUOTA_UNITS))
}

/// A status line under a section, green or red. `in_bar` is set while the
/// words are also in the bar at the foot of the screen (with its Undo):
/// the bar announces them, so here they are only shown, not said twice.
#[component]
pub(crate) fn Message(
    message: RwSignal<Option<(bool, String)>>,
    #[prop(optional)] in_bar: Option<RwSignal<bool>>,
) -> impl IntoView {
    let in_bar = move || in_bar.is_some_and(|b| b.get());
    let class = move || {
        if message.read().as_ref().is_some_and(|m| m.0) {
            "ok"
        } else {
            "error"
        }
    };
    let text = move || message.get().map(|m| m.1);
    // Two elements rather than one whose role changes: a live region
    // changing its role as its text changes is announced unevenly.
    view! {
        <Show when=move || message.read().is_some() && !in_bar()>
            <p role="status" class=class>{text}</p>
        </Show>
        <Show when=move || message.read().is_some() && in_bar()>
            <p class=class>{text}</p>
        </Show>
    }
}

/// What the import card says (see [`Message`]).
#[derive(Clone, Copy)]
struct ImportMessage {
    said: RwSignal<Option<(bool, String)>>,
    in_bar: RwSignal<bool>,
}

impl ImportMessage {
    fn set(&self, said: Option<(bool, String)>) {
        self.in_bar.set(false);
        self.said.set(said);
    }

    /// Words of success that the bar says too.
    fn set_in_bar(&self, text: String) {
        self.in_bar.set(true);
        self.said.set(Some((true, text)));
    }
}

/// "Import contacts": reads a file, previews what it would do, imports on confirm.
#[component]
pub fn ImportContacts() -> impl IntoView {
    let state = use_app_state();
    let plan = RwSignal::new(None::<ImportPlan>);
    let choices = RwSignal::new(Choices {
        list: ListKind::B,
        left_out: BTreeSet::new(),
        as_new: BTreeSet::new(),
    });
    let message = ImportMessage {
        said: RwSignal::new(None),
        in_bar: RwSignal::new(false),
    };
    let reading = RwSignal::new(false);
    // Undo in the bar takes the import back: the card stops saying it was made.
    Effect::watch(
        move || state.import_undone.get(),
        move |said, _, _| match said {
            Some(said) => message.set_in_bar(said.clone()),
            None => message.set(None),
        },
        false,
    );

    // Bytes from the file picker or from a file shared to the app.
    let take = move |bytes: Option<Vec<u8>>| {
        reading.set(false);
        let Some(bytes) = bytes else {
            message.set(Some((
                false,
                format!("That file could not be opened. {NOTHING_CHANGED}"),
            )));
            return;
        };
        if bytes.len() as u64 > MAX_IMPORT_BYTES {
            let e = TransferError::TooLarge {
                bytes: bytes.len() as u64,
            };
            message.set(Some((false, format!("{e} {NOTHING_CHANGED}"))));
            return;
        }
        match read_contacts(&bytes) {
            Err(e) => message.set(Some((false, format!("{e} {NOTHING_CHANGED}")))),
            Ok(read) => {
                choices.set(Choices {
                    list: read.format.suggested_list(),
                    left_out: BTreeSet::new(),
                    as_new: BTreeSet::new(),
                });
                plan.set(Some(
                    state
                        .notebook
                        .with_untracked(|nb| ImportPlan::new(nb, read)),
                ));
            }
        }
    };

    let pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        plan.set(None);
        // Refused before reading, so a wrong pick never freezes the screen.
        let size = file.size() as u64;
        if size > MAX_IMPORT_BYTES {
            let e = TransferError::TooLarge { bytes: size };
            message.set(Some((false, format!("{e} {NOTHING_CHANGED}"))));
            return;
        }
        reading.set(true);
        message.set(None);
        spawn_local(async move {
            let bytes = file_bytes(&file).await;
            take(bytes);
        });
    };

    // A contacts file shared to the installed app from another app: the
    // service worker kept it and opened this screen with `?shared=1`.
    let shared = crate::ui::query_param("shared").is_some();
    if shared {
        reading.set(true);
        spawn_local(async move {
            let shared = shared_file_bytes().await;
            // The screen may be gone by now.
            if reading.try_get_untracked().is_none() {
                return;
            }
            match shared {
                Some(bytes) => take(bytes),
                None => reading.set(false),
            }
        });
    }

    view! {
        <section class="card" id="import" aria-labelledby="import-title">
            <h2 id="import-title">"Import contacts"</h2>
            <p class="hint">
                "From LinkedIn (Connections.csv), Google or Outlook contacts (CSV), your phone (.vcf) or Rapport's own CSV export. "
                "You see what would change before anything is saved."
            </p>
            <label class="btn file-btn">
                "Import contacts"
                <input
                    type="file"
                    accept=".csv,.vcf,.vcard,text/csv,text/vcard,text/x-vcard,text/plain"
                    class="visually-hidden"
                    on:change=pick
                />
            </label>
            <Show when=move || reading.get()>
                <p role="status">"Reading the file…"</p>
            </Show>
            <Message message=message.said in_bar=message.in_bar />
            <ImportPreview plan=plan choices=choices message=message />
        </section>
    }
}

/// What importing the file would do, the list for new people, and
/// confirm or cancel.
#[component]
fn ImportPreview(
    plan: RwSignal<Option<ImportPlan>>,
    choices: RwSignal<Choices>,
    message: ImportMessage,
) -> impl IntoView {
    let state = use_app_state();
    // The preview closes with the button that had focus: the card's
    // heading takes it, above the message saying what happened.
    let confirm = move |ev: leptos::ev::MouseEvent| {
        let Some(p) = plan.get_untracked() else {
            return;
        };
        let c = choices.get_untracked();
        // Made on a copy first: an import that cannot be stored in full
        // is not made at all, rather than saved in part.
        state.ensure_open();
        let mut imported = state.notebook.get_untracked();
        let outcome = p.apply(&mut imported, &c, now_ms());
        let needed = outcome.undo.stored_units();
        if let Some(why) = no_room(state, "These contacts", |_, used| {
            crate::domain::transfer::room::check_room(needed, used, 0, Usage::QUOTA_UNITS)
        }) {
            message.set(Some((false, why)));
            return;
        }
        keep_focus_near(&ev);
        state.update(move |nb| *nb = imported);
        plan.set(None);
        let summary = outcome.summary();
        message.set_in_bar(format!("{summary} They are in Contacts."));
        state.offer_import_undo(summary, outcome.undo);
    };
    let cancel = move |ev: leptos::ev::MouseEvent| {
        keep_focus_near(&ev);
        plan.set(None);
        message.set(Some((true, format!("Import cancelled. {NOTHING_CHANGED}"))));
    };

    let counts = move || {
        plan.with(|p| {
            p.as_ref()
                .map(|p| p.counts(&choices.read()))
                .unwrap_or_default()
        })
    };

    view! {
        <Show when=move || plan.read().is_some()>
            <div class="import-preview">
                <h3>
                    {move || {
                        plan.with(|p| {
                            p.as_ref().map(|p| format!("Preview: {}", p.format.label()))
                        })
                    }}
                </h3>
                <p class="import-counts" aria-live="polite">
                    {move || counts().describe()}
                </p>
                <fieldset class="field-group">
                    <legend>"List for new contacts"</legend>
                    {ListKind::ALL
                        .into_iter()
                        .map(|list| {
                            view! {
                                <label class="check">
                                    <input
                                        type="radio"
                                        name="import-list"
                                        prop:checked=move || choices.read().list == list
                                        on:change=move |_| choices.update(|c| c.list = list)
                                    />
                                    {list.label()}
                                </label>
                            }
                        })
                        .collect_view()}
                    <p class="hint">
                        {move || {
                            let own = plan.with(|p| p.as_ref().is_some_and(|p| p.format == Format::RapportCsv));
                            if own {
                                "Rows keep the list your Rapport file gives them; this choice is for rows without one."
                            } else {
                                "People whose company is already one of your organizations go to list C."
                            }
                        }}
                    </p>
                </fieldset>
                <ImportRows plan=plan choices=choices />
                <div class="stack">
                    <button
                        type="button"
                        class="btn"
                        on:click=confirm
                        prop:disabled=move || counts().to_import() == 0
                    >
                        {move || counts().import_label()}
                    </button>
                    <button type="button" class="btn btn-quiet" on:click=cancel>
                        "Cancel"
                    </button>
                </div>
            </div>
        </Show>
    }
}

/// Puts row `i` in `rows` or takes it out, as a tick box says.
fn mark(rows: &mut BTreeSet<usize>, i: usize, on: bool) {
    if on {
        rows.insert(i);
    } else {
        rows.remove(&i);
    }
}

/// The preview's rows: each person with what importing them would do.
#[component]
fn ImportRows(plan: RwSignal<Option<ImportPlan>>, choices: RwSignal<Choices>) -> impl IntoView {
    // Rebuilt only when another file is read; ticking a row or changing the
    // list updates the rows in place, so focus stays where it was.
    let rows = move || {
        plan.with(|p| {
            p.as_ref()
                .map(|p| p.preview(&choices.get_untracked()))
                .unwrap_or_default()
        })
    };
    let unreadable = move || {
        plan.with(|p| {
            p.as_ref()
                .map(|p| p.skipped.iter().map(|s| s.to_string()).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    };
    view! {
        <ul class="rows import-rows" aria-label="People in the file">
            {move || {
                rows()
                    .into_iter()
                    .take(PREVIEW_ROWS)
                    .map(|row| {
                        let i = row.index;
                        let status = move || {
                            plan.with(|p| {
                                p.as_ref()
                                    .and_then(|p| p.preview_row(i, &choices.read()))
                                    .map(|r| r.status)
                                    .unwrap_or_default()
                            })
                        };
                        let text = view! {
                            <span class="row-text">
                                <span class="row-title">{row.name.clone()}</span>
                                <span class="row-sub">{row.detail.clone()}</span>
                                <span class="row-sub import-status">{status}</span>
                            </span>
                        };
                        if row.can_import {
                            view! {
                                <li>
                                    <label class="check row">
                                        <input
                                            type="checkbox"
                                            prop:checked=move || !choices.read().left_out.contains(&i)
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                choices.update(|c| mark(&mut c.left_out, i, !on));
                                            }
                                        />
                                        {text}
                                    </label>
                                    // A shared name alone may be a namesake.
                                    {row.name_only.then(|| view! {
                                        <label class="check">
                                            <input
                                                type="checkbox"
                                                aria-label=format!("{}: a different person, add as new", row.name)
                                                prop:checked=move || choices.read().as_new.contains(&i)
                                                on:change=move |ev| {
                                                    let on = event_target_checked(&ev);
                                                    choices.update(|c| mark(&mut c.as_new, i, on));
                                                }
                                            />
                                            "A different person, add as new"
                                        </label>
                                    })}
                                </li>
                            }
                                .into_any()
                        } else {
                            view! { <li class="row skipped">{text}</li> }.into_any()
                        }
                    })
                    .collect_view()
            }}
            {move || {
                unreadable()
                    .into_iter()
                    .map(|reason| {
                        view! {
                            <li class="row skipped">
                                <span class="row-text">
                                    <span class="row-sub import-status">{format!("Skipped: {reason}")}</span>
                                </span>
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ul>
        {move || {
            let total = plan.with(|p| p.as_ref().map_or(0, |p| p.rows.len()));
            (total > PREVIEW_ROWS)
                .then(|| {
                    view! {
                        <p class="hint">
                            {format!(
                                "Showing the first {PREVIEW_ROWS} of {total} people. The others are imported as the counts above say.",
                            )}
                        </p>
                    }
                })
        }}
    }
}

#[derive(Clone, Copy)]
enum Export {
    VCard,
    Csv,
    Calendar,
}

/// Buttons that save contacts (vCard, CSV) and the calendar (ICS) as files.
#[component]
pub fn ExportFiles() -> impl IntoView {
    let state = use_app_state();
    let message = RwSignal::new(None::<(bool, String)>);
    let export = move |kind: Export| {
        let stamp = local_date_stamp();
        let file = state.notebook.with_untracked(|nb| match kind {
            Export::VCard | Export::Csv if nb.contacts.is_empty() => {
                Err("There are no contacts to export yet.")
            }
            Export::Calendar if ics::event_count(nb) == 0 => {
                Err("There are no planned meetings or open follow-ups to put in a calendar.")
            }
            Export::VCard => Ok((
                format!("rapport-contacts-{stamp}.vcf"),
                "text/vcard",
                vcard_write::write(nb),
            )),
            Export::Csv => Ok((
                format!("rapport-contacts-{stamp}.csv"),
                "text/csv",
                csv_write::write(nb),
            )),
            Export::Calendar => Ok((
                format!("rapport-calendar-{stamp}.ics"),
                "text/calendar",
                ics::write(nb, now_ms()),
            )),
        });
        match file {
            Err(why) => message.set(Some((false, why.to_string()))),
            Ok((name, mime, text)) => match download_text(&name, mime, &text) {
                Ok(()) => message.set(Some((true, format!("Saved as {name}.")))),
                Err(_) => message.set(Some((false, "The file could not be created.".into()))),
            },
        }
    };
    view! {
        <section class="card">
            <h2>"Export for other apps"</h2>
            <p class="hint">
                "Contacts for your phone's address book or a spreadsheet; planned meetings and "
                "open follow-ups for your calendar."
            </p>
            <div class="stack">
                <button type="button" class="btn btn-quiet" on:click=move |_| export(Export::VCard)>
                    "Export contacts (vCard)"
                </button>
                <button type="button" class="btn btn-quiet" on:click=move |_| export(Export::Csv)>
                    "Export contacts (CSV)"
                </button>
                <button type="button" class="btn btn-quiet" on:click=move |_| export(Export::Calendar)>
                    "Export calendar (ICS)"
                </button>
            </div>
            <Message message=message />
        </section>
    }
}
