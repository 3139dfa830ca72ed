//! The browser's WebCrypto as the primitives of sealed backups (`domain::sealed`): PBKDF2 and
//! AES-GCM run natively in the browser, so no crypto code ships in the wasm.

use crate::domain::rng::Rng;
use crate::domain::sealed::Primitives;
use js_sys::{Array, Uint8Array};
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AesGcmParams, AesKeyGenParams, CryptoKey, Pbkdf2Params, SubtleCrypto};

pub struct WebCrypto {
    /// Random bytes from a seed instead of the browser's generator: tests only (the known
    /// answer shared with the native tests).
    seeded: Option<RefCell<Rng>>,
}

impl WebCrypto {
    pub fn new() -> Self {
        WebCrypto { seeded: None }
    }

    /// Not for sealing anything real: the "random" bytes are the seed's.
    pub fn seeded_for_tests(seed: u64) -> Self {
        WebCrypto { seeded: Some(RefCell::new(Rng(seed))) }
    }

    fn crypto() -> Result<web_sys::Crypto, String> {
        web_sys::window().ok_or("no window")?.crypto().map_err(text)
    }

    fn subtle() -> Result<SubtleCrypto, String> {
        Ok(Self::crypto()?.subtle())
    }
}

impl Default for WebCrypto {
    fn default() -> Self {
        Self::new()
    }
}

fn text(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_else(|| format!("{e:?}"))
}

async fn done(promise: Result<js_sys::Promise, JsValue>) -> Result<JsValue, JsValue> {
    JsFuture::from(promise?).await
}

fn gcm(nonce: &[u8]) -> AesGcmParams {
    AesGcmParams::new("AES-GCM", &Uint8Array::from(nonce))
}

impl Primitives for WebCrypto {
    type Key = CryptoKey;

    async fn derive(&self, password: &str, salt: &[u8], iterations: u32) -> Result<CryptoKey, String> {
        let subtle = Self::subtle()?;
        let raw = Uint8Array::from(password.as_bytes());
        let base: CryptoKey = done(subtle.import_key_with_str("raw", &raw, "PBKDF2", false, &Array::of1(&"deriveKey".into())))
            .await
            .map_err(text)?
            .unchecked_into();
        let params = Pbkdf2Params::new_with_str("PBKDF2", "SHA-256", iterations, &Uint8Array::from(salt));
        let usages = Array::of2(&"encrypt".into(), &"decrypt".into());
        let key = done(subtle.derive_key_with_object_and_object(&params, &base, &AesKeyGenParams::new("AES-GCM", 256), false, &usages))
            .await
            .map_err(text)?;
        Ok(key.unchecked_into())
    }

    async fn encrypt(&self, key: &CryptoKey, nonce: &[u8], plain: &[u8]) -> Result<Vec<u8>, String> {
        let out = done(Self::subtle()?.encrypt_with_object_and_u8_array(&gcm(nonce), key, plain)).await.map_err(text)?;
        Ok(Uint8Array::new(&out).to_vec())
    }

    async fn decrypt(&self, key: &CryptoKey, nonce: &[u8], sealed: &[u8]) -> Result<Option<Vec<u8>>, String> {
        match done(Self::subtle()?.decrypt_with_object_and_u8_array(&gcm(nonce), key, sealed)).await {
            Ok(out) => Ok(Some(Uint8Array::new(&out).to_vec())),
            // The tag did not match: WebCrypto's OperationError.
            Err(e) if e.dyn_ref::<web_sys::DomException>().is_some_and(|d| d.name() == "OperationError") => Ok(None),
            Err(e) => Err(text(e)),
        }
    }

    fn random(&self, n: usize) -> Vec<u8> {
        if let Some(rng) = &self.seeded {
            let mut rng = rng.borrow_mut();
            return (0..n).map(|_| rng.below(256) as u8).collect();
        }
        let mut bytes = vec![0u8; n];
        // A failure leaves zeros, which `seal` refuses (the two nonces would be equal).
        if let Ok(c) = Self::crypto() {
            let _ = c.get_random_values_with_u8_array(&mut bytes);
        }
        bytes
    }
}
