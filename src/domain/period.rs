//! Periods of calendar days that reports are computed over ("this quarter", "last 12 months"),
//! one definition for every screen.

use chrono::{Datelike, Months, NaiveDate};

/// A period of calendar days, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }

    /// Days in the period, both ends counted.
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// Whether the period starts at the beginning of time ("all time").
    pub fn is_open_start(&self) -> bool {
        self.from == NaiveDate::MIN
    }

    /// The period just before this one, of the same length (what growth compares with):
    /// a period starting on the 1st moves back by the calendar months it touches (last year
    /// for a year, October 1–24 for November 1–24), any other by its number of days. `None`
    /// for "all time".
    pub fn previous(&self) -> Option<Period> {
        if self.is_open_start() {
            return None;
        }
        if self.from.day() == 1 {
            let months = (self.to.year() - self.from.year()) * 12 + self.to.month() as i32 - self.from.month() as i32 + 1;
            let back = Months::new(u32::try_from(months).ok()?);
            let to = if self.to.succ_opt().is_some_and(|n| n.day() == 1) {
                // A whole last month ends on that month's last day (February, not the 30th).
                self.from.pred_opt()?
            } else {
                self.to.checked_sub_months(back)?
            };
            return Some(Period { from: self.from.checked_sub_months(back)?, to });
        }
        let to = self.from.pred_opt()?;
        let from = to.checked_sub_signed(chrono::Duration::days(self.days() - 1))?;
        Some(Period { from, to })
    }
}

/// The period an analytics view shows: a named one (moving with today), or dates the user
/// typed. Kept in the address (`?period=12m`, `?from=2024-01-01&to=2024-12-31`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Span {
    Named(PeriodChoice),
    Custom(Period),
}

impl Default for Span {
    fn default() -> Span {
        Span::Named(PeriodChoice::Last12Months)
    }
}

impl Span {
    pub fn period(self, today: NaiveDate) -> Period {
        match self {
            Span::Named(c) => c.period(today),
            Span::Custom(p) => p,
        }
    }

    pub fn to_query(self) -> Vec<(String, String)> {
        match self {
            Span::Named(c) => vec![("period".into(), c.code().into())],
            Span::Custom(p) => vec![("from".into(), p.from.to_string()), ("to".into(), p.to.to_string())],
        }
    }

    /// The span an address names; `None` when it names none (or a range that ends before
    /// it starts).
    pub fn from_query(pairs: &[(String, String)]) -> Option<Span> {
        let get = |k: &str| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
        if let (Some(from), Some(to)) = (get("from"), get("to")) {
            let (from, to) = (from.parse::<NaiveDate>().ok()?, to.parse::<NaiveDate>().ok()?);
            let sensible = |d: NaiveDate| (1900..=2200).contains(&d.year());
            return (from <= to && sensible(from) && sensible(to)).then_some(Span::Custom(Period { from, to }));
        }
        get("period").and_then(PeriodChoice::from_code).map(Span::Named)
    }
}

/// The periods a user can pick, each ending today (last quarter ends with it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodChoice {
    ThisMonth,
    /// The whole calendar month before this one.
    LastMonth,
    ThisQuarter,
    LastQuarter,
    ThisYear,
    /// The whole calendar year before this one.
    LastYear,
    /// The same day twelve calendar months ago up to today.
    Last12Months,
    AllTime,
}

impl PeriodChoice {
    pub const ALL: [PeriodChoice; 8] = [
        PeriodChoice::Last12Months,
        PeriodChoice::ThisMonth,
        PeriodChoice::LastMonth,
        PeriodChoice::ThisQuarter,
        PeriodChoice::LastQuarter,
        PeriodChoice::ThisYear,
        PeriodChoice::LastYear,
        PeriodChoice::AllTime,
    ];

