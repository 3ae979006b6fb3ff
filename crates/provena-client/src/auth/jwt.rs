//! RS256 validation of Keycloak access tokens against the realm's public key.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::pkcs8::DecodePublicKey as _;
use rsa::sha2::Sha256;
use rsa::signature::Verifier as _;
use serde_json::Value;

use crate::error::SignInError;

/// A realm's public key, as Keycloak publishes it (`public_key`: base64 SPKI DER).
#[derive(Clone)]
pub(crate) struct RealmKey(VerifyingKey<Sha256>);

impl std::fmt::Debug for RealmKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RealmKey(RS256)")
    }
}

fn invalid(message: impl Into<String>) -> SignInError {
    SignInError::InvalidToken(message.into())
}

impl RealmKey {
    /// From the realm's `public_key` field.
    pub(crate) fn from_base64_spki(b64: &str) -> Result<RealmKey, SignInError> {
        let der = STANDARD
            .decode(b64.trim())
            .map_err(|e| invalid(format!("the realm's public key is not base64: {e}")))?;
        let key = rsa::PublicKey::from_public_key_der(&der)
            .map_err(|e| invalid(format!("the realm's public key is not an RSA key: {e}")))?;
        Ok(RealmKey(VerifyingKey::new(key)))
    }

    /// Checks the signature (`alg` RS256) and returns the claims. Expiry is left to the
    /// caller (the lifetime is read from `exp`).
    pub(crate) fn verify(&self, token: &str) -> Result<Value, SignInError> {
        let mut parts = token.split('.');
        let (Some(header), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(invalid("not a JWT (three dot-separated parts)"));
        };
        let decode = |part: &str| {
            URL_SAFE_NO_PAD
                .decode(part.trim_end_matches('='))
                .map_err(|_| invalid("a JWT part is not base64url"))
        };
        let header: Value = serde_json::from_slice(&decode(header)?)
            .map_err(|_| invalid("the JWT header is not JSON"))?;
        if header.get("alg").and_then(Value::as_str) != Some("RS256") {
            return Err(invalid("the JWT is not signed with RS256"));
        }
        let signature = Signature::try_from(decode(signature)?.as_slice())
            .map_err(|_| invalid("the JWT signature is malformed"))?;
        let signed = &token[..token.len() - token.rsplit('.').next().map_or(0, str::len) - 1];
        self.0
            .verify(signed.as_bytes(), &signature)
            .map_err(|_| invalid("the JWT signature does not match the realm's key"))?;
        serde_json::from_slice(&decode(payload)?)
            .map_err(|_| invalid("the JWT claims are not JSON"))
    }
}
