//! Task input and result encoding: base64 for plain collaborations, RSA + AES-256-CTR for
//! encrypted ones, exactly as vantage6 nodes and the Python client read and write them.
//!
//! Encrypted layout: `b64(RSA-PKCS#1v1.5(pub, K)) $ b64(IV) $ b64(AES-256-CTR(K, IV, data))`
//! with a random 32-byte key `K` and a random 16-byte `IV` used as the whole big-endian initial
//! counter block. Public keys travel as base64 of their SubjectPublicKeyInfo PEM text.

use std::path::Path;

use aes::cipher::{KeyIvInit, StreamCipher};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey, EncodeRsaPrivateKey};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePublicKey, LineEnding};
use rsa::{PrivateKey, PublicKey};

use crate::error::{Error, Result};

/// The size of keys [`Cryptor::generate`] makes, as vantage6 does.
pub const KEY_BITS: usize = 4096;

type Aes256Ctr = ctr::Ctr128BE<aes::Aes256>;

/// An organisation's RSA key pair: decrypts what was encrypted for the organisation.
pub struct Cryptor {
    private: PrivateKey,
    public_pem: String,
}

impl std::fmt::Debug for Cryptor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cryptor")
            .field("private_key", &"[redacted]")
            .field(
                "bits",
                &(rsa::traits::PublicKeyParts::size(&self.private) * 8),
            )
            .finish()
    }
}

impl Cryptor {
    /// A new RSA-4096 key pair (a few seconds).
    pub fn generate() -> Result<Self> {
        let private = PrivateKey::new(&mut getrandom::SysRng, KEY_BITS)
            .map_err(|e| Error::crypto(format!("cannot generate a key: {e}")))?;
        Self::from_key(private)
    }

    /// Reads a private key in PEM: PKCS#1 (`BEGIN RSA PRIVATE KEY`, what vantage6 writes) or
    /// PKCS#8 (`BEGIN PRIVATE KEY`).
    pub fn from_pem(pem: &str) -> Result<Self> {
        let private = PrivateKey::from_pkcs1_pem(pem)
            .or_else(|_| PrivateKey::from_pkcs8_pem(pem))
            .map_err(|_| {
                Error::crypto("not an unencrypted RSA private key in PEM (PKCS#1 or PKCS#8)")
            })?;
        Self::from_key(private)
    }

    /// Reads a private key PEM file.
    pub fn from_pem_file(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let pem = std::fs::read_to_string(path).map_err(|e| {
            Error::invalid(format!(
                "cannot read the private key {}: {e}",
                path.display()
            ))
        })?;
        Self::from_pem(&pem)
    }

    fn from_key(private: PrivateKey) -> Result<Self> {
        let public_pem = private
            .to_public_key()
            .to_public_key_pem(LineEnding::LF)
            .map_err(|e| Error::crypto(format!("cannot encode the public key: {e}")))?;
        Ok(Cryptor {
            private,
            public_pem,
        })
    }

    /// The private key as PKCS#1 PEM (`-----BEGIN RSA PRIVATE KEY-----`), as vantage6 writes it.
    pub fn private_key_pem(&self) -> Result<platform_client_core::reexports::SecretString> {
        let pem = self
            .private
            .to_pkcs1_pem(LineEnding::LF)
            .map_err(|e| Error::crypto(format!("cannot encode the private key: {e}")))?;
        Ok(platform_client_core::reexports::SecretString::from(
            pem.to_string(),
        ))
    }

    /// Writes the private key (PKCS#1 PEM) to `path`, readable by its owner only on Unix.
    pub fn write_private_key(&self, path: impl AsRef<Path>) -> Result<()> {
        use platform_client_core::reexports::ExposeSecret;
        let path = path.as_ref();
        let pem = self.private_key_pem()?;
        let fail = |e: std::io::Error| {
            Error::invalid(format!(
                "cannot write the private key {}: {e}",
                path.display()
            ))
        };
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(path).map_err(fail)?;
        std::io::Write::write_all(&mut file, pem.expose_secret().as_bytes()).map_err(fail)
    }

    /// The public key as SubjectPublicKeyInfo PEM (64-character lines, trailing newline).
    pub fn public_key_pem(&self) -> &str {
        &self.public_pem
    }

    /// The public key as the server stores it: base64 of [`Self::public_key_pem`].
    pub fn public_key_base64(&self) -> String {
        STANDARD.encode(self.public_pem.as_bytes())
    }

