//! Offering a contact already in the notebook instead of adding them twice.

use leptos::prelude::*;

use crate::domain::Id;
use crate::ui::state::use_app_state;

/// "Already in your contacts": one button per likely match ("Link Dev
/// Patel (A)"), and one to add a new person after all.
pub fn duplicate_offer(
    matches: RwSignal<Vec<Id>>,
    verb: &'static str,
    on_pick: impl Fn(Id) + 'static,
    on_new: impl Fn() + 'static,
) -> impl IntoView {
    let state = use_app_state();
    let on_pick = StoredValue::new_local(on_pick);
    let on_new = StoredValue::new_local(on_new);
    let labels = move || {
        state.notebook.with(|nb| {
            matches
                .get()
                .into_iter()
                .filter_map(|id| nb.contact_label(id).map(|l| (id, l)))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Show when=move || !matches.read().is_empty()>
            <div class="duplicate-offer" role="group" aria-label="Already in your contacts">
                <p role="status">"This person may already be in your contacts."</p>
                <div class="stack">
                    {move || labels().into_iter().map(|(id, label)| view! {
                        <button type="button" class="btn" on:click=move |_| on_pick.with_value(|f| f(id))>
                            {format!("{verb} {label}")}
                        </button>
                    }).collect_view()}
                    <button type="button" class="btn btn-quiet" on:click=move |_| on_new.with_value(|f| f())>
                        "No, add a new person"
                    </button>
                </div>
            </div>
        </Show>
    }
}

/// Adds the person named unless someone in the notebook may be them; those
/// are then offered (through `matches`) instead, and the form's last
/// `error` ("Please enter a name.") goes, since a name was given.
pub fn create_unless_known(
    name: &str,
    matches: RwSignal<Vec<Id>>,
    error: RwSignal<Option<super::fields::Refusal>>,
    create: impl FnOnce(),
) {
    let found = use_app_state()
        .notebook
        .with_untracked(|nb| nb.possible_duplicates(name, "", None));
    if found.is_empty() {
        create();
    } else {
        error.set(None);
        matches.set(found);
    }
}

/// The name of the person being added. Another name withdraws the matches
/// offered for the last one, and the note of who was added before.
pub fn name_field(
    label: &'static str,
    name: RwSignal<String>,
    matches: RwSignal<Vec<Id>>,
    added: RwSignal<Option<String>>,
    input: NodeRef<leptos::html::Input>,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <input
                type="text"
                autocomplete="off"
                node_ref=input
                prop:value=move || name.get()
                on:input=move |ev| {
                    name.set(event_target_value(&ev));
                    matches.set(Vec::new());
                    added.set(None);
                }
            />
        </label>
    }
}
