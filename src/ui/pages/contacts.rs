//! The contact list: filter by list, search, sort and quick add.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::domain::search::{ContactIndex, ContactOrder, list_counts};
use crate::domain::{Contact, Id, ListKind};
use crate::ui::browser::now_ms;
use crate::ui::components::duplicates::duplicate_offer;
use crate::ui::components::fields::FormError;
use crate::ui::state::use_app_state;

/// How many rows render before "Show more": several screens' worth on a
/// phone. Each keystroke can swap every row on screen, and that DOM work, not
/// the search, is what a keystroke costs with a large network.
const PAGE: usize = 50;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Sort {
    Name,
    Recent,
    LastContacted,
}

/// The user's network, by list.
#[component]
pub fn ContactsPage() -> impl IntoView {
    let state = use_app_state();
    let filter = RwSignal::new(None::<ListKind>);
    let query = RwSignal::new(String::new());
    let sort = RwSignal::new(Sort::Name);
    let shown = RwSignal::new(PAGE);
    // Today's "Add your first contact" lands here with the form open.
    let adding = RwSignal::new(
        use_query_map()
            .read_untracked()
            .get("add")
            .is_some_and(|v| v == "1"),
    );

    // Search text and name order, rebuilt only when the notebook changes.
    let index = Memo::new(move |_| {
        state
            .notebook
            .with(|nb| ContactIndex::new(&nb.contacts, |c| nb.organization_name(c)))
    });
    let counts = Memo::new(move |_| state.notebook.with(|nb| list_counts(&nb.contacts)));

    let visible = Memo::new(move |_| {
        let q = query.get();
        let list = filter.get();
        let order = sort.get();
        state.notebook.with(|nb| {
            let last;
            let order = match order {
                Sort::Name => ContactOrder::Name,
                Sort::Recent => ContactOrder::Recent,
                Sort::LastContacted => {
                    last = nb.last_contacted_all();
                    ContactOrder::LastContacted(&last)
                }
            };
            index.read().search(&q, list, order)
        })
    });
    // Only the rows on screen are copied out of the notebook.
    let rows = move || {
        let n = shown.get();
        state.notebook.with(|nb| {
            visible
                .read()
                .iter()
                .take(n)
                .filter_map(|&i| nb.contacts.get(i))
                .map(|c| {
                    (
                        c.id,
                        c.name.clone(),
                        c.list,
                        nb.organization_name(c).map(str::to_string),
                        c.role.clone(),
                    )
                })
                .collect::<Vec<_>>()
        })
    };

    let filter_button = move |label: &'static str, value: Option<ListKind>| {
        let count = move || {
            let c = counts.get();
            match value {
                None => c.all,
                Some(ListKind::A) => c.a,
                Some(ListKind::B) => c.b,
                Some(ListKind::C) => c.c,
            }
        };
        view! {
            <button
                type="button"
                class="chip"
                aria-pressed=move || (filter.get() == value).to_string()
                on:click=move |_| {
                    filter.set(value);
                    shown.set(PAGE);
                }
            >
                {label}
                " "
                <span class="count">{count}</span>
            </button>
        }
    };

    view! {
        <div class="title-row">
            <h1>"Contacts"</h1>
            <A href="/organizations" attr:class="btn btn-quiet">"Organizations"</A>
        </div>
        <div class="toolbar">
            <button type="button" class="btn" on:click=move |_| adding.update(|a| *a = !*a) aria-expanded=move || adding.get().to_string()>
                "Add contact"
            </button>
        </div>
        <Show when=move || adding.get()>
            <QuickAdd default_list=filter done=adding />
        </Show>
        <div class="chips" role="group" aria-label="Filter by list">
            {filter_button("All", None)}
            {filter_button("A", Some(ListKind::A))}
            {filter_button("B", Some(ListKind::B))}
            {filter_button("C", Some(ListKind::C))}
        </div>
        <div class="search-row">
            <input
                type="search"
                aria-label="Search contacts"
                placeholder="Search name, organization, role, tags, notes"
                prop:value=move || query.get()
                on:input=move |ev| {
                    query.set(event_target_value(&ev));
                    shown.set(PAGE);
                }
            />
            <label class="sort">
                <span>"Sort by"</span>
                <select on:change=move |ev| {
                    sort.set(match event_target_value(&ev).as_str() {
                        "recent" => Sort::Recent,
                        "last" => Sort::LastContacted,
                        _ => Sort::Name,
                    })
                }>
                    <option value="name">"Name"</option>
                    <option value="recent">"Recently added"</option>
                    <option value="last">"Last contacted"</option>
                </select>
            </label>
        </div>
        <Show
            when=move || !visible.read().is_empty()
            fallback=move || {
                let empty = state.notebook.read().contacts.is_empty();
                view! {
                    <p class="empty">
                        {if empty {
                            "No contacts yet. Start with list A (family, friends) and list B (colleagues, mentors): each can lead you to someone new."
                        } else {
                            "No contact matches."
                        }}
                    </p>
                    {empty.then(|| view! {
                        <p>
                            <A href="/data#import" attr:class="btn btn-quiet">"Import contacts from a file"</A>
                        </p>
                    })}
                }
            }
        >
            <p class="hint" aria-live="polite">
                {move || {
                    let n = visible.read().len();
                    if n == 1 { "1 contact".to_string() } else { format!("{n} contacts") }
                }}
            </p>
            <ul class="rows" aria-label="Contacts">
                <For
                    each=rows
                    key=|row| row.clone()
                    children=move |(id, name, list, org, role)| {
                        let sub = [org.unwrap_or_default(), role]
                            .into_iter()
                            .filter(|s| !s.is_empty())
                            .collect::<Vec<_>>()
                            .join(" · ");
                        view! {
                            <li>
                                <A href=format!("/contacts/{id}") attr:class="row">
                                    <span class=format!("list-badge list-{}", list.letter())><span class="visually-hidden">"List "</span>{list.letter()}</span>
                                    <span class="row-text">
                                        <span class="row-title">{name}</span>
                                        <span class="row-sub">{sub}</span>
                                    </span>
                                </A>
                            </li>
                        }
                    }
                />
            </ul>
            <Show when=move || { visible.read().len() > shown.get() }>
                <button type="button" class="btn btn-quiet" on:click=move |_| shown.update(|s| *s += PAGE)>
                    "Show more"
                </button>
            </Show>
        </Show>
    }
}

