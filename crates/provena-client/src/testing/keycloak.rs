//! A Keycloak stand-in: the realm's public key, signed RS256 access tokens, the refresh grant
//! (offline tokens and issued refresh tokens; refused ones answer `invalid_grant`) and the
//! device grant (pending for a configured number of polls, then tokens).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use platform_client_core::testing::{MockResponse, Received};
use rsa::pkcs1v15::SigningKey;
use rsa::pkcs8::DecodePrivateKey as _;
use rsa::sha2::Sha256;
use rsa::signature::{SignatureEncoding as _, Signer as _};
use serde_json::{Value, json};

/// The stand-in realm's signing key: a throwaway key made for these tests, never used
/// anywhere else.
const TEST_REALM_KEY: &str = "
-----BEGIN PRIVATE KEY-----
MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQCDidwM4v8xd+LH
O29jPS71Fi2KTr39NMl9up2Ss5Vyb5D8wD9wQKn1cJV3evA9XcCkHtMGjts5IuDa
r+0YS/gZGBtCv1+Kfl/2oq+n825OxPbfukqnLULlClhLrqUOTKHlWPlf/Jx9Nz51
+B9uKvMG3GmG1eG8zy/rflRlrNNoz7kI1o5HO+eSYGPhSyT2otbV37VI0+Ht0D3r
9UVu3fglWqGoCWoFwx/XzEEqh+M+JKRPLvf81q0qdVihIA1nnkLVZRr2UvCfBmQe
BHZWcifOmuui0uLx5fKS45VQFy80HQ0xCSZ+pPxBXjKdaG1iJ6R7gGeOnkAKQOd+
0bIa7E57AgMBAAECggEAJW2cx63vn0vVo4st7rcCHYrp+mjddqcGjlgDbjLbW2yT
fNfXNUGxGr2mShEZOtzqa8i5kywjBOb/xDo65Kb5OWq6lwuNTAMZmzw/bzK9OHyj
IpYHl/oxBqsi5KYVITR8/J2Ml9txS8/kXfz0NIzUCie9fzhsuyTZJdEUgrnijffk
6GosnAXhj+RAOJx9AToILA0hTYsK6qPynbzA/I/6wmQS4bpCNkjNs8eI8dBF7Ag3
1logbsVD5pDYPNfOyLy6Qkdnoo/6gmztrQN113oBwV41g9qHrUadULNhKynmmYDo
6BfMbGhHwKfUCCp/GSpXUHN53KY3PM+ase4kNHQIQQKBgQC3nFxBCw+sFCpEQko9
mZj8uKL1bC/Hz80rLQj28pVU1ABx2E9JDuqaHi+L2/J2v0/fCJbkrsEmFGHmCd+X
gX+5QowUP1e1dmKxDVnot7mwA+xM93/0Q8m2Q6QbZxK4GVLnTx9JusRhlgxLA4F5
DE1dtvbL52Ps/JHT5yiNQoAeDwKBgQC3ZeahDjtr2KBuhJTCfnAwWjoKSTKJntnt
Rcu00s/XO2dLE/eTgNpxyLIrPVMX+0mSAe1Qy1CvqybnJV0TKNgZWNZ5WBlA1itU
sxSaphS0CfD4CamI/FQZuXA2Y23fR+8gKGkyQqjdwkdoNI4ByyACFt4H8CZklXFA
mWgLOIP01QKBgHifIgQg7iTQAoxhOECLnXO5IGU2s5UCsPiCV3dUGkJmG/yubDfE
st6YogexcPIN8LzG+co1+/G2RjJHnjn7+xqL21aZ3lb59Q/3g29c84HssdpGZirk
NamlejP+XM/Q4yPOWPGo3sZ1OpI1NWN+b3z3a968nmrb6jlZjMxwOZaFAoGAY9aQ
Z6rUxFAIfkGkrgCg2GG16PWSEoMshdOSIp0E0lmfUKrNAzqJMJoeDBX1Tz/X/Cka
ZPpZsVgN9JVNhumcQqgvEZ3ZGYe9zP00QUAaUyx6Rr0T0uPycJKXuLQGEyAY2DvH
kLnjLd3ee6boi6dlhF2of0/HxsfoAE/C6SDaDQUCgYAIvKYX2kjAogYA8TKUWLVt
JMjj0jSirQD7cMgRr5hKhiEeN6ZWU1OdlTypKf8rrQG1bi2tOtO/vHMppef2l4Zb
5MtA4IVZwBBo0d4nyJXw41nmjbXN1e0wzpC3epcAc6j9870MKZqn5UZhnl/1VDMj
9QXy7VZnF0VMFRHcsRtLAA==
-----END PRIVATE KEY-----
";

/// The public half, as Keycloak publishes it (base64 SPKI DER).
pub(crate) const TEST_REALM_PUBLIC_KEY: &str = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAg4ncDOL/MXfixztvYz0u9RYtik69/TTJfbqdkrOVcm+Q/MA/cECp9XCVd3rwPV3ApB7TBo7bOSLg2q/tGEv4GRgbQr9fin5f9qKvp/NuTsT237pKpy1C5QpYS66lDkyh5Vj5X/ycfTc+dfgfbirzBtxphtXhvM8v635UZazTaM+5CNaORzvnkmBj4Usk9qLW1d+1SNPh7dA96/VFbt34JVqhqAlqBcMf18xBKofjPiSkTy73/NatKnVYoSANZ55C1WUa9lLwnwZkHgR2VnInzprrotLi8eXykuOVUBcvNB0NMQkmfqT8QV4ynWhtYieke4Bnjp5ACkDnftGyGuxOewIDAQAB";

