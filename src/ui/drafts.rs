//! Drafts of half-filled forms, kept in this tab's session storage so that
//! leaving a form, a reload or the phone dropping the page loses nothing
//! typed.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_storage::{SessionStorage, Storage};
use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

fn key(name: &str) -> String {
    format!("rapport.draft.{name}")
}

/// A draft on the screen now: its key, whether it was brought back, and
/// how to set it back to where the form started.
struct Live {
    key: String,
    restored: bool,
    ended: StoredValue<bool>,
    start_over: Rc<dyn Fn()>,
}

thread_local! {
    static LIVE: RefCell<Vec<Live>> = const { RefCell::new(Vec::new()) };
}

/// A form's state that starts from a saved draft when there is one, else
/// from `initial`, and is written back on every change.
///
/// The draft outlives the form: leaving it by a tap on the navigation, a
/// back link or a reload keeps what was typed for when it opens again
/// (`restored`). Only saving ends it ([`end_drafts`]), or the user
/// starting over ([`start_over`]).
pub fn draft_signal<T>(name: String, initial: T) -> (RwSignal<T>, bool)
where
    T: Serialize + DeserializeOwned + Clone + PartialEq + Send + Sync + 'static,
{
    let restored = SessionStorage::get::<T>(key(&name))
        .ok()
        .filter(|d| *d != initial);
    let was_restored = restored.is_some();
    let signal = RwSignal::new(restored.unwrap_or_else(|| initial.clone()));
    let storage_key = key(&name);
    let ended = StoredValue::new(false);
    let fresh = initial.clone();
    LIVE.with(|live| {
        live.borrow_mut().push(Live {
            key: storage_key.clone(),
            restored: was_restored,
            ended,
            start_over: Rc::new(move || signal.set(fresh.clone())),
        })
    });
    let on_leave = storage_key.clone();
    on_cleanup(move || LIVE.with(|live| live.borrow_mut().retain(|l| l.key != on_leave)));
    Effect::new(move |_| {
        let value = signal.get();
        if ended.get_value() {
            return;
        }
        if value == initial {
            SessionStorage::delete(&storage_key);
        } else {
            // Full storage only costs the draft; the form still works.
            let _ = SessionStorage::set(&storage_key, &value);
        }
    });
    (signal, was_restored)
}

/// Whether a draft named `name` is kept, on the screen or not.
pub fn draft_kept(name: &str) -> bool {
    SessionStorage::raw()
        .get_item(&key(name))
        .ok()
        .flatten()
        .is_some()
}

/// Ends every draft on the screen: what it held is saved, so a new form
/// starts afresh.
pub fn end_drafts() {
    LIVE.with(|live| {
        for draft in live.borrow().iter() {
            draft.ended.set_value(true);
            SessionStorage::delete(&draft.key);
        }
    });
}

/// Whether a draft on the screen was brought back from before.
pub fn any_restored() -> bool {
    LIVE.with(|live| live.borrow().iter().any(|l| l.restored))
}

/// Sets every draft on the screen back to where its form started.
pub fn start_over() {
    let resets: Vec<Rc<dyn Fn()>> =
        LIVE.with(|live| live.borrow().iter().map(|l| l.start_over.clone()).collect());
    for reset in resets {
        reset();
    }
}

/// A form's draft, as `draft_signal`, and the version of the record it
/// started from: saving lays only what the form changed over the record as
/// it is then. A draft brought back keeps its own base.
pub fn draft_with_base<T>(name: String, initial: T) -> (RwSignal<T>, bool, StoredValue<T>)
where
    T: Serialize + DeserializeOwned + Clone + PartialEq + Send + Sync + 'static,
{
    let fresh = initial.clone();
    let (draft, restored) = draft_signal(name.clone(), initial);
    (draft, restored, kept_base(&name, fresh, restored))
}

/// The version of the record the drafts named `name` started from: the
/// one kept with them if any of them was brought back (`restored`), else
/// `fresh`, the record as it is now. A draft brought back must be laid
/// over the record it was typed against, or saving it would take back
/// whatever changed since as if the user had. "Start over" and saving
/// end it with the drafts.
pub fn kept_base<T>(name: &str, fresh: T, restored: bool) -> StoredValue<T>
where
    T: Serialize + DeserializeOwned + Clone + Send + Sync + 'static,
{
    let base_key = key(&format!("{name}.base"));
    let stored = SessionStorage::get::<T>(&base_key)
        .ok()
        .filter(|_| restored);
    let base = StoredValue::new(stored.unwrap_or_else(|| fresh.clone()));
    let _ = SessionStorage::set(&base_key, base.get_value());
    let again = base_key.clone();
    LIVE.with(|live| {
        live.borrow_mut().push(Live {
            key: base_key.clone(),
            restored: false,
            ended: StoredValue::new(false),
            start_over: Rc::new(move || {
                base.set_value(fresh.clone());
                let _ = SessionStorage::set(&again, &fresh);
            }),
        })
    });
    on_cleanup(move || LIVE.with(|live| live.borrow_mut().retain(|l| l.key != base_key)));
    base
}

/// The draft name of a record's form: one per record being edited, and for
/// a new record of `kind` (`id` 0) one per address it was opened at. A new
/// follow-up for Bob (`?contact=…`) is another form than one for Dana: a
/// draft left from Dana's must not come back with Dana chosen.
pub fn form_draft_name(kind: &str, id: crate::domain::Id) -> String {
    if id == 0 {
        let search = leptos_router::hooks::use_location().search.get_untracked();
        format!("{kind}.new{search}")
    } else {
        format!("{kind}.{id}")
    }
}

/// Whether anything typed in the edit form of record `id` of `kind` is
/// kept: a draft of the form or of one of its parts (a contact's tags, a
/// meeting's own questions).
fn typed_in_form(kind: &str, id: crate::domain::Id) -> bool {
    let name = key(&form_draft_name(kind, id));
    let base = format!("{name}.base");
    let part = format!("{name}.");
    let storage = SessionStorage::raw();
    let count = storage.length().unwrap_or(0);
    (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .any(|k| k != base && (k == name || k.starts_with(&part)))
}

/// The record that what was typed in its edit form was laid over, when
/// the record itself has gone (deleted in another window or on another
/// device) but the typing is kept: the form opens on it again, and saving
/// brings the record back, rather than the typing being out of reach.
pub fn typed_over_deleted<T: DeserializeOwned>(
    kind: &str,
    id: Option<crate::domain::Id>,
) -> Option<T> {
    let id = id.filter(|&id| id != 0 && typed_in_form(kind, id))?;
    SessionStorage::get(key(&format!("{}.base", form_draft_name(kind, id)))).ok()
}

/// The address of record `id`'s edit form when something typed in it is
/// kept, for the page of a record that has gone to point at.
pub fn typed_edit_address(kind: &str, list: &str, id: Option<crate::domain::Id>) -> Option<String> {
    id.filter(|&id| id != 0 && typed_in_form(kind, id))
        .map(|id| format!("{list}/{id}/edit"))
}

/// Drops the draft named `name` at once: for a form that closes as the
/// screen is drawn anew, whose new copy must not find it again.
pub fn forget_draft(name: &str) {
    SessionStorage::delete(key(name));
}
