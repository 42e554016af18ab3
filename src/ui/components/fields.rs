//! Labelled form fields bound to a closure pair, so every control has a
//! visible, accessible name.

use leptos::prelude::*;

/// A labelled single-line input.
pub fn text_field(
    label: &'static str,
    input_type: &'static str,
    get: impl Fn() -> String + Send + Sync + 'static,
    set: impl Fn(String) + 'static,
) -> impl IntoView {
    input_field(label, input_type, "off", get, set)
}

/// A labelled single-line input; `autocomplete` names what the browser may
/// fill in (`username`, `url`...), and such fields are never capitalised by
/// phone keyboards, since addresses and user names are exact.
pub fn input_field(
    label: &'static str,
    input_type: &'static str,
    autocomplete: &'static str,
    get: impl Fn() -> String + Send + Sync + 'static,
    set: impl Fn(String) + 'static,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <input
                type=input_type
                prop:value=get
                on:input=move |ev| set(event_target_value(&ev))
                autocomplete=autocomplete
                autocapitalize=(autocomplete != "off").then_some("off")
            />
        </label>
    }
}

/// A labelled whole number within `range`; empty reads as `None` when
/// `optional`. What cannot be read is kept as typed and explained under the
/// field, and `set` hears only numbers it can take, once the field is left,
/// so the record keeps its last good value (and a form with such a field
/// refuses to save, see [`refuse_invalid`]).
pub fn number_field(
    label: &'static str,
    range: std::ops::RangeInclusive<u32>,
    optional: bool,
    get: impl Fn() -> Option<u32> + Send + Sync + 'static,
    set: impl Fn(Option<u32>) + 'static,
) -> impl IntoView {
    use crate::domain::number::parse_whole;
    let help = next_field_id();
    // What was typed, while it differs from the value (an error, or being
    // cleared to type another number).
    let typed = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let value = Memo::new(move |_| get());
    // A value set from elsewhere (a reset, another tab) replaces a number
    // this field could not take; a number it took leaves the typing alone.
    Effect::new(move |seen: Option<Option<u32>>| {
        let now = value.get();
        if seen.is_some_and(|s| s != now) && error.read_untracked().is_some() {
            typed.set(None);
            error.set(None);
        }
        now
    });
    let range_kept = range.clone();
    view! {
        <label class="field">
            <span>{label}</span>
            // Text, not `type="number"`: a number input hands over "" for
            // letters or a lone "-", which would read as a cleared field.
            <input
                type="text"
                inputmode="numeric"
                pattern="[0-9]*"
                autocomplete="off"
                aria-invalid=move || error.read().is_some().then_some("true")
                aria-describedby=help.clone()
                prop:value=move || typed.get().unwrap_or_else(|| value.get().map(|n| n.to_string()).unwrap_or_default())
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    error.set(parse_whole(&text, &range, optional).err().map(|e| e.to_string()));
                    typed.set(Some(text));
                }
                // Kept when the field is left, not at each key: on the way
                // to "100" the goal would otherwise be stored as 1, then 10.
                on:change=move |ev| {
                    if let Ok(n) = parse_whole(&event_target_value(&ev), &range_kept, optional) {
                        set(n);
                        typed.set(None);
                    }
                }
            />
        </label>
        <p id=help class="error" hidden=move || error.read().is_none()>{move || error.get()}</p>
    }
}

/// What a form says when fields hold what they cannot take: worded for one
/// marked field or several.
pub const CORRECT_FIRST: &str = "Correct what is marked before saving.";

/// Why a form was refused, as [`FormError`] shows it.
#[derive(Clone, Debug, PartialEq)]
pub enum Refusal {
    /// A rule of the notebook: the field it is about is marked and focused.
    Rule(crate::domain::Error),
    /// A field holds what it cannot take; its mark stands until changed.
    CorrectFirst,
    /// Anything else, such as storage that is full, said as it is.
    Said(String),
    /// Words about the field labelled `field`, which is marked and focused
    /// as for a rule.
    At { field: &'static str, why: String },
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Rule(e) => e.fmt(f),
            Refusal::CorrectFirst => f.write_str(CORRECT_FIRST),
            Refusal::Said(why) | Refusal::At { why, .. } => f.write_str(why),
        }
    }
}

