//! Thin wrappers over browser APIs the screens need.

use std::cell::RefCell;

use wasm_bindgen::{JsCast, JsValue};

/// The wall clock in milliseconds since the epoch.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// The path in the page's address (`/contacts/3`).
pub fn page_path() -> Option<String> {
    web_sys::window().and_then(|w| w.location().pathname().ok())
}

/// Whether the app was opened on Today, its home screen.
pub fn at_home() -> bool {
    page_path().is_some_and(|path| path == "/")
}

/// Marks a moment on the page's performance timeline, where the benchmark
/// and the browser's developer tools can see it.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// Offers `text` to the user as a file download.
pub fn download_text(filename: &str, mime: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(filename);
    anchor.click();
    // Let go of later, not at once: Safari on iOS starts reading the file
    // only after `click` has returned, and finds nothing if it is gone.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(60),
    );
    Ok(())
}

/// How a file left the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sent {
    Shared,
    Downloaded,
    /// The user closed the share sheet.
    Cancelled,
}

/// Offers a file through the phone's share sheet where the browser can
/// share files (Android Chrome, iOS Safari), else downloads it.
pub async fn share_or_download(filename: &str, mime: &str, text: &str) -> Result<Sent, JsValue> {
    if let Some(sent) = share_file(filename, mime, text).await {
        return Ok(sent);
    }
    download_text(filename, mime, text).map(|()| Sent::Downloaded)
}

/// `None` where sharing files is not possible, so the caller downloads.
async fn share_file(filename: &str, mime: &str, text: &str) -> Option<Sent> {
    let nav = web_sys::window()?.navigator();
    let method = |name: &str| -> Option<js_sys::Function> {
        js_sys::Reflect::get(&nav, &JsValue::from_str(name))
            .ok()?
            .dyn_into()
            .ok()
    };
    let (can_share, share) = (method("canShare")?, method("share")?);
    let options = web_sys::FilePropertyBag::new();
    options.set_type(mime);
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let file = web_sys::File::new_with_str_sequence_and_options(&parts, filename, &options).ok()?;
    let data = js_sys::Object::new();
    js_sys::Reflect::set(&data, &"files".into(), &js_sys::Array::of1(&file)).ok()?;
    js_sys::Reflect::set(&data, &"title".into(), &JsValue::from_str(filename)).ok()?;
    if !can_share
        .call1(&nav, &data)
        .ok()?
        .as_bool()
        .unwrap_or(false)
    {
        return None;
    }
    let promise: js_sys::Promise = share.call1(&nav, &data).ok()?.dyn_into().ok()?;
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(_) => Some(Sent::Shared),
        Err(e) => {
            let name = js_sys::Reflect::get(&e, &"name".into())
                .ok()
                .and_then(|n| n.as_string());
            // Any other refusal (no permission, no share target) falls back
            // to a download, so the backup is never lost.
            (name.as_deref() == Some("AbortError")).then_some(Sent::Cancelled)
        }
    }
}

/// Today's local date as `YYYY-MM-DD`, for file names.
pub fn local_date_stamp() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}

/// Asks the user to confirm; `false` when no dialog can be shown.
pub fn confirm(message: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(message).ok())
        .unwrap_or(false)
}

/// A timestamp as local date and time, e.g. "Mon 23 Nov 2026, 09:30".
pub fn format_local(ms: i64) -> String {
    crate::domain::calendar::long_day_time(ms, &BrowserZone)
}

/// The user's time zone as the browser reports it, daylight saving included.
#[derive(Clone, Copy, Debug, Default)]
pub struct BrowserZone;

impl crate::domain::calendar::Zone for BrowserZone {
    fn offset_minutes_at(&self, t: i64) -> i32 {
        // getTimezoneOffset counts minutes west of UTC.
        -(js_sys::Date::new(&JsValue::from_f64(t as f64)).get_timezone_offset() as i32)
    }
}

/// A short vibration where the device supports it; silently nothing elsewhere.
pub fn vibrate(ms: u32) {
    if let Some(w) = web_sys::window() {
        let nav = w.navigator();
        if js_sys::Reflect::has(&nav, &JsValue::from_str("vibrate")).unwrap_or(false) {
            let _ = nav.vibrate_with_duration(ms);
        }
    }
}

/// Asks the browser to keep the screen on. Resolves to the lock sentinel, or
/// `None` where the Screen Wake Lock API is missing or refuses.
pub async fn request_wake_lock() -> Option<JsValue> {
    let (wake_lock, request) = navigator_request("wakeLock")?;
    let promise: js_sys::Promise = request
        .call1(&wake_lock, &JsValue::from_str("screen"))
        .ok()?
        .dyn_into()
        .ok()?;
    wasm_bindgen_futures::JsFuture::from(promise).await.ok()
}

