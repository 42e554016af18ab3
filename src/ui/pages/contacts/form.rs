//! The full contact form, for adding and editing.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::domain::contacts::{check_typed, email_looks_wrong, parse_tags, phone_looks_wrong};
use crate::domain::{Contact, Id, ListKind, number};
use crate::ui::browser::{from_datetime_local, now_ms, to_datetime_local};
use crate::ui::components::duplicates::duplicate_offer;
use crate::ui::components::fields::{
    FormError, FormFooter, Refusal, checked_field, number_field, refuse_invalid, select_field,
    text_area, text_field,
};
use crate::ui::components::missing::gone_from_edit;
use crate::ui::drafts::{draft_signal, form_draft_name, kept_base};
use crate::ui::forms::{RecordForm, RestoredNotice};
use crate::ui::state::use_app_state;

/// Adds a contact with every detail, starting from what quick add passed on.
#[component]
pub fn NewContactPage() -> impl IntoView {
    let query = crate::ui::query_param;
    let initial = Contact {
        name: query("name").unwrap_or_default(),
        list: query("list")
            .and_then(|l| ListKind::from_letter(&l))
            .unwrap_or(ListKind::A),
        ..Contact::default()
    };
    view! {
        {crate::ui::components::nav::back_link("/contacts".into(), "Back to contacts")}
        <h1>"New contact"</h1>
        <ContactForm initial=initial />
    }
}

/// Edits an existing contact.
#[component]
pub fn EditContactPage() -> impl IntoView {
    let state = use_app_state();
    let id = crate::ui::id_param();
    let initial = id.and_then(|id| state.notebook.read_untracked().contact(id).cloned());
    match initial {
        Some(c) => view! {
            {crate::ui::components::nav::back_link(format!("/contacts/{}", c.id), "Back to the contact")}
            <h1>"Edit contact"</h1>
            <ContactForm initial=c />
        }
        .into_any(),
        None => gone_from_edit("contact", id, "contact", "/contacts", "Back to contacts", |c: Contact| {
            view! { <ContactForm initial=c /> }.into_any()
        }),
    }
}

fn id_to_string(id: Option<Id>) -> String {
    id.map(|i| i.to_string()).unwrap_or_default()
}

