//! The Meetings list: in progress, upcoming, missed and past.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::domain::meeting_list::{MEETING_PAGE, MeetingGroup, MeetingListView, MeetingPages};
use crate::ui::browser::{format_local, now_ms};
use crate::ui::components::nav::RowLink;
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
                            view! { <RowLink href=row.href() title=row.name sub=format_local(row.at) /> }
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
