//! Drafts of half-filled forms, kept in this tab's session storage so a
//! reload (or the phone dropping the page) loses nothing typed.

use gloo_storage::{SessionStorage, Storage};
use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

fn key(name: &str) -> String {
    format!("rapport.draft.{name}")
}

/// A form's state that starts from a saved draft when there is one, else
/// from `initial`, and is written back on every change.
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
    // Leaving the form inside the app (saved, or abandoned on purpose) ends
    // the draft; a reload never gets here, so the draft survives it.
    let on_leave = storage_key.clone();
    on_cleanup(move || SessionStorage::delete(&on_leave));
    Effect::new(move |_| {
        let value = signal.get();
        if value == initial {
            SessionStorage::delete(&storage_key);
        } else {
            // Full storage only costs the draft; the form still works.
            let _ = SessionStorage::set(&storage_key, &value);
        }
    });
    (signal, was_restored)
}

/// A form's draft, as `draft_signal`, and the version of the record it
/// started from: saving lays only what the form changed over the record as
/// it is then. A draft brought back after a reload keeps its own base.
pub fn draft_with_base<T>(name: String, initial: T) -> (RwSignal<T>, bool, StoredValue<T>)
where
    T: Serialize + DeserializeOwned + Clone + PartialEq + Send + Sync + 'static,
{
    let base_key = key(&format!("{name}.base"));
    let stored_base = SessionStorage::get::<T>(&base_key).ok();
    let fresh_base = initial.clone();
    let (draft, restored) = draft_signal(name, initial);
    let base = stored_base.filter(|_| restored).unwrap_or(fresh_base);
    let _ = SessionStorage::set(&base_key, &base);
    on_cleanup(move || SessionStorage::delete(&base_key));
    (draft, restored, StoredValue::new(base))
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
