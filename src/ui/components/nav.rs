//! The bottom navigation bar.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::domain::route::leads_to;

/// The five main screens: address, name and icon outline.
const SCREENS: [(&str, &str, &str); 5] = [
    (
        "/",
        "Today",
        "M3 11l9-7 9 7v9a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1z",
    ),
    (
        "/contacts",
        "Contacts",
        "M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-7 10c0-4 3-6 7-6s7 2 7 6M17 11a3 3 0 1 0 0-6M22 21c0-3-2-5-5-5.5",
    ),
    (
        "/meetings",
        "Meetings",
        "M12 7v5l3 2M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20z",
    ),
    ("/pitch", "Pitch", "M4 5h16v11H8l-4 4zM8 9h8M8 12h5"),
    (
        "/data",
        "Data",
        "M4 6c0-2 16-2 16 0v12c0 2-16 2-16 0zM4 6c0 2 16 2 16 0M4 12c0 2 16 2 16 0",
    ),
];

/// Links to the five main screens, thumb-reachable at the bottom; the one
/// leading to the screen shown is marked as the current page.
///
/// Plain links: the router takes over clicks on any link to one of the
/// app's addresses, and its `<A>` weighed more in the first download than
/// marking the current one here.
#[component]
pub fn BottomNav() -> impl IntoView {
    let here = crate::ui::router::use_here();
    view! {
        <nav class="bottom-nav" aria-label="Main">
            {SCREENS.map(|(href, label, path)| {
                let current = move || {
                    here.with(|p| leads_to(href, p)).then_some("page")
                };
                view! {
                    <a href=href aria-current=current>
                        <NavIcon path=path />
                        <span>{label}</span>
                    </a>
                }
            }).collect_view()}
        </nav>
    }
}

/// A decorative line icon; the link text carries the name.
#[component]
fn NavIcon(path: &'static str) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d=path />
        </svg>
    }
}

/// "Back to …": an installed app has no browser back button.
pub fn back_link(href: String, label: &'static str) -> impl IntoView {
    view! {
        <p class="back-link-row">
            <A href=href attr:class="back-link">{format!("‹ {label}")}</A>
        </p>
    }
}

/// One row of a list, linking to the record: its title and a line under
/// it, after what `children` puts first (a list badge, a rank).
///
/// A plain link: the router takes over clicks on any link to one of the
/// app's addresses, and a row never points at the page it is on, so the
/// router's `<A>` (which also tracks the current address to mark itself)
/// would only add work to every row of a long list as it is drawn.
#[component]
pub fn RowLink(
    href: String,
    title: String,
    sub: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <li>
            <a href=href class="row">
                {children.map(|c| c())}
                <span class="row-text">
                    <span class="row-title">{title}</span>
                    <span class="row-sub">{sub}</span>
                </span>
            </a>
        </li>
    }
}
