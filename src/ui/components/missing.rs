//! What a record's page shows once the record is gone.

use leptos::prelude::*;

/// "Contact not found", why that can happen, and the way back to the list:
/// the record was deleted here, in another window, or on another device
/// that synced. `noun` is lower case ("contact"); `list` is the list's
/// address and `list_name` its name ("contacts").
#[component]
pub fn Missing(noun: &'static str, list: &'static str, list_name: &'static str) -> impl IntoView {
    let mut title = noun.to_string();
    if let Some(first) = title.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    view! {
        <h1>{format!("{title} not found")}</h1>
        <p>{format!("This {noun} no longer exists. It may have been deleted in another window or on another device.")}</p>
        <p><a href=list>{format!("Back to {list_name}")}</a></p>
    }
}
