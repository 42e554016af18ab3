//! Saving forms that add or change one record.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use super::browser::focus_first_field;
use super::components::fields::{Refusal, refuse_invalid};
use super::drafts::{any_restored, end_drafts, start_over};
use super::state::{AppState, use_app_state};
use crate::domain::records::{RecordKind, rebase};
use crate::domain::{Id, Notebook};

/// A form that adds a record (id 0) or changes one: the record as typed,
/// the record as the form opened it, and why the last save failed.
pub struct RecordForm<T: Send + Sync + 'static> {
    pub draft: RwSignal<T>,
    base: StoredValue<T>,
    pub error: RwSignal<Option<Refusal>>,
    state: AppState,
}

impl<T: Send + Sync + 'static> Clone for RecordForm<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for RecordForm<T> {}

impl<T: RecordKind + Send + Sync + 'static> RecordForm<T> {
    pub fn new(draft: RwSignal<T>, base: StoredValue<T>) -> Self {
        let state = use_app_state();
        // A draft brought back is shown with what changed elsewhere since
        // it was typed (fields it did not touch), as saving would lay it.
        let key = base.with_value(T::key_of);
        if key.id != 0 {
            let current = state
                .notebook
                .with_untracked(|nb| nb.record(key).map(|r| r.to_owned()))
                .and_then(T::unwrap);
            let typed = draft.get_untracked();
            if let Some(current) = current
                && base.with_value(|b| typed != *b && current != *b)
            {
                let (shown, _) = base.with_value(|b| rebase(b, typed, Some(&current)));
                draft.set(shown);
            }
        }
        RecordForm {
            draft,
            base,
            error: RwSignal::new(None),
            state,
        }
    }

    /// Saves `edited` and hands back its id: `add` stores a new record,
    /// `edit` a changed one. An edit is first rebased on the record as the
    /// form opened it, so that what changed meanwhile in another tab or
    /// through sync is kept. Why it could not be saved shows in `error`.
    pub fn save<E: Into<Refusal>>(
        self,
        edited: T,
        add: impl FnOnce(&mut Notebook, T) -> Result<Id, E>,
        edit: impl FnOnce(&mut Notebook, T) -> Result<(), E>,
    ) -> Option<Id> {
        let id = edited.key_of().id;
        let result = if id == 0 {
            self.state.apply(|nb| add(nb, edited)).map_err(Into::into)
        } else {
            self.state
                .save_edit(&self.base.get_value(), edited, edit)
                .map(|()| id)
        };
        match result {
            Ok(id) => {
                // What the form held is in the notebook now.
                end_drafts();
                Some(id)
            }
            Err(why) => {
                self.error.set(Some(why));
                None
            }
        }
    }

    /// The form's submit handler: saves the draft as [`RecordForm::save`]
    /// does, then opens the page `then` names for the saved record.
    pub fn on_submit<E: Into<Refusal>>(
        self,
        add: impl Fn(&mut Notebook, T) -> Result<Id, E> + 'static,
        edit: impl Fn(&mut Notebook, T) -> Result<(), E> + 'static,
        then: impl Fn(Id) -> String + 'static,
    ) -> impl Fn(leptos::ev::SubmitEvent) + 'static {
        let navigate = use_navigate();
        move |ev| {
            ev.prevent_default();
            if refuse_invalid(&ev) {
                self.error.set(Some(Refusal::CorrectFirst));
                return;
            }
            if let Some(id) = self.save(self.draft.get_untracked(), &add, &edit) {
                navigate(&then(id), NavigateOptions::default());
            }
        }
    }
}

/// Says that what was typed in this form before was brought back (after
/// leaving it unsaved, or a reload), with a way to start over.
#[component]
pub fn RestoredNotice() -> impl IntoView {
    let shown = RwSignal::new(any_restored());
    let again = move |ev: leptos::ev::MouseEvent| {
        start_over();
        shown.set(false);
        focus_first_field(&ev);
    };
    view! {
        <Show when=move || shown.get()>
            <div class="restored">
                <p class="hint" role="status">"Restored what you typed here before."</p>
                <button type="button" class="btn btn-quiet" on:click=again>"Start over"</button>
            </div>
        </Show>
    }
}
