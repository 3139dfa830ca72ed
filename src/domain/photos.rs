//! Business-card photos 名片照片: a picture taken on the tablet at the stand, shrunk in the
//! browser and kept with the lead (deal) it was taken for, in a store of its own so the deals
//! stay small to read.

use crate::domain::validation::{Checker, FieldProblem, Problem};
use crate::domain::Id;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The longest side of a stored photo, in pixels: a business card stays legible.
pub const MAX_SIDE: u32 = 1600;
/// The most a stored photo may take (its base64 text, about 4/3 of its bytes).
pub const MAX_DATA_CHARS: usize = 700_000;
/// The picture types kept.
pub const TYPES: [&str; 3] = ["image/jpeg", "image/png", "image/webp"];

/// A picture ready to keep (shrunk in the browser): its type, base64 text and size.
#[derive(Clone, Debug, PartialEq)]
pub struct Picture {
    pub mime: String,
    pub data: String,
    pub width: u32,
    pub height: u32,
}

impl Picture {
    /// The picture as a `data:` address for an `<img>`.
    pub fn src(&self) -> String {
        data_address(&self.mime, &self.data)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CardPhoto {
    pub id: Id,
    /// The lead it was taken for.
    pub deal_id: Id,
    pub mime: String,
    /// The picture, base64.
    pub data: String,
    pub width: u32,
    pub height: u32,
    #[serde(deserialize_with = "crate::domain::stamps::time")]
    pub created_at: DateTime<Utc>,
    #[serde(deserialize_with = "crate::domain::stamps::time")]
    pub updated_at: DateTime<Utc>,
    /// Changes with every write: a save that expected another revision is refused (see `Service::write`). 0 until first stored.
    #[serde(default)]
    pub rev: u32,
}

impl CardPhoto {
    /// `picture` as a new photo of `deal_id`.
    pub fn of(id: Id, deal_id: Id, picture: Picture, now: DateTime<Utc>) -> CardPhoto {
        let Picture { mime, data, width, height } = picture;
        CardPhoto { id, deal_id, mime, data, width, height, created_at: now, updated_at: now, rev: 0 }
    }

    pub fn validate(&self) -> Vec<FieldProblem> {
        let mut c = Checker::new();
        c.required("deal_id", &self.deal_id);
        if !TYPES.contains(&self.mime.as_str()) {
            c.push("mime", Problem::Malformed(self.mime.chars().take(40).collect()));
        }
        if self.data.is_empty() {
            c.push("data", Problem::Required);
        } else if self.data.len() > MAX_DATA_CHARS {
            c.push("data", Problem::TooLong { max: MAX_DATA_CHARS });
        } else {
            match crate::domain::base64::decode(&self.data) {
                None => c.push("data", Problem::Malformed("base64".into())),
                // The bytes begin the way a picture of its type does (a file of text renamed
                // .jpg would show as a broken picture on the deal).
                Some(bytes) if TYPES.contains(&self.mime.as_str()) && !begins_as(&self.mime, &bytes) => c.push("data", Problem::Malformed(self.mime.clone())),
                Some(_) => {}
            }
        }
        c.range("width", i64::from(self.width), 1, i64::from(MAX_SIDE)).range("height", i64::from(self.height), 1, i64::from(MAX_SIDE));
        c.finish()
    }

    /// The picture as a `data:` address for an `<img>`.
    pub fn src(&self) -> String {
        data_address(&self.mime, &self.data)
    }
}

/// Whether `bytes` start with the signature of a `mime` picture.
fn begins_as(mime: &str, bytes: &[u8]) -> bool {
    match mime {
        "image/jpeg" => bytes.starts_with(&[0xff, 0xd8, 0xff]),
        "image/png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "image/webp" => bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP",
        _ => false,
    }
}

fn data_address(mime: &str, base64: &str) -> String {
    format!("data:{mime};base64,{base64}")
}

/// The size of a picture `width` × `height` shrunk to fit [`MAX_SIDE`] (never enlarged), each
/// side at least 1 pixel.
pub fn fitted(width: u32, height: u32) -> (u32, u32) {
    let longest = width.max(height).max(1);
    if longest <= MAX_SIDE {
        return (width.max(1), height.max(1));
    }
    let scale = |side: u32| ((u64::from(side) * u64::from(MAX_SIDE) + u64::from(longest) / 2) / u64::from(longest)).max(1) as u32;
    (scale(width), scale(height))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn photo() -> CardPhoto {
        let now: DateTime<Utc> = "2026-03-06T02:30:00Z".parse().unwrap();
        CardPhoto { id: "ph".into(), deal_id: "d".into(), mime: "image/jpeg".into(), data: crate::domain::base64::encode(&[0xff, 0xd8, 0xff, 0xe0]), width: 1600, height: 1000, created_at: now, updated_at: now, rev: 0 }
    }

    #[test]
    fn a_photo_is_a_small_known_picture_of_a_deal() {
        assert_eq!(photo().validate(), vec![]);
        assert_eq!(photo().src(), "data:image/jpeg;base64,/9j/4A==");
        let fields = |p: CardPhoto| p.validate().into_iter().map(|p| p.field).collect::<Vec<_>>();
        assert_eq!(fields(CardPhoto { mime: "text/html".into(), deal_id: String::new(), ..photo() }), ["deal_id", "mime"]);
        assert_eq!(fields(CardPhoto { data: String::new(), width: 0, height: 5000, ..photo() }), ["data", "width", "height"]);
        assert_eq!(fields(CardPhoto { data: "A".repeat(MAX_DATA_CHARS + 4), ..photo() }), ["data"]);
        assert_eq!(fields(CardPhoto { data: "not base64!".into(), ..photo() }), ["data"]);
        // Base64 of something that is not the picture its type names.
        let b64 = crate::domain::base64::encode;
        assert_eq!(fields(CardPhoto { data: b64(b"not a jpeg at all"), ..photo() }), ["data"]);
        assert_eq!(fields(CardPhoto { mime: "image/png".into(), ..photo() }), ["data"], "JPEG bytes called PNG");
        assert_eq!(fields(CardPhoto { mime: "image/png".into(), data: b64(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), ..photo() }), Vec::<&str>::new());
        assert_eq!(fields(CardPhoto { mime: "image/webp".into(), data: b64(b"RIFF\x10\0\0\0WEBPVP8 "), ..photo() }), Vec::<&str>::new());
        assert_eq!(fields(CardPhoto { mime: "image/webp".into(), data: b64(b"RIFF\x10\0\0\0AVI LIST"), ..photo() }), ["data"]);
    }

    #[test]
    fn a_picture_is_shrunk_to_fit_never_enlarged() {
        assert_eq!(fitted(4032, 3024), (1600, 1200));
        assert_eq!(fitted(3024, 4032), (1200, 1600));
        assert_eq!(fitted(800, 600), (800, 600));
        assert_eq!(fitted(100_000, 1), (1600, 1));
        assert_eq!(fitted(0, 0), (1, 1));
    }
}
