//! Rehearsing the pitch against a two-minute countdown.

use leptos::html;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_use_event_listener::use_event_listener;
use leptos_use_interval_fn::{UseIntervalFnOptions, use_interval_fn_with_options};

use super::pitch::version_label;
use crate::domain::Id;
use crate::domain::pitch::{
    PracticeCountdown, clamp_wpm, format_duration_secs, scroll_offset_fraction, word_count,
};
use crate::ui::browser::now_ms;
use crate::ui::state::use_app_state;

/// How often the display catches up with the clock. The time shown is
/// always computed from timestamps, so a late or skipped tick (a hidden tab,
/// a sleeping phone) never makes the countdown drift.
const REFRESH_MS: u64 = 200;

/// Whether the user asked the system for less motion.
fn reduced_motion_query() -> Option<web_sys::MediaQueryList> {
    web_sys::window()?
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
}

/// Rehearsing the pitch against a two-minute countdown.
#[component]
pub fn PracticePage() -> impl IntoView {
    let state = use_app_state();
    let chosen = RwSignal::new(None::<Id>);
    let now = RwSignal::new(now_ms());
    let countdown = RwSignal::new(PracticeCountdown::default());
    let follow = RwSignal::new(false);
    let region = NodeRef::<html::Section>::new();

    let query = reduced_motion_query();
    let reduced = RwSignal::new(query.as_ref().is_some_and(|q| q.matches()));
    if let Some(q) = query {
        let _ = use_event_listener(q.clone(), leptos::ev::change, move |_| {
            reduced.set(q.matches())
        });
    }

    let pitch = Memo::new(move |_| {
        let chosen = chosen.get();
        state.notebook.with(|nb| {
            chosen
                .and_then(|id| nb.pitch(id))
                .or_else(|| nb.default_pitch())
                .cloned()
        })
    });
    let has_pitch = Memo::new(move |_| pitch.read().is_some());
    let words = Memo::new(move |_| pitch.read().as_ref().map_or(0, |p| word_count(&p.text)));
    let wpm = Memo::new(move |_| state.notebook.with(|nb| nb.settings.words_per_minute));

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

    let start = move |_| {
        let t = now_ms();
        now.set(t);
        countdown.update(|c| c.start(t));
    };
    let pause = move |_| {
        let t = now_ms();
        now.set(t);
        countdown.update(|c| c.pause(t));
    };
    let reset = move |_| {
        now.set(now_ms());
        countdown.set(PracticeCountdown::default());
        if let Some(el) = region.get() {
            el.set_scroll_top(0);
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
    let several = Memo::new(move |_| state.notebook.with(|nb| nb.pitches.len() > 1));

    let paragraphs = move || {
        let text = pitch
            .read()
            .as_ref()
            .map(|p| p.text.clone())
            .unwrap_or_default();
        if text.trim().is_empty() {
            return view! { <p class="empty">"This version has no text yet."</p> }.into_any();
        }
        text.split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| view! { <p>{p.to_string()}</p> })
            .collect_view()
            .into_any()
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
                <label class="field">
                    <span>"Pitch version"</span>
                    <select
                        prop:value=move || pitch.read().as_ref().map(|p| p.id.to_string()).unwrap_or_default()
                        on:change=move |ev| {
                            chosen.set(event_target_value(&ev).parse().ok());
                            if let Some(el) = region.get() {
                                el.set_scroll_top(0);
                            }
                        }
                    >
                        {move || {
                            let current = pitch.read().as_ref().map(|p| p.id);
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
            <div class="practice-clock">
                <p class="practice-timer" role="timer" aria-label="Practice time remaining">
                    {remaining}
                </p>
                <p class="practice-done" role="status">
                    {move || over.get().then_some("Time's up")}
                </p>
            </div>
            <div class="stack practice-controls">
                <button type="button" class="btn" disabled=move || running.get() || over.get() on:click=start>
                    {move || if paused.get() { "Resume" } else { "Start" }}
                </button>
                <button type="button" class="btn btn-quiet" disabled=move || !running.get() on:click=pause>
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
            <section class="practice-text" aria-label="Pitch" tabindex="0" node_ref=region>
                {paragraphs}
            </section>
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
        </Show>
        <div class="practice-back">
            <A href="/pitch" attr:class="btn btn-quiet">"Back to pitch"</A>
        </div>
    }
}
