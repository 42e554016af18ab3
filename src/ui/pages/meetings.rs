//! Meetings: the list, planning, and a meeting's page.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::domain::meeting_list::{MEETING_PAGE, MeetingGroup, MeetingListView, MeetingPages};
use crate::domain::meetings::SUGGESTED_QUESTIONS;
use crate::domain::{Id, Meeting, MeetingStatus, Notebook, Purpose};
use crate::ui::browser::{format_local, from_datetime_local, now_ms, to_datetime_local};
use crate::ui::components::fields::contact_picker;
use crate::ui::state::use_app_state;

/// Upcoming and past information meetings, each group a page at a time.
#[component]
pub fn MeetingsPage() -> impl IntoView {
    let state = use_app_state();
    let pages = RwSignal::new(MeetingPages::default());
    let view_model = Memo::new(move |_| {
        let pages = pages.get();
        state
            .notebook
            .with(|nb| MeetingListView::new(&nb.meetings, now_ms(), pages))
    });
    let in_progress = Memo::new(move |_| view_model.read().in_progress.clone());
    let upcoming = Memo::new(move |_| view_model.read().upcoming.clone());
    let missed = Memo::new(move |_| view_model.read().missed.clone());
    let past = Memo::new(move |_| view_model.read().past.clone());
    view! {
        <h1>"Meetings"</h1>
        <p class="hint">
            "Thirty minutes with one person: your two-minute pitch, their story and advice, "
            "and who else you should talk to. You are there to learn, never to ask for a job."
        </p>
        <A href="/meetings/new" attr:class="btn">"Plan meeting"</A>
        <Show when=move || { in_progress.read().total > 0 }>
            {meeting_group("In progress", "", in_progress, Callback::new(|()| {}))}
        </Show>
        {meeting_group(
            "Upcoming",
            "No meetings planned.",
            upcoming,
            Callback::new(move |()| pages.update(|p| p.upcoming += MEETING_PAGE)),
        )}
        <Show when=move || { missed.read().total > 0 }>
            {meeting_group(
                "Planned time has passed",
                "",
                missed,
                Callback::new(move |()| pages.update(|p| p.missed += MEETING_PAGE)),
            )}
        </Show>
        {meeting_group(
            "Past",
            "No meetings held yet.",
            past,
            Callback::new(move |()| pages.update(|p| p.past += MEETING_PAGE)),
        )}
    }
}

/// One group of the Meetings list, with a button for the next page while some are hidden.
fn meeting_group(
    title: &'static str,
    empty: &'static str,
    group: Memo<MeetingGroup>,
    more: Callback<()>,
) -> impl IntoView {
    view! {
        <section class="card">
            <h2>{title}</h2>
            <Show
                when=move || !group.read().rows.is_empty()
                fallback=move || view! { <p class="empty">{empty}</p> }
            >
                <ul class="rows" aria-label=title>
                    <For
                        each=move || group.get().rows
                        key=|row| row.clone()
                        children=|row| {
                            let href = if row.live {
                                format!("/meetings/{}/live", row.id)
                            } else {
                                format!("/meetings/{}", row.id)
                            };
                            view! {
                                <li>
                                    <A href=href attr:class="row">
                                        <span class="row-text">
                                            <span class="row-title">{row.name}</span>
                                            <span class="row-sub">{format_local(row.at)}</span>
                                        </span>
                                    </A>
                                </li>
                            }
                        }
                    />
                </ul>
            </Show>
            // Stays in place as rows are added, so focus stays on it.
            <Show when=move || { group.read().hidden() > 0 }>
                <button type="button" class="btn btn-quiet" on:click=move |_| more.run(())>
                    "Show more"
                    <span class="visually-hidden">{format!(" in {title}")}</span>
                    {move || format!(" ({} not shown)", group.read().hidden())}
                </button>
            </Show>
        </section>
    }
}

/// Planning a meeting with a contact.
#[component]
pub fn PlanMeetingPage() -> impl IntoView {
    let state = use_app_state();
    let query = use_query_map();
    let nb = state.notebook.read_untracked();
    let preset: Option<Id> = query
        .read_untracked()
        .get("contact")
        .and_then(|s| s.parse().ok())
        .filter(|id| nb.contact(*id).is_some());
    // The next half hour from now, as a sensible default.
    let start = {
        let half = 30 * 60_000;
        (now_ms() / half + 1) * half
    };
    let initial = Meeting {
        contact_id: preset,
        scheduled_at: Some(start),
        pitch_id: nb.default_pitch().map(|p| p.id),
        questions: vec![SUGGESTED_QUESTIONS[SUGGESTED_QUESTIONS.len() - 1].to_string()],
        ..Meeting::default()
    };
    drop(nb);
    view! {
        {crate::ui::components::nav::back_link("/meetings".into(), "Back to meetings")}
        <h1>"Plan meeting"</h1>
        <MeetingForm initial=initial />
    }
}

