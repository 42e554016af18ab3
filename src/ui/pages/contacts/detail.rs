//! One contact: details, how the user came to know them, whom they
//! introduced, and meetings.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::domain::contact_detail::{ContactDetailView, MeetingLine};
use crate::domain::reciprocity::Reciprocity;
use crate::domain::{Contact, Id, MeetingStatus};
use crate::ui::browser::{format_local, now_ms, today};
use crate::ui::components::chain::chain_view;
use crate::ui::components::follow_up::FollowUpRow;
use crate::ui::components::meeting_parts::start_meeting_button;
use crate::ui::components::missing::Missing;
use crate::ui::components::nav::back_link;
use crate::ui::drafts::typed_edit_address;
use crate::ui::state::use_app_state;

/// The page for one contact.
#[component]
pub fn ContactDetailPage() -> impl IntoView {
    let state = use_app_state();
    let id = crate::ui::id_param();
    crate::ui::components::meeting_parts::provide_running_question();
    // Rebuilt on any change so chains show removals and undos at once.
    move || {
        let nb = state.notebook.read();
        match id.and_then(|id| ContactDetailView::new(&nb, id, today())) {
            Some(v) => {
                let chain = chain_view(&nb, v.contact.id);
                view! { <ContactView v=v chain=chain.into_any() /> }.into_any()
            }
            None => view! {
                <Missing
                    noun="contact"
                    list="/contacts"
                    back="Back to contacts"
                    typed=typed_edit_address("contact", "/contacts", id)
                />
            }
            .into_any(),
        }
    }
}

/// The contact's heading, actions and cards.
#[component]
fn ContactView(v: ContactDetailView, chain: AnyView) -> impl IntoView {
    let c = &v.contact;
    let (id, list) = (c.id, c.list);
    view! {
        {back_link("/contacts".into(), "Back to contacts")}
        <h1>{c.name.clone()}</h1>
        <p class="subtitle">
            // The label that follows starts with the letter already.
            <span class=format!("list-badge list-{}", list.letter()) aria-hidden="true">{list.letter()}</span>
            " "
            {list.label()}
            {c.decision_maker.then(|| view! { " · " <strong>"Decision maker"</strong> })}
        </p>
        <ContactActions id=id />
        <ContactDetails contact=c.clone() organization=v.organization.clone() web_link=v.web_link.clone() shown=v.has_details />
        <section class="card">
            <h2>"How you know them"</h2>
            {chain}
        </section>
        <GiveAndTake give=v.give.clone() introduced=v.introduced.clone() suggested=v.suggested.clone() />
        <section class="card">
            <h2>"Follow-ups"</h2>
            {if v.follow_ups.is_empty() {
                view! { <p class="empty">"None."</p> }.into_any()
            } else {
                view! { <ul class="plain follow-ups" aria-label="Follow-ups with them">{v.follow_ups.iter().map(|fid| view! { <FollowUpRow id=*fid /> }).collect_view()}</ul> }.into_any()
            }}
            <div class="stack">
                <A href=format!("/follow-ups/new?contact={id}&from=/contacts/{id}") attr:class="btn btn-quiet">"Add follow-up"</A>
                <A href=format!("/journal?contact={id}") attr:class="btn btn-quiet">"Timeline"</A>
            </div>
        </section>
        {(!c.notes.is_empty()).then(|| view! { <section class="card"><h2>"Notes"</h2><p class="prewrap">{c.notes.clone()}</p></section> })}
        <ContactMeetings meetings=v.meetings.clone() />
    }
}

/// Start or plan a meeting, edit, delete.
#[component]
fn ContactActions(id: Id) -> impl IntoView {
    let state = use_app_state();
    let navigate = use_navigate();
    let go = navigate.clone();
    let start_meeting = move || match state.apply(|nb| nb.start_meeting_now(id, now_ms())) {
        Ok(mid) => go(&format!("/meetings/{mid}/live"), NavigateOptions::default()),
        Err(e) => state.notify(e.to_string()),
    };
    let delete = move |_| {
        if let Some(deleted) = state.apply(|nb| nb.delete_contact(id)) {
            state.offer_undo(deleted.message(), deleted.removed);
            navigate("/contacts", NavigateOptions::default());
        }
    };
    view! {
        <div class="stack">
            {start_meeting_button(None, Some(id), start_meeting)}
            <A href=format!("/meetings/new?contact={id}") attr:class="btn btn-quiet">"Plan meeting"</A>
            <A href=format!("/contacts/{id}/edit") attr:class="btn btn-quiet">"Edit"</A>
            <button type="button" class="btn btn-danger" on:click=delete>"Delete"</button>
        </div>
    }
}

