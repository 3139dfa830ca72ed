// End-to-end: the pipeline board, moves by mouse, touch and keyboard, closing deals, quotes,
// quick capture and the funnel, in the built dist/ at desktop and tablet size.
import { test, expect } from "@playwright/test";
import { fileURLToPath } from "node:url";

const fixture = (name) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

async function openBoard(page) {
  await page.goto("./");
  await page.getByRole("button", { name: "Load demo data" }).click();
  await expect(page.getByText("Demo data loaded")).toBeVisible();
  await page.goto("./#/pipeline");
  await expect(page.getByTestId("column").first()).toBeVisible();
}

const column = (page, name) => page.getByRole("region", { name, exact: true });
const count = async (page, name) => Number(await column(page, name).getByTestId("column-count").innerText());
const titles = (page, name) => column(page, name).locator(".deal-title").allInnerTexts();

async function center(locator) {
  const b = await locator.boundingBox();
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/// A finger: touch start, hold, move in steps, lift (Chromium turns these into pointer events).
async function touchDrag(page, from, to, holdMs = 600) {
  const cdp = await page.context().newCDPSession(page);
  const touch = (type, p) => cdp.send("Input.dispatchTouchEvent", { type, touchPoints: p ? [{ x: p.x, y: p.y, id: 1 }] : [] });
  await touch("touchStart", from);
  await page.waitForTimeout(holdMs);
  for (let i = 1; i <= 12; i++) {
    await touch("touchMove", { x: from.x + ((to.x - from.x) * i) / 12, y: from.y + ((to.y - from.y) * i) / 12 });
    await page.waitForTimeout(16);
  }
  await touch("touchEnd");
}

/** The toast of a captured lead: the customer's name is Unicode-isolated within it. */
function captured(name, what) {
  return `Lead captured: \u2068${name}\u2069 (${what})`;
}

test("drag a card to another stage with the mouse; the move and its history survive a reload", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "mouse");
  await openBoard(page);
  const [a, b] = [await count(page, "Initial contact"), await count(page, "Needs analysis")];
  const card = column(page, "Initial contact").getByTestId("deal-card").first();
  const title = await card.locator(".deal-title").innerText();
  const from = await center(card);
  const to = await center(column(page, "Needs analysis").getByTestId("deal-card").first());
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 20, from.y + 5, { steps: 3 });
  await expect(page.locator(".deal-card.ghost")).toBeVisible();
  await page.mouse.move(to.x, to.y - 10, { steps: 12 });
  await expect(page.locator(".deal-card.drop-before")).toHaveCount(1);
  await page.mouse.up();
  await expect(page.getByTestId("announcement")).toContainText(`Moved “${title}” to Needs analysis`);
  // The click that follows the mouse-up belongs to the drop: no deal opens.
  await expect(page.getByRole("dialog")).toHaveCount(0);
  expect(await count(page, "Initial contact")).toBe(a - 1);
  expect(await count(page, "Needs analysis")).toBe(b + 1);
  expect((await titles(page, "Needs analysis"))[0]).toBe(title);

  await page.reload();
  await expect(column(page, "Needs analysis").locator(".deal-title").first()).toHaveText(title);
  await column(page, "Needs analysis").getByTestId("deal-card").first().click();
  const history = page.getByTestId("stage-history");
  await expect(history.locator("li").first()).toContainText("Needs analysis");
});

test("reorder within a column, and drop on Lost asks for a reason", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "mouse");
  await openBoard(page);
  const before = await titles(page, "Proposal & demo");
  const cards = column(page, "Proposal & demo").getByTestId("deal-card");
  const from = await center(cards.nth(0));
  const third = await cards.nth(2).boundingBox();
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x, third.y + third.height * 0.25, { steps: 15 });
  await page.mouse.up();
  const after = [before[1], before[0], ...before.slice(2)];
  await expect.poll(() => titles(page, "Proposal & demo")).toEqual(after);
  // The board shows a move at once; it is stored when the announcement is made.
  await expect(page.getByTestId("announcement")).toContainText(`Moved “${before[0]}” to Proposal & demo`);
  await page.reload();
  await expect.poll(() => titles(page, "Proposal & demo")).toEqual(after);

  // Drop on the Lost zone at the bottom of the screen.
  const n = await count(page, "Proposal & demo");
  const start = await center(column(page, "Proposal & demo").getByTestId("deal-card").first());
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(start.x + 30, start.y + 30, { steps: 3 });
  const lost = await center(page.getByTestId("drop-lost"));
  await page.mouse.move(lost.x, lost.y, { steps: 10 });
  await page.mouse.up();
  const dialog = page.getByRole("dialog", { name: "Mark as lost" });
  await dialog.getByRole("button", { name: "Mark lost" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("is required");
  await dialog.getByRole("button", { name: "Chose a competitor" }).click();
  await dialog.getByRole("button", { name: "Mark lost" }).click();
  await expect(dialog).toHaveCount(0);
  await expect.poll(() => count(page, "Proposal & demo")).toBe(n - 1);
});