/// Changing the plan of a meeting that has not started yet.
#[component]
pub fn EditMeetingPage() -> impl IntoView {
    let state = use_app_state();
    let planned = crate::ui::id_param().and_then(|id| {
        state.notebook.with_untracked(|nb| {
            nb.meeting(id)
                .filter(|m| m.status() == MeetingStatus::Planned)
                .cloned()
        })
    });
    match planned {
        Some(m) => view! {
            {crate::ui::components::nav::back_link(format!("/meetings/{}", m.id), "Back to the meeting")}
            <h1>"Edit meeting"</h1>
            <MeetingForm initial=m />
        }
        .into_any(),
        None => view! {
            <h1>"This meeting can no longer be edited"</h1>
            <p><A href="/meetings">"Back to meetings"</A></p>
        }
        .into_any(),
    }
}

/// Who, when, where and what for; saves a new plan or changes one.
#[component]
fn MeetingForm(initial: Meeting) -> impl IntoView {
    let state = use_app_state();
    let navigate = use_navigate();
    let is_new = initial.id == 0;
    let base = StoredValue::new(initial.clone());
    // Questions of the user's own go in the free text box.
    let own: Vec<String> = initial
        .questions
        .iter()
        .filter(|q| !SUGGESTED_QUESTIONS.contains(&q.as_str()))
        .cloned()
        .collect();
    let mut initial = initial;
    initial
        .questions
        .retain(|q| SUGGESTED_QUESTIONS.contains(&q.as_str()));
    let draft = RwSignal::new(initial);
    let extra_questions = RwSignal::new(own.join("\n"));
    let error = RwSignal::new(None::<String>);

    let pitches = move || {
        state.notebook.with(|nb| {
            nb.pitches
                .iter()
                .map(|p| (p.id, p.title.clone()))
                .collect::<Vec<_>>()
        })
    };

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut meeting = draft.get_untracked();
        meeting.questions.extend(
            extra_questions
                .get_untracked()
                .lines()
                .map(|l| l.trim().to_string()),
        );
        if !is_new {
            meeting = state.rebase_edit(&base.get_value(), meeting);
        }
        let result = state.apply(|nb| {
            if is_new {
                nb.plan_meeting(meeting, now_ms())
            } else {
                let id = meeting.id;
                nb.edit_planned_meeting(meeting).map(|_| id)
            }
        });
        match result {
            Ok(id) => navigate(&format!("/meetings/{id}"), NavigateOptions::default()),
            Err(e) => error.set(Some(e.to_string())),
        }
    };

    view! {
        <form class="form" on:submit=save novalidate>
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
                                    draft.update(|d| {
                                        d.purposes.retain(|x| *x != p);
                                        if on { d.purposes.push(p) }
                                    })
                                }
                            />
                            <span>{p.label()}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <label class="field">
                <span>"Pitch version"</span>
                <select on:change=move |ev| draft.update(|d| d.pitch_id = event_target_value(&ev).parse().ok())>
                    <option value="" selected=move || draft.read().pitch_id.is_none()>"None"</option>
                    {move || pitches().into_iter().map(|(id, title)| {
                        view! { <option value=id.to_string() selected=move || draft.read().pitch_id == Some(id)>{title}</option> }
                    }).collect_view()}
                </select>
            </label>
            <fieldset class="field-group">
                <legend>"Questions to ask"</legend>
                {SUGGESTED_QUESTIONS.iter().map(|q| {
                    let label = q.to_string();
                    let q = label.clone();
                    let q2 = label.clone();
                    view! {
                        <label class="check">
                            <input
                                type="checkbox"
                                prop:checked=move || draft.read().questions.contains(&q)
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let q = q2.clone();
                                    draft.update(|d| {
                                        d.questions.retain(|x| *x != q);
                                        if on { d.questions.push(q) }
                                    })
                                }
                            />
                            <span>{label}</span>
                        </label>
                    }
                }).collect_view()}
                <label class="field">
                    <span>"Your own questions (one per line)"</span>
                    <textarea rows="3" prop:value=move || extra_questions.get() on:input=move |ev| extra_questions.set(event_target_value(&ev))></textarea>
                </label>
            </fieldset>
            <Show when=move || error.read().is_some()>
                <p class="error" role="alert">{move || error.get()}</p>
            </Show>
            <button type="submit" class="btn">"Save"</button>
        </form>
    }
}

/// One meeting: its plan, and once held, its notes and outcome.
#[component]
pub fn MeetingPage() -> impl IntoView {
    let state = use_app_state();
    let params = use_params_map();
    let navigate = use_navigate();
    let id = Memo::new(move |_| params.read().get("id").and_then(|s| s.parse::<Id>().ok()));
    move || {
        let nb = state.notebook.read();
        match id.get().and_then(|id| nb.meeting(id).cloned()) {
            Some(m) => meeting_view(&nb, m, navigate.clone()),
            None => view! {
                <h1>"Meeting not found"</h1>
                <p><A href="/meetings">"Back to meetings"</A></p>
            }
            .into_any(),
        }
    }
}

