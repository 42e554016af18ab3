//! What Undo can take back, and how long it stays offered. `AppState` owns
//! the pending undo; the bar in `components::undo` only shows it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use leptos::prelude::*;

use crate::domain::notebook::Removed;
use crate::domain::transfer::plan::ImportUndo;
use crate::domain::{Id, Notebook};

/// How long Undo stays offered.
const UNDO_FOR: Duration = Duration::from_secs(8);

/// What Undo takes back.
#[derive(Clone, Debug, PartialEq)]
pub enum UndoAction {
    /// A deleted record, put back in place.
    Restore(Box<Removed>),
    /// A whole import of contacts, and how to take it back
    /// (`ImportUndo::revert`): given here by the import screen, so that the
    /// merging it needs stays in that screen's part of the app.
    RevertImport(ImportUndo, Reverter),
    /// A follow-up marked done, set open again.
    Reopen(Id),
}

/// How an import is taken back. Two pending imports are the same when
/// their records are: the function is always `ImportUndo::revert`.
#[derive(Clone, Copy, Debug)]
pub struct Reverter(pub fn(&ImportUndo, &mut Notebook) -> usize);

impl PartialEq for Reverter {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// A pending undo: what to say and what to put back.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingUndo {
    pub message: String,
    /// What Undo takes back; `None` for a plain notice.
    pub action: Option<UndoAction>,
    pub generation: u64,
}

/// Puts `message` in `slot` and clears it once its time is up.
pub fn show(slot: RwSignal<Option<PendingUndo>>, message: String, action: Option<UndoAction>) {
    // Counted across deletes, so an older timer never hides a newer undo.
    static GENERATION: AtomicU64 = AtomicU64::new(0);
    let generation = GENERATION.fetch_add(1, Ordering::Relaxed) + 1;
    slot.set(Some(PendingUndo {
        message,
        action,
        generation,
    }));
    close_later(slot, generation);
}

/// Closes the bar once its time is up, unless a newer one took its place,
/// and not while it has keyboard focus: the user is on their way to Undo.
fn close_later(slot: RwSignal<Option<PendingUndo>>, generation: u64) {
    set_timeout(
        move || {
            if !slot.with_untracked(|u| u.as_ref().is_some_and(|u| u.generation == generation)) {
                return;
            }
            let focused = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element())
                .and_then(|a| a.closest(".undo-bar").ok().flatten())
                .is_some();
            if focused {
                close_later(slot, generation);
            } else {
                slot.set(None);
            }
        },
        UNDO_FOR,
    );
}