/// Every field of a contact; saves and returns to the contact's page.
#[component]
fn ContactForm(initial: Contact) -> impl IntoView {
    let state = use_app_state();
    let navigate = use_navigate();
    let is_new = initial.id == 0;
    let own_id = initial.id;
    // Kept for this tab so a reload does not lose what was typed.
    // One draft for a new contact, whatever quick add passed in the
    // address: details typed after "More details" must come back by the
    // usual way in (Add contact, More details), not only by Back.
    let draft_name = if is_new {
        "contact.new".to_string()
    } else {
        form_draft_name("contact", own_id)
    };
    let (tags, tags_restored) = draft_signal(format!("{draft_name}.tags"), initial.tags.join(", "));
    // Saving applies only what the user changed here, over the contact as
    // it was when either draft was typed.
    let fresh = initial.clone();
    let (draft, restored) = draft_signal(draft_name.clone(), initial);
    // The name just typed in quick add is the person meant, over the one
    // a draft from before holds; the details typed then stay.
    if is_new
        && restored
        && !fresh.name.trim().is_empty()
        && draft.with_untracked(|d| d.name != fresh.name)
    {
        draft.update(|d| {
            d.name = fresh.name.clone();
            d.list = fresh.list;
        });
    }
    let base = kept_base(&draft_name, fresh, restored || tags_restored);
    let form = RecordForm::new(draft, base);
    let error = form.error;
    let duplicates = RwSignal::new(Vec::<Id>::new());
    let new_person = StoredValue::new(false);
    let form_ref = NodeRef::<leptos::html::Form>::new();

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if refuse_invalid(&ev) {
            error.set(Some(Refusal::CorrectFirst));
            return;
        }
        // Also when Enter saved before the field was left and checked.
        if let Err(e) = draft.with_untracked(|d| check_typed(&base.get_value(), d, now_ms())) {
            error.set(Some(e.into()));
            return;
        }
        // Someone already in the notebook is offered instead of a second record.
        if is_new && !new_person.get_value() {
            let found = draft.with_untracked(|d| {
                state
                    .notebook
                    .with_untracked(|nb| nb.possible_duplicates(&d.name, &d.email, None))
            });
            if !found.is_empty() {
                error.set(None);
                duplicates.set(found);
                return;
            }
        }
        let mut contact = draft.get_untracked();
        contact.tags = parse_tags(&tags.get_untracked());
        let saved = form.save(
            contact,
            |nb, c| nb.add_contact(c, now_ms()),
            |nb, c| nb.update_contact(c, now_ms()),
        );
        if let Some(id) = saved {
            // Quick add's "More details" led here: its name is saved now.
            if is_new {
                super::quick_add::forget_quick_add();
            }
            navigate(&format!("/contacts/{id}"), NavigateOptions::default());
        }
    };

    let open_existing = move |id: Id| {
        // Already there: nothing is left for quick add to keep.
        if is_new {
            super::quick_add::forget_quick_add();
        }
        use_navigate()(&format!("/contacts/{id}"), NavigateOptions::default());
    };
    let save_anyway = move || {
        new_person.set_value(true);
        duplicates.set(Vec::new());
        if let Some(form) = form_ref.get_untracked() {
            let _ = form.request_submit();
        }
    };

    view! {
        <form class="form" on:submit=save novalidate node_ref=form_ref>
            <RestoredNotice />
            {text_field("Name", "text", move || draft.read().name.clone(), move |v| draft.update(|d| d.name = v))}
            {select_field(
                "List",
                || ListKind::ALL.iter().map(|l| (l.letter().to_string(), l.label().to_string())).collect(),
                move || draft.read().list.letter().to_string(),
                move |v| {
                    if let Some(l) = ListKind::from_letter(&v) {
                        draft.update(|d| d.list = l)
                    }
                },
            )}
            <OrganizationField draft=draft />
            {text_field("Role", "text", move || draft.read().role.clone(), move |v| draft.update(|d| d.role = v))}
            <ReferrerField draft=draft own_id=own_id />
            {text_field("How we met", "text", move || draft.read().how_met.clone(), move |v| draft.update(|d| d.how_met = v))}
            {checked_field(
                "Email",
                "email",
                // The contact's address, not the user's own to fill in.
                "off",
                move || draft.read().email.clone(),
                move |v| draft.update(|d| d.email = v),
                |v| email_looks_wrong(v).then_some(crate::domain::Error::EmailLooksWrong),
            )}
            {checked_field(
                "Phone",
                "tel",
                "off",
                move || draft.read().phone.clone(),
                move |v| draft.update(|d| d.phone = v),
                |v| phone_looks_wrong(v).then_some(crate::domain::Error::PhoneLooksWrong),
            )}
            {text_field("LinkedIn or web page", "url", move || draft.read().url.clone(), move |v| draft.update(|d| d.url = v))}
            {text_field("Tags (separated by commas)", "text", move || tags.get(), move |v| tags.set(v))}
            {text_area("How I can help", 3, move || draft.read().how_i_can_help.clone(), move |v| draft.update(|d| d.how_i_can_help = v))}
            {text_area("Notes", 4, move || draft.read().notes.clone(), move |v| draft.update(|d| d.notes = v))}
            {number_field(
                "Remind me to keep in touch every … days (empty: never)",
                number::KEEP_IN_TOUCH_DAYS,
                true,
                move || draft.read().keep_in_touch_days,
                move |v| draft.update(|d| d.keep_in_touch_days = v),
            )}
            <Show when=move || draft.read().list == ListKind::C>
                <p class="hint">
                    "Today reminds you to keep in touch with lists A and B. Someone at a target "
                    "employer moves to list B once you know them; until then, plan a follow-up."
                </p>
            </Show>
            <label class="check">
                <input
                    type="checkbox"
                    prop:checked=move || draft.read().decision_maker
                    on:change=move |ev| draft.update(|d| d.decision_maker = event_target_checked(&ev))
                />
                <span>"Decision maker (can hire)"</span>
            </label>
            {duplicate_offer(duplicates, "Open", open_existing, save_anyway)}
            <FormFooter error=error />
        </form>
    }
}

