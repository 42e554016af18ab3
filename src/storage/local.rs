//! The browser's `localStorage`, reached through gloo-storage.

use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen::{JsCast, JsValue};

use super::{KeyValueStore, StoreError};

/// `window.localStorage` as a `KeyValueStore`.
#[derive(Clone, Copy, Debug, Default)]
pub struct LocalStore;

fn storage() -> Result<web_sys::Storage, StoreError> {
    // `raw()` panics when storage is blocked, so probe the window first.
    let window = web_sys::window().ok_or_else(|| StoreError::Unavailable("no window".into()))?;
    match window.local_storage() {
        Ok(Some(_)) => Ok(LocalStorage::raw()),
        Ok(None) => Err(StoreError::Unavailable("no localStorage".into())),
        Err(e) => Err(StoreError::Unavailable(describe(&e))),
    }
}

fn describe(e: &wasm_bindgen::JsValue) -> String {
    e.dyn_ref::<web_sys::DomException>()
        .map(|d| d.name())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

fn classify(e: wasm_bindgen::JsValue) -> StoreError {
    let name = describe(&e);
    // Browsers disagree on the name; Firefox used its own for years.
    if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" {
        StoreError::QuotaExceeded
    } else {
        StoreError::Unavailable(name)
    }
}

/// The stored value as the JavaScript string it is, so that text Rust
/// cannot hold (a lone UTF-16 surrogate) is neither altered nor lost.
fn get_raw(s: &web_sys::Storage, key: &str) -> Result<JsValue, StoreError> {
    let get: js_sys::Function = js_sys::Reflect::get(s, &JsValue::from_str("getItem"))
        .map_err(classify)?
        .dyn_into()
        .map_err(classify)?;
    get.call1(s, &JsValue::from_str(key)).map_err(classify)
}

impl KeyValueStore for LocalStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        let raw = get_raw(&storage()?, key)?;
        let Some(text) = raw.dyn_ref::<js_sys::JsString>() else {
            return Ok(None);
        };
        let value = text.as_string().unwrap_or_default();
        // Conversion turns a lone surrogate into U+FFFD; only then is the
        // slower check worth making, to tell it from a real U+FFFD.
        if value.contains('\u{FFFD}') && !text.is_valid_utf16() {
            return Err(StoreError::NotText);
        }
        Ok(Some(value))
    }

    fn copy(&self, from: &str, to: &str) -> Result<(), StoreError> {
        let s = storage()?;
        let value = get_raw(&s, from)?;
        let set: js_sys::Function = js_sys::Reflect::get(&s, &JsValue::from_str("setItem"))
            .map_err(classify)?
            .dyn_into()
            .map_err(classify)?;
        set.call2(&s, &JsValue::from_str(to), &value)
            .map_err(classify)?;
        if get_raw(&s, to)? == value {
            Ok(())
        } else {
            Err(StoreError::Unavailable("the copy did not read back".into()))
        }
    }

    fn same_value(&self, a: &str, b: &str) -> Result<bool, StoreError> {
        let s = storage()?;
        Ok(get_raw(&s, a)? == get_raw(&s, b)?)
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StoreError> {
        storage()?.set_item(key, value).map_err(classify)
    }

    fn remove(&self, key: &str) -> Result<(), StoreError> {
        storage()?.remove_item(key).map_err(classify)
    }

    fn keys(&self) -> Result<Vec<String>, StoreError> {
        let s = storage()?;
        let len = s.length().map_err(classify)?;
        Ok((0..len).filter_map(|i| s.key(i).ok().flatten()).collect())
    }
}