    /// The code used in forms and addresses.
    pub fn code(self) -> &'static str {
        match self {
            PeriodChoice::ThisMonth => "month",
            PeriodChoice::LastMonth => "last_month",
            PeriodChoice::LastYear => "last_year",
            PeriodChoice::ThisQuarter => "quarter",
            PeriodChoice::LastQuarter => "last_quarter",
            PeriodChoice::ThisYear => "year",
            PeriodChoice::Last12Months => "12m",
            PeriodChoice::AllTime => "all",
        }
    }

    pub fn from_code(code: &str) -> Option<PeriodChoice> {
        PeriodChoice::ALL.into_iter().find(|p| p.code() == code)
    }

    pub fn period(self, today: NaiveDate) -> Period {
        let quarter_start = |d: NaiveDate| NaiveDate::from_ymd_opt(d.year(), d.month0() / 3 * 3 + 1, 1).unwrap_or(d);
        let (from, to) = match self {
            PeriodChoice::ThisMonth => (today.with_day(1).unwrap_or(today), today),
            PeriodChoice::LastMonth => {
                let end = today.with_day(1).and_then(|d| d.pred_opt()).unwrap_or(today);
                (end.with_day(1).unwrap_or(end), end)
            }
            PeriodChoice::LastYear => (
                NaiveDate::from_ymd_opt(today.year() - 1, 1, 1).unwrap_or(today),
                NaiveDate::from_ymd_opt(today.year() - 1, 12, 31).unwrap_or(today),
            ),
            PeriodChoice::ThisQuarter => (quarter_start(today), today),
            PeriodChoice::LastQuarter => {
                let end = quarter_start(today).pred_opt().unwrap_or(today);
                (quarter_start(end), end)
            }
            PeriodChoice::ThisYear => (NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today), today),
            PeriodChoice::Last12Months => (today.checked_sub_months(Months::new(12)).unwrap_or(today), today),
            PeriodChoice::AllTime => (NaiveDate::MIN, today),
        };
        Period { from, to }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn span(p: PeriodChoice, today: &str) -> (NaiveDate, NaiveDate) {
        let p = p.period(d(today));
        (p.from, p.to)
    }

    #[test]
    fn every_choice_ends_today_except_last_quarter() {
        assert_eq!(span(PeriodChoice::ThisMonth, "2026-11-24"), (d("2026-11-01"), d("2026-11-24")));
        assert_eq!(span(PeriodChoice::ThisQuarter, "2026-11-24"), (d("2026-10-01"), d("2026-11-24")));
        assert_eq!(span(PeriodChoice::LastQuarter, "2026-11-24"), (d("2026-07-01"), d("2026-09-30")));
        assert_eq!(span(PeriodChoice::LastQuarter, "2026-02-10"), (d("2025-10-01"), d("2025-12-31")));
        assert_eq!(span(PeriodChoice::ThisYear, "2026-11-24"), (d("2026-01-01"), d("2026-11-24")));
        assert_eq!(span(PeriodChoice::AllTime, "2026-11-24").1, d("2026-11-24"));
    }

    #[test]
    fn last_12_months_is_calendar_months_not_365_days() {
        // 2024 is a leap year: 365 days before 2025-02-01 is 2024-02-02.
        assert_eq!(span(PeriodChoice::Last12Months, "2025-02-01"), (d("2024-02-01"), d("2025-02-01")));
        // The end of a long month falls back to the last day of the shorter one.
        assert_eq!(span(PeriodChoice::Last12Months, "2025-02-28"), (d("2024-02-28"), d("2025-02-28")));
        assert_eq!(span(PeriodChoice::Last12Months, "2024-02-29"), (d("2023-02-28"), d("2024-02-29")));
    }

    #[test]
    fn last_month_and_last_year_are_whole() {
        assert_eq!(span(PeriodChoice::LastMonth, "2026-03-31"), (d("2026-02-01"), d("2026-02-28")));
        assert_eq!(span(PeriodChoice::LastMonth, "2026-01-05"), (d("2025-12-01"), d("2025-12-31")));
        assert_eq!(span(PeriodChoice::LastYear, "2026-11-24"), (d("2025-01-01"), d("2025-12-31")));
    }

    #[test]
    fn the_previous_period_has_the_same_length() {
        let q = PeriodChoice::LastQuarter.period(d("2026-11-24"));
        let prev = q.previous().unwrap();
        assert_eq!((prev.from, prev.to), (d("2026-04-01"), d("2026-06-30")));
        let y = PeriodChoice::LastYear.period(d("2026-11-24"));
        assert_eq!(y.previous().map(|p| (p.from, p.to)), Some((d("2024-01-01"), d("2024-12-31"))), "2024 is a leap year: 366 days back");
        assert_eq!(PeriodChoice::AllTime.period(d("2026-11-24")).previous(), None);
        let month_so_far = PeriodChoice::ThisMonth.period(d("2026-11-24")).previous().unwrap();
        assert_eq!((month_so_far.from, month_so_far.to), (d("2026-10-01"), d("2026-10-24")));
        let march = Period { from: d("2026-03-01"), to: d("2026-03-31") }.previous().unwrap();
        assert_eq!((march.from, march.to), (d("2026-02-01"), d("2026-02-28")));
        let twelve = PeriodChoice::Last12Months.period(d("2026-11-24")).previous().unwrap();
        assert_eq!((twelve.from, twelve.to), (d("2024-11-23"), d("2025-11-23")));
    }

    #[test]
    fn spans_in_the_address() {
        let q = |pairs: &[(&str, &str)]| pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>();
        assert_eq!(Span::from_query(&q(&[("period", "last_year")])), Some(Span::Named(PeriodChoice::LastYear)));
        let custom = Span::from_query(&q(&[("from", "2019-01-01"), ("to", "2021-06-30")])).unwrap();
        assert_eq!(custom.period(d("2026-11-24")), Period { from: d("2019-01-01"), to: d("2021-06-30") });
        assert_eq!(Span::from_query(&custom.to_query()), Some(custom));
        assert_eq!(Span::from_query(&q(&[("from", "2021-01-01"), ("to", "2020-01-01")])), None, "ends before it starts");
        assert_eq!(Span::from_query(&q(&[("from", "2021-13-01"), ("to", "2022-01-01")])), None);
        assert_eq!(Span::from_query(&q(&[("period", "nope")])), None);
        assert_eq!(Span::from_query(&q(&[("from", "-2026-01-01"), ("to", "2026-01-01")])), None, "a year before the common era");
        assert_eq!(Span::from_query(&q(&[("to", "2026-01-01")])), None);
        assert_eq!(Span::from_query(&Span::default().to_query()), Some(Span::default()));
    }

    #[test]
    fn codes_round_trip() {
        for p in PeriodChoice::ALL {
            assert_eq!(PeriodChoice::from_code(p.code()), Some(p));
        }
        assert_eq!(PeriodChoice::from_code("nope"), None);
    }

    #[test]
    fn contains_both_ends() {
        let p = PeriodChoice::ThisMonth.period(d("2026-11-24"));
        assert!(p.contains(d("2026-11-01")) && p.contains(d("2026-11-24")));
        assert!(!p.contains(d("2026-10-31")) && !p.contains(d("2026-11-25")));
    }
}
