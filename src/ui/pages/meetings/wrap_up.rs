//! After a meeting: notes, referrals, and the next steps to confirm.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::live_notes::{NotesField, use_notes_draft};
use crate::domain::meetings::{ProposedStep, StepKey};
use crate::domain::{Id, Meeting};
use crate::ui::browser::{BrowserZone, now_ms};
use crate::ui::components::fields::next_field_id;
use crate::ui::components::missing::Missing;
use crate::ui::components::nav::back_link;
use crate::ui::id_param;
use crate::ui::state::use_app_state;

/// Confirms what happens next once a meeting has ended.
#[component]
pub fn WrapUpPage() -> impl IntoView {
    let state = use_app_state();
    let id = id_param();
    let ended = id.and_then(|id| {
        state
            .notebook
            .with_untracked(|nb| nb.meeting(id).map(|m| m.ended_at.is_some()))
    });
    match (id, ended) {
        (Some(id), Some(true)) => view! { <WrapUp id=id /> }.into_any(),
        (_, None) => {
            view! { <Missing noun="meeting" list="/meetings" back="Back to meetings" /> }.into_any()
        }
        _ => view! {
            <h1>"Nothing to wrap up"</h1>
            <p><A href="/meetings">"Back to meetings"</A></p>
        }
        .into_any(),
    }
}

/// The wrap-up form: notes, what the meeting gave, and the next steps.
#[component]
fn WrapUp(id: Id) -> impl IntoView {
    let state = use_app_state();
    let navigate = use_navigate();
    let field = move |get: fn(&Meeting) -> String| {
        move || {
            state
                .notebook
                .with(|nb| nb.meeting(id).map(get).unwrap_or_default())
        }
    };
    let edit = move |set: fn(&mut Meeting, String)| {
        move |ev| {
            let v = event_target_value(&ev);
            state.update(|nb| {
                if let Some(m) = nb.meeting_mut(id) {
                    set(m, v)
                }
            })
        }
    };
    let notes = use_notes_draft(id);
    let proposals = Memo::new(move |_| {
        state
            .notebook
            .with(|nb| nb.wrap_up_steps(id, now_ms(), &BrowserZone))
    });
    // Ticks the user changed, by what the step is and whom it concerns:
    // positions shift when the help offered adds a step.
    let changed = RwSignal::new(Vec::<(StepKey, bool)>::new());
    let announce = RwSignal::new(String::new());
    let name = state.notebook.with_untracked(|nb| {
        nb.meeting(id)
            .map(|m| m.contact_name.clone())
            .unwrap_or_default()
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        notes.flush();
        let changed = changed.get_untracked();
        let proposals = proposals.get_untracked();
        state.update(|nb| nb.confirm_next_steps(id, proposals, |p| ticked(&changed, p), now_ms()));
        navigate(&format!("/meetings/{id}"), NavigateOptions::default());
    };

    view! {
        {back_link(format!("/meetings/{id}"), "Back to the meeting")}
        <h1>"Wrap-up"</h1>
        <p class="subtitle">{format!("Meeting with {name}")}</p>
        <form class="form" on:submit=save>
            <NotesField draft=notes rows=6 class="" />
            <MeetingSummary id=id />
            <label class="field">
                <span>"Help I offered"</span>
                <input type="text" prop:value=field(|m| m.help_offered.clone()) on:input=edit(|m, v| m.help_offered = v) />
            </label>
            <label class="field">
                <span>"Outcome"</span>
                <textarea rows="3" prop:value=field(|m| m.outcome.clone()) on:input=edit(|m, v| m.outcome = v)></textarea>
            </label>
            <fieldset class="card field-group">
                <legend>"Next steps"</legend>
                {move || proposals.get().into_iter().map(|p| view! { <StepCheck step=p changed=changed announce=announce /> }).collect_view()}
                // One region there from the start: a line that appears
                // already filled is not read out by every screen reader,
                // and the steps are drawn anew as "Help I offered" changes.
                <p class="visually-hidden" role="status">{move || announce.get()}</p>
            </fieldset>
            <button type="submit" class="btn">"Save next steps"</button>
        </form>
    }
}

/// Referrals captured, purposes met and questions asked.
#[component]
fn MeetingSummary(id: Id) -> impl IntoView {
    let state = use_app_state();
    let summary = move || {
        state.notebook.with(|nb| {
            let m = nb.meeting(id)?;
            let refs: Vec<String> = m
                .referrals
                .iter()
                .filter_map(|r| nb.contact(*r).map(|c| c.name.clone()))
                .collect();
            let done: Vec<&str> = m.purposes_done.iter().map(|p| p.label()).collect();
            Some((refs, done, m.question_checklist()))
        })
    };
    move || {
        summary().map(|(refs, done, questions)| view! {
            <section class="card">
                <h2>"Referrals captured"</h2>
                {if refs.is_empty() { view! { <p class="empty">"None."</p> }.into_any() } else {
                    view! { <ul class="plain">{refs.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul> }.into_any()
                }}
                <h2>"Purposes met"</h2>
                {if done.is_empty() { view! { <p class="empty">"None ticked."</p> }.into_any() } else {
                    view! { <ul class="plain">{done.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul> }.into_any()
                }}
                {(!questions.is_empty()).then(|| view! {
                    <h2>"Questions"</h2>
                    <ul class="plain" aria-label="Questions">
                        {questions.into_iter().map(|(q, asked)| view! {
                            <li>{if asked { "Asked: " } else { "Not asked: " }}{q}</li>
                        }).collect_view()}
                    </ul>
                })}
            </section>
        })
    }
}

/// Whether `step` is ticked: as the user set it, or as it starts.
fn ticked(changed: &[(StepKey, bool)], step: &ProposedStep) -> bool {
    changed
        .iter()
        .find(|(key, _)| *key == step.key())
        .map_or_else(|| step.ticked_by_default(), |(_, on)| *on)
}

/// One proposed next step, ticked to confirm it.
#[component]
fn StepCheck(
    step: ProposedStep,
    changed: RwSignal<Vec<(StepKey, bool)>>,
    announce: RwSignal<String>,
) -> impl IntoView {
    let key = step.key();
    let label = step.describe();
    let locked = step.locked();
    let step = StoredValue::new(step);
    let on = move || changed.with(|c| step.with_value(|s| ticked(c, s)));
    let pending = move || step.with_value(|s| s.pending(on()));
    let help = next_field_id();
    view! {
        <label class="check">
            <input
                type="checkbox"
                disabled=locked
                aria-describedby=help.clone()
                prop:checked=on
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    changed.update(|c| {
                        c.retain(|(k, _)| *k != key);
                        c.push((key, on));
                    });
                    announce.set(step.with_value(|s| s.pending(on)).unwrap_or_default().to_string());
                }
            />
            <span>{label}</span>
        </label>
        <p id=help class="hint step-pending" hidden=move || pending().is_none()>{pending}</p>
    }
}
