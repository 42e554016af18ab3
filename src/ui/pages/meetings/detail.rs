//! One meeting's page: its plan, and once held, its notes and outcome.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::domain::meeting_detail::MeetingDetailView;
use crate::domain::{Id, MeetingStatus};
use crate::ui::browser::{format_local, now_ms};
use crate::ui::components::meeting_parts::start_meeting_button;
use crate::ui::components::missing::Missing;
use crate::ui::components::nav::back_link;
use crate::ui::drafts::typed_edit_address;
use crate::ui::state::use_app_state;

/// One meeting: its plan, and once held, its notes and outcome.
#[component]
pub fn MeetingPage() -> impl IntoView {
    let state = use_app_state();
    let id = crate::ui::id_param();
    crate::ui::components::meeting_parts::provide_running_question();
    move || {
        let view_model = id.and_then(|id| state.notebook.with(|nb| MeetingDetailView::new(nb, id)));
        match view_model {
            Some(v) => view! { <MeetingView v=v /> }.into_any(),
            None => view! {
                <Missing
                    noun="meeting"
                    list="/meetings"
                    back="Back to meetings"
                    typed=typed_edit_address("meeting", "/meetings", id)
                />
            }
            .into_any(),
        }
    }
}

/// The meeting's heading, actions and cards.
#[component]
fn MeetingView(v: MeetingDetailView) -> impl IntoView {
    let when = format_local(v.at);
    let subtitle = match v.status {
        MeetingStatus::Planned => format!("Planned for {when}"),
        MeetingStatus::InProgress => format!("In progress since {when}"),
        MeetingStatus::Held => format!("Held {when}"),
    };
    let place = (!v.meeting.place.is_empty()).then(|| format!(" · {}", v.meeting.place));
    let status = v.status;
    view! {
        {back_link("/meetings".into(), "Back to meetings")}
        <h1>{format!("Meeting with {}", v.name)}</h1>
        <p class="subtitle">{subtitle}{place}</p>
        <MeetingActions id=v.meeting.id status=status contact=v.contact name=v.name.clone() />
        <section class="card">
            <h2>"Purposes"</h2>
            <ul class="plain">
                // Said in words, as the questions are: a tick alone is not read
                // as "met" by every screen reader.
                {v.purposes.iter().map(|(p, done)| {
                    let how = match (status, *done) {
                        (MeetingStatus::Planned, _) => "",
                        (_, true) => "Met: ",
                        (_, false) => "Not met: ",
                    };
                    view! { <li>{how}{p.label()}</li> }
                }).collect_view()}
            </ul>
            {v.pitch_title.clone().map(|t| view! { <p>{format!("Pitch: {t}")}</p> })}
        </section>
        {(!v.meeting.questions.is_empty()).then(|| view! {
            <section class="card">
                <h2>"Questions"</h2>
                // Once it has started, which were asked.
                <ul>{v.meeting.question_checklist().into_iter().map(|(q, asked)| {
                    let how = match (status, asked) {
                        (MeetingStatus::Planned, _) => "",
                        (_, true) => "Asked: ",
                        (_, false) => "Not asked: ",
                    };
                    view! { <li>{how}{q}</li> }
                }).collect_view()}</ul>
            </section>
        })}
        {(status != MeetingStatus::Planned).then(|| view! { <HeldCards v=v /> })}
    }
}

/// Start, resume or wrap up, the contact, and delete.
#[component]
fn MeetingActions(
    id: Id,
    status: MeetingStatus,
    contact: Option<Id>,
    name: String,
) -> impl IntoView {
    let state = use_app_state();
    let navigate = use_navigate();
    let go = navigate.clone();
    let start = move || match state.apply(|nb| nb.start_meeting(id, now_ms())) {
        Ok(()) => navigate(&format!("/meetings/{id}/live"), NavigateOptions::default()),
        Err(e) => state.notify(e.to_string()),
    };
    let delete = move |_| {
        if let Some(r) = state.apply(|nb| nb.delete_meeting(id)) {
            state.offer_undo("Meeting deleted.".into(), r);
            go("/meetings", NavigateOptions::default());
        }
    };
    view! {
        <div class="stack">
            {match status {
                MeetingStatus::Planned => view! {
                    {start_meeting_button(Some(id), contact, start.clone())}
                    <A href=format!("/meetings/{id}/edit") attr:class="btn btn-quiet">"Edit meeting"</A>
                }.into_any(),
                MeetingStatus::InProgress => view! { <A href=format!("/meetings/{id}/live") attr:class="btn">"Resume meeting"</A> }.into_any(),
                MeetingStatus::Held => view! { <A href=format!("/meetings/{id}/wrap-up") attr:class="btn btn-quiet">"Edit wrap-up"</A> }.into_any(),
            }}
            {contact.map(|c| view! { <A href=format!("/contacts/{c}") attr:class="btn btn-quiet">{name}</A> })}
            <button type="button" class="btn btn-danger" on:click=delete>"Delete meeting"</button>
        </div>
    }
}

/// What a started meeting gave: notes, referrals, and once held, the
/// outcome and next steps.
#[component]
fn HeldCards(v: MeetingDetailView) -> impl IntoView {
    let m = v.meeting;
    let held = v.status == MeetingStatus::Held;
    view! {
        <section class="card">
            <h2>"Notes"</h2>
            {if m.notes.is_empty() { view! { <p class="empty">"No notes."</p> }.into_any() } else { view! { <p class="prewrap">{m.notes.clone()}</p> }.into_any() }}
        </section>
        <section class="card">
            <h2>"Referrals"</h2>
            {if v.referrals.is_empty() {
                view! { <p class="empty">"None captured."</p> }.into_any()
            } else {
                view! { <ul class="plain">{v.referrals.into_iter().map(|(rid, rname)| view! { <li><A href=format!("/contacts/{rid}")>{rname}</A></li> }).collect_view()}</ul> }.into_any()
            }}
        </section>
        {held.then(|| view! {
            <section class="card">
                <h2>"Outcome"</h2>
                {if m.outcome.is_empty() { view! { <p class="empty">"Not written yet."</p> }.into_any() } else { view! { <p class="prewrap">{m.outcome.clone()}</p> }.into_any() }}
                {(!m.help_offered.is_empty()).then(|| view! { <p>{format!("Help offered: {}", m.help_offered)}</p> })}
            </section>
            <section class="card">
                <h2>"Next steps"</h2>
                {if v.steps.is_empty() {
                    view! { <p class="empty">"None confirmed yet."</p> }.into_any()
                } else {
                    view! { <ul class="plain" aria-label="Next steps">{v.steps.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul> }.into_any()
                }}
            </section>
        })}
    }
}
