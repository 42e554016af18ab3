//! Weekly goals the user sets; progress comes from the records.

use leptos::prelude::*;

use crate::domain::goals::{GoalMetric, progress};
use crate::domain::number;
use crate::domain::today::activities;
use crate::ui::browser::{BrowserZone, now_ms};
use crate::ui::components::fields::number_field;
use crate::ui::state::use_app_state;

/// Setting weekly targets.
#[component]
pub fn GoalsPage() -> impl IntoView {
    let state = use_app_state();
    let done = Memo::new(move |_| {
        state.notebook.with(|nb| {
            let all: Vec<_> = GoalMetric::ALL
                .iter()
                .map(|m| crate::domain::goals::WeeklyGoal {
                    metric: *m,
                    target: 0,
                })
                .collect();
            progress(&all, &activities(nb), now_ms(), &BrowserZone)
        })
    });
    view! {
        <h1>"Goals"</h1>
        <p class="hint">
            "Set goals you control, week by week: the meetings you hold, the referrals you ask for, the thank-yous you send. "
            "Progress counts what you record, from Monday on. Leave a goal at 0 to skip it."
        </p>
        <section class="card">
            {GoalMetric::ALL.iter().map(|m| {
                let m = *m;
                let target = move || state.notebook.with(|nb| nb.goals.iter().find(|g| g.metric == m).map_or(0, |g| g.target));
                let this_week = move || done.get().into_iter().find(|p| p.metric == m).map_or(0, |p| p.done);
                view! {
                    {number_field(
                        m.label_per_week(),
                        number::GOAL,
                        true,
                        move || Some(target()),
                        move |n| state.update(|nb| nb.set_goal(m, n.unwrap_or(0))),
                    )}
                    <p class="hint">{move || format!("So far this week: {}", this_week())}</p>
                }
            }).collect_view()}
        </section>
    }
}
