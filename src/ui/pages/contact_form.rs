//! The full contact form, for adding and editing.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::domain::notebook::parse_tags;
use crate::domain::records::Record;
use crate::domain::search::normalize;
use crate::domain::{Contact, Id, ListKind};
use crate::ui::browser::now_ms;
use crate::ui::components::fields::{select_field, text_area, text_field};
use crate::ui::state::use_app_state;

/// Adds a contact with every detail.
#[component]
pub fn NewContactPage() -> impl IntoView {
    view! {
        <h1>"New contact"</h1>
        <ContactForm initial=Contact::default() />
    }
}

/// Edits an existing contact.
#[component]
pub fn EditContactPage() -> impl IntoView {
    let state = use_app_state();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<Id>().ok());
    let initial = id().and_then(|id| state.notebook.read_untracked().contact(id).cloned());
    match initial {
        Some(c) => view! {
            <h1>"Edit contact"</h1>
            <ContactForm initial=c />
        }
        .into_any(),
        None => view! {
            <h1>"Contact not found"</h1>
            <p>"This contact no longer exists."</p>
        }
        .into_any(),
    }
}

fn id_to_string(id: Option<Id>) -> String {
    id.map(|i| i.to_string()).unwrap_or_default()
}

/// Every field of a contact; saves and returns to the contact's page.
#[component]
fn ContactForm(initial: Contact) -> impl IntoView {
    let state = use_app_state();
    let navigate = use_navigate();
    let is_new = initial.id == 0;
    let own_id = initial.id;
    let tags = RwSignal::new(initial.tags.join(", "));
    // What the form was filled from, so saving applies only what the user
    // changed here, over anything another window changed meanwhile.
    let base = StoredValue::new(initial.clone());
    let draft = RwSignal::new(initial);
    let error = RwSignal::new(None::<String>);

    let org_options = move || {
        let mut opts = vec![(String::new(), "None".to_string())];
        state.notebook.with(|nb| {
            opts.extend(
                nb.ranked_organizations()
                    .into_iter()
                    .map(|o| (o.id.to_string(), o.name.clone())),
            )
        });
        opts
    };
    let referrer_options = move || {
        let mut opts = vec![(String::new(), "Nobody: I know them directly".to_string())];
        state.notebook.with(|nb| {
            let mut people: Vec<&Contact> = nb.contacts.iter().filter(|c| c.id != own_id).collect();
            people.sort_by_cached_key(|c| normalize(&c.name));
            opts.extend(people.into_iter().map(|c| {
                (
                    c.id.to_string(),
                    format!("{} ({})", c.name, c.list.letter()),
                )
            }));
        });
        opts
    };

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut contact = draft.get_untracked();
        contact.tags = parse_tags(&tags.get_untracked());
        let now = now_ms();
        let base = base.get_value();
        let result = state.apply(|nb| {
            if is_new {
                nb.add_contact(contact, now).map(|id| (id, None))
            } else {
                let id = contact.id;
                nb.update_contact_from(&base, contact, now)
                    .map(|other| (id, other))
            }
        });
        let result = result.map(|(id, other)| {
            if let Some(other) = other {
                state.keep_conflict(Record::Contact(other), Vec::new());
            }
            id
        });
        match result {
            Ok(id) => navigate(&format!("/contacts/{id}"), NavigateOptions::default()),
            Err(e) => error.set(Some(e.to_string())),
        }
    };

    view! {
        <form class="form" on:submit=save novalidate>
            {text_field("Name", "text", move || draft.read().name.clone(), move |v| draft.update(|d| d.name = v))}
            {select_field(
                "List",
                || ListKind::ALL.iter().map(|l| (l.letter().to_string(), l.label().to_string())).collect(),
                move || draft.read().list.letter().to_string(),
                move |v| {
                    if let Some(l) = ListKind::from_letter(&v) {
                        draft.update(|d| d.list = l)
                    }
                },
            )}
            {select_field(
                "Organization",
                org_options,
                move || id_to_string(draft.read().organization),
                move |v| draft.update(|d| d.organization = v.parse().ok()),
            )}
            {text_field("Role", "text", move || draft.read().role.clone(), move |v| draft.update(|d| d.role = v))}
            {select_field(
                "Referred by",
                referrer_options,
                move || id_to_string(draft.read().referred_by),
                move |v| draft.update(|d| d.referred_by = v.parse().ok()),
            )}
            {text_field("How we met", "text", move || draft.read().how_met.clone(), move |v| draft.update(|d| d.how_met = v))}
            {text_field("Email", "email", move || draft.read().email.clone(), move |v| draft.update(|d| d.email = v))}
            {text_field("Phone", "tel", move || draft.read().phone.clone(), move |v| draft.update(|d| d.phone = v))}
            {text_field("LinkedIn or web page", "url", move || draft.read().url.clone(), move |v| draft.update(|d| d.url = v))}
            {text_field("Tags (separated by commas)", "text", move || tags.get(), move |v| tags.set(v))}
            {text_area("How I can help", 3, move || draft.read().how_i_can_help.clone(), move |v| draft.update(|d| d.how_i_can_help = v))}
            {text_area("Notes", 4, move || draft.read().notes.clone(), move |v| draft.update(|d| d.notes = v))}
            {text_field(
                "Remind me to keep in touch every … days (empty: never)",
                "number",
                move || draft.read().keep_in_touch_days.map(|d| d.to_string()).unwrap_or_default(),
                move |v| draft.update(|d| d.keep_in_touch_days = v.trim().parse().ok().filter(|n: &u32| *n > 0)),
            )}
            <label class="check">
                <input
                    type="checkbox"
                    prop:checked=move || draft.read().decision_maker
                    on:change=move |ev| draft.update(|d| d.decision_maker = event_target_checked(&ev))
                />
                <span>"Decision maker (can hire)"</span>
            </label>
            <Show when=move || error.read().is_some()>
                <p class="error" role="alert">{move || error.get()}</p>
            </Show>
            <button type="submit" class="btn">"Save"</button>
        </form>
    }
}
