//! Encryption interop with the reference implementation: a task input encrypted by our client
//! is decrypted by `vantage6.common.encryption.RSACryptor` (from `vantage6-client==4.15.2` in
//! the venv `cargo xtask test` prepares), and the reverse; both derive the same public key.

use std::path::{Path, PathBuf};
use std::process::Command;

use vantage6_client::Cryptor;
use vantage6_client::crypto::{decode, encrypt};

const SCRIPT: &str = r#"
import sys, json, base64
from pathlib import Path
from vantage6.common.encryption import RSACryptor
key, mode, data = sys.argv[1], sys.argv[2], sys.argv[3]
cryptor = RSACryptor(Path(key))
if mode == "public":
    print(cryptor.public_key_str)
elif mode == "decrypt":
    print(base64.b64encode(cryptor.decrypt_str_to_bytes(data)).decode())
elif mode == "encrypt":
    print(cryptor.encrypt_bytes_to_str(data.encode(), cryptor.public_key_str))
"#;

fn python() -> Option<PathBuf> {
    match std::env::var_os("V6_PYTHON") {
        Some(p) if !p.is_empty() => Some(PathBuf::from(p)),
        _ => {
            let line = "V6_PYTHON unset (the venv of `cargo xtask test`); interop skipped";
            assert!(!contract_tests::in_ci(), "{line} — under CI it must run");
            eprintln!("{line}");
            None
        }
    }
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/vantage6-client/tests/fixtures")
        .join(name)
}

fn reference(python: &Path, key: &Path, mode: &str, data: &str) -> String {
    let out = Command::new(python)
        .args(["-c", SCRIPT, &key.to_string_lossy(), mode, data])
        .output()
        .expect("the venv python runs");
    assert!(
        out.status.success(),
        "reference {mode} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

#[test]
fn our_ciphertext_is_read_by_the_reference_and_theirs_by_us() {
    let Some(python) = python() else { return };
    let pkcs1 = fixture("org_a_private.pem");
    let pkcs8 = fixture("org_b_private_pkcs8.pem");
    for key in [&pkcs1, &pkcs8] {
        let ours = Cryptor::from_pem_file(key).unwrap();
        // Same public key on the wire, byte for byte.
        assert_eq!(
            reference(&python, key, "public", "-"),
            ours.public_key_base64()
        );

        // Ours → theirs, with non-ASCII and a larger body.
        let input = serde_json::json!({"method": "central_average", "args": [],
            "kwargs": {"column_name": "âge", "values": (0..500).collect::<Vec<_>>()}});
        let message = encrypt(&ours.public_key_base64(), input.to_string().as_bytes()).unwrap();
        let decrypted = reference(&python, key, "decrypt", &message);
        use base64::Engine as _;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(decrypted)
            .unwrap();
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&bytes).unwrap(),
            input
        );

        // Theirs → ours.
        let result = r#"{"average": 42.5, "n": 10, "naïve": true}"#;
        let theirs = reference(&python, key, "encrypt", result);
        assert_eq!(theirs.split('$').count(), 3);
        assert_eq!(decode(&theirs, Some(&ours)).unwrap(), result.as_bytes());
    }
}
