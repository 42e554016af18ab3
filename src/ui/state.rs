//! Application state shared through context, and its sync to storage.

use std::cell::{Cell, RefCell};
use std::time::Duration;

use leptos::prelude::*;

use super::browser::{BrowserZone, now_ms};
use super::components::fields::Refusal;
use super::hooks::use_debounce_fn;
use super::undo::{self, PendingUndo, Reverter, UndoAction};
use crate::domain::notebook::Removed;
use crate::domain::records::{DocKey, Record, RecordKind, edit_bringing_back, rebase_with_fields};
use crate::domain::today::TodayView;
use crate::domain::today_snapshot::TodaySnapshot;
use crate::domain::transfer::plan::ImportUndo;
use crate::domain::{Id, Notebook};
use crate::storage::local::LocalStore;
use crate::storage::repository::{Change, SavePass, SaveReport, Usage};
use crate::storage::store::Store;
use crate::storage::today_cache::{self, TODAY_KEY};
use crate::storage::{Conflict, LoadProblem, SaveError, SaveFailed};
use crate::storage::{KeyValueStore, StoreError};
use crate::sync::SyncSettings;

/// How long typing may pause before changes are written.
const SAVE_DELAY: Duration = Duration::from_millis(300);

/// Records a save compares before it lets the page handle input again
/// (see `Repository::save_slice`): under a millisecond's work in the
/// profile, so that a notebook of thousands of records never holds up a
/// keystroke while it is saved.
const SAVE_SLICE: usize = 150;

thread_local! {
    /// Counts changes; a save is due while it differs from the last saved.
    static SAVE_GENERATION: Cell<u64> = const { Cell::new(0) };
    static SAVED_GENERATION: Cell<u64> = const { Cell::new(0) };
    /// The save under way a slice at a time, and the change it saves.
    static SAVE_PASS: RefCell<Option<(u64, SavePass)>> = const { RefCell::new(None) };
    /// Set while the page is being hidden or closed.
    static LEAVING: Cell<bool> = const { Cell::new(false) };
    /// The Today snapshot as last read or kept: its text, and the view it
    /// shows.
    static TODAY_KEPT: RefCell<Option<(String, TodayView)>> = const { RefCell::new(None) };
    /// The change and day the snapshot was last kept for.
    static TODAY_KEPT_FOR: Cell<Option<(u64, chrono::NaiveDate)>> = const { Cell::new(None) };
    /// Set when the whole notebook was read after Today was drawn from a
    /// snapshot whose rows it matched: the change and day to count the
    /// snapshot kept for once Today, computed again, shows the same view.
    static TODAY_CHECK: Cell<Option<(u64, chrono::NaiveDate)>> = const { Cell::new(None) };
    /// Set when the whole notebook has just replaced Today's part: that is
    /// what is stored already, so the change it makes needs no saving.
    static JUST_OPENED: Cell<bool> = const { Cell::new(false) };
}

fn save_pending() -> bool {
    SAVE_GENERATION.with(Cell::get) != SAVED_GENERATION.with(Cell::get)
}

/// Whether the page may be going away, so that a save cannot wait for
/// another turn of the event loop.
fn leaving() -> bool {
    LEAVING.with(Cell::get) || !super::browser::page_visible()
}

/// Signals every screen reads and writes.
#[derive(Clone, Copy)]
pub struct AppState {
    pub notebook: RwSignal<Notebook>,
    /// Why stored data could not be read, if it couldn't.
    pub problem: RwSignal<Option<LoadProblem>>,
    /// The last failed save, as a user-facing sentence.
    pub save_error: RwSignal<Option<String>>,
    /// Keys holding copies of stored data Rapport could not read.
    pub recovery_keys: RwSignal<Vec<String>>,
    /// Records changed in two places at once, waiting for the user.
    pub conflicts: RwSignal<Vec<Conflict>>,
    /// Whether the browser promised to keep Rapport's data (`None`: not
    /// asked, or the browser cannot say).
    pub persisted: RwSignal<Option<bool>>,
    /// The last delete, while it can still be undone.
    pub undo: RwSignal<Option<PendingUndo>>,
    /// Counts changes made on this device that sync should send: saves
    /// that wrote something, and settled conflicts. Changes sync brought in
    /// itself write nothing when saved, so they do not count.
    pub writes: RwSignal<u64>,
    /// Today as kept when the app was last closed, shown while the rest of
    /// a large notebook is read; `None` once it is (see `ensure_open`).
    pub early_today: RwSignal<Option<TodaySnapshot>>,
    /// What the last Undo of an import said, for the import card that
    /// still says what the import did.
    pub import_undone: RwSignal<Option<String>>,
    /// This device's sync settings, read with the notebook (sync off until
    /// then); `ui::sync` keeps them.
    pub sync_settings: RwSignal<SyncSettings>,
    /// Whether the whole notebook has been read, for what is drawn only
    /// then (see [`AppState::is_open`]).
    pub opened: RwSignal<bool>,
    /// `None` until the whole notebook is read.
    repo: StoredValue<Option<Box<dyn Store>>>,
}

