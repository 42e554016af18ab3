use leptos::prelude::*;

/// Rehearsing the pitch against a two-minute countdown.
#[component]
pub fn PracticePage() -> impl IntoView {
    view! { <h1>"Practice"</h1> }
}
