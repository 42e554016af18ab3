//! The home screen: what needs doing now, and how the week is going.

use leptos::prelude::*;

use crate::domain::Id;
use crate::domain::meeting_list::MeetingRow;
use crate::domain::today::{TODAY_ROWS, TodayView};
use crate::domain::transfer::backup::reminder_due;
use crate::ui::browser::{format_local, now_ms};
use crate::ui::components::follow_up::FollowUpRow;
use crate::ui::components::nav::RowLink;
use crate::ui::state::use_app_state;

/// The home screen.
#[component]
pub fn TodayPage() -> impl IntoView {
    let state = use_app_state();
    let now = RwSignal::new(now_ms());
    // Due dates turn into overdue ones as days pass with the app open.
    // Leptos' own timer rather than leptos-use's `use_interval_fn` (which the
    // meeting clock uses, with pausing): on the first screen that one weighed
    // 2.3 KB of the download, and a tick that never pauses needs none of it.
    if let Ok(tick) = set_interval_with_handle(
        move || _ = now.try_set(now_ms()),
        std::time::Duration::from_secs(60),
    ) {
        on_cleanup(move || tick.clear());
    }
    // While a large notebook is read, Today is the one kept when the app
    // was last closed; then it is computed again from every record.
    let view_model = Memo::new(move |_| {
        let early = state
            .early_today
            .with(|e| e.as_ref().map(|e| e.view.clone()));
        // Without a snapshot the notebook is open: the code computing Today
        // came with the store's (see `ui::Screens`).
        early.unwrap_or_else(|| {
            let today = crate::ui::lazy::today_of();
            state
                .notebook
                .with(|nb| today.map(|today| today(nb, now.get())))
                .unwrap_or_default()
        })
    });
    Effect::new(move |_| {
        let view = view_model.get();
        if state.early_today.with(Option::is_none) {
            state.note_today(&view);
        }
    });
    let empty = move || {
        let early = state.early_today.with(|e| e.as_ref().map(|e| e.empty));
        early.unwrap_or_else(|| state.notebook.with(crate::domain::today::is_new_notebook))
    };
    let backup_due = move || {
        let early = state
            .early_today
            .with(|e| e.as_ref().map(|e| e.backup_due(now.get())));
        early.unwrap_or_else(|| state.notebook.with(|nb| reminder_due(nb, now.get())))
    };

    view! {
        <h1>"Today"</h1>
        <Show when=empty>
            <section class="empty card">
                <p>"Your networking notebook is empty."</p>
                <p>
                    "Start with the people you already know: family and friends (list A) and colleagues, "
                    "former bosses and mentors (list B). Each one can lead you to someone new."
                </p>
                <p><a href="/contacts?add=1" class="btn">"Add your first contact"</a></p>
            </section>
        </Show>
        <DueFollowUps view_model=view_model />
        <NextMeetings view_model=view_model />
        <ThisWeek view_model=view_model />
        <KeepInTouch view_model=view_model />
        <Show when=backup_due>
            <section class="card">
                <h2>"Keep a copy"</h2>
                <p>
                    "Your notebook lives only in this browser, and the last backup is more than two weeks old. "
                    <a href="/data">"Save a backup"</a>
                </p>
            </section>
        </Show>
        <nav class="link-grid" aria-label="More">
            <a href="/follow-ups" class="btn btn-quiet">"Follow-ups"</a>
            <a href="/events" class="btn btn-quiet">"Events"</a>
            <a href="/goals" class="btn btn-quiet">"Goals"</a>
            <a href="/journal" class="btn btn-quiet">"Journal"</a>
        </nav>
    }
}

/// Follow-ups due now and tomorrow, a page at a time.
#[component]
fn DueFollowUps(view_model: Memo<TodayView>) -> impl IntoView {
    // A long backlog is shown a page at a time: every row is live (it
    // follows its record), so a thousand of them would make opening the app
    // and every change slow for rows nobody scrolls to.
    let now_shown = RwSignal::new(TODAY_ROWS);
    let soon_shown = RwSignal::new(TODAY_ROWS);
    let follow_ups = move || {
        let v = view_model.get();
        let (now_ids, soon) = (v.due_now(), v.due_tomorrow);
        if now_ids.is_empty() && soon.is_empty() {
            view! { <p class="empty">"Nothing due. A good day to reach out to someone new."</p> }
                .into_any()
        } else {
            view! {
                {(!now_ids.is_empty()).then(|| view! { <DueList label="Due now" ids=now_ids shown=now_shown /> })}
                {(!soon.is_empty()).then(|| view! { <DueList label="Due tomorrow" ids=soon shown=soon_shown /> })}
            }
            .into_any()
        }
    };
    view! {
        <section class="card">
            <h2>"Follow-ups"</h2>
            {follow_ups}
            <p><a href="/follow-ups">"All follow-ups"</a></p>
        </section>
    }
}

