use leptos::prelude::*;
use leptos_router::components::A;

use crate::ui::state::use_app_state;

/// The home screen: what needs doing now.
#[component]
pub fn TodayPage() -> impl IntoView {
    let state = use_app_state();
    let contact_count = move || state.notebook.read().contacts.len();
    let has_contacts = move || contact_count() > 0;
    view! {
        <h1>"Today"</h1>
        <Show
            when=has_contacts
            fallback=|| {
                view! {
                    <section class="empty">
                        <p>"Your networking notebook is empty."</p>
                        <p>
                            "Start with the people you already know: family and friends (list A) and colleagues, "
                            "former bosses and mentors (list B). Each one can lead you to someone new."
                        </p>
                        <p>
                            <A href="/contacts" attr:class="btn">"Add your first contact"</A>
                        </p>
                    </section>
                }
            }
        >
            <p>{move || format!("{} people in your network.", contact_count())}</p>
        </Show>
    }
}
