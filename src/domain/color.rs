//! Colours that reach markup (`style="background:…"`): only `#rrggbb` is a colour here, parsed
//! on the way in, so no text from a file can become CSS.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Color(u32);

impl Color {
    pub const SLATE: Color = Color(0x64748b);

    pub const fn rgb(value: u32) -> Color {
        Color(value & 0xff_ffff)
    }

    /// `#rrggbb` (either case); anything else is `None`.
    pub fn parse(text: &str) -> Option<Color> {
        let hex = text.strip_prefix('#')?;
        (hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit())).then(|| Color(u32::from_str_radix(hex, 16).unwrap_or(0)))
    }
}

impl Default for Color {
    fn default() -> Self {
        Color::SLATE
    }
}

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:06x}", self.0)
    }
}

impl Serialize for Color {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Color {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Color::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("not a colour of the form #rrggbb: {text:.40}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_six_hex_digits_after_a_hash_are_a_colour() {
        assert_eq!(Color::parse("#0D9488"), Some(Color::rgb(0x0d9488)));
        assert_eq!(Color::parse("#0d9488").unwrap().to_string(), "#0d9488");
        for bad in ["red", "#fff", "#0d94881", "0d9488", "#0d948g", "red;position:fixed;inset:0", "#000000;background:url(http://evil.example/x.png)", "", "#"] {
            assert_eq!(Color::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn serde_round_trips_and_refuses_css() {
        let c: Color = serde_json::from_str("\"#16a34a\"").unwrap();
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"#16a34a\"");
        let err = serde_json::from_str::<Color>("\"red;position:fixed;inset:0;z-index:9999\"").unwrap_err();
        assert!(err.to_string().contains("#rrggbb"), "{err}");
    }
}
