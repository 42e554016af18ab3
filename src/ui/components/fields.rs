//! Labelled form fields bound to a closure pair, so every control has a
//! visible, accessible name.

use leptos::prelude::*;

/// A labelled single-line input.
pub fn text_field(
    label: &'static str,
    input_type: &'static str,
    get: impl Fn() -> String + Send + Sync + 'static,
    set: impl Fn(String) + 'static,
) -> impl IntoView {
    input_field(label, input_type, "off", get, set)
}

/// A labelled single-line input; `autocomplete` names what the browser may
/// fill in (`username`, `url`...), and such fields are never capitalised by
/// phone keyboards, since addresses and user names are exact.
pub fn input_field(
    label: &'static str,
    input_type: &'static str,
    autocomplete: &'static str,
    get: impl Fn() -> String + Send + Sync + 'static,
    set: impl Fn(String) + 'static,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <input
                type=input_type
                prop:value=get
                on:input=move |ev| set(event_target_value(&ev))
                autocomplete=autocomplete
                autocapitalize=(autocomplete != "off").then_some("off")
            />
        </label>
    }
}

/// A labelled multi-line input.
pub fn text_area(
    label: &'static str,
    rows: u32,
    get: impl Fn() -> String + Send + Sync + 'static,
    set: impl Fn(String) + 'static,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <textarea rows=rows prop:value=get on:input=move |ev| set(event_target_value(&ev))></textarea>
        </label>
    }
}

/// A labelled select from `(value, label)` options.
pub fn select_field(
    label: &'static str,
    options: impl Fn() -> Vec<(String, String)> + Send + Sync + 'static,
    get: impl Fn() -> String + Send + Sync + Clone + 'static,
    set: impl Fn(String) + 'static,
) -> impl IntoView {
    let selected = get.clone();
    view! {
        <label class="field">
            <span>{label}</span>
            <select prop:value=get on:change=move |ev| set(event_target_value(&ev))>
                {move || {
                    let current = selected();
                    options()
                        .into_iter()
                        .map(|(value, text)| {
                            let is = value == current;
                            view! { <option value=value selected=is>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </label>
    }
}

/// A labelled choice of one contact, by name, with a first "none" option.
pub fn contact_picker(
    label: &'static str,
    none_label: &'static str,
    get: impl Fn() -> Option<crate::domain::Id> + Send + Sync + Copy + 'static,
    set: impl Fn(Option<crate::domain::Id>) + 'static,
) -> impl IntoView {
    let state = crate::ui::state::use_app_state();
    let contacts = move || {
        state.notebook.with(|nb| {
            nb.contacts_by_name()
                .into_iter()
                .map(|c| (c.id, format!("{} ({})", c.name, c.list.letter())))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <label class="field">
            <span>{label}</span>
            <select on:change=move |ev| set(event_target_value(&ev).parse().ok())>
                <option value="" selected=move || get().is_none()>{none_label}</option>
                {move || {
                    contacts()
                        .into_iter()
                        .map(|(id, name)| {
                            view! {
                                <option value=id.to_string() selected=move || get() == Some(id)>
                                    {name}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
        </label>
    }
}

/// Why the form was refused, announced as it appears.
#[component]
pub fn FormError(error: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || error.read().is_some()>
            <p class="error" role="alert">{move || error.get()}</p>
        </Show>
    }
}

/// The end of an edit form: why it was refused, if it was, and Save.
#[component]
pub fn FormFooter(error: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        <FormError error=error />
        <button type="submit" class="btn">"Save"</button>
    }
}

/// The list a new person goes on, A, B or C.
#[component]
pub fn ListSelect(list: RwSignal<crate::domain::ListKind>) -> impl IntoView {
    use crate::domain::ListKind;
    view! {
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
    }
}
