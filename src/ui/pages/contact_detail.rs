//! One contact: details, how the user came to know them, whom they
//! introduced, and meetings.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::domain::reciprocity::reciprocity;
use crate::domain::referrals::referred_by_contact;
use crate::domain::{Contact, Id, MeetingStatus, Notebook};
use crate::ui::components::chain::chain_view;
use crate::ui::components::follow_up::FollowUpRow;
use crate::ui::state::use_app_state;

/// The page for one contact.
#[component]
pub fn ContactDetailPage() -> impl IntoView {
    let state = use_app_state();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|s| s.parse::<Id>().ok()));
    let navigate = use_navigate();
    // Rebuilt on any change so chains show removals and undos at once.
    move || {
        let nb = state.notebook.read();
        match id.get().and_then(|id| nb.contact(id).cloned()) {
            Some(c) => contact_detail(&nb, c, navigate.clone()),
            None => view! {
                <h1>"Contact not found"</h1>
                <p>"This contact no longer exists."</p>
                <p><A href="/contacts">"Back to contacts"</A></p>
            }
            .into_any(),
        }
    }
}

fn contact_detail(
    nb: &Notebook,
    contact: Contact,
    navigate: impl Fn(&str, NavigateOptions) + Clone + 'static,
) -> AnyView {
    let state = use_app_state();
    let id = contact.id;
    let go = navigate.clone();
    let start_meeting =
        move |_| match state.apply(|nb| nb.start_meeting_now(id, crate::ui::browser::now_ms())) {
            Ok(mid) => go(&format!("/meetings/{mid}/live"), NavigateOptions::default()),
            Err(e) => state.notify(e.to_string()),
        };
    let delete = move |_| {
        let name = contact_name(id);
        let removed = state.apply(|nb| nb.delete_contact(id));
        if let Some(removed) = removed {
            state.offer_undo(format!("Deleted {name}."), removed);
            navigate("/contacts", NavigateOptions::default());
        }
    };
    let org = contact
        .organization
        .and_then(|o| nb.organization(o))
        .map(|o| (o.id, o.name.clone()));
    let chain = chain_view(nb, id);
    let introduced: Vec<(Id, String)> = referred_by_contact(&nb.contacts, id)
        .into_iter()
        .filter_map(|rid| nb.contact(rid).map(|c| (rid, c.name.clone())))
        .collect();
    let meetings: Vec<_> = nb
        .meetings_with(id)
        .into_iter()
        .map(|m| {
            (
                m.id,
                m.status(),
                m.sort_time(),
                m.outcome.clone(),
                m.notes.clone(),
            )
        })
        .collect();
    let web = crate::domain::contacts::safe_web_url(&contact.url);
    let has_details = org.is_some()
        || [
            &contact.role,
            &contact.how_met,
            &contact.phone,
            &contact.email,
            &contact.url,
        ]
        .iter()
        .any(|f| !f.is_empty())
        || !contact.tags.is_empty();
    let give = reciprocity(nb, id);
    let mut open_follow_ups: Vec<_> = nb
        .follow_ups
        .iter()
        .filter(|f| f.contact_id == Some(id))
        .cloned()
        .collect();
    crate::domain::followups::sort_for_today(&mut open_follow_ups, crate::ui::browser::today());
    let follow_ups: Vec<Id> = open_follow_ups.into_iter().map(|f| f.id).collect();
    let Contact {
        name,
        list,
        role,
        how_met,
        email,
        phone,
        url,
        tags,
        notes,
        decision_maker,
        ..
    } = contact;

    view! {
        {crate::ui::components::nav::back_link("/contacts".into(), "Back to contacts")}
        <h1>{name.clone()}</h1>
        <p class="subtitle">
            <span class=format!("list-badge list-{}", list.letter())>{list.letter()}</span>
            " "
            {list.label()}
            {decision_maker.then(|| view! { " · " <strong>"Decision maker"</strong> })}
        </p>
        <div class="stack">
            <button type="button" class="btn" on:click=start_meeting>"Start meeting"</button>
            <A href=format!("/meetings/new?contact={id}") attr:class="btn btn-quiet">"Plan meeting"</A>
            <A href=format!("/contacts/{id}/edit") attr:class="btn btn-quiet">"Edit"</A>
            <button type="button" class="btn btn-danger" on:click=delete>"Delete"</button>
        </div>
        <section class="card" hidden=!has_details>
            <dl class="details">
                {org.map(|(oid, oname)| view! { <dt>"Organization"</dt><dd><A href=format!("/organizations/{oid}")>{oname}</A></dd> })}
                {(!role.is_empty()).then(|| view! { <dt>"Role"</dt><dd>{role}</dd> })}
                {(!how_met.is_empty()).then(|| view! { <dt>"How we met"</dt><dd>{how_met}</dd> })}
                {(!phone.is_empty()).then(|| { let href = format!("tel:{}", phone.replace(' ', "")); view! { <dt>"Phone"</dt><dd><a href=href>{phone}</a></dd> } })}
                {(!email.is_empty()).then(|| { let href = format!("mailto:{email}"); view! { <dt>"Email"</dt><dd><a href=href>{email}</a></dd> } })}
                {(!url.is_empty()).then(|| match web {
                    Some(href) => view! { <dt>"Web"</dt><dd><a href=href rel="noopener noreferrer" target="_blank">{url}</a></dd> }.into_any(),
                    None => view! { <dt>"Web"</dt><dd>{url}</dd> }.into_any(),
                })}
                {(!tags.is_empty()).then(|| view! { <dt>"Tags"</dt><dd>{tags.join(", ")}</dd> })}
            </dl>
        </section>
        <section class="card">
            <h2>"How you know them"</h2>
            {chain}
        </section>
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
                        view! {
                            <ul class="plain">
                                {introduced.into_iter().map(|(rid, rname)| view! { <li><A href=format!("/contacts/{rid}")>{rname}</A></li> }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    <h3>"Their advice"</h3>
                    {list_or(give.advice, "None recorded.")}
                </div>
            </div>
        </section>
        <section class="card">
            <h2>"Follow-ups"</h2>
            {if follow_ups.is_empty() {
                view! { <p class="empty">"None."</p> }.into_any()
            } else {
                view! { <ul class="plain follow-ups" aria-label="Follow-ups with them">{follow_ups.into_iter().map(|fid| view! { <FollowUpRow id=fid /> }).collect_view()}</ul> }.into_any()
            }}
            <div class="stack">
                <A href=format!("/follow-ups/new?contact={id}") attr:class="btn btn-quiet">"Add follow-up"</A>
                <A href=format!("/journal?contact={id}") attr:class="btn btn-quiet">"Timeline"</A>
            </div>
        </section>
        {(!notes.is_empty()).then(|| view! { <section class="card"><h2>"Notes"</h2><p class="prewrap">{notes}</p></section> })}
        <section class="card">
            <h2>"Meetings"</h2>
            {if meetings.is_empty() {
                view! { <p class="empty">"No meetings yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain">
                        {meetings.into_iter().map(|(mid, status, at, outcome, notes)| {
                            let when = crate::ui::browser::format_local(at);
                            let label = match status {
                                MeetingStatus::Planned => "Planned",
                                MeetingStatus::InProgress => "In progress",
                                MeetingStatus::Held => "Held",
                            };
                            view! {
                                <li class="meeting-item">
                                    <A href=format!("/meetings/{mid}")>{format!("{label}: {when}")}</A>
                                    {(!outcome.is_empty()).then(|| view! { <p class="prewrap">{outcome}</p> })}
                                    {(!notes.is_empty()).then(|| view! { <p class="prewrap hint">{notes}</p> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}

fn contact_name(id: Id) -> String {
    use_app_state()
        .notebook
        .with_untracked(|nb| nb.contact(id).map(|c| c.name.clone()))
        .unwrap_or_default()
}

fn list_or(items: Vec<String>, empty: &'static str) -> AnyView {
    if items.is_empty() {
        view! { <p class="empty">{empty}</p> }.into_any()
    } else {
        view! { <ul class="plain">{items.into_iter().map(|i| view! { <li class="prewrap">{i}</li> }).collect_view()}</ul> }
            .into_any()
    }
}