/// Name and list, saved in one more tap; the full form is a tap away.
#[component]
fn QuickAdd(default_list: RwSignal<Option<ListKind>>, done: RwSignal<bool>) -> impl IntoView {
    let state = use_app_state();
    let name = RwSignal::new(String::new());
    let list = RwSignal::new(default_list.get_untracked().unwrap_or(ListKind::A));
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<String>);
    let duplicates = RwSignal::new(Vec::<Id>::new());
    // Whether the form stays open for the next person after saving.
    let another = StoredValue::new(false);
    let name_input = NodeRef::<leptos::html::Input>::new();
    let focus_name = move || {
        if let Some(input) = name_input.get_untracked() {
            let _ = input.focus();
        }
    };
    // The form opens on a tap: typing can start at once.
    Effect::new(move |_| {
        if let Some(input) = name_input.get() {
            let _ = input.focus();
        }
    });

    let add = move |force: bool| {
        let typed = name.get_untracked();
        if !force {
            let found = state
                .notebook
                .with_untracked(|nb| nb.possible_duplicates(&typed, "", None));
            if !found.is_empty() {
                duplicates.set(found);
                return;
            }
        }
        duplicates.set(Vec::new());
        let contact = Contact {
            name: typed.clone(),
            list: list.get_untracked(),
            ..Contact::default()
        };
        let result = state.apply(|nb| nb.add_contact(contact, now_ms()));
        match result {
            Ok(_) => {
                name.set(String::new());
                error.set(None);
                if another.get_value() {
                    saved.set(Some(format!("{} added.", typed.trim())));
                    focus_name();
                } else {
                    done.set(false);
                }
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Which button sent the form: "Save" or "Save and add another".
        let keep_open = ev
            .submitter()
            .is_some_and(|b| b.get_attribute("value").as_deref() == Some("another"));
        another.set_value(keep_open);
        add(false);
    };
    // What was typed goes along to the full form.
    let more_details = move || {
        format!(
            "/contacts/new?name={}&list={}",
            String::from(js_sys::encode_uri_component(&name.get())),
            list.get().letter()
        )
    };
    let open_existing = move |id: Id| {
        use_navigate()(&format!("/contacts/{id}"), NavigateOptions::default());
    };
    view! {
        <form class="card quick-add" on:submit=save>
            <label class="field">
                <span>"Name"</span>
                <input
                    type="text"
                    node_ref=name_input
                    autocomplete="off"
                    prop:value=move || name.get()
                    on:input=move |ev| {
                        name.set(event_target_value(&ev));
                        duplicates.set(Vec::new());
                        saved.set(None);
                    }
                />
            </label>
            <label class="field">
                <span>"List"</span>
                <select
                    prop:value=move || list.get().letter()
                    on:change=move |ev| {
                        if let Some(l) = ListKind::from_letter(&event_target_value(&ev)) {
                            list.set(l);
                        }
                    }
                >
                    {ListKind::ALL
                        .iter()
                        .map(|l| view! { <option value=l.letter() selected=move || list.get() == *l>{l.label()}</option> })
                        .collect_view()}
                </select>
            </label>
            {duplicate_offer(duplicates, "Open", open_existing, move || add(true))}
            <FormError error=error />
            <p class="hint" role="status">{move || saved.get()}</p>
            <div class="stack">
                <button type="submit" class="btn" value="save">"Save"</button>
                <button type="submit" class="btn btn-quiet" value="another">"Save and add another"</button>
                <A href=more_details attr:class="btn btn-quiet">"More details"</A>
            </div>
        </form>
    }
}