/// The navigator's `api` object (such as `wakeLock` or `locks`) and its
/// `request` method, where the browser has them. Read by name because
/// web-sys marks these APIs unstable.
pub fn navigator_request(api: &str) -> Option<(JsValue, js_sys::Function)> {
    let nav = web_sys::window()?.navigator();
    let object = js_sys::Reflect::get(&nav, &JsValue::from_str(api)).ok()?;
    if object.is_undefined() || object.is_null() {
        return None;
    }
    let request = js_sys::Reflect::get(&object, &JsValue::from_str("request"))
        .ok()?
        .dyn_into()
        .ok()?;
    Some((object, request))
}

/// Lets the screen sleep again.
pub fn release_wake_lock(sentinel: &JsValue) {
    if let Ok(release) = js_sys::Reflect::get(sentinel, &JsValue::from_str("release"))
        && let Ok(f) = release.dyn_into::<js_sys::Function>()
    {
        let _ = f.call0(sentinel);
    }
}

/// Resolves in a new task, once the browser has had a turn to draw and
/// take input. A message, not a zero-delay timer: a hidden tab holds its
/// timers back for a second or more.
pub async fn next_task() {
    let Ok(channel) = web_sys::MessageChannel::new() else {
        return;
    };
    let arrived = js_sys::Promise::new(&mut |resolve, _| {
        channel.port1().set_onmessage(Some(&resolve));
    });
    if channel.port2().post_message(&JsValue::NULL).is_ok() {
        let _ = wasm_bindgen_futures::JsFuture::from(arrived).await;
    }
}

/// Whether the page is currently visible.
pub fn page_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .map(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
        .unwrap_or(true)
}

/// `YYYY-MM-DDTHH:MM` in local time, as `<input type="datetime-local">` wants.
pub fn to_datetime_local(ms: i64) -> String {
    let d = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// Parses a `datetime-local` value as local time.
pub fn from_datetime_local(value: &str) -> Option<i64> {
    if value.is_empty() {
        return None;
    }
    let ms = js_sys::Date::new(&JsValue::from_str(value)).get_time();
    (!ms.is_nan()).then_some(ms as i64)
}

/// Today's date in the user's time zone.
pub fn today() -> chrono::NaiveDate {
    crate::domain::calendar::local_date(now_ms(), &BrowserZone)
}

/// Whether keyboard focus was lost: the element that had it left the page,
/// which puts a keyboard or screen-reader user back at the top.
fn focus_dropped(doc: &web_sys::Document) -> bool {
    match (doc.active_element(), doc.body()) {
        (Some(active), Some(body)) => active == *body.unchecked_ref::<web_sys::Element>(),
        (None, _) => true,
        _ => false,
    }
}

/// Moves focus to the first field of the form `ev` happened in: after a
/// control that goes away (such as "Start over"), rather than to the page.
pub fn focus_first_field(ev: &web_sys::Event) {
    let field = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("form").ok().flatten())
        .and_then(|form| {
            form.query_selector("input, select, textarea")
                .ok()
                .flatten()
        });
    if let Some(field) = field {
        focus_element(field);
    }
}

/// Focuses `el`, making it focusable first if it is a heading.
fn focus_element(el: web_sys::Element) {
    if !el
        .matches("a[href], button, input, select, textarea")
        .unwrap_or(false)
    {
        let _ = el.set_attribute("tabindex", "-1");
    }
    if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
}

