//! Networking events with targets, and one-tap capture of people met there.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::domain::events::Event;
use crate::domain::events::PersonMet;
use crate::domain::followups::referral_schedule;
use crate::domain::{Id, ListKind, Notebook, number};
use crate::ui::browser::now_ms;
use crate::ui::components::duplicates::{create_unless_known, duplicate_offer, name_field};
use crate::ui::components::fields::{
    FormError, FormFooter, ListSelect, Refusal, number_field, text_area, text_field,
};
use crate::ui::components::missing::{Missing, gone_from_edit};
use crate::ui::components::nav::RowLink;
use crate::ui::drafts::{draft_with_base, form_draft_name, typed_edit_address};
use crate::ui::forms::{RecordForm, RestoredNotice};
use crate::ui::id_param;
use crate::ui::state::use_app_state;

/// The list of events.
#[component]
pub fn EventsPage() -> impl IntoView {
    let state = use_app_state();
    let rows = Memo::new(move |_| state.notebook.with(|nb| nb.event_rows()));
    view! {
        <h1>"Events"</h1>
        <p class="hint">"Conferences, association meetings, job clubs: go with a target, and note everyone you meet."</p>
        <A href="/events/new" attr:class="btn">"Add event"</A>
        <Show when=move || !rows.read().is_empty() fallback=|| view! { <p class="empty">"No events yet."</p> }>
            <ul class="rows" aria-label="Events">
                {move || rows.get().into_iter().map(|row| view! {
                    <RowLink href=format!("/events/{}", row.id) title=row.name sub=row.sub />
                }).collect_view()}
            </ul>
        </Show>
    }
}

/// Adding an event.
#[component]
pub fn NewEventPage() -> impl IntoView {
    let initial = Event {
        people_target: 5,
        referrals_target: 5,
        date: Some(crate::ui::browser::today()),
        ..Event::default()
    };
    view! {
        {crate::ui::components::nav::back_link("/events".into(), "Back to events")}
        <h1>"New event"</h1>
        <EventForm initial=initial />
    }
}

/// Changing an event.
#[component]
pub fn EditEventPage() -> impl IntoView {
    let state = use_app_state();
    let id = id_param();
    match id.and_then(|id| state.notebook.with_untracked(|nb| nb.event(id).cloned())) {
        Some(e) => view! {
            {crate::ui::components::nav::back_link(format!("/events/{}", e.id), "Back to the event")}
            <h1>"Edit event"</h1>
            <EventForm initial=e />
        }
        .into_any(),
        None => gone_from_edit("event", id, "event", "/events", "Back to events", |e: Event| {
            view! { <EventForm initial=e /> }.into_any()
        }),
    }
}

/// Name, date, place, targets and notes; saves a new event or changes one.
#[component]
fn EventForm(initial: Event) -> impl IntoView {
    // Kept for this tab so a reload does not lose what was typed.
    let name = form_draft_name("event", initial.id);
    let (draft, _, base) = draft_with_base(name, initial);
    let form = RecordForm::new(draft, base);
    let number = |label: &'static str, get: fn(&Event) -> u32, set: fn(&mut Event, u32)| {
        number_field(
            label,
            number::TARGET,
            true,
            move || Some(get(&draft.read())),
            move |n| draft.update(|d| set(d, n.unwrap_or(0))),
        )
    };
    let save = form.on_submit(
        |nb, e| nb.add_event(e, now_ms()),
        Notebook::edit_event,
        |id| format!("/events/{id}"),
    );
    view! {
        <form class="form" on:submit=save novalidate>
            <RestoredNotice />
            {text_field("Name", "text", move || draft.read().name.clone(), move |v| draft.update(|d| d.name = v))}
            {text_field(
                "Date",
                "date",
                move || draft.read().date.map(|d| d.to_string()).unwrap_or_default(),
                move |v| draft.update(|d| d.date = crate::domain::calendar::parse_iso_date(&v)),
            )}
            {text_field("Place", "text", move || draft.read().place.clone(), move |v| draft.update(|d| d.place = v))}
            {number("People to talk to", |e| e.people_target, |e, n| e.people_target = n)}
            {number("Referrals to get", |e| e.referrals_target, |e, n| e.referrals_target = n)}
            {text_area("Notes", 3, move || draft.read().notes.clone(), move |v| draft.update(|d| d.notes = v))}
            <FormFooter error=form.error />
        </form>
    }
}

/// One event: targets, counters and quick capture.
#[component]
pub fn EventPage() -> impl IntoView {
    let state = use_app_state();
    let id = id_param();
    let exists = id.is_some_and(|id| state.notebook.with_untracked(|nb| nb.event(id).is_some()));
    match id {
        Some(id) if exists => view! { <EventView id=id /> }.into_any(),
        _ => view! {
            <Missing noun="event" list="/events" back="Back to events" typed=typed_edit_address("event", "/events", id) />
        }
        .into_any(),
    }
}

