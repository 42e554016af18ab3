//! What a record's page shows once the record is gone.

use leptos::prelude::*;

use super::nav::back_link;

/// "Contact not found", why that can happen, and the way back to the list:
/// the record was deleted (here, in another window, or on another device
/// that synced), or the address never held one. `noun` is lower case
/// ("contact"); `list` is the list's address and `back` its link's text.
#[component]
pub fn Missing(noun: &'static str, list: &'static str, back: &'static str) -> impl IntoView {
    let mut title = noun.to_string();
    if let Some(first) = title.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    view! {
        {back_link(list.into(), back)}
        <h1>{format!("{title} not found")}</h1>
        <p>{format!("This {noun} is not in your notebook. It may have been deleted here, in another window or on another device.")}</p>
    }
}
