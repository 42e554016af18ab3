//! How long the pitch takes to say, and the speaking pace it is timed at.

use leptos::prelude::*;

use crate::domain::pitch::{
    PitchLength, WPM_RANGE, assess, clamp_wpm, format_duration_secs, speaking_secs, word_count,
};
use crate::ui::state::use_app_state;

/// "212 words · about 1:38 at 130 words per minute".
fn estimate_text(words: usize, wpm: u32) -> String {
    let wpm = clamp_wpm(wpm);
    let noun = if words == 1 { "word" } else { "words" };
    format!(
        "{words} {noun} · about {} at {wpm} words per minute",
        format_duration_secs(speaking_secs(words, wpm))
    )
}

/// The word count and speaking time of `text`, with a warning past two
/// minutes.
#[component]
pub fn PitchEstimate(text: Signal<String>) -> impl IntoView {
    let state = use_app_state();
    let wpm = Memo::new(move |_| state.notebook.with(|nb| nb.settings.words_per_minute));
    let words = Memo::new(move |_| word_count(&text.get()));
    let length = Memo::new(move |_| assess(&text.get(), wpm.get()));
    view! {
        // The field's description, read when it is focused; only going
        // past two minutes is announced as it happens, not every word.
        <p class="visually-hidden" aria-live="polite">
            {move || (length.get() == PitchLength::Long).then_some("Longer than two minutes.")}
        </p>
        <div id="pitch-estimate" class="pitch-estimate">
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
    }
}

/// The speaking pace as typed; only values in range are saved.
#[component]
pub fn PaceField() -> impl IntoView {
    let state = use_app_state();
    let wpm = Memo::new(move |_| state.notebook.with(|nb| nb.settings.words_per_minute));
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