impl AppState {
    /// Reads the whole notebook if only Today's snapshot is on screen, so
    /// that nothing is ever changed, saved or shown from that part alone.
    /// Every way to change the notebook or leave Today comes through here.
    /// Whether the notebook is open: not while the record store's code is
    /// still being fetched (see `lazy::fetch_store`), when only Today can
    /// be on screen, its changes not yet offered.
    pub fn ensure_open(&self) -> bool {
        if self.is_open() {
            return true;
        }
        let Some(code) = super::lazy::store_code() else {
            return false;
        };
        (code.open_here)(*self);
        true
    }

    /// [`ensure_open`](Self::ensure_open) once the store's code is here,
    /// from the store's part (`lazy::StoreCode`) with the rest of opening.
    pub(super) fn open_in_store(&self, open: super::lazy::Opener) {
        let (repo, loaded) = open(now_ms(), super::lazy::upgrader());
        self.sync_settings.set(repo.sync_settings());
        self.repo.set_value(Some(repo));
        self.opened.set(true);
        self.problem.set(loaded.problem);
        self.recovery_keys.set(loaded.recovery_keys);
        self.conflicts.set(loaded.conflicts);
        // Unless the snapshot is found to match, it is kept anew when the
        // page is hidden (or dropped, if the notebook has grown small).
        let matched = self.early_today.with_untracked(|early| {
            early
                .as_ref()
                .filter(|s| {
                    TodaySnapshot::worth_keeping(&loaded.notebook) && s.rows_match(&loaded.notebook)
                })
                .map(|s| (SAVE_GENERATION.with(Cell::get), s.day))
        });
        TODAY_CHECK.with(|c| c.set(matched));
        JUST_OPENED.with(|j| j.set(true));
        self.notebook.set(loaded.notebook);
        self.early_today.set(None);
        super::browser::mark("rapport-notebook-open");
    }

    /// Runs `change`, a change offered on Today, once the whole notebook is
    /// read: at once if it is, else as soon as the record store's code has
    /// come (Today is drawn from its snapshot before), so that a tap made
    /// meanwhile is neither lost nor made on the snapshot's few records.
    pub fn when_open(&self, change: impl FnOnce() + 'static) {
        let state = *self;
        self.once_open(move |open| {
            if open {
                change();
            } else {
                state.notify(
                    "Rapport could not open your notebook to make that change. Connect and reload."
                        .into(),
                );
            }
        });
    }

    /// Reads the whole notebook, fetching the record store's code first if
    /// need be, then calls `then` with whether it is open: at once if it is
    /// already.
    pub fn once_open(&self, then: impl FnOnce(bool) + 'static) {
        if self.ensure_open() {
            then(true);
            return;
        }
        let state = *self;
        leptos::task::spawn_local(async move {
            let open = super::lazy::fetch_store().await.is_ok() && state.ensure_open();
            then(open);
        });
    }

    /// Whether the whole notebook has been read.
    pub fn is_open(&self) -> bool {
        self.repo.with_value(Option::is_some)
    }

    /// `f` on the repository, if the whole notebook is read.
    fn with_repo<T>(&self, f: impl FnOnce(&dyn Store) -> T) -> Option<T> {
        self.repo.with_value(|r| r.as_deref().map(f))
    }

