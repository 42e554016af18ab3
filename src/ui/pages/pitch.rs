use leptos::prelude::*;

use crate::ui::state::use_app_state;

/// Writing the two-minute pitch.
#[component]
pub fn PitchPage() -> impl IntoView {
    let state = use_app_state();
    let words = move || state.notebook.read().pitch.split_whitespace().count();
    view! {
        <h1>"Pitch"</h1>
        <p class="hint">
            "Who you are, what you have done, what you are exploring, and what advice you are after: two minutes at most."
        </p>
        <label class="field">
            <span>"Pitch text"</span>
            <textarea
                rows="10"
                prop:value=move || state.notebook.read().pitch.clone()
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    state.update(|nb| nb.pitch = text);
                }
            ></textarea>
        </label>
        <p aria-live="polite">{move || format!("{} words", words())}</p>
    }
}
