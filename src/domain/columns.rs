//! Values the app keeps in the database between visits (the won-lines index, the purchases,
//! the customer list), in fixed widths (little-endian) and length-prefixed texts — large ones
//! column by column: reading them back is a pass over the bytes, not a parse. A reader never
//! panics on damaged bytes: it gives `None`.

use rust_decimal::Decimal;

/// Bytes being written.
pub struct Writer(pub Vec<u8>);

impl Writer {
    pub fn byte(&mut self, b: u8) {
        self.0.push(b);
    }

    pub fn i64(&mut self, n: i64) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    /// One decimal: its scale and its whole mantissa.
    pub fn decimal(&mut self, d: Decimal) {
        self.0.push(d.scale() as u8);
        self.0.extend_from_slice(&d.mantissa().to_le_bytes());
    }

    pub fn u32(&mut self, n: u32) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    pub fn u32s(&mut self, ns: impl Iterator<Item = u32>) {
        for n in ns {
            self.u32(n);
        }
    }

    pub fn days(&mut self, days: impl Iterator<Item = chrono::NaiveDate>) {
        use chrono::Datelike;
        for d in days {
            self.0.extend_from_slice(&d.num_days_from_ce().to_le_bytes());
        }
    }

    pub fn text(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.0.extend_from_slice(s.as_bytes());
    }

    /// A column of integers: 8 bytes each when every one fits 64 bits (cents and quantities
    /// always do in practice), else 16 — said by the column's first byte.
    pub fn wide(&mut self, ns: impl Iterator<Item = i128> + Clone) {
        if ns.clone().all(|n| i64::try_from(n).is_ok()) {
            self.0.push(8);
            for n in ns {
                self.0.extend_from_slice(&(n as i64).to_le_bytes());
            }
        } else {
            self.0.push(16);
            for n in ns {
                self.0.extend_from_slice(&n.to_le_bytes());
            }
        }
    }
}

/// Bytes being read, from the front.
pub struct Reader<'a>(pub &'a [u8]);

impl<'a> Reader<'a> {
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.0.len() {
            return None;
        }
        let (taken, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(taken)
    }

    pub fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    pub fn byte(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    pub fn i64(&mut self) -> Option<i64> {
        Some(i64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    pub fn decimal(&mut self) -> Option<Decimal> {
        let scale = u32::from(self.byte()?);
        Decimal::try_from_i128_with_scale(i128::from_le_bytes(self.take(16)?.try_into().ok()?), scale).ok()
    }

    /// One day as [`Writer::days`] writes it.
    pub fn day(&mut self) -> Option<chrono::NaiveDate> {
        self.days(1)?.next().flatten()
    }

    /// `false` or `true` as one byte; `None` for any other.
    pub fn flag(&mut self) -> Option<bool> {
        match self.byte()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    pub fn u32s(&mut self, n: usize) -> Option<impl Iterator<Item = u32> + 'a> {
        Some(self.take(n.checked_mul(4)?)?.chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
    }

    /// `n` days; a day that is none (a damaged column) reads as `None`. Runs of one day (the
    /// lines are in day order) are converted once.
    pub fn days(&mut self, n: usize) -> Option<impl Iterator<Item = Option<chrono::NaiveDate>> + 'a> {
        let mut last: Option<(i32, Option<chrono::NaiveDate>)> = None;
        Some(self.take(n.checked_mul(4)?)?.chunks_exact(4).map(move |b| {
            let n = i32::from_le_bytes([b[0], b[1], b[2], b[3]]);
            match last {
                Some((m, day)) if m == n => day,
                _ => {
                    let day = chrono::NaiveDate::from_num_days_from_ce_opt(n);
                    last = Some((n, day));
                    day
                }
            }
        }))
    }

    pub fn text(&mut self) -> Option<&'a str> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?).ok()
    }

    pub fn wide(&mut self, n: usize) -> Option<Wide<'a>> {
        let width = usize::from(self.take(1)?[0]);
        if width != 8 && width != 16 {
            return None;
        }
        Some(Wide { width, bytes: self.take(n.checked_mul(width)?)? })
    }
}

/// A column [`Writer::wide`] wrote.
pub struct Wide<'a> {
    width: usize,
    bytes: &'a [u8],
}