/// The offline token the stand-in accepts.
pub const OFFLINE_TOKEN: &str = "OFFLINE-TOKEN-XYZ";

/// What the realm knows.
#[derive(Default)]
pub(crate) struct Realm {
    /// Refresh tokens that are still valid (the offline token, issued ones).
    pub(crate) refresh_tokens: Vec<String>,
    /// How many more polls of a device code answer `authorization_pending`.
    pub(crate) pending_polls: u32,
    /// What the device grant ends with instead of tokens (`access_denied`, ...).
    pub(crate) device_outcome: Option<String>,
    /// How long issued access tokens live.
    pub(crate) lifetime: Option<Duration>,
    /// How many tokens were issued.
    pub(crate) issued: u64,
    /// Issue tokens whose claims were changed after signing (the signature no longer
    /// matches).
    pub(crate) tamper: bool,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A signed RS256 JWT for `username` living `lifetime`.
pub fn signed_token(username: &str, lifetime: Duration, serial: u64) -> String {
    let key = rsa::PrivateKey::from_pkcs8_pem(TEST_REALM_KEY.trim()).expect("the test realm key");
    let signer = SigningKey::<Sha256>::new(key);
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256","typ":"JWT"}"#);
    let iat = now();
    let claims = json!({"exp": iat + lifetime.as_secs(), "iat": iat, "sub": "u1",
                        "preferred_username": username, "jti": format!("j{serial}")});
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    let signed = format!("{header}.{payload}");
    let signature = signer.sign(signed.as_bytes());
    format!("{signed}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
}

fn form(received: &Received) -> Vec<(String, String)> {
    url_pairs(&String::from_utf8_lossy(&received.body))
}

fn url_pairs(text: &str) -> Vec<(String, String)> {
    platform_client_core::reexports::Url::parse(&format!("http://x/?{text}"))
        .map(|u| {
            u.query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        })
        .unwrap_or_default()
}

fn field<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn refused(error: &str, description: &str) -> MockResponse {
    MockResponse::json(
        400,
        &json!({"error": error, "error_description": description}),
    )
}

impl Realm {
    fn tokens(&mut self) -> Value {
        self.issued += 1;
        let lifetime = self.lifetime.unwrap_or(Duration::from_secs(300));
        let refresh = format!("REFRESH-{}", self.issued);
        self.refresh_tokens.push(refresh.clone());
        let mut access = signed_token("jdoe", lifetime, self.issued);
        if self.tamper {
            let parts: Vec<&str> = access.split('.').collect();
            let forged =
                URL_SAFE_NO_PAD.encode(br#"{"exp":4102444800,"preferred_username":"root"}"#);
            access = format!("{}.{forged}.{}", parts[0], parts[2]);
        }
        json!({"access_token": access, "expires_in": lifetime.as_secs(),
               "refresh_expires_in": 1800, "refresh_token": refresh, "token_type": "Bearer",
               "not-before-policy": 0, "session_state": "s1", "scope": "email profile"})
    }

    /// Answers `/auth/realms/{realm}...`; `rest` is what follows the realm's name.
    pub(crate) fn answer(&mut self, realm: &str, rest: &str, received: &Received) -> MockResponse {
        match (received.record.method.as_str(), rest) {
            ("GET", "") => MockResponse::json(
                200,
                &json!({"realm": realm, "public_key": TEST_REALM_PUBLIC_KEY,
                        "token-service": format!("/auth/realms/{realm}/protocol/openid-connect")}),
            ),
            ("POST", "/protocol/openid-connect/auth/device") => MockResponse::json(
                200,
                &json!({"device_code": "DEV-CODE", "user_code": "ABCD-EFGH", "expires_in": 600, "interval": 1,
                        "verification_uri": format!("/auth/realms/{realm}/device"),
                        "verification_uri_complete": format!("/auth/realms/{realm}/device?user_code=ABCD-EFGH")}),
            ),
            ("POST", "/protocol/openid-connect/token") => {
                let pairs = form(received);
                match field(&pairs, "grant_type") {
                    Some("refresh_token") => {
                        let token = field(&pairs, "refresh_token").unwrap_or_default();
                        if self.refresh_tokens.iter().any(|t| t == token) {
                            let mut answer = self.tokens();
                            if token == OFFLINE_TOKEN {
                                answer["refresh_token"] = json!(OFFLINE_TOKEN);
                            }
                            MockResponse::json(200, &answer)
                        } else {
                            refused("invalid_grant", "Token is not active")
                        }
                    }
                    Some("urn:ietf:params:oauth:grant-type:device_code") => {
                        if field(&pairs, "device_code") != Some("DEV-CODE") {
                            return refused("invalid_grant", "Device code not valid");
                        }
                        if self.pending_polls > 0 {
                            self.pending_polls -= 1;
                            return refused(
                                "authorization_pending",
                                "The authorization request is still pending",
                            );
                        }
                        match self.device_outcome.clone() {
                            // Asked to poll more slowly once, then signed in.
                            Some(error) if error == "slow_down" => {
                                self.device_outcome = None;
                                refused("slow_down", "Polling too fast")
                            }
                            Some(error) => refused(&error, "ended"),
                            None => MockResponse::json(200, &self.tokens()),
                        }
                    }
                    _ => refused("unsupported_grant_type", "Unsupported grant_type"),
                }
            }
            _ => MockResponse::json(
                404,
                &json!({"error": "Unable to find matching target resource method"}),
            ),
        }
    }
}
