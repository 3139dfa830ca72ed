//! Password-protected backups (format: docs/backup-format.md, "Sealed backups"): a backup's
//! JSON text encrypted with AES-256-GCM under a key derived from the password with
//! PBKDF2-SHA256, in a small JSON envelope that names every parameter. A short check value (the
//! tag of nothing, sealed under the key) tells a wrong password from a file altered after it
//! was made. The primitives come from outside ([`Primitives`]): the browser's WebCrypto in the
//! app, a pure-Rust implementation in the native tests — both must give the same bytes.

use crate::domain::base64;
use serde::{Deserialize, Serialize};

pub const SEALED_TYPE: &str = "salesdesk-sealed-backup";
pub const SEALED_VERSION: u64 = 1;
/// PBKDF2 rounds written by this build (OWASP's figure for PBKDF2-HMAC-SHA256).
pub const ITERATIONS: u32 = 600_000;
/// Rounds accepted when reading: a file cannot make the app spin for minutes.
pub const READ_ITERATIONS: std::ops::RangeInclusive<u32> = 1_000..=10_000_000;
pub const MIN_PASSWORD_CHARS: usize = 8;
const SALT_BYTES: usize = 16;
const NONCE_BYTES: usize = 12;
const TAG_BYTES: usize = 16;

/// The crypto a sealed backup needs. `decrypt` answers `Ok(None)` when the tag does not match
/// (wrong key or altered bytes), `Err` only when the primitive itself failed.
#[allow(async_fn_in_trait)]
pub trait Primitives {
    type Key;
    async fn derive(&self, password: &str, salt: &[u8], iterations: u32) -> Result<Self::Key, String>;
    async fn encrypt(&self, key: &Self::Key, nonce: &[u8], plain: &[u8]) -> Result<Vec<u8>, String>;
    async fn decrypt(&self, key: &Self::Key, nonce: &[u8], sealed: &[u8]) -> Result<Option<Vec<u8>>, String>;
    fn random(&self, n: usize) -> Vec<u8>;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SealError {
    /// Not JSON, or a field missing or of the wrong shape (named).
    Malformed(String),
    /// A newer or different format, KDF or cipher (named).
    Unsupported(String),
    WrongPassword,
    /// The password is right but the content does not match its tag.
    Altered,
    /// Decrypted, but not UTF-8 text.
    NotText,
    /// The browser's crypto failed.
    Crypto(String),
}

#[derive(Serialize, Deserialize)]
struct Envelope {
    #[serde(rename = "type")]
    kind: String,
    version: u64,
    kdf: Kdf,
    cipher: Cipher,
    check: Check,
    ciphertext: String,
}

#[derive(Serialize, Deserialize)]
struct Kdf {
    name: String,
    hash: String,
    iterations: u32,
    salt: String,
}

#[derive(Serialize, Deserialize)]
struct Cipher {
    name: String,
    key_bits: u32,
    nonce: String,
}

#[derive(Serialize, Deserialize)]
struct Check {
    nonce: String,
    tag: String,
}

/// Whether `text` is a sealed backup, from its first bytes only (the writer puts `type`
/// first): a plain backup of 100 MB is not parsed to find out.
pub fn is_sealed(text: &str) -> bool {
    let text = text.trim_start_matches('\u{feff}').trim();
    let marker = format!("\"type\":\"{SEALED_TYPE}\"");
    let compact = |chars: &mut dyn Iterator<Item = char>| chars.take(256).filter(|c| !c.is_whitespace()).collect::<String>();
    if !text.starts_with('{') {
        return false;
    }
    // Written by this app (`type` first), or re-saved by a tool that sorts keys (`type` and
    // `version` last).
    let head = compact(&mut text.chars());
    let tail: String = compact(&mut text.chars().rev()).chars().rev().collect();
    if head.contains(&marker) || tail.contains(&marker) {
        return true;
    }
    // Anywhere else: only a full read can tell, and only files naming the type need one.
    #[derive(Deserialize)]
    struct Probe {
        #[serde(rename = "type")]
        kind: Option<String>,
    }
    text.contains(SEALED_TYPE) && serde_json::from_str::<Probe>(text).is_ok_and(|p| p.kind.as_deref() == Some(SEALED_TYPE))
}

/// What is wrong with a new password and its repetition, if anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    TooShort,
    Mismatch,
}