impl Wide<'_> {
    /// The `i`th integer when the column is of 64-bit ones.
    pub fn narrow(&self, i: usize) -> Option<i64> {
        (self.width == 8).then(|| i64::from_le_bytes(self.bytes[i * 8..i * 8 + 8].try_into().expect("8 bytes")))
    }

    pub fn get(&self, i: usize) -> i128 {
        match self.narrow(i) {
            Some(n) => n.into(),
            None => i128::from_le_bytes(self.bytes[i * 16..i * 16 + 16].try_into().expect("16 bytes")),
        }
    }
}

impl Writer {
    /// Decimals as a column of scales and one of mantissas ([`Writer::wide`]).
    pub fn decimals(&mut self, ds: impl Iterator<Item = Decimal> + Clone) {
        self.0.extend(ds.clone().map(|d| d.scale() as u8));
        self.wide(ds.map(|d| d.mantissa()));
    }
}

/// `n` decimals [`Writer::decimals`] wrote: the scales and the mantissas.
pub struct Decimals<'a> {
    scales: &'a [u8],
    mantissas: Wide<'a>,
}

impl<'a> Reader<'a> {
    pub fn decimals(&mut self, n: usize) -> Option<Decimals<'a>> {
        Some(Decimals { scales: self.take(n)?, mantissas: self.wide(n)? })
    }
}

impl Decimals<'_> {
    /// The `i`th; `None` when damaged (a scale past 28, a mantissa past 96 bits).
    pub fn get(&self, i: usize) -> Option<Decimal> {
        let scale = u32::from(*self.scales.get(i)?);
        match self.mantissas.narrow(i) {
            Some(m) if scale <= Decimal::MAX_SCALE => Some(Decimal::new(m, scale)),
            _ => Decimal::try_from_i128_with_scale(self.mantissas.get(i), scale).ok(),
        }
    }
}

/// A 64-bit check of `bytes`, kept after them so that a kept value changed after it was written
/// (by hand, or by broken storage) is told apart and derived again instead of shown. Eight
/// bytes a step, each step a bijection of the state for a fixed word, so any one changed word
/// always changes the result.
pub fn checksum(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = (bytes.len() as u64).wrapping_mul(K);
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        h = (h ^ u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]])).wrapping_mul(K).rotate_left(29);
    }
    let mut last = [0u8; 8];
    last[..words.remainder().len()].copy_from_slice(words.remainder());
    (h ^ u64::from_le_bytes(last)).wrapping_mul(K).rotate_left(29)
}

/// `bytes` with their [`checksum`] after them.
pub fn sealed(mut bytes: Vec<u8>) -> Vec<u8> {
    let sum = checksum(&bytes);
    bytes.extend_from_slice(&sum.to_le_bytes());
    bytes
}

/// The bytes [`sealed`] sealed, if their checksum still holds.
pub fn unsealed(bytes: &[u8]) -> Option<&[u8]> {
    let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
    (checksum(body).to_le_bytes() == sum).then_some(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Any one byte changed, anywhere, by any amount, and any cut is refused.
    #[test]
    fn a_sealed_value_changed_anywhere_is_refused() {
        let body: Vec<u8> = (0..203u32).map(|i| (i * 7 + 3) as u8).collect();
        let bytes = sealed(body.clone());
        assert_eq!(unsealed(&bytes), Some(&body[..]));
        assert_eq!(unsealed(&sealed(Vec::new())), Some(&[][..]));
        for at in 0..bytes.len() {
            for delta in [1u8, 2, 0x80, 0xff] {
                let mut bad = bytes.clone();
                bad[at] = bad[at].wrapping_add(delta);
                assert_eq!(unsealed(&bad), None, "byte {at} + {delta}");
            }
        }
        for cut in 0..bytes.len() {
            assert_eq!(unsealed(&bytes[..cut]), None, "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.insert(10, 0);
        assert_eq!(unsealed(&longer), None);
    }
}
