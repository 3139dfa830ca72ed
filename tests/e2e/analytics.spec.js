// Analytics (issue 12): one period for the page, kept in the address (named or a custom
// range); a period without sales says so and offers all time; sales, top customers and
// revenue by source add up to the same revenue; categories roll up (seed table 1); charts
// read out on tap; every new table exports to CSV.
import { test, expect } from "@playwright/test";
import { csvOf, demo, money } from "./book.js";
const iso = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;

test("the period is in the address; an empty period says so and offers all time", async ({ page }) => {
  await demo(page);
  const year = new Date().getFullYear() - 1;
  // The demo book sells only this year: last year is empty.
  await page.goto("./#/analytics?period=last_year");
  await expect(page.getByTestId("period")).toHaveValue("last_year");
  await expect(page.getByTestId("period-dates")).toHaveText(`${year}-01-01 – ${year}-12-31`);
  await expect(page.getByTestId("period-revenue")).toHaveText("¥0.00");
  await expect(page.getByTestId("no-sales")).toContainText("No sales in this period.");
  await page.getByTestId("no-sales").getByRole("button", { name: "Show all time" }).click();
  await expect(page).toHaveURL(/#\/analytics\?period=all$/);
  await expect(page.getByTestId("period")).toHaveValue("all");
  await expect(page.getByTestId("no-sales")).toHaveCount(0);
  expect(money(await page.getByTestId("period-revenue").innerText())).toBeGreaterThan(0);
  // All time has no period before it: growth cannot be told.
  await expect(page.getByTestId("period-growth")).toHaveText("—");
});

test("a custom range is kept in the address and a backwards one is refused next to it", async ({ page }) => {
  await demo(page);
  await page.goto("./#/analytics");
  const y = new Date().getFullYear();
  await page.getByTestId("period").selectOption("custom");
  await page.getByTestId("range-from").fill(`${y}-01-01`);
  await page.getByTestId("range-to").fill(`${y}-06-30`);
  await expect(page).toHaveURL(new RegExp(`#/analytics\\?from=${y}-01-01&to=${y}-06-30$`));
  await expect(page.getByTestId("period-dates")).toHaveText(`${y}-01-01 – ${y}-06-30`);
  const firstHalf = money(await page.getByTestId("period-revenue").innerText());
  // The end before the start: said next to the dates, and the period stays as it was.
  await page.getByTestId("range-to").fill(`${y - 1}-06-30`);
  await expect(page.getByTestId("range-error")).toHaveText("The end is before the start.");
  await expect(page).toHaveURL(new RegExp(`to=${y}-06-30$`));
  await expect(page.getByTestId("period-revenue")).toHaveText(new RegExp(firstHalf.toLocaleString("en-US", { minimumFractionDigits: 2 }).replace(/\./, "\\.")));
  // A reload opens the same view.
  await page.goto(`./#/analytics?from=${y}-01-01&to=${y}-06-30`);
  await page.reload();
  await expect(page.getByTestId("period")).toHaveValue("custom");
  await expect(page.getByTestId("range-from")).toHaveValue(`${y}-01-01`);
  expect(money(await page.getByTestId("period-revenue").innerText())).toBe(firstHalf);
  // The year so far holds at least the first half.
  await page.getByTestId("period").selectOption("year");
  await expect(page.getByTestId("period-dates")).toHaveText(`${y}-01-01 – ${iso(new Date())}`);
  expect(money(await page.getByTestId("period-revenue").innerText())).toBeGreaterThanOrEqual(firstHalf);
});

test("sales, top customers and sources add up to one revenue, and export as shown", async ({ page }) => {
  await demo(page);
  await page.goto("./#/analytics?period=all");
  const revenue = money(await page.getByTestId("period-revenue").innerText());
  const purchases = Number(await page.getByTestId("period-purchases").innerText());
  const top = page.getByTestId("top-customers");
  await expect(top.locator("tfoot")).toContainText(/Total \(\d+ customers\)/);
  expect(money(await top.locator("tfoot th").nth(1).innerText())).toBeCloseTo(revenue, 2);
  const rows = top.locator("tbody tr");
  expect(await rows.count()).toBeLessThanOrEqual(10);
  const shown = (await rows.locator("td:nth-child(3)").allInnerTexts()).map(money);
  expect([...shown].sort((a, b) => b - a)).toEqual(shown);
  const sources = (await page.getByTestId("by-source").locator("tbody td:nth-child(2)").allInnerTexts()).map(money);
  expect(sources.reduce((a, b) => a + b, 0)).toBeCloseTo(revenue, 2);
  const sourcePurchases = (await page.getByTestId("by-source").locator("tbody td:nth-child(4)").allInnerTexts()).map(Number);
  expect(sourcePurchases.reduce((a, b) => a + b, 0)).toBe(purchases);

  const topCsv = await csvOf(page, page.locator("section", { has: top }).getByRole("button", { name: "CSV" }));
  expect(topCsv[0]).toBe("Rank,Customers,Revenue (CNY),Share,Purchases");
  expect(topCsv.slice(1).map((l) => Number(l.split(",")[2])).reduce((a, b) => a + b, 0)).toBeCloseTo(revenue, 2);
  const sourceCsv = await csvOf(page, page.locator("section", { has: page.getByTestId("by-source") }).getByRole("button", { name: "CSV" }));
  expect(sourceCsv[0]).toBe("Source,Revenue (CNY),Share,Purchases");
  expect(sourceCsv.length).toBe(sources.length + 1);

  // Revenue by month: 12 months, each read out on tap.
  const chart = page.getByTestId("revenue-chart");
  await expect(chart.locator(".chart-col")).toHaveCount(12);
  await chart.locator(".chart-col").last().click();
  await expect(page.getByTestId("revenue-chart-readout")).toContainText(/Revenue ¥[\d,]+\.\d\d · Target ¥[\d,]+\.\d\d$/);
});

test("categories roll up to the chosen level, with growth and an export; the Pareto chart follows the ABC table", async ({ page }) => {
  await demo(page);
  await page.goto("./#/analytics?period=12m");
  const table = page.getByTestId("category-table");
  await expect(page.getByTestId("product-abc").locator("tbody tr")).toHaveCount(25);
  const abcTotal = (await page.getByTestId("product-abc").locator("tbody td:nth-child(3)").allInnerTexts()).map(money).reduce((a, b) => a + b, 0);
  const top = (await table.locator("tbody td:nth-child(2)").allInnerTexts()).map(money);
  expect(top.reduce((a, b) => a + b, 0)).toBeCloseTo(abcTotal, 2);
  await expect(table.locator("thead th")).toHaveText(["Category", "Revenue", "Growth", "Stock", "Turnover days"]);
  const level1 = await table.locator("tbody tr").count();
  await page.getByTestId("category-level").selectOption("2");
  await expect(table.locator("tbody tr").first()).toContainText(" / ");
  expect(await table.locator("tbody tr").count()).toBeGreaterThan(level1);
  const deeper = (await table.locator("tbody td:nth-child(2)").allInnerTexts()).map(money);
  expect(deeper.reduce((a, b) => a + b, 0)).toBeCloseTo(abcTotal, 2);
  // The demo book sold nothing the twelve months before: growth is "—", never infinity.
  for (const g of await table.locator("tbody td:nth-child(3)").allInnerTexts()) expect(g).toBe("—");
  const lines = await csvOf(page, page.locator("section", { has: table }).getByRole("button", { name: "Export CSV" }).nth(1));
  expect(lines[0]).toBe("Category,Revenue (CNY),Growth,Stock,Turnover days");
  expect(lines.length).toBe(deeper.length + 1);

  const pareto = page.getByTestId("pareto-chart");
  const sold = (await page.getByTestId("product-abc").locator("tbody td:nth-child(3)").allInnerTexts()).filter((t) => money(t) > 0).length;
  await expect(pareto.locator(".chart-col")).toHaveCount(Math.min(sold, 30));
  await pareto.locator(".chart-col").first().click();
  await expect(page.getByTestId("pareto-chart-readout")).toContainText(/Revenue ¥[\d,]+\.\d\d · Cumulative [\d.]+ %$/);
});

test("the same page in Chinese", async ({ page }) => {
  await demo(page, "zh");
  await page.goto("./#/analytics?period=all");
  await expect(page.getByRole("heading", { name: "期间销售概览" })).toBeVisible();
  await expect(page.getByTestId("period")).toHaveValue("all");
  await expect(page.getByTestId("period-dates")).toHaveText(/^截至 \d{4}-\d\d-\d\d$/);
  await expect(page.getByTestId("category-table").locator("thead th").first()).toHaveText("商品类别");
  await expect(page.getByTestId("grade-chart").locator(".chart-col")).toHaveCount(5);
});

test("the product list shows each product's ABC class, filters by it, and finds names typed without spaces", async ({ page }) => {
  await demo(page);
  // The classes the Analytics table gives over the last 12 months…
  await page.goto("./#/analytics?period=12m");
  const abc = page.getByTestId("product-abc");
  await expect(abc.locator("tbody tr")).toHaveCount(25);
  const classOf = {};
  for (const row of await abc.locator("tbody tr").all()) {
    const [, name, , , , cls] = await row.locator("td").allInnerTexts();
    classOf[name.split(" ")[0]] = cls.trim();
  }
  // …are the badges on the product list.
  await page.getByRole("link", { name: "Products", exact: true }).click();
  const rows = page.getByTestId("product-row");
  await expect(rows).toHaveCount(25);
  for (const row of await rows.all()) {
    const code = await row.locator("td").first().innerText();
    await expect(row.getByTestId("abc-badge")).toHaveText(classOf[code]);
  }
  const a = Object.values(classOf).filter((c) => c === "A").length;
  await page.getByTestId("abc-filter").selectOption("A");
  await expect(rows).toHaveCount(a);
  for (const badge of await rows.getByTestId("abc-badge").allInnerTexts()) expect(badge).toBe("A");
  await page.getByTestId("abc-filter").selectOption("");
  // A two-word name typed without its space is found, whatever the case.
  const name = await rows.filter({ hasText: "Laser printer" }).first().locator("td strong").innerText();
  await page.getByRole("searchbox").fill(name.replace(/\s+/g, "").toUpperCase());
  await expect(rows.first().locator("td strong")).toHaveText(name);
});

test("the dashboard lists the products to reorder, as the stock table says", async ({ page }) => {
  await demo(page);
  await page.goto("./#/analytics");
  await expect(page.getByTestId("product-stock").locator("tbody tr")).toHaveCount(25);
  const flagged = (await page.getByTestId("product-stock").locator("tbody tr", { hasText: "Reorder now" }).locator("td:first-child").allInnerTexts())
    .map((t) => t.replace(/\s*Reorder now\s*$/, "").trim());
  await page.getByRole("link", { name: "Dashboard", exact: true }).click();
  // The demo book has some; the dashboard lists those still on sale.
  expect(flagged.length).toBeGreaterThan(0);
  await expect(page.getByTestId("reorder-list").locator("li").first()).toBeVisible();
  const listed = await page.getByTestId("reorder-list").locator("strong").allInnerTexts();
  for (const name of listed) expect(flagged).toContain(name);
  await expect(page.getByTestId("reorder-list")).toContainText("reorder point");
});

test("a book kept in dollars shows $ everywhere; a currency that cannot be read is refused next to it", async ({ page }) => {
  await demo(page);
  await page.goto("./#/settings");
  const rules = page.getByTestId("rules");
  const field = rules.locator("#rule-currency");
  await expect(field).toHaveValue("CNY ¥");
  await field.fill("dollars");
  await rules.getByRole("button", { name: "Save rules" }).click();
  await expect(rules.locator(".field.invalid")).toContainText("Write the code (three letters) then the symbol");
  await field.fill("usd");
  await rules.getByRole("button", { name: "Save rules" }).click();
  await expect(page.getByText("Saved", { exact: true })).toBeVisible();
  await expect(field).toHaveValue("USD $");
  // Labels of amounts name the book's currency.
  await expect(rules.getByLabel("M3: 12-month revenue, at least ($)")).toBeVisible();
  await page.getByRole("link", { name: "Dashboard", exact: true }).click();
  const kpi = page.locator(".kpi", { hasText: "Revenue this year" }).locator(".kpi-value");
  await expect(kpi).toHaveText(/^\$[\d,]+\.\d\d$/);
  await page.getByRole("link", { name: "Analytics", exact: true }).click();
  await expect(page.getByTestId("period-revenue")).toHaveText(/^\$[\d,]+\.\d\d$/);
  await expect(page.getByTestId("top-customers")).not.toContainText("¥");
  // A report's file says what its amounts are in.
  const [top] = await Promise.all([page.waitForEvent("download"), page.getByTestId("top-customers").locator("xpath=ancestor::section[1]").getByRole("button", { name: "CSV" }).click()]);
  expect((await (await top.createReadStream()).toArray()).join("").slice(1).split("\r\n")[0]).toBe("Rank,Customers,Revenue (USD),Share,Purchases");
  // Still dollars after a reload (the first page shown already knows).
  await page.reload();
  await expect(page.getByTestId("period-revenue")).toHaveText(/^\$/);
});

test("a book imported from another CRM, closed years ago: rows without an account skipped or kept, and every figure makes sense", async ({ page }) => {
  const fixture = (name) => new URL(`../fixtures/${name}`, import.meta.url).pathname;
  await page.goto("./#/pipeline");
  await page.getByRole("button", { name: "Import CSV" }).click();
  await page.getByTestId("csv-file").setInputFiles(fixture("deals-old-book.csv"));
  await page.getByLabel("Create customers the book does not have").check();
  // By default a row without an account is an error, named by its line.
  const errors = page.getByTestId("csv-errors");
  await expect(errors).toContainText("Row 4 · customer");
  await expect(errors).toContainText("Row 6 · customer");
  // Skipped: listed for download, the others ready to import.
  await page.getByLabel("Skip them, with a download of the skipped rows").check();
  await expect(page.getByTestId("left-out")).toContainText("2 rows without a customer will be left out.");
  await expect(page.getByTestId("csv-plan")).toContainText("to create 4 · to update 0 · to skip 2");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("left-out").getByRole("button", { name: "Download them" }).click()]);
  const lines = (await (await download.createReadStream()).toArray()).join("").slice(1).trimEnd().split("\r\n");
  expect(lines[0]).toBe("opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value");
  expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(["A3", "A5"]);
  // Kept as deals without a customer: counted in every total.
  await page.getByLabel("Import them as deals without a customer").check();
  await expect(page.getByTestId("csv-plan")).toContainText("to create 6 · to update 0 · to skip 0 · new customers 2");
  await page.getByRole("button", { name: "Import deals" }).click();
  await expect(page.getByText("Deals imported · 6 created")).toBeVisible();

  // The funnel's default period is empty too, says so, and offers all time: 4 won of 6 closed.
  await page.getByRole("tab", { name: "Funnel" }).click();
  await expect(page.getByTestId("funnel-empty")).toContainText("No deal entered or closed in this period.");
  await page.getByTestId("funnel-empty").getByRole("button", { name: "Show all time" }).click();
  await expect(page.getByTestId("funnel-kpis")).toContainText("(4/6)");
  await expect(page.getByTestId("funnel-empty")).toHaveCount(0);

  // This year is empty, and says so; all time holds the book.
  await page.goto("./#/analytics");
  await expect(page.getByTestId("no-sales")).toBeVisible();
  await page.getByTestId("no-sales").getByRole("button", { name: "Show all time" }).click();
  await expect(page.getByTestId("period-revenue")).toHaveText("¥5,500.00");
  await expect(page.getByTestId("period-purchases")).toHaveText("4");
  const top = page.getByTestId("top-customers");
  await expect(top.locator("tbody tr").first()).toContainText("Initech");
  await expect(top.locator("tbody tr", { hasText: "No customer" })).toContainText("¥500.00");
  // Two customers, and a row for the deal without one.
  await expect(top.locator("tfoot")).toContainText("Total (2 customers)");
  // The chart shows the book's last year of business (to February 2020), not an empty year.
  await page.getByTestId("revenue-chart").getByText("Show as a table").click();
  const months = page.getByTestId("revenue-chart").locator("details tbody tr");
  await expect(months.first()).toContainText("Mar 2019");
  await expect(months.last()).toContainText("Feb");
  await expect(months.last()).toContainText("¥3,000.00");
  // Churn over all time: from the first purchase, of everyone who ever bought (both stopped).
  await expect(page.getByTestId("churn-period")).toHaveText(/^2019-02-01 – \d{4}-\d\d-\d\d$/);
  await expect(page.getByTestId("churn-rate")).toHaveText("100%");
  const [causes] = await Promise.all([page.waitForEvent("download"), page.locator("section", { has: page.getByRole("heading", { name: "Complaints by cause" }) }).getByRole("button", { name: "CSV" }).click()]);
  expect((await (await causes.createReadStream()).toArray()).join("").slice(1).split("\r\n")[0]).toBe("Cause,Complaint");
  // Grades over all time: purchases per year over each customer's own span, not zero.
  const grades = page.getByTestId("grade-table").locator("tbody tr");
  const clvs = (await grades.locator("td:nth-child(5)").allInnerTexts()).map(money);
  expect(clvs.some((c) => c > 0)).toBe(true);

  // Globex bought twice within 2019: two a year, ¥1,000 each, over 10 years.
  await page.goto("./#/customers");
  const globex = page.getByRole("row", { name: /Globex/ });
  await expect(globex).toContainText("Lost");
  await globex.getByRole("link", { name: "Globex" }).click();
  await expect(page.getByTestId("clv")).toHaveText("¥20,000.00");
});

