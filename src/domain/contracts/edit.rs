//! Changing a contract after it was made: a draft's terms (title, type, amount, term, payment
//! plan, body) as its form edits them; milestones and their progress 执行进度; amendments
//! 合同变更 that record an amount change and carry it into the plan; the dispute flag 争议; a
//! manual risk override. Each is a pure function from the contract to the changed contract or
//! why not, so an edit made on a stale copy is applied again to what is stored now.

use super::{Amendment, Contract, ContractStatus, Installment, Milestone, RiskLevel, RiskOverride};
use crate::domain::money::Money;
use chrono::{Duration, NaiveDate};
use crate::domain::sorting::SortShared;

/// Why an edit is not allowed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditRefused {
    /// Terms change only while a draft; after that by amendment.
    NotDraft,
    /// Nothing changes on a completed or terminated contract; amendments need an approved,
    /// signed or executing one.
    NotIn(ContractStatus),
    DescriptionRequired,
    ReasonRequired,
    NameRequired,
    NameTaken,
    /// Progress is a percentage.
    ProgressOutOfRange,
    /// The new amount would leave less than was already received (this much).
    BelowReceived(Money),
    /// These terms were changed in another tab too, since the form read them (names as in
    /// [`Terms`]).
    ChangedElsewhere(Vec<&'static str>),
    /// A dispute needs a note saying what it is about.
    NoteRequired,
}

/// A draft's terms, as its form edits them.
#[derive(Clone, Debug, PartialEq)]
pub struct Terms {
    pub title: String,
    pub kind: String,
    pub amount: Money,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub payments: Vec<Installment>,
    pub body: String,
}

impl Terms {
    pub fn of(c: &Contract) -> Terms {
        Terms {
            title: c.title.clone(),
            kind: c.kind.clone(),
            amount: c.amount,
            start_date: c.start_date,
            end_date: c.end_date,
            payments: c.payments.clone(),
            body: c.body.clone(),
        }
    }
}

/// `contract` with what the form changed from `base` (the terms it was opened with) to
/// `edited`; a term the form left alone keeps what is stored, so a change another tab made
/// to it meanwhile stays.
pub fn edit_terms(contract: &Contract, base: &Terms, edited: &Terms) -> Result<Contract, EditRefused> {
    if contract.status != ContractStatus::Draft {
        return Err(EditRefused::NotDraft);
    }
    let stored = Terms::of(contract);
    let mut c = contract.clone();
    let mut clashes = Vec::new();
    // Takes the form's value of a term it changed; both changed it differently: a clash.
    macro_rules! take {
        ($field:ident, $apply:expr) => {
            if edited.$field != base.$field {
                if stored.$field != base.$field && stored.$field != edited.$field {
                    clashes.push(stringify!($field));
                }
                #[allow(clippy::redundant_closure_call)]
                ($apply)(&mut c);
            }
        };
    }
    take!(title, |c: &mut Contract| c.title = edited.title.trim().to_string());
    take!(kind, |c: &mut Contract| c.kind = edited.kind.trim().to_string());
    take!(amount, |c: &mut Contract| c.amount = edited.amount);
    take!(start_date, |c: &mut Contract| c.start_date = edited.start_date);
    take!(end_date, |c: &mut Contract| c.end_date = edited.end_date);
    take!(payments, |c: &mut Contract| {
        c.payments = edited.payments.clone();
        c.payments.sort_by_key_shared(|p| p.due);
    });
    take!(body, |c: &mut Contract| c.body = edited.body.clone());
    if !clashes.is_empty() {
        return Err(EditRefused::ChangedElsewhere(clashes));
    }
    Ok(c)
}

fn changeable(c: &Contract) -> Result<Contract, EditRefused> {
    if c.status.is_final() {
        return Err(EditRefused::NotIn(c.status));
    }
    Ok(c.clone())
}

/// Adds a milestone (names are unique on a contract: the other edits find it by name).
pub fn add_milestone(contract: &Contract, name: &str, due: Option<NaiveDate>) -> Result<Contract, EditRefused> {
    let mut c = changeable(contract)?;
    let name = name.trim();
    if name.is_empty() {
        return Err(EditRefused::NameRequired);
    }
    if c.milestones.iter().any(|m| m.name == name) {
        return Err(EditRefused::NameTaken);
    }
    c.milestones.push(Milestone { name: name.to_string(), due, progress: 0 });
    Ok(c)
}

/// Removes the milestone called `name` (nothing when another tab removed it already).
pub fn remove_milestone(contract: &Contract, name: &str) -> Result<Contract, EditRefused> {
    let mut c = changeable(contract)?;
    c.milestones.retain(|m| m.name != name);
    Ok(c)
}

/// Sets the progress of the milestone called `name`.
pub fn set_progress(contract: &Contract, name: &str, progress: u8) -> Result<Contract, EditRefused> {
    if progress > 100 {
        return Err(EditRefused::ProgressOutOfRange);
    }
    let mut c = changeable(contract)?;
    if let Some(m) = c.milestones.iter_mut().find(|m| m.name == name) {
        m.progress = progress;
    }
    Ok(c)
}