/// Organization, role, how they met, phone, email, web and tags.
#[component]
fn ContactDetails(
    contact: Contact,
    organization: Option<(Id, String)>,
    web_link: Option<String>,
    shown: bool,
) -> impl IntoView {
    let Contact {
        role,
        how_met,
        phone,
        email,
        url,
        tags,
        ..
    } = contact.clone();
    let keep_in_touch = contact.keep_in_touch_text();
    view! {
        <section class="card" hidden=!shown>
            <dl class="details">
                {organization.map(|(oid, oname)| view! { <dt>"Organization"</dt><dd><A href=format!("/organizations/{oid}")>{oname}</A></dd> })}
                {(!role.is_empty()).then(|| view! { <dt>"Role"</dt><dd>{role}</dd> })}
                {(!how_met.is_empty()).then(|| view! { <dt>"How we met"</dt><dd>{how_met}</dd> })}
                {keep_in_touch.map(|every| view! { <dt>"Keep in touch"</dt><dd>{every}</dd> })}
                {(!phone.is_empty()).then(|| match crate::domain::contacts::dial_link(&phone) {
                    Some(href) => view! { <dt>"Phone"</dt><dd><a href=href>{phone}</a></dd> }.into_any(),
                    None => view! { <dt>"Phone"</dt><dd>{phone}</dd> }.into_any(),
                })}
                {(!email.is_empty()).then(|| { let href = format!("mailto:{email}"); view! { <dt>"Email"</dt><dd><a href=href>{email}</a></dd> } })}
                {(!url.is_empty()).then(|| match web_link {
                    Some(href) => view! { <dt>"Web"</dt><dd><a href=href rel="noopener noreferrer" target="_blank">{url}</a></dd> }.into_any(),
                    None => view! { <dt>"Web"</dt><dd>{url}</dd> }.into_any(),
                })}
                {(!tags.is_empty()).then(|| view! { <dt>"Tags"</dt><dd>{tags.join(", ")}</dd> })}
            </dl>
        </section>
    }
}

/// What the user offered and gave, and what the contact gave back.
#[component]
fn GiveAndTake(
    give: Reciprocity,
    introduced: Vec<(Id, String)>,
    suggested: Vec<(Id, String)>,
) -> impl IntoView {
    let person = |(rid, rname): (Id, String)| {
        view! { <li><A href=format!("/contacts/{rid}")>{rname}</A></li> }
    };
    view! {
        <section class="card">
            <h2>"Give and take"</h2>
            <div class="two-sides">
                <div>
                    <h3>"You offered"</h3>
                    {list_or(give.help_offered, "Nothing yet. Always offer something in return.")}
                    <h3>"You helped"</h3>
                    {list_or(give.help_given, "Not yet.")}
                </div>
                <div>
                    <h3>"They introduced you to"</h3>
                    {if introduced.is_empty() {
                        view! { <p class="empty">"Nobody yet. Ask: who else should I talk to?"</p> }.into_any()
                    } else {
                        view! { <ul class="plain">{introduced.into_iter().map(person).collect_view()}</ul> }.into_any()
                    }}
                    {(!suggested.is_empty()).then(|| view! {
                        <h3>"They suggested you talk to"</h3>
                        <p class="hint">"People you knew already."</p>
                        <ul class="plain">{suggested.into_iter().map(person).collect_view()}</ul>
                    })}
                    <h3>"Their advice"</h3>
                    {list_or(give.advice, "None recorded.")}
                </div>
            </div>
        </section>
    }
}

/// The contact's meetings, newest first, with outcome and notes.
#[component]
fn ContactMeetings(meetings: Vec<MeetingLine>) -> impl IntoView {
    view! {
        <section class="card">
            <h2>"Meetings"</h2>
            {if meetings.is_empty() {
                view! { <p class="empty">"No meetings yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain">
                        {meetings.into_iter().map(|m| {
                            let label = match m.status {
                                MeetingStatus::Planned => "Planned",
                                MeetingStatus::InProgress => "In progress",
                                MeetingStatus::Held => "Held",
                            };
                            view! {
                                <li class="meeting-item">
                                    <A href=format!("/meetings/{}", m.id)>{format!("{label}: {}", format_local(m.at))}</A>
                                    {(!m.outcome.is_empty()).then(|| view! { <p class="prewrap">{m.outcome}</p> })}
                                    {(!m.notes.is_empty()).then(|| view! { <p class="prewrap hint">{m.notes}</p> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

fn list_or(items: Vec<String>, empty: &'static str) -> AnyView {
    if items.is_empty() {
        view! { <p class="empty">{empty}</p> }.into_any()
    } else {
        view! { <ul class="plain">{items.into_iter().map(|i| view! { <li class="prewrap">{i}</li> }).collect_view()}</ul> }
            .into_any()
    }
}
