//! Planning a meeting, or changing the plan before it starts.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::domain::meetings::SUGGESTED_QUESTIONS;
use crate::domain::{Meeting, MeetingStatus, Notebook, Purpose};
use crate::ui::browser::{BrowserZone, from_datetime_local, now_ms, to_datetime_local};
use crate::ui::components::fields::{FormFooter, contact_picker};
use crate::ui::components::missing::gone_from_edit;
use crate::ui::components::nav::back_link;
use crate::ui::drafts::{draft_signal, form_draft_name, kept_base};
use crate::ui::forms::{RecordForm, RestoredNotice};
use crate::ui::state::use_app_state;

/// Planning a meeting with a contact.
#[component]
pub fn PlanMeetingPage() -> impl IntoView {
    let state = use_app_state();
    let contact = crate::ui::query_param("contact").and_then(|s| s.parse().ok());
    let initial = state
        .notebook
        .with_untracked(|nb| nb.new_meeting_plan(contact, now_ms(), &BrowserZone));
    view! {
        {back_link("/meetings".into(), "Back to meetings")}
        <h1>"Plan meeting"</h1>
        <MeetingForm initial=initial />
    }
}

/// Changing the plan of a meeting that has not started yet.
#[component]
pub fn EditMeetingPage() -> impl IntoView {
    let state = use_app_state();
    let id = crate::ui::id_param();
    let meeting = id.and_then(|id| state.notebook.with_untracked(|nb| nb.meeting(id).cloned()));
    let Some(meeting) = meeting else {
        return gone_from_edit(
            "meeting",
            id,
            "meeting",
            "/meetings",
            "Back to meetings",
            |m: Meeting| view! { <MeetingForm initial=m /> }.into_any(),
        );
    };
    let back = back_link(format!("/meetings/{}", meeting.id), "Back to the meeting");
    if meeting.status() != MeetingStatus::Planned {
        return view! {
            {back}
            <h1>"This meeting has started"</h1>
            <p>"Its plan can no longer be changed. Its notes and what came of it are on the meeting's page."</p>
        }
        .into_any();
    }
    view! {
        {back}
        <h1>"Edit meeting"</h1>
        <MeetingForm initial=meeting />
    }
    .into_any()
}

/// Who, when, where and what for; saves a new plan or changes one.
#[component]
fn MeetingForm(initial: Meeting) -> impl IntoView {
    let navigate = use_navigate();
    // The plan and the own questions (text of their own beside it) are
    // kept for this tab, so leaving or a reload loses nothing typed.
    let name = form_draft_name("meeting", initial.id);
    let fresh = initial.clone();
    let mut plan = initial;
    let (own_questions, questions_restored) =
        draft_signal(format!("{name}.questions"), plan.take_own_questions());
    let (draft, restored) = draft_signal(name.clone(), plan);
    // Saving compares with the meeting as stored when the drafts were
    // typed, own questions included.
    let base = kept_base(&name, fresh, restored || questions_restored);
    let form = RecordForm::new(draft, base);

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut meeting = draft.get_untracked();
        meeting.add_own_questions(&own_questions.get_untracked());
        let saved = form.save(
            meeting,
            |nb, m| nb.plan_meeting(m, now_ms()),
            Notebook::edit_planned_meeting,
        );
        if let Some(id) = saved {
            navigate(&format!("/meetings/{id}"), NavigateOptions::default());
        }
    };

    view! {
        <form class="form" on:submit=save novalidate>
            <RestoredNotice />
            {contact_picker(
                "Contact",
                "Choose a contact",
                move || draft.read().contact_id,
                move |v| draft.update(|d| d.contact_id = v),
            )}
            <label class="field">
                <span>"Date and time"</span>
                <input
                    type="datetime-local"
                    prop:value=move || draft.read().scheduled_at.map(to_datetime_local).unwrap_or_default()
                    on:change=move |ev| draft.update(|d| d.scheduled_at = from_datetime_local(&event_target_value(&ev)))
                />
            </label>
            <label class="field">
                <span>"Place"</span>
                <input type="text" prop:value=move || draft.read().place.clone() on:input=move |ev| draft.update(|d| d.place = event_target_value(&ev)) />
            </label>
            <PurposeChecks draft=draft />
            <PitchChoice draft=draft />
            <QuestionChecks draft=draft own_questions=own_questions />
            <FormFooter error=form.error />
        </form>
    }
}

/// The purposes of the meeting, as ticks.
#[component]
fn PurposeChecks(draft: RwSignal<Meeting>) -> impl IntoView {
    view! {
        <fieldset class="field-group">
            <legend>"Purposes"</legend>
            {Purpose::ALL.iter().map(|p| {
                let p = *p;
                view! {
                    <label class="check">
                        <input
                            type="checkbox"
                            prop:checked=move || draft.read().purposes.contains(&p)
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                draft.update(|d| d.set_purpose(p, on))
                            }
                        />
                        <span>{p.label()}</span>
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// Which pitch version the meeting uses.
#[component]
fn PitchChoice(draft: RwSignal<Meeting>) -> impl IntoView {
    let state = use_app_state();
    // Not redrawn as the rest of the plan is typed.
    let chosen = Memo::new(move |_| draft.read().pitch_id);
    let pitches = move || {
        let chosen = chosen.get();
        state.notebook.with(|nb| nb.pitch_choices(chosen))
    };
    view! {
        <label class="field">
            <span>"Pitch version"</span>
            <select on:change=move |ev| draft.update(|d| d.pitch_id = event_target_value(&ev).parse().ok())>
                // No choice shows whichever version is the default when the meeting starts.
                <option value="" selected=move || draft.read().pitch_id.is_none()>
                    {move || if state.notebook.read().pitches.is_empty() { "None" } else { "Whichever is the default" }}
                </option>
                {move || pitches().into_iter().map(|(id, title)| {
                    view! { <option value=id.to_string() selected=move || draft.read().pitch_id == Some(id)>{title}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}

/// The suggested questions as ticks, and the user's own as free text.
#[component]
fn QuestionChecks(draft: RwSignal<Meeting>, own_questions: RwSignal<String>) -> impl IntoView {
    view! {
        <fieldset class="field-group">
            <legend>"Questions to ask"</legend>
            {SUGGESTED_QUESTIONS.iter().map(|q| {
                let q: &'static str = q;
                view! {
                    <label class="check">
                        <input
                            type="checkbox"
                            prop:checked=move || draft.read().questions.iter().any(|x| x == q)
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                draft.update(|d| d.set_question(q, on))
                            }
                        />
                        <span>{q}</span>
                    </label>
                }
            }).collect_view()}
            <label class="field">
                <span>"Your own questions (one per line)"</span>
                <textarea rows="3" prop:value=move || own_questions.get() on:input=move |ev| own_questions.set(event_target_value(&ev))></textarea>
            </label>
        </fieldset>
    }
}
