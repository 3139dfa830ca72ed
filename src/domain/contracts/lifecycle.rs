//! The contract status machine 合同状态: draft → pending approval → approved → signed →
//! executing → completed, or terminated from any state that is not final; approval steps
//! decided in order. Every move is one pure function that checks it is allowed and records it
//! on the contract's timeline.

use super::{Contract, ContractStatus, Decision, TimelineEntry};
use crate::domain::money::Money;
use chrono::NaiveDate;

/// Why a move is not allowed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MoveRefused {
    /// Not a move from this status.
    NotFrom(ContractStatus),
    /// Above the approval threshold, or with approvers listed: approval first.
    NeedsApproval,
    /// Submitted for approval without anyone to approve it.
    NoApprovers,
    /// The payment plan does not add up to the contract amount (by this difference).
    PlanDoesNotAddUp(Money),
    /// Terminating needs a reason.
    ReasonRequired,
}

/// What the book's settings say about approval.
#[derive(Clone, Copy, Debug)]
pub struct Policy {
    /// Contracts above this amount need at least one approval step before signing.
    pub approval_above: Money,
}

/// The statuses a contract in `status` may move to by hand (approval decisions are separate).
pub fn next_statuses(contract: &Contract, policy: Policy) -> Vec<ContractStatus> {
    use ContractStatus::*;
    let mut next = match contract.status {
        Draft if needs_approval(contract, policy) => vec![PendingApproval],
        Draft => vec![Approved],
        PendingApproval => vec![],
        Approved => vec![Signed],
        Signed => vec![Executing],
        Executing => vec![Completed],
        Completed | Terminated => return vec![],
    };
    next.push(Terminated);
    next
}

/// Approval is needed when approvers are listed or the amount is above the threshold.
pub fn needs_approval(contract: &Contract, policy: Policy) -> bool {
    !contract.approvals.is_empty() || contract.amount.value() > policy.approval_above.value()
}

/// The amount the payment plan misses (positive) or exceeds (negative) the contract by.
pub fn plan_difference(contract: &Contract) -> Money {
    contract.amount - contract.payments.iter().map(|p| p.amount).sum::<Money>()
}

/// Moves `contract` to `to` on `date`, recording it (with `note`) on the timeline.
pub fn move_to(contract: &Contract, to: ContractStatus, policy: Policy, date: NaiveDate, note: &str) -> Result<Contract, MoveRefused> {
    use ContractStatus::*;
    if !next_statuses(contract, policy).contains(&to) {
        return Err(match (contract.status, to) {
            (Draft, Approved) => MoveRefused::NeedsApproval,
            (from, _) => MoveRefused::NotFrom(from),
        });
    }
    if to == PendingApproval && contract.approvals.is_empty() {
        return Err(MoveRefused::NoApprovers);
    }
    // The plan is fixed with the draft: after that it changes only by amendment.
    if matches!(to, PendingApproval | Approved | Signed) {
        let diff = plan_difference(contract);
        if diff != Money::ZERO {
            return Err(MoveRefused::PlanDoesNotAddUp(diff));
        }
    }
    if to == Terminated && note.trim().is_empty() {
        return Err(MoveRefused::ReasonRequired);
    }
    let mut c = contract.clone();
    if to == PendingApproval {
        // A new round: earlier decisions (a rejection) no longer count.
        for step in &mut c.approvals {
            step.decision = Decision::Pending;
            step.date = None;
            step.comment.clear();
        }
    }
    if to == Signed && c.sign_date.is_none() {
        c.sign_date = Some(date);
    }
    record(&mut c, to, date, note);
    Ok(c)
}

/// The next undecided approval step's decision: approving the last step approves the
/// contract; rejecting sends it back to draft with the comment.
pub fn decide(contract: &Contract, approve: bool, date: NaiveDate, comment: &str) -> Result<Contract, MoveRefused> {
    if contract.status != ContractStatus::PendingApproval {
        return Err(MoveRefused::NotFrom(contract.status));
    }
    let mut c = contract.clone();
    let Some(step) = c.approvals.iter_mut().find(|s| s.decision == Decision::Pending) else {
        return Err(MoveRefused::NoApprovers);
    };
    step.decision = if approve { Decision::Approved } else { Decision::Rejected };
    step.date = Some(date);
    step.comment = comment.trim().to_string();
    let note = format!("{}: {}", step.approver, step.comment).trim_end_matches([':', ' ']).to_string();
    if !approve {
        record(&mut c, ContractStatus::Draft, date, &note);
    } else if c.approvals.iter().all(|s| s.decision == Decision::Approved) {
        record(&mut c, ContractStatus::Approved, date, &note);
    }
    Ok(c)
}

