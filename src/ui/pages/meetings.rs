use leptos::prelude::*;

/// Planned and past information meetings.
#[component]
pub fn MeetingsPage() -> impl IntoView {
    view! {
        <h1>"Meetings"</h1>
        <section class="empty">
            <p>"No meetings yet."</p>
            <p>
                "An information meeting is 30 minutes with one person: your two-minute pitch, their story and advice, "
                "and who else you should talk to. Never a request for a job."
            </p>
        </section>
    }
}
