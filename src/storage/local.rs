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
    method(s, "getItem")?
        .call1(s, &JsValue::from_str(key))
        .map_err(classify)
}

/// `target[name]` as a function, to call with JavaScript values where the
/// typed bindings would convert them to Rust strings.
fn method(target: &JsValue, name: &str) -> Result<js_sys::Function, StoreError> {
    js_sys::Reflect::get(target, &JsValue::from_str(name))
        .map_err(classify)?
        .dyn_into()
        .map_err(classify)
}

/// Joins keys and values for the one trip into Rust that bulk reads make.
/// Rapport never writes it and JSON text never holds it raw; a key or value
/// that does hold it changes the count, and then everything is read one by
/// one instead.
const SEP: char = '\u{1}';

/// Every key, in one call rather than one per key. `None` when the quick
/// way cannot be trusted: `Object.keys` leaves out a key named like one of
/// `Storage`'s own members (`length`, `getItem`...), which the count shows.
fn bulk_keys(s: &web_sys::Storage) -> Option<Vec<String>> {
    let len = s.length().ok()? as usize;
    let keys = js_sys::Object::keys(s.as_ref());
    if keys.length() as usize != len {
        return None;
    }
    if len == 0 {
        return Some(Vec::new());
    }
    let joined = String::from(keys.join(&SEP.to_string()));
    let keys: Vec<String> = joined.split(SEP).map(str::to_string).collect();
    (keys.len() == len).then_some(keys)
}

/// Every key and value in two trips, or `false` (and nothing handed to `f`)
/// when the quick way cannot be trusted, as in [`bulk_keys`].
///
/// The values are fetched by mapping `getItem` over the keys inside the
/// browser, then joined: one string for the keys and one for the values
/// cross into Rust. `Object.entries` on the storage would build a pair
/// array per record for the garbage collector to clear, which with a
/// notebook of thousands of records took twice as long.
fn bulk_entries(
    store: &LocalStore,
    s: &web_sys::Storage,
    f: &mut dyn FnMut(&str, Result<&str, StoreError>),
) -> bool {
    let Ok(len) = s.length().map(|n| n as usize) else {
        return false;
    };
    let keys = js_sys::Object::keys(s.as_ref());
    if keys.length() as usize != len {
        return false;
    }
    if len == 0 {
        return true;
    }
    // A key removed meanwhile would read as empty text once joined: the
    // one-by-one way skips it instead.
    let Some(values) = map_get_item(s, &keys).filter(|v| !v.includes(&JsValue::NULL, 0)) else {
        return false;
    };
    let sep = SEP.to_string();
    let joined_keys = String::from(keys.join(&sep));
    let joined_values = String::from(values.join(&sep));
    let keys: Vec<&str> = joined_keys.split(SEP).collect();
    let values: Vec<&str> = joined_values.split(SEP).collect();
    if keys.len() != len || values.len() != len {
        return false;
    }
    for (key, value) in keys.into_iter().zip(values) {
        // As in `get`: only a U+FFFD can stand for a lone surrogate, and
        // then the value is read on its own to tell which it is.
        if value.contains('\u{FFFD}') {
            match store.get(key) {
                Ok(Some(v)) => f(key, Ok(&v)),
                Ok(None) => {}
                Err(e) => f(key, Err(e)),
            }
        } else {
            f(key, Ok(value));
        }
    }
    true
}

/// `keys.map(storage.getItem)`, run wholly inside the browser.
fn map_get_item(s: &web_sys::Storage, keys: &js_sys::Array) -> Option<js_sys::Array> {
    let get = method(s, "getItem").ok()?.bind0(s);
    method(keys, "map")
        .ok()?
        .call1(keys, &get)
        .ok()?
        .dyn_into()
        .ok()
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
        method(&s, "setItem")?
            .call2(&s, &JsValue::from_str(to), &value)
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
        if let Some(keys) = bulk_keys(&s) {
            return Ok(keys);
        }
        let len = s.length().map_err(classify)?;
        Ok((0..len).filter_map(|i| s.key(i).ok().flatten()).collect())
    }

    fn for_each_entry(
        &self,
        f: &mut dyn FnMut(&str, Result<&str, StoreError>),
    ) -> Result<(), StoreError> {
        let s = storage()?;
        if bulk_entries(self, &s, f) {
            return Ok(());
        }
        super::each_entry_by_key(self, f)
    }
}