test("a finger moves a card after press-and-hold; a quick swipe only scrolls", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "tablet", "touch");
  await openBoard(page);
  const [a, b] = [await count(page, "Initial contact"), await count(page, "Needs analysis")];
  const card = column(page, "Initial contact").getByTestId("deal-card").first();
  const title = await card.locator(".deal-title").innerText();

  // A swipe without the hold scrolls the board; nothing moves.
  const p = await center(card);
  await touchDrag(page, p, { x: p.x - 300, y: p.y }, 0);
  await expect.poll(() => page.evaluate(() => document.querySelector("[data-testid=board]").scrollLeft)).toBeGreaterThan(50);
  expect(await count(page, "Initial contact")).toBe(a);
  await expect(page.locator(".deal-card.ghost")).toHaveCount(0);

  // Let the fling settle (two reads a frame apart agree), then scroll back.
  await expect.poll(() => page.evaluate(() => new Promise((done) => {
    const board = document.querySelector("[data-testid=board]");
    const before = board.scrollLeft;
    requestAnimationFrame(() => requestAnimationFrame(() => done(board.scrollLeft === before)));
  }))).toBe(true);
  await page.evaluate(() => document.querySelector("[data-testid=board]").scrollTo(0, 0));
  await expect.poll(() => page.evaluate(() => document.querySelector("[data-testid=board]").scrollLeft)).toBe(0);
  const from = await center(card);
  const to = await center(column(page, "Needs analysis").getByTestId("deal-card").first());
  await touchDrag(page, from, { x: to.x, y: to.y - 10 });
  await expect(page.getByTestId("announcement")).toContainText(`Moved “${title}” to Needs analysis`);
  expect(await count(page, "Initial contact")).toBe(a - 1);
  expect(await count(page, "Needs analysis")).toBe(b + 1);
  // The next tap opens a card as usual: a drag must not swallow it (only the click the drop
  // itself causes is ignored, for a moment), so a tap within two seconds opens the card.
  await expect(async () => {
    await column(page, "Needs analysis").getByTestId("deal-card").first().tap();
    await expect(page.getByRole("dialog").getByRole("heading", { name: "Edit deal" })).toBeVisible({ timeout: 250 });
  }).toPass({ timeout: 2000 });
  await page.reload();
  await expect(column(page, "Needs analysis").locator(".deal-title").first()).toHaveText(title);
});

test("the Move to… menu works from the keyboard, and Won asks for the final amount", async ({ page }) => {
  await openBoard(page);
  const a = await count(page, "Initial contact");
  const title = (await titles(page, "Initial contact"))[0];
  const menuButton = page.getByRole("button", { name: `Move “${title}”` });
  await menuButton.focus();
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu");
  await expect(menu.getByRole("menuitem").first()).toBeFocused();
  // Down to "Move to Negotiation": move down, then stages in order (Needs, Proposal, Negotiation).
  for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowDown");
  await expect(menu.getByRole("menuitem", { name: "Move to Negotiation" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("announcement")).toContainText(`Moved “${title}” to Negotiation`);
  expect(await count(page, "Initial contact")).toBe(a - 1);
  await expect(page.locator(`[data-deal-id]:focus`)).toHaveCount(1);

  await page.getByRole("button", { name: `Move “${title}”` }).click();
  await page.getByRole("menuitem", { name: "Move to Won" }).click();
  const dialog = page.getByRole("dialog", { name: "Mark as won" });
  await dialog.getByLabel("Final amount (¥)").fill("88,888.80");
  await dialog.getByRole("button", { name: "Mark won", exact: true }).click();
  await expect(page.getByTestId("announcement")).toContainText(`Moved “${title}” to Won`);
  await page.getByRole("tab", { name: "List" }).click();
  await page.getByRole("searchbox").fill(title);
  const row = page.getByTestId("deal-row").filter({ hasText: "Won" });
  await expect(row).toContainText("¥88,888.80");
});

test("a quote: lines from the catalogue, a big discount needs a reason, totals, print view", async ({ page }) => {
  await openBoard(page);
  await page.getByRole("button", { name: "New deal", exact: true }).click();
  const form = page.getByRole("dialog");
  await form.getByLabel("Deal", { exact: true }).fill("Printers for the new office");
  await form.getByLabel("Customer", { exact: true }).fill("no such customer");
  await form.getByRole("button", { name: "Add product" }).click();
  await form.getByRole("button", { name: "Add product" }).click();
  const lines = form.getByTestId("quote-line");
  await lines.nth(0).getByLabel("Quantity").fill("3");
  await lines.nth(0).getByLabel("Unit price").fill("33.33");
  await lines.nth(1).getByLabel("Quantity").fill("2");
  await lines.nth(1).getByLabel("Unit price").fill("1000");
  await lines.nth(1).getByLabel("Discount %").fill("30");
  await expect(lines.nth(1)).toContainText("Above max discount 15%");
  await expect(form.getByTestId("quote-totals")).toContainText("Subtotal ¥2,099.99");
  await expect(form.getByTestId("quote-totals")).toContainText("Discount −¥600.00");
  await expect(form.getByTestId("quote-totals")).toContainText("Total ¥1,499.99");
  await form.getByLabel("Deal amount follows the quote total").check();
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByText("Pick an existing customer")).toBeVisible();
  await expect(form.getByText("A discount above the maximum needs a reason")).toBeVisible();
  const customer = (await column(page, "Initial contact").locator(".deal-customer").first().innerText()).trim();
  await form.getByLabel("Customer", { exact: true }).fill(customer);
  await lines.nth(1).getByLabel("Discount reason").fill("Launch customer");

  // A numbered quote needs a stored deal.
  await expect(form.getByRole("button", { name: "Print quote" })).toBeDisabled();
  await expect(form).toContainText("Save the deal to print a numbered quote");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form).toHaveCount(0);
  const card = column(page, "Initial contact").getByTestId("deal-card").filter({ hasText: "Printers for the new office" });
  await expect(card).toContainText("¥1,499.99");
  await card.click();
  const again = page.getByRole("dialog");
  await expect(again.getByTestId("quote-line")).toHaveCount(2);

  // Printing follows the rule saving does: without the reason nothing is issued.
  await page.evaluate(() => { window.print = () => {}; });
  await again.getByTestId("quote-line").nth(1).getByLabel("Discount reason").fill("");
  await again.getByRole("button", { name: "Print quote" }).click();
  await expect(again.getByText("A discount above the maximum needs a reason")).toBeVisible();
  await expect(page.getByTestId("print-quote")).toHaveCount(0);
  await again.getByTestId("quote-line").nth(1).getByLabel("Discount reason").fill("Launch customer");

  // Printed: numbered by the book's rule, version 1, with VAT and the total in words.
  await page.emulateMedia({ media: "print" });
  await again.getByRole("button", { name: "Print quote" }).click();
  const sheet = page.getByTestId("print-quote");
  await expect(sheet).toBeVisible();
  await expect(sheet).toContainText("Quotation");
  await expect(sheet.getByTestId("quote-number")).toHaveText(/^BJ-\d{4}-0001 · v1$/);
  await expect(sheet.getByTestId("quote-total")).toHaveText("¥1,499.99");
  await expect(sheet.getByTestId("quote-tax")).toHaveText("¥172.57");
  await expect(sheet.getByTestId("quote-words")).toContainText("One thousand four hundred ninety-nine yuan");
  await expect(sheet).toContainText("Prices include VAT at 13%.");
  await expect(page.getByRole("dialog")).toBeHidden();
  await page.evaluate(() => window.dispatchEvent(new Event("afterprint")));
  await expect(sheet).toHaveCount(0);
  await page.emulateMedia({ media: "screen" });
  // Printed again unchanged: the same version; with another quantity: version 2.
  await again.getByRole("button", { name: "Print quote" }).click();
  await expect(page.getByTestId("print-quote").getByTestId("quote-number")).toHaveText(/0001 · v1$/);
  await page.evaluate(() => window.dispatchEvent(new Event("afterprint")));
  await again.getByTestId("quote-line").nth(0).getByLabel("Quantity").fill("4");
  await again.getByRole("button", { name: "Print quote" }).click();
  await expect(page.getByTestId("print-quote").getByTestId("quote-number")).toHaveText(/0001 · v2$/);
  await page.evaluate(() => window.dispatchEvent(new Event("afterprint")));
  // Printing did not get in the way of saving the form.
  await again.getByRole("button", { name: "Save" }).click();
  await expect(again).toHaveCount(0);
  await card.click();
  await expect(page.getByRole("dialog").getByTestId("quote-issued")).toContainText("· v2 ·");
});

