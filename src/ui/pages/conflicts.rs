//! Records changed in two places at once: both versions side by side, and
//! the user's choice of which to keep.

use leptos::prelude::*;

use leptos_router::components::A;

use crate::domain::compare::compare_for_people;
use crate::domain::records::{Record, combine, keep_both_texts};
use crate::storage::Conflict;
use crate::ui::browser::{BrowserZone, focus_when_drawn, keep_focus_near};
use crate::ui::state::use_app_state;

/// The record settled last: its screen and heading, for the way back to it.
type Settled = RwSignal<Option<(String, String)>>;

/// Every record with another version waiting for a choice.
#[component]
pub fn ConflictsPage() -> impl IntoView {
    let state = use_app_state();
    let settled: Settled = RwSignal::new(None);
    view! {
        <h1>"Changed in two places"</h1>
        <p class="hint">
            "These records were changed in two windows or on two devices at the same time. \
             Nothing was thrown away: choose what to keep."
        </p>
        <Show
            when=move || !state.conflicts.read().is_empty()
            fallback=move || view! {
                <p>"Nothing to compare: every record has one version."</p>
                {move || settled.get().map(|(page, heading)| view! {
                    <p class="settled"><A href=page>{format!("Open {heading}")}</A></p>
                })}
            }
        >
            <ul class="conflicts" aria-label="Records to compare">
                {move || state.conflicts.get().into_iter().map(|c| view! { <ConflictItem conflict=c settled=settled /> }).collect_view()}
            </ul>
        </Show>
    }
}

