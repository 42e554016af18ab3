//! Contacts: the list (filter by list, search, sort and quick add), one
//! contact's page, and the contact form.

mod detail;
mod form;
mod quick_add;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::domain::ListKind;
use crate::domain::contact_list::{
    CONTACT_PAGE, ContactRow, ContactSort, contact_rows, count_for, matching_contacts,
};
use crate::domain::search::{ContactIndex, list_counts};
use crate::ui::state::use_app_state;
pub use detail::ContactDetailPage;
pub use form::{EditContactPage, NewContactPage};
use quick_add::QuickAdd;

/// The user's network, by list.
#[component]
pub fn ContactsPage() -> impl IntoView {
    let state = use_app_state();
    let filter = RwSignal::new(None::<ListKind>);
    let query = RwSignal::new(String::new());
    let sort = RwSignal::new(ContactSort::Name);
    let shown = RwSignal::new(CONTACT_PAGE);
    // Today's "Add your first contact" lands here with the form open.
    let adding = RwSignal::new(
        crate::ui::query_param("add").is_some_and(|v| v == "1")
            || crate::ui::drafts::draft_kept(quick_add::NAME_DRAFT),
    );

    // Search text and name order, rebuilt only when the notebook changes.
    let index = Memo::new(move |_| {
        state
            .notebook
            .with(|nb| ContactIndex::new(&nb.contacts, |c| nb.organization_name(c)))
    });
    let visible = Memo::new(move |_| {
        let (q, list, order) = (query.get(), filter.get(), sort.get());
        state
            .notebook
            .with(|nb| matching_contacts(nb, &index.read(), &q, list, order))
    });
    // Only the rows on screen are copied out of the notebook.
    let rows = Memo::new(move |_| {
        let n = shown.get();
        state
            .notebook
            .with(|nb| contact_rows(nb, &visible.read(), n))
    });

    // Saving closes quick add: focus goes back to the button that opened it.
    let add_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |was_open: Option<bool>| {
        let open = adding.get();
        if was_open == Some(true)
            && !open
            && let Some(button) = add_button.get_untracked()
        {
            crate::ui::browser::refocus_if_dropped(button.into());
        }
        open
    });

    view! {
        <div class="title-row">
            <h1>"Contacts"</h1>
            <A href="/organizations" attr:class="btn btn-quiet">"Organizations"</A>
        </div>
        <div class="toolbar">
            <button type="button" class="btn" node_ref=add_button on:click=move |_| adding.update(|a| *a = !*a) aria-expanded=move || adding.get().to_string()>
                "Add contact"
            </button>
        </div>
        <Show when=move || adding.get()>
            <div on:keydown=crate::ui::browser::close_on_escape(move || adding.set(false))>
                <QuickAdd default_list=filter done=adding />
            </div>
        </Show>
        <ListChips filter=filter shown=shown />
        <SearchRow query=query sort=sort shown=shown />
        // Always in the page, so that a search finding no one is announced
        // as a search finding some is.
        <p class="hint" aria-live="polite">
            {move || {
                let n = visible.read().len();
                match n {
                    0 if state.notebook.with(|nb| nb.contacts.is_empty()) => String::new(),
                    0 => "No contact matches.".to_string(),
                    1 => "1 contact".to_string(),
                    n => format!("{n} contacts"),
                }
            }}
        </p>
        <Show when=move || !visible.read().is_empty() fallback=NoContacts>
            <ul class="rows" aria-label="Contacts">
                // Keyed by place, not by contact: a keystroke that changes
                // which contacts show rewrites the text of the rows already
                // there instead of building new ones, which keeps searching
                // within a frame on a phone.
                <For each=move || 0..rows.read().len() key=|place| *place let(place)>
                    <ContactSlot rows=rows place=place />
                </For>
            </ul>
            <Show when=move || { visible.read().len() > shown.get() }>
                <button type="button" class="btn btn-quiet" on:click=move |_| shown.update(|s| *s += CONTACT_PAGE)>
                    "Show more"
                </button>
            </Show>
        </Show>
    }
}

/// The row at `place` in the list, showing whichever contact is there now.
#[component]
fn ContactSlot(rows: Memo<Vec<ContactRow>>, place: usize) -> impl IntoView {
    let row = Memo::new(move |_| rows.read().get(place).cloned());
    let field = move |f: fn(&ContactRow) -> String| move || row.read().as_ref().map(f);
    let letter = move || row.read().as_ref().map(|r| r.list.letter());
    view! {
        <li>
            <a href=field(|r| format!("/contacts/{}", r.id)) class="row">
                <span class=move || letter().map(|l| format!("list-badge list-{l}"))>
                    <span class="visually-hidden">"List "</span>
                    {letter}
                </span>
                <span class="row-text">
                    <span class="row-title">{field(|r| r.name.clone())}</span>
                    <span class="row-sub">{field(|r| r.sub.clone())}</span>
                </span>
            </a>
        </li>
    }
}

/// What the list says when there is no one yet (a search finding no one
/// is said by the count above it).
#[component]
fn NoContacts() -> impl IntoView {
    let state = use_app_state();
    move || {
        let empty = state.notebook.with(|nb| nb.contacts.is_empty());
        empty.then(|| view! {
            <p class="empty">
                "No contacts yet. Start with list A (family, friends) and list B (colleagues, mentors): each can lead you to someone new."
            </p>
            <p>
                <A href="/data#import" attr:class="btn btn-quiet">"Import contacts from a file"</A>
            </p>
        })
    }
}

/// All, A, B and C, each with its count. A chip shows only its letter, to
/// fit a phone's width; a screen reader hears what the list is ("A ·
/// Personal, 3"), not a bare letter and number.
#[component]
fn ListChips(filter: RwSignal<Option<ListKind>>, shown: RwSignal<usize>) -> impl IntoView {
    let state = use_app_state();
    let counts = Memo::new(move |_| state.notebook.with(|nb| list_counts(&nb.contacts)));
    let chip = move |value: Option<ListKind>| {
        let (label, said) = match value {
            None => ("All", " contacts,".to_string()),
            Some(list) => (list.letter(), format!("{},", &list.label()[1..])),
        };
        view! {
            <button
                type="button"
                class="chip"
                aria-pressed=move || (filter.get() == value).to_string()
                on:click=move |_| {
                    filter.set(value);
                    shown.set(CONTACT_PAGE);
                }
            >
                {label}
                <span class="visually-hidden">{said}</span>
                " "
                <span class="count">{move || count_for(&counts.read(), value)}</span>
            </button>
        }
    };
    view! {
        <div class="chips" role="group" aria-label="Filter by list">
            {chip(None)}
            {chip(Some(ListKind::A))}
            {chip(Some(ListKind::B))}
            {chip(Some(ListKind::C))}
        </div>
    }
}

/// The search box and the sort order.
#[component]
fn SearchRow(
    query: RwSignal<String>,
    sort: RwSignal<ContactSort>,
    shown: RwSignal<usize>,
) -> impl IntoView {
    view! {
        <div class="search-row">
            <input
                type="search"
                aria-label="Search contacts"
                placeholder="Search name, role, tags, notes"
                prop:value=move || query.get()
                on:input=move |ev| {
                    query.set(event_target_value(&ev));
                    shown.set(CONTACT_PAGE);
                }
            />
            <label class="sort">
                <span>"Sort by"</span>
                <select on:change=move |ev| sort.set(ContactSort::from_value(&event_target_value(&ev)))>
                    {ContactSort::ALL
                        .into_iter()
                        .map(|s| view! { <option value=s.value()>{s.label()}</option> })
                        .collect_view()}
                </select>
            </label>
        </div>
    }
}
