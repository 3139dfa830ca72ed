//! Field validation that collects every problem, not just the first.

use crate::domain::money::Money;
use chrono::NaiveDate;

/// Why a field is wrong. Kept as a code: the UI turns it into text in the current language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Required,
    TooLong { max: usize },
    InvalidEmail,
    InvalidPhone,
    Negative,
    TooLarge,
    OutOfRange { min: i64, max: i64 },
    BeforeDate { other: &'static str },
    /// A threshold on the wrong side of another field's (`other`, by its id): no more than it
    /// (`at_most`) or no less.
    Crosses { at_most: bool, other: &'static str },
    DuplicateId,
    DuplicateCode,
    /// The same name as another entry of a list (ignoring case and surrounding spaces).
    DuplicateName,
    UnknownReference { store: &'static str },
    NeedsOneWonAndOneLost,
    /// A date field holds something that is not a date (a half-typed or impossible one).
    InvalidDate,
    /// The value does not have the expected type or format (message from the parser).
    Malformed(String),
    /// A settings record under another id than the book's one (`settings`): the app reads
    /// only that one, so another would be stored and never used.
    NotTheSettingsId,
    /// A payment plan whose installments miss (positive) or exceed (negative) the contract
    /// amount by this much: a warning, the record is kept.
    PlanDoesNotAddUp(crate::domain::money::Money),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: String,
    pub problem: Problem,
}

pub const NAME_MAX: usize = 200;
pub const TEXT_MAX: usize = 20_000;

#[derive(Default)]
pub struct Checker {
    prefix: String,
    problems: Vec<FieldProblem>,
}

impl Checker {
    pub fn new() -> Self {
        Self::default()
    }

    /// Problems found by `f` are reported under `prefix.field` (e.g. `contacts[2].email`).
    pub fn nested(&mut self, prefix: impl Into<String>, f: impl FnOnce(&mut Checker)) {
        let mut inner = Checker { prefix: prefix.into(), problems: Vec::new() };
        f(&mut inner);
        self.problems.extend(inner.problems);
    }

    pub fn push(&mut self, field: &str, problem: Problem) {
        let field =
            if self.prefix.is_empty() { field.to_string() } else { format!("{}.{field}", self.prefix) };
        self.problems.push(FieldProblem { field, problem });
    }

    pub fn required(&mut self, field: &str, value: &str) -> &mut Self {
        if value.trim().is_empty() {
            self.push(field, Problem::Required);
        } else {
            self.max_len(field, value, NAME_MAX);
        }
        self
    }

    pub fn max_len(&mut self, field: &str, value: &str, max: usize) -> &mut Self {
        if value.chars().count() > max {
            self.push(field, Problem::TooLong { max });
        }
        self
    }

    pub fn email(&mut self, field: &str, value: &str) -> &mut Self {
        if !value.trim().is_empty() && !is_email(value.trim()) {
            self.push(field, Problem::InvalidEmail);
        }
        self
    }

    pub fn phone(&mut self, field: &str, value: &str) -> &mut Self {
        if !value.trim().is_empty() && !is_phone(value.trim()) {
            self.push(field, Problem::InvalidPhone);
        }
        self
    }

    pub fn money(&mut self, field: &str, value: Money) -> &mut Self {
        if value.is_negative() {
            self.push(field, Problem::Negative);
        } else if value.is_absurd() {
            self.push(field, Problem::TooLarge);
        }
        self
    }

    pub fn range(&mut self, field: &str, value: i64, min: i64, max: i64) -> &mut Self {
        if value < min || value > max {
            self.push(field, Problem::OutOfRange { min, max });
        }
        self
    }

    pub fn date_order(
        &mut self,
        field: &str,
        value: Option<NaiveDate>,
        other_field: &'static str,
        other: Option<NaiveDate>,
    ) -> &mut Self {
        if let (Some(v), Some(o)) = (value, other) {
            if v < o {
                self.push(field, Problem::BeforeDate { other: other_field });
            }
        }
        self
    }

    pub fn finish(self) -> Vec<FieldProblem> {
        self.problems
    }
}

pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(char::is_whitespace)
        && !domain.contains('@')
}

/// Phone numbers as people type them: digits with spaces, dashes, dots, parentheses and a
/// leading `+`; 5 to 20 digits.
pub fn is_phone(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let allowed = s.chars().enumerate().all(|(i, c)| {
        c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')') || (c == '+' && i == 0)
    });
    allowed && (5..=20).contains(&digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_every_problem_with_nested_fields() {
        let mut c = Checker::new();
        c.required("name", " ").email("email", "nope").phone("phone", "12a");
        c.nested("contacts[1]", |c| {
            c.required("name", "");
        });
        let problems = c.finish();
        let fields: Vec<_> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["name", "email", "phone", "contacts[1].name"]);
        assert_eq!(problems[0].problem, Problem::Required);
    }

    #[test]
    fn emails_and_phones() {
        assert!(is_email("li.lei@example.cn"));
        assert!(!is_email("li lei@example.cn"));
        assert!(!is_email("@example.cn"));
        assert!(!is_email("a@b"));
        assert!(is_phone("+86 138-0013-8000"));
        assert!(is_phone("(021) 6543 2100"));
        assert!(!is_phone("123"));
        assert!(!is_phone("138 0013 800x"));
    }

    #[test]
    fn money_and_dates() {
        let mut c = Checker::new();
        c.money("amount", Money::from_int(-1));
        c.date_order("end_date", NaiveDate::from_ymd_opt(2026, 1, 1), "start_date", NaiveDate::from_ymd_opt(2026, 2, 1));
        c.range("probability", 101, 0, 100);
        let p = c.finish();
        assert_eq!(p.len(), 3);
        assert_eq!(p[0].problem, Problem::Negative);
        assert_eq!(p[1].problem, Problem::BeforeDate { other: "start_date" });
        assert_eq!(p[2].problem, Problem::OutOfRange { min: 0, max: 100 });
    }
}
