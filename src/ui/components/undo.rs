//! The "deleted — Undo" bar shown for a few seconds after a delete.

use leptos::prelude::*;

use crate::ui::browser::keep_focus_near;
use crate::ui::state::use_app_state;

/// Where the bar shows, above the navigation: a live region always on the
/// page, so that what the bar says is announced. The bar's code is a part
/// of its own (`lazy::undo_bar`), fetched the first time it shows.
#[component]
pub fn UndoBar() -> impl IntoView {
    let state = use_app_state();
    let shown = Memo::new(move |_| state.undo.read().is_some());
    view! {
        <div class="undo-slot" role="status" aria-live="polite">
            {move || shown.get().then(crate::ui::lazy::undo_bar)}
        </div>
    }
}

/// The bar: what happened, and Undo (or OK for a notice).
#[component]
pub fn UndoContent() -> impl IntoView {
    let state = use_app_state();
    // The bar goes with the button that had focus: the screen's heading
    // takes it rather than the top of the page.
    let undo = move |ev: leptos::ev::MouseEvent| {
        keep_focus_near(&ev);
        state.take_undo();
    };
    view! {
            <Show when=move || state.undo.read().is_some()>
                <div class="undo-bar">
                    <span>{move || state.undo.read().as_ref().map(|u| u.message.clone())}</span>
                    {move || {
                        let can_undo = state.undo.read().as_ref().is_some_and(|u| u.action.is_some());
                        if can_undo {
                            view! { <button type="button" class="btn" on:click=undo>"Undo"</button> }.into_any()
                        } else {
                            view! { <button type="button" class="btn" on:click=move |ev| { keep_focus_near(&ev); state.undo.set(None) }>"OK"</button> }.into_any()
                        }
                    }}
                </div>
            </Show>
    }
}