    /// Decrypts `b64(key)$b64(iv)$b64(data)`. Compatibility rules of vantage6: a symmetric
    /// key that decrypts to base64 text is base64-decoded first; a plaintext that is not JSON
    /// but is base64 is decoded once more.
    pub fn decrypt(&self, message: &str) -> Result<Vec<u8>> {
        let mut parts = message.splitn(3, '$');
        let (Some(key), Some(iv), Some(data)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(Error::crypto(
                "not an encrypted message (`key$iv$data` expected)",
            ));
        };
        let field = |name: &str, text: &str| {
            STANDARD
                .decode(text.trim())
                .map_err(|_| Error::crypto(format!("the {name} part is not base64")))
        };
        let mut key = self
            .private
            .pkcs1v15_decrypt(&field("key", key)?)
            .map_err(|_| Error::crypto("the key part does not decrypt with this private key"))?;
        if key.len() != 32
            && let Ok(text) = std::str::from_utf8(&key)
            && let Ok(decoded) = STANDARD.decode(text.trim())
        {
            key = decoded;
        }
        let key = <[u8; 32]>::try_from(key).map_err(|_| {
            Error::crypto("the key part does not decrypt with this private key to a 32-byte key")
        })?;
        let iv = <[u8; 16]>::try_from(field("iv", iv)?)
            .map_err(|_| Error::crypto("the IV part is not 16 bytes"))?;
        let mut plain = field("data", data)?;
        Aes256Ctr::new(&key.into(), &iv.into()).apply_keystream(&mut plain);
        if serde_json::from_slice::<serde::de::IgnoredAny>(&plain).is_err()
            && let Ok(decoded) = STANDARD.decode(&plain)
        {
            plain = decoded;
        }
        Ok(plain)
    }
}

/// Encrypts `data` for the organisation whose public key is `public_key` (the server's base64
/// of a PEM public key, or the PEM text itself).
pub fn encrypt(public_key: &str, data: &[u8]) -> Result<String> {
    let public = parse_public_key(public_key)?;
    let mut key = [0u8; 32];
    let mut iv = [0u8; 16];
    getrandom::fill(&mut key)
        .and_then(|()| getrandom::fill(&mut iv))
        .map_err(|e| Error::crypto(format!("no randomness: {e}")))?;
    let mut cipher_text = data.to_vec();
    Aes256Ctr::new(&key.into(), &iv.into()).apply_keystream(&mut cipher_text);
    let sealed = public
        .pkcs1v15_encrypt(&key)
        .map_err(|e| Error::crypto(format!("cannot encrypt the key: {e}")))?;
    Ok(format!(
        "{}${}${}",
        STANDARD.encode(sealed),
        STANDARD.encode(iv),
        STANDARD.encode(cipher_text)
    ))
}

/// Reads a public key as the server stores it (base64 of PEM) or as PEM text.
fn parse_public_key(text: &str) -> Result<PublicKey> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::crypto(
            "the organisation has no public key (it must run `setup_encryption` first)",
        ));
    }
    let pem = if text.starts_with("-----BEGIN") {
        text.to_owned()
    } else {
        let bytes = STANDARD
            .decode(text)
            .map_err(|_| Error::crypto("the public key is neither PEM nor base64 of PEM"))?;
        String::from_utf8(bytes).map_err(|_| Error::crypto("the public key is not PEM text"))?
    };
    PublicKey::from_public_key_pem(&pem)
        .or_else(|_| PublicKey::from_pkcs1_pem(&pem))
        .map_err(|_| Error::crypto("the public key is not an RSA public key"))
}

/// Whether `text` has the encrypted `key$iv$data` layout.
pub fn is_encrypted(text: &str) -> bool {
    text.matches('$').count() >= 2
}

/// Plain encoding: standard base64 with padding.
pub fn encode_plain(data: &[u8]) -> String {
    STANDARD.encode(data)
}

/// Decodes an input or result: the encrypted layout with `cryptor`, otherwise base64.
pub fn decode(text: &str, cryptor: Option<&Cryptor>) -> Result<Vec<u8>> {
    if is_encrypted(text) {
        let cryptor = cryptor.ok_or_else(|| {
            Error::crypto("this data is encrypted: load the organisation's private key first")
        })?;
        return cryptor.decrypt(text);
    }
    STANDARD
        .decode(text.trim())
        .map_err(|_| Error::crypto("the data is neither base64 nor encrypted"))
}

#[cfg(test)]
mod tests;