/// One record: what is on this screen against each other version.
#[component]
fn ConflictItem(conflict: Conflict, settled: Settled) -> impl IntoView {
    let state = use_app_state();
    let key = conflict.key;
    // The record on screen can change while this page is open (another
    // window, a sync run): the comparison follows it, and a choice keeps
    // the record as it is then, not as it was when the page was drawn.
    let on_screen = Memo::new(move |_| {
        state
            .notebook
            .with(|nb| nb.record(key).map(|r| r.to_owned()))
    });
    let title = on_screen
        .get_untracked()
        .as_ref()
        .or(conflict.versions.iter().find_map(|v| v.record.as_ref()))
        .map(Record::heading)
        .unwrap_or_default();
    // The item goes once settled: focus moves to the next one, or to the
    // way back to the record when it was the last.
    let settle = {
        let title = title.clone();
        move |ev: &web_sys::Event, keep: Option<Record>| {
            let last = state.conflicts.with_untracked(Vec::len) == 1;
            state.settle_conflict(key, keep);
            // A record kept deleted has no screen to go back to.
            let kept = state.notebook.with_untracked(|nb| nb.record(key).is_some());
            if last && kept {
                settled.set(Some((key.page(), title.clone())));
                focus_when_drawn("main .settled a".to_string(), ev, false);
            } else {
                settled.set(None);
                keep_focus_near(ev);
            }
        }
    };
    let heading_id = format!("conflict-{}", key.doc_id().replace(':', "-"));
    let all = conflict.versions;
    let groups = heading_id.clone();
    let versions = move || {
        all.iter().enumerate().map(|(n, version)| {
            let ours = on_screen.get();
            let theirs = version.record.clone();
            // Where the fields both sides changed are known, only those
            // are a choice: the rest are merged already, and offering them
            // would only invite taking a change back by mistake.
            let asked = version.fields.clone();
            let diffs: Vec<_> = match (&ours, &theirs) {
                (Some(o), Some(t)) => state
                    .notebook
                    .with_untracked(|nb| compare_for_people(o, t, nb, &BrowserZone))
                    .into_iter()
                    .filter(|d| asked.is_empty() || asked.contains(&d.field))
                    .collect(),
                _ => Vec::new(),
            };
            let shown: Vec<String> = diffs.iter().map(|d| d.field.clone()).collect();
            let joinable: Vec<String> =
                diffs.iter().filter(|d| d.text).map(|d| d.field.clone()).collect();
            let can_combine = diffs.iter().any(|d| d.text && !d.theirs.is_empty());
            // The fields to take from the other version; the rest stay as
            // on this screen.
            let picked = RwSignal::new(Vec::<String>::new());
            let keep_picked = {
                let (theirs, settle) = (theirs.clone(), settle.clone());
                move |ev: leptos::ev::MouseEvent| {
                    let fields = picked.get_untracked();
                    match (on_screen.get_untracked(), &theirs) {
                        (Some(o), Some(t)) if !fields.is_empty() => {
                            settle(&ev, Some(combine(&o, t, &fields)))
                        }
                        _ => settle(&ev, None),
                    }
                }
            };
            let keep_both = {
                let (theirs, settle) = (theirs.clone(), settle.clone());
                move |ev: leptos::ev::MouseEvent| {
                    if let (Some(o), Some(t)) = (on_screen.get_untracked(), &theirs) {
                        // The values picked for the other fields first; the
                        // texts and lists are joined whichever was picked.
                        let picks: Vec<String> = picked
                            .get_untracked()
                            .into_iter()
                            .filter(|f| !joinable.contains(f))
                            .collect();
                        let ours = combine(&o, t, &picks);
                        settle(&ev, Some(keep_both_texts(&ours, t, &shown)));
                    }
                }
            };
            let bring_back = {
                let (theirs, settle) = (theirs.clone(), settle.clone());
                move |ev: leptos::ev::MouseEvent| settle(&ev, theirs.clone())
            };
            let deleted = theirs.is_none();
            // Deleted here since, while the other version still has it.
            let deleted_here = ours.is_none() && !deleted;
            let group = format!("{groups}-{n}");
            let nothing_to_pick = deleted || diffs.is_empty();
            // Which side this device showed until a sync brought another
            // device's version in its place: what the user saw, and most
            // often typed, here.
            let (shown_head, other_head) = if version.from_here {
                ("On this screen, from another device", "Shown here before syncing")
            } else {
                ("On this screen", "Other version")
            };
            view! {
                <div class="conflict-version">
                    {if deleted {
                        view! { <p>"The other version deleted this record."</p> }.into_any()
                    } else if deleted_here {
                        view! { <p>"This record was deleted here; the other version still has it."</p> }.into_any()
                    } else if diffs.is_empty() {
                        view! { <p>"The other version holds the same content."</p> }.into_any()
                    } else {
                        view! {
                            <p class="hint">"Pick the value to keep in each row."</p>
                            <table class="compare">
                                <thead>
                                    <tr>
                                        <th scope="col">{shown_head}</th>
                                        <th scope="col">{other_head}</th>
                                    </tr>
                                </thead>
                                // A field's name heads its own row, so that both
                                // values get half the width of a phone.
                                {diffs.into_iter().map(|d| {
                                        let name = format!("{group}-{}", d.field);
                                        let field = d.field.clone();
                                        let take = move |theirs: bool| {
                                            let field = field.clone();
                                            move |_| picked.update(|p| {
                                                p.retain(|f| *f != field);
                                                if theirs {
                                                    p.push(field.clone());
                                                }
                                            })
                                        };
                                        view! {
                                            <tbody>
                                                <tr><th colspan="2" scope="rowgroup">{d.label.clone()}</th></tr>
                                                <tr>
                                                    <td>{pick(&name, &d.label, "on this screen", d.ours, true, take(false))}</td>
                                                    <td>{pick(&name, &d.label, "in the other version", d.theirs, false, take(true))}</td>
                                                </tr>
                                            </tbody>
                                        }
                                    }).collect_view()}
                            </table>
                        }.into_any()
                    }}
                    <div class="actions">
                        <Show when=move || deleted_here>
                            <button type="button" class="btn" on:click=bring_back.clone()>
                                "Bring back the other version"
                            </button>
                        </Show>
                        <button type="button" class="btn" class:btn-quiet=deleted_here on:click=keep_picked>
                            {if deleted_here {
                                "Keep it deleted"
                            } else if nothing_to_pick {
                                "Keep this screen's version"
                            } else {
                                "Keep the picked values"
                            }}
                        </button>
                        <Show when=move || can_combine>
                            <button type="button" class="btn btn-quiet" on:click=keep_both.clone()>
                                "Keep both texts"
                            </button>
                        </Show>
                    </div>
                </div>
            }
        })
        .collect_view()
    };
    let labelled_by = heading_id.clone();
    view! {
        <li class="card" aria-labelledby=labelled_by>
            <h2 id=heading_id>{title}</h2>
            {versions}
        </li>
    }
}

/// One value of a field, as a choice: `label` and `whose` name it for
/// screen readers, since the value alone may be empty or repeat.
fn pick(
    group: &str,
    label: &str,
    whose: &'static str,
    value: String,
    checked: bool,
    on_pick: impl Fn(leptos::ev::Event) + 'static,
) -> impl IntoView {
    let empty = value.is_empty();
    view! {
        <label class="pick">
            <input type="radio" name=group.to_string() checked=checked on:change=on_pick />
            <span class="visually-hidden">{format!("{label} {whose}: ")}</span>
            {if empty {
                view! { <span class="empty-value">"(empty)"</span> }.into_any()
            } else {
                view! { <span class="pre">{value}</span> }.into_any()
            }}
        </label>
    }
}
