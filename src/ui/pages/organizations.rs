//! Target organizations (list C), ranked, with their people and ways in.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::domain::referrals::ways_in;
use crate::domain::{Id, Notebook, OrgStatus, Organization, number};
use crate::ui::browser::now_ms;
use crate::ui::components::chain::path_view;
use crate::ui::components::fields::{
    FormFooter, number_field, select_field, text_area, text_field,
};
use crate::ui::components::missing::{Missing, gone_from_edit};
use crate::ui::components::nav::RowLink;
use crate::ui::drafts::{draft_with_base, form_draft_name, typed_edit_address};
use crate::ui::forms::{RecordForm, RestoredNotice};
use crate::ui::id_param;
use crate::ui::state::use_app_state;

/// The ranked list of target organizations.
#[component]
pub fn OrganizationsPage() -> impl IntoView {
    let state = use_app_state();
    let add = use_navigate();
    let rows = Memo::new(move |_| state.notebook.with(|nb| nb.organization_rows()));
    view! {
        <div class="title-row">
            <h1>"Organizations"</h1>
            <A href="/contacts" attr:class="btn btn-quiet">"Contacts"</A>
        </div>
        <p class="hint">"The employers you want to work for, most wanted first."</p>
        <button type="button" class="btn" on:click=move |_| add("/organizations/new", NavigateOptions::default())>
            "Add organization"
        </button>
        <Show
            when=move || !rows.read().is_empty()
            fallback=|| view! { <p class="empty">"No target organizations yet. Name the places whose work, values or mission draw you."</p> }
        >
            <ul class="rows" aria-label="Organizations">
                <For
                    each=move || rows.get()
                    key=|row| row.clone()
                    children=move |row| view! {
                        <RowLink href=format!("/organizations/{}", row.id) title=row.name sub=row.sub>
                            <span class="rank"><span class="visually-hidden">"Priority "</span>{row.priority}</span>
                        </RowLink>
                    }
                />
            </ul>
        </Show>
    }
}

/// One organization: why it matters, its people and the ways in.
#[component]
pub fn OrganizationDetailPage() -> impl IntoView {
    let state = use_app_state();
    let id = id_param();
    let navigate = use_navigate();
    let view_for = move || {
        let id = id?;
        let nb = state.notebook.read();
        let org = nb.organization(id)?.clone();
        Some(organization_view(&nb, org, navigate.clone()))
    };
    view! {
        {move || view_for().unwrap_or_else(|| view! {
            <Missing
                noun="organization"
                list="/organizations"
                back="Back to organizations"
                typed=typed_edit_address("organization", "/organizations", id)
            />
        }.into_any())}
    }
}

