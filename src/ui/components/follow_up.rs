//! One follow-up as a row with its actions: done, snooze, edit, delete.

use leptos::prelude::*;

use crate::domain::Id;
use crate::domain::calendar::{parse_iso_date, short_day};
use crate::domain::followups::{DueStatus, Snooze};
use crate::ui::browser::{focus_when_drawn, keep_focus_near, now_ms, today};
use crate::ui::state::{AppState, use_app_state};

/// "due today", "3 days overdue", "due Thu 26 Nov".
pub fn due_text(status: DueStatus, due: chrono::NaiveDate) -> String {
    match status {
        DueStatus::Done => "done".into(),
        DueStatus::Overdue { days: 1 } => "1 day overdue".into(),
        DueStatus::Overdue { days } => format!("{days} days overdue"),
        DueStatus::DueToday => "due today".into(),
        DueStatus::Upcoming { .. } => format!("due {}", short_day(due)),
    }
}

/// A follow-up with its actions; renders nothing if it no longer exists.
#[component]
pub fn FollowUpRow(id: Id) -> impl IntoView {
    let state = use_app_state();
    // Editing returns to the screen this row is on.
    let here = crate::ui::router::use_here();
    let snoozing = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    // A memo: the row, and a snooze day being typed in it, is built again
    // only when this follow-up or its contact's name changes, not on every
    // change to the notebook (another record, another tab's write).
    let data = Memo::new(move |_| {
        state.notebook.with(|nb| {
            let f = nb.follow_up(id)?.clone();
            let who = f
                .contact_id
                .and_then(|c| nb.contact(c))
                .map(|c| (c.id, c.name.clone()));
            Some((f, who))
        })
    });
    let row = Row {
        state,
        id,
        snoozing,
        message,
    };
    // On Today each waits, if need be, for the notebook to be read.
    let run = move |ev: &web_sys::Event, action: RowAction| {
        let ev = ev.clone();
        state.when_open(move || crate::ui::lazy::act_on_follow_up(row, action, &ev));
    };
    let act = move |ev: &web_sys::Event, how: Snooze| run(ev, RowAction::Snooze(how));
    let done = move |ev: &web_sys::Event, label: String| run(ev, RowAction::Done(label));
    let reopen = move |ev: leptos::ev::MouseEvent| run(&ev, RowAction::Reopen);
    let delete = move |ev: leptos::ev::MouseEvent| run(&ev, RowAction::Delete);
    move || {
        data.get().map(|(f, who)| {
            let status = f.status(today());
            let is_done = status == DueStatus::Done;
            let (cid, name) = who.unwrap_or((0, "removed contact".into()));
            let title = format!("{} · {}", f.kind.label(), name);
            let due = due_text(status, f.effective_due());
            let overdue = matches!(status, DueStatus::Overdue { .. });
            let label = format!("{} with {}", f.kind.label(), name);
            // Only what would put it off: "Tomorrow" moves nothing due
            // tomorrow.
            let tomorrow = f.can_snooze(Snooze::Tomorrow, today());
            let next_week = f.can_snooze(Snooze::NextWeek, today());
            view! {
                // Escape closes the snooze choices from anywhere in the row,
                // its Snooze button included.
                <li
                    class="follow-up"
                    data-follow-up=id
                    class:overdue=overdue
                    class:done=is_done
                    on:keydown=move |ev: web_sys::KeyboardEvent| {
                        if ev.key() == "Escape" && snoozing.get_untracked() {
                            // Back to the Snooze button that opened it.
                            keep_focus_near_opener(&ev);
                            snoozing.set(false);
                        }
                    }
                >
                    <div class="row-text">
                        <span class="row-title">
                            {if cid > 0 {
                                view! { <a href=format!("/contacts/{cid}")>{title}</a> }.into_any()
                            } else {
                                view! { <span>{title}</span> }.into_any()
                            }}
                        </span>
                        <span class="row-sub">{due}</span>
                        {(!f.notes.is_empty()).then(|| view! { <span class="row-sub prewrap">{f.notes.clone()}</span> })}
                    </div>
                    <div class="stack actions">
                        {if is_done {
                            view! { <button type="button" class="btn btn-quiet" aria-label=format!("Undo done: {label}") on:click=reopen>"Undo done"</button> }.into_any()
                        } else {
                            view! {
                                <button type="button" class="btn" aria-label=format!("Done: {label}") on:click={let label = label.clone(); move |ev| done(&ev, label.clone())}>"Done"</button>
                                <button type="button" class="btn btn-quiet" aria-label=format!("Snooze: {label}") aria-expanded=move || snoozing.get().to_string() on:click=move |ev| {
                                    snoozing.update(|s| *s = !*s);
                                    // The choices are drawn after Edit and Delete:
                                    // the keyboard goes straight to the first.
                                    if snoozing.get_untracked() {
                                        focus_when_drawn(format!(r#"li[data-follow-up="{id}"] .snooze :is(button, input)"#), &ev, true);
                                    }
                                }>"Snooze"</button>
                            }.into_any()
                        }}
                        <a href=move || format!("/follow-ups/{id}/edit?from={}", here.read()) class="btn btn-quiet" aria-label=format!("Edit: {label}")>"Edit"</a>
                        <button type="button" class="btn btn-quiet" aria-label=format!("Delete: {label}") on:click=delete>"Delete"</button>
                    </div>
                    <Show when=move || snoozing.get()>
                        <div class="stack snooze" role="group" aria-label="Snooze until">
                            {tomorrow.then(|| view! { <button type="button" class="btn btn-quiet" on:click=move |ev| act(&ev, Snooze::Tomorrow)>"Tomorrow"</button> })}
                            {next_week.then(|| view! { <button type="button" class="btn btn-quiet" on:click=move |ev| act(&ev, Snooze::NextWeek)>"Next week"</button> })}
                            <label class="field">
                                <span>"Until a date"</span>
                                // Typed from the keyboard, the year changes with
                                // each digit (0002, 0020...): only a whole one
                                // is a choice.
                                <input type="date" on:change=move |ev| {
                                    if let Some(d) = parse_iso_date(&event_target_value(&ev))
                                        .filter(|d| crate::domain::calendar::check_year(*d).is_ok())
                                    {
                                        act(&ev, Snooze::Until(d));
                                    }
                                } />
                            </label>
                        </div>
                    </Show>
                    <Show when=move || message.read().is_some()>
                        <p class="hint" role="status">{move || message.get()}</p>
                    </Show>
                </li>
            }
        })
    }
}

/// A follow-up's row, as its actions see it.
#[derive(Clone, Copy)]
pub(crate) struct Row {
    state: AppState,
    id: Id,
    snoozing: RwSignal<bool>,
    message: RwSignal<Option<String>>,
}

/// What a row's buttons ask for.
pub(crate) enum RowAction {
    Snooze(Snooze),
    /// Done, with the row's label for the notice.
    Done(String),
    Reopen,
    Delete,
}

/// Carries out `action` on `row`'s follow-up, asked for by `ev`. Called
/// once the notebook is open, so it comes with the record store's code
/// (`lazy::StoreCode`) rather than in the first download with Today.
pub(crate) fn act(row: Row, action: RowAction, ev: &web_sys::Event) {
    let Row {
        state,
        id,
        snoozing,
        message,
    } = row;
    match action {
        // A row that leaves the list (done or snoozed on Today, deleted)
        // would take keyboard focus with it: hence `keep_focus_near`.
        RowAction::Snooze(how) => {
            keep_focus_near(ev);
            match state.apply(|nb| nb.snooze_follow_up(id, how, today())) {
                Ok(()) => {
                    snoozing.set(false);
                    message.set(None);
                    // On Today the row leaves the list: say where it went.
                    let until = state.notebook.with_untracked(|nb| {
                        nb.follow_up(id).map(|f| short_day(f.effective_due()))
                    });
                    if let Some(day) = until {
                        state.confirm_done(format!("Snoozed until {day}."));
                    }
                }
                Err(e) => message.set(Some(e.to_string())),
            }
        }
        // On Today and a contact's page a done row leaves the list, so Undo
        // is offered where its own "Undo done" button can no longer be
        // reached.
        RowAction::Done(label) => {
            keep_focus_near(ev);
            let again = state.apply(|nb| nb.complete_follow_up(id, now_ms(), today()));
            let retry = again.and_then(|again| {
                state
                    .notebook
                    .with_untracked(|nb| nb.follow_up(again).map(|f| short_day(f.due)))
            });
            let notice = match retry {
                Some(d) => format!("Done. A reminder to try again is set for {d}."),
                None => format!("Done: {label}."),
            };
            state.offer_reopen(notice, id);
        }
        // The row moves from the done ones to those still to do: focus goes
        // with it, to its Done.
        RowAction::Reopen => {
            state.reopen_follow_up(id);
            focus_when_drawn(
                format!(r#"li[data-follow-up="{id}"] button[aria-label^="Done:"]"#),
                ev,
                false,
            );
        }
        RowAction::Delete => {
            keep_focus_near(ev);
            let removed = state.apply(|nb| nb.delete_follow_up(id));
            if let Some(r) = removed {
                state.offer_undo("Follow-up deleted.".into(), r);
            }
        }
    }
}

/// Focuses the button that opened the panel `ev` happened in (the row's
/// Snooze, `aria-expanded`), before the panel and its focus go.
fn keep_focus_near_opener(ev: &web_sys::KeyboardEvent) {
    use wasm_bindgen::JsCast;
    let opener = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("li").ok().flatten())
        .and_then(|row| row.query_selector("button[aria-expanded]").ok().flatten())
        .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(opener) = opener {
        let _ = opener.focus();
    }
}
