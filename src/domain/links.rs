//! Links that reach markup are built here, never by pasting a stored string after a scheme:
//! only `tel:` and `mailto:`, from values that pass the phone and e-mail checks, every
//! character outside a safe set percent-encoded. A stored value cannot add a header
//! (`?cc=…`), change the scheme or break out of the attribute.

use crate::domain::validation::{is_email, is_phone};

/// An `href` value this module made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Href(String);

impl Href {
    /// `tel:` with the number's digits (and a leading +) only.
    pub fn tel(phone: &str) -> Option<Href> {
        let phone = phone.trim();
        if !is_phone(phone) {
            return None;
        }
        let plus = if phone.starts_with('+') { "+" } else { "" };
        let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
        Some(Href(format!("tel:{plus}{digits}")))
    }

    /// `mailto:` with the address percent-encoded but for letters, digits, `-._~` and the `@`.
    pub fn mailto(email: &str) -> Option<Href> {
        let email = email.trim();
        if !is_email(email) {
            return None;
        }
        let mut out = String::from("mailto:");
        for c in email.chars() {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~' | '@') {
                out.push(c);
            } else {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
        Some(Href(out))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_links_carry_digits_only() {
        assert_eq!(Href::tel("+86 (138) 0013-8000").unwrap().as_str(), "tel:+8613800138000");
        assert_eq!(Href::tel("010.6655.7788").unwrap().as_str(), "tel:01066557788");
        assert_eq!(Href::tel("javascript:alert(1)"), None);
        assert_eq!(Href::tel("call me maybe"), None);
    }

    #[test]
    fn mail_links_cannot_add_headers_or_leave_the_attribute() {
        assert_eq!(Href::mailto("li.lei@example.cn").unwrap().as_str(), "mailto:li.lei@example.cn");
        let sneaky = Href::mailto("a?cc=boss@corp.example&body=x\"onmouseover=alert(1)").unwrap();
        assert!(!sneaky.as_str()[7..].contains(['?', '&', '"', '=', ':', '<', '>']), "{sneaky:?}");
        assert_eq!(Href::mailto("王@例子.中国").unwrap().as_str(), "mailto:%E7%8E%8B@%E4%BE%8B%E5%AD%90.%E4%B8%AD%E5%9B%BD");
        assert_eq!(Href::mailto("not an address"), None);
    }
}
