//! The "deleted — Undo" bar shown for a few seconds after a delete.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use leptos::prelude::*;

use crate::domain::notebook::Removed;
use crate::domain::transfer::plan::ImportUndo;
use crate::ui::state::use_app_state;

/// How long Undo stays offered.
const UNDO_FOR: Duration = Duration::from_secs(8);

/// What Undo takes back.
#[derive(Clone, Debug, PartialEq)]
pub enum UndoAction {
    /// A deleted record, put back in place.
    Restore(Box<Removed>),
    /// A whole import of contacts.
    RevertImport(ImportUndo),
}

/// A pending undo: what to say and what to put back.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingUndo {
    pub message: String,
    /// What Undo takes back; `None` for a plain notice.
    pub action: Option<UndoAction>,
    pub generation: u64,
}

/// Offers to undo the last delete, then forgets it.
pub fn offer_undo(message: String, removed: Removed) {
    show(message, Some(UndoAction::Restore(Box::new(removed))));
}

/// Offers to take back a whole import at once.
pub fn offer_import_undo(message: String, undo: ImportUndo) {
    show(message, Some(UndoAction::RevertImport(undo)));
}

/// A short notice in the same place, for things that happened out of view.
pub fn notify(message: String) {
    show(message, None);
}

fn show(message: String, action: Option<UndoAction>) {
    let state = use_app_state();
    // Counted across deletes, so an older timer never hides a newer undo.
    static GENERATION: AtomicU64 = AtomicU64::new(0);
    let generation = GENERATION.fetch_add(1, Ordering::Relaxed) + 1;
    state.undo.set(Some(PendingUndo {
        message,
        action,
        generation,
    }));
    set_timeout(
        move || {
            if state
                .undo
                .with_untracked(|u| u.as_ref().is_some_and(|u| u.generation == generation))
            {
                state.undo.set(None);
            }
        },
        UNDO_FOR,
    );
}

/// The bar itself, above the navigation.
#[component]
pub fn UndoBar() -> impl IntoView {
    let state = use_app_state();
    let undo = move |_| {
        match state.undo.get_untracked().and_then(|p| p.action) {
            Some(UndoAction::Restore(removed)) => state.update(|nb| nb.restore(*removed)),
            Some(UndoAction::RevertImport(undo)) => state.update(|nb| undo.revert(nb)),
            None => {}
        }
        state.undo.set(None);
    };
    view! {
        <div class="undo-slot" role="status" aria-live="polite">
            <Show when=move || state.undo.read().is_some()>
                <div class="undo-bar">
                    <span>{move || state.undo.read().as_ref().map(|u| u.message.clone())}</span>
                    {move || {
                        let can_undo = state.undo.read().as_ref().is_some_and(|u| u.action.is_some());
                        if can_undo {
                            view! { <button type="button" class="btn" on:click=undo>"Undo"</button> }.into_any()
                        } else {
                            view! { <button type="button" class="btn" on:click=move |_| state.undo.set(None)>"OK"</button> }.into_any()
                        }
                    }}
                </div>
            </Show>
        </div>
    }
}
