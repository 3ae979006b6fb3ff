//! Results of algorithm runs, and the client-side decoding of inputs and results.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::Ref;
use crate::crypto::{self, Cryptor};
use crate::error::{Error, Result};

/// A run's input or result as decoded by the client: base64 for plain collaborations,
/// decrypted with the organisation's private key for encrypted ones (recognised by their
/// `key$iv$data` layout, whatever the collaboration says).
///
/// Decoding one item never fails a whole list: an item that cannot be decoded keeps its raw
/// value and says why here.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Decoded {
    /// Nothing to decode: the server holds no value (yet), or the item was not decoded.
    #[default]
    Absent,
    /// The decoded UTF-8 text (JSON for vantage6 algorithms).
    Text(String),
    /// Decoding failed (no or a wrong private key, not base64, not UTF-8, kept in blob
    /// storage): why.
    Failed(String),
}

impl Decoded {
    /// Decodes a wire value; `in_blob_storage` for values the server keeps in its blob
    /// storage (4.13+ with a large-result store), which this client does not fetch.
    pub fn from_wire(raw: Option<&str>, in_blob_storage: bool, cryptor: Option<&Cryptor>) -> Self {
        let Some(raw) = raw.filter(|r| !r.is_empty()) else {
            return Decoded::Absent;
        };
        if in_blob_storage {
            return Decoded::Failed(
                "the value is kept in the server's blob storage, which this client does not read"
                    .to_owned(),
            );
        }
        match crypto::decode(raw, cryptor) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Decoded::Text(text),
                Err(_) => Decoded::Failed("the decoded value is not UTF-8 text".to_owned()),
            },
            Err(e) => Decoded::Failed(e.to_string()),
        }
    }

    /// The decoded text, when decoding succeeded.
    pub fn text(&self) -> Option<&str> {
        match self {
            Decoded::Text(text) => Some(text),
            _ => None,
        }
    }

    /// Why decoding failed, when it did.
    pub fn error(&self) -> Option<&str> {
        match self {
            Decoded::Failed(why) => Some(why),
            _ => None,
        }
    }

    /// The text, or an error: [`Error::Crypto`] when decoding failed, [`Error::Unexpected`]
    /// when there is no value. `what` names the value in the message.
    pub fn require(&self, what: &str) -> Result<&str> {
        match self {
            Decoded::Text(text) => Ok(text),
            Decoded::Failed(why) => Err(Error::Crypto(format!("{what}: {why}"))),
            Decoded::Absent => Err(Error::Unexpected(format!("{what} holds no value (yet)"))),
        }
    }

    /// Parses the text as JSON into `T` (e.g. `serde_json::Value` or your own type).
    pub fn json<T: DeserializeOwned>(&self, what: &str) -> Result<T> {
        let text = self.require(what)?;
        serde_json::from_str(text)
            .map_err(|e| Error::Unexpected(format!("{what} is not the expected JSON: {e}")))
    }
}

/// The result of one algorithm run: `GET result/<id>`, `GET result?task_id=`.
///
/// `result` is the value as stored on the server (base64 or encrypted, `None` until the run
/// finished); the client decodes it into [`Self::decoded`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RunResult {
    /// Id (the same as its run's).
    pub id: u64,
    /// The result as stored: base64 of the output, or encrypted for the initiating
    /// organisation; `None` while the run has not finished.
    #[serde(default)]
    pub result: Option<String>,
    /// The run.
    #[serde(default)]
    pub run: Option<Ref>,
    /// The task.
    #[serde(default)]
    pub task: Option<Ref>,
    /// When the server deletes the result (4.13+).
    #[serde(default)]
    pub cleanup_at: Option<String>,
    /// Whether `result` is a reference into the server's blob storage (4.13+).
    #[serde(default)]
    pub blob_storage_used: Option<bool>,
    /// The decoded result, filled in by the client.
    #[serde(skip)]
    pub decoded: Decoded,
    /// Fields this version does not model (the raw JSON escape hatch; fields named like
    /// secrets are left out).
    #[serde(
        flatten,
        deserialize_with = "platform_client_core::model::extra_without_secrets"
    )]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl RunResult {
    /// Decodes [`Self::result`] into [`Self::decoded`] (the client does this for you; use it for
    /// results obtained some other way).
    pub fn decode(&mut self, cryptor: Option<&Cryptor>) {
        self.decoded = Decoded::from_wire(
            self.result.as_deref(),
            self.blob_storage_used.unwrap_or(false),
            cryptor,
        );
    }

    /// The decoded result text (JSON text, not parsed), when decoding succeeded.
    pub fn text(&self) -> Option<&str> {
        self.decoded.text()
    }

    /// The decoded result parsed as JSON into `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        self.decoded.json(&format!("result {}", self.id))
    }

    /// The run's id.
    pub fn run_id(&self) -> Option<u64> {
        self.run.as_ref().map(|r| r.id)
    }
}