    /// `f` on the repository, if the whole notebook is read.
    fn update_repo<T>(&self, f: impl FnOnce(&mut (dyn Store + 'static)) -> T) -> Option<T> {
        self.repo
            .try_update_value(|r| r.as_deref_mut().map(f))
            .flatten()
    }

    /// `ensure_open` before a change, which must be saved even if the
    /// notebook was read whole in the same turn.
    fn open_to_change(&self) {
        self.ensure_open();
        JUST_OPENED.with(|j| j.set(false));
    }

    /// Changes the notebook; the storage effect saves what changed.
    pub fn update(&self, f: impl FnOnce(&mut Notebook)) {
        self.open_to_change();
        self.notebook.update(f);
    }

    /// Changes the notebook and hands back what `f` returned.
    pub fn apply<T>(&self, f: impl FnOnce(&mut Notebook) -> T) -> T {
        self.open_to_change();
        let mut out = None;
        self.notebook.update(|nb| out = Some(f(nb)));
        // `update` always runs the closure on a live signal.
        out.expect("the notebook signal is alive")
    }

    /// Offers to undo a delete for a few seconds.
    pub fn offer_undo(&self, message: String, removed: Removed) {
        undo::show(
            self.undo,
            message,
            Some(UndoAction::Restore(Box::new(removed))),
        );
    }

    /// Offers to take back a whole import at once.
    pub fn offer_import_undo(&self, message: String, import: ImportUndo) {
        undo::show(
            self.undo,
            message,
            Some(UndoAction::RevertImport(
                import,
                Reverter(ImportUndo::revert),
            )),
        );
    }

    /// Offers to set a follow-up just marked done open again.
    pub fn offer_reopen(&self, message: String, follow_up: Id) {
        undo::show(self.undo, message, Some(UndoAction::Reopen(follow_up)));
    }

    /// Sets a done follow-up open again from its own row: an Undo still
    /// offering the same is done with.
    pub fn reopen_follow_up(&self, id: Id) {
        self.update(|nb| nb.reopen_follow_up(id));
        let same = Some(UndoAction::Reopen(id));
        if self
            .undo
            .with_untracked(|u| u.as_ref().is_some_and(|u| u.action == same))
        {
            self.undo.set(None);
        }
    }

    /// A short notice where Undo shows, for things that happened out of view.
    pub fn notify(&self, message: String) {
        undo::show(self.undo, message, None);
    }

    /// A confirmation of something the user just did, where Undo shows. It
    /// does not push aside an Undo still on offer: taking back a delete
    /// matters more than being told of what went well.
    pub fn confirm_done(&self, message: String) {
        let offering = self
            .undo
            .with_untracked(|u| u.as_ref().is_some_and(|u| u.action.is_some()));
        if !offering {
            self.notify(message);
        }
    }

    /// Takes back what the pending undo offers, and closes it. Only a
    /// change offers one, so the store's code is here by then.
    pub fn take_undo(&self) {
        if let Some(code) = super::lazy::store_code() {
            (code.take_undo)(*self);
        }
    }

    /// [`take_undo`](Self::take_undo), from the store's part: putting
    /// records back is not needed before the notebook is open.
    pub(super) fn take_undo_in_store(&self) {
        let action = self.undo.get_untracked().and_then(|p| p.action);
        // Closed first: what the undo has to say takes its place.
        self.undo.set(None);
        match action {
            Some(UndoAction::Restore(removed)) => self.update(|nb| nb.restore(*removed)),
            Some(UndoAction::RevertImport(import, Reverter(revert))) => {
                let kept = self.apply(|nb| revert(&import, nb));
                let said = crate::domain::transfer::plan::undone_text(kept);
                self.notify(said.clone());
                self.import_undone.set(Some(said));
            }
            Some(UndoAction::Reopen(id)) => self.reopen_follow_up(id),
            None => {}
        }
    }

    pub fn recovery_text(&self, key: &str) -> Option<String> {
        self.ensure_open();
        self.with_repo(|r| r.recovery_text(key)).flatten()
    }

    /// The text that could not be read nor copied aside, for a download.
    pub fn unreadable_text(&self) -> Option<String> {
        self.ensure_open();
        self.with_repo(|r| r.unreadable_text()).flatten()
    }

    pub fn has_unreadable(&self) -> bool {
        self.with_repo(|r| r.has_unreadable()).unwrap_or(false)
    }

    /// Deletes the unreadable text once the user has downloaded it, so
    /// that saving can go on.
    pub fn discard_unreadable(&self) {
        self.ensure_open();
        let result = self.update_repo(|r| r.discard_unreadable());
        match result {
            Some(Ok(())) => {
                self.problem.set(None);
                self.save_now();
            }
            Some(Err(e)) => self.save_error.set(Some(format!(
                "The unreadable data could not be deleted: {e}."
            ))),
            None => {}
        }
    }

    pub fn discard_recovery(&self, key: &str) {
        self.ensure_open();
        let keys = self.with_repo(|r| {
            let _ = r.discard_recovery(key);
            r.recovery_keys()
        });
        self.recovery_keys.set(keys.unwrap_or_default());
    }

    /// Writes what changed, reporting a failure on screen. In a notebook of
    /// more than one slice of records, while the page stays, the records
    /// are compared a slice at a time, each slice once the page has handled
    /// what came in meanwhile; otherwise all at once, before this returns.
    pub fn save_now(&self) {
        self.save(false);
    }

    /// Saves every change before returning, however large the notebook:
    /// whether all of it is stored.
    pub fn save_everything(&self) -> bool {
        self.save_all();
        self.save_error.with_untracked(Option::is_none)
    }

    /// `save_now`, or nothing if every change is saved already (`due_only`).
    ///
    /// Saving is done by code that comes with the record store's (see
    /// `lazy::StoreCode`): nothing can change before the notebook is open.
    fn save(&self, due_only: bool) {
        match super::lazy::store_code() {
            Some(code) if self.ensure_open() => (code.save)(*self, due_only),
            _ => self.cannot_save(),
        }
    }

    fn save_all(&self) {
        match super::lazy::store_code() {
            Some(code) if self.ensure_open() => (code.save_all)(*self),
            _ => self.cannot_save(),
        }
    }

    /// A change made while the notebook could not be opened (its code not
    /// fetched) is on screen only: said, as any failed save is.
    fn cannot_save(&self) {
        if save_pending() {
            self.save_error.set(Some(
                "Your latest change is on screen but was not saved: Rapport could not open your \
                 notebook. Connect and reload."
                    .into(),
            ));
        }
    }

    /// [`save`](Self::save), from the record store's part.
    pub(super) fn save_in_store(&self, due_only: bool) {
        self.ensure_open();
        // A notebook that fits in one slice is saved before this returns,
        // as is everything when the page may be going away.
        let small = self
            .notebook
            .with_untracked(|nb| nb.records().nth(SAVE_SLICE).is_none());
        if leaving() || small {
            if save_pending() || !due_only {
                self.save_all_in_store();
            }
            return;
        }
        // The first slice waits for the next task: by then the change just
        // made has been counted, so the pass saves it.
        let state = *self;
        set_timeout(
            move || {
                let generation = SAVE_GENERATION.with(Cell::get);
                let under_way =
                    SAVE_PASS.with(|p| matches!(&*p.borrow(), Some((g, _)) if *g == generation));
                if !under_way && (save_pending() || !due_only) {
                    state.save_slice(generation);
                }
            },
            Duration::ZERO,
        );
    }

    /// [`save_all`](Self::save_all), from the record store's part.
    pub(super) fn save_all_in_store(&self) {
        self.ensure_open();
        // Whatever a pass under way has left to do is done here.
        SAVE_PASS.with(|p| p.borrow_mut().take());
        let generation = SAVE_GENERATION.with(Cell::get);
        let now = now_ms();
        let result = self.notebook.with_untracked(|nb| {
            self.update_repo(|r| r.save(nb, now))
                .unwrap_or(Err(SaveFailed {
                    error: SaveError::ReadOnly,
                    report: SaveReport::default(),
                }))
        });
        match result {
            Ok(report) => self.saved(generation, report, None),
            Err(failed) => self.saved(generation, failed.report, Some(failed.error)),
        }
    }

    /// One slice of the save of change `generation`.
    fn save_slice(&self, generation: u64) {
        self.ensure_open();
        let now = now_ms();
        let step = self.notebook.with_untracked(|nb| {
            self.update_repo(|r| {
                SAVE_PASS.with(|p| {
                    let mut p = p.borrow_mut();
                    // A pass begun for an earlier change was comparing a
                    // notebook that has changed since: it starts over.
                    if p.as_ref().is_none_or(|(g, _)| *g != generation) {
                        *p = Some((generation, SavePass::default()));
                    }
                    let (_, pass) = p.as_mut().expect("a pass was just set");
                    r.save_slice(nb, now, pass, SAVE_SLICE)
                })
            })
        });
        match step.unwrap_or(Err(SaveError::ReadOnly)) {
            Ok(false) => {
                let state = *self;
                set_timeout(
                    move || {
                        // A newer change brings its own save; one made all
                        // at once (the page being hidden) took this pass over.
                        let ours = SAVE_PASS
                            .with(|p| matches!(&*p.borrow(), Some((g, _)) if *g == generation));
                        if ours && SAVE_GENERATION.with(Cell::get) == generation {
                            state.save_slice(generation);
                        }
                    },
                    Duration::ZERO,
                );
            }
            done => {
                let pass = SAVE_PASS.with(|p| p.borrow_mut().take());
                let report = pass.map(|(_, pass)| pass.report).unwrap_or_default();
                self.saved(generation, report, done.err());
            }
        }
    }

    /// What a save did (`report`), and why it stopped if it did not finish.
    fn saved(&self, generation: u64, report: SaveReport, error: Option<SaveError>) {
        // A failed write stays due, so the next chance (another change,
        // the page being hidden) tries again; read-only never will succeed.
        if matches!(error, None | Some(SaveError::ReadOnly)) {
            SAVED_GENERATION.with(|g| g.set(generation));
        }
        if report.written > 0 {
            self.writes.update(|n| *n += 1);
        }
        // Merges stored before a failure are shown too: the screen must hold
        // what this tab compares its next save with.
        self.take_report(report);
        match error {
            None => {
                self.save_error.set(None);
                self.ask_to_persist();
            }
            Some(e) => {
                // The snapshot only saves time, and the versions kept for
                // sync's merges only a choice: their room goes to records,
                // at once, so that a page going away keeps its change.
                if e == SaveError::Store(StoreError::QuotaExceeded) && self.free_room() {
                    self.save_all_in_store();
                    return;
                }
                self.save_error.set(Some(format!(
                    "Your latest change is on screen but was not saved: {e}."
                )));
            }
        }
    }

    /// Frees what storage holds only to save time or a choice: Today's
    /// snapshot, then the versions kept for sync's merges. Records come
    /// first. Whether anything was freed.
    pub fn free_room(&self) -> bool {
        drop_today() || self.with_repo(|r| r.drop_sync_bases()) == Some(true)
    }

    fn take_report(&self, report: SaveReport) {
        self.apply_changes(report.changes);
        if report.conflicts_changed {
            self.reload_conflicts();
        }
    }

    fn apply_changes(&self, changes: Vec<Change>) {
        if !changes.is_empty() {
            JUST_OPENED.with(|j| j.set(false));
            self.notebook.update(|nb| {
                for change in changes {
                    change.apply(nb);
                }
            });
        }
    }

    /// Takes in a write made outside this tab's saves (another tab, or a
    /// sync run) to storage key `key`, merged with unsaved work on screen.
    pub fn take_external(&self, key: &str, from_other_tab: bool) {
        match super::lazy::store_code() {
            Some(code) if self.is_open() => (code.take_external)(*self, key, from_other_tab),
            // Reading the whole notebook takes in this write too.
            _ => self.once_open(drop),
        }
    }

    /// [`take_external`](Self::take_external), from the record store's part.
    pub(super) fn take_external_in_store(&self, key: &str, from_other_tab: bool) {
        let now = now_ms();
        let external = self.notebook.with_untracked(|nb| {
            self.update_repo(|r| r.take_external(key, nb, now, from_other_tab))
        });
        let Some(external) = external else {
            return;
        };
        self.apply_changes(external.changes);
        if external.conflicts_changed {
            self.reload_conflicts();
        }
        if let Some(problem) = external.problem {
            self.problem.set(Some(problem));
            self.recovery_keys
                .set(self.with_repo(|r| r.recovery_keys()).unwrap_or_default());
        }
    }

    fn reload_conflicts(&self) {
        if let Some(conflicts) = self.with_repo(|r| r.conflicts()) {
            self.conflicts.set(conflicts);
        }
    }

    /// Keeps `theirs` as a version of a record to compare, because it and
    /// what is on screen changed the same `fields`.
    pub fn keep_conflict(&self, theirs: Record, fields: Vec<String>) -> Result<(), String> {
        self.ensure_open();
        let result = match self.with_repo(|r| r.keep_other_version(theirs, fields, now_ms())) {
            Some(Err(e)) => Err(format!(
                "Another window changed this record too, and its version could not be kept to compare: {e}."
            )),
            _ => Ok(()),
        };
        self.reload_conflicts();
        result
    }

    /// Saves a form's edit, made from `base`, laid over the record as it is
    /// now, so that changes another window made meanwhile are not
    /// reverted; `edit` applies it to the notebook, with the record's own
    /// checks. A field both changed keeps the other version for the user
    /// to compare, once the edit stands: an edit refused keeps nothing. If
    /// that version cannot be kept (storage full), the edit is taken back,
    /// with why: saving it would write over the other version unseen.
    pub fn save_edit<T: RecordKind, E: Into<Refusal>>(
        &self,
        base: &T,
        edited: T,
        edit: impl FnOnce(&mut Notebook, T) -> Result<(), E>,
    ) -> Result<(), Refusal> {
        self.ensure_open();
        let key = base.key_of();
        let current = self
            .notebook
            .with_untracked(|nb| nb.record(key).map(|r| r.to_owned()))
            .and_then(T::unwrap);
        let (edited, other) = rebase_with_fields(base, edited, current.as_ref());
        let brought_back = self
            .apply(|nb| edit_bringing_back(nb, base, edited, edit))
            .map_err(Into::into)?;
        if brought_back {
            self.notify(
                "It had been deleted in another window or on another device: saving brought it back."
                    .into(),
            );
        }
        if let Some((other, fields)) = other
            && let Err(why) = self.keep_conflict(other.clone().wrap(), fields)
        {
            // Before the next save can write the edit.
            self.update(|nb| nb.put_record(other.wrap()));
            return Err(Refusal::Said(why));
        }
        Ok(())
    }

    /// Settles a conflict: `keep` is the version the user chose (or made
    /// by combining), `None` to keep what is on screen.
    pub fn settle_conflict(&self, key: DocKey, keep: Option<Record>) {
        self.open_to_change();
        if let Some(record) = keep {
            self.notebook.update(|nb| nb.put_record(record));
        }
        let result = self.with_repo(|r| r.settle_conflict(key));
        if let Some(Err(e)) = result {
            self.save_error
                .set(Some(format!("The choice could not be saved: {e}.")));
        }
        self.reload_conflicts();
        self.save_now();
        self.writes.update(|n| *n += 1);
    }

    /// Today as first computed from the whole notebook after it was drawn
    /// from the snapshot: if both agree, the snapshot needs no keeping anew
    /// when the page is hidden. It may not (another window changed records
    /// and closed before it kept its own).
    pub fn note_today(&self, view: &TodayView) {
        let Some(check) = TODAY_CHECK.with(Cell::take) else {
            return;
        };
        let same = TODAY_KEPT.with(|k| k.borrow().as_ref().is_some_and(|(_, v)| v == view));
        if same && check.0 == SAVE_GENERATION.with(Cell::get) {
            TODAY_KEPT_FOR.with(|k| k.set(Some(check)));
        }
    }

    /// Whether saves are allowed; not yet known while only Today's
    /// snapshot is read.
    pub fn is_writable(&self) -> bool {
        self.with_repo(|r| r.is_writable()).unwrap_or(false)
    }

    /// Space used in this browser, and records kept (`None` until the whole
    /// notebook is read).
    pub fn usage(&self) -> Option<Usage> {
        self.with_repo(|r| r.usage().ok()).flatten()
    }

    /// Keeps Today's snapshot for the next opening, if the notebook is large
    /// enough for it to help and anything changed since it was last kept.
    /// Run as the page is hidden: Today is computed from every record.
    fn keep_today(&self) {
        if let Some(code) = super::lazy::store_code()
            && self.is_open()
        {
            (code.keep_today)(*self);
        }
    }

    /// [`keep_today`](Self::keep_today), from the store's part: only an
    /// open notebook keeps a snapshot.
    pub(super) fn keep_today_in_store(&self) {
        if !self.is_writable() || self.save_error.get_untracked().is_some() {
            return;
        }
        let now = now_ms();
        let kept_for = (
            SAVE_GENERATION.with(Cell::get),
            crate::domain::calendar::local_date(now, &BrowserZone),
        );
        if TODAY_KEPT_FOR.with(Cell::get) == Some(kept_for) {
            return;
        }
        let Some(today) = super::lazy::today_of() else {
            return;
        };
        let snapshot = self.notebook.with_untracked(|nb| {
            TodaySnapshot::worth_keeping(nb)
                .then(|| TodaySnapshot::of_view(nb, today(nb, now), now, &BrowserZone))
        });
        let kept = TODAY_KEPT.with(|kept| {
            let mut kept = kept.borrow_mut();
            let previous = kept.take().map(|(text, _)| text);
            let written = match snapshot {
                Some(snapshot) => self
                    .with_repo(|r| r.keep_today(&snapshot, previous.as_deref()))
                    .unwrap_or(Ok(None))
                    .map(|text| text.map(|text| (text, snapshot.view))),
                None => LocalStore.remove(TODAY_KEY).map(|()| None),
            };
            match written {
                Ok(now_kept) => {
                    *kept = now_kept;
                    true
                }
                Err(_) => {
                    // An older snapshot must not outlive one that failed.
                    let _ = LocalStore.remove(TODAY_KEY);
                    false
                }
            }
        });
        // One that could not be kept (storage full) is tried again next time.
        if kept {
            TODAY_KEPT_FOR.with(|k| k.set(Some(kept_for)));
        }
    }

    /// Once the user has something worth keeping, asks the browser not to
    /// clear it under storage pressure.
    fn ask_to_persist(&self) {
        if self.persisted.get_untracked() == Some(true) {
            return;
        }
        let has_data = self
            .notebook
            .with_untracked(|nb| !nb.contacts.is_empty() || !nb.meetings.is_empty());
        if !has_data {
            return;
        }
        thread_local! {
            static ASKED: Cell<bool> = const { Cell::new(false) };
        }
        if ASKED.with(|a| a.replace(true)) {
            return;
        }
        let persisted = self.persisted;
        leptos::task::spawn_local(async move {
            let granted = super::browser::persist_storage().await;
            let _ = persisted.try_set(granted);
        });
    }
}

/// Removes Today's snapshot, so that the next opening reads every record
/// first; says whether there was one to remove.
fn drop_today() -> bool {
    TODAY_KEPT.with(|k| k.borrow_mut().take());
    TODAY_KEPT_FOR.with(|k| k.set(None));
    let kept = matches!(LocalStore.get(TODAY_KEY), Ok(Some(_)));
    kept && LocalStore.remove(TODAY_KEY).is_ok()
}

thread_local! {
    /// Set when the app started with nothing of Rapport's stored.
    static NOTHING_STORED: Cell<bool> = const { Cell::new(false) };
}

/// Whether the app started with nothing of Rapport's stored (a first
/// visit, Today drawn empty by [`empty_today`]): there is no notebook to
/// read until something needs it. A kept snapshot of an empty notebook is
/// not that: storage may hold records written since, so it is read.
pub fn nothing_stored() -> bool {
    NOTHING_STORED.with(Cell::get)
}

/// Today with nothing in it, if the app opens on Today and nothing of
/// Rapport's is stored: a first visit draws Today at once, without waiting
/// for the code that reads records.
pub fn empty_today() -> Option<TodaySnapshot> {
    // Listing every key of a large notebook takes time: only on Today.
    let drawn = super::browser::at_home()
        && LocalStore
            .keys()
            .is_ok_and(|keys| !keys.iter().any(|k| k.starts_with("rapport.")));
    NOTHING_STORED.with(|n| n.set(drawn));
    drawn.then(|| TodaySnapshot::of_empty_notebook(now_ms(), &BrowserZone))
}

/// Today's snapshot, if the app opens on Today and one was kept today.
pub fn early_today() -> Option<TodaySnapshot> {
    if !super::browser::at_home() {
        return None;
    }
    let text = LocalStore.get(TODAY_KEY).ok()??;
    let snapshot = today_cache::decode(&text)?;
    TODAY_KEPT.with(|k| *k.borrow_mut() = Some((text, snapshot.view.clone())));
    snapshot
        .is_current(now_ms(), &BrowserZone)
        .then_some(snapshot)
}

/// Opens storage, provides `AppState` and saves every change.
///
/// A large notebook opening on Today is drawn from Today's snapshot first,
/// and read whole just after the first frame is painted: reading thousands
/// of records would otherwise keep the screen blank. `early` is what
/// `early_today` found.
pub fn provide_app_state(early: Option<TodaySnapshot>) -> AppState {
    crate::domain::ids::seed_ids(super::browser::random_seed());
    let (repo, loaded) = match &early {
        Some(snapshot) => (
            None,
            crate::storage::Loaded {
                notebook: snapshot.notebook(),
                ..Default::default()
            },
        ),
        // `start` fetched the store before drawing anything; if it could
        // not, nothing is read, and Today says so (`ui::Screens`).
        None => match super::lazy::store_opener() {
            Some(open) => {
                let (repo, loaded) = open(now_ms(), super::lazy::upgrader());
                (Some(repo), loaded)
            }
            None => (None, crate::storage::Loaded::default()),
        },
    };
    // Today drawn empty because nothing is stored has nothing to read: the
    // store's code is fetched when something first needs it (another
    // screen, a sync run, another tab's write), not on a first visit's
    // first load.
    let waiting = early.is_some() && !nothing_stored();
    let state = AppState {
        notebook: RwSignal::new(loaded.notebook),
        problem: RwSignal::new(loaded.problem),
        save_error: RwSignal::new(None),
        recovery_keys: RwSignal::new(loaded.recovery_keys),
        conflicts: RwSignal::new(loaded.conflicts),
        persisted: RwSignal::new(None),
        undo: RwSignal::new(None),
        writes: RwSignal::new(0),
        early_today: RwSignal::new(early),
        import_undone: RwSignal::new(None),
        sync_settings: RwSignal::new(
            repo.as_deref()
                .map(|r: &dyn Store| r.sync_settings())
                .unwrap_or_default(),
        ),
        opened: RwSignal::new(repo.is_some()),
        repo: StoredValue::new(repo),
    };
    provide_context(state);
    if waiting {
        // Once Today is painted, the store's code is fetched and the
        // notebook read. If the code cannot come, the first other screen
        // says so.
        // The router follows: fetched alongside, it held up the reading.
        super::browser::after_paint(move || state.once_open(|_| super::router::fetch_soon()));
    } else {
        super::browser::after_paint(super::router::fetch_soon);
    }
    leptos::task::spawn_local(async move {
        if let Some(kept) = super::browser::storage_persisted().await {
            let _ = state.persisted.try_set(Some(kept));
        }
    });

    // A burst of keystrokes is saved once it pauses, and at once whenever
    // the page may go away. Saving compares each record with what was last
    // stored and writes only those that differ; no screen has to say what
    // it changed, so no change can be missed. The first run only
    // subscribes: what was just read needs no writing.
    let save_soon = use_debounce_fn(move || state.save(true), SAVE_DELAY);
    Effect::new(move |first_done: Option<()>| {
        state.notebook.track();
        let just_opened = JUST_OPENED.with(|j| j.replace(false));
        if first_done.is_none() || just_opened {
            return;
        }
        SAVE_GENERATION.with(|g| g.set(g.get() + 1));
        save_soon();
    });
    let flush = move || {
        if save_pending() {
            state.save_all();
        }
    };
    // Registered before any screen's own, so that a screen saving as the
    // page goes away finds it marked as leaving. A page kept for "back"
    // that comes back runs on, and then it is not leaving any more.
    let _ = window_event_listener(
        leptos::ev::Custom::<web_sys::Event>::new("pagehide"),
        move |_| {
            LEAVING.with(|l| l.set(true));
            set_timeout(|| LEAVING.with(|l| l.set(false)), Duration::ZERO);
            flush();
            state.keep_today();
        },
    );
    let _ = window_event_listener(
        leptos::ev::Custom::<web_sys::Event>::new("visibilitychange"),
        move |_| {
            if !super::browser::page_visible() {
                flush();
                state.keep_today();
            }
        },
    );
    // If work could not be saved (storage full), leaving would lose it:
    // the browser asks the user first.
    let _ = window_event_listener(leptos::ev::beforeunload, move |ev| {
        LEAVING.with(|l| l.set(true));
        set_timeout(|| LEAVING.with(|l| l.set(false)), Duration::ZERO);
        flush();
        if state.save_error.try_get_untracked().flatten().is_some() {
            ev.prevent_default();
            ev.set_return_value("Your latest changes are not saved.");
        }
    });

    // Another tab of Rapport wrote: take in each record it changed, merged
    // with this tab's own unsaved work.
    let _ = window_event_listener(
        leptos::ev::Custom::<web_sys::StorageEvent>::new("storage"),
        move |ev| {
            if let Some(key) = ev.key() {
                state.take_external(&key, true);
            }
        },
    );
    state
}

/// The shared `AppState`.
pub fn use_app_state() -> AppState {
    expect_context::<AppState>()
}
