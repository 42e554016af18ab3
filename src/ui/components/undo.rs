//! The "deleted — Undo" bar shown for a few seconds after a delete.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use leptos::prelude::*;

use crate::domain::notebook::Removed;
use crate::ui::state::use_app_state;

/// How long Undo stays offered.
const UNDO_FOR: Duration = Duration::from_secs(8);

/// A pending undo: what to say and what to put back.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingUndo {
    pub message: String,
    pub removed: Removed,
    pub generation: u64,
}

/// Offers to undo the last delete, then forgets it.
pub fn offer_undo(message: String, removed: Removed) {
    let state = use_app_state();
    // Counted across deletes, so an older timer never hides a newer undo.
    static GENERATION: AtomicU64 = AtomicU64::new(0);
    let generation = GENERATION.fetch_add(1, Ordering::Relaxed) + 1;
    state.undo.set(Some(PendingUndo {
        message,
        removed,
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
        if let Some(pending) = state.undo.get_untracked() {
            state.update(|nb| nb.restore(pending.removed));
            state.undo.set(None);
        }
    };
    view! {
        <div class="undo-slot" role="status" aria-live="polite">
            <Show when=move || state.undo.read().is_some()>
                <div class="undo-bar">
                    <span>{move || state.undo.read().as_ref().map(|u| u.message.clone())}</span>
                    <button type="button" class="btn" on:click=undo>"Undo"</button>
                </div>
            </Show>
        </div>
    }
}
