//! All follow-ups, and the form to add or change one.

use leptos::prelude::*;

use crate::domain::followups::{FollowUp, FollowUpKind};
use crate::domain::route::Route;
use crate::domain::{Id, Notebook};
use crate::ui::browser::{now_ms, today};
use crate::ui::components::fields::{FormFooter, contact_picker};
use crate::ui::components::follow_up::FollowUpRow;
use crate::ui::components::missing::{Missing, deleted_since};
use crate::ui::components::nav::back_link;
use crate::ui::drafts::{draft_with_base, form_draft_name, typed_over_deleted};
use crate::ui::forms::{RecordForm, RestoredNotice};
use crate::ui::id_param;
use crate::ui::state::use_app_state;

/// Follow-ups grouped by when they are due.
#[component]
pub fn FollowUpsPage() -> impl IntoView {
    let state = use_app_state();
    let groups = Memo::new(move |_| state.notebook.with(|nb| nb.follow_up_groups(today())));
    let group = |title: &'static str, ids: Vec<Id>| {
        (!ids.is_empty()).then(|| {
            view! {
                <section class="card">
                    <h2>{title}</h2>
                    <ul class="plain follow-ups" aria-label=title>
                        {ids.into_iter().map(|id| view! { <FollowUpRow id=id /> }).collect_view()}
                    </ul>
                </section>
            }
        })
    };
    view! {
        <h1>"Follow-ups"</h1>
        <p class="hint">"Thank every contact within a day, follow through on the help you offered, and reach each referral within three working days."</p>
        <leptos_router::components::A href="/follow-ups/new" attr:class="btn">"Add follow-up"</leptos_router::components::A>
        {move || {
            let g = groups.get();
            view! {
                {g.is_empty().then(|| view! { <p class="empty">"No follow-ups yet. They appear when you wrap up a meeting, or add one here."</p> })}
                {group("Overdue", g.overdue)}
                {group("Due today", g.due_today)}
                {group("Coming up", g.coming_up)}
                {group("Done", g.done)}
            }
        }}
    }
}

/// Adds a follow-up, optionally for a contact given in the address.
#[component]
pub fn NewFollowUpPage() -> impl IntoView {
    let state = use_app_state();
    let contact = crate::ui::query_param("contact").and_then(|s| s.parse::<Id>().ok());
    let initial = state
        .notebook
        .with_untracked(|nb| nb.new_follow_up(contact, today()));
    let (back, label) = follow_up_return();
    view! {
        {back_link(back.clone(), label)}
        <h1>"New follow-up"</h1>
        <FollowUpForm initial=initial is_new=true back=back />
    }
}

/// Changes a follow-up.
#[component]
pub fn EditFollowUpPage() -> impl IntoView {
    let state = use_app_state();
    let id = id_param();
    let initial = id.and_then(|id| {
        state
            .notebook
            .with_untracked(|nb| nb.follow_up(id).cloned())
    });
    let (back, label) = follow_up_return();
    match initial {
        Some(f) => view! {
            {back_link(back.clone(), label)}
            <h1>"Edit follow-up"</h1>
            <FollowUpForm initial=f is_new=false back=back />
        }
        .into_any(),
        None => match typed_over_deleted::<FollowUp>("follow_up", id) {
            Some(f) => view! {
                {back_link(back.clone(), label)}
                <h1>"Edit follow-up"</h1>
                {deleted_since("follow-up")}
                <FollowUpForm initial=f is_new=false back=back />
            }
            .into_any(),
            None => {
                view! { <Missing noun="follow-up" list="/follow-ups" back="Back to follow-ups" /> }
                    .into_any()
            }
        },
    }
}

/// Where the form was opened from (`?from=`), to go back there.
fn follow_up_return() -> (String, &'static str) {
    let from = crate::ui::query_param("from");
    Route::follow_up_return(from.as_deref())
}

/// Who, what and by when; saves a new follow-up or changes one.
#[component]
fn FollowUpForm(initial: FollowUp, is_new: bool, back: String) -> impl IntoView {
    // Kept for this tab so a reload does not lose what was typed.
    let name = form_draft_name("follow_up", initial.id);
    let (draft, _, base) = draft_with_base(name, initial);
    let form = RecordForm::new(draft, base);
    let error = form.error;
    let set_kind = move |v: String| {
        if let Some(k) = FollowUpKind::ALL.iter().find(|k| format!("{k:?}") == v) {
            draft.update(|d| d.set_kind(*k, is_new, today()));
        }
    };
    // What is wrong with the day typed, if anything: the follow-up keeps
    // its last good day meanwhile, which the field no longer shows.
    let due_problem = RwSignal::new(None::<String>);
    let due_help = crate::ui::components::fields::next_field_id();
    let save = form.on_submit(
        |nb, f| nb.add_follow_up(f, now_ms()),
        Notebook::edit_follow_up,
        move |_| back.clone(),
    );
    view! {
        <form class="form" on:submit=save novalidate>
            <RestoredNotice />
            {contact_picker(
                "Contact",
                "Choose a contact",
                move || draft.read().contact_id,
                move |v| draft.update(|d| d.contact_id = v),
            )}
            <label class="field">
                <span>"Kind"</span>
                <select on:change=move |ev| set_kind(event_target_value(&ev))>
                    {FollowUpKind::ALL.iter().map(|k| {
                        let k = *k;
                        view! { <option value=format!("{k:?}") selected=move || draft.read().kind == k>{k.label()}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span>"Due"</span>
                // Cleared, the field says so and saving waits: the
                // follow-up keeps its last date, which the empty field
                // no longer shows.
                <input
                    type="date"
                    required
                    aria-invalid=move || due_problem.read().is_some().then_some("true")
                    aria-describedby=due_help.clone()
                    prop:value=move || draft.read().due.to_string()
                    on:change=move |ev| {
                        use crate::domain::calendar::{check_year, parse_iso_date};
                        match parse_iso_date(&event_target_value(&ev)).map(|d| (d, check_year(d))) {
                            Some((d, Ok(()))) => {
                                due_problem.set(None);
                                draft.update(|f| { f.due = d; f.snoozed_until = None; });
                            }
                            Some((_, Err(e))) => due_problem.set(Some(e.to_string())),
                            None => due_problem.set(Some("Choose the day it is due.".into())),
                        }
                    }
                />
            </label>
            <p id=due_help class="error" hidden=move || due_problem.read().is_none()>{move || due_problem.get()}</p>
            <label class="field">
                <span>"Notes"</span>
                <textarea rows="3" prop:value=move || draft.read().notes.clone() on:input=move |ev| draft.update(|d| d.notes = event_target_value(&ev))></textarea>
            </label>
            <FormFooter error=error />
        </form>
    }
}