fn meeting_view(
    nb: &Notebook,
    m: Meeting,
    navigate: impl Fn(&str, NavigateOptions) + Clone + 'static,
) -> AnyView {
    let state = use_app_state();
    let id = m.id;
    let name = m
        .contact_id
        .and_then(|c| nb.contact(c))
        .map(|c| c.name.clone())
        .unwrap_or_else(|| m.contact_name.clone());
    let go = navigate.clone();
    let start = move |_| match state.apply(|nb| nb.start_meeting(id, now_ms())) {
        Ok(()) => navigate(&format!("/meetings/{id}/live"), NavigateOptions::default()),
        Err(e) => state.notify(e.to_string()),
    };
    let delete = move |_| {
        let removed = state.apply(|nb| nb.delete_meeting(id));
        if let Some(r) = removed {
            state.offer_undo("Meeting deleted.".into(), r);
            go("/meetings", NavigateOptions::default());
        }
    };
    let pitch = m
        .pitch_id
        .and_then(|p| nb.pitch(p))
        .map(|p| p.title.clone());
    let referrals: Vec<(Id, String)> = m
        .referrals
        .iter()
        .filter_map(|r| nb.contact(*r).map(|c| (c.id, c.name.clone())))
        .collect();
    let steps: Vec<String> = nb
        .follow_ups
        .iter()
        .filter(|f| f.meeting_id == Some(id))
        .map(|f| {
            let who = f
                .contact_id
                .and_then(|c| nb.contact(c))
                .map(|c| c.name.clone())
                .unwrap_or_default();
            format!(
                "{}: {} by {}",
                f.kind.label(),
                who,
                f.due.format("%a %-d %b")
            )
        })
        .collect();
    let status = m.status();
    let when = format_local(m.sort_time());
    view! {
        {crate::ui::components::nav::back_link("/meetings".into(), "Back to meetings")}
        <h1>{format!("Meeting with {name}")}</h1>
        <p class="subtitle">
            {match status {
                MeetingStatus::Planned => format!("Planned for {when}"),
                MeetingStatus::InProgress => format!("In progress since {when}"),
                MeetingStatus::Held => format!("Held {when}"),
            }}
            {(!m.place.is_empty()).then(|| format!(" · {}", m.place))}
        </p>
        <div class="stack">
            {match status {
                MeetingStatus::Planned => view! {
                    <button type="button" class="btn" on:click=start>"Start meeting"</button>
                    <A href=format!("/meetings/{id}/edit") attr:class="btn btn-quiet">"Edit meeting"</A>
                }.into_any(),
                MeetingStatus::InProgress => view! { <A href=format!("/meetings/{id}/live") attr:class="btn">"Resume meeting"</A> }.into_any(),
                MeetingStatus::Held => view! { <A href=format!("/meetings/{id}/wrap-up") attr:class="btn btn-quiet">"Edit wrap-up"</A> }.into_any(),
            }}
            {m.contact_id.filter(|c| nb.contact(*c).is_some()).map(|c| view! { <A href=format!("/contacts/{c}") attr:class="btn btn-quiet">{name.clone()}</A> })}
            <button type="button" class="btn btn-danger" on:click=delete>"Delete meeting"</button>
        </div>
        <section class="card">
            <h2>"Purposes"</h2>
            <ul class="plain">
                {m.purposes.iter().map(|p| {
                    let done = m.purposes_done.contains(p);
                    view! { <li>{if done { "✓ " } else { "" }}{p.label()}</li> }
                }).collect_view()}
            </ul>
            {pitch.map(|t| view! { <p>{format!("Pitch: {t}")}</p> })}
        </section>
        {(!m.questions.is_empty()).then(|| view! {
            <section class="card">
                <h2>"Questions"</h2>
                <ul>{m.questions.iter().map(|q| view! { <li>{q.clone()}</li> }).collect_view()}</ul>
            </section>
        })}
        {(status != MeetingStatus::Planned).then(|| view! {
            <section class="card">
                <h2>"Notes"</h2>
                {if m.notes.is_empty() { view! { <p class="empty">"No notes."</p> }.into_any() } else { view! { <p class="prewrap">{m.notes.clone()}</p> }.into_any() }}
            </section>
            <section class="card">
                <h2>"Referrals"</h2>
                {if referrals.is_empty() {
                    view! { <p class="empty">"None captured."</p> }.into_any()
                } else {
                    view! { <ul class="plain">{referrals.into_iter().map(|(rid, rname)| view! { <li><A href=format!("/contacts/{rid}")>{rname}</A></li> }).collect_view()}</ul> }.into_any()
                }}
            </section>
        })}
        {(status == MeetingStatus::Held).then(|| view! {
            <section class="card">
                <h2>"Outcome"</h2>
                {if m.outcome.is_empty() { view! { <p class="empty">"Not written yet."</p> }.into_any() } else { view! { <p class="prewrap">{m.outcome.clone()}</p> }.into_any() }}
                {(!m.help_offered.is_empty()).then(|| view! { <p>{format!("Help offered: {}", m.help_offered)}</p> })}
            </section>
            <section class="card">
                <h2>"Next steps"</h2>
                {if steps.is_empty() {
                    view! { <p class="empty">"None confirmed yet."</p> }.into_any()
                } else {
                    view! { <ul class="plain" aria-label="Next steps">{steps.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul> }.into_any()
                }}
            </section>
        })}
    }
    .into_any()
}
