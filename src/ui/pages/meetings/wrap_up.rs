//! After a meeting: notes, referrals, and the next steps to confirm.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::domain::Id;
use crate::domain::meetings::StepKey;
use crate::ui::browser::{BrowserZone, now_ms};
use crate::ui::id_param;
use crate::ui::state::use_app_state;

/// Confirms what happens next once a meeting has ended.
#[component]
pub fn WrapUpPage() -> impl IntoView {
    let state = use_app_state();
    let id = id_param();
    let ended = id.is_some_and(|id| {
        state
            .notebook
            .with_untracked(|nb| nb.meeting(id).is_some_and(|m| m.ended_at.is_some()))
    });
    match id {
        Some(id) if ended => view! { <WrapUp id=id /> }.into_any(),
        _ => view! {
            <h1>"Nothing to wrap up"</h1>
            <p><A href="/meetings">"Back to meetings"</A></p>
        }
        .into_any(),
    }
}

#[component]
fn WrapUp(id: Id) -> impl IntoView {
    let state = use_app_state();
    let navigate = use_navigate();
    let field = move |get: fn(&crate::domain::Meeting) -> String| {
        move || {
            state
                .notebook
                .with(|nb| nb.meeting(id).map(get).unwrap_or_default())
        }
    };
    let edit = move |set: fn(&mut crate::domain::Meeting, String)| {
        move |ev| {
            let v = event_target_value(&ev);
            state.update(|nb| {
                if let Some(m) = nb.meeting_mut(id) {
                    set(m, v)
                }
            })
        }
    };
    let proposals = Memo::new(move |_| {
        state
            .notebook
            .with(|nb| nb.propose_next_steps(id, &BrowserZone))
    });
    // Unticked proposals, by what they are and whom they concern: positions
    // shift when the help offered adds a step.
    let skipped = RwSignal::new(Vec::<StepKey>::new());
    let name = state.notebook.with_untracked(|nb| {
        nb.meeting(id)
            .map(|m| m.contact_name.clone())
            .unwrap_or_default()
    });
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
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let skip = skipped.get_untracked();
        let proposals = proposals.get_untracked();
        state.update(|nb| {
            nb.confirm_next_steps(id, proposals, |p| !skip.contains(&p.key()), now_ms())
        });
        navigate(&format!("/meetings/{id}"), NavigateOptions::default());
    };

    view! {
        {crate::ui::components::nav::back_link(format!("/meetings/{id}"), "Back to the meeting")}
        <h1>"Wrap-up"</h1>
        <p class="subtitle">{format!("Meeting with {name}")}</p>
        <form class="form" on:submit=save>
            <label class="field">
                <span>"Notes"</span>
                <textarea rows="6" prop:value=field(|m| m.notes.clone()) on:input=edit(|m, v| m.notes = v)></textarea>
            </label>
            {move || summary().map(|(refs, done, questions)| view! {
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
            })}
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
                {move || proposals.get().into_iter().map(|p| {
                    let i = p.key();
                    let due = p.follow_up.due.format("%a %-d %b").to_string();
                    // A step already in the follow-ups shows ticked (untick to
                    // drop it while still open); one turned down earlier
                    // stays unticked and cannot be chosen again here.
                    let existing = p.existing;
                    let decided = p.decided && existing.is_none();
                    let done = existing.is_some_and(|(_, done)| done);
                    let text = match existing {
                        Some((_, true)) => format!("{} (done)", p.summary),
                        Some(_) => format!("{} by {due} (in your follow-ups)", p.summary),
                        None if decided => format!("{} (turned down at an earlier wrap-up)", p.summary),
                        None => format!("{} by {due}", p.summary),
                    };
                    view! {
                        <label class="check">
                            <input
                                type="checkbox"
                                disabled=decided || done
                                prop:checked=move || !decided && !skipped.read().contains(&i)
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    skipped.update(|s| {
                                        s.retain(|x| *x != i);
                                        if !on { s.push(i) }
                                    })
                                }
                            />
                            <span>{text}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <button type="submit" class="btn">"Save next steps"</button>
        </form>
    }
}
