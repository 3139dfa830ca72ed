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
}

/// The periods a user can pick, each ending today (last quarter ends with it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodChoice {
    ThisMonth,
    ThisQuarter,
    LastQuarter,
    ThisYear,
    /// The same day twelve calendar months ago up to today.
    Last12Months,
    AllTime,
}

impl PeriodChoice {
    pub const ALL: [PeriodChoice; 6] = [
        PeriodChoice::Last12Months,
        PeriodChoice::ThisMonth,
        PeriodChoice::ThisQuarter,
        PeriodChoice::LastQuarter,
        PeriodChoice::ThisYear,
        PeriodChoice::AllTime,
    ];

    /// The code used in forms and addresses.
    pub fn code(self) -> &'static str {
        match self {
            PeriodChoice::ThisMonth => "month",
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