/// One list of due follow-ups: the first `shown`, and "Show more".
#[component]
fn DueList(label: &'static str, ids: Vec<Id>, shown: RwSignal<usize>) -> impl IntoView {
    let state = use_app_state();
    let total = ids.len();
    let hidden = move || total.saturating_sub(shown.get());
    view! {
        <h3>{label}</h3>
        <ul class="plain follow-ups" aria-label=label>
            {move || {
                ids.iter()
                    .take(shown.get())
                    .map(|&id| view! { <FollowUpRow id=id /> })
                    .collect_view()
            }}
        </ul>
        // Stays in place as rows are added, so focus stays on it.
        <Show when=move || { hidden() > 0 }>
            <button type="button" class="btn btn-quiet" on:click=move |_| {
                // Today's snapshot keeps only the rows shown at first.
                state.when_open(move || _ = shown.try_update(|n| *n += TODAY_ROWS));
            }>
                "Show more"
                <span class="visually-hidden">{format!(" in {label}")}</span>
                {move || format!(" ({} not shown)", hidden())}
            </button>
        </Show>
    }
}

/// Meetings in progress and coming up.
#[component]
fn NextMeetings(view_model: Memo<TodayView>) -> impl IntoView {
    let state = use_app_state();
    let rows = move || {
        let ids = view_model.get().meetings;
        state.notebook.with(|nb| {
            ids.into_iter()
                .filter_map(|id| nb.meeting(id))
                .map(MeetingRow::new)
                .collect::<Vec<_>>()
        })
    };
    let meetings = move || {
        let rows = rows();
        if rows.is_empty() {
            return view! { <p class="empty">"No meetings coming up. " <a href="/meetings/new">"Plan one"</a></p> }.into_any();
        }
        view! {
            <ul class="rows" aria-label="Next meetings">
                {rows.into_iter().map(|row| {
                    let when = if row.live { "In progress".to_string() } else { format_local(row.at) };
                    view! { <RowLink href=row.href() title=row.name sub=when /> }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <section class="card">
            <h2>"Meetings"</h2>
            {meetings}
        </section>
    }
}

/// This week's counts and the weekly goals.
#[component]
fn ThisWeek(view_model: Memo<TodayView>) -> impl IntoView {
    let goals = move || {
        let goals = view_model.get().goals;
        if goals.is_empty() {
            return view! { <p class="empty">"No weekly goals yet. " <a href="/goals">"Set goals you control"</a></p> }.into_any();
        }
        view! {
            <ul class="plain" aria-label="Weekly goals">
                {goals.into_iter().map(|g| {
                    let text = format!("{}: {} of {}", g.metric.label(), g.done, g.target);
                    let bar_label = text.clone();
                    view! {
                        <li class="goal">
                            <a href="/goals" class="goal-label">{text}{g.is_met().then_some(" ✓")}</a>
                            <progress class="progress" max=g.target.to_string() value=g.done.min(g.target).to_string() aria-label=bar_label></progress>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <section class="card">
            <h2>"This week"</h2>
            <p><a href="/journal">{move || view_model.read().week_summary()}</a></p>
            {goals}
        </section>
    }
}

/// Contacts it is time to get back in touch with.
#[component]
fn KeepInTouch(view_model: Memo<TodayView>) -> impl IntoView {
    let state = use_app_state();
    move || {
        let list = view_model.get().keep_in_touch;
        (!list.is_empty()).then(|| {
            state.notebook.with(|nb| {
                view! {
                    <section class="card">
                        <h2>"Time to get in touch"</h2>
                        <ul class="plain" aria-label="Time to get in touch">
                            {list.into_iter().filter_map(|(id, days)| nb.contact(id).map(|c| (id, c.name.clone(), days))).map(|(id, name, days)| view! {
                                <li><a href=format!("/contacts/{id}")>{name}</a>{format!(": {days} days since you were last in touch")}</li>
                            }).collect_view()}
                        </ul>
                    </section>
                }
            })
        })
    }
}