/// The organization they work at, or a new one named on the spot.
#[component]
fn OrganizationField(draft: RwSignal<Contact>) -> impl IntoView {
    let state = use_app_state();
    let new_org = RwSignal::new(None::<String>);
    // Said in the box, about its own field, not under the contact's Save.
    let error = RwSignal::new(None::<Refusal>);
    let name_input = NodeRef::<leptos::html::Input>::new();
    let open_button = NodeRef::<leptos::html::Button>::new();
    crate::ui::hooks::use_focus_handover(
        move || name_input.get().map(Into::into),
        move || open_button.get().map(Into::into),
    );
    let new_org_box = NodeRef::<leptos::html::Div>::new();
    let add_org = move || {
        let name = new_org.get_untracked().unwrap_or_default();
        let result = state.apply(|nb| nb.add_organization_last(&name, now_ms()));
        match result {
            Ok(id) => {
                // Focus goes to the choice now holding it (the box comes
                // right after it), rather than back to "New organization".
                if let Some(choice) = new_org_box
                    .get_untracked()
                    .and_then(|b| b.previous_element_sibling())
                    .and_then(|label| label.query_selector("select").ok().flatten())
                    .and_then(|s| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(s).ok())
                {
                    crate::ui::browser::refocus_if_dropped(choice);
                }
                draft.update(|d| d.organization = Some(id));
                new_org.set(None);
                error.set(None);
            }
            Err(e) => error.set(Some(e.into())),
        }
    };

    let org_options = move || {
        let mut opts = vec![(String::new(), "None".to_string())];
        state.notebook.with(|nb| {
            opts.extend(
                nb.ranked_organizations()
                    .into_iter()
                    .map(|o| (o.id.to_string(), o.name.clone())),
            )
        });
        opts
    };

    view! {
            {select_field(
                "Organization",
                org_options,
                move || id_to_string(draft.read().organization),
                move |v| draft.update(|d| d.organization = v.parse().ok()),
            )}
            <Show
                when=move || new_org.read().is_some()
                fallback=move || view! {
                    <button type="button" class="btn btn-quiet" node_ref=open_button on:click=move |_| new_org.set(Some(String::new()))>"New organization"</button>
                }
            >
                <div
                    class="card quick-add"
                    role="group"
                    aria-label="New organization"
                    node_ref=new_org_box
                    on:keydown=crate::ui::browser::close_on_escape(move || {
                        new_org.set(None);
                        error.set(None);
                    })
                >
                    <label class="field">
                        <span>"New organization's name"</span>
                        <input
                            type="text"
                            autocomplete="off"
                            node_ref=name_input
                            prop:value=move || new_org.get().unwrap_or_default()
                            on:input=move |ev| new_org.set(Some(event_target_value(&ev)))
                            // The phone's Go key adds the organization; it
                            // would otherwise save the whole contact form.
                            on:keydown=move |ev| {
                                if ev.key() == "Enter" {
                                    ev.prevent_default();
                                    add_org();
                                }
                            }
                        />
                    </label>
                    <FormError error=error />
                    <div class="stack">
                        <button type="button" class="btn" on:click=move |_| add_org()>"Add organization"</button>
                        <button type="button" class="btn btn-quiet" on:click=move |_| { new_org.set(None); error.set(None); }>"Cancel"</button>
                    </div>
                </div>
            </Show>
    }
}

/// Who introduced them, and when.
#[component]
fn ReferrerField(draft: RwSignal<Contact>, own_id: Id) -> impl IntoView {
    let state = use_app_state();
    let referrer_options = move || {
        let mut opts = vec![(String::new(), "Nobody: I know them directly".to_string())];
        state.notebook.with(|nb| {
            let people = nb.contacts_by_name().into_iter().filter(|c| c.id != own_id);
            opts.extend(people.map(|c| {
                (
                    c.id.to_string(),
                    format!("{} ({})", c.name, c.list.letter()),
                )
            }));
        });
        opts
    };

    view! {
            {select_field(
                "Referred by",
                referrer_options,
                move || id_to_string(draft.read().referred_by),
                move |v| draft.update(|d| d.referred_by = v.parse().ok()),
            )}
            // Only an introduction with a known day counts towards the
            // week's referrals: typing in an old one adds nothing.
            <Show when=move || draft.read().referred_by.is_some()>
                {text_field(
                    "Introduced on (optional)",
                    "date",
                    move || draft.read().referred_at.map(|t| to_datetime_local(t)[..10].to_string()).unwrap_or_default(),
                    move |v| draft.update(|d| d.referred_at = from_datetime_local(&format!("{v}T12:00"))),
                )}
            </Show>
    }
}
