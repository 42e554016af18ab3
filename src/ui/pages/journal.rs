//! The journal: every networking activity in time order, filterable.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::domain::journal::{JournalEntry, JournalFilter, JournalKind, JournalLink, journal};
use crate::domain::{Id, ListKind};
use crate::ui::browser::{BrowserZone, close_on_escape, format_local, keep_focus_near, now_ms};
use crate::ui::components::fields::{FormError, Refusal};
use crate::ui::state::use_app_state;

fn parse_date(v: &str) -> Option<chrono::NaiveDate> {
    crate::domain::calendar::parse_iso_date(v)
}

/// The filters as chosen on screen.
#[derive(Clone, Copy)]
struct Filters {
    contact: RwSignal<Option<Id>>,
    list: RwSignal<Option<ListKind>>,
    kind: RwSignal<Option<JournalKind>>,
    from: RwSignal<Option<chrono::NaiveDate>>,
    to: RwSignal<Option<chrono::NaiveDate>>,
}

/// The whole log, with filters by contact, list, kind and dates.
#[component]
pub fn JournalPage() -> impl IntoView {
    let state = use_app_state();
    // A contact deleted since (an old link) is no filter, nor where a
    // note goes.
    let contact = crate::ui::query_param("contact")
        .and_then(|s| s.parse::<Id>().ok())
        .filter(|id| {
            state
                .notebook
                .with_untracked(|nb| nb.contact(*id).is_some())
        });
    let f = Filters {
        contact: RwSignal::new(contact),
        list: RwSignal::new(None),
        kind: RwSignal::new(None),
        from: RwSignal::new(None),
        to: RwSignal::new(None),
    };
    let entries = Memo::new(move |_| {
        let filter = JournalFilter {
            contact: f.contact.get(),
            list: f.list.get(),
            kind: f.kind.get(),
            ..JournalFilter::default()
        }
        .on_days(f.from.get(), f.to.get(), &BrowserZone);
        state.notebook.with(|nb| journal(nb, &filter))
    });
    view! {
        <h1>"Journal"</h1>
        <NoteForm contact=f.contact />
        <JournalFilters f=f />
        <Show when=move || !entries.read().is_empty() fallback=|| view! { <p class="empty">"Nothing recorded matches."</p> }>
            <ul class="plain journal" aria-label="Journal entries">
                {move || entries.get().into_iter().map(entry_line).collect_view()}
            </ul>
        </Show>
    }
}

/// A note written by hand, about the contact filtered on if there is one.
#[component]
fn NoteForm(contact: RwSignal<Option<Id>>) -> impl IntoView {
    let state = use_app_state();
    // Kept for this tab so leaving or a reload loses nothing typed; one
    // draft per contact the journal opened on, so a note typed about Ana
    // does not come back on Ben's timeline to be filed under him.
    let about = contact
        .get_untracked()
        .map_or_else(|| "all".to_string(), |id| id.to_string());
    let (note, _) = crate::ui::drafts::draft_signal(format!("journal.note.{about}"), String::new());
    let error = RwSignal::new(None::<Refusal>);
    let add_note = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = note.get_untracked();
        match state.apply(|nb| nb.add_journal_note(contact.get_untracked(), &text, now_ms())) {
            Ok(_) => {
                note.set(String::new());
                error.set(None);
                state.confirm_done("Note added.".to_string());
            }
            Err(e) => error.set(Some(e.into())),
        }
    };
    // The note is filed under the contact the filter shows: say which.
    let label = move || {
        contact
            .get()
            .and_then(|id| {
                state
                    .notebook
                    .with(|nb| nb.contact(id).map(|c| c.name.clone()))
            })
            .map_or_else(
                || "New note".to_string(),
                |name| format!("New note about {name}"),
            )
    };
    view! {
        <form class="card quick-add" on:submit=add_note>
            <label class="field">
                <span>{label}</span>
                <textarea rows="2" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
            </label>
            <FormError error=error />
            <button type="submit" class="btn">"Add note"</button>
        </form>
    }
}

