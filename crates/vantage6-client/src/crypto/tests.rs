use super::*;

const PRIVATE: &str = include_str!("../../tests/fixtures/org_a_private.pem");
const PUBLIC: &str = include_str!("../../tests/fixtures/org_a_public.pem");
const PKCS8: &str = include_str!("../../tests/fixtures/org_b_private_pkcs8.pem");

fn org_a() -> Cryptor {
    Cryptor::from_pem(PRIVATE).unwrap()
}

/// Builds a message the way older senders did: any key bytes, any plaintext.
fn seal(cryptor: &Cryptor, key_bytes: &[u8], key: [u8; 32], plain: &[u8]) -> String {
    let iv = [7u8; 16];
    let mut data = plain.to_vec();
    Aes256Ctr::new(&key.into(), &iv.into()).apply_keystream(&mut data);
    let sealed = cryptor
        .private
        .to_public_key()
        .pkcs1v15_encrypt(key_bytes)
        .unwrap();
    format!(
        "{}${}${}",
        STANDARD.encode(sealed),
        STANDARD.encode(iv),
        STANDARD.encode(data)
    )
}

#[test]
fn the_public_key_is_byte_identical_to_openssl() {
    let cryptor = org_a();
    assert_eq!(cryptor.public_key_pem(), PUBLIC);
    let wire = cryptor.public_key_base64();
    assert_eq!(wire.len(), 1068);
    assert!(wire.starts_with("LS0tLS1CRUdJTiBQVUJMSUMgS0VZLS0tLS0K"));
    let pem = cryptor.private_key_pem().unwrap();
    use platform_client_core::reexports::ExposeSecret;
    assert_eq!(pem.expose_secret().trim(), PRIVATE.trim());
    assert!(!format!("{cryptor:?}").contains("MII"));
    assert!(format!("{cryptor:?}").contains("4096"));
}

#[test]
fn encrypted_messages_round_trip_with_the_documented_layout() {
    let cryptor = org_a();
    let input = br#"{"method":"avg","args":[],"kwargs":{"column":"age"}}"#;
    for public in [cryptor.public_key_base64(), PUBLIC.to_owned()] {
        let message = encrypt(&public, input).unwrap();
        let parts: Vec<&str> = message.split('$').collect();
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0].len(), 684, "512 bytes of RSA output");
        assert_eq!(parts[1].len(), 24, "16 bytes of IV");
        assert_eq!(STANDARD.decode(parts[2]).unwrap().len(), input.len());
        assert!(is_encrypted(&message));
        assert_eq!(cryptor.decrypt(&message).unwrap(), input);
        assert_eq!(decode(&message, Some(&cryptor)).unwrap(), input);
    }
    // A fresh key and IV every time.
    let public = cryptor.public_key_base64();
    assert_ne!(
        encrypt(&public, input).unwrap(),
        encrypt(&public, input).unwrap()
    );
}

#[test]
fn older_layouts_decrypt_by_the_compatibility_rules() {
    let cryptor = org_a();
    let key = [42u8; 32];
    // The symmetric key was sealed as base64 text.
    let b64_key = STANDARD.encode(key);
    let message = seal(&cryptor, b64_key.as_bytes(), key, br#"{"a": 1}"#);
    assert_eq!(cryptor.decrypt(&message).unwrap(), br#"{"a": 1}"#);
    // The plaintext was base64 of JSON.
    let inner = STANDARD.encode(br#"{"b": [2]}"#);
    let message = seal(&cryptor, &key, key, inner.as_bytes());
    assert_eq!(cryptor.decrypt(&message).unwrap(), br#"{"b": [2]}"#);
    // Plain JSON stays as it is, even when it happens to be base64-like.
    let message = seal(&cryptor, &key, key, b"1234");
    assert_eq!(cryptor.decrypt(&message).unwrap(), b"1234");
}

#[test]
fn plain_data_is_standard_base64() {
    let data = br#"{"method":"partial_average","args":[],"kwargs":{"column":"age"}}"#;
    let text = encode_plain(data);
    assert_eq!(
        text,
        "eyJtZXRob2QiOiJwYXJ0aWFsX2F2ZXJhZ2UiLCJhcmdzIjpbXSwia3dhcmdzIjp7ImNvbHVtbiI6ImFnZSJ9fQ=="
    );
    assert!(!is_encrypted(&text));
    assert_eq!(decode(&text, None).unwrap(), data);
    assert_eq!(decode(&text, Some(&org_a())).unwrap(), data);
}

#[test]
fn bad_keys_and_messages_are_clear_errors() {
    let cryptor = org_a();
    let other = Cryptor::from_pem(PKCS8).unwrap();
    let message = encrypt(&cryptor.public_key_base64(), b"{}").unwrap();
    let wrong = other.decrypt(&message).unwrap_err();
    assert!(wrong.to_string().contains("does not decrypt"), "{wrong}");
    let no_key = decode(&message, None).unwrap_err();
    assert!(no_key.to_string().contains("private key"), "{no_key}");
    for garbage in ["a$b$c", "$$", "x$", "%%%$AAAA$AAAA"] {
        assert!(
            matches!(cryptor.decrypt(garbage), Err(Error::Crypto(_))),
            "{garbage}"
        );
    }
    assert!(decode("not base64 !", None).is_err());
    for key in [
        "",
        "bm90IGEga2V5",
        "-----BEGIN PUBLIC KEY-----\nxx\n-----END PUBLIC KEY-----\n",
    ] {
        assert!(
            matches!(encrypt(key, b"{}"), Err(Error::Crypto(_))),
            "{key}"
        );
    }
    assert!(Cryptor::from_pem("-----BEGIN RSA PRIVATE KEY-----\n").is_err());
    assert!(
        Cryptor::from_pem_file("/no/such/key.pem")
            .unwrap_err()
            .is_invalid_input()
    );
}

#[test]
fn keys_are_written_owner_only_and_read_back() {
    let dir = std::env::temp_dir().join(format!("v6-key-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("private_key.pem");
    org_a().write_private_key(&path).unwrap();
    let back = Cryptor::from_pem_file(&path).unwrap();
    assert_eq!(back.public_key_pem(), PUBLIC);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