impl From<crate::domain::Error> for Refusal {
    fn from(e: crate::domain::Error) -> Self {
        Refusal::Rule(e)
    }
}

impl From<String> for Refusal {
    fn from(why: String) -> Self {
        Refusal::Said(why)
    }
}

/// True when the submitted form has a field holding what it cannot take
/// (see [`number_field`]); focus moves there, and the form should not save,
/// since the record still has that field's last good value.
pub fn refuse_invalid(ev: &leptos::ev::SubmitEvent) -> bool {
    use wasm_bindgen::JsCast;
    let invalid = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        // A field marked by the last refusal of a rule is not refused for
        // that again: the fix may have gone into another field the rule is
        // about (an earlier pitch end rather than a later referrals minute).
        .and_then(|form| {
            form.query_selector("[aria-invalid=true]:not([data-refused])")
                .ok()
                .flatten()
        })
        .and_then(|field| field.dyn_into::<web_sys::HtmlElement>().ok());
    invalid.map(|field| field.focus()).is_some()
}

/// A labelled single-line input whose text `check` looks over once the
/// user leaves the field (not at each key, while an address is half
/// typed). What is wrong shows under the field; the text stays as typed.
pub fn checked_field(
    label: &'static str,
    input_type: &'static str,
    autocomplete: &'static str,
    get: impl Fn() -> String + Send + Sync + 'static,
    set: impl Fn(String) + 'static,
    check: fn(&str) -> Option<crate::domain::Error>,
) -> impl IntoView {
    let help = next_field_id();
    let error = RwSignal::new(None::<String>);
    view! {
        <label class="field">
            <span>{label}</span>
            <input
                type=input_type
                autocomplete=autocomplete
                autocapitalize="off"
                aria-invalid=move || error.read().is_some().then_some("true")
                aria-describedby=help.clone()
                prop:value=get
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    // Put right as it is typed: the message goes at once.
                    if error.read_untracked().is_some() && check(&text).is_none() {
                        error.set(None);
                    }
                    set(text);
                }
                on:change=move |ev| error.set(check(&event_target_value(&ev)).map(|e| e.to_string()))
            />
        </label>
        <p id=help class="error" hidden=move || error.read().is_none()>{move || error.get()}</p>
    }
}

/// A fresh id for the message under a field.
pub fn next_field_id() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static FIELDS: AtomicU32 = AtomicU32::new(0);
    format!("field-help-{}", FIELDS.fetch_add(1, Ordering::Relaxed))
}

/// A labelled multi-line input.
pub fn text_area(
    label: &'static str,
    rows: u32,
    get: impl Fn() -> String + Send + Sync + 'static,
    set: impl Fn(String) + 'static,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <textarea rows=rows prop:value=get on:input=move |ev| set(event_target_value(&ev))></textarea>
        </label>
    }
}