test("a new deal from a customer's page", async ({ page }) => {
  await openBoard(page);
  await page.goto("./#/customers");
  const name = (await page.getByTestId("customer-row").first().locator("a").first().innerText()).trim();
  await page.getByTestId("customer-row").first().locator("a").first().click();
  await page.getByRole("link", { name: "New deal" }).click();
  const form = page.getByRole("dialog");
  await expect(form.getByLabel("Customer", { exact: true })).toHaveValue(name);
  await form.getByLabel("Deal", { exact: true }).fill("Follow-on order");
  await form.getByLabel("Amount (¥)").fill("12000");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form).toHaveCount(0);
  await expect(column(page, "Initial contact").getByTestId("deal-card").filter({ hasText: "Follow-on order" })).toContainText(name);
});

test("quick capture of a trade-show lead: a person, a company, a phone and the need", async ({ page }) => {
  await openBoard(page);
  const a = await count(page, "Initial contact");
  await page.getByRole("button", { name: "Quick lead" }).click();
  const dialog = page.getByRole("dialog", { name: "Quick lead" });
  await expect(dialog.getByLabel("Name *")).toBeFocused();
  await dialog.getByRole("button", { name: "Save lead" }).click();
  await expect(dialog.getByText("is required")).toBeVisible();
  // The field to fix has the focus again.
  await expect(dialog.getByLabel("Name *")).toBeFocused();
  await page.keyboard.type("Mei Chen");
  await dialog.getByLabel("Company (optional)").fill("Harbour Optics");
  await dialog.getByLabel("Phone").fill("139 0000 7777");
  await dialog.getByLabel("Need").fill("20 label printers");
  await dialog.getByRole("button", { name: "Save lead" }).click();
  await expect(page.getByText(captured("Harbour Optics", "new customer"))).toBeVisible();
  await expect.poll(() => count(page, "Initial contact")).toBe(a + 1);
  // New leads go on top of the column, in view however long it is; the card names the
  // customer once, under the deal's own title.
  const card = column(page, "Initial contact").getByTestId("deal-card").first();
  await expect(card).toContainText("20 label printers");
  await expect(card).toContainText("Harbour Optics");
  // The same phone again: the existing customer gets the deal and nothing else changes.
  await page.getByRole("button", { name: "Quick lead" }).click();
  await page.keyboard.type("Someone else");
  await dialog.getByLabel("Phone").fill("13900007777");
  await dialog.getByRole("button", { name: "Save lead" }).click();
  await expect(page.getByText(captured("Harbour Optics", "existing customer"))).toBeVisible();
  // A colleague from the same company with a new phone: added to its contacts, not dropped.
  await page.getByRole("button", { name: "Quick lead" }).click();
  await page.keyboard.type("Ken Lau");
  await dialog.getByLabel("Company (optional)").fill("Harbour Optics");
  await dialog.getByLabel("Phone").fill("138 5555 0101");
  await dialog.getByRole("button", { name: "Save lead" }).click();
  await expect(page.getByText(captured("Harbour Optics", "existing customer, contact added"))).toBeVisible();
  await page.goto("./#/customers?q=Harbour%20Optics");
  await page.getByRole("link", { name: "Harbour Optics" }).click();
  await expect(page.getByText("Mei Chen")).toBeVisible();
  await expect(page.getByText("Ken Lau")).toBeVisible();
  await expect(page.getByText("138 5555 0101")).toBeVisible();
  await expect(page.getByText("Decision maker")).toHaveCount(0);
  // Its grade sees the three open deals, though none has a close date yet.
  await expect(page.getByText("3 open deals without an expected close date")).toBeVisible();
});

