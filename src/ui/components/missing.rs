//! What a record's page shows once the record is gone.

use leptos::prelude::*;
use leptos_router::components::A;
use serde::de::DeserializeOwned;

use super::nav::back_link;
use crate::domain::Id;
use crate::ui::drafts::typed_over_deleted;

/// "Contact not found", why that can happen, and the way back to the list:
/// the record was deleted (here, in another window, or on another device
/// that synced), or the address never held one. `noun` is lower case
/// ("contact"); `list` is the list's address and `back` its link's text.
/// `typed` is the address of the record's edit form when changes typed
/// there are kept, which saving can still bring back.
#[component]
pub fn Missing(
    noun: &'static str,
    list: &'static str,
    back: &'static str,
    #[prop(optional_no_strip)] typed: Option<String>,
) -> impl IntoView {
    let mut title = noun.to_string();
    if let Some(first) = title.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    view! {
        {back_link(list.into(), back)}
        <h1>{format!("{title} not found")}</h1>
        <p>{format!("This {noun} is not in your notebook. It may have been deleted here, in another window or on another device.")}</p>
        {typed.map(|href| view! {
            <p>"You had started changing it, and what you typed is kept."</p>
            <A href=href attr:class="btn">"Open what you typed"</A>
        })}
    }
}

/// What the edit page of record `id` of `kind` shows when the record is
/// not in the notebook: its form again (`form`), on what was typed in it,
/// if that is kept (the record was deleted elsewhere since, see
/// [`typed_over_deleted`]), saying so; else [`Missing`].
pub fn gone_from_edit<T: DeserializeOwned>(
    kind: &str,
    id: Option<Id>,
    noun: &'static str,
    list: &'static str,
    back: &'static str,
    form: impl FnOnce(T) -> AnyView,
) -> AnyView {
    match typed_over_deleted::<T>(kind, id) {
        Some(typed) => view! {
            {back_link(list.into(), back)}
            <h1>{format!("Edit {noun}")}</h1>
            {deleted_since(noun)}
            {form(typed)}
        }
        .into_any(),
        None => view! { <Missing noun=noun list=list back=back /> }.into_any(),
    }
}

/// Heads an edit form opened on a record deleted since the user typed in
/// it: saving brings the record back with the changes.
pub fn deleted_since(noun: &'static str) -> impl IntoView {
    view! {
        <section class="banner banner-warn" role="status">
            <p>{format!("This {noun} was deleted in another window or on another device after you typed here. Saving brings it back with your changes.")}</p>
        </section>
    }
}
