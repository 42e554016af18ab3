//! Meeting notes, in meeting mode and at the wrap-up alike: a local draft
//! saved shortly after typing stops, and at once whenever the page may be
//! about to go away.

use std::time::Duration;

use leptos::ev::Custom;
use leptos::prelude::*;

use crate::domain::records::{Record, join_texts};
use crate::domain::{Id, Meeting};
use crate::ui::browser::page_visible;
use crate::ui::hooks::use_debounce_fn;
use crate::ui::state::{AppState, use_app_state};

/// How long typing may pause before notes are saved.
const NOTES_SAVE_DELAY: Duration = Duration::from_millis(400);

/// The notes being typed, and the stored notes they started from.
#[derive(Clone, Copy)]
pub struct NotesDraft {
    state: AppState,
    id: Id,
    text: RwSignal<String>,
    base: StoredValue<String>,
    /// The meeting as last seen, to bring back if it is deleted elsewhere
    /// while notes are typed here.
    last: StoredValue<Option<Meeting>>,
}

impl NotesDraft {
    /// Writes the draft into the meeting if the user typed since `base`. An
    /// untouched draft never writes (it may be older than what another
    /// window saved); a draft typed over notes that changed elsewhere
    /// meanwhile is saved, and the other text is kept for the user to
    /// compare. Timers and page events may outlive the view; its signals
    /// then are gone and nothing is written.
    pub fn flush(&self) {
        let (Some(text), Some(started_from)) =
            (self.text.try_get_untracked(), self.base.try_get_value())
        else {
            return;
        };
        if text == started_from {
            return;
        }
        let stored = self
            .state
            .notebook
            .with_untracked(|nb| nb.meeting(self.id).cloned());
        let Some(stored) = stored else {
            // Deleted in another window or on another device while notes
            // were typed here: as with any edit, typing beats the delete,
            // and the meeting comes back with the notes.
            if let Some(Some(mut last)) = self.last.try_get_value() {
                last.notes = text.clone();
                self.state.update(|nb| nb.put_record(Record::Meeting(last)));
                self.base.set_value(text);
                self.state.notify(
                    "This meeting had been deleted in another window or on another device: your notes brought it back."
                        .into(),
                );
                self.state.save_now();
            }
            return;
        };
        let mut text = text;
        if stored.notes != started_from && stored.notes != text {
            let theirs = stored.notes.clone();
            let kept = self
                .state
                .keep_conflict(Record::Meeting(stored), vec!["notes".into()]);
            // With no room to keep the other window's notes aside, both
            // texts go into the notes, so that neither is lost.
            if kept.is_err() {
                text = join_texts(&text, &theirs);
                let _ = self.text.try_set(text.clone());
            }
        }
        self.state.update(|nb| nb.set_meeting_notes(self.id, &text));
        self.base.set_value(text);
        // Called when the page may be about to go: no waiting for the
        // usual pause before saving.
        self.state.save_now();
    }
}

/// The notes draft of meeting `id`, saved when the page is hidden or left,
/// and showing notes another window saved while nothing is typed here.
pub fn use_notes_draft(id: Id) -> NotesDraft {
    let state = use_app_state();
    let meeting = state.notebook.with_untracked(|nb| nb.meeting(id).cloned());
    let initial = meeting
        .as_ref()
        .map(|m| m.notes.clone())
        .unwrap_or_default();
    let draft = NotesDraft {
        state,
        id,
        text: RwSignal::new(initial.clone()),
        base: StoredValue::new(initial),
        last: StoredValue::new(meeting),
    };
    Effect::new(move || {
        let meeting = state.notebook.with(|nb| nb.meeting(id).cloned());
        let stored = meeting.as_ref().map(|m| m.notes.clone());
        if meeting.is_some() {
            draft.last.set_value(meeting);
        }
        let (Some(stored), Some(base)) = (stored, draft.base.try_get_value()) else {
            return;
        };
        if stored != base && draft.text.get_untracked() == base {
            draft.base.set_value(stored.clone());
            draft.text.set(stored);
        }
    });
    let visibility = window_event_listener(
        Custom::<web_sys::Event>::new("visibilitychange"),
        move |_| {
            if !page_visible() {
                draft.flush();
            }
        },
    );
    let pagehide = window_event_listener(Custom::<web_sys::Event>::new("pagehide"), move |_| {
        draft.flush()
    });
    on_cleanup(move || {
        draft.flush();
        visibility.remove();
        pagehide.remove();
    });
    draft
}

/// The notes box, saving shortly after typing stops.
#[component]
pub fn NotesField(
    draft: NotesDraft,
    #[prop(default = 8)] rows: u32,
    #[prop(default = "notes")] class: &'static str,
) -> impl IntoView {
    let save_soon = use_debounce_fn(move || draft.flush(), NOTES_SAVE_DELAY);
    view! {
        <label class="field">
            <span>"Notes"</span>
            <textarea
                class=class
                rows=rows
                prop:value=move || draft.text.get()
                on:input=move |ev| {
                    draft.text.set(event_target_value(&ev));
                    save_soon();
                }
            ></textarea>
        </label>
    }
}
