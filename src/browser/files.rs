//! Files picked or dropped: [`FileHandle`] wraps the browser's `File`, so screens never
//! name a browser type.

use wasm_bindgen::{JsCast, JsValue};

/// A file the person picked or dropped.
#[derive(Clone, Debug)]
pub struct FileHandle(web_sys::File);

impl FileHandle {
    pub fn name(&self) -> String {
        self.0.name()
    }

    /// Its size in bytes (checked against the limits before reading).
    pub fn size(&self) -> usize {
        self.0.size() as usize
    }

    /// Its MIME type as the browser guessed it ("" when unknown).
    pub fn mime(&self) -> String {
        self.0.type_()
    }

    /// Reads its bytes.
    pub async fn read(&self) -> Result<Vec<u8>, String> {
        read_file(&self.0).await
    }

    /// Reads it as UTF-8 text.
    pub async fn read_text(&self) -> Result<String, String> {
        String::from_utf8(self.read().await?).map_err(|_| "it is not UTF-8 text".to_string())
    }
}

/// Reads a file's bytes. (Not `Blob::text()`: it replaces invalid UTF-8 silently, and the
/// start screen must say when a file is not UTF-8.)
async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| {
            js_sys::Reflect::get(&e, &JsValue::from_str("message"))
                .ok()
                .and_then(|m| m.as_string())
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| "the browser could not read it".into())
        })?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

fn files(list: Option<web_sys::FileList>) -> Vec<FileHandle> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length())
        .filter_map(|i| list.get(i))
        .map(FileHandle)
        .collect()
}

/// The files chosen in the `<input type=file>` an event came from. Clears the input, so
/// choosing the same file again is a change too.
pub fn take_input_files(ev: &web_sys::Event) -> Vec<FileHandle> {
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let chosen = files(input.files());
    input.set_value("");
    chosen
}

/// True when a drag carries files (not text or a link).
pub(super) fn drag_has_files(ev: &web_sys::DragEvent) -> bool {
    ev.data_transfer().is_some_and(|dt| {
        dt.types()
            .iter()
            .any(|t| t.as_string().as_deref() == Some("Files"))
    })
}

/// Shows the copy cursor while a file is dragged over the page.
pub(super) fn set_drop_effect_copy(ev: &web_sys::DragEvent) {
    if let Some(dt) = ev.data_transfer() {
        dt.set_drop_effect("copy");
    }
}

/// The files dropped.
pub(super) fn dropped_files(ev: &web_sys::DragEvent) -> Vec<FileHandle> {
    files(ev.data_transfer().and_then(|dt| dt.files()))
}