/// A labelled select from `(value, label)` options.
pub fn select_field(
    label: &'static str,
    options: impl Fn() -> Vec<(String, String)> + Send + Sync + 'static,
    get: impl Fn() -> String + Send + Sync + Clone + 'static,
    set: impl Fn(String) + 'static,
) -> impl IntoView {
    let selected = get.clone();
    view! {
        <label class="field">
            <span>{label}</span>
            <select prop:value=get on:change=move |ev| set(event_target_value(&ev))>
                {move || {
                    let current = selected();
                    options()
                        .into_iter()
                        .map(|(value, text)| {
                            let is = value == current;
                            view! { <option value=value selected=is>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </label>
    }
}

/// A labelled choice of one contact, by name, with a first "none" option.
pub fn contact_picker(
    label: &'static str,
    none_label: &'static str,
    get: impl Fn() -> Option<crate::domain::Id> + Send + Sync + Copy + 'static,
    set: impl Fn(Option<crate::domain::Id>) + 'static,
) -> impl IntoView {
    let state = crate::ui::state::use_app_state();
    let contacts = move || {
        state.notebook.with(|nb| {
            nb.contacts_by_name()
                .into_iter()
                .map(|c| (c.id, format!("{} ({})", c.name, c.list.letter())))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <label class="field">
            <span>{label}</span>
            <select on:change=move |ev| set(event_target_value(&ev).parse().ok())>
                <option value="" selected=move || get().is_none()>{none_label}</option>
                {move || {
                    contacts()
                        .into_iter()
                        .map(|(id, name)| {
                            view! {
                                <option value=id.to_string() selected=move || get() == Some(id)>
                                    {name}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
        </label>
    }
}

/// Why the form was refused, announced as it appears. When a rule of the
/// notebook refused it, the field that rule is about is marked invalid,
/// described by the message repeated under it, and focused, so the user
/// lands where the fix goes rather than on Save, and on a long form sees
/// why there too.
#[component]
pub fn FormError(error: RwSignal<Option<Refusal>>) -> impl IntoView {
    let id = next_field_id();
    let message = NodeRef::<leptos::html::P>::new();
    let marked = StoredValue::new_local(None::<web_sys::Element>);
    // The message repeated under the marked field.
    let near_id = format!("{id}-field");
    // Runs again once the message is in the page.
    Effect::new(move |_| {
        let fields: &[&'static str] = match &*error.read() {
            Some(Refusal::Rule(rule)) => rule.fields(),
            Some(Refusal::At { field, .. }) => &[*field],
            // "Correct what is marked" is about the marks standing: they
            // go when their field changes.
            Some(Refusal::CorrectFirst) => return,
            _ => &[],
        };
        let shown = message.get();
        if let Some(field) = marked.try_update_value(Option::take).flatten() {
            unmark(&field, &near_id);
        }
        let Some(shown) = shown.filter(|_| !fields.is_empty()) else {
            return;
        };
        let Some(field) = field_for(&shown, fields) else {
            return;
        };
        // A field that explains itself (an email checked as typed) keeps
        // its own message while it shows one.
        if !own_message_shown(&field)
            && let Some(label) = field.closest("label").ok().flatten()
            && let Ok(near) = document().create_element("p")
        {
            // After the label, not in it, where it would join the field's
            // name; not announced as it appears: the message by Save is.
            near.set_text_content(shown.text_content().as_deref());
            let _ = near.set_attribute("id", &near_id);
            let _ = near.set_attribute("class", "error field-error");
            let _ = label.after_with_node_1(&near);
            let _ = field.set_attribute("aria-invalid", "true");
            let _ = field.set_attribute("data-refused", "");
            let described = match field.get_attribute("aria-describedby") {
                Some(own) => format!("{own} {near_id}"),
                None => near_id.clone(),
            };
            let _ = field.set_attribute("aria-describedby", &described);
            unmark_when_changed(&field, error, near_id.clone());
            marked.set_value(Some(field.clone().into()));
        }
        let _ = field.focus();
    });
    view! {
        <Show when=move || error.read().is_some()>
            <p id=id.clone() node_ref=message class="error" role="alert">
                {move || error.read().as_ref().map(ToString::to_string)}
            </p>
        </Show>
    }
}

/// Takes the marks of a refusal off `field`, and the message under it. The
/// field's own message, if it has one, stays as the field has it.
fn unmark(field: &web_sys::Element, near_id: &str) {
    // Found by id, not by place or by the field: a form drawn anew keeps
    // the message where it was, and may have given the field other
    // attributes.
    if let Some(near) = document().get_element_by_id(near_id) {
        near.remove();
    }
    if !field.has_attribute("data-refused") {
        return;
    }
    let _ = field.remove_attribute("data-refused");
    let described = field.get_attribute("aria-describedby").unwrap_or_default();
    let own: Vec<&str> = described
        .split_whitespace()
        .filter(|id| *id != near_id)
        .collect();
    if own.is_empty() {
        let _ = field.remove_attribute("aria-describedby");
    } else {
        let _ = field.set_attribute("aria-describedby", &own.join(" "));
    }
    if !own_message_shown(field) {
        let _ = field.remove_attribute("aria-invalid");
    }
}

/// Whether the field shows a message of its own (see [`number_field`]).
fn own_message_shown(field: &web_sys::Element) -> bool {
    field
        .get_attribute("aria-describedby")
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|id| document().get_element_by_id(id))
        .any(|own| {
            !own.matches(".field-error").unwrap_or(false)
                && !own.has_attribute("hidden")
                && own.text_content().is_some_and(|t| !t.trim().is_empty())
        })
}

/// Takes the marks of a refusal off `field`, and the form's message about
/// it, as soon as the user changes it: it may be right now, and a field
/// still marked would be the one a later refusal of another field sends
/// the user to.
fn unmark_when_changed(
    field: &web_sys::HtmlElement,
    error: RwSignal<Option<Refusal>>,
    near_id: String,
) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let said = error.get_untracked();
    // The field is found from the event, so that the closure holds on to
    // no element of a form that may be gone.
    let unmark = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        if let Some(target) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            unmark(&target, &near_id);
        }
        // The message about it goes too (or "correct the marked field"),
        // unless another has replaced it, or the form is gone.
        let about_it = |now: &Option<Refusal>| *now == said || *now == Some(Refusal::CorrectFirst);
        if error.try_with_untracked(about_it) == Some(true) {
            error.set(None);
        }
    });
    let options = web_sys::AddEventListenerOptions::new();
    options.set_once(true);
    for kind in ["input", "change"] {
        let _ = field.add_event_listener_with_callback_and_add_event_listener_options(
            kind,
            unmark.as_ref().unchecked_ref(),
            &options,
        );
    }
    // Kept for as long as the page: a few bytes per refusal.
    unmark.forget();
}

/// The control labelled with one of `labels` nearest to `message`: in the
/// smallest part of its form around the message that has one (a box of
/// its own, such as a new organization's, before the whole form).
fn field_for(message: &web_sys::Element, labels: &[&str]) -> Option<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    let form = message.closest("form").ok()??;
    let named = |within: &web_sys::Element| {
        let fields = within.query_selector_all("label.field").ok()?;
        labels.iter().find_map(|wanted| {
            (0..fields.length()).find_map(|i| {
                let label = fields.item(i)?.dyn_into::<web_sys::Element>().ok()?;
                let name = label.query_selector("span").ok()??.text_content()?;
                (name.trim() == *wanted).then_some(label)
            })
        })
    };
    let label = std::iter::successors(message.parent_element(), |e| {
        (*e != form).then(|| e.parent_element()).flatten()
    })
    .find_map(|around| named(&around))?;
    label
        .query_selector("input, select, textarea")
        .ok()??
        .dyn_into()
        .ok()
}

/// The end of an edit form: why it was refused, if it was, and Save.
#[component]
pub fn FormFooter(error: RwSignal<Option<Refusal>>) -> impl IntoView {
    view! {
        <FormError error=error />
        <button type="submit" class="btn">"Save"</button>
    }
}

/// The list a new person goes on, A, B or C.
#[component]
pub fn ListSelect(list: RwSignal<crate::domain::ListKind>) -> impl IntoView {
    use crate::domain::ListKind;
    view! {
        <label class="field">
            <span>"List"</span>
            <select
                prop:value=move || list.get().letter()
                on:change=move |ev| {
                    if let Some(l) = ListKind::from_letter(&event_target_value(&ev)) {
                        list.set(l);
                    }
                }
            >
                {ListKind::ALL
                    .iter()
                    .map(|l| view! { <option value=l.letter() selected=move || list.get() == *l>{l.label()}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}