/// Call from the handler of `ev` before a change that may remove its
/// control `origin` (a row's Done or Delete, a form that closes). If
/// `origin` had keyboard focus and the
/// change takes it away, focus moves to what took its place once the screen
/// is drawn: in the row now at the same place in the same list, the control
/// of the same kind ("Done: …" for "Done: …"), else the row's first one;
/// failing a row, the heading of the card, else of the screen. Lists may be
/// drawn anew, so rows are found again by place.
pub fn keep_focus_near(ev: &web_sys::Event) {
    let Some(origin) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    // A tap does not focus a button in every browser: focus then was never
    // here, and moving it would only scroll the page under the finger.
    if !had_focus(ev) {
        return;
    }
    let control = origin
        .closest("button, a[href], input, select")
        .ok()
        .flatten();
    let kind = control
        .and_then(|c| c.get_attribute("aria-label"))
        .and_then(|l| l.split_once(':').map(|(kind, _)| format!("{kind}:")));
    let row = origin.closest("li").ok().flatten();
    let list = row
        .as_ref()
        .and_then(|r| r.parent_element())
        .and_then(|l| l.get_attribute("aria-label"));
    let place = row.as_ref().map_or(0, |r| {
        std::iter::successors(r.previous_element_sibling(), |e| {
            e.previous_element_sibling()
        })
        .count()
    });
    let card = origin.closest(".card, section").ok().flatten();
    // The screen is drawn in microtasks: a new task sees it finished.
    wasm_bindgen_futures::spawn_local(async move {
        next_task().await;
        if !focus_dropped(&doc) {
            return;
        }
        let same_place = || {
            let label = list.as_ref()?;
            let lists = doc.query_selector_all("main ul[aria-label]").ok()?;
            let found = (0..lists.length())
                .filter_map(|i| lists.item(i)?.dyn_into::<web_sys::Element>().ok())
                .find(|l| l.get_attribute("aria-label").as_ref() == Some(label))?;
            let rows = found.children();
            rows.item((place as u32).min(rows.length().checked_sub(1)?))
        };
        let in_row = |row: web_sys::Element| {
            let same_kind = kind.as_ref().and_then(|kind| {
                let controls = row.query_selector_all("button[aria-label]").ok()?;
                (0..controls.length())
                    .filter_map(|i| controls.item(i)?.dyn_into::<web_sys::Element>().ok())
                    .find(|c| {
                        c.get_attribute("aria-label")
                            .is_some_and(|l| l.starts_with(kind.as_str()))
                    })
            });
            same_kind.or_else(|| {
                row.query_selector("button:not([disabled]), a[href], input, select, textarea")
                    .ok()
                    .flatten()
            })
        };
        let heading = || {
            card.as_ref()
                .filter(|c| c.is_connected())
                .and_then(|c| c.query_selector("h2, h1, legend").ok().flatten())
        };
        let target = row
            .filter(|r| r.is_connected())
            .or_else(same_place)
            .and_then(in_row)
            .or_else(heading);
        match target {
            Some(el) => focus_element(el),
            None => focus_main_heading(),
        }
    });
}

/// Once the screen is drawn again, focuses `el` if focus was lost meanwhile
/// (say, the form it opened has closed).
pub fn refocus_if_dropped(el: web_sys::HtmlElement) {
    // The screen is drawn in microtasks: a new task sees it finished.
    wasm_bindgen_futures::spawn_local(async move {
        next_task().await;
        let dropped = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|doc| focus_dropped(&doc));
        if dropped && el.is_connected() {
            let _ = el.focus();
        }
    });
}

/// Call from the handler of `ev`: once the screen is drawn again, focuses
/// the first element matching `selector` if focus was lost meanwhile (a
/// row that moved to another list, where [`keep_focus_near`]'s "same
/// place" is another row), or even if not, with `even_if_kept` (a panel
/// that opens after other controls). Nothing moves when the control of
/// `ev` did not have focus: a tap that does not focus it would only see
/// the page scroll under the finger.
pub fn focus_when_drawn(selector: String, ev: &web_sys::Event, even_if_kept: bool) {
    if !had_focus(ev) {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        next_task().await;
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        if (even_if_kept || focus_dropped(&doc))
            && let Ok(Some(el)) = doc.query_selector(&selector)
        {
            focus_element(el);
        }
    });
}

/// Whether keyboard focus is on the control `ev` happened on.
fn had_focus(ev: &web_sys::Event) -> bool {
    let origin = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    matches!((origin, active), (Some(o), Some(a)) if o.contains(Some(&a)))
}

/// Once the screen is drawn again, focuses its main heading if focus was
/// lost meanwhile: for a screen that changed in place under the user.
pub fn focus_heading_when_drawn() {
    wasm_bindgen_futures::spawn_local(async move {
        next_task().await;
        if web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|doc| focus_dropped(&doc))
        {
            focus_main_heading();
        }
    });
}

