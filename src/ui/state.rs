//! Application state shared through context, and its sync to storage.

use std::cell::Cell;
use std::time::Duration;

use leptos::prelude::*;

use super::browser::now_ms;
use super::components::undo::PendingUndo;
use crate::domain::Notebook;
use crate::storage::envelope;
use crate::storage::local::LocalStore;
use crate::storage::repository::DATA_KEY;
use crate::storage::{LoadProblem, Repository, SaveError};

/// How long typing may pause before the notebook is written.
const SAVE_DELAY: Duration = Duration::from_millis(300);

thread_local! {
    /// Counts changes; a save is due while it differs from the last saved.
    static SAVE_GENERATION: Cell<u64> = const { Cell::new(0) };
    static SAVED_GENERATION: Cell<u64> = const { Cell::new(0) };
    /// Set while taking in another tab's save, which needs no writing back.
    static FROM_OTHER_TAB: Cell<bool> = const { Cell::new(false) };
}

fn save_pending() -> bool {
    SAVE_GENERATION.with(Cell::get) != SAVED_GENERATION.with(Cell::get)
}

/// Signals every screen reads and writes.
#[derive(Clone, Copy)]
pub struct AppState {
    pub notebook: RwSignal<Notebook>,
    /// Why the stored notebook could not be read, if it couldn't.
    pub problem: RwSignal<Option<LoadProblem>>,
    /// The last failed save, as a user-facing sentence.
    pub save_error: RwSignal<Option<String>>,
    /// Keys holding copies of stored data Rapport could not read.
    pub recovery_keys: RwSignal<Vec<String>>,
    /// The last delete, while it can still be undone.
    pub undo: RwSignal<Option<PendingUndo>>,
    repo: StoredValue<Repository<LocalStore>>,
}

impl AppState {
    /// Changes the notebook; the storage effect saves it.
    pub fn update(&self, f: impl FnOnce(&mut Notebook)) {
        self.notebook.update(f);
    }

    pub fn recovery_text(&self, key: &str) -> Option<String> {
        self.repo.with_value(|r| r.recovery_text(key))
    }

    /// The stored text as it is, readable or not.
    pub fn raw_data(&self) -> Option<String> {
        self.repo.with_value(|r| r.raw_data())
    }

    pub fn discard_recovery(&self, key: &str) {
        let keys = self.repo.with_value(|r| {
            let _ = r.discard_recovery(key);
            r.recovery_keys()
        });
        self.recovery_keys.set(keys);
    }

    /// Writes the notebook now, reporting a failure on screen.
    pub fn save_now(&self) {
        let generation = SAVE_GENERATION.with(Cell::get);
        let result = self
            .notebook
            .with_untracked(|nb| self.repo.with_value(|r| r.save(nb)));
        // A failed write stays due, so the next chance (another change,
        // the page being hidden) tries again; read-only never will succeed.
        if matches!(result, Ok(()) | Err(SaveError::ReadOnly)) {
            SAVED_GENERATION.with(|g| g.set(generation));
        }
        match result {
            Ok(()) => self.save_error.set(None),
            Err(e) => self.save_error.set(Some(format!(
                "Your latest change is on screen but was not saved: {e}."
            ))),
        }
    }

    pub fn is_writable(&self) -> bool {
        self.repo.with_value(|r| r.is_writable())
    }
}

/// Opens storage, provides `AppState` and saves every change.
pub fn provide_app_state() -> AppState {
    let (repo, loaded) = Repository::open(LocalStore, now_ms());
    let state = AppState {
        notebook: RwSignal::new(loaded.notebook),
        problem: RwSignal::new(loaded.problem),
        save_error: RwSignal::new(None),
        recovery_keys: RwSignal::new(repo.recovery_keys()),
        undo: RwSignal::new(None),
        repo: StoredValue::new(repo),
    };
    provide_context(state);

    // Saving writes the whole notebook, so a burst of keystrokes is saved
    // once it pauses, and at once whenever the page may go away. The first
    // run only subscribes: what was just read needs no writing, and must not
    // be written when it could not be read.
    Effect::new(move |first_done: Option<()>| {
        state.notebook.track();
        if first_done.is_none() {
            return;
        }
        let generation = SAVE_GENERATION.with(|g| g.get()) + 1;
        SAVE_GENERATION.with(|g| g.set(generation));
        if FROM_OTHER_TAB.with(|f| f.replace(false)) {
            // Already in storage: writing it back could only race the
            // other tab's next save.
            SAVED_GENERATION.with(|g| g.set(generation));
            return;
        }
        set_timeout(
            move || {
                if SAVE_GENERATION.with(|g| g.get()) == generation {
                    state.save_now();
                }
            },
            SAVE_DELAY,
        );
    });
    let flush = move || {
        if save_pending() {
            state.save_now();
        }
    };
    let _ = window_event_listener(
        leptos::ev::Custom::<web_sys::Event>::new("pagehide"),
        move |_| flush(),
    );
    let _ = window_event_listener(
        leptos::ev::Custom::<web_sys::Event>::new("visibilitychange"),
        move |_| {
            if !super::browser::page_visible() {
                flush();
            }
        },
    );

    // Another tab of Rapport saved: take its notebook, so this tab never
    // writes back an older copy over it.
    let _ = window_event_listener(
        leptos::ev::Custom::<web_sys::StorageEvent>::new("storage"),
        move |ev| {
            if ev.key().as_deref() != Some(DATA_KEY) {
                return;
            }
            match ev.new_value().map(|text| envelope::decode(&text)) {
                // Work this tab has not saved yet (waiting for a pause, or
                // refused by storage) stays on screen rather than being
                // replaced by the other tab's copy; this tab's save follows.
                Some(Ok(decoded))
                    if !save_pending()
                        && state.save_error.read_untracked().is_none()
                        && state.notebook.with_untracked(|nb| *nb != decoded.notebook) =>
                {
                    FROM_OTHER_TAB.with(|f| f.set(true));
                    state.notebook.set(decoded.notebook);
                }
                // A newer Rapport in another tab: stop writing, or this older
                // one would overwrite what it saved.
                Some(Err(envelope::DecodeError::TooNew { found })) => {
                    state.repo.update_value(|r| r.stop_writing());
                    state.problem.set(Some(LoadProblem::TooNew { found }));
                }
                _ => {}
            }
        },
    );
    state
}

/// The shared `AppState`.
pub fn use_app_state() -> AppState {
    expect_context::<AppState>()
}
