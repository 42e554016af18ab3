//! Meeting mode's referral capture and the purposes ticked off as met.

use leptos::prelude::*;

use crate::domain::Id;
use crate::ui::browser::now_ms;
use crate::ui::components::duplicates::{create_unless_known, duplicate_offer};
use crate::ui::components::fields::{FormError, Refusal};
use crate::ui::components::meeting_parts::tick;
use crate::ui::drafts::draft_signal;
use crate::ui::state::use_app_state;

/// A referral typed in meeting mode and not saved yet: kept as a draft so
/// a reload keeps it, and saved when the meeting ends.
#[derive(Clone, Copy)]
pub struct TypedReferral {
    pub name: RwSignal<String>,
    pub org: RwSignal<String>,
    state: crate::ui::AppState,
}

impl TypedReferral {
    pub fn new(meeting: Id) -> Self {
        let (name, _) = draft_signal(format!("referral.{meeting}.name"), String::new());
        let (org, _) = draft_signal(format!("referral.{meeting}.org"), String::new());
        TypedReferral {
            name,
            org,
            state: use_app_state(),
        }
    }

    /// Saves what was typed as a referral of `meeting`, linking the one
    /// contact of that name if there is one: ending the meeting must not
    /// drop a name that was on its way in.
    pub fn save(self, meeting: Id) {
        let state = self.state;
        let name = self.name.get_untracked();
        if name.trim().is_empty() {
            return;
        }
        // Linked only to someone with exactly that name: a likely match
        // the user was still being asked about is not decided for them.
        let known = state.notebook.with_untracked(|nb| nb.contact_named(&name));
        let org = self.org.get_untracked();
        let saved = state.apply(|nb| match known {
            Some(one) => nb.link_referral(meeting, one, now_ms()),
            None => nb.add_referral(meeting, &name, &org, now_ms()).map(|_| ()),
        });
        if saved.is_ok() {
            self.name.set(String::new());
            self.org.set(String::new());
        }
    }
}

/// The referrals captured so far, and a one-tap form for the next one.
#[component]
pub fn ReferralCapture(id: Id, typed: TypedReferral) -> impl IntoView {
    let state = use_app_state();
    let TypedReferral { name, org, .. } = typed;
    // A name brought back after a reload opens the form again.
    let adding = RwSignal::new(!name.get_untracked().is_empty());
    let error = RwSignal::new(None::<Refusal>);
    let duplicates = RwSignal::new(Vec::<Id>::new());
    let captured = move || {
        state.notebook.with(|nb| {
            nb.meeting(id)
                .map(|m| {
                    m.referrals
                        .iter()
                        .filter_map(|r| nb.contact(*r).map(|c| c.name.clone()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let name_input = NodeRef::<leptos::html::Input>::new();
    let add_button = NodeRef::<leptos::html::Button>::new();
    crate::ui::hooks::use_focus_handover(
        move || name_input.get().map(Into::into),
        move || add_button.get().map(Into::into),
    );
    let close = move || {
        name.set(String::new());
        org.set(String::new());
        error.set(None);
        duplicates.set(Vec::new());
        adding.set(false);
    };
    // Focus goes back to "Add referral": say what became of the name.
    let saved = move |who: String| {
        close();
        state.confirm_done(format!("Referral {} saved.", who.trim()));
    };
    let create = move || {
        let result = state
            .apply(|nb| nb.add_referral(id, &name.get_untracked(), &org.get_untracked(), now_ms()));
        match result {
            Ok(_) => saved(name.get_untracked()),
            Err(e) => error.set(Some(e.into())),
        }
    };
    let link = move |contact: Id| match state.apply(|nb| nb.link_referral(id, contact, now_ms())) {
        Ok(()) => saved(
            state
                .notebook
                .with_untracked(|nb| nb.contact(contact).map(|c| c.name.clone()))
                .unwrap_or_default(),
        ),
        Err(e) => error.set(Some(e.into())),
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Someone already in the notebook is linked rather than added twice.
        create_unless_known(&name.get_untracked(), duplicates, error, create);
    };
    view! {
        <section class="card">
            <h2>"Referrals"</h2>
            <ul class="plain">
                {move || captured().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
            </ul>
            <Show
                when=move || adding.get()
                fallback=move || view! {
                    <button type="button" class="btn" node_ref=add_button on:click=move |_| adding.set(true)>"Add referral"</button>
                }
            >
                <form class="quick-add" on:submit=save on:keydown=crate::ui::browser::close_on_escape(close)>
                    <label class="field">
                        <span>"Referral's name"</span>
                        <input type="text" node_ref=name_input prop:value=move || name.get() on:input=move |ev| {
                            name.set(event_target_value(&ev));
                            duplicates.set(Vec::new());
                        } />
                    </label>
                    <label class="field">
                        <span>"Their organization (optional)"</span>
                        <input type="text" prop:value=move || org.get() on:input=move |ev| org.set(event_target_value(&ev)) />
                    </label>
                    {duplicate_offer(duplicates, "Link", link, create)}
                    <FormError error=error />
                    <div class="stack">
                        <button type="submit" class="btn">"Save referral"</button>
                        <button type="button" class="btn btn-quiet" on:click=move |_| close()>"Cancel"</button>
                    </div>
                </form>
            </Show>
        </section>
    }
}

/// The meeting's purposes, ticked off as they are met.
#[component]
pub fn PurposesDone(id: Id) -> impl IntoView {
    let state = use_app_state();
    let purposes = move || {
        state.notebook.with(|nb| {
            nb.meeting(id)
                .map(|m| (m.purposes.clone(), m.purposes_done.clone()))
                .unwrap_or_default()
        })
    };
    view! {
        <fieldset class="card field-group">
            <legend>"Purposes: tick each one met"</legend>
            {move || {
                let (all, done) = purposes();
                all.into_iter().map(|p| {
                    let checked = done.contains(&p);
                    tick(p.label(), checked, move |on| state.update(|nb| nb.mark_purpose_done(id, p, on)))
                }).collect_view()
            }}
        </fieldset>
    }
}
