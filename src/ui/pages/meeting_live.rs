//! Meeting mode: the 30-minute clock, the pitch one tap away, notes that
//! save as you type, and referrals captured in one tap.

use std::time::Duration;

use leptos::ev::Custom;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use leptos_use_interval_fn::use_interval_fn;

use crate::domain::clock::{Phase, format_countdown};
use crate::domain::records::Record;
use crate::domain::{Id, MeetingStatus};
use crate::ui::browser::{BrowserZone, now_ms, page_visible, vibrate};
use crate::ui::components::duplicates::duplicate_offer;
use crate::ui::components::meeting_parts::{QuestionChecklist, confirm_end};
use crate::ui::hooks::{use_debounce_fn, use_wake_lock};
use crate::ui::id_param;
use crate::ui::state::{AppState, use_app_state};

/// How long typing may pause before notes are saved.
const NOTES_SAVE_DELAY: Duration = Duration::from_millis(400);

/// Writes the notes draft into the meeting if the user typed since `base`,
/// the stored notes the draft started from. An untouched draft never
/// writes (it may be older than what another window saved); a draft typed
/// over notes that changed elsewhere meanwhile is saved, and the other
/// text is kept for the user to compare.
fn save_notes(state: AppState, id: Id, base: StoredValue<String>, text: &str) {
    let Some(started_from) = base.try_get_value() else {
        return;
    };
    if text == started_from {
        return;
    }
    let stored = state.notebook.with_untracked(|nb| nb.meeting(id).cloned());
    let Some(stored) = stored else {
        return;
    };
    if stored.notes != started_from && stored.notes != text {
        state.keep_conflict(Record::Meeting(stored), vec!["notes".into()]);
    }
    state.update(|nb| nb.set_meeting_notes(id, text));
    base.set_value(text.to_string());
    // Called when the page may be about to go: no waiting for the
    // usual pause before saving.
    state.save_now();
}

/// The full-screen meeting.
#[component]
pub fn MeetingLivePage() -> impl IntoView {
    let state = use_app_state();
    let id = id_param();
    let status = id.and_then(|id| {
        state
            .notebook
            .with_untracked(|nb| nb.meeting(id).map(|m| m.status()))
    });
    match (id, status) {
        (Some(id), Some(MeetingStatus::InProgress)) => view! { <LiveMeeting id=id /> }.into_any(),
        (Some(id), Some(_)) => view! {
            <h1>"This meeting is not running"</h1>
            <p><A href=format!("/meetings/{id}")>"Open the meeting"</A></p>
        }
        .into_any(),
        _ => view! {
            <h1>"Meeting not found"</h1>
            <p><A href="/meetings">"Back to meetings"</A></p>
        }
        .into_any(),
    }
}

