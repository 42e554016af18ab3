//! Choosing, adding, making default and deleting pitch versions.

use leptos::html;
use leptos::prelude::*;

use crate::domain::Id;
use crate::domain::pitch::version_label;
use crate::ui::browser::{confirm, now_ms};
use crate::ui::state::use_app_state;

/// The "Pitch version" select, shared by writing and practice.
#[component]
pub fn VersionPicker(
    current: Signal<Option<Id>>,
    on_pick: impl Fn(Option<Id>) + 'static,
) -> impl IntoView {
    let state = use_app_state();
    view! {
        <label class="field">
            <span>"Pitch version"</span>
            <select
                prop:value=move || current.get().map(|id| id.to_string()).unwrap_or_default()
                on:change=move |ev| on_pick(event_target_value(&ev).parse().ok())
            >
                {move || {
                    let current = current.get();
                    state
                        .notebook
                        .with(|nb| nb.pitch_versions())
                        .into_iter()
                        .map(|(id, label)| {
                            view! {
                                <option value=id.to_string() selected=Some(id) == current>
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
        </label>
    }
}

/// New version, make default and delete, with focus kept where the user
/// can go on.
#[component]
pub fn VersionActions(
    chosen: RwSignal<Option<Id>>,
    current: Memo<Option<Id>>,
    title: Signal<String>,
    has_versions: Memo<bool>,
    name_input: NodeRef<html::Input>,
) -> impl IntoView {
    let state = use_app_state();
    let new_button = NodeRef::<html::Button>::new();
    let is_default = Memo::new(move |_| {
        let id = current.get();
        id.is_some()
            && state
                .notebook
                .with(|nb| nb.default_pitch().map(|p| p.id) == id)
    });
    // The new version's suggested name, put in the field now (before the
    // field is redrawn with it), selected, so that typing replaces it.
    let name_new_version = move |input: web_sys::HtmlInputElement, id: Id| {
        let title = state
            .notebook
            .with_untracked(|nb| nb.pitch(id).map(|p| p.title.clone()))
            .unwrap_or_default();
        input.set_value(&title);
        let _ = input.focus();
        input.select();
    };
    // The first version's name field is drawn only once it exists: it
    // takes focus then, or a space typed next would press "New version"
    // again.
    let name_pending = StoredValue::new(false);
    Effect::new(move |_| {
        if let Some(input) = name_input.get()
            && name_pending.get_value()
        {
            name_pending.set_value(false);
            if let Some(id) = chosen.get_untracked() {
                name_new_version(input, id);
            }
        }
    });
    let new_version = move |_| {
        let id = state.apply(|nb| nb.add_pitch("", "", now_ms()));
        chosen.set(Some(id));
        match name_input.get_untracked() {
            Some(input) => name_new_version(input, id),
            None => name_pending.set_value(true),
        }
    };
    let make_default = move |_| {
        if is_default.get_untracked() {
            return;
        }
        if let Some(id) = current.get_untracked() {
            state.update(|nb| nb.set_default_pitch(id));
        }
    };
    let delete_version = move |_| {
        let Some(id) = current.get_untracked() else {
            return;
        };
        let label = version_label(&title.get_untracked(), false);
        if confirm(&format!(
            "Delete the pitch version “{label}”? Its text cannot be brought back."
        )) {
            state.update(|nb| nb.delete_pitch(id));
            chosen.set(None);
            if let Some(button) = new_button.get() {
                let _ = button.focus();
            }
        }
    };
    view! {
        <div class="stack pitch-actions">
            <button type="button" class="btn btn-quiet" node_ref=new_button on:click=new_version>
                "New version"
            </button>
            <Show when=move || has_versions.get()>
                <button
                    type="button"
                    class="btn btn-quiet"
                    // Not disabled: pressing it must not drop keyboard focus.
                    aria-disabled=move || is_default.get().then_some("true")
                    on:click=make_default
                >
                    "Make default"
                </button>
                <button type="button" class="btn btn-danger" on:click=delete_version>
                    "Delete version"
                </button>
            </Show>
        </div>
    }
}