test("quick lead from any page: the Q key outside fields, Escape closes", async ({ page }) => {
  await openBoard(page);
  await page.goto("./#/customers");
  await expect(page.getByRole("heading", { level: 1, name: "Customers" })).toBeVisible();
  // Typing q in the search box types it.
  await page.getByRole("searchbox").first().fill("");
  await page.getByRole("searchbox").first().press("q");
  await expect(page.getByRole("dialog", { name: "Quick lead" })).toHaveCount(0);
  await page.getByRole("heading", { level: 1, name: "Customers" }).click();
  await page.keyboard.press("q");
  const dialog = page.getByRole("dialog", { name: "Quick lead" });
  await expect(dialog.getByLabel("Name *")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  // The button is on every page (in the sidebar, or floating on touch screens).
  for (const route of ["#/", "#/products", "#/contracts", "#/analytics", "#/settings"]) {
    await page.goto("./" + route);
    await page.getByRole("button", { name: "Quick lead" }).click();
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toHaveCount(0);
    // Focus is back on the button that opened it.
    await expect(page.getByRole("button", { name: "Quick lead" })).toBeFocused();
  }
});

test("filters, the list view and the funnel", async ({ page }) => {
  await openBoard(page);
  await expect(page.getByTestId("deal-card").first()).toBeVisible();
  const n0 = await page.getByTestId("deal-card").count();
  await page.getByLabel("Stale only").check();
  const staleCards = page.getByTestId("deal-card");
  await expect.poll(() => staleCards.count()).toBeLessThan(n0);
  const n = await staleCards.count();
  expect(n).toBeGreaterThan(0);
  await expect(page.getByTestId("stale")).toHaveCount(n);
  await page.getByLabel("Stale only").uncheck();
  await page.getByLabel("Min amount").fill("200000");
  await page.getByLabel("Min amount").press("Enter");
  // Wait for the filter to apply (fewer cards), then every card left is big enough.
  await expect.poll(() => page.getByTestId("deal-card").count()).toBeLessThan(n0);
  const big = await page.locator(".deal-amount").allInnerTexts();
  expect(big.length).toBeGreaterThan(0);
  for (const amount of big) {
    expect(Number(amount.replace(/[¥,]/g, ""))).toBeGreaterThanOrEqual(200000);
  }
  await page.getByRole("tab", { name: "List" }).click();
  await expect(page.getByTestId("deal-row").first()).toBeVisible();
  await page.getByRole("button", { name: "Amount (¥)" }).click();
  const amounts = (await page.locator(".deal-table tbody tr td:nth-child(4)").allInnerTexts()).map((t) => Number(t.replace(/[¥,]/g, "")));
  expect(amounts).toEqual([...amounts].sort((x, y) => y - x));

  await page.getByRole("tab", { name: "Funnel" }).click();
  await expect(page.getByTestId("funnel-kpis")).toContainText("Win rate");
  const rows = page.getByTestId("funnel-table").locator("tbody tr");
  await expect(rows).toHaveCount(5);
  await expect(rows.first()).toContainText("Initial contact");
  await expect(page.getByTestId("forecast-table").locator("tbody tr").first()).toBeVisible();
});

test("import deals from another CRM: stages mapped, unknown customers listed or created, re-import skipped", async ({ page }) => {
  await page.goto("./#/pipeline");
  await expect(page.getByText("No deals yet.")).toBeVisible();
  await page.getByRole("button", { name: "Import CSV" }).click();
  await page.getByTestId("csv-file").setInputFiles(fixture("deals-crm.csv"));
  await expect(page.getByRole("combobox", { name: "account" })).toHaveValue("Customer");
  await expect(page.getByRole("combobox", { name: "close_value" })).toHaveValue("Amount");
  const stages = page.getByTestId("stage-mapping");
  await expect(stages.getByRole("combobox", { name: "Prospecting" })).toHaveValue("stage-initial");
  await expect(stages.getByRole("combobox", { name: "Engaging" })).toHaveValue("stage-needs");
  await expect(stages.getByRole("combobox", { name: "Won" })).toHaveValue("stage-won");
  const errors = page.getByTestId("csv-errors");
  await expect(errors).toContainText("Row 2 · customer: has the wrong format: Cancity");
  await expect(errors).toContainText("Row 5 · customer: has the wrong format: Codehow");
  await expect(page.getByRole("button", { name: "Import deals" })).toBeDisabled();
  await page.getByLabel("Create customers the book does not have").check();
  await expect(page.getByTestId("csv-plan")).toContainText("to create 4 · to update 0 · to skip 0 · new customers 3");
  await page.getByRole("button", { name: "Import deals" }).click();
  await expect(page.getByText("Deals imported · 4 created")).toBeVisible();
  await expect(page.getByTestId("deal-card")).toHaveCount(2);
  await page.getByRole("tab", { name: "List" }).click();
  await expect(page.getByTestId("deal-count")).toHaveText("4 deals");

  await page.getByRole("button", { name: "Import CSV" }).click();
  await page.getByTestId("csv-file").setInputFiles(fixture("deals-crm.csv"));
  await expect(page.getByTestId("csv-plan")).toContainText("to create 0 · to update 0 · to skip 4");
});

test("leaving by address while the deals import writes: the import ends, nothing breaks", async ({ page }) => {
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto("./#/pipeline");
  await expect(page.getByText("No deals yet.")).toBeVisible();
  await page.getByRole("button", { name: "Import CSV" }).click();
  await page.getByTestId("csv-file").setInputFiles(fixture("deals-crm.csv"));
  await page.getByLabel("Create customers the book does not have").check();
  await expect(page.getByTestId("csv-plan")).toContainText("to create 4");
  // The deals store held by another connection, so the import is surely still writing when
  // the user goes elsewhere by the address bar (the import drawer is gone when it ends).
  await page.evaluate(() => new Promise((started, failed) => {
    const open = indexedDB.open("salesdesk");
    open.onerror = () => failed(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(["deals"], "readwrite");
      const until = Date.now() + 1500;
      const spin = () => { if (Date.now() < until) tx.objectStore("deals").count().onsuccess = spin; };
      spin();
      tx.oncomplete = () => db.close();
      started();
    };
  }));
  await page.getByRole("button", { name: "Import deals" }).click();
  await page.goto("./#/analytics");
  await expect(page.getByText("Deals imported · 4 created")).toBeVisible();
  await page.goto("./#/pipeline");
  await page.getByRole("tab", { name: "List" }).click();
  await expect(page.getByTestId("deal-count")).toHaveText("4 deals");
  expect(errors).toEqual([]);
});

test("stages: add, rename, reorder, and remove one that holds deals", async ({ page }) => {
  await openBoard(page);
  const n = await count(page, "Needs analysis");
  const m = await count(page, "Proposal & demo");
  await page.goto("./#/settings");
  const form = page.getByTestId("stages");
  await expect(form.getByTestId("stage-row")).toHaveCount(6);
  await form.getByRole("button", { name: "Add stage" }).click();
  await form.getByRole("button", { name: "Save stages" }).click();
  await expect(form.getByRole("alert").first()).toBeVisible();
  await form.getByLabel("Stage name 5").fill("Contract review");
  await form.getByLabel("Stage name 1").fill("First call");
  await form.getByRole("button", { name: "Move up 5" }).click();
  await form.getByRole("button", { name: "Save stages" }).click();
  await expect(page.getByText("Saved")).toBeVisible();
  await page.reload();
  await expect(form.getByLabel("Stage name 4")).toHaveValue("Contract review");

  await form.getByRole("button", { name: "Remove stage 2" }).click();
  const dialog = page.getByTestId("stage-remove");
  await expect(dialog).toContainText(`holds ${n} deals`);
  await expect(dialog.getByRole("button", { name: "Remove stage" })).toBeDisabled();
  // Only open stages take its deals: Won or Lost would close them without an amount or a reason.
  expect(await dialog.getByRole("combobox").locator("option").allInnerTexts())
    .toEqual(["Move its deals to…", "First call", "Proposal & demo", "Contract review", "Negotiation"]);
  await dialog.getByRole("combobox").selectOption({ label: "Proposal & demo" });
  await dialog.getByRole("button", { name: "Remove stage" }).click();
  await expect(page.getByText("Stage removed")).toBeVisible();

  await page.goto("./#/pipeline");
  await expect(page.getByTestId("column").first()).toBeVisible();
  const names = await page.locator(".column-header h2").allInnerTexts();
  expect(names).toEqual(["First call", "Proposal & demo", "Contract review", "Negotiation"]);
  expect(await count(page, "Proposal & demo")).toBe(n + m);
});

test("a stage holding deals keeps its kind, and a won or lost stage holding deals is not removed", async ({ page }) => {
  await openBoard(page);
  const initial = await count(page, "Initial contact");
  await page.goto("./#/settings");
  const form = page.getByTestId("stages");
  const dialog = page.getByTestId("stage-remove");
  // Swapping kinds would win the open deals of one stage and reopen every won deal.
  await form.getByLabel("Kind 1").selectOption("won");
  await form.getByLabel("Kind 5").selectOption("open");
  await expect(form.getByText("This stage holds deals, so its kind cannot change")).toHaveCount(2);
  await form.getByRole("button", { name: "Save stages" }).click();
  // Removing another stage stores the form's edits too: refused while they change a kind.
  await form.getByRole("button", { name: "Remove stage 2" }).click();
  expect(await dialog.getByRole("combobox").locator("option").allInnerTexts())
    .toEqual(["Move its deals to…", "Proposal & demo", "Negotiation"]);
  await dialog.getByRole("combobox").selectOption({ label: "Proposal & demo" });
  await dialog.getByRole("button", { name: "Remove stage" }).click();
  await expect(page.getByText("Stage removed")).toHaveCount(0);
  await page.reload();
  await expect(form.getByLabel("Kind 1")).toHaveValue("open");
  await expect(form.getByLabel("Kind 5")).toHaveValue("won");
  await expect(form.getByTestId("stage-row")).toHaveCount(6);
  // The won stage, unedited: said at once, with nowhere to pick and nothing to press.
  await form.getByRole("button", { name: "Remove stage 5" }).click();
  await expect(dialog).toContainText("A won or lost stage that holds deals cannot be removed.");
  await expect(dialog.getByRole("combobox")).toBeHidden();
  await expect(dialog.getByRole("button", { name: "Remove stage" })).toBeDisabled();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await page.goto("./#/pipeline");
  expect(await count(page, "Initial contact")).toBe(initial);
});

test("a deal's follow-ups: logged in its drawer without closing it, listed there and on the customer's timeline", async ({ page }) => {
  await openBoard(page);
  await column(page, "Needs analysis").getByTestId("deal-card").first().click();
  const drawer = page.getByRole("dialog");
  const customer = await drawer.getByLabel("Customer", { exact: true }).inputValue();
  const list = drawer.getByTestId("deal-follow-ups");
  const logged = list.locator("li:not(.muted)");
  await expect(list.locator("li").first()).toBeVisible();
  const n = await logged.count();
  const entry = drawer.getByTestId("dfu-entry");
  await entry.getByRole("button", { name: "Log" }).click();
  await expect(entry.getByRole("alert")).toHaveText("is required");
  await entry.getByLabel("Summary *").fill("Sent the revised quote");
  await entry.getByLabel("Summary *").press("Enter");
  await expect(logged.first()).toContainText("Sent the revised quote");
  await expect(entry.getByLabel("Summary *")).toHaveValue("");
  await entry.getByLabel("Channel").selectOption({ label: "Visit" });
  await entry.getByLabel("Summary *").fill("Site visit with the buyer");
  await entry.getByLabel("Outcome").fill("Agreed on scope");
  await entry.getByLabel("Next follow-up").fill("2099-03-01");
  await entry.getByRole("button", { name: "Log" }).click();
  await expect(logged).toHaveCount(n + 2);
  await expect(list).toContainText("Visit · Site visit with the buyer — Agreed on scope → Next follow-up 2099-03-01");
  // Logging did not save or close the deal form.
  await expect(drawer.getByRole("heading", { name: "Edit deal" })).toBeVisible();

  await page.reload();
  await column(page, "Needs analysis").getByTestId("deal-card").first().click();
  await expect(page.getByRole("dialog").getByTestId("deal-follow-ups").locator("li:not(.muted)")).toHaveCount(n + 2);
  await page.keyboard.press("Escape");
  await page.goto("./#/customers");
  await page.getByRole("searchbox").fill(customer);
  await page.getByTestId("customer-row").first().getByRole("link", { name: customer }).click();
  await expect(page.getByTestId("timeline")).toContainText("Site visit with the buyer");
});

test("lost reasons: rename carries over to lost deals, add, remove; the Lost dialog offers the list", async ({ page }) => {
  await openBoard(page);
  await page.goto("./#/settings");
  const form = page.getByTestId("lost-reasons");
  const rows = form.getByTestId("reason-row");
  await expect(rows).toHaveCount(4);
  await expect(form.getByLabel("Lost reason 1")).toHaveValue("Price too high");
  const used = await rows.nth(0).locator(".hint").innerText();
  expect(used).toMatch(/^\d+ deals?$/);

  await form.getByLabel("Lost reason 1").fill("Price");
  await form.getByRole("button", { name: "Add reason" }).click();
  await expect(form.getByLabel("Lost reason 5")).toBeFocused();
  await form.getByRole("button", { name: "Save lost reasons" }).click();
  await expect(rows.nth(4).getByRole("alert")).toHaveText("is required");
  await form.getByLabel("Lost reason 5").fill(" chose a competitor ");
  await form.getByRole("button", { name: "Save lost reasons" }).click();
  await expect(rows.nth(4).getByRole("alert")).toHaveText("is already in the list");
  await form.getByLabel("Lost reason 5").fill("Bad timing");
  await form.getByRole("button", { name: "Remove reason 3" }).click();
  await form.getByRole("button", { name: "Move up 4" }).click();
  await form.getByRole("button", { name: "Save lost reasons" }).click();
  await expect(page.getByText("Saved")).toBeVisible();

  await page.reload();
  await expect(rows).toHaveCount(4);
  const names = await rows.locator("input").evaluateAll((inputs) => inputs.map((i) => i.value));
  expect(names).toEqual(["Price", "Chose a competitor", "Bad timing", "Needs did not match"]);
  // The deals closed with "Price too high" now say "Price".
  await expect(rows.nth(0).locator(".hint")).toHaveText(used);

  await page.goto("./#/pipeline");
  await expect(page.getByTestId("column").first()).toBeVisible();
  const title = (await titles(page, "Initial contact"))[0];
  await page.getByRole("button", { name: `Move “${title}”` }).click();
  await page.getByRole("menuitem", { name: "Move to Lost" }).click();
  const dialog = page.getByRole("dialog", { name: "Mark as lost" });
  await expect(dialog.locator(".chip")).toHaveText(["Price", "Chose a competitor", "Bad timing", "Needs did not match"]);
  await dialog.getByRole("button", { name: "Cancel" }).click();

  // The funnel's lost-reason table uses the renamed reason.
  await page.getByRole("tab", { name: "Funnel" }).click();
  await page.getByLabel("Period").selectOption({ label: "All time" });
  const table = page.getByTestId("lost-reasons-table");
  await expect(table.locator("tbody tr").filter({ hasText: /^Price/ }).locator("td").nth(1)).toHaveText(used.split(" ")[0]);
  await expect(table).not.toContainText("Price too high");
});

test("a long column renders a page of cards, adds more when scrolled, and still counts every deal; the list pages too", async ({ page }) => {
  await openBoard(page);
  const n = await count(page, "Initial contact");
  const total = Number((await page.evaluate(async () => {
    const db = await new Promise((ok) => { const r = indexedDB.open("salesdesk"); r.onsuccess = () => ok(r.result); });
    const c = await new Promise((ok) => { const r = db.transaction("deals").objectStore("deals").count(); r.onsuccess = () => ok(r.result); });
    db.close();
    return c;
  })));
  const source = await column(page, "Initial contact").getByTestId("deal-card").first().getAttribute("data-deal-id");
  // 150 more deals in the same stage, straight into IndexedDB, ranked after the others.
  await page.evaluate(async (id) => {
    const db = await new Promise((ok, fail) => { const r = indexedDB.open("salesdesk"); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
    const tx = db.transaction("deals", "readwrite");
    const store = tx.objectStore("deals");
    const deal = await new Promise((ok) => { const r = store.get(id); r.onsuccess = () => ok(r.result); });
    for (let i = 1; i <= 150; i++) {
      const pad = String(i).padStart(3, "0");
      store.put({ ...deal, id: `bulk-${pad}`, title: `Bulk deal ${pad}`, rank: `zz${pad}` });
    }
    await new Promise((ok) => { tx.oncomplete = ok; });
    db.close();
  }, source);
  await page.reload();
  const col = column(page, "Initial contact");
  await expect(col.getByTestId("column-count")).toHaveText(String(n + 150));
  await expect(col.getByTestId("deal-card")).toHaveCount(20);
  await expect(col.getByRole("button", { name: `Show more (${n + 130} more)` })).toBeVisible();
  await col.locator(".column-body").evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await expect(col.getByTestId("deal-card")).toHaveCount(40);
  // The button adds a page. Clicked where it is: bringing it into view scrolls the column to
  // its end, which adds the next page and moves the button on — under load, again and again
  // until every card shows and there is no button left to click.
  await col.getByRole("button", { name: /Show more/ }).dispatchEvent("click");
  await expect(col.getByTestId("deal-card")).toHaveCount(60);

  // The list view: 200 rows, then more on request.
  await page.getByRole("tab", { name: "List" }).click();
  await expect(page.getByTestId("deal-count")).toHaveText(`${total + 150} deals`);
  await expect(page.getByTestId("deal-row")).toHaveCount(200);
  await expect(page.getByText(`Showing the first 200 of ${total + 150}`)).toBeVisible();
  await page.getByRole("button", { name: "Show more", exact: true }).click();
  await expect(page.getByTestId("deal-row")).toHaveCount(total + 150);
  await page.getByRole("tab", { name: "Board" }).click();

  // A card moved here from the menu goes on top, in view, even in a long column.
  await page.reload();
  await expect(col.getByTestId("deal-card")).toHaveCount(20);
  const title = (await titles(page, "Needs analysis"))[0];
  await page.getByRole("button", { name: `Move “${title}”` }).click();
  await page.getByRole("menuitem", { name: "Move to Initial contact" }).click();
  await expect(col.getByTestId("column-count")).toHaveText(String(n + 151));
  await expect(col.locator(".deal-title").first()).toHaveText(title);
  await expect(col.getByTestId("deal-card")).toHaveCount(20);
});

test("at a stand without a network: the app opens from its cache and a lead is captured", async ({ page, context }) => {
  await page.goto("./");
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload(); // now under the service worker, which caches what it serves
  await page.getByRole("button", { name: "Load demo data" }).click();
  await expect(page.getByText("Demo data loaded")).toBeVisible();
  await expect.poll(() => page.evaluate(async () => (await (await caches.open((await caches.keys()).find((k) => k.startsWith("salesdesk-")))).keys()).some((r) => r.url.endsWith(".wasm")))).toBe(true);

  await context.setOffline(true);
  await page.goto("./#/pipeline");
  await page.reload();
  await expect(page.getByTestId("column").first()).toBeVisible();
  await page.getByRole("button", { name: "Quick lead" }).click();
  await page.keyboard.type("Ada Offline");
  await page.getByRole("dialog").getByLabel("Company (optional)").fill("Offline Lighting Co.");
  await page.getByRole("dialog").getByLabel("Phone").fill("137 1111 2222");
  await page.getByRole("dialog").getByLabel("Need").fill("stand demo units");
  await page.getByRole("dialog").getByRole("button", { name: "Save lead" }).click();
  await expect(page.getByText(captured("Offline Lighting Co.", "new customer"))).toBeVisible();
  await page.reload();
  await expect(column(page, "Initial contact").getByTestId("deal-card").first()).toContainText("stand demo units");
  await context.setOffline(false);
});

test("an empty pipeline says what to do, and both of its buttons work", async ({ page }) => {
  await page.goto("./#/pipeline");
  await expect(page.getByText("No deals yet. Capture a first lead, or load the demo data.")).toBeVisible();
  await page.locator(".empty-state").getByRole("button", { name: "Quick lead" }).click();
  await expect(page.getByRole("dialog", { name: "Quick lead" })).toBeVisible();
  await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
  await page.locator(".empty-state").getByRole("button", { name: "Load demo data" }).click();
  await expect(page.getByText("Demo data loaded")).toBeVisible();
  await expect(page.getByTestId("column").first()).toBeVisible();
});

test("a move whose write fails goes back and says why", async ({ page }) => {
  await openBoard(page);
  const [a, b] = [await count(page, "Initial contact"), await count(page, "Needs analysis")];
  const title = (await titles(page, "Initial contact"))[0];
  // The disk is full from now on: every put into IndexedDB fails.
  await page.evaluate(() => {
    window.__put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function () { throw new DOMException("The disk is full", "QuotaExceededError"); };
  });
  await page.getByRole("button", { name: `Move “${title}”` }).click();
  await page.getByRole("menuitem", { name: "Move to Needs analysis" }).click();
  await expect(page.getByText("The move was not saved and has been undone: Storage is full; nothing was written.", { exact: false })).toBeVisible();
  await expect.poll(() => count(page, "Initial contact")).toBe(a);
  expect(await count(page, "Needs analysis")).toBe(b);
  expect((await titles(page, "Initial contact"))[0]).toBe(title);

  // Nothing was stored: after a reload (the disk has room again) the card is where it was.
  await page.evaluate(() => { IDBObjectStore.prototype.put = window.__put; });
  await page.reload();
  await expect(page.getByTestId("column").first()).toBeVisible();
  expect((await titles(page, "Initial contact"))[0]).toBe(title);
  expect(await count(page, "Needs analysis")).toBe(b);
});

test("the deal form moves a deal to another stage; Lost there needs a reason, which joins the list", async ({ page }) => {
  await openBoard(page);
  const a = await count(page, "Initial contact");
  const title = (await titles(page, "Initial contact"))[0];
  await column(page, "Initial contact").getByTestId("deal-card").first().click();
  const form = page.getByRole("dialog");
  await expect(form.getByLabel("Stage", { exact: true })).toHaveValue(/.+/);
  await form.getByLabel("Stage", { exact: true }).selectOption({ label: "Lost" });
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByLabel("Lost reason")).toBeVisible();
  await expect(form.locator(".field.invalid").getByRole("alert")).toHaveText("is required");
  await form.getByLabel("Lost reason").fill("Went quiet after the fair");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form).toHaveCount(0);
  await expect.poll(() => count(page, "Initial contact")).toBe(a - 1);

  await page.getByRole("tab", { name: "List" }).click();
  await page.getByRole("searchbox").fill(title);
  const row = page.getByTestId("deal-row").first();
  await expect(row).toContainText("Lost");
  await row.getByRole("button", { name: title }).click();
  await expect(page.getByRole("dialog").getByLabel("Lost reason")).toHaveValue("Went quiet after the fair");
  await expect(page.getByTestId("stage-history").locator("li").first()).toContainText("Lost");
  await page.keyboard.press("Escape");

  await page.goto("./#/settings");
  await expect(page.getByTestId("lost-reasons").getByTestId("reason-row").last().locator("input")).toHaveValue("Went quiet after the fair");
});

// Issue 10, finding 7: 02/30/2026 typed into a date field left it empty and the deal saved
// without a close date and without a word.
test("an impossible date typed into a date field is an error next to it, and nothing is saved", async ({ page }) => {
  await openBoard(page);
  const card = column(page, "Initial contact").getByTestId("deal-card").first();
  await card.click();
  const drawer = page.getByRole("dialog");
  const close = drawer.getByLabel("Expected close");
  const stored = await close.inputValue();
  expect(stored).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  // Focus lands on the month; typing fills month, day and year.
  await close.focus();
  await close.pressSequentially("02302026");
  await drawer.getByRole("button", { name: "Save", exact: true }).click();
  await expect(drawer.getByText("Fix the marked fields first.")).toBeVisible();
  await expect(drawer.getByText("is not a valid date")).toBeVisible();
  await expect(drawer).toBeVisible();
  await drawer.getByRole("button", { name: "Cancel" }).click();
  await card.click();
  await expect(page.getByRole("dialog").getByLabel("Expected close")).toHaveValue(stored);
});

// Issue 10, finding 1: tab B saved a deal whose customer tab A had just deleted; the book then
// held an orphan and its own backup was refused.
test("a deal saved in a second tab after its customer was deleted is refused, and the book still restores", async ({ page }) => {
  await openBoard(page);
  const other = await page.context().newPage();
  await other.goto("./#/pipeline");
  const card = column(other, "Initial contact").getByTestId("deal-card").first();
  const customer = await card.locator(".deal-customer").innerText();
  await card.click();
  const drawer = other.getByRole("dialog");
  await expect(drawer.locator("#df-title")).toBeVisible();

  // This tab deletes that customer (with their deals).
  await page.goto("./#/customers");
  await page.getByRole("searchbox").fill(customer);
  await expect(page.getByTestId("result-count")).toHaveText("1 customer");
  await page.getByTestId("customer-row").first().getByRole("button", { name: /^Edit / }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
  await expect(page.getByText("Customer deleted")).toBeVisible();

  // The other tab's open deal cannot be saved back without its customer.
  await drawer.locator("#df-title").fill("Edited after the delete");
  await drawer.getByRole("button", { name: "Save", exact: true }).click();
  await expect(other.getByText(/Not saved; please fix:.*customer_id/)).toBeVisible();
  await other.close();

  // The book exports and the export is accepted for import as it is.
  await page.getByRole("link", { name: "Settings", exact: true }).click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export backup" }).click()]);
  await page.getByTestId("backup-file").setInputFiles(await download.path());
  await expect(page.getByTestId("file-summary")).toBeVisible();
  await expect(page.getByTestId("import-problems")).toHaveCount(0);
});

test("with 'reduce stock when a deal is won' on, a won deal takes its units out of stock and reopening puts them back", async ({ page }) => {
  await openBoard(page);
  await page.goto("./#/settings");
  const rules = page.getByTestId("rules");
  await rules.getByLabel("Reduce stock when a deal is won").check();
  await rules.getByRole("button", { name: "Save rules" }).click();
  await expect(page.getByText("Saved", { exact: true })).toBeVisible();

  // A deal quoting 3 of the first product in the catalogue.
  await page.goto("./#/pipeline");
  const customer = (await column(page, "Initial contact").locator(".deal-customer").first().innerText()).trim();
  await page.getByRole("button", { name: "New deal", exact: true }).click();
  const form = page.getByRole("dialog");
  await form.getByLabel("Deal", { exact: true }).fill("Stock test order");
  await form.getByLabel("Customer", { exact: true }).fill(customer);
  await form.getByRole("button", { name: "Add product" }).click();
  const line = form.getByTestId("quote-line").first();
  const product = await line.getByLabel("Product").evaluate((s) => s.selectedOptions[0].textContent);
  const code = product.split(" · ")[0];
  await line.getByLabel("Quantity").fill("3");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form).toHaveCount(0);

  const stock = async () => {
    await page.goto("./#/products");
    await page.getByRole("searchbox").fill(code);
    await expect(page.getByTestId("product-row")).toHaveCount(1);
    return Number((await page.getByTestId("product-stock").innerText()).split(" ")[0]);
  };
  const before = await stock();

  await page.goto("./#/pipeline");
  await page.getByRole("button", { name: "Move “Stock test order”" }).click();
  await page.getByRole("menuitem", { name: "Move to Won" }).click();
  await page.getByRole("dialog", { name: "Mark as won" }).getByRole("button", { name: "Mark won", exact: true }).click();
  await expect(page.getByTestId("announcement")).toContainText("Moved “Stock test order” to Won");
  expect(await stock()).toBe(before - 3);
  // The product says why its stock changed; the deal says what it holds.
  await page.getByTestId("product-row").getByRole("button", { name: /^Edit/ }).click();
  await expect(page.getByRole("dialog").getByTestId("stock-history").locator("li").first()).toContainText(`${before - 3}`);
  await expect(page.getByRole("dialog").getByTestId("stock-history").locator("li").first()).toContainText("deal won or reopened");
  await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
  await page.goto("./#/pipeline");
  await page.getByRole("tab", { name: "List" }).click();
  await page.getByRole("searchbox").fill("Stock test order");
  await page.getByTestId("deal-row").getByRole("button", { name: "Stock test order" }).click();
  const deal = page.getByRole("dialog");
  await expect(deal.getByTestId("stock-taken")).toContainText(`${product.split(" · ")[1]} ×3`);

  // Reopened in its form: the three come back.
  await deal.locator("#df-stage").selectOption({ label: "Negotiation" });
  await deal.getByRole("button", { name: "Save" }).click();
  await expect(deal).toHaveCount(0);
  expect(await stock()).toBe(before);
});
