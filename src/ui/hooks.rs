//! Small reactive helpers in the style of leptos-use: each ties a browser
//! resource or a timer to the component that calls it.

use std::time::Duration;

use leptos::ev::Custom;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

use super::browser::{page_visible, release_wake_lock, request_wake_lock};

/// `f` run once calls pause for `delay`: every call restarts the wait, so a
/// burst of calls runs it once. A wait that outlives its component is
/// dropped.
pub fn use_debounce_fn(f: impl Fn() + Clone + 'static, delay: Duration) -> impl Fn() + Clone {
    let generation = StoredValue::new(0u64);
    move || {
        let Some(mine) = generation.try_get_value().map(|g| g + 1) else {
            return;
        };
        generation.set_value(mine);
        let f = f.clone();
        set_timeout(
            move || {
                if generation.try_get_value() == Some(mine) {
                    f();
                }
            },
            delay,
        );
    }
}

/// Keeps the screen on while the calling component is shown, asking again
/// whenever the page comes back (the browser drops the lock when hidden).
pub fn use_wake_lock() {
    let lock = StoredValue::new_local(None::<JsValue>);
    let wanted = StoredValue::new(true);
    let acquire = move || {
        spawn_local(async move {
            let Some(new) = request_wake_lock().await else {
                return;
            };
            // The component may have gone while the browser was deciding.
            if wanted.try_get_value() != Some(true) {
                release_wake_lock(&new);
            } else if let Some(Some(old)) = lock.try_update_value(|l| l.replace(new)) {
                release_wake_lock(&old);
            }
        });
    };
    acquire();
    let visibility = window_event_listener(
        Custom::<web_sys::Event>::new("visibilitychange"),
        move |_| {
            if page_visible() {
                acquire();
            }
        },
    );
    on_cleanup(move || {
        visibility.remove();
        wanted.set_value(false);
        if let Some(Some(held)) = lock.try_update_value(Option::take) {
            release_wake_lock(&held);
        }
    });
}

/// Whether the user asked the system for less motion, following changes.
pub fn use_prefers_reduced_motion() -> Signal<bool> {
    let query = web_sys::window()
        .and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok())
        .flatten();
    let reduced = RwSignal::new(query.as_ref().is_some_and(|q| q.matches()));
    if let Some(q) = query {
        let _ = leptos_use_event_listener::use_event_listener(
            q.clone(),
            leptos::ev::change,
            move |_| reduced.set(q.matches()),
        );
    }
    reduced.into()
}

/// Keyboard focus for a small form that opens in place of the button that
/// opens it: `field` (its first control, once drawn) takes focus as it
/// opens, and the button (`opener`, once drawn again) gets it back when the
/// form closes, if focus went with the form. `autofocus` would only work
/// the first time on a page.
pub fn use_focus_handover(
    field: impl Fn() -> Option<web_sys::HtmlElement> + Send + Sync + 'static,
    opener: impl Fn() -> Option<web_sys::HtmlElement> + Send + Sync + 'static,
) {
    let was_open = StoredValue::new(false);
    Effect::new(move |_| {
        if let Some(field) = field() {
            was_open.set_value(true);
            let _ = field.focus();
        }
    });
    Effect::new(move |_| {
        if let Some(opener) = opener()
            && was_open.get_value()
        {
            was_open.set_value(false);
            super::browser::refocus_if_dropped(opener);
        }
    });
}
