//! Meeting mode: the 30-minute clock, the pitch one tap away, notes that
//! save as you type, and referrals captured in one tap.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use leptos_use_interval_fn::use_interval_fn;

use super::live_clock::{LiveHeader, MeetingBar, PitchPanel};
use super::live_notes::{NotesDraft, NotesField, use_notes_draft};
use super::live_referrals::{PurposesDone, ReferralCapture, TypedReferral};
use crate::domain::clock::Phase;
use crate::domain::{Id, MeetingStatus};
use crate::ui::browser::{BrowserZone, focus_heading_when_drawn, now_ms, vibrate};
use crate::ui::components::meeting_parts::QuestionChecklist;
use crate::ui::components::missing::Missing;
use crate::ui::hooks::use_wake_lock;
use crate::ui::id_param;
use crate::ui::state::use_app_state;

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
        (Some(id), Some(MeetingStatus::InProgress)) => {
            // Ended in another window or on another device: the clock
            // stops here too. (A meeting deleted elsewhere stays on screen:
            // notes typed bring it back.)
            let ended = Memo::new(move |_| {
                state.notebook.with(|nb| {
                    nb.meeting(id)
                        .is_some_and(|m| m.status() == MeetingStatus::Held)
                })
            });
            // Held here, outside the clock's view, so that what was typed
            // is still there to save when the meeting ends elsewhere.
            let notes = use_notes_draft(id);
            let referral = TypedReferral::new(id);
            let ending_here = StoredValue::new(false);
            Effect::new(move |_| {
                if ended.get() && !ending_here.get_value() {
                    referral.save(id);
                    // Saves at once, the referral with it.
                    notes.flush();
                    state.notify(
                        "This meeting was ended in another window or on another device. What you typed here is kept in it."
                            .into(),
                    );
                    focus_heading_when_drawn();
                }
            });
            view! {
                <Show when=move || !ended.get() fallback=move || not_running(id, true)>
                    <LiveMeeting id=id notes=notes referral=referral ending_here=ending_here />
                </Show>
            }
            .into_any()
        }
        (Some(id), Some(status)) => not_running(id, status == MeetingStatus::Held).into_any(),
        _ => view! {
            <Missing noun="meeting" list="/meetings" back="Back to meetings" />
        }
        .into_any(),
    }
}

/// In place of the clock, for a meeting not or no longer in progress.
fn not_running(id: Id, held: bool) -> impl IntoView {
    view! {
        <h1>{if held { "This meeting has ended" } else { "This meeting is not running" }}</h1>
        <p class="stack">
            {held.then(|| view! {
                <A href=format!("/meetings/{id}/wrap-up") attr:class="btn">"Open the wrap-up"</A>
            })}
            <A href=format!("/meetings/{id}") attr:class="btn btn-quiet">"Open the meeting"</A>
        </p>
    }
}

/// A running meeting: the clock that drives every part, and ending it.
#[component]
fn LiveMeeting(
    id: Id,
    notes: NotesDraft,
    referral: TypedReferral,
    ending_here: StoredValue<bool>,
) -> impl IntoView {
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
    use_wake_lock();

    let end = move || {
        ending_here.set_value(true);
        notes.flush();
        referral.save(id);
        // The wrap-up says itself when the meeting is gone, so a refusal
        // here is only announced.
        if let Err(e) = state.apply(|nb| nb.end_meeting(id, now_ms(), &BrowserZone)) {
            state.notify(e.to_string());
        }
        // The wrap-up takes the meeting's place in history: going back from
        // it leads to where the meeting was started, not to a clock that
        // has stopped.
        navigate(
            &format!("/meetings/{id}/wrap-up"),
            NavigateOptions {
                replace: true,
                ..NavigateOptions::default()
            },
        );
    };
    let times_up = move || {
        clock
            .get()
            .is_some_and(|c| c.phase(now.get()) == Phase::TimesUp)
    };

    view! {
        <div class="meeting-mode" class:times-up=times_up>
            <MeetingBar clock=clock now=now cue=cue />
            <LiveHeader id=id clock=clock now=now cue=cue on_end=end />
            <PitchPanel id=id show=show_pitch />
            <p class="reminder">"You are here for advice and referrals. Do not ask for a job."</p>
            <NotesField draft=notes />
            <ReferralCapture id=id typed=referral />
            <PurposesDone id=id />
            <QuestionChecklist id=id />
        </div>
    }
}