#[component]
fn LiveMeeting(id: Id) -> impl IntoView {
    let state = use_app_state();
    let navigate = use_navigate();
    let now = RwSignal::new(now_ms());
    let clock = Memo::new(move |_| {
        state
            .notebook
            .with(|nb| nb.meeting(id).and_then(|m| m.clock.clone()))
    });
    let last_tick = StoredValue::new(now.get_untracked());
    let cue = RwSignal::new(false);
    // The pitch is on screen while it is being given, then folds away to
    // leave room for notes; one tap brings it back.
    let show_pitch = RwSignal::new(
        clock
            .get_untracked()
            .is_none_or(|c| c.phase(now.get_untracked()) == Phase::Pitch),
    );

    // Everything shown derives from the stored start time and the wall
    // clock, so a locked screen or a reload never puts the timer off.
    use_interval_fn(
        move || {
            // A tick already queued when the view goes away finds its
            // values disposed: then there is nothing left to update.
            let t = now_ms();
            let Some(from) = last_tick.try_get_value() else {
                return;
            };
            last_tick.set_value(t);
            now.set(t);
            if let Some(Some(c)) = clock.try_get_untracked()
                && !c.phase_changes_between(from, t).is_empty()
            {
                if c.phase(from) == Phase::Pitch {
                    show_pitch.set(false);
                }
                vibrate(300);
                cue.set(true);
                set_timeout(move || _ = cue.try_set(false), Duration::from_secs(6));
            }
        },
        250,
    );

    let remaining = move || {
        clock
            .get()
            .map(|c| c.remaining_ms(now.get()))
            .unwrap_or_default()
    };
    let phase = move || {
        clock
            .get()
            .map(|c| c.phase(now.get()))
            .unwrap_or(Phase::Pitch)
    };
    let paused = move || clock.get().is_some_and(|c| c.is_paused());
    let pitch_left = move || {
        clock
            .get()
            .map(|c| c.pitch_remaining_ms(now.get()))
            .unwrap_or_default()
    };

    let toggle_pause = move |_| {
        let t = now_ms();
        state.update(|nb| nb.toggle_meeting_pause(id, t));
        now.set(t);
    };

    // Notes: a local draft saved shortly after typing stops, and at once
    // whenever the page may be about to go away.
    let initial_notes = state
        .notebook
        .with_untracked(|nb| nb.meeting(id).map(|m| m.notes.clone()).unwrap_or_default());
    let notes = RwSignal::new(initial_notes.clone());
    let notes_base = StoredValue::new(initial_notes);
    // Timers and page events may outlive this view; its signals then are gone.
    let flush = move || {
        if let Some(text) = notes.try_get_untracked() {
            save_notes(state, id, notes_base, &text);
        }
    };
    // Notes saved by another window show here while nothing is typed.
    Effect::new(move || {
        let stored = state
            .notebook
            .with(|nb| nb.meeting(id).map(|m| m.notes.clone()));
        let (Some(stored), Some(base)) = (stored, notes_base.try_get_value()) else {
            return;
        };
        if stored != base && notes.get_untracked() == base {
            notes_base.set_value(stored.clone());
            notes.set(stored);
        }
    });
    let save_soon = use_debounce_fn(flush, NOTES_SAVE_DELAY);
    let on_notes = move |ev| {
        notes.set(event_target_value(&ev));
        save_soon();
    };
    let visibility = window_event_listener(
        Custom::<web_sys::Event>::new("visibilitychange"),
        move |_| {
            if !page_visible() {
                flush();
            }
        },
    );
    let pagehide =
        window_event_listener(Custom::<web_sys::Event>::new("pagehide"), move |_| flush());
    use_wake_lock();
    on_cleanup(move || {
        flush();
        visibility.remove();
        pagehide.remove();
    });

    let pitch_text = move || {
        state.notebook.with(|nb| {
            let m = nb.meeting(id);
            m.and_then(|m| m.pitch_id)
                .and_then(|p| nb.pitch(p))
                .or_else(|| nb.default_pitch())
                .map(|p| p.text.clone())
                .unwrap_or_default()
        })
    };
    let purposes = move || {
        state.notebook.with(|nb| {
            nb.meeting(id)
                .map(|m| (m.purposes.clone(), m.purposes_done.clone()))
                .unwrap_or_default()
        })
    };
    let name = state.notebook.with_untracked(|nb| {
        nb.meeting(id)
            .map(|m| m.contact_name.clone())
            .unwrap_or_default()
    });

    // One-tap referral capture.
    let adding = RwSignal::new(false);
    let ref_name = RwSignal::new(String::new());
    let ref_org = RwSignal::new(String::new());
    let ref_error = RwSignal::new(None::<String>);
    let captured = move || {
        state.notebook.with(|nb| {
            nb.meeting(id)
                .map(|m| {
                    m.referrals
                        .iter()
                        .filter_map(|r| nb.contact(*r).map(|c| (c.id, c.name.clone())))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let ref_duplicates = RwSignal::new(Vec::<Id>::new());
    let referral_saved = move || {
        ref_name.set(String::new());
        ref_org.set(String::new());
        ref_error.set(None);
        ref_duplicates.set(Vec::new());
        adding.set(false);
    };
    let create_referral = move || {
        let result = state.apply(|nb| {
            nb.add_referral(
                id,
                &ref_name.get_untracked(),
                &ref_org.get_untracked(),
                now_ms(),
            )
        });
        match result {
            Ok(_) => referral_saved(),
            Err(e) => ref_error.set(Some(e.to_string())),
        }
    };
    let link_referral =
        move |contact: Id| match state.apply(|nb| nb.link_referral(id, contact, now_ms())) {
            Ok(()) => referral_saved(),
            Err(e) => ref_error.set(Some(e.to_string())),
        };
    let save_referral = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Someone already in the notebook is linked rather than added twice.
        let found = state
            .notebook
            .with_untracked(|nb| nb.possible_duplicates(&ref_name.get_untracked(), "", None));
        if found.is_empty() {
            create_referral();
        } else {
            ref_duplicates.set(found);
        }
    };

    let end = move || {
        flush();
        // The wrap-up says itself when the meeting is gone, so a refusal
        // here is only announced.
        if let Err(e) = state.apply(|nb| nb.end_meeting(id, now_ms(), &BrowserZone)) {
            state.notify(e.to_string());
        }
        navigate(
            &format!("/meetings/{id}/wrap-up"),
            NavigateOptions::default(),
        );
    };

    view! {
        <div class="meeting-mode" class:times-up=move || phase() == Phase::TimesUp>
            // Stays at the top while the notes below are being written, so
            // the time left and the phase are always in sight.
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
                    <strong class="phase-title">{move || phase().title()}</strong>
                </div>
                <Show when=move || phase() == Phase::Pitch>
                    <span class="pitch-timer">
                        {move || format!("Pitch: {} left", format_countdown(pitch_left()))}
                    </span>
                </Show>
                <Show when=move || paused()>
                    <span class="paused-note">"Paused"</span>
                </Show>
            </div>
            <header class="meeting-head">
                <h1 class="meeting-title">{format!("Meeting with {name}")}</h1>
                <p class="phase" class:cue=move || cue.get()>
                    <span class="phase-cue">{move || phase().cue()}</span>
                </p>
                <div class="stack">
                    <button type="button" class="btn btn-quiet" on:click=toggle_pause>
                        {move || if paused() { "Resume" } else { "Pause" }}
                    </button>
                    {confirm_end(end)}
                </div>
                <Show when=move || paused()>
                    <p class="hint">"Paused: the clock is stopped."</p>
                </Show>
            </header>

            <section class="card" aria-labelledby="pitch-heading">
                <h2 id="pitch-heading" class="collapsible">
                    <button
                        type="button"
                        class="btn btn-quiet disclosure"
                        aria-expanded=move || show_pitch.get().to_string()
                        aria-controls="pitch-body"
                        on:click=move |_| show_pitch.update(|s| *s = !*s)
                    >
                        "Pitch"
                    </button>
                </h2>
                <div id="pitch-body" class="pitch-body prewrap" hidden=move || !show_pitch.get()>
                    {move || {
                        let t = pitch_text();
                        if t.is_empty() { "No pitch written yet.".to_string() } else { t }
                    }}
                </div>
            </section>

            <p class="reminder">"You are here for advice and referrals. Do not ask for a job."</p>

            <label class="field">
                <span>"Notes"</span>
                <textarea class="notes" rows="8" prop:value=move || notes.get() on:input=on_notes></textarea>
            </label>

            <section class="card">
                <h2>"Referrals"</h2>
                <ul class="plain">
                    {move || captured().into_iter().map(|(_, n)| view! { <li>{n}</li> }).collect_view()}
                </ul>
                <Show
                    when=move || adding.get()
                    fallback=move || view! {
                        <button type="button" class="btn" on:click=move |_| adding.set(true)>"Add referral"</button>
                    }
                >
                    <form class="quick-add" on:submit=save_referral>
                        <label class="field">
                            <span>"Referral's name"</span>
                            <input type="text" autofocus prop:value=move || ref_name.get() on:input=move |ev| {
                                ref_name.set(event_target_value(&ev));
                                ref_duplicates.set(Vec::new());
                            } />
                        </label>
                        <label class="field">
                            <span>"Their organization (optional)"</span>
                            <input type="text" prop:value=move || ref_org.get() on:input=move |ev| ref_org.set(event_target_value(&ev)) />
                        </label>
                        {duplicate_offer(ref_duplicates, "Link", link_referral, create_referral)}
                        <Show when=move || ref_error.read().is_some()>
                            <p class="error" role="alert">{move || ref_error.get()}</p>
                        </Show>
                        <div class="stack">
                            <button type="submit" class="btn">"Save referral"</button>
                            <button type="button" class="btn btn-quiet" on:click=move |_| adding.set(false)>"Cancel"</button>
                        </div>
                    </form>
                </Show>
            </section>

            <fieldset class="card field-group">
                <legend>"Purposes"</legend>
                {move || {
                    let (all, done) = purposes();
                    all.into_iter().map(|p| {
                        let checked = done.contains(&p);
                        view! {
                            <label class="check">
                                <input
                                    type="checkbox"
                                    prop:checked=checked
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        state.update(|nb| if let Some(m) = nb.meeting_mut(id) {
                                            m.purposes_done.retain(|x| *x != p);
                                            if on { m.purposes_done.push(p) }
                                        })
                                    }
                                />
                                <span>{p.label()}</span>
                            </label>
                        }
                    }).collect_view()
                }}
            </fieldset>

            <QuestionChecklist id=id />
        </div>
    }
}