fn record(c: &mut Contract, to: ContractStatus, date: NaiveDate, note: &str) {
    c.timeline.push(TimelineEntry { date, from: c.status, to, note: note.trim().to_string() });
    c.status = to;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::contracts::tests::contract;
    use crate::domain::contracts::{ApprovalStep, Installment};
    use ContractStatus::*;

    const POLICY: Policy = Policy { approval_above: Money::ZERO };
    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn steps(names: &[&str]) -> Vec<ApprovalStep> {
        names.iter().map(|n| ApprovalStep { approver: n.to_string(), decision: Decision::Pending, date: None, comment: String::new() }).collect()
    }

    #[test]
    fn every_allowed_and_refused_move() {
        let lax = Policy { approval_above: Money::from_int(1_000_000) };
        let mut c = contract(Draft);
        assert_eq!(next_statuses(&c, lax), [Approved, Terminated]);
        assert_eq!(next_statuses(&c, POLICY), [PendingApproval, Terminated]);
        assert_eq!(move_to(&c, Approved, POLICY, day("2026-01-02"), ""), Err(MoveRefused::NeedsApproval));
        assert_eq!(move_to(&c, PendingApproval, POLICY, day("2026-01-02"), ""), Err(MoveRefused::NoApprovers));
        assert_eq!(move_to(&c, Signed, lax, day("2026-01-02"), ""), Err(MoveRefused::NotFrom(Draft)));
        // The plan is 1,000 short of the amount: it stays a draft (the plan is fixed with it).
        c.payments = vec![Installment::new(day("2026-02-01"), Money::from_int(9_000))];
        assert_eq!(move_to(&c, Approved, lax, day("2026-01-02"), ""), Err(MoveRefused::PlanDoesNotAddUp(Money::from_int(1_000))));
        c.approvals = steps(&["王经理"]);
        assert_eq!(move_to(&c, PendingApproval, lax, day("2026-01-02"), ""), Err(MoveRefused::PlanDoesNotAddUp(Money::from_int(1_000))));
        c.approvals.clear();
        c.payments.push(Installment::new(day("2026-03-01"), Money::from_int(1_000)));
        c = move_to(&c, Approved, lax, day("2026-01-02"), "").unwrap();
        assert_eq!(next_statuses(&c, lax), [Signed, Terminated]);
        // A book from before this rule may hold an approved contract that does not add up:
        // still not signable.
        let mut short = c.clone();
        short.payments.pop();
        assert_eq!(move_to(&short, Signed, lax, day("2026-01-03"), ""), Err(MoveRefused::PlanDoesNotAddUp(Money::from_int(1_000))));
        c = move_to(&c, Signed, lax, day("2026-01-03"), "").unwrap();
        assert_eq!(c.sign_date, Some(day("2026-01-03")));
        c = move_to(&c, Executing, lax, day("2026-01-04"), "").unwrap();
        assert_eq!(move_to(&c, Signed, lax, day("2026-01-05"), ""), Err(MoveRefused::NotFrom(Executing)));
        assert_eq!(move_to(&c, Terminated, lax, day("2026-01-05"), "  "), Err(MoveRefused::ReasonRequired));
        let done = move_to(&c, Completed, lax, day("2026-06-30"), "").unwrap();
        assert!(next_statuses(&done, lax).is_empty());
        assert_eq!(move_to(&done, Terminated, lax, day("2026-07-01"), "late"), Err(MoveRefused::NotFrom(Completed)));
        let stopped = move_to(&c, Terminated, lax, day("2026-01-05"), "client went bankrupt").unwrap();
        assert!(next_statuses(&stopped, lax).is_empty());
        let moves: Vec<(ContractStatus, ContractStatus)> = done.timeline.iter().map(|t| (t.from, t.to)).collect();
        assert_eq!(moves, [(Draft, Approved), (Approved, Signed), (Signed, Executing), (Executing, Completed)]);
        assert_eq!(stopped.timeline.last().unwrap().note, "client went bankrupt");
    }

    #[test]
    fn approvals_are_decided_in_order_and_a_rejection_sends_it_back() {
        let mut c = contract(Draft);
        c.payments = vec![Installment::new(day("2026-02-01"), c.amount)];
        c.approvals = steps(&["王经理", "法务"]);
        c = move_to(&c, PendingApproval, POLICY, day("2026-01-02"), "").unwrap();
        assert!(next_statuses(&c, POLICY) == [Terminated]);
        c = decide(&c, true, day("2026-01-03"), "ok").unwrap();
        assert_eq!((c.status, c.approvals[0].decision, c.approvals[1].decision), (PendingApproval, Decision::Approved, Decision::Pending));
        let rejected = decide(&c, false, day("2026-01-04"), "付款条件需修改").unwrap();
        assert_eq!(rejected.status, Draft);
        assert_eq!(rejected.timeline.last().unwrap().note, "法务: 付款条件需修改");
        // Submitted again, every step decides anew.
        let again = move_to(&rejected, PendingApproval, POLICY, day("2026-01-05"), "").unwrap();
        assert!(again.approvals.iter().all(|s| s.decision == Decision::Pending));
        let approved = decide(&decide(&again, true, day("2026-01-06"), "").unwrap(), true, day("2026-01-07"), "").unwrap();
        assert_eq!(approved.status, Approved);
        assert_eq!(decide(&approved, true, day("2026-01-08"), ""), Err(MoveRefused::NotFrom(Approved)));
    }
}