thread_local! {
    /// The address of the screen just left by going back, whose link on the
    /// screen returned to takes focus (see [`focus_main_heading`]).
    static RETURN_TO: RefCell<Option<String>> = const { RefCell::new(None) };
    /// The address the last Back or Forward landed on.
    static POPPED_TO: RefCell<Option<String>> = const { RefCell::new(None) };
    /// The addresses gone through to reach this screen, as far as Back
    /// would retrace them.
    static TRAIL: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Notes every Back and Forward with the address it lands on. Call before
/// the router starts: listeners run in the order they were added, so this
/// is known by the time the router changes the screen.
pub fn watch_history() {
    let _ = leptos::prelude::window_event_listener(leptos::ev::popstate, |_| {
        POPPED_TO.with(|p| *p.borrow_mut() = page_path());
    });
}

/// Notes a move from the screen at `from` to the one at `to`: if it was
/// Back, focus is to return to the link to `from` (see
/// [`focus_main_heading`]). Back is a traversal of history landing where
/// the last move came from; Forward, a link or a form goes on from there.
pub fn note_move(from: String, to: &str) {
    let popped = POPPED_TO.with(|p| p.borrow_mut().take_if(|p| p == to).is_some());
    let back = TRAIL.with(|trail| {
        let mut trail = trail.borrow_mut();
        let back = popped && trail.last().is_some_and(|last| last == to);
        if back {
            trail.pop();
        } else {
            trail.push(from.clone());
        }
        back
    });
    RETURN_TO.with(|r| *r.borrow_mut() = back.then_some(from));
}

/// The link in `main` to the screen just left by going back, if any.
fn link_back_to_left(doc: &web_sys::Document) -> Option<web_sys::Element> {
    let left = RETURN_TO.with(|r| r.borrow().clone())?;
    let links = doc.query_selector_all("main a[href]").ok()?;
    (0..links.length())
        .filter_map(|i| links.item(i)?.dyn_into::<web_sys::Element>().ok())
        .find(|a| a.get_attribute("href").as_deref() == Some(left.as_str()))
}

/// Moves focus to the screen's main heading, unless the screen has already
/// focused one of its own fields. A link to a part of a screen
/// (`/data#import`) moves focus to that part instead, which also brings it
/// into view; going back moves it to the link that led away, if the screen
/// has it.
pub fn focus_main_heading() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(doc) = window.document() else {
        return;
    };
    // A screen that put focus on a field itself (quick add's Name) keeps it:
    // the previous screen's elements are gone, so focus inside main was set
    // by the new one.
    if focus_in_main(&doc) {
        return;
    }
    let part = window
        .location()
        .hash()
        .ok()
        .and_then(|hash| doc.get_element_by_id(hash.strip_prefix('#')?))
        .filter(in_main);
    let target = part
        .or_else(|| link_back_to_left(&doc))
        .or_else(|| doc.query_selector("main h1").ok().flatten());
    if let Some(el) = target {
        focus_element(el);
    }
}

/// Focuses the screen's heading, unless focus is in `main` already: what
/// [`focus_main_heading`] does when it is not at hand (see
/// `lazy::focus_main_heading`).
pub fn focus_first_heading() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if !focus_in_main(&doc)
        && let Ok(Some(heading)) = doc.query_selector("main h1")
    {
        focus_element(heading);
    }
}

/// Whether `el` is part of the screen (`main`).
fn in_main(el: &web_sys::Element) -> bool {
    el.closest("main").ok().flatten().is_some()
}

/// Whether keyboard focus is on the screen (`main`).
fn focus_in_main(doc: &web_sys::Document) -> bool {
    doc.active_element().is_some_and(|el| in_main(&el))
}

/// Runs `f` just after the next paint: the frame callback runs just before
/// it, and the timer that callback sets, just after. For work the first
/// screen does not need, which would otherwise hold up its paint.
pub fn after_paint(f: impl FnOnce() + 'static) {
    leptos::prelude::request_animation_frame(move || {
        leptos::prelude::set_timeout(f, std::time::Duration::ZERO);
    });
}

/// 64 random bits from the browser's cryptographic generator, to seed ids.
pub fn random_seed() -> u64 {
    let mut bytes = [0u8; 8];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if filled {
        u64::from_le_bytes(bytes)
    } else {
        // Without the crypto API, time and Math.random still differ per tab.
        (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64 ^ (now_ms() as u64) << 11
    }
}

fn storage_manager() -> Option<web_sys::StorageManager> {
    let nav = web_sys::window()?.navigator();
    // Missing on insecure origins and older browsers.
    js_sys::Reflect::has(&nav, &JsValue::from_str("storage"))
        .ok()
        .filter(|has| *has)?;
    Some(nav.storage())
}

async fn bool_promise(promise: Result<js_sys::Promise, JsValue>) -> Option<bool> {
    let value = wasm_bindgen_futures::JsFuture::from(promise.ok()?)
        .await
        .ok()?;
    value.as_bool()
}

/// Asks the browser to keep Rapport's data even when space runs low.
pub async fn persist_storage() -> Option<bool> {
    bool_promise(storage_manager()?.persist()).await
}

/// Whether the browser has already promised to keep Rapport's data.
pub async fn storage_persisted() -> Option<bool> {
    bool_promise(storage_manager()?.persisted()).await
}

/// A `keydown` handler for a panel opened in place (a confirmation, a small
/// form): Escape runs `close`, as it closes such a panel anywhere else.
/// Where focus goes then is the panel's opener's business.
pub fn close_on_escape(close: impl Fn() + 'static) -> impl Fn(web_sys::KeyboardEvent) + 'static {
    move |ev| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            close();
        }
    }
}
