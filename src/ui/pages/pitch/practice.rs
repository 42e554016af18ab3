//! Rehearsing the pitch against a two-minute countdown.

use leptos::html;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_use_interval_fn::{UseIntervalFnOptions, use_interval_fn_with_options};

use super::versions::VersionPicker;
use crate::domain::Id;
use crate::domain::pitch::{
    PracticeCountdown, clamp_wpm, format_duration_secs, scroll_offset_fraction, word_count,
};
use crate::ui::browser::now_ms;
use crate::ui::hooks::use_prefers_reduced_motion;
use crate::ui::state::use_app_state;

/// How often the display catches up with the clock. The time shown is
/// always computed from timestamps, so a late or skipped tick (a hidden tab,
/// a sleeping phone) never makes the countdown drift.
const REFRESH_MS: u64 = 200;

/// Rehearsing the pitch against a two-minute countdown.
#[component]
pub fn PracticePage() -> impl IntoView {
    let state = use_app_state();
    let chosen = RwSignal::new(None::<Id>);
    let now = RwSignal::new(now_ms());
    let countdown = RwSignal::new(PracticeCountdown::default());
    let follow = RwSignal::new(false);
    let reduced = use_prefers_reduced_motion();
    let region = NodeRef::<html::Section>::new();

    let pitch = Memo::new(move |_| {
        let chosen = chosen.get();
        state
            .notebook
            .with(|nb| nb.pitch_or_default(chosen).cloned())
    });
    let has_pitch = Memo::new(move |_| pitch.read().is_some());
    let several = Memo::new(move |_| state.notebook.with(|nb| nb.pitches.len() > 1));
    let words = Memo::new(move |_| pitch.read().as_ref().map_or(0, |p| word_count(&p.text)));
    let wpm = Memo::new(move |_| state.notebook.with(|nb| nb.settings.words_per_minute));

    // Keep the text moving at speaking pace while the countdown runs.
    Effect::new(move |_| {
        let now = now.get();
        let clock = countdown.get();
        if !follow.get() || reduced.get() || !clock.is_started() {
            return;
        }
        let fraction = scroll_offset_fraction(clock.elapsed_ms(now), words.get(), wpm.get());
        if let Some(el) = region.get() {
            let room = el.scroll_height() - el.client_height();
            if room > 0 {
                el.set_scroll_top((fraction * f64::from(room)).round() as i32);
            }
        }
    });
    let to_top = move || {
        if let Some(el) = region.get() {
            el.set_scroll_top(0);
        }
    };
    let current = Signal::derive(move || pitch.read().as_ref().map(|p| p.id));
    let text = move || {
        pitch
            .read()
            .as_ref()
            .map(|p| p.text.clone())
            .unwrap_or_default()
    };

    view! {
        <h1>"Practice"</h1>
        <Show
            when=move || has_pitch.get()
            fallback=|| {
                view! {
                    <p class="empty">
                        "There is no pitch to practise yet. "
                        <A href="/pitch">"Write your pitch"</A>
                        " first, then come back to rehearse it against the clock."
                    </p>
                }
            }
        >
            <Show when=move || several.get()>
                <VersionPicker current=current on_pick=move |id| {
                    chosen.set(id);
                    to_top();
                } />
            </Show>
            <PracticeClock countdown=countdown now=now on_reset=to_top />
            <section class="practice-text" aria-label="Pitch" tabindex="0" node_ref=region>
                {move || paragraphs(&text())}
            </section>
            <ScrollAlong follow=follow reduced=reduced wpm=wpm />
        </Show>
        <div class="practice-back">
            <A href="/pitch" attr:class="btn btn-quiet">"Back to pitch"</A>
        </div>
    }
}

/// The pitch text as paragraphs, split at blank lines.
fn paragraphs(text: &str) -> AnyView {
    if text.trim().is_empty() {
        return view! { <p class="empty">"This version has no text yet."</p> }.into_any();
    }
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| view! { <p>{p.to_string()}</p> })
        .collect_view()
        .into_any()
}

/// The countdown and its Start, Pause and Reset buttons.
#[component]
fn PracticeClock(
    countdown: RwSignal<PracticeCountdown>,
    now: RwSignal<i64>,
    on_reset: impl Fn() + 'static,
) -> impl IntoView {
    let running = Memo::new(move |_| countdown.get().is_running(now.get()));
    let over = Memo::new(move |_| countdown.get().is_over(now.get()));
    let paused = Memo::new(move |_| countdown.get().is_paused());
    let remaining = move || format_duration_secs(countdown.get().remaining_secs(now.get()));

    // The interval only runs while the countdown does.
    let ticker = use_interval_fn_with_options(
        move || now.set(now_ms()),
        REFRESH_MS,
        UseIntervalFnOptions::default().immediate(false),
    );
    let (resume_ticks, pause_ticks) = (ticker.resume, ticker.pause);
    Effect::new(move |_| {
        if running.get() {
            resume_ticks();
        } else {
            pause_ticks();
        }
    });
    let act = move |f: fn(&mut PracticeCountdown, i64)| {
        let t = now_ms();
        now.set(t);
        countdown.update(|c| f(c, t));
    };
    let reset = move |_| {
        now.set(now_ms());
        countdown.set(PracticeCountdown::default());
        on_reset();
    };
    view! {
        <div class="practice-clock">
            <p class="practice-timer" role="timer" aria-label="Practice time remaining">
                {remaining}
            </p>
            <p class="practice-done" role="status">
                {move || over.get().then_some("Time's up")}
            </p>
        </div>
        <div class="stack practice-controls">
            // Marked unavailable rather than disabled: a pressed button that
            // disabled itself would drop keyboard focus to the page.
            <button
                type="button"
                class="btn"
                aria-disabled=move || unavailable(running.get() || over.get())
                on:click=move |_| {
                    if !running.get_untracked() && !over.get_untracked() {
                        act(PracticeCountdown::start)
                    }
                }
            >
                {move || if paused.get() { "Resume" } else { "Start" }}
            </button>
            <button
                type="button"
                class="btn btn-quiet"
                aria-disabled=move || unavailable(!running.get())
                on:click=move |_| {
                    if running.get_untracked() {
                        act(PracticeCountdown::pause)
                    }
                }
            >
                "Pause"
            </button>
            <button
                type="button"
                class="btn btn-quiet"
                disabled=move || !countdown.read().is_started()
                on:click=reset
            >
                "Reset"
            </button>
        </div>
    }
}

/// The choice to scroll at speaking pace, unless the device asks for less
/// motion.
#[component]
fn ScrollAlong(follow: RwSignal<bool>, reduced: Signal<bool>, wpm: Memo<u32>) -> impl IntoView {
    view! {
        <Show
            when=move || !reduced.get()
            fallback=|| {
                view! {
                    <p class="hint">
                        "Scrolling along at speaking pace is off because your device asks for reduced motion."
                    </p>
                }
            }
        >
            <label class="check">
                <input
                    type="checkbox"
                    prop:checked=move || follow.get()
                    on:change=move |ev| follow.set(event_target_checked(&ev))
                />
                <span>"Scroll at speaking pace"</span>
            </label>
            <p class="hint">
                {move || format!("Scrolls at {} words per minute, the pace set on the Pitch screen.", clamp_wpm(wpm.get()))}
            </p>
        </Show>
    }
}

/// `aria-disabled`'s value for a control that is `off`, or none.
fn unavailable(off: bool) -> Option<&'static str> {
    off.then_some("true")
}