pub fn password_problem(password: &str, repeated: &str) -> Option<PasswordProblem> {
    if password.chars().count() < MIN_PASSWORD_CHARS || password.trim().is_empty() {
        Some(PasswordProblem::TooShort)
    } else if password != repeated {
        Some(PasswordProblem::Mismatch)
    } else {
        None
    }
}

/// `plain` (a backup's JSON text) sealed with `password`, as the envelope's JSON text.
pub async fn seal<P: Primitives>(p: &P, password: &str, plain: &str) -> Result<String, SealError> {
    seal_with(p, password, plain, ITERATIONS).await
}

pub async fn seal_with<P: Primitives>(p: &P, password: &str, plain: &str, iterations: u32) -> Result<String, SealError> {
    let salt = p.random(SALT_BYTES);
    let nonce = p.random(NONCE_BYTES);
    let check_nonce = p.random(NONCE_BYTES);
    if salt.len() != SALT_BYTES || nonce.len() != NONCE_BYTES || check_nonce.len() != NONCE_BYTES || nonce == check_nonce {
        return Err(SealError::Crypto("random bytes".into()));
    }
    let key = p.derive(password, &salt, iterations).await.map_err(SealError::Crypto)?;
    let check = p.encrypt(&key, &check_nonce, &[]).await.map_err(SealError::Crypto)?;
    let sealed = p.encrypt(&key, &nonce, plain.as_bytes()).await.map_err(SealError::Crypto)?;
    let envelope = Envelope {
        kind: SEALED_TYPE.into(),
        version: SEALED_VERSION,
        kdf: Kdf { name: "PBKDF2".into(), hash: "SHA-256".into(), iterations, salt: base64::encode(&salt) },
        cipher: Cipher { name: "AES-GCM".into(), key_bits: 256, nonce: base64::encode(&nonce) },
        check: Check { nonce: base64::encode(&check_nonce), tag: base64::encode(&check) },
        ciphertext: base64::encode(&sealed),
    };
    serde_json::to_string(&envelope).map_err(|e| SealError::Crypto(e.to_string()))
}

/// The backup text inside a sealed backup, or why not. Nothing is derived before the envelope
/// is known to be well-formed and supported.
pub async fn open<P: Primitives>(p: &P, password: &str, text: &str) -> Result<String, SealError> {
    let e: Envelope = serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| SealError::Malformed(e.to_string()))?;
    if e.kind != SEALED_TYPE {
        return Err(SealError::Malformed("type".into()));
    }
    if e.version != SEALED_VERSION {
        return Err(SealError::Unsupported(format!("version {}", e.version)));
    }
    if e.kdf.name != "PBKDF2" || e.kdf.hash != "SHA-256" {
        return Err(SealError::Unsupported(format!("kdf {} {}", e.kdf.name, e.kdf.hash)));
    }
    if !READ_ITERATIONS.contains(&e.kdf.iterations) {
        return Err(SealError::Unsupported(format!("kdf.iterations {}", e.kdf.iterations)));
    }
    if e.cipher.name != "AES-GCM" || e.cipher.key_bits != 256 {
        return Err(SealError::Unsupported(format!("cipher {} {}", e.cipher.name, e.cipher.key_bits)));
    }
    let bytes = |field: &str, text: &str, len: Option<usize>| -> Result<Vec<u8>, SealError> {
        base64::decode(text)
            .filter(|b| len.is_none_or(|n| b.len() == n))
            .ok_or_else(|| SealError::Malformed(field.into()))
    };
    let salt = bytes("kdf.salt", &e.kdf.salt, Some(SALT_BYTES))?;
    let nonce = bytes("cipher.nonce", &e.cipher.nonce, Some(NONCE_BYTES))?;
    let check_nonce = bytes("check.nonce", &e.check.nonce, Some(NONCE_BYTES))?;
    let check = bytes("check.tag", &e.check.tag, Some(TAG_BYTES))?;
    let sealed = bytes("ciphertext", &e.ciphertext, None)?;
    if sealed.len() < TAG_BYTES {
        return Err(SealError::Malformed("ciphertext".into()));
    }
    let key = p.derive(password, &salt, e.kdf.iterations).await.map_err(SealError::Crypto)?;
    match p.decrypt(&key, &check_nonce, &check).await.map_err(SealError::Crypto)? {
        Some(empty) if empty.is_empty() => {}
        _ => return Err(SealError::WrongPassword),
    }
    let plain = p.decrypt(&key, &nonce, &sealed).await.map_err(SealError::Crypto)?.ok_or(SealError::Altered)?;
    String::from_utf8(plain).map_err(|_| SealError::NotText)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
