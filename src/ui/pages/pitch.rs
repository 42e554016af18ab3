//! Writing the two-minute pitch: versions, live word count and timing.

use leptos::html;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::domain::Id;
use crate::domain::pitch::{
    PitchLength, WPM_RANGE, assess, clamp_wpm, format_duration_secs, speaking_secs, word_count,
};
use crate::ui::browser::{confirm, now_ms};
use crate::ui::state::use_app_state;

/// The title a version shows with, never blank.
pub fn version_label(title: &str, is_default: bool) -> String {
    let title = match title.trim() {
        "" => "Untitled version",
        t => t,
    };
    if is_default {
        format!("{title} (default)")
    } else {
        title.to_string()
    }
}

/// "212 words · about 1:38 at 130 words per minute".
fn estimate_text(words: usize, wpm: u32) -> String {
    let wpm = clamp_wpm(wpm);
    let noun = if words == 1 { "word" } else { "words" };
    format!(
        "{words} {noun} · about {} at {wpm} words per minute",
        format_duration_secs(speaking_secs(words, wpm))
    )
}

/// Writing the two-minute pitch.
#[component]
pub fn PitchPage() -> impl IntoView {
    let state = use_app_state();
    // The version picked in this visit; the default one until then.
    let chosen = RwSignal::new(None::<Id>);
    let name_input = NodeRef::<html::Input>::new();
    let new_button = NodeRef::<html::Button>::new();

    let current_id = Memo::new(move |_| {
        let chosen = chosen.get();
        state.notebook.with(|nb| {
            chosen
                .and_then(|id| nb.pitch(id))
                .or_else(|| nb.default_pitch())
                .map(|p| p.id)
        })
    });
    let is_default = Memo::new(move |_| {
        let id = current_id.get();
        id.is_some()
            && state
                .notebook
                .with(|nb| nb.default_pitch().map(|p| p.id) == id)
    });
    let has_versions = Memo::new(move |_| state.notebook.with(|nb| !nb.pitches.is_empty()));
    let current_field = move |f: fn(&crate::domain::pitch::Pitch) -> String| {
        let id = current_id.get();
        state
            .notebook
            .with(|nb| id.and_then(|id| nb.pitch(id)).map(f))
            .unwrap_or_default()
    };
    let text = move || current_field(|p| p.text.clone());
    let title = move || current_field(|p| p.title.clone());
    let wpm = Memo::new(move |_| state.notebook.with(|nb| nb.settings.words_per_minute));
    let words = Memo::new(move |_| word_count(&text()));
    let length = Memo::new(move |_| assess(&text(), wpm.get()));

    // Typing before any version exists creates the first one.
    let write = move |title: Option<String>, text: Option<String>| {
        let now = now_ms();
        match current_id.get_untracked() {
            Some(id) => {
                state.update(|nb| nb.edit_pitch(id, title.as_deref(), text.as_deref(), now))
            }
            None => {
                let id = state.apply(|nb| {
                    nb.add_pitch(
                        title.as_deref().unwrap_or("My pitch"),
                        text.as_deref().unwrap_or_default(),
                        now,
                    )
                });
                chosen.set(Some(id));
            }
        }
    };

    let options = move || {
        state.notebook.with(|nb| {
            let default = nb.default_pitch().map(|p| p.id);
            nb.pitches
                .iter()
                .map(|p| (p.id, version_label(&p.title, Some(p.id) == default)))
                .collect::<Vec<_>>()
        })
    };

    let new_version = move |_| {
        let id = state.apply(|nb| nb.add_pitch("", "", now_ms()));
        chosen.set(Some(id));
        if let Some(input) = name_input.get() {
            let _ = input.focus();
            input.select();
        }
    };
    let make_default = move |_| {
        if let Some(id) = current_id.get_untracked() {
            state.update(|nb| nb.set_default_pitch(id));
        }
    };
    let delete_version = move |_| {
        let Some(id) = current_id.get_untracked() else {
            return;
        };
        let label = version_label(&title(), false);
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

    // The pace as typed; only values in range are saved.
    let wpm_draft = RwSignal::new(wpm.get_untracked().to_string());
    let wpm_error = RwSignal::new(false);
    let set_wpm = move |value: String| {
        wpm_draft.set(value.clone());
        let in_range = match value.trim().parse::<u32>() {
            Ok(n) if !WPM_RANGE.contains(&n) => false,
            // Retyping the pace already kept changes nothing.
            Ok(n) if wpm.get_untracked() == n => true,
            Ok(n) => state.apply(|nb| nb.set_words_per_minute(n)),
            Err(_) => false,
        };
        wpm_error.set(!in_range);
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
            <label class="field">
                <span>"Pitch version"</span>
                <select
                    prop:value=move || current_id.get().map(|id| id.to_string()).unwrap_or_default()
                    on:change=move |ev| chosen.set(event_target_value(&ev).parse().ok())
                >
                    {move || {
                        let current = current_id.get();
                        options()
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
        </Show>
        <div class="stack pitch-actions">
            <button type="button" class="btn btn-quiet" node_ref=new_button on:click=new_version>
                "New version"
            </button>
            <Show when=move || has_versions.get()>
                <button
                    type="button"
                    class="btn btn-quiet"
                    disabled=move || is_default.get()
                    on:click=make_default
                >
                    "Make default"
                </button>
                <button type="button" class="btn btn-danger" on:click=delete_version>
                    "Delete version"
                </button>
            </Show>
        </div>
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
        <div id="pitch-estimate" class="pitch-estimate" aria-live="polite">
            {move || match length.get() {
                PitchLength::Empty => view! {
                    <p class="hint">
                        "In under two minutes, say who you are, what you have done (one or two results you are proud of), what you are exploring now, and the advice or introductions that would help. Ask for insight, never for a job."
                    </p>
                }
                .into_any(),
                PitchLength::Fine => view! {
                    <p class="pitch-count">{estimate_text(words.get(), wpm.get())}</p>
                }
                .into_any(),
                PitchLength::Long => view! {
                    <p class="pitch-count">{estimate_text(words.get(), wpm.get())}</p>
                    <p class="warning">
                        "Longer than two minutes. Try trimming it: keep one or two achievements and the question you want to ask."
                    </p>
                }
                .into_any(),
            }}
        </div>
        <label class="field wpm-field">
            <span>"Words per minute"</span>
            <input
                type="number"
                inputmode="numeric"
                min="60"
                max="250"
                step="1"
                aria-invalid=move || wpm_error.get().then_some("true")
                aria-describedby="wpm-help"
                prop:value=move || wpm_draft.get()
                on:input=move |ev| set_wpm(event_target_value(&ev))
            />
        </label>
        <p id="wpm-help" class=move || if wpm_error.get() { "error" } else { "hint" }>
            {move || {
                if wpm_error.get() {
                    "Enter a whole number from 60 to 250. Your last valid pace is still used."
                } else {
                    "Most people speak 120 to 150 words per minute in conversation."
                }
            }}
        </p>
    }
}
