// Contracts (issue 11, second slice): a contract made from a customer's page, its terms edited
// with the plan's total live, then amended, with milestones, a dispute and a risk override;
// the Won dialog drafting a contract; templates with an unknown placeholder refused; aging and
// risk following the clock.
import { test, expect } from "@playwright/test";

async function loadDemo(page) {
  await page.goto("./");
  await page.getByRole("button", { name: "Load demo data" }).click();
  await expect(page.getByText("Demo data loaded")).toBeVisible();
}

/// From the first customer's page, a new contract titled `title`; returns the customer's name.
async function newContractForFirstCustomer(page, title, amount) {
  await page.goto("./#/customers");
  const first = page.getByTestId("customer-row").first().getByRole("link").first();
  const name = (await first.innerText()).trim();
  await first.click();
  await page.getByTestId("customer-contracts").getByRole("link", { name: "New contract" }).click();
  const dialog = page.getByRole("dialog", { name: "New contract" });
  await expect(dialog.getByLabel("Customer")).toHaveValue(new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  await dialog.getByLabel("Title").fill(title);
  if (amount) await dialog.getByLabel("Amount (can be filled in later)").fill(amount);
  await dialog.getByRole("button", { name: "Create draft" }).click();
  await expect(page).toHaveURL(/#\/contracts/);
  const drawer = page.getByRole("dialog");
  await expect(drawer.getByTestId("contract-status")).toHaveText("Draft");
  return { name, drawer };
}

test("a contract from a customer's page: terms with the plan adding up, amended, milestones, dispute, risk override", async ({ page }) => {
  await loadDemo(page);
  const { name, drawer } = await newContractForFirstCustomer(page, "Maintenance 2027");
  const terms = drawer.getByTestId("terms-form");
  // No amount yet: no plan.
  await expect(drawer.getByTestId("plan-row")).toHaveCount(0);
  await expect(drawer.getByLabel("Contract text")).toHaveValue(new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  await terms.getByLabel("Amount", { exact: true }).fill("12000");
  await expect(drawer.getByTestId("plan-total")).toHaveText("Plan total ¥0.00: ¥12,000.00 short of the contract amount.");
  // A new installment takes what the plan still misses.
  await terms.getByRole("button", { name: "Add installment" }).click();
  await expect(drawer.getByTestId("plan-total")).toContainText("equal to the contract amount");
  await terms.getByLabel("Amount 1").fill("5000");
  await expect(drawer.getByTestId("plan-total")).toHaveText("Plan total ¥5,000.00: ¥7,000.00 short of the contract amount.");
  await terms.getByRole("button", { name: "Add installment" }).click();
  await expect(terms.getByLabel("Amount 2")).toHaveValue("7000.00");
  // A bad figure is named next to its field and nothing is saved.
  await terms.getByLabel("Amount", { exact: true }).fill("12,000x");
  await terms.getByRole("button", { name: "Save terms" }).click();
  await expect(terms.locator(".field.invalid")).toHaveCount(1);
  await terms.getByLabel("Amount", { exact: true }).fill("12000");
  await terms.getByRole("button", { name: "Save terms" }).click();
  await expect(page.getByText("Saved").first()).toBeVisible();
  await expect(drawer.getByTestId("plan-row")).toHaveCount(2);
  await expect(terms.getByLabel("Amount", { exact: true })).toHaveValue("12000.00");

  // Below the approval threshold: approve, sign.
  await drawer.getByRole("button", { name: "Approve (no approval needed)" }).click();
  await expect(drawer.getByTestId("contract-status")).toHaveText("Approved");
  await expect(drawer.getByTestId("terms-form")).toHaveCount(0);
  await drawer.getByRole("button", { name: "Mark signed" }).click();
  await expect(drawer.getByTestId("contract-status")).toHaveText("Signed");

  // An amendment raises the amount: recorded with both amounts, a new installment for it.
  const amendments = drawer.getByTestId("amendments");
  await amendments.getByLabel("What changes").fill("A second site");
  await amendments.getByLabel("New contract amount (blank: unchanged)").fill("15000");
  await amendments.getByRole("button", { name: "Record amendment" }).click();
  await expect(amendments).toContainText("A second site · ¥12,000.00 → ¥15,000.00");
  await expect(drawer.getByTestId("installment")).toHaveCount(3);
  await expect(drawer.getByTestId("plan-difference")).toHaveCount(0);
  // Lowering it below what was received is refused.
  await drawer.getByTestId("installment").first().getByLabel("Amount").fill("5000");
  await drawer.getByTestId("installment").first().getByLabel("Note (e.g. bank reference)").fill("ICBC 88231");
  await drawer.getByTestId("installment").first().getByRole("button", { name: "Record payment" }).click();
  await expect(drawer.getByTestId("installment").first()).toContainText("Received ¥5,000.00");
  await expect(drawer.getByTestId("installment").first().locator(".receipts")).toContainText("ICBC 88231");
  await amendments.getByLabel("What changes").fill("Cut back");
  await amendments.getByLabel("New contract amount (blank: unchanged)").fill("4000");
  await amendments.getByRole("button", { name: "Record amendment" }).click();
  await expect(amendments.getByRole("alert")).toHaveText("The new amount cannot be below the ¥5,000.00 already received.");

  // Milestones and progress.
  const milestones = drawer.getByTestId("milestones");
  await expect(milestones).toContainText("No milestones yet");
  await milestones.getByLabel("Milestone", { exact: true }).fill("Kick-off");
  await milestones.getByRole("button", { name: "Add milestone" }).click();
  await expect(milestones.getByTestId("milestone")).toHaveCount(1);
  await milestones.getByLabel("Kick-off · Progress %").fill("50");
  await milestones.getByRole("button", { name: "Save" }).click();
  await expect(milestones.getByTestId("overall-progress")).toHaveText("Overall progress: 50 %");

  // Dispute, and a risk set by hand needs its reason.
  const extra = drawer.getByTestId("dispute-risk");
  await extra.getByLabel("Disputed", { exact: true }).check();
  await extra.getByLabel("What is disputed").fill("Scope of the second site");
  await extra.getByRole("button", { name: "Save dispute" }).click();
  await expect(drawer.locator(".facts")).toContainText("Scope of the second site");
  await extra.getByLabel("Risk", { exact: true }).selectOption({ label: "High" });
  await extra.getByRole("button", { name: "Save", exact: true }).click();
  await expect(extra.getByRole("alert")).toHaveText("Give a reason.");
  await extra.getByLabel("Reason", { exact: true }).fill("Client's cash flow is tight");
  await extra.getByRole("button", { name: "Save", exact: true }).click();
  await expect(drawer.getByTestId("contract-risk")).toHaveText("High");
  await expect(drawer.getByTestId("risk-overridden")).toContainText(/Set by hand; the rules say \w+ · Client's cash flow is tight/);

  // The customer's page shows the contract and what it still owes.
  await page.goto("./#/customers");
  await page.getByTestId("customer-row").first().getByRole("link").first().click();
  const panel = page.getByTestId("customer-contracts");
  await expect(panel).toContainText("Maintenance 2027");
  await expect(panel).toContainText("Outstanding ¥10,000.00");
});

test("the Won dialog marks the deal won and drafts its contract in one step", async ({ page }) => {
  await loadDemo(page);
  await page.goto("./#/pipeline");
  const first = page.getByRole("region", { name: "Initial contact", exact: true }).getByTestId("deal-card").first();
  const title = (await first.locator(".deal-title").innerText()).trim();
  await page.getByRole("button", { name: `Move “${title}”` }).click();
  await page.getByRole("menuitem", { name: "Move to Won" }).click();
  const won = page.getByRole("dialog", { name: "Mark as won" });
  await won.getByLabel("Final amount (¥)").fill("88000");
  await won.getByRole("button", { name: "Mark won and draft contract" }).click();
  await expect(page).toHaveURL(/#\/contracts\?open=/);
  const drawer = page.getByRole("dialog");
  await expect(drawer.getByTestId("contract-status")).toHaveText("Draft");
  await expect(drawer.getByTestId("terms-form").getByLabel("Amount", { exact: true })).toHaveValue("88000.00");
  await expect(drawer.getByTestId("terms-form").getByLabel("Title")).toHaveValue(title);
  // A draft can be deleted (after a confirmation), and put back.
  const number = (await drawer.getByRole("heading", { level: 2 }).innerText()).split(" · ")[0];
  await drawer.getByRole("button", { name: "Delete draft" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await page.getByRole("searchbox").fill(number);
  await expect(page.getByTestId("contract-row")).toHaveCount(0);
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(page.getByTestId("contract-row")).toHaveCount(1);
});

test("templates: an unknown placeholder is shown and refused; edit, review, duplicate, delete with undo", async ({ page }) => {
  await page.goto("./#/settings");
  const panel = page.getByTestId("templates");
  // An empty book has none, and offers the two standard ones.
  await expect(page.getByTestId("no-templates")).toBeVisible();
  await page.getByRole("button", { name: "Add the standard templates (sales, service)" }).click();
  await expect(panel.getByTestId("template")).toHaveCount(2);
  await expect(page.getByTestId("no-templates")).toHaveCount(0);
  await page.getByRole("button", { name: "New template" }).click();
  const editor = page.getByRole("dialog", { name: "New template" });
  await editor.getByLabel("Name (the contract type)").fill("NDA");
  await editor.getByLabel("Scenario").fill("nda");
  await editor.getByLabel("Contract text").fill("Between {{customer.name}} and {{seller.name}}.");
  await expect(editor.getByTestId("unknown-placeholders")).toContainText("{{seller.name}}");
  await editor.getByRole("button", { name: "Save" }).click();
  await expect(editor).toBeVisible();
  await expect(editor.getByText("Fix the marked fields first.")).toBeVisible();
  await editor.getByLabel("Contract text").fill("Between {{customer.name}} and us. No. ");
  await editor.getByRole("button", { name: "{{contract.number}}" }).click();
  await expect(editor.getByLabel("Contract text")).toHaveValue(/\{\{contract\.number\}\}/);
  await expect(editor.getByTestId("unknown-placeholders")).toHaveCount(0);
  await editor.getByRole("button", { name: "Save" }).click();
  await expect(editor).toBeHidden();
  await expect(panel.getByTestId("template")).toHaveCount(3);
  const nda = panel.getByTestId("template").filter({ hasText: "NDA" });
  await expect(nda).toContainText("Not reviewed");
  await nda.getByRole("button", { name: "Edit" }).click();
  await page.getByRole("dialog", { name: "Edit template" }).getByLabel("Reviewed by legal or by me (dated today)").check();
  await page.getByRole("dialog", { name: "Edit template" }).getByRole("button", { name: "Save" }).click();
  await expect(nda).toContainText(/Reviewed \d{4}-\d{2}-\d{2}/);
  await nda.getByRole("button", { name: "Duplicate" }).click();
  await expect(page.getByRole("dialog", { name: "New template" }).getByLabel("Name (the contract type)")).toHaveValue("NDA (copy)");
  await page.getByRole("dialog", { name: "New template" }).getByRole("button", { name: "Save" }).click();
  await expect(panel.getByTestId("template")).toHaveCount(4);
  await panel.getByRole("button", { name: "Delete NDA (copy)" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
  await expect(panel.getByTestId("template")).toHaveCount(3);
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(panel.getByTestId("template")).toHaveCount(4);
});

test("aging and risk follow the clock: a partly paid installment becomes overdue, then high risk", async ({ page }) => {
  await page.clock.setFixedTime(new Date("2026-03-02T10:00:00"));
  await loadDemo(page);
  const { drawer } = await newContractForFirstCustomer(page, "Clockwork 1", "1000");
  // The proposed plan: ¥300 due in a week, ¥700 a month later.
  await expect(drawer.getByTestId("plan-row")).toHaveCount(2);
  await drawer.getByRole("button", { name: "Approve (no approval needed)" }).click();
  await drawer.getByRole("button", { name: "Mark signed" }).click();
  await expect(drawer.getByTestId("contract-status")).toHaveText("Signed");
  await drawer.getByTestId("installment").first().getByLabel("Amount").fill("100");
  await drawer.getByTestId("installment").first().getByRole("button", { name: "Record payment" }).click();
  await expect(drawer.getByTestId("installment").first()).toContainText("Outstanding ¥200.00");
  await expect(drawer.getByTestId("contract-risk")).toHaveText("Low");
  await drawer.getByRole("button", { name: "Close" }).click();
  await page.getByRole("searchbox").fill("Clockwork 1");
  await expect(page.getByTestId("aging").locator("tbody td").last()).toHaveText("¥0.00");

  // Sixty days later: the first installment is 53 days overdue, the second 23.
  await page.clock.setFixedTime(new Date("2026-05-01T10:00:00"));
  await page.reload();
  await page.getByRole("searchbox").fill("Clockwork 1");
  await expect(page.getByTestId("contract-row")).toHaveCount(1);
  const cells = page.getByTestId("aging").locator("tbody td");
  await expect(cells.nth(0)).toHaveText("¥700.00");
  await expect(cells.nth(1)).toHaveText("¥200.00");
  await expect(page.getByTestId("contract-row").locator("td").last()).toHaveText("High");
  await page.getByTestId("contract-row").getByRole("button").click();
  await expect(page.getByRole("dialog")).toContainText("a payment is 53 days overdue");
});

test("analytics: each contract's type, amount, sign date, progress and risk, filtered with totals and CSV; the dashboard's aging matches", async ({ page }) => {
  await loadDemo(page);
  const money = (text) => Number(text.replace(/[¥,]/g, ""));
  // The contracts page's aging over every contract…
  await page.getByRole("link", { name: "Contracts", exact: true }).click();
  const overdue = money(await page.getByTestId("aging").locator("tbody td").last().innerText());
  expect(overdue).toBeGreaterThan(0);
  // …is what the dashboard shows in its buckets.
  await page.getByRole("link", { name: "Dashboard" }).click();
  await expect(page.getByTestId("dash-aging")).toBeVisible();
  const buckets = await page.getByTestId("dash-aging").locator("tbody td").allInnerTexts();
  expect(buckets.map(money).reduce((a, b) => a + b, 0)).toBeCloseTo(overdue, 2);

  await page.getByRole("link", { name: "Analytics", exact: true }).click();
  const table = page.getByTestId("contract-analysis");
  // All time: every contract, unsigned ones too; a period keeps those signed within it.
  await page.getByTestId("period").selectOption("all");
  await expect(table.locator("tbody tr")).toHaveCount(20);
  await expect(table.locator("thead th")).toHaveText(["Type", "Number", "Amount", "Signed", "Progress %", "Risk"]);
  const all = money(await page.getByTestId("analysis-amount").innerText());
  await page.getByRole("combobox", { name: "Risk" }).selectOption({ label: "High" });
  const high = await table.locator("tbody tr").count();
  expect(high).toBeGreaterThan(0);
  expect(high).toBeLessThan(20);
  for (const risk of await table.locator("tbody tr td:last-child").allInnerTexts()) expect(risk).toBe("High");
  expect(money(await page.getByTestId("analysis-amount").innerText())).toBeLessThan(all);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export CSV" }).last().click()]);
  const csv = (await (await download.createReadStream()).toArray()).join("");
  const lines = csv.trim().split(/\r?\n/);
  expect(lines[0]).toContain("Type,Number,Amount (CNY),Signed,Progress %,Risk,Outstanding (CNY)");
  expect(lines.length).toBe(high + 1);
});

test("analytics: a period with many contracts draws 50 rows and more on request, while the totals and the CSV count every one", async ({ page }) => {
  await loadDemo(page);
  // 80 more contracts, straight into IndexedDB: copies of a demo contract with their own ids and numbers.
  await page.evaluate(async () => {
    const db = await new Promise((ok, fail) => { const r = indexedDB.open("salesdesk"); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
    const tx = db.transaction("contracts", "readwrite");
    const store = tx.objectStore("contracts");
    const [first] = await new Promise((ok) => { const r = store.getAll(null, 1); r.onsuccess = () => ok(r.result); });
    for (let i = 1; i <= 80; i++) store.put({ ...first, id: `bulk-contract-${i}`, number: `BULK-${String(i).padStart(3, "0")}` });
    await new Promise((ok) => { tx.oncomplete = ok; });
    db.close();
  });
  await page.goto("./#/analytics?period=all");
  await page.reload();
  const table = page.getByTestId("contract-analysis");
  await expect(table.locator("tbody tr")).toHaveCount(50);
  await expect(page.getByText("Showing 50 of 100")).toBeVisible();
  await expect(table.locator("tfoot")).toContainText("Total · 100");
  await page.getByRole("button", { name: "Show more", exact: true }).click();
  await expect(table.locator("tbody tr")).toHaveCount(100);
  await expect(page.getByText("Showing 50 of 100")).toHaveCount(0);
  // A filter starts from the first page again.
  await page.getByRole("combobox", { name: "Type" }).selectOption({ index: 1 });
  const kept = Number((await table.locator("tfoot th").first().innerText()).split("·")[1]);
  await expect(table.locator("tbody tr")).toHaveCount(Math.min(kept, 50));
  await page.getByRole("combobox", { name: "Type" }).selectOption({ index: 0 });
  await expect(table.locator("tbody tr")).toHaveCount(50);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export CSV" }).last().click()]);
  const csv = (await (await download.createReadStream()).toArray()).join("");
  expect(csv.trim().split(/\r?\n/).length).toBe(101);
});

test("the seller profile with a logo is the letterhead of a printed contract; a file that is not an image is refused", async ({ page }) => {
  await loadDemo(page);
  await page.goto("./#/settings");
  const seller = page.getByTestId("seller");
  await seller.getByLabel("Company or personal name").fill("Harbour Consulting Ltd.");
  await seller.getByLabel("Tax no.").fill("91310000MA1FL0000X");
  await seller.getByLabel("Choose a logo…").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not an image") });
  await expect(seller.getByRole("alert")).toHaveText("Choose a PNG, JPEG or WebP image.");
  const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
  await seller.getByLabel("Choose a logo…").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: png });
  await expect(seller.getByRole("img", { name: "Logo" })).toBeVisible();
  await expect(seller.getByRole("alert")).toHaveCount(0);
  await seller.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Saved").first()).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("seller").getByLabel("Company or personal name")).toHaveValue("Harbour Consulting Ltd.");

  await page.goto("./#/contracts");
  await page.getByTestId("contract-row").first().getByRole("button").click();
  await page.emulateMedia({ media: "print" });
  await page.evaluate(() => { window.print = () => {}; });
  await page.getByRole("dialog").getByRole("button", { name: "Print contract" }).click();
  const head = page.getByTestId("print-contract").getByTestId("letterhead");
  await expect(head).toContainText("Harbour Consulting Ltd.");
  await expect(head).toContainText("Tax no. 91310000MA1FL0000X");
  await expect(head.locator("img")).toHaveAttribute("src", /^data:image\/png;base64,iVBOR/);
  await page.evaluate(() => window.dispatchEvent(new Event("afterprint")));
  await page.emulateMedia({ media: "screen" });
});

test.describe("in Chinese", () => {
  test("新建合同、条款与回款计划、模板中的未知占位符", async ({ page }) => {
    await page.goto("./");
    await page.evaluate(() => localStorage.setItem("salesdesk.lang", "zh"));
    await page.reload();
    await page.getByRole("button", { name: "载入演示数据" }).click();
    await expect(page.getByText("演示数据已载入")).toBeVisible();
    await page.getByRole("link", { name: "合同", exact: true }).click();
    await page.getByRole("button", { name: "新建合同" }).click();
    const dialog = page.getByRole("dialog", { name: "新建合同" });
    await dialog.getByRole("button", { name: "创建草稿" }).click();
    await expect(dialog.getByText("请选择已有客户")).toHaveCount(1);
    await expect(dialog.getByText("必填")).toHaveCount(1);
    const first = await page.locator("#nc-customers option").first().getAttribute("value");
    await dialog.getByLabel("客户").fill(first);
    await dialog.getByLabel("合同名称").fill("年度维保");
    await dialog.getByLabel("合同金额（可稍后填写）").fill("20000");
    await dialog.getByRole("button", { name: "创建草稿" }).click();
    const drawer = page.getByRole("dialog");
    await expect(drawer.getByTestId("contract-status")).toHaveText("草拟");
    await expect(drawer.getByTestId("plan-total")).toHaveText("计划合计 ¥20,000.00，与合同金额一致。");
    await drawer.getByTestId("terms-form").getByLabel("合同金额", { exact: true }).fill("25000");
    await expect(drawer.getByTestId("plan-total")).toHaveText("计划合计 ¥20,000.00，比合同金额少 ¥5,000.00。");
    await drawer.getByRole("button", { name: "保存条款" }).click();
    await expect(drawer.getByTestId("terms-form").getByLabel("合同金额", { exact: true })).toHaveValue("25000.00");
    // The plan is fixed with the draft: it must add up before approval.
    await drawer.getByRole("button", { name: "批准（无需审批）" }).click();
    await expect(drawer.getByRole("alert")).toHaveText("回款计划合计与合同金额相差 ¥5,000.00，调整后才能提交、批准或签订。");
    await expect(drawer.getByTestId("contract-status")).toHaveText("草拟");

    await page.goto("./#/settings");
    await page.getByRole("button", { name: "新建模板" }).click();
    const editor = page.getByRole("dialog", { name: "新建模板" });
    await editor.getByLabel("模板名称（即合同类型）").fill("保密协议");
    await editor.getByLabel("合同正文").fill("甲方：{{customer.name}}，乙方：{{卖方名称}}");
    await expect(editor.getByTestId("unknown-placeholders")).toHaveText("无法识别的占位符，请修改后再保存： {{卖方名称}}");
  });
});

test("the contracts list sorts by amount and keeps those ending within 30 days, as many as Reminders lists for renewal", async ({ page }) => {
  await loadDemo(page);
  const money = (text) => Number(text.replace(/[¥,]/g, ""));
  await page.goto("./#/reminders");
  await expect(page.getByTestId("rem-payments")).toBeVisible();
  const renewals = await page.getByTestId("rem-renewals").locator("li").count();
  await page.goto("./#/contracts");
  await page.getByRole("combobox", { name: "Sort" }).selectOption({ label: "Largest amount" });
  const amounts = (await page.getByTestId("contract-row").locator("td:nth-child(5)").allInnerTexts()).map(money);
  expect(amounts.length).toBe(20);
  expect([...amounts].sort((a, b) => b - a)).toEqual(amounts);
  await page.getByLabel("Ending within 30 days").check();
  await expect(page.getByTestId("contract-row")).toHaveCount(renewals);
});

test("two tabs change the same term of a draft: the later save names it, and saving again keeps its value", async ({ page, context }) => {
  await loadDemo(page);
  const { drawer } = await newContractForFirstCustomer(page, "Clash", "1000");
  const other = await context.newPage();
  await other.goto(page.url());
  const theirs = other.getByRole("dialog");
  await expect(theirs.getByTestId("contract-status")).toHaveText("Draft");
  await drawer.getByTestId("terms-form").getByLabel("Title").fill("Clash, this tab");
  await theirs.getByTestId("terms-form").getByLabel("Title").fill("Clash, other tab");
  await theirs.getByRole("button", { name: "Save terms" }).click();
  await expect(theirs.getByTestId("terms-form").getByLabel("Title")).toHaveValue("Clash, other tab");
  await expect(other.getByText("Saved").first()).toBeVisible();
  await drawer.getByRole("button", { name: "Save terms" }).click();
  await expect(drawer.getByTestId("terms-form").getByRole("alert")).toHaveText("Also changed in another tab: Title. Your values are still in the form; save again to keep yours.");
  await expect(drawer.getByTestId("terms-form").getByLabel("Title")).toHaveValue("Clash, this tab");
  await drawer.getByRole("button", { name: "Save terms" }).click();
  await expect(drawer.getByTestId("terms-form").getByRole("alert")).toHaveCount(0);
  await other.reload();
  await expect(other.getByRole("dialog").getByTestId("terms-form").getByLabel("Title")).toHaveValue("Clash, this tab");
});

test("analytics: products ranked A/B/C by revenue with their stock figures, exported as CSV", async ({ page }) => {
  await loadDemo(page);
  await page.getByRole("link", { name: "Analytics", exact: true }).click();
  const abc = page.getByTestId("product-abc");
  await expect(abc.locator("tbody tr")).toHaveCount(25);
  const classes = await abc.locator("tbody tr td:last-child").allInnerTexts();
  expect(classes[0]).toBe("A");
  // Ranked: A's, then B's, then C's.
  expect([...classes].sort()).toEqual(classes);
  const revenue = (await abc.locator("tbody tr td:nth-child(3)").allInnerTexts()).map((t) => Number(t.replace(/[¥,]/g, "")));
  expect([...revenue].sort((a, b) => b - a)).toEqual(revenue);
  await expect(page.getByTestId("product-stock").locator("tbody tr")).toHaveCount(25);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("product-abc").locator("xpath=ancestor::section[1]").getByRole("button", { name: "Export CSV" }).first().click()]);
  const csv = (await (await download.createReadStream()).toArray()).join("");
  expect(csv.trim().split(/\r?\n/)[0]).toContain("Rank,Product,Revenue (CNY),Share,Cumulative,Class");
  expect(csv.trim().split(/\r?\n/).length).toBe(26);
});
