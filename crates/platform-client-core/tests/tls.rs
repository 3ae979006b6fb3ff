//! Certificate checking: a self-signed server is refused by default and trusted with its CA.

use std::sync::Arc;

use platform_client_core::testing::local_builder;
use platform_client_core::{Error, Request};
use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::rustls::{self, pki_types::PrivateKeyDer};

struct Pki {
    ca_pem: String,
    port: u16,
}

/// Starts an HTTPS server whose certificate for `localhost` is signed by a fresh CA.
async fn https_server() -> Pki {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let issuer = rcgen::Issuer::new(ca_params, ca_key);
    let key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(vec!["localhost".to_owned()])
        .unwrap()
        .signed_by(&key, &issuer)
        .unwrap();
    let config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(
            vec![leaf.der().clone(), ca.der().clone()],
            PrivateKeyDer::Pkcs8(key.serialize_der().into()),
        )
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut buf = vec![0u8; 4096];
                let mut read = 0;
                while !buf[..read].windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf[read..]).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => read += n,
                    }
                }
                let _ = tls
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 12\r\nconnection: close\r\n\r\n{\"tls\":true}")
                    .await;
                let _ = tls.shutdown().await;
            });
        }
    });
    Pki {
        ca_pem: ca.pem(),
        port,
    }
}

#[tokio::test]
async fn self_signed_is_rejected_by_default_and_accepted_with_its_ca() {
    let pki = https_server().await;
    let base = format!("https://localhost:{}/api", pki.port);

    let strict = local_builder(&base).build().unwrap();
    let err = strict.send(Request::get("x")).await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");

    let trusted = local_builder(&base)
        .add_root_ca_pem(pki.ca_pem.clone())
        .build()
        .unwrap();
    let body: serde_json::Value = trusted.send_json(Request::get("x")).await.unwrap();
    assert_eq!(body["tls"], true);

    let dir = std::env::temp_dir().join(format!("cc-tls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ca_file = dir.join("ca.pem");
    std::fs::write(&ca_file, &pki.ca_pem).unwrap();
    let from_file = local_builder(&base)
        .add_root_ca_file(&ca_file)
        .build()
        .unwrap();
    assert!(from_file.send(Request::get("x")).await.is_ok());
    std::fs::remove_dir_all(dir).unwrap();

    let insecure = local_builder(&base)
        .danger_accept_invalid_certs(true)
        .build()
        .unwrap();
    assert!(insecure.send(Request::get("x")).await.is_ok());
}

#[test]
fn a_client_identity_is_validated_at_build_time() {
    let key = KeyPair::generate().unwrap();
    let cert = CertificateParams::new(vec!["client".to_owned()])
        .unwrap()
        .self_signed(&key)
        .unwrap();
    let ok = local_builder("https://localhost")
        .client_identity_pem(cert.pem(), key.serialize_pem())
        .build();
    assert!(ok.is_ok(), "{ok:?}");
    let err = local_builder("https://localhost")
        .client_identity_pem("nope", "nope")
        .build()
        .unwrap_err();
    assert!(err.is_invalid_input(), "{err:?}");
}
