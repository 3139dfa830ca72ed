//! Receipts 回款记录 against a contract's installments, and receivables: outstanding, overdue
//! and aging 账龄 (0–30 / 31–60 / 61–90 / > 90 days overdue) per contract, per customer and
//! for the whole book.

use super::{Contract, Installment, Receipt};
#[cfg(test)]
use super::ContractStatus;
use crate::domain::money::Money;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use crate::domain::sorting::SortShared;

/// Why a receipt cannot be recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReceiptRefused {
    NoSuchInstallment,
    /// Zero or negative.
    NotPositive,
    /// More than the installment still owes (that much).
    OverPayment { outstanding: Money },
    /// Dated after today: a payment is recorded once it came in.
    InTheFuture,
    /// Dated more than a year before the contract was made (a typo, surely).
    LongBefore,
}

impl Installment {
    pub fn received(&self) -> Money {
        self.receipts.iter().map(|r| r.amount).sum()
    }

    /// What is still to be received (never negative).
    pub fn outstanding(&self) -> Money {
        let left = self.amount - self.received();
        if left.is_negative() { Money::ZERO } else { left }
    }

    /// Days past due with something outstanding on `today` (0 when not overdue).
    pub fn overdue_days(&self, today: NaiveDate) -> i64 {
        if self.outstanding() == Money::ZERO { 0 } else { (today - self.due).num_days().max(0) }
    }
}

/// Records `receipt` against installment `index` on `today`: several receipts may pay one
/// installment, never more than it owes, none dated after today.
pub fn record_receipt(contract: &Contract, index: usize, receipt: Receipt, today: NaiveDate) -> Result<Contract, ReceiptRefused> {
    let installment = contract.payments.get(index).ok_or(ReceiptRefused::NoSuchInstallment)?;
    if receipt.date > today {
        return Err(ReceiptRefused::InTheFuture);
    }
    if receipt.date < contract.created_at.date_naive() - chrono::Duration::days(366) {
        return Err(ReceiptRefused::LongBefore);
    }
    if receipt.amount.is_negative() || receipt.amount == Money::ZERO {
        return Err(ReceiptRefused::NotPositive);
    }
    let outstanding = installment.outstanding();
    if receipt.amount.value() > outstanding.value() {
        return Err(ReceiptRefused::OverPayment { outstanding });
    }
    let mut c = contract.clone();
    c.payments[index].receipts.push(receipt);
    Ok(c)
}

/// Overdue amounts by age.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Aging {
    pub days_0_30: Money,
    pub days_31_60: Money,
    pub days_61_90: Money,
    pub over_90: Money,
}

impl Aging {
    pub fn total(&self) -> Money {
        self.days_0_30 + self.days_31_60 + self.days_61_90 + self.over_90
    }

    fn add(&mut self, days: i64, amount: Money) {
        let bucket = match days {
            ..=30 => &mut self.days_0_30,
            31..=60 => &mut self.days_31_60,
            61..=90 => &mut self.days_61_90,
            _ => &mut self.over_90,
        };
        *bucket += amount;
    }

    fn merge(&mut self, other: Aging) {
        self.days_0_30 += other.days_0_30;
        self.days_31_60 += other.days_31_60;
        self.days_61_90 += other.days_61_90;
        self.over_90 += other.over_90;
    }
}

/// A contract's receivables on `today`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Receivables {
    pub received: Money,
    pub outstanding: Money,
    pub overdue: Aging,
}

/// What a contract has received and still owes; only a signed contract owes (not a draft, an
/// approved one not yet signed, or a terminated one).
pub fn receivables(contract: &Contract, today: NaiveDate) -> Receivables {
    let mut r = Receivables::default();
    let owing = contract.status.binding();
    for p in &contract.payments {
        r.received += p.received();
        if owing {
            r.outstanding += p.outstanding();
            if p.due < today && p.outstanding() != Money::ZERO {
                r.overdue.add(p.overdue_days(today), p.outstanding());
            }
        }
    }
    r
}

/// Receivables summed per customer id, and for every contract given.
pub fn by_customer<'a>(contracts: impl IntoIterator<Item = &'a Contract>, today: NaiveDate) -> (BTreeMap<String, Receivables>, Receivables) {
    let mut per = BTreeMap::new();
    let mut all = Receivables::default();
    for c in contracts {
        let r = receivables(c, today);
        for total in [per.entry(c.customer_id.clone()).or_insert_with(Receivables::default), &mut all] {
            total.received += r.received;
            total.outstanding += r.outstanding;
            total.overdue.merge(r.overdue);
        }
    }
    (per, all)
}

/// An installment to chase: overdue, or due within the next days.
#[derive(Clone, Debug, PartialEq)]
pub struct PaymentDue<'a> {
    pub contract: &'a Contract,
    pub due: NaiveDate,
    pub outstanding: Money,
    /// Days past due (0 or less: not yet due).
    pub overdue_days: i64,
}

