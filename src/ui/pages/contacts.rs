use leptos::prelude::*;

/// The user's network, by list.
#[component]
pub fn ContactsPage() -> impl IntoView {
    view! {
        <h1>"Contacts"</h1>
        <section class="empty">
            <p>"No contacts yet."</p>
        </section>
    }
}
