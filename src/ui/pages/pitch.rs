use leptos::prelude::*;

use crate::ui::browser::now_ms;
use crate::ui::state::use_app_state;

/// Writing the two-minute pitch.
#[component]
pub fn PitchPage() -> impl IntoView {
    let state = use_app_state();
    let text = move || {
        state
            .notebook
            .read()
            .default_pitch()
            .map(|p| p.text.clone())
            .unwrap_or_default()
    };
    let set_text = move |value: String| {
        state.update(|nb| match nb.default_pitch().map(|p| p.id) {
            Some(id) => nb.edit_pitch(id, None, Some(&value), now_ms()),
            None => {
                nb.add_pitch("My pitch", &value, now_ms());
            }
        })
    };
    view! {
        <h1>"Pitch"</h1>
        <label class="field">
            <span>"Pitch text"</span>
            <textarea rows="10" prop:value=text on:input=move |ev| set_text(event_target_value(&ev))></textarea>
        </label>
    }
}