/// Records an amendment on `date`. With a new amount, the change is recorded (both amounts).
/// Either way the plan is made to add up to the amount: what it misses becomes a new
/// installment due 30 days after the amendment; what it holds above comes off what is still
/// outstanding, latest installments first. Never below what was received already.
pub fn amend(contract: &Contract, date: NaiveDate, description: &str, new_amount: Option<Money>) -> Result<Contract, EditRefused> {
    if !matches!(contract.status, ContractStatus::Approved | ContractStatus::Signed | ContractStatus::Executing) {
        return Err(EditRefused::NotIn(contract.status));
    }
    let description = description.trim();
    if description.is_empty() {
        return Err(EditRefused::DescriptionRequired);
    }
    let mut c = contract.clone();
    let new_amount = new_amount.filter(|a| *a != c.amount);
    let to = new_amount.unwrap_or(c.amount);
    let received: Money = c.payments.iter().map(Installment::received).sum();
    if to.value() < received.value() {
        return Err(EditRefused::BelowReceived(received));
    }
    // The plan follows the amount: what it misses becomes a new installment, what it holds
    // above comes off what is still outstanding, latest installments first.
    let planned: Money = c.payments.iter().map(|p| p.amount).sum();
    let mut cut = planned - to;
    if cut.is_negative() {
        c.payments.push(Installment::new(date + Duration::days(30), Money::ZERO - cut));
    }
    for p in c.payments.iter_mut().rev() {
        if !cut.is_negative() && cut != Money::ZERO {
            let off = if p.outstanding().value() < cut.value() { p.outstanding() } else { cut };
            p.amount = p.amount - off;
            cut = cut - off;
        }
    }
    // An installment cut to nothing, with nothing received, is no installment.
    c.payments.retain(|p| p.amount != Money::ZERO || !p.receipts.is_empty());
    c.amendments.push(Amendment { date, description: description.to_string(), previous_amount: new_amount.map(|_| c.amount), new_amount });
    if let Some(to) = new_amount {
        c.amount = to;
    }
    Ok(c)
}

/// Flags (with what it is about) or clears a dispute.
pub fn set_dispute(contract: &Contract, disputed: bool, note: &str) -> Result<Contract, EditRefused> {
    if disputed && note.trim().is_empty() {
        return Err(EditRefused::NoteRequired);
    }
    let mut c = changeable(contract)?;
    c.disputed = disputed;
    c.dispute_note = if disputed { note.trim().to_string() } else { String::new() };
    Ok(c)
}