/// Contact, list, kind and date filters.
#[component]
fn JournalFilters(f: Filters) -> impl IntoView {
    let state = use_app_state();
    let contacts = move || {
        state.notebook.with(|nb| {
            nb.contacts_by_name()
                .into_iter()
                .map(|c| (c.id, c.name.clone()))
                .collect::<Vec<(Id, String)>>()
        })
    };
    let contact = f.contact;
    view! {
        <fieldset class="card field-group filters">
            <legend>"Filter"</legend>
            <label class="field">
                <span>"Contact"</span>
                <select on:change=move |ev| contact.set(event_target_value(&ev).parse().ok())>
                    <option value="" selected=move || contact.get().is_none()>"Everyone"</option>
                    {move || contacts().into_iter().map(|(id, name)| view! {
                        <option value=id.to_string() selected=move || contact.get() == Some(id)>{name}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span>"List"</span>
                <select on:change=move |ev| f.list.set(ListKind::from_letter(&event_target_value(&ev)))>
                    <option value="">"All lists"</option>
                    {ListKind::ALL.iter().map(|l| view! { <option value=l.letter()>{l.label()}</option> }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span>"Kind"</span>
                <select on:change=move |ev| {
                    let v = event_target_value(&ev);
                    f.kind.set(JournalKind::ALL.iter().copied().find(|k| format!("{k:?}") == v));
                }>
                    <option value="">"Everything"</option>
                    {JournalKind::ALL.iter().map(|k| view! { <option value=format!("{k:?}")>{k.label()}</option> }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span>"From"</span>
                <input type="date" on:change=move |ev| f.from.set(parse_date(&event_target_value(&ev))) />
            </label>
            <label class="field">
                <span>"To"</span>
                <input type="date" on:change=move |ev| f.to.set(parse_date(&event_target_value(&ev))) />
            </label>
        </fieldset>
    }
}

/// One entry, linked to the record it is about.
fn entry_line(e: JournalEntry) -> AnyView {
    let href = match e.link {
        Some(JournalLink::Contact(id)) => Some(format!("/contacts/{id}")),
        Some(JournalLink::Meeting(id)) => Some(format!("/meetings/{id}")),
        Some(JournalLink::Event(id)) => Some(format!("/events/{id}")),
        Some(JournalLink::FollowUp(_)) => Some("/follow-ups".to_string()),
        None => None,
    };
    let when = format_local(e.at);
    let written = e.text.clone();
    let text = match href {
        Some(h) => view! { <A href=h>{written}</A> }.into_any(),
        None => view! { <span class="prewrap">{written}</span> }.into_any(),
    };
    match e.note {
        Some(id) => view! { <NoteLine id=id when=when text=e.text shown=text /> }.into_any(),
        None => view! {
            <li>
                <time>{format!("{when} · {}", e.kind.label())}</time>
                {text}
            </li>
        }
        .into_any(),
    }
}

/// A note the user wrote (`text`, shown as `shown`): unlike the entries
/// read from other records, it can be rewritten in place or deleted.
#[component]
fn NoteLine(id: Id, when: String, text: String, shown: AnyView) -> impl IntoView {
    let state = use_app_state();
    // Kept for this tab, as every form's draft is: leaving for another
    // screen (or the list being drawn anew) reopens the edit as it was.
    let draft_name = format!("journal.edit.{id}");
    let (editing, _) = crate::ui::drafts::draft_signal(draft_name.clone(), None::<String>);
    let error = RwSignal::new(None::<Refusal>);
    let field = NodeRef::<leptos::html::Textarea>::new();
    let edit_button = NodeRef::<leptos::html::Button>::new();
    crate::ui::hooks::use_focus_handover(
        move || field.get().map(Into::into),
        move || edit_button.get().map(Into::into),
    );
    // Saving redraws the journal before the draft's own cleanup runs.
    let draft_name = StoredValue::new(draft_name);
    let close = move || {
        draft_name.with_value(|name| crate::ui::drafts::forget_draft(name));
        editing.set(None);
        error.set(None);
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = editing.get_untracked().unwrap_or_default();
        match state.apply(|nb| nb.edit_journal_note(id, &typed)) {
            Ok(()) => {
                keep_focus_near(&ev);
                close();
            }
            Err(e) => error.set(Some(e.into())),
        }
    };
    let delete = move |ev: leptos::ev::MouseEvent| {
        keep_focus_near(&ev);
        if let Some(removed) = state.apply(|nb| nb.delete_journal_note(id)) {
            state.offer_undo("Note deleted.".into(), removed);
        }
    };
    // Named by their start as well: notes of the same minute differ.
    let start: String = text.chars().take(30).collect();
    let more = if text.chars().count() > 30 { "…" } else { "" };
    let label = format!("note from {when}, “{start}{more}”");
    view! {
        <li>
            <time>{format!("{when} · Note")}</time>
            {shown}
            <Show
                when=move || editing.read().is_some()
                fallback=move || view! {
                    <div class="stack actions">
                        <button
                            type="button"
                            class="btn btn-quiet"
                            node_ref=edit_button
                            aria-label=format!("Edit: {label}")
                            on:click={
                                let text = text.clone();
                                move |_| editing.set(Some(text.clone()))
                            }
                        >
                            "Edit"
                        </button>
                        <button type="button" class="btn btn-quiet" aria-label=format!("Delete: {label}") on:click=delete>
                            "Delete"
                        </button>
                    </div>
                }
            >
                <form class="quick-add" on:submit=save on:keydown=close_on_escape(close)>
                    <label class="field">
                        <span>"Note"</span>
                        <textarea
                            rows="3"
                            node_ref=field
                            prop:value=move || editing.get().unwrap_or_default()
                            on:input=move |ev| editing.set(Some(event_target_value(&ev)))
                        ></textarea>
                    </label>
                    <FormError error=error />
                    <div class="stack">
                        <button type="submit" class="btn">"Save note"</button>
                        <button type="button" class="btn btn-quiet" on:click=move |_| close()>"Cancel"</button>
                    </div>
                </form>
            </Show>
        </li>
    }
}