/// Installments of signed contracts still owing that are overdue or due within `days` of
/// `today`, most overdue first; and contracts in force that end within `renew_days`
/// (renewal 续约), soonest first.
pub fn payment_reminders(contracts: &[Contract], today: NaiveDate, days: i64, renew_days: i64) -> (Vec<PaymentDue<'_>>, Vec<&Contract>) {
    let mut due: Vec<PaymentDue> = contracts
        .iter()
        .filter(|c| c.status.binding())
        .flat_map(|c| c.payments.iter().map(move |p| (c, p)))
        .filter(|(_, p)| p.outstanding() != Money::ZERO && (p.due - today).num_days() <= days)
        .map(|(c, p)| PaymentDue { contract: c, due: p.due, outstanding: p.outstanding(), overdue_days: (today - p.due).num_days() })
        .collect();
    due.sort_by_key_shared(|d| d.due);
    let mut ending: Vec<&Contract> = contracts
        .iter()
        .filter(|c| matches!(c.status, super::ContractStatus::Signed | super::ContractStatus::Executing))
        .filter(|c| c.end_date.is_some_and(|e| e >= today && (e - today).num_days() <= renew_days))
        .collect();
    ending.sort_by_key_shared(|c| c.end_date);
    (due, ending)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::contracts::tests::contract;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn receipt(date: &str, amount: i64) -> Receipt {
        Receipt { date: day(date), amount: Money::from_int(amount), note: String::new() }
    }

    #[test]
    fn partial_receipts_add_up_and_over_payments_are_refused() {
        let mut c = contract(ContractStatus::Signed);
        c.payments = vec![Installment::new(day("2026-02-01"), Money::from_int(6_000)), Installment::new(day("2026-03-01"), Money::from_int(4_000))];
        c = record_receipt(&c, 0, receipt("2026-02-01", 2_500), day("2026-12-31")).unwrap();
        c = record_receipt(&c, 0, receipt("2026-02-10", 3_000), day("2026-12-31")).unwrap();
        assert_eq!(c.payments[0].outstanding(), Money::from_int(500));
        assert_eq!(record_receipt(&c, 0, receipt("2026-02-11", 501), day("2026-12-31")), Err(ReceiptRefused::OverPayment { outstanding: Money::from_int(500) }));
        assert_eq!(record_receipt(&c, 0, receipt("2026-02-11", 0), day("2026-12-31")), Err(ReceiptRefused::NotPositive));
        assert_eq!(record_receipt(&c, 5, receipt("2026-02-11", 1), day("2026-12-31")), Err(ReceiptRefused::NoSuchInstallment));
        assert_eq!(record_receipt(&c, 0, receipt("2026-02-12", 500), day("2026-02-11")), Err(ReceiptRefused::InTheFuture));
        assert_eq!(record_receipt(&c, 0, receipt("1900-01-01", 500), day("2026-12-31")), Err(ReceiptRefused::LongBefore));
        assert_eq!(record_receipt(&c, 0, receipt("2026-02-12", 500), day("2026-02-11")), Err(ReceiptRefused::InTheFuture));
        assert_eq!(record_receipt(&c, 0, receipt("1900-01-01", 500), day("2026-12-31")), Err(ReceiptRefused::LongBefore));
        c = record_receipt(&c, 0, receipt("2026-02-12", 500), day("2026-12-31")).unwrap();
        assert_eq!(c.payments[0].outstanding(), Money::ZERO);
        assert_eq!(c.payments[0].overdue_days(day("2026-12-01")), 0, "paid in full: not overdue");
    }

    #[test]
    fn aging_buckets_by_days_overdue_with_fixed_dates() {
        let mut c = contract(ContractStatus::Executing);
        let today = day("2026-06-30");
        c.payments = [("2026-06-30", 1), ("2026-06-29", 10), ("2026-05-31", 100), ("2026-05-30", 1_000), ("2026-04-01", 10_000), ("2026-03-31", 100_000), ("2026-07-15", 7)]
            .into_iter()
            .map(|(d, a)| Installment::new(day(d), Money::from_int(a)))
            .collect();
        let r = receivables(&c, today);
        // Due today is not overdue; 1 and 30 days → 0–30; 31 → 31–60; 90 → 61–90; 91 → over 90.
        assert_eq!(r.overdue, Aging { days_0_30: Money::from_int(110), days_31_60: Money::from_int(1_000), days_61_90: Money::from_int(10_000), over_90: Money::from_int(100_000) });
        assert_eq!(r.outstanding, Money::from_int(111_118));
        assert_eq!(r.overdue.total(), Money::from_int(111_110));
        // A draft or a terminated contract owes nothing.
        c.status = ContractStatus::Terminated;
        assert_eq!(receivables(&c, today).outstanding, Money::ZERO);
    }

    #[test]
    fn payments_to_chase_and_contracts_to_renew() {
        let today = day("2026-06-30");
        let mut a = contract(ContractStatus::Executing);
        a.payments = [("2026-06-01", 10), ("2026-07-07", 20), ("2026-07-08", 30)].into_iter().map(|(d, n)| Installment::new(day(d), Money::from_int(n))).collect();
        a.end_date = Some(day("2026-07-30"));
        let mut draft = a.clone();
        draft.status = ContractStatus::Draft;
        let mut later = a.clone();
        later.end_date = Some(day("2026-08-01"));
        later.payments.clear();
        let all = [a, draft, later];
        let (due, ending) = payment_reminders(&all, today, 7, 30);
        let dates: Vec<(NaiveDate, i64)> = due.iter().map(|d| (d.due, d.overdue_days)).collect();
        assert_eq!(dates, [(day("2026-06-01"), 29), (day("2026-07-07"), -7)], "a draft owes nothing; 8 days ahead is not yet");
        assert_eq!(ending.len(), 1, "ends in 30 days; 32 days is not yet");
    }

    #[test]
    fn per_customer_and_book_totals() {
        let mut a = contract(ContractStatus::Signed);
        a.payments = vec![Installment::new(day("2026-01-01"), Money::from_int(100))];
        let mut b = a.clone();
        b.customer_id = "cus-2".into();
        b = record_receipt(&b, 0, receipt("2026-01-05", 40), day("2026-12-31")).unwrap();
        let (per, all) = by_customer([&a, &b, &a], day("2026-01-11"));
        assert_eq!(per["cus-1"].outstanding, Money::from_int(200));
        assert_eq!(per["cus-2"].overdue.days_0_30, Money::from_int(60));
        assert_eq!((all.received, all.outstanding), (Money::from_int(40), Money::from_int(260)));
    }
}
