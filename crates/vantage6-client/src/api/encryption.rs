//! Setting up encryption: making sure the server holds the public half of the organisation's
//! key pair (what `ClientBase.setup_encryption` of the Python client does).

use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::client::Vantage6Client;
use crate::crypto::Cryptor;
use crate::error::{Error, Result};

/// What [`Vantage6Client::setup_encryption`] found on the server, and did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SetupOutcome {
    /// The server already held this public key; nothing was sent.
    Unchanged,
    /// The organisation had no public key; it was uploaded.
    Uploaded,
    /// The organisation had another public key; it was replaced (whatever was encrypted for
    /// the old key can no longer be read with the new one).
    Replaced,
}

impl SetupOutcome {
    /// Whether the public key was sent to the server.
    pub fn uploaded(self) -> bool {
        !matches!(self, SetupOutcome::Unchanged)
    }
}

impl Vantage6Client {
    /// Makes sure the server holds the public half of the client's key pair (loaded with
    /// [`crate::Vantage6ClientBuilder::private_key_file`], [`Self::set_cryptor`] or
    /// generated with [`crate::api::util::Util::generate_private_key`]): `GET
    /// organization/<own>`, then, when the organisation has no public key or another one,
    /// `PATCH organization/<own> {"public_key": <base64 of the PEM>}`.
    ///
    /// Fails with [`Error::NotAuthenticated`] before a login and [`Error::Crypto`] without a
    /// key pair, sending nothing.
    pub async fn setup_encryption(&self) -> Result<SetupOutcome> {
        let org = self.own_organization()?;
        let cryptor = self.cryptor().ok_or_else(|| {
            Error::crypto(
                "no private key: load one (`private_key_file`, `set_cryptor`, \
                 `setup_encryption_from_file`) or generate one first",
            )
        })?;
        self.upload_public_key(org, &cryptor).await
    }

    /// Reads the private key PEM file at `path` (PKCS#1 or PKCS#8), makes sure the server holds
    /// its public half (see [`Self::setup_encryption`]) and then uses it for encrypted
    /// collaborations. An unreadable file is reported before anything is sent.
    pub async fn setup_encryption_from_file(&self, path: impl AsRef<Path>) -> Result<SetupOutcome> {
        let org = self.own_organization()?;
        let cryptor = Cryptor::from_pem_file(path)?;
        let outcome = self.upload_public_key(org, &cryptor).await?;
        self.set_cryptor(cryptor);
        Ok(outcome)
    }

    pub(crate) async fn upload_public_key(
        &self,
        org: u64,
        cryptor: &Cryptor,
    ) -> Result<SetupOutcome> {
        let organizations = self.organization();
        let current = organizations.get(org).await?;
        let outcome = match current.public_key.as_deref().map(str::trim) {
            None | Some("") => SetupOutcome::Uploaded,
            Some(key) if same_public_key(key, cryptor.public_key_pem()) => {
                return Ok(SetupOutcome::Unchanged);
            }
            Some(_) => SetupOutcome::Replaced,
        };
        organizations
            .update(org)
            .public_key(cryptor.public_key_base64())
            .send()
            .await?;
        Ok(outcome)
    }
}

/// Whether the server's key (base64 of a PEM text) is `pem`; line endings and surrounding
/// whitespace do not count.
fn same_public_key(server: &str, pem: &str) -> bool {
    let Ok(bytes) = STANDARD.decode(server.trim()) else {
        return false;
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return false;
    };
    text.replace('\r', "").trim() == pem.replace('\r', "").trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_compare_by_their_decoded_text() {
        let pem = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n";
        assert!(same_public_key(&STANDARD.encode(pem), pem));
        let crlf = pem.replace('\n', "\r\n");
        assert!(same_public_key(&STANDARD.encode(crlf), pem));
        assert!(!same_public_key(&STANDARD.encode("other"), pem));
        assert!(!same_public_key("not base64!", pem));
        assert!(!same_public_key(&STANDARD.encode([0xff, 0xfe]), pem));
    }
}