pub mod tests {
    use super::*;
    use aes_gcm::aead::{Aead, KeyInit, Payload};
    use std::cell::RefCell;

    /// RustCrypto's AES-GCM and PBKDF2, with random bytes from a seeded generator (or given).
    pub struct Native {
        pub rng: RefCell<crate::domain::rng::Rng>,
    }

    impl Native {
        pub fn new(seed: u64) -> Self {
            Native { rng: RefCell::new(crate::domain::rng::Rng(seed)) }
        }
    }

    impl Primitives for Native {
        type Key = [u8; 32];
        async fn derive(&self, password: &str, salt: &[u8], iterations: u32) -> Result<[u8; 32], String> {
            let mut key = [0u8; 32];
            pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password.as_bytes(), salt, iterations, &mut key);
            Ok(key)
        }
        async fn encrypt(&self, key: &[u8; 32], nonce: &[u8], plain: &[u8]) -> Result<Vec<u8>, String> {
            let cipher = aes_gcm::Aes256Gcm::new(key.into());
            cipher.encrypt(nonce.into(), Payload { msg: plain, aad: &[] }).map_err(|e| e.to_string())
        }
        async fn decrypt(&self, key: &[u8; 32], nonce: &[u8], sealed: &[u8]) -> Result<Option<Vec<u8>>, String> {
            let cipher = aes_gcm::Aes256Gcm::new(key.into());
            Ok(cipher.decrypt(nonce.into(), Payload { msg: sealed, aad: &[] }).ok())
        }
        fn random(&self, n: usize) -> Vec<u8> {
            let mut rng = self.rng.borrow_mut();
            (0..n).map(|_| rng.below(256) as u8).collect()
        }
    }

    /// Runs a future that never waits (the native primitives are synchronous).
    pub fn now<F: std::future::Future>(f: F) -> F::Output {
        let mut f = std::pin::pin!(f);
        match f.as_mut().poll(&mut std::task::Context::from_waker(std::task::Waker::noop())) {
            std::task::Poll::Ready(v) => v,
            std::task::Poll::Pending => panic!("the native primitives do not wait"),
        }
    }

    /// A known answer shared with the browser test (tests/storage.rs), which opens it with
    /// WebCrypto and seals the same bytes again: the two implementations agree.
    pub const VECTOR_PASSWORD: &str = "正确 horse battery staple";
    pub const VECTOR_PLAIN: &str = "{\"type\":\"salesdesk-backup\",\"note\":\"销售台 ✓\"}";
    pub const VECTOR_SEED: u64 = 2026;
    pub const VECTOR_ITERATIONS: u32 = 1_000;
    pub const VECTOR: &str = include_str!("../../tests/fixtures/sealed-vector.json");

    fn sealed(password: &str, plain: &str) -> String {
        now(seal_with(&Native::new(1), password, plain, 1_000)).unwrap()
    }

    fn edit(text: &str, f: impl FnOnce(&mut serde_json::Value)) -> String {
        let mut v: serde_json::Value = serde_json::from_str(text).unwrap();
        f(&mut v);
        v.to_string()
    }

    #[test]
    fn round_trip_and_the_known_vector() {
        let plain = "{\"type\":\"salesdesk-backup\",\"data\":{\"customers\":[{\"name\":\"华东贸易\"}]}}";
        let text = sealed("a long password", plain);
        assert!(is_sealed(&text));
        assert!(!is_sealed(plain));
        assert!(!is_sealed("not json"));
        // Keys sorted by another tool (type near the end), pretty-printed, or in the middle.
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let sorted = serde_json::to_string_pretty(&v).unwrap(); // serde_json's map is ordered by key
        assert!(sorted.find("\"type\"").unwrap() > sorted.find("\"ciphertext\"").unwrap());
        assert!(is_sealed(&sorted));
        let mut middle = serde_json::Map::new();
        middle.insert("ciphertext".into(), v["ciphertext"].clone());
        middle.insert("type".into(), v["type"].clone());
        middle.insert("zz".into(), "x".repeat(300).into());
        assert!(is_sealed(&serde_json::Value::Object(middle).to_string()));
        // A plain backup that only mentions the type in a note is not one.
        assert!(!is_sealed(&format!("{{\"type\":\"salesdesk-backup\",\"note\":\"{SEALED_TYPE}\",\"pad\":\"{}\"}}", "x".repeat(300))));
        assert_eq!(now(open(&Native::new(9), "a long password", &text)), Ok(plain.to_string()));
        // The envelope names what it uses; nothing of the text shows through.
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["kdf"]["iterations"], 1_000);
        assert_eq!(v["cipher"]["name"], "AES-GCM");
        assert!(!text.contains("华东") && !text.contains("customers"));
        // Another seal of the same text differs (fresh salt and nonce).
        assert_ne!(now(seal_with(&Native::new(2), "a long password", plain, 1_000)).unwrap(), text);

        let vector = now(seal_with(&Native::new(VECTOR_SEED), VECTOR_PASSWORD, VECTOR_PLAIN, VECTOR_ITERATIONS)).unwrap();
        assert_eq!(vector, VECTOR.trim(), "tests/fixtures/sealed-vector.json is what the native primitives write");
        assert_eq!(now(open(&Native::new(0), VECTOR_PASSWORD, VECTOR)), Ok(VECTOR_PLAIN.to_string()));
    }

    #[test]
    fn writes_the_full_rounds() {
        // A stand-in that only records what it is asked (600,000 real rounds are slow unoptimised).
        struct Counting(RefCell<Vec<u32>>, std::cell::Cell<u8>);
        impl Primitives for Counting {
            type Key = ();
            async fn derive(&self, _: &str, _: &[u8], iterations: u32) -> Result<(), String> {
                self.0.borrow_mut().push(iterations);
                Ok(())
            }
            async fn encrypt(&self, _: &(), _: &[u8], plain: &[u8]) -> Result<Vec<u8>, String> {
                Ok([plain, &[0u8; 16]].concat())
            }
            async fn decrypt(&self, _: &(), _: &[u8], sealed: &[u8]) -> Result<Option<Vec<u8>>, String> {
                Ok(Some(sealed[..sealed.len() - 16].to_vec()))
            }
            fn random(&self, n: usize) -> Vec<u8> {
                (0..n).map(|_| { self.1.set(self.1.get().wrapping_add(1)); self.1.get() }).collect()
            }
        }
        let p = Counting(RefCell::new(Vec::new()), std::cell::Cell::new(0));
        let text = now(seal(&p, "a long password", "{}")).unwrap();
        assert_eq!(*p.0.borrow(), vec![ITERATIONS]);
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap()["kdf"]["iterations"], 600_000);
    }

    #[test]
    fn a_wrong_password_and_an_altered_file_say_so() {
        let text = sealed("a long password", "{\"a\":1}");
        let open_ = |password: &str, text: &str| now(open(&Native::new(3), password, text));
        assert_eq!(open_("a long passworD", &text), Err(SealError::WrongPassword));
        assert_eq!(open_("", &text), Err(SealError::WrongPassword));

        // One bit of the content flipped: the password is right, the content is not.
        let flipped = edit(&text, |v| {
            let mut bytes = base64::decode(v["ciphertext"].as_str().unwrap()).unwrap();
            bytes[0] ^= 1;
            v["ciphertext"] = base64::encode(&bytes).into();
        });
        assert_eq!(open_("a long password", &flipped), Err(SealError::Altered));
        // Cut short, or the tag changed.
        let cut = edit(&text, |v| {
            let bytes = base64::decode(v["ciphertext"].as_str().unwrap()).unwrap();
            v["ciphertext"] = base64::encode(&bytes[..bytes.len() - 1]).into();
        });
        assert_eq!(open_("a long password", &cut), Err(SealError::Altered));
        // Parameters changed: another key, so the check fails first.
        for (path, value) in [("kdf.iterations", serde_json::json!(1001)), ("kdf.salt", base64::encode(&[7u8; 16]).into())] {
            let (a, b) = path.split_once('.').unwrap();
            let changed = edit(&text, |v| v[a][b] = value.clone());
            assert_eq!(open_("a long password", &changed), Err(SealError::WrongPassword), "{path}");
        }
        // The nonce changed: the check still passes, the content does not.
        let renonced = edit(&text, |v| v["cipher"]["nonce"] = base64::encode(&[9u8; 12]).into());
        assert_eq!(open_("a long password", &renonced), Err(SealError::Altered));
    }

    #[test]
    fn a_broken_or_foreign_envelope_is_refused_before_any_key_is_made() {
        let text = sealed("a long password", "{}");
        let open_ = |text: &str| now(open(&Native::new(3), "a long password", text));
        assert!(matches!(open_("{\"type\":\"salesdesk-sealed-backup\""), Err(SealError::Malformed(_))));
        assert!(matches!(open_("[]"), Err(SealError::Malformed(_))));
        let cases: [(&str, fn(&mut serde_json::Value), SealError); 9] = [
            ("type", |v| v["type"] = "salesdesk-backup".into(), SealError::Malformed("type".into())),
            ("version", |v| v["version"] = 2.into(), SealError::Unsupported("version 2".into())),
            ("kdf", |v| v["kdf"]["hash"] = "SHA-1".into(), SealError::Unsupported("kdf PBKDF2 SHA-1".into())),
            ("rounds", |v| v["kdf"]["iterations"] = 4_000_000_000u32.into(), SealError::Unsupported("kdf.iterations 4000000000".into())),
            ("few rounds", |v| v["kdf"]["iterations"] = 10.into(), SealError::Unsupported("kdf.iterations 10".into())),
            ("cipher", |v| v["cipher"]["key_bits"] = 128.into(), SealError::Unsupported("cipher AES-GCM 128".into())),
            ("salt", |v| v["kdf"]["salt"] = "not base64!".into(), SealError::Malformed("kdf.salt".into())),
            ("nonce length", |v| v["cipher"]["nonce"] = base64::encode(&[1u8; 8]).into(), SealError::Malformed("cipher.nonce".into())),
            ("check", |v| v["check"]["tag"] = "".into(), SealError::Malformed("check.tag".into())),
        ];
        for (what, change, expected) in cases {
            assert_eq!(open_(&edit(&text, change)), Err(expected), "{what}");
        }
        let missing = edit(&text, |v| {
            v.as_object_mut().unwrap().remove("check");
        });
        assert!(matches!(open_(&missing), Err(SealError::Malformed(m)) if m.contains("check")));
    }

    #[test]
    fn new_passwords_are_long_enough_and_typed_twice_alike() {
        assert_eq!(password_problem("short", "short"), Some(PasswordProblem::TooShort));
        assert_eq!(password_problem("密码密码密码密", "密码密码密码密"), Some(PasswordProblem::TooShort));
        assert_eq!(password_problem("密码密码密码密码", "密码密码密码密码"), None);
        assert_eq!(password_problem("a long password", "a long passwort"), Some(PasswordProblem::Mismatch));
        assert_eq!(password_problem("          ", "          "), Some(PasswordProblem::TooShort));
    }
}