fn organization_view(
    nb: &Notebook,
    org: Organization,
    navigate: impl Fn(&str, NavigateOptions) + Clone + 'static,
) -> AnyView {
    let state = use_app_state();
    let id = org.id;
    let name = org.name.clone();
    let delete = move |_| {
        let removed = state.apply(|nb| nb.delete_organization(id));
        if let Some(removed) = removed {
            state.offer_undo(format!("Deleted {name}."), removed);
            navigate("/organizations", NavigateOptions::default());
        }
    };
    let people: Vec<(Id, String, String, bool)> = nb
        .people_at(id)
        .into_iter()
        .map(|c| (c.id, c.name.clone(), c.role.clone(), c.decision_maker))
        .collect();
    let ways = ways_in(&nb.contacts, id);
    let ways_view = if ways.is_empty() {
        view! {
            <p class="empty">
                {format!("Nobody you know is connected to {} yet: ask your list B who knows someone there.", org.name)}
            </p>
        }
        .into_any()
    } else {
        view! {
            <ul class="plain ways">
                {ways.iter().map(|w| view! { <li>{path_view(nb, &w.path)}</li> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let web = crate::domain::contacts::safe_web_url(&org.website);
    view! {
        {crate::ui::components::nav::back_link("/organizations".into(), "Back to organizations")}
        <h1>{org.name.clone()}</h1>
        <p class="subtitle">{format!("Priority {} · {}", org.priority.max(1), org.status.label())}</p>
        <div class="stack">
            <A href=format!("/organizations/{id}/edit") attr:class="btn btn-quiet">"Edit"</A>
            <button type="button" class="btn btn-danger" on:click=delete>"Delete"</button>
        </div>
        <section class="card">
            <h2>"Ways in"</h2>
            {ways_view}
        </section>
        <section class="card">
            <h2>"People there"</h2>
            {if people.is_empty() {
                view! { <p class="empty">"No one yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain">
                        {people.into_iter().map(|(pid, pname, role, dm)| view! {
                            <li>
                                <A href=format!("/contacts/{pid}")>{pname}</A>
                                {(!role.is_empty()).then(|| format!(", {role}"))}
                                {dm.then(|| view! { " " <strong class="badge">"decision maker"</strong> })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        {(!org.why.is_empty()).then(|| view! { <section class="card"><h2>"Why it attracts me"</h2><p class="prewrap">{org.why.clone()}</p></section> })}
        {(!org.website.is_empty()).then(|| match web {
            Some(href) => view! { <p><a href=href rel="noopener noreferrer" target="_blank">{org.website.clone()}</a></p> }.into_any(),
            None => view! { <p>{org.website.clone()}</p> }.into_any(),
        })}
        {(!org.notes.is_empty()).then(|| view! { <section class="card"><h2>"Notes"</h2><p class="prewrap">{org.notes.clone()}</p></section> })}
    }
    .into_any()
}

/// Adds an organization.
#[component]
pub fn NewOrganizationPage() -> impl IntoView {
    let priority = use_app_state()
        .notebook
        .with_untracked(|nb| nb.organizations.len() as u32 + 1);
    view! {
        {crate::ui::components::nav::back_link("/organizations".into(), "Back to organizations")}
        <h1>"New organization"</h1>
        <OrganizationForm initial=Organization { priority, ..Organization::default() } />
    }
}

/// Edits an organization.
#[component]
pub fn EditOrganizationPage() -> impl IntoView {
    let state = use_app_state();
    let id = id_param();
    let initial = id.and_then(|id| state.notebook.read_untracked().organization(id).cloned());
    match initial {
        Some(o) => view! {
            {crate::ui::components::nav::back_link(format!("/organizations/{}", o.id), "Back to the organization")}
            <h1>"Edit organization"</h1>
            <OrganizationForm initial=o />
        }
        .into_any(),
        None => gone_from_edit(
            "organization",
            id,
            "organization",
            "/organizations",
            "Back to organizations",
            |o: Organization| view! { <OrganizationForm initial=o /> }.into_any(),
        ),
    }
}

/// Every field of an organization; saves a new one or changes one.
#[component]
fn OrganizationForm(initial: Organization) -> impl IntoView {
    // Kept for this tab so a reload does not lose what was typed.
    let name = form_draft_name("organization", initial.id);
    let (draft, _, base) = draft_with_base(name, initial);
    let form = RecordForm::new(draft, base);
    let save = form.on_submit(
        |nb, org| nb.add_organization(org, now_ms()),
        |nb, org| nb.update_organization(org, now_ms()),
        |id| format!("/organizations/{id}"),
    );
    view! {
        <form class="form" on:submit=save novalidate>
            <RestoredNotice />
            {text_field("Name", "text", move || draft.read().name.clone(), move |v| draft.update(|d| d.name = v))}
            {text_area("Why it attracts me", 3, move || draft.read().why.clone(), move |v| draft.update(|d| d.why = v))}
            {number_field(
                "Priority (1 = most wanted)",
                number::PRIORITY,
                false,
                move || Some(draft.read().priority.max(1)),
                move |p| {
                    if let Some(p) = p {
                        draft.update(|d| d.priority = p)
                    }
                },
            )}
            {select_field(
                "Status",
                || OrgStatus::ALL.iter().map(|s| (format!("{s:?}"), s.label().to_string())).collect(),
                move || format!("{:?}", draft.read().status),
                move |v| {
                    if let Some(s) = OrgStatus::ALL.iter().find(|s| format!("{s:?}") == v) {
                        draft.update(|d| d.status = *s)
                    }
                },
            )}
            {text_field("Website", "url", move || draft.read().website.clone(), move |v| draft.update(|d| d.website = v))}
            {text_area("Notes", 4, move || draft.read().notes.clone(), move |v| draft.update(|d| d.notes = v))}
            <FormFooter error=form.error />
        </form>
    }
}
