//! The journal: every networking activity in time order, filterable.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::domain::calendar::{add_days, local_midnight};
use crate::domain::journal::{JournalFilter, JournalKind, JournalLink, journal};
use crate::domain::{Id, ListKind};
use crate::ui::browser::{BrowserZone, format_local, now_ms};
use crate::ui::state::use_app_state;

fn parse_date(v: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").ok()
}

/// The whole log, with filters by contact, list, kind and dates.
#[component]
pub fn JournalPage() -> impl IntoView {
    let state = use_app_state();
    let query = use_query_map();
    let contact = RwSignal::new(
        query
            .read_untracked()
            .get("contact")
            .and_then(|s| s.parse::<Id>().ok()),
    );
    let list = RwSignal::new(None::<ListKind>);
    let kind = RwSignal::new(None::<JournalKind>);
    let from = RwSignal::new(None::<chrono::NaiveDate>);
    let to = RwSignal::new(None::<chrono::NaiveDate>);

    let entries = Memo::new(move |_| {
        let filter = JournalFilter {
            contact: contact.get(),
            list: list.get(),
            kind: kind.get(),
            from: from.get().map(|d| local_midnight(d, &BrowserZone)),
            // The "to" day is included: stop at the midnight after it.
            to: to
                .get()
                .map(|d| local_midnight(add_days(d, 1), &BrowserZone)),
        };
        state.notebook.with(|nb| journal(nb, &filter))
    });
    let contacts = move || {
        state.notebook.with(|nb| {
            nb.contacts_by_name()
                .into_iter()
                .map(|c| (c.id, c.name.clone()))
                .collect::<Vec<(Id, String)>>()
        })
    };

    // Kept for this tab so a reload does not lose what was typed.
    let (note, _) = crate::ui::drafts::draft_signal("journal.note".to_string(), String::new());
    let add_note = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = note.get_untracked();
        if state
            .apply(|nb| nb.add_journal_note(contact.get_untracked(), &text, now_ms()))
            .is_some()
        {
            note.set(String::new());
        }
    };

    view! {
        <h1>"Journal"</h1>
        <form class="card quick-add" on:submit=add_note>
            <label class="field">
                <span>"New note"</span>
                <textarea rows="2" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
            </label>
            <button type="submit" class="btn">"Add note"</button>
        </form>
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
                <select on:change=move |ev| list.set(ListKind::from_letter(&event_target_value(&ev)))>
                    <option value="">"All lists"</option>
                    {ListKind::ALL.iter().map(|l| view! { <option value=l.letter()>{l.label()}</option> }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span>"Kind"</span>
                <select on:change=move |ev| {
                    let v = event_target_value(&ev);
                    kind.set(JournalKind::ALL.iter().copied().find(|k| format!("{k:?}") == v));
                }>
                    <option value="">"Everything"</option>
                    {JournalKind::ALL.iter().map(|k| view! { <option value=format!("{k:?}")>{k.label()}</option> }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span>"From"</span>
                <input type="date" on:change=move |ev| from.set(parse_date(&event_target_value(&ev))) />
            </label>
            <label class="field">
                <span>"To"</span>
                <input type="date" on:change=move |ev| to.set(parse_date(&event_target_value(&ev))) />
            </label>
        </fieldset>
        <Show when=move || !entries.read().is_empty() fallback=|| view! { <p class="empty">"Nothing recorded matches."</p> }>
            <ul class="plain journal" aria-label="Journal entries">
                {move || entries.get().into_iter().map(|e| {
                    let href = match e.link {
                        Some(JournalLink::Contact(id)) => Some(format!("/contacts/{id}")),
                        Some(JournalLink::Meeting(id)) => Some(format!("/meetings/{id}")),
                        Some(JournalLink::Event(id)) => Some(format!("/events/{id}")),
                        Some(JournalLink::FollowUp(_)) => Some("/follow-ups".to_string()),
                        None => None,
                    };
                    view! {
                        <li>
                            <time>{format!("{} · {}", format_local(e.at), e.kind.label())}</time>
                            {match href {
                                Some(h) => view! { <A href=h>{e.text}</A> }.into_any(),
                                None => view! { <span class="prewrap">{e.text}</span> }.into_any(),
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </Show>
    }
}
