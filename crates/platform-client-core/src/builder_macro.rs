//! [`transport_options!`](crate::transport_options): the transport settings every platform
//! builder offers, forwarded to its inner [`ClientBuilder`](crate::ClientBuilder), so the five
//! builders read the same.

/// Adds the shared transport settings to a platform builder with a field holding a
/// [`ClientBuilder`](crate::ClientBuilder):
/// `platform_client_core::transport_options!(KechainClientBuilder, core);`
#[macro_export]
macro_rules! transport_options {
    ($builder:ty, $field:ident) => {
        impl $builder {
            /// Time allowed to establish a connection (default 10 s).
            pub fn connect_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.$field = self.$field.connect_timeout(timeout);
                self
            }

            /// Time allowed for a whole request, body included.
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.$field = self.$field.timeout(timeout);
                self
            }

            /// The retry policy ([`RetryPolicy::none`](platform_client_core::RetryPolicy::none) turns retries off).
            pub fn retry(mut self, policy: $crate::RetryPolicy) -> Self {
                self.$field = self.$field.retry(policy);
                self
            }

            /// Turns certificate verification off (test servers only).
            pub fn danger_accept_invalid_certs(mut self, accept: bool) -> Self {
                self.$field = self.$field.danger_accept_invalid_certs(accept);
                self
            }

            /// Trusts the CA certificates of a PEM file in addition to the built-in roots.
            pub fn add_root_ca_file(mut self, path: impl Into<::std::path::PathBuf>) -> Self {
                self.$field = self.$field.add_root_ca_file(path);
                self
            }

            /// Presents a client certificate (PEM files of the certificate chain and PKCS#8 key).
            pub fn client_identity_files(
                mut self,
                cert: impl Into<::std::path::PathBuf>,
                key: impl Into<::std::path::PathBuf>,
            ) -> Self {
                self.$field = self.$field.client_identity_files(cert, key);
                self
            }

            /// Ignores `HTTP_PROXY`/`HTTPS_PROXY`/`NO_PROXY`.
            pub fn no_proxy(mut self) -> Self {
                self.$field = self.$field.no_proxy();
                self
            }

            /// Replaces the `User-Agent`.
            pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
                self.$field = self.$field.user_agent(agent);
                self
            }
        }
    };
}

/// Declares a string enum of a platform with an `Unknown(String)` fallback, so a value added by
/// a newer server never fails decoding. Serializes to and from the wire string.
#[macro_export]
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $wire:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the crate does not know.
            Unknown(String),
        }

        impl $name {
            /// Every known value.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The wire string.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::Unknown(other) => other.as_str(),
                }
            }

            /// Parses a wire string; unknown values become `Unknown`.
            pub fn from_wire(value: &str) -> Self {
                match value {
                    $( $wire => $name::$variant, )+
                    other => $name::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let text = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                Ok($name::from_wire(&text))
            }
        }
    };
}

/// Gives a platform client `from_env()` and `from_env_file(path)` on top of its
/// `builder_from_env(&Env)`, so the five clients read their settings the same way:
/// `platform_client_core::env_constructors!(KechainClient, Error);`
#[macro_export]
macro_rules! env_constructors {
    ($client:ty, $error:ty) => {
        impl $client {
            /// A client from the environment and the first `.env` file found from the working
            /// directory upward (the environment wins); the variables are those of
            /// [`Self::builder_from_env`].
            pub fn from_env() -> ::std::result::Result<Self, $error> {
                Self::builder_from_env(&$crate::Env::discover()?)?.build()
            }

            /// Like [`Self::from_env`], with the `.env` file at `path` (the environment still
            /// wins).
            pub fn from_env_file(
                path: impl AsRef<::std::path::Path>,
            ) -> ::std::result::Result<Self, $error> {
                Self::builder_from_env(&$crate::Env::from_file(path.as_ref())?)?.build()
            }
        }
    };
}