/// Sets the risk level by hand, with the reason (shown as overridden), or back to the rules.
pub fn override_risk(contract: &Contract, level: Option<RiskLevel>, reason: &str) -> Result<Contract, EditRefused> {
    let mut c = contract.clone();
    c.risk_override = match level {
        Some(_) if reason.trim().is_empty() => return Err(EditRefused::ReasonRequired),
        Some(level) => Some(RiskOverride { level, reason: reason.trim().to_string() }),
        None => None,
    };
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::contracts::lifecycle::plan_difference;
    use crate::domain::contracts::tests::contract;
    use crate::domain::contracts::Receipt;
    use ContractStatus::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn plan(amounts: &[i64]) -> Vec<Installment> {
        amounts.iter().enumerate().map(|(i, a)| Installment::new(day("2026-03-01") + Duration::days(30 * i as i64), Money::from_int(*a))).collect()
    }

    #[test]
    fn a_draft_form_changes_only_what_it_edited() {
        let mut stored = contract(Draft);
        let base = Terms::of(&stored);
        let mut edited = base.clone();
        edited.amount = Money::from_int(12_000);
        edited.payments = plan(&[2_000, 10_000]).into_iter().rev().collect();
        edited.title = "  设备采购（二期） ".into();
        // Meanwhile another tab changed the body and the end date.
        stored.body = "另一个标签页写的正文".into();
        stored.end_date = Some(day("2027-06-30"));
        let c = edit_terms(&stored, &base, &edited).unwrap();
        assert_eq!((c.title.as_str(), c.amount, c.body.as_str(), c.end_date), ("设备采购（二期）", Money::from_int(12_000), "另一个标签页写的正文", Some(day("2027-06-30"))));
        // The plan is kept in due order, and adds up.
        assert!(c.payments[0].due < c.payments[1].due);
        assert_eq!(plan_difference(&c), Money::ZERO);
        // Once submitted, terms change only by amendment.
        // Both changed the title, differently: refused, naming it (the form then shows what is
        // stored as its new starting point, and saving again overwrites).
        let mut clash = stored.clone();
        clash.title = "另一个标签页的名称".into();
        assert_eq!(edit_terms(&clash, &base, &edited), Err(EditRefused::ChangedElsewhere(vec!["title"])));
        assert!(edit_terms(&clash, &Terms::of(&clash), &edited).is_ok());
        // Both made the same change: no clash.
        let mut same = stored.clone();
        same.amount = Money::from_int(12_000);
        assert!(edit_terms(&same, &base, &edited).is_ok());
        assert_eq!(edit_terms(&contract(PendingApproval), &base, &edited), Err(EditRefused::NotDraft));
        assert_eq!(edit_terms(&contract(Signed), &base, &edited), Err(EditRefused::NotDraft));
    }

    #[test]
    fn milestones_by_name_with_progress_in_percent() {
        let c = add_milestone(&contract(Signed), " 到货验收 ", Some(day("2026-04-01"))).unwrap();
        assert_eq!(c.milestones[0].name, "到货验收");
        assert_eq!(add_milestone(&c, "到货验收", None), Err(EditRefused::NameTaken));
        assert_eq!(add_milestone(&c, "  ", None), Err(EditRefused::NameRequired));
        let c = set_progress(&c, "到货验收", 60).unwrap();
        assert_eq!(c.milestones[0].progress, 60);
        assert_eq!(set_progress(&c, "到货验收", 101), Err(EditRefused::ProgressOutOfRange));
        assert!(remove_milestone(&c, "到货验收").unwrap().milestones.is_empty());
        // Removed elsewhere already: nothing to do, no error.
        assert_eq!(remove_milestone(&contract(Executing), "x").unwrap().milestones, vec![]);
        for done in [Completed, Terminated] {
            assert_eq!(set_progress(&contract(done), "到货验收", 10), Err(EditRefused::NotIn(done)));
            assert_eq!(add_milestone(&contract(done), "a", None), Err(EditRefused::NotIn(done)));
        }
    }

    #[test]
    fn an_amendment_records_the_amount_change_and_carries_it_into_the_plan() {
        let mut c = contract(Signed);
        c.payments = plan(&[3_000, 7_000]);
        c.payments[0].receipts.push(Receipt { date: day("2026-03-02"), amount: Money::from_int(3_000), note: String::new() });
        // Without an amount: only recorded.
        let a = amend(&c, day("2026-04-01"), "交付地点变更", None).unwrap();
        assert_eq!((a.amount, a.amendments[0].previous_amount, a.amendments[0].new_amount), (c.amount, None, None));
        // More: a new installment for the difference.
        let up = amend(&c, day("2026-04-01"), "增加两台设备", Some(Money::from_int(12_500))).unwrap();
        assert_eq!(up.amount, Money::from_int(12_500));
        assert_eq!(up.amendments[0].previous_amount, Some(Money::from_int(10_000)));
        assert_eq!(up.payments.last().unwrap().amount, Money::from_int(2_500));
        assert_eq!(up.payments.last().unwrap().due, day("2026-05-01"));
        assert_eq!(plan_difference(&up), Money::ZERO);
        // Less: off what is outstanding, latest first.
        let down = amend(&up, day("2026-04-02"), "取消一台", Some(Money::from_int(8_000))).unwrap();
        assert_eq!(down.payments.iter().map(|p| p.amount).collect::<Vec<_>>(), vec![Money::from_int(3_000), Money::from_int(5_000)]);
        assert_eq!(plan_difference(&down), Money::ZERO);
        assert_eq!(down.amendments.len(), 2);
        // Never below what was received.
        assert_eq!(amend(&c, day("2026-04-01"), "x", Some(Money::from_int(2_999))), Err(EditRefused::BelowReceived(Money::from_int(3_000))));
        assert_eq!(amend(&c, day("2026-04-01"), " ", None), Err(EditRefused::DescriptionRequired));
        for s in [Draft, PendingApproval, Completed, Terminated] {
            assert_eq!(amend(&contract(s), day("2026-04-01"), "x", None), Err(EditRefused::NotIn(s)));
        }
        let approved = amend(&contract(Approved), day("2026-04-01"), "x", Some(Money::from_int(1))).unwrap();
        assert!(approved.validate().is_empty());
        assert_eq!(plan_difference(&approved), Money::ZERO);
        // An approved contract whose plan does not add up (an older book) is set right by an
        // amendment that keeps the amount.
        let mut short = contract(Signed);
        short.payments = plan(&[4_000]);
        let fixed = amend(&short, day("2026-04-01"), "余款计划补充", None).unwrap();
        assert_eq!((fixed.amount, fixed.payments.len(), plan_difference(&fixed)), (short.amount, 2, Money::ZERO));
    }

    #[test]
    fn dispute_and_risk_override() {
        let c = set_dispute(&contract(Executing), true, " 验收争议 ").unwrap();
        assert_eq!((c.disputed, c.dispute_note.as_str()), (true, "验收争议"));
        assert_eq!(set_dispute(&c, true, "  "), Err(EditRefused::NoteRequired));
        let c = set_dispute(&c, false, "ignored").unwrap();
        assert_eq!((c.disputed, c.dispute_note.as_str()), (false, ""));
        assert_eq!(override_risk(&c, Some(RiskLevel::High), " "), Err(EditRefused::ReasonRequired));
        let o = override_risk(&c, Some(RiskLevel::High), "客户资金链紧张").unwrap();
        assert_eq!(o.risk_override, Some(RiskOverride { level: RiskLevel::High, reason: "客户资金链紧张".into() }));
        assert_eq!(override_risk(&o, None, "").unwrap().risk_override, None);
    }
}
