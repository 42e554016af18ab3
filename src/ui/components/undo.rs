//! The "deleted — Undo" bar shown for a few seconds after a delete.

use leptos::prelude::*;

use crate::ui::browser::keep_focus_near;
use crate::ui::state::use_app_state;

/// The bar itself, above the navigation.
#[component]
pub fn UndoBar() -> impl IntoView {
    let state = use_app_state();
    // The bar goes with the button that had focus: the screen's heading
    // takes it rather than the top of the page.
    let undo = move |ev: leptos::ev::MouseEvent| {
        keep_focus_near(&ev);
        state.take_undo();
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
                            view! { <button type="button" class="btn" on:click=move |ev| { keep_focus_near(&ev); state.undo.set(None) }>"OK"</button> }.into_any()
                        }
                    }}
                </div>
            </Show>
        </div>
    }
}
