use leptos::prelude::*;

/// Shown for any address the app does not know.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <h1>"Page not found"</h1>
        <p>"There is nothing at this address in Rapport."</p>
        <p>
            <a href="/">"Go to Today"</a>
        </p>
    }
}
