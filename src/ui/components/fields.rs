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
    view! {
        <label class="field">
            <span>{label}</span>
            <input
                type=input_type
                prop:value=get
                on:input=move |ev| set(event_target_value(&ev))
                autocomplete="off"
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
