//! The two-minute pitch: writing versions with live word count and timing,
//! and practising against the clock.

mod pace;
pub mod practice;
mod versions;

use leptos::html;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::domain::Id;
use crate::domain::pitch::Pitch;
use crate::ui::browser::now_ms;
use crate::ui::state::use_app_state;
use pace::{PaceField, PitchEstimate};
use versions::{VersionActions, VersionPicker};

/// Writing the two-minute pitch.
#[component]
pub fn PitchPage() -> impl IntoView {
    let state = use_app_state();
    // The version picked in this visit; the default one until then.
    let chosen = RwSignal::new(None::<Id>);
    let name_input = NodeRef::<html::Input>::new();

    let current_id = Memo::new(move |_| {
        let chosen = chosen.get();
        state
            .notebook
            .with(|nb| nb.pitch_or_default(chosen).map(|p| p.id))
    });
    let has_versions = Memo::new(move |_| state.notebook.with(|nb| !nb.pitches.is_empty()));
    let current_field = move |f: fn(&Pitch) -> String| {
        let id = current_id.get();
        state
            .notebook
            .with(|nb| id.and_then(|id| nb.pitch(id)).map(f))
            .unwrap_or_default()
    };
    let text = Signal::derive(move || current_field(|p| p.text.clone()));
    let title = Signal::derive(move || current_field(|p| p.title.clone()));

    // Typing before any version exists creates the first one.
    let write = move |title: Option<String>, text: Option<String>| {
        let id = current_id.get_untracked();
        let written =
            state.apply(|nb| nb.write_pitch(id, title.as_deref(), text.as_deref(), now_ms()));
        if id.is_none() {
            chosen.set(Some(written));
        }
    };

    view! {
        <div class="title-row">
            <h1>"Pitch"</h1>
            <A href="/pitch/practice" attr:class="btn">"Practice"</A>
        </div>
        <p class="hint">
            "Keep a version for each audience, for example friends in list A and insiders at the employers you are aiming for."
        </p>
        <Show when=move || has_versions.get()>
            <VersionPicker current=current_id.into() on_pick=move |id| chosen.set(id) />
        </Show>
        <VersionActions
            chosen=chosen
            current=current_id
            title=title
            has_versions=has_versions
            name_input=name_input
        />
        <Show when=move || has_versions.get()>
            <label class="field">
                <span>"Version name"</span>
                <input
                    type="text"
                    autocomplete="off"
                    node_ref=name_input
                    prop:value=title
                    on:input=move |ev| write(Some(event_target_value(&ev)), None)
                />
            </label>
        </Show>
        <label class="field">
            <span>"Pitch text"</span>
            <textarea
                class="pitch-text"
                rows="10"
                aria-describedby="pitch-estimate"
                prop:value=text
                on:input=move |ev| write(None, Some(event_target_value(&ev)))
            ></textarea>
        </label>
        <PitchEstimate text=text />
        <PaceField />
    }
}
