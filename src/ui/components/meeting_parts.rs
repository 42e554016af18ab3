//! Pieces of meeting mode kept apart from the clock and the notes.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::domain::Id;
use crate::ui::state::use_app_state;

/// The open "another meeting is running" question of a screen, kept by
/// the screen (see [`provide_running_question`]): the contact and meeting
/// pages are drawn anew when the notebook changes (a save in another tab,
/// a sync run), which would close it under the user.
#[derive(Clone, Copy)]
struct RunningQuestion(RwSignal<Option<(Id, String)>>);

/// Keeps [`start_meeting_button`]'s question for the screen calling this.
pub fn provide_running_question() {
    provide_context(RunningQuestion(RwSignal::new(None)));
}

/// "Start meeting" for meeting `id` or with contact `with`, through
/// `start`. While another meeting is still running (one the user forgot
/// to end, most likely) it asks first: end that one and start, or keep
/// both running.
pub fn start_meeting_button(
    id: Option<Id>,
    with: Option<Id>,
    start: impl Fn() + 'static,
) -> impl IntoView {
    let state = use_app_state();
    let running = use_context::<RunningQuestion>().map_or_else(|| RwSignal::new(None), |q| q.0);
    let start = StoredValue::new_local(start);
    let start_button = NodeRef::<leptos::html::Button>::new();
    let first_choice = NodeRef::<leptos::html::Button>::new();
    crate::ui::hooks::use_focus_handover(
        move || first_choice.get().map(Into::into),
        move || start_button.get().map(Into::into),
    );
    let ask_or_start = move |_| {
        let other = state.notebook.with_untracked(|nb| {
            nb.other_meeting_running(id, with)
                .map(|m| (m.id, m.contact_name.clone()))
        });
        match other {
            Some(other) => running.set(Some(other)),
            None => start.with_value(|f| f()),
        }
    };
    let end_other_and_start = move |_| {
        if let Some((other, name)) = running.get_untracked() {
            let zone = crate::ui::browser::BrowserZone;
            let now = crate::ui::browser::now_ms();
            match state.apply(|nb| nb.end_meeting(other, now, &zone)) {
                Ok(()) => state.notify(format!(
                    "The meeting with {name} has ended: its wrap-up is on its page."
                )),
                Err(e) => state.notify(e.to_string()),
            }
        }
        start.with_value(|f| f());
    };
    view! {
        <Show
            when=move || running.read().is_some()
            fallback=move || view! {
                <button type="button" class="btn" node_ref=start_button on:click=ask_or_start>"Start meeting"</button>
            }
        >
            <div
                class="confirm-end"
                role="group"
                aria-label="Another meeting is running"
                aria-describedby="other-meeting-running"
                on:keydown=crate::ui::browser::close_on_escape(move || running.set(None))
            >
                {move || running.get().map(|(other, name)| view! {
                    <p id="other-meeting-running">
                        "Your meeting with " <A href=format!("/meetings/{other}/live")>{name}</A>
                        " is still running."
                    </p>
                })}
                <div class="stack">
                    <button type="button" class="btn" node_ref=first_choice on:click=end_other_and_start>
                        "End it and start this one"
                    </button>
                    <button type="button" class="btn btn-quiet" on:click=move |_| start.with_value(|f| f())>
                        "Keep both running"
                    </button>
                    <button type="button" class="btn btn-quiet" on:click=move |_| running.set(None)>"Cancel"</button>
                </div>
            </div>
        </Show>
    }
}

/// "End meeting" that asks first: one stray tap must not end a meeting.
pub fn confirm_end(on_end: impl Fn() + 'static) -> impl IntoView {
    let asking = RwSignal::new(false);
    let on_end = StoredValue::new_local(on_end);
    let end_button = NodeRef::<leptos::html::Button>::new();
    let yes_button = NodeRef::<leptos::html::Button>::new();
    crate::ui::hooks::use_focus_handover(
        move || yes_button.get().map(Into::into),
        move || end_button.get().map(Into::into),
    );
    view! {
        <Show
            when=move || asking.get()
            fallback=move || view! {
                <button type="button" class="btn" node_ref=end_button on:click=move |_| asking.set(true)>"End meeting"</button>
            }
        >
            <div
                class="confirm-end"
                role="group"
                aria-label="End the meeting?"
                on:keydown=crate::ui::browser::close_on_escape(move || asking.set(false))
            >
                <p>"End the meeting now? The clock stops and the wrap-up opens."</p>
                <div class="stack">
                    <button type="button" class="btn" node_ref=yes_button on:click=move |_| on_end.with_value(|f| f())>"Yes, end meeting"</button>
                    <button type="button" class="btn btn-quiet" on:click=move |_| asking.set(false)>"Keep going"</button>
                </div>
            </div>
        </Show>
    }
}

/// The planned questions, to tick off as they are asked.
#[component]
pub fn QuestionChecklist(id: Id) -> impl IntoView {
    let state = use_app_state();
    let questions = Memo::new(move |_| {
        state.notebook.with(|nb| {
            nb.meeting(id)
                .map(|m| m.question_checklist())
                .unwrap_or_default()
        })
    });
    view! {
        <Show when=move || !questions.read().is_empty()>
            <fieldset class="card field-group">
                <legend>"Questions: tick each one asked"</legend>
                {move || questions.get().into_iter().map(|(q, asked)| {
                    tick(q.clone(), asked, move |on| state.update(|nb| nb.mark_question_asked(id, &q, on)))
                }).collect_view()}
            </fieldset>
        </Show>
    }
}

/// One tick of a meeting checklist. Meeting mode has no form to submit:
/// `on_change` gets every change as it happens.
pub fn tick(
    label: impl IntoView + 'static,
    checked: bool,
    on_change: impl Fn(bool) + 'static,
) -> impl IntoView {
    view! {
        <label class="check">
            <input
                type="checkbox"
                prop:checked=checked
                on:change=move |ev| on_change(event_target_checked(&ev))
            />
            <span>{label}</span>
        </label>
    }
}
