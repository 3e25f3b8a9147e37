//! The one stored and shared form: a JSON envelope `{"format": …, "version": …, "<body>": …}`,
//! written by [`envelope`] and read by [`read_envelope`], which checks the format and version
//! first so a foreign or newer value gets a clear message. Drafts, the drafts index, backups,
//! shared drafts and the template library all use it.

use crate::ReadError;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The version this code writes of each format, and the newest it reads.
pub const VERSION: u32 = 1;

/// `{"format":…,"version":…,"<field>":…}`. Written by hand around the body's JSON (the
/// format and field names are constants), which keeps `serde_json::Value` out of the
/// WebAssembly build.
pub(crate) fn envelope<T: Serialize>(format: &str, field: &str, body: &T) -> String {
    let body = serde_json::to_string(body).unwrap_or_else(|_| "null".into());
    format!(r#"{{"format":"{format}","version":{VERSION},"{field}":{body}}}"#)
}

/// The envelope's head: read first, so foreign or newer data gets a message of its own.
#[derive(Deserialize)]
struct Head {
    format: Option<String>,
    version: Option<serde_json::Number>,
}

/// The envelope's body, under whichever name its format uses.
#[derive(Deserialize)]
struct Body<T> {
    #[serde(
        alias = "draft",
        alias = "index",
        alias = "backup",
        alias = "shared",
        alias = "library"
    )]
    body: Option<T>,
}

/// Reads `{"format": format, "version": n, field: …}`. Older versions are migrated here
/// (there is one version so far); newer ones are refused with a message.
pub(crate) fn read_envelope<T: DeserializeOwned>(
    json: &str,
    format: &str,
    field: &str,
    what: &str,
) -> Result<T, ReadError> {
    let head: Head = serde_json::from_str(json).map_err(|e| {
        ReadError(if e.is_data() {
            format!("this is not {what}: its \"format\" or \"version\" is not text and a number")
        } else {
            format!("this is not {what}: it is not valid JSON ({e})")
        })
    })?;
    let found = head.format.as_deref();
    if found != Some(format) {
        return Err(ReadError(match found {
            Some(other) => format!("this is not {what}: its format is \"{other}\""),
            None => format!("this is not {what}: it has no \"format\" field"),
        }));
    }
    match head.version.and_then(|v| v.as_u64()) {
        Some(v) if v >= 1 && v <= VERSION as u64 => {}
        Some(v) if v > VERSION as u64 => {
            return Err(ReadError(format!(
                "{what} from a newer version of the editor (format version {v}; this one reads up to {VERSION}); update the editor to open it"
            )))
        }
        _ => {
            return Err(ReadError(format!(
                "this is not {what}: its version is missing or not a positive number"
            )))
        }
    }
    let body: Body<T> = serde_json::from_str(json)
        .map_err(|e| ReadError(format!("{what} that is damaged: {e}")))?;
    body.body
        .ok_or_else(|| ReadError(format!("{what} without its \"{field}\" part")))
}
