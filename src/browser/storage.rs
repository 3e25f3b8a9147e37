//! The storage port's browser side: [`LocalStore`], the page's `localStorage` through
//! gloo-storage. Values are read and written as raw strings (each owner serializes its own
//! envelope), so a value that is not ours can be copied aside byte for byte.

use gloo_storage::Storage as _;
use wasm_bindgen::JsValue;

use crate::store::{StorageError, Store};

/// `localStorage`, after checking it can be had: gloo's own accessor throws when storage is
/// blocked; this returns `Unavailable` instead.
#[derive(Debug, Clone, Copy, Default)]
pub struct LocalStore;

/// The one instance the app uses.
pub static LOCAL_STORE: LocalStore = LocalStore;

fn storage() -> Result<web_sys::Storage, StorageError> {
    match web_sys::window().map(|w| w.local_storage()) {
        Some(Ok(Some(_))) => Ok(gloo_storage::LocalStorage::raw()),
        _ => Err(StorageError::Unavailable),
    }
}

fn storage_error(e: JsValue) -> StorageError {
    let get = |k: &str| js_sys::Reflect::get(&e, &JsValue::from_str(k)).ok();
    let name = get("name").and_then(|v| v.as_string()).unwrap_or_default();
    let code = get("code").and_then(|v| v.as_f64());
    if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" || code == Some(22.0) {
        return StorageError::Full;
    }
    if name == "SecurityError" {
        return StorageError::Unavailable;
    }
    let message = get("message")
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    StorageError::Failed(
        [name, message]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(": "),
    )
}

impl Store for LocalStore {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        storage()?.get_item(key).map_err(storage_error)
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        storage()?.set_item(key, value).map_err(storage_error)
    }

    fn remove(&self, key: &str) -> Result<(), StorageError> {
        storage()?.remove_item(key).map_err(storage_error)
    }

    fn keys(&self) -> Result<Vec<String>, StorageError> {
        let s = storage()?;
        let n = s.length().map_err(storage_error)?;
        Ok((0..n).filter_map(|i| s.key(i).ok().flatten()).collect())
    }
}
