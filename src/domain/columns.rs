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