/// One event: its targets, adding people met there, and who they are.
#[component]
fn EventView(id: Id) -> impl IntoView {
    let state = use_app_state();
    let navigate = use_navigate();
    let delete = move |_| {
        let removed = state.apply(|nb| nb.delete_event(id));
        if let Some(r) = removed {
            state.offer_undo("Event deleted.".into(), r);
            navigate("/events", NavigateOptions::default());
        }
    };
    let event = Memo::new(move |_| {
        state
            .notebook
            .with(|nb| nb.event(id).cloned().unwrap_or_default())
    });
    let progress = Memo::new(move |_| state.notebook.with(|nb| nb.event_progress(id)));
    let people = Memo::new(move |_| state.notebook.with(|nb| nb.people_met_at(id)));
    view! {
        {crate::ui::components::nav::back_link("/events".into(), "Back to events")}
        <h1>{move || event.read().name.clone()}</h1>
        <p class="subtitle">{move || event.read().when_and_where()}</p>
        <div class="stack">
            <A href=format!("/events/{id}/edit") attr:class="btn btn-quiet">"Edit event"</A>
            <button type="button" class="btn btn-danger" on:click=delete>"Delete event"</button>
        </div>
        // Not a live region: adding someone says so once, in the bar.
        <section class="card">
            <h2>"Targets"</h2>
            {move || {
                let p = progress.get();
                // A bar only against a target: with none it would stand empty.
                view! {
                    <p class="goal-label">{p.people_text()}</p>
                    {(p.people_target > 0).then(|| view! {
                        <progress class="progress" max=p.people_target.to_string() value=p.people_met.min(p.people_target).to_string() aria-label="People met"></progress>
                    })}
                    <p class="goal-label">{p.referrals_text()}</p>
                    {(p.referrals_target > 0).then(|| view! {
                        <progress class="progress" max=p.referrals_target.to_string() value=p.referrals.min(p.referrals_target).to_string() aria-label="Referrals"></progress>
                    })}
                }
            }}
        </section>
        <PersonMetForm id=id people=people />
        <section class="card">
            <h2>"People met here"</h2>
            <Show when=move || !people.read().is_empty() fallback=|| view! { <p class="empty">"Nobody yet."</p> }>
                <ul class="plain" aria-label="People met here">
                    {move || people.get().into_iter().map(|(pid, pname, by)| view! {
                        <li>
                            <A href=format!("/contacts/{pid}")>{pname}</A>
                            {by.map(|b| format!(" (referred by {b})"))}
                        </li>
                    }).collect_view()}
                </ul>
            </Show>
        </section>
        {move || (!event.read().notes.is_empty()).then(|| view! { <section class="card"><h2>"Notes"</h2><p class="prewrap">{event.read().notes.clone()}</p></section> })}
    }
}

/// Recording someone met at the event, or linking someone already known.
#[component]
fn PersonMetForm(id: Id, people: Memo<Vec<(Id, String, Option<String>)>>) -> impl IntoView {
    let state = use_app_state();
    let name = RwSignal::new(String::new());
    let referrer = RwSignal::new(None::<Id>);
    let list = RwSignal::new(ListKind::B);
    let follow_up = RwSignal::new(true);
    let error = RwSignal::new(None::<Refusal>);
    let added = RwSignal::new(None::<String>);
    let duplicates = RwSignal::new(Vec::<Id>::new());
    let name_input = NodeRef::<leptos::html::Input>::new();
    // When to get back in touch with someone met here.
    let follow_up_by = move || {
        follow_up
            .get_untracked()
            .then(|| referral_schedule(crate::ui::browser::today()).0)
    };
    // Ready for the next person: nothing of the last one carries over, so
    // nobody is silently recorded as introduced by the previous referrer.
    let reset = move |who: String| {
        name.set(String::new());
        referrer.set(None);
        error.set(None);
        duplicates.set(Vec::new());
        added.set(Some(format!("{who} added.")));
        if let Some(input) = name_input.get_untracked() {
            let _ = input.focus();
        }
    };
    let create = move || {
        let typed = name.get_untracked();
        let person = PersonMet {
            name: typed.clone(),
            list: list.get_untracked(),
            referred_by: referrer.get_untracked(),
            follow_up_by: follow_up_by(),
        };
        match state.apply(|nb| nb.record_person_met(id, person, now_ms())) {
            Ok(_) => reset(typed.trim().to_string()),
            Err(e) => error.set(Some(e.into())),
        }
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        create_unless_known(&name.get_untracked(), duplicates, error, create);
    };
    let link = move |contact: Id| {
        let (by, due) = (referrer.get_untracked(), follow_up_by());
        match state.apply(|nb| nb.link_person_at_event(id, contact, by, due, now_ms())) {
            Ok(()) => reset(
                state
                    .notebook
                    .with_untracked(|nb| nb.contact(contact).map(|c| c.name.clone()))
                    .unwrap_or_default(),
            ),
            Err(e) => error.set(Some(e.into())),
        }
    };
    view! {
        <form class="card quick-add" on:submit=add>
            {name_field("Name of the person", name, duplicates, added, name_input)}
            <label class="field">
                <span>"Referred to you by"</span>
                <select
                    prop:value=move || referrer.get().map(|r| r.to_string()).unwrap_or_default()
                    on:change=move |ev| referrer.set(event_target_value(&ev).parse().ok())
                >
                    <option value="" selected=move || referrer.get().is_none()>"Nobody: I met them myself"</option>
                    {move || people.get().into_iter().map(|(pid, pname, _)| view! {
                        <option value=pid.to_string() selected=move || referrer.get() == Some(pid)>{pname}</option>
                    }).collect_view()}
                </select>
            </label>
            <ListSelect list=list />
            <label class="check">
                <input type="checkbox" prop:checked=move || follow_up.get() on:change=move |ev| follow_up.set(event_target_checked(&ev)) />
                <span>"Remind me to follow up in 3 working days"</span>
            </label>
            {duplicate_offer(duplicates, "Link", link, create)}
            <FormError error=error />
            <p class="hint" role="status">{move || added.get()}</p>
            <button type="submit" class="btn">"Add person"</button>
        </form>
    }
}
