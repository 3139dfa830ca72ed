//! Reading stored times and days quickly. Every record carries a few of them, and chrono's
//! general parser (formats, offsets, whitespace) takes several times longer than the rest of a
//! field: reading 100,000 records spends a noticeable share of its time there. The exact forms
//! chrono writes (`2026-03-24T01:38:00Z`, with up to nine digits of fraction; `2026-03-24`)
//! are read directly; anything else goes to chrono's own parser, so what is accepted and what
//! is refused is exactly what it was. Used as `#[serde(deserialize_with = …)]` on fields.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::de::{self, Deserialize, Deserializer, Visitor};
use std::fmt;

/// The time in `s` when it is in the form chrono writes, `None` otherwise (or when it names
/// no time, like the 30th of February: chrono's parser then says why).
pub fn quick_time(s: &str) -> Option<DateTime<Utc>> {
    let b = s.as_bytes();
    if b.len() < 20 || b.len() > 30 || b[10] != b'T' || b[13] != b':' || b[16] != b':' || b[b.len() - 1] != b'Z' {
        return None;
    }
    let date = quick_date(&s[..10])?;
    let nanos = match b.len() {
        20 => 0,
        21 => return None,
        n => {
            if b[19] != b'.' {
                return None;
            }
            digits(&b[20..n - 1])? * 10u32.pow(30 - n as u32)
        }
    };
    let time = NaiveTime::from_hms_nano_opt(digits(&b[11..13])?, digits(&b[14..16])?, digits(&b[17..19])?, nanos)?;
    Some(Utc.from_utc_datetime(&date.and_time(time)))
}

/// The day in `s` when it is `YYYY-MM-DD`.
pub fn quick_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(digits(&b[..4])? as i32, digits(&b[5..7])?, digits(&b[8..10])?)
}

/// The number the ASCII digits in `b` write (at most nine of them).
fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
}

/// A time read with [`quick_time`], else by chrono.
struct Time(DateTime<Utc>);

/// A day read with [`quick_date`], else by chrono.
struct Day(NaiveDate);

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let slow = |s: &str| s.parse::<DateTime<chrono::FixedOffset>>().map(|t| t.with_timezone(&Utc)).map_err(|e| e.to_string());
        read(d, "an RFC 3339 date and time", quick_time, slow).map(Time)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        read(d, "a date (YYYY-MM-DD)", quick_date, |s| s.parse::<NaiveDate>().map_err(|e| e.to_string())).map(Day)
    }
}

/// A string read by `quick`, else by `slow` (chrono's own parser, whose message an error
/// carries).
fn read<'de, D: Deserializer<'de>, T>(d: D, what: &'static str, quick: fn(&str) -> Option<T>, slow: fn(&str) -> Result<T, String>) -> Result<T, D::Error> {
    struct V<T> {
        what: &'static str,
        quick: fn(&str) -> Option<T>,
        slow: fn(&str) -> Result<T, String>,
    }
    impl<T> Visitor<'_> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(self.what)
        }
        fn visit_str<E: de::Error>(self, s: &str) -> Result<T, E> {
            (self.quick)(s).map_or_else(|| (self.slow)(s).map_err(E::custom), Ok)
        }
    }
    d.deserialize_str(V { what, quick, slow })
}

pub fn time<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    Time::deserialize(d).map(|t| t.0)
}

pub fn time_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    Option::<Time>::deserialize(d).map(|t| t.map(|t| t.0))
}

pub fn day<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    Day::deserialize(d).map(|t| t.0)
}

pub fn day_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    Option::<Day>::deserialize(d).map(|t| t.map(|t| t.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rng::Rng;

    /// What chrono's own `Deserialize` makes of a JSON string.
    fn chrono_time(s: &str) -> Option<DateTime<Utc>> {
        serde_json::from_value(serde_json::Value::String(s.into())).ok()
    }

    fn chrono_date(s: &str) -> Option<NaiveDate> {
        serde_json::from_value(serde_json::Value::String(s.into())).ok()
    }

    fn ours_time(s: &str) -> Option<DateTime<Utc>> {
        time(serde_json::Value::String(s.into())).ok()
    }

    fn ours_date(s: &str) -> Option<NaiveDate> {
        day(serde_json::Value::String(s.into())).ok()
    }

    #[test]
    fn what_chrono_writes_is_read_quickly_and_alike() {
        let mut rng = Rng(7);
        for _ in 0..20_000 {
            let secs = rng.below(4_000_000_000) as i64 - 500_000_000;
            let nanos = [0, rng.below(1000) as u32 * 1_000_000, rng.below(1_000_000_000) as u32][rng.below(3)];
            let t = Utc.timestamp_opt(secs, nanos).unwrap();
            let written = serde_json::to_value(t).unwrap();
            let s = written.as_str().unwrap();
            assert_eq!(quick_time(s), Some(t), "{s}");
            assert_eq!(quick_date(&t.date_naive().to_string()), Some(t.date_naive()));
        }
        assert_eq!(quick_time("2026-03-24T01:38:00Z"), chrono_time("2026-03-24T01:38:00Z"));
        assert_eq!(quick_time("2026-03-24T01:38:00.5Z"), chrono_time("2026-03-24T01:38:00.5Z"));
    }

    #[test]
    fn anything_else_is_chronos_to_accept_or_refuse() {
        let times = [
            "2026-03-24T01:38:00+08:00",
            "2026-03-24T01:38:00.123456789012Z",
            "2026-03-24t01:38:00z",
            "2026-03-24 01:38:00Z",
            "2026-02-30T01:38:00Z",
            "2026-03-24T24:00:00Z",
            "2026-03-24T23:59:60Z",
            "2026-03-24T01:38:00.Z",
            "2026-03-24T01:38Z",
            "2026-03-24T01:38:0aZ",
            "+2026-03-24T01:38:00Z",
            "-001-03-24T01:38:00Z",
            "2026-3-24T01:38:00Z",
            "２０２６-03-24T01:38:00Z",
            "",
            "garbage",
        ];
        for s in times {
            assert_eq!(ours_time(s), chrono_time(s), "{s:?}");
        }
        let days = ["2026-03-24", "2026-02-29", "2024-02-29", "2026-13-01", "2026-3-4", "+12026-03-24", "2026-03-24 ", "20260324", "0000-01-01", ""];
        for s in days {
            assert_eq!(ours_date(s), chrono_date(s), "{s:?}");
        }
        assert_eq!(time_opt(serde_json::Value::Null).unwrap(), None);
        assert_eq!(day_opt(serde_json::Value::Null).unwrap(), None);
        assert!(time(serde_json::json!(5)).is_err(), "a number is no time");
    }
}
