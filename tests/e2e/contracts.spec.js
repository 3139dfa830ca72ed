// Contracts (issue 11, first slice): the list with receivables, aging and risk; a contract
// through approval and signing; payments recorded against its plan, an over-payment refused.
import { test, expect } from "@playwright/test";
import { readFileSync } from "node:fs";

async function openContracts(page) {
  await page.goto("./");
  await page.getByRole("button", { name: "Load demo data" }).click();
  await expect(page.getByText("Demo data loaded")).toBeVisible();
  await page.getByRole("link", { name: "Contracts", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Contracts" })).toBeVisible();
}

const money = (text) => Number(text.replace(/[¥,]/g, ""));

test("the list totals what the filters keep, with aging, risk reasons and a CSV export", async ({ page }) => {
  await openContracts(page);
  await expect(page.getByTestId("count-contracts")).toHaveText("20");
  await expect(page.getByTestId("contract-row")).toHaveCount(20);
  const aging = page.getByTestId("aging");
  await expect(aging).toContainText("Over 90 days");
  const allOutstanding = money(await page.getByTestId("total-outstanding").innerText());

  await page.getByLabel("Overdue only").check();
  const overdue = await page.getByTestId("contract-row").count();
  expect(overdue).toBeGreaterThan(0);
  expect(overdue).toBeLessThan(20);
  expect(money(await page.getByTestId("total-outstanding").innerText())).toBeLessThanOrEqual(allOutstanding);
  // Every overdue contract is at some risk, and says why.
  for (const risk of await page.getByTestId("contract-row").locator("td:last-child span").all()) {
    await expect(risk).not.toHaveText("Low");
    await expect(risk).toHaveAttribute("title", /overdue/);
  }
  await page.getByLabel("Overdue only").uncheck();
  await page.getByRole("combobox", { name: "Status" }).selectOption({ label: "Terminated" });
  await expect(page.getByTestId("contract-row")).toHaveCount(2);
  await expect(page.getByTestId("total-outstanding")).toHaveText("¥0.00");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export CSV" }).click()]);
  const lines = readFileSync(await download.path(), "utf8").slice(1).trimEnd().split("\r\n");
  expect(lines[0]).toBe("number,title,type,customer,status,amount,sign_date,received,outstanding,overdue,risk");
  expect(lines).toHaveLength(3);
  for (const l of lines.slice(1)) expect(l).toContain(",Terminated,");
});

test("a contract through approval and signing, then paid in two receipts; an over-payment is refused", async ({ page }) => {
  await openContracts(page);
  await page.getByRole("combobox", { name: "Status" }).selectOption({ label: "Pending approval" });
  await page.getByTestId("contract-row").first().getByRole("button").click();
  const drawer = page.getByRole("dialog");
  await expect(drawer.getByTestId("contract-status")).toHaveText("Pending approval");
  // Only the moves this status allows are offered.
  await expect(drawer.getByTestId("contract-moves").getByRole("button")).toHaveText(["Terminate"]);
  await drawer.getByLabel("Comment").fill("Terms fine");
  await drawer.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(drawer.getByTestId("contract-status")).toHaveText("Approved");
  await expect(drawer.getByTestId("timeline")).toContainText("Pending approval → Approved");
  await drawer.getByRole("button", { name: "Mark signed" }).click();
  await expect(drawer.getByTestId("contract-status")).toHaveText("Signed");

  const first = drawer.getByTestId("installment").first();
  const head = await first.locator(".installment-head strong").innerText();
  const due = money(head.split("·")[1]);
  await first.getByLabel("Amount").fill(String(due + 1));
  await first.getByRole("button", { name: "Record payment" }).click();
  await expect(first.getByRole("alert")).toContainText("More than the");
  await first.getByLabel("Amount").fill("1000");
  await first.getByRole("button", { name: "Record payment" }).click();
  await expect(drawer.getByTestId("installment").first().locator(".receipts li")).toHaveCount(1);
  await drawer.getByTestId("installment").first().getByLabel("Amount").fill(String(due - 1000));
  await drawer.getByTestId("installment").first().getByRole("button", { name: "Record payment" }).click();
  await expect(drawer.getByTestId("installment").first().locator(".receipts li")).toHaveCount(2);
  // Paid in full: no form left on that installment.
  await expect(drawer.getByTestId("installment").first().getByRole("button", { name: "Record payment" })).toHaveCount(0);

  // Everything was stored: a reload opens the same contract (its address says which), signed
  // with both receipts.
  await expect(page).toHaveURL(/#\/contracts\?open=/);
  await page.reload();
  const again = page.getByRole("dialog");
  await expect(again.getByTestId("contract-status")).toHaveText("Signed");
  await expect(again.getByTestId("installment").first().locator(".receipts li")).toHaveCount(2);
  await expect(again.getByTestId("timeline")).toContainText("Approved → Signed");
  await again.getByRole("button", { name: "Close" }).click();
  await expect(page).toHaveURL(/#\/contracts$/);
});

test("Chinese: statuses, risk and amounts read in Chinese", async ({ page }) => {
  await page.goto("./");
  await page.evaluate(() => localStorage.setItem("salesdesk.lang", "zh"));
  await page.reload();
  await page.getByRole("button", { name: "载入演示数据" }).click();
  await page.getByRole("link", { name: "合同", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "合同" })).toBeVisible();
  await expect(page.getByTestId("aging")).toContainText("应收账龄");
  await page.getByRole("combobox", { name: "状态" }).selectOption({ label: "履行中" });
  await page.getByTestId("contract-row").first().getByRole("button").click();
  await expect(page.getByRole("dialog").getByTestId("contract-status")).toHaveText("履行中");
  await expect(page.getByRole("dialog").getByRole("button", { name: "标记为已完成" })).toBeVisible();
});

test("a won deal drafts its contract in one click; a big one needs an approver before it can be signed", async ({ page }) => {
  await page.goto("./");
  await page.getByRole("button", { name: "Load demo data" }).click();
  await expect(page.getByText("Demo data loaded")).toBeVisible();
  await page.goto("./#/pipeline");
  const first = page.getByRole("region", { name: "Initial contact", exact: true }).getByTestId("deal-card").first();
  const title = (await first.locator(".deal-title").innerText()).trim();
  await page.getByRole("button", { name: `Move “${title}”` }).click();
  await page.getByRole("menuitem", { name: "Move to Won" }).click();
  const won = page.getByRole("dialog", { name: "Mark as won" });
  await won.getByLabel("Final amount (¥)").fill("250,000");
  await won.getByRole("button", { name: "Mark won", exact: true }).click();
  await expect(page.getByTestId("announcement")).toContainText(`Moved “${title}” to Won`);

  await page.getByRole("tab", { name: "List" }).click();
  await page.getByRole("searchbox").fill(title);
  await page.getByTestId("deal-row").filter({ hasText: "Won" }).getByRole("button", { name: title }).click();
  await page.getByRole("dialog").getByTestId("deal-contract").getByRole("button", { name: "Create contract" }).click();
  await expect(page).toHaveURL(/#\/contracts\?open=/);
  const drawer = page.getByRole("dialog");
  await expect(drawer.getByTestId("contract-status")).toHaveText("Draft");
  await expect(drawer.getByRole("heading", { level: 2 })).toContainText(/HT-\d{4}-0021/);
  // A draft's terms are a form: the proposed plan adds up to the amount.
  await expect(drawer.getByTestId("plan-row")).toHaveCount(2);
  await expect(drawer.getByTestId("plan-total")).toHaveText("Plan total ¥250,000.00, equal to the contract amount.");
  // The body is the book's sales template, filled in.
  await expect(drawer.getByLabel("Contract text")).toHaveValue(/¥250,000\.00/);
  expect(await drawer.getByLabel("Contract text").inputValue()).not.toContain("{{");
  // The print view: amount in figures and words, the plan, signature lines; nothing else.
  await page.emulateMedia({ media: "print" });
  await page.evaluate(() => { window.print = () => {}; });
  await drawer.getByRole("button", { name: "Print contract" }).click();
  const sheet = page.getByTestId("print-contract");
  await expect(sheet).toBeVisible();
  await expect(sheet).toContainText("Two hundred fifty thousand yuan only");
  await expect(sheet.locator("tbody tr")).toHaveCount(2);
  await expect(sheet).toContainText("Seller (signature)");
  await expect(drawer).toBeHidden();
  await page.evaluate(() => window.dispatchEvent(new Event("afterprint")));
  await expect(sheet).toHaveCount(0);
  await page.emulateMedia({ media: "screen" });
  // Above the approval threshold (¥100,000): approval first, and someone to approve.
  await expect(drawer.getByTestId("contract-moves").getByRole("button")).toHaveText(["Submit for approval", "Terminate", "Delete draft"]);
  await drawer.getByRole("button", { name: "Submit for approval" }).click();
  await expect(drawer.getByRole("alert")).toContainText("Add at least one approver first.");
  await drawer.getByLabel("Approver's name").fill("Director Wang");
  await drawer.getByRole("button", { name: "Add approver" }).click();
  await expect(drawer.getByTestId("approvers")).toContainText("Director Wang");
  await drawer.getByRole("button", { name: "Submit for approval" }).click();
  await expect(drawer.getByTestId("contract-status")).toHaveText("Pending approval");
  await drawer.getByRole("button", { name: "Reject" }).click();
  await expect(drawer.getByTestId("contract-status")).toHaveText("Draft");
  await drawer.getByRole("button", { name: "Submit for approval" }).click();
  await drawer.getByRole("button", { name: "Approve", exact: true }).click();
  await drawer.getByRole("button", { name: "Mark signed" }).click();
  await expect(drawer.getByTestId("contract-status")).toHaveText("Signed");
  await expect(drawer.getByTestId("timeline")).toContainText("Pending approval → Draft");

  // The deal's drawer now links to its contract instead of offering another.
  await page.goto("./#/pipeline");
  await page.getByRole("tab", { name: "List" }).click();
  await page.getByRole("searchbox").fill(title);
  await page.getByTestId("deal-row").filter({ hasText: "Won" }).getByRole("button", { name: title }).click();
  const link = page.getByRole("dialog").getByTestId("deal-contract").getByRole("link");
  await expect(link).toContainText("Signed");
  await expect(page.getByRole("dialog").getByRole("button", { name: "Create contract" })).toHaveCount(0);
});

test("Reminders lists payments to chase and contracts to renew, each a link to its contract", async ({ page }) => {
  await page.goto("./");
  await page.getByRole("button", { name: "Load demo data" }).click();
  await expect(page.getByText("Demo data loaded")).toBeVisible();
  await page.goto("./#/reminders");
  const payments = page.getByTestId("rem-payments").locator("li");
  await expect(payments.first()).toBeVisible();
  const overdue = payments.filter({ hasText: "Overdue" }).first();
  const number = (await overdue.locator(".row-link").innerText()).split(" · ")[0];
  await overdue.locator(".row-link").click();
  await expect(page).toHaveURL(/#\/contracts\?open=/);
  const drawer = page.getByRole("dialog");
  await expect(drawer.getByRole("heading", { level: 2 })).toContainText(number);
  await expect(drawer.getByTestId("contract-risk")).not.toHaveText("Low");
  await expect(drawer).toContainText("days overdue");
});
