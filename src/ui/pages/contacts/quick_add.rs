//! Adding a contact in two taps: name and list, with the full form a tap
//! away.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::domain::{Contact, Id, ListKind};
use crate::ui::browser::now_ms;
use crate::ui::components::duplicates::{duplicate_offer, name_field};
use crate::ui::components::fields::{FormError, ListSelect, Refusal};
use crate::ui::drafts::{draft_signal, forget_draft};
use crate::ui::state::use_app_state;

/// The draft of the name typed in quick add: while one is kept, the
/// contacts screen opens with quick add open.
pub const NAME_DRAFT: &str = "contacts.quick.name";
const LIST_DRAFT: &str = "contacts.quick.list";

/// Drops what quick add kept: the person was added (here or through the
/// full form it led to), or turned out to be in the notebook already.
pub fn forget_quick_add() {
    forget_draft(NAME_DRAFT);
    forget_draft(LIST_DRAFT);
}

/// Name and list, saved in one more tap; the full form is a tap away.
#[component]
pub fn QuickAdd(default_list: RwSignal<Option<ListKind>>, done: RwSignal<bool>) -> impl IntoView {
    let state = use_app_state();
    // Drafts, as in every form: closing it, leaving the screen or a reload
    // keeps what was typed.
    let had_name = crate::ui::drafts::draft_kept(NAME_DRAFT);
    let (name, _) = draft_signal(NAME_DRAFT.into(), String::new());
    let first_list = default_list.get_untracked().unwrap_or(ListKind::A);
    // Kept against a fixed start, so that a list taken from the filter is
    // kept as well; it counts only with a name.
    let (list, _) = draft_signal(LIST_DRAFT.into(), ListKind::A);
    if !had_name {
        list.set(first_list);
    }
    let error = RwSignal::new(None::<Refusal>);
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
                error.set(None);
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
                    // Said where it cannot be missed: a search or list
                    // filter may keep the new row out of sight.
                    state.confirm_done(format!("{} added.", typed.trim()));
                    list.set(first_list);
                    done.set(false);
                }
            }
            Err(e) => error.set(Some(e.into())),
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
        forget_quick_add();
        use_navigate()(&format!("/contacts/{id}"), NavigateOptions::default());
    };
    view! {
        <form class="card quick-add" on:submit=save>
            {name_field("Name", name, duplicates, saved, name_input)}
            <ListSelect list=list />
            {duplicate_offer(duplicates, "Open", open_existing, move || add(true))}
            <FormError error=error />
            <p class="hint" role="status">{move || saved.get()}</p>
            <div class="stack">
                <button type="submit" class="btn" value="save">"Save"</button>
                <button type="submit" class="btn btn-quiet" value="another">"Save and add another"</button>
                // Kept until the full form saves: leaving it first comes
                // back here.
                <A href=more_details attr:class="btn btn-quiet">"More details"</A>
            </div>
        </form>
    }
}
