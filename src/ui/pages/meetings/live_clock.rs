//! Meeting mode's clock: the bar pinned to the top, the heading with pause
//! and end, and the pitch that folds away once given.

use leptos::prelude::*;

use crate::domain::Id;
use crate::domain::clock::{MeetingClock, Phase, format_countdown};
use crate::ui::browser::now_ms;
use crate::ui::components::meeting_parts::confirm_end;
use crate::ui::state::use_app_state;

/// The phase of a clock at a time; a meeting without one is at its pitch.
fn phase_at(clock: Memo<Option<MeetingClock>>, now: RwSignal<i64>) -> Phase {
    clock
        .get()
        .map(|c| c.phase(now.get()))
        .unwrap_or(Phase::Pitch)
}

/// Time left, the phase and the pitch countdown, always in sight.
#[component]
pub fn MeetingBar(
    clock: Memo<Option<MeetingClock>>,
    now: RwSignal<i64>,
    cue: RwSignal<bool>,
) -> impl IntoView {
    let remaining = move || {
        clock
            .get()
            .map(|c| c.remaining_ms(now.get()))
            .unwrap_or_default()
    };
    let pitch_left = move || {
        clock
            .get()
            .map(|c| c.pitch_remaining_ms(now.get()))
            .unwrap_or_default()
    };
    let paused = move || clock.get().is_some_and(|c| c.is_paused());
    view! {
        // Stays at the top while the notes below are being written, so the
        // time left and the phase are always in sight.
        <div class="meeting-bar" class:cue=move || cue.get()>
            <div
                role="timer"
                aria-label="Time remaining"
                class="meeting-timer"
                class:overtime=move || remaining() < 0
            >
                {move || format_countdown(remaining())}
            </div>
            // Only the phase is announced; the countdowns would otherwise
            // be read out every second.
            <div role="status" aria-live="polite" class="phase-now">
                <strong class="phase-title">{move || phase_at(clock, now).title()}</strong>
            </div>
            <Show when=move || phase_at(clock, now) == Phase::Pitch>
                <span class="pitch-timer">
                    {move || format!("Pitch: {} left", format_countdown(pitch_left()))}
                </span>
            </Show>
            <Show when=paused>
                <span class="paused-note">"Paused"</span>
            </Show>
        </div>
    }
}

/// Who the meeting is with, the phase's cue, and pause and end.
#[component]
pub fn LiveHeader(
    id: Id,
    clock: Memo<Option<MeetingClock>>,
    now: RwSignal<i64>,
    cue: RwSignal<bool>,
    on_end: impl Fn() + 'static,
) -> impl IntoView {
    let state = use_app_state();
    let name = state.notebook.with_untracked(|nb| {
        nb.meeting(id)
            .map(|m| m.contact_name.clone())
            .unwrap_or_default()
    });
    let paused = move || clock.get().is_some_and(|c| c.is_paused());
    let toggle_pause = move |_| {
        let t = now_ms();
        state.update(|nb| nb.toggle_meeting_pause(id, t));
        now.set(t);
    };
    view! {
        <header class="meeting-head">
            <h1 class="meeting-title">{format!("Meeting with {name}")}</h1>
            <p class="phase" class:cue=move || cue.get()>
                <span class="phase-cue">{move || phase_at(clock, now).cue()}</span>
            </p>
            <div class="stack">
                <button type="button" class="btn btn-quiet" on:click=toggle_pause>
                    {move || if paused() { "Resume" } else { "Pause" }}
                </button>
                {confirm_end(on_end)}
            </div>
            <Show when=paused>
                <p class="hint">"Paused: the clock is stopped."</p>
            </Show>
        </header>
    }
}

/// The pitch for this meeting, folded away and back with one tap.
#[component]
pub fn PitchPanel(id: Id, show: RwSignal<bool>) -> impl IntoView {
    let state = use_app_state();
    let pitch_text = move || {
        state.notebook.with(|nb| {
            nb.meeting_pitch(id)
                .map(|p| p.text.clone())
                .unwrap_or_default()
        })
    };
    view! {
        <section class="card" aria-labelledby="pitch-heading">
            <h2 id="pitch-heading" class="collapsible">
                <button
                    type="button"
                    class="btn btn-quiet disclosure"
                    aria-expanded=move || show.get().to_string()
                    aria-controls="pitch-body"
                    on:click=move |_| show.update(|s| *s = !*s)
                >
                    "Pitch"
                </button>
            </h2>
            <div id="pitch-body" class="pitch-body prewrap" hidden=move || !show.get()>
                {move || {
                    let t = pitch_text();
                    if t.is_empty() { "No pitch written yet.".to_string() } else { t }
                }}
            </div>
        </section>
    }
}