test("ABC cut-offs and the service level can be changed; the stock table exports as shown", async ({ page }) => {
  await demo(page);
  await page.goto("./#/analytics?period=12m");
  const abc = page.getByTestId("product-abc");
  await expect(abc.locator("tbody tr")).toHaveCount(25);
  const classes = async () => (await abc.locator("tbody tr td:last-child").allInnerTexts()).map((c) => c.trim());
  const aAt80 = (await classes()).filter((c) => c === "A").length;
  await expect(page.getByTestId("abc-how")).toContainText("the first 80 % are A, up to 95 % B");
  await page.getByTestId("abc-cut-a").fill("50");
  await expect.poll(async () => (await classes()).filter((c) => c === "A").length).toBeLessThan(aAt80);
  // The note under the table says the cut-offs in use.
  await expect(page.getByTestId("abc-how")).toContainText("the first 50 % are A, up to 95 % B");
  const aAt50 = (await classes()).filter((c) => c === "A").length;
  // A above B makes no sense: said next to the fields, the table keeps the last valid cut.
  await page.getByTestId("abc-cut-a").fill("97");
  await expect(page.getByTestId("abc-cuts-error")).toBeVisible();
  expect((await classes()).filter((c) => c === "A").length).toBe(aAt50);
  await page.getByTestId("abc-cut-a").fill("80");
  await expect(page.getByTestId("abc-cuts-error")).toHaveCount(0);
  await expect.poll(async () => (await classes()).filter((c) => c === "A").length).toBe(aAt80);

  // A higher service level never lowers a reorder point.
  const stock = page.getByTestId("product-stock");
  // Safety stock (the first figure of "safety / reorder point") at each level.
  const safety = async () => (await stock.locator("tbody td:nth-child(5)").allInnerTexts()).map((t) => (/^(\d+) \//.exec(t) ?? [])[1]);
  await page.getByTestId("service-level").selectOption("90");
  await expect.poll(async () => (await page.getByTestId("service-level").inputValue())).toBe("90");
  const at90 = await safety();
  await page.getByTestId("service-level").selectOption("99");
  await expect.poll(async () => (await safety()).join()).not.toBe(at90.join());
  const at99 = await safety();
  await expect(page.getByTestId("stock-how")).toContainText("safety stock at a 99 % service level (z = 2.3263)");
  at90.forEach((p, i) => { if (p !== undefined) expect(Number(at99[i])).toBeGreaterThanOrEqual(Number(p)); });
  const lines = await csvOf(page, page.locator("section", { has: stock }).getByRole("button", { name: "Export CSV" }).last());
  expect(lines[0]).toBe("Product,Stock,Units / day,EOQ,Safety stock / reorder point,Turnover days,Reorder now");
  expect(lines.length).toBe(26);

  // What was chosen here stays when the page reads again after a write (a quick lead saved).
  await page.getByTestId("abc-cut-a").fill("50");
  await page.getByTestId("category-level").selectOption("2");
  await expect.poll(async () => (await classes()).filter((c) => c === "A").length).toBe(aAt50);
  await page.getByRole("button", { name: "Quick lead" }).first().click();
  await page.keyboard.type("Choices Kept Visitor");
  await page.getByRole("dialog").getByLabel("Phone").fill("139 0000 7788");
  await page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  // (The page reads again behind what it shows, with no "Loading…": give it time to.)
  await page.waitForTimeout(1500);
  await expect(page.getByTestId("abc-cut-a")).toHaveValue("50");
  await expect(page.getByTestId("service-level")).toHaveValue("99");
  await expect(page.getByTestId("category-level")).toHaveValue("2");
  await expect(page.getByTestId("stock-how")).toContainText("99 % service level");
  await expect.poll(async () => (await classes()).filter((c) => c === "A").length).toBe(aAt50);
});
