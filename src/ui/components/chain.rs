//! A referral chain drawn as "You → Ana (A) → Ben (B) → Carla (C, Acme)".

use leptos::prelude::*;
use leptos_router::components::A;

use crate::domain::referrals::{ChainStep, chain_to};
use crate::domain::{Id, Notebook};

/// How the user came to know a contact.
pub fn chain_view(nb: &Notebook, id: Id) -> impl IntoView + use<> {
    let steps = chain_to(&nb.contacts, id);
    let items = steps
        .into_iter()
        .map(|step| match step {
            ChainStep::You => view! { <li class="chain-you">"You"</li> }.into_any(),
            ChainStep::Removed(_) => {
                view! { <li class="chain-gap">"removed contact"</li> }.into_any()
            }
            ChainStep::Cycle(_) => {
                view! { <li class="chain-gap">"(introductions loop back)"</li> }.into_any()
            }
            ChainStep::Contact(cid) => person_item(nb, cid).into_any(),
        })
        .collect_view();
    view! {
        <ol class="chain" aria-label="Referral chain">
            {items}
        </ol>
    }
}

/// A path of contacts, for ways into an organization.
pub fn path_view(nb: &Notebook, path: &[Id]) -> impl IntoView + use<> {
    let items = path.iter().map(|id| person_item(nb, *id)).collect_view();
    view! { <ol class="chain" aria-label="Way in">{items}</ol> }
}

fn person_item(nb: &Notebook, id: Id) -> impl IntoView + use<> {
    let Some(c) = nb.contact(id) else {
        return view! { <li class="chain-gap">"removed contact"</li> }.into_any();
    };
    let detail = match nb.organization_name(c) {
        Some(org) => format!("{}, {}", c.list.letter(), org),
        None => c.list.letter().to_string(),
    };
    let href = format!("/contacts/{id}");
    let name = c.name.clone();
    let dm = c.decision_maker;
    view! {
        <li class:decision-maker=dm>
            <A href=href>{name}</A>
            " ("
            {detail}
            ")"
            {dm.then(|| view! { <strong class="badge">" decision maker"</strong> })}
        </li>
    }
    .into_any()
}
