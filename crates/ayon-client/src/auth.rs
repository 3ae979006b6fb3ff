//! The session every clone shares: the credential (user token or service API key) and what is
//! cached per server (version, attribute schema).

use std::sync::{Arc, RwLock};

use platform_client_core::reexports::SecretString;
use tokio::sync::OnceCell;

use crate::models::{AttributesSchema, ServerVersion};

/// How the secret is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialKind {
    /// A user token from a login: `Authorization: Bearer <token>`.
    UserToken,
    /// An API key (of a service user, usually): `X-Api-Key: <key>`.
    ApiKey,
}

impl CredentialKind {
    /// 64 hex characters are a user token (the only Bearer tokens the server accepts);
    /// anything else is an API key.
    pub(crate) fn by_shape(secret: &str) -> CredentialKind {
        if secret.len() == 64 && secret.bytes().all(|b| b.is_ascii_hexdigit()) {
            CredentialKind::UserToken
        } else {
            CredentialKind::ApiKey
        }
    }
}

/// A secret and how it is sent.
#[derive(Clone)]
pub(crate) struct Credential {
    pub(crate) secret: SecretString,
    pub(crate) kind: CredentialKind,
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}([redacted])", self.kind)
    }
}

impl Credential {
    pub(crate) fn new(secret: String, kind: CredentialKind) -> Self {
        Credential {
            secret: SecretString::from(secret),
            kind,
        }
    }
}

/// Shared by every clone and derived client.
#[derive(Default)]
pub(crate) struct Session {
    pub(crate) credential: RwLock<Option<Credential>>,
    /// The server version, read once (`GET /api/info`).
    pub(crate) version: OnceCell<ServerVersion>,
    /// The attribute schema (`GET /api/attributes`), read once until reset.
    pub(crate) attributes: RwLock<Option<Arc<AttributesSchema>>>,
}

impl Session {
    pub(crate) fn credential(&self) -> Option<Credential> {
        self.credential
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub(crate) fn kind(&self) -> Option<CredentialKind> {
        self.credential().map(|c| c.kind)
    }

    pub(crate) fn set_credential(&self, credential: Option<Credential>) {
        *self.credential.write().unwrap_or_else(|e| e.into_inner()) = credential;
    }

    pub(crate) fn cached_attributes(&self) -> Option<Arc<AttributesSchema>> {
        self.attributes
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub(crate) fn cache_attributes(&self, schema: Option<Arc<AttributesSchema>>) {
        *self.attributes.write().unwrap_or_else(|e| e.into_inner()) = schema;
    }
}

#[cfg(test)]
mod tests {
    use super::CredentialKind;

    #[test]
    fn tokens_and_keys_are_told_apart_by_shape() {
        assert_eq!(
            CredentialKind::by_shape(&"ab".repeat(32)),
            CredentialKind::UserToken
        );
        assert_eq!(
            CredentialKind::by_shape("0123456789abcdef0123456789abcdef"),
            CredentialKind::ApiKey
        );
        assert_eq!(
            CredentialKind::by_shape(&"zz".repeat(32)),
            CredentialKind::ApiKey
        );
    }
}
