// Sales targets (issue 12): a year's target split into months that always add up, typed per
// month with errors next to the month, where this month / quarter / year stand on the
// dashboard, the year kept in the address, and the same screens in Chinese.
import { test, expect } from "@playwright/test";
import { csvOf, demo, money } from "./book.js";

test("a year's target is split evenly, saved, and moves the dashboard's progress", async ({ page }) => {
  await demo(page);
  // The demo book has this year's targets: the dashboard shows month, quarter and year.
  const dash = page.getByTestId("dash-targets");
  await expect(dash.locator("li")).toHaveCount(3);
  const before = await dash.getByTestId("achievement").first().innerText();

  await page.getByRole("link", { name: "Targets", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Targets" })).toBeVisible();
  await expect(page.getByLabel("Evenly")).toBeChecked();
  await page.getByTestId("target-total").fill("1000000");
  await page.getByTestId("target-new").fill("10");
  // Rounded down to the cent each month, the remainder on December: still the year.
  await expect(page.getByTestId("month-1")).toHaveText("¥83,333.33");
  await expect(page.getByTestId("month-12")).toHaveText("¥83,333.37");
  await expect(page.getByTestId("quarter-1")).toHaveText("¥249,999.99");
  await expect(page.getByTestId("year-total")).toHaveText("¥1,000,000.00");
  const quarters = await Promise.all([1, 2, 3, 4].map((q) => page.getByTestId(`quarter-${q}`).innerText()));
  expect(quarters.map(money).reduce((a, b) => a + b, 0)).toBeCloseTo(1_000_000, 2);
  await expect(page.getByText("Unsaved changes")).toBeVisible();
  await page.getByTestId("save-targets").click();
  await expect(page.getByText("Saved", { exact: true })).toBeVisible();
  await expect(page.getByText("Unsaved changes")).toHaveCount(0);

  // Stored: a reload shows the same split, and the dashboard measures against it.
  await page.reload();
  await expect(page.getByTestId("target-total")).toHaveValue("1000000.00");
  await expect(page.getByTestId("month-12")).toHaveText("¥83,333.37");
  const progress = page.getByTestId("target-progress");
  await expect(progress.locator("li").nth(2)).toContainText("¥1,000,000.00");
  await page.getByRole("link", { name: "Dashboard", exact: true }).click();
  await expect(dash.locator("li").nth(2)).toContainText("¥1,000,000.00");
  await expect(dash.getByTestId("achievement").first()).not.toHaveText(before);
  // Revenue this year on the KPI is the year's "actual".
  const kpi = page.locator(".kpi", { hasText: "Revenue this year" }).locator(".kpi-value");
  await expect(dash.locator("li").nth(2)).toContainText(await kpi.innerText());
});

test("typed per month: a wrong month is flagged next to it and nothing is saved", async ({ page }) => {
  await demo(page);
  await page.goto("./#/targets");
  await page.getByLabel("Typed per month").check();
  // Typing starts from the months as they were.
  const feb = page.getByTestId("month-2");
  await expect(feb).toHaveValue(/^\d+\.\d\d$/);
  await feb.fill("12O000");
  await expect(page.getByRole("alert").first()).toContainText("Not an amount");
  await expect(page.getByTestId("save-targets")).toBeDisabled();
  await expect(feb).toBeFocused();
  // A negative month and an absurd one say what is wrong with them.
  await feb.fill("-3");
  await expect(page.getByRole("alert").first()).toHaveText("A target cannot be negative.");
  await feb.fill("1000000000000");
  await expect(page.getByRole("alert").first()).toContainText("Too large");
  await feb.fill("");
  await feb.pressSequentially("500000");
  await expect(feb).toBeFocused();
  await expect(page.getByTestId("save-targets")).toBeEnabled();
  const months = await Promise.all(Array.from({ length: 12 }, (_, i) => page.getByTestId(`month-${i + 1}`).inputValue()));
  const sum = months.map(Number).reduce((a, b) => a + b, 0);
  expect(money(await page.getByTestId("year-total").innerText())).toBeCloseTo(sum, 2);
  await page.getByTestId("save-targets").click();
  await expect(page.getByText("Saved", { exact: true })).toBeVisible();
  await page.reload();
  // A plan that is neither even nor seasonal opens as typed, February as saved.
  await expect(page.getByLabel("Typed per month")).toBeChecked();
  await expect(page.getByTestId("month-2")).toHaveValue("500000.00");
});

test("another year is kept in the address and starts without a target", async ({ page }) => {
  await demo(page);
  await page.goto("./#/targets");
  const next = String(new Date().getFullYear() + 1);
  await page.getByTestId("target-year").selectOption(next);
  await expect(page).toHaveURL(new RegExp(`#/targets\\?year=${next}$`));
  await expect(page.getByTestId("no-target")).toBeVisible();
  await expect(page.getByTestId("target-progress")).toHaveCount(0);
  await expect(page.getByTestId("save-targets")).toBeDisabled();
  await expect(page.getByTestId("total-error")).toHaveText("Type the year's revenue target.");
  await page.getByTestId("target-total").fill("-5");
  await expect(page.getByTestId("total-error")).toHaveText("A target cannot be negative.");
  await page.getByTestId("target-total").fill("2,400,000");
  await page.getByTestId("save-targets").click();
  await expect(page.getByText("Saved", { exact: true })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("target-year")).toHaveValue(next);
  await expect(page.getByTestId("month-6")).toHaveText("¥200,000.00");
  // Leaving unsaved changes for another year asks first; "no" keeps them.
  await page.getByTestId("target-total").fill("1");
  page.once("dialog", (d) => d.dismiss());
  await page.getByTestId("target-year").selectOption(String(Number(next) - 1));
  await expect(page.getByTestId("target-year")).toHaveValue(next);
  await expect(page.getByTestId("target-total")).toHaveValue("1");
});

test("the chart reads out a month on tap and has a table behind it", async ({ page }) => {
  await demo(page);
  await page.goto("./#/targets");
  const chart = page.getByTestId("target-chart");
  await expect(chart.locator(".chart-col")).toHaveCount(12);
  await chart.locator(".chart-col").nth(3).click();
  await expect(page.getByTestId("target-chart-readout")).toContainText(/^Apr: Actual ¥[\d,]+\.\d\d · Target ¥[\d,]+\.\d\d$/);
  await chart.getByText("Show as a table").click();
  await expect(chart.locator("table tbody tr")).toHaveCount(12);
  const april = await chart.locator("table tbody tr").nth(3).locator("td").nth(1).innerText();
  await expect(page.getByTestId("target-table").locator("tbody tr").nth(4).locator("td").nth(4)).toHaveText(april); // row 3 is Q1
});

test("the same in Chinese", async ({ page }) => {
  await demo(page, "zh");
  await expect(page.getByTestId("dash-targets")).toContainText("年第");
  await page.getByRole("link", { name: "销售目标", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "销售目标" })).toBeVisible();
  await page.getByLabel("逐月填写").check();
  await page.getByTestId("month-1").fill("abc");
  await expect(page.getByRole("alert").first()).toContainText("不是金额");
  await expect(page.getByTestId("targets-how")).toContainText("余数计入 12 月");
});

test("the year's targets against actual export as shown, with the year's total", async ({ page }) => {
  await demo(page);
  await page.goto("./#/targets");
  const lines = await csvOf(page, page.getByTestId("export-targets"));
  const year = new Date().getFullYear();
  expect(lines[0]).toBe(`Month,Revenue target (CNY),New-customer target,Actual ${year - 1} (CNY),Actual (CNY),New customers,Achievement`);
  // As on screen: three months, then their quarter; the year last.
  expect(lines.length).toBe(18);
  expect(lines[1].startsWith(`${year}-01,`)).toBe(true);
  expect(lines[4].startsWith(`${year} Q1,`)).toBe(true);
  const months = lines.filter((l) => /^\d{4}-\d\d,/.test(l)).map((l) => Number(l.split(",")[1]));
  expect(months.length).toBe(12);
  expect(Number(lines[17].split(",")[1])).toBeCloseTo(months.reduce((a, b) => a + b, 0), 2);
  expect(Number(lines[4].split(",")[1])).toBeCloseTo(months.slice(0, 3).reduce((a, b) => a + b, 0), 2);
});

test("a tap on a chart's bar reads out its figures, and they stay (tablet)", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "tablet", "touch only");
  await demo(page);
  for (const [route, chart] of [["./#/targets", "target-chart"], ["./#/analytics", "revenue-chart"]]) {
    await page.goto(route);
    const readout = page.getByTestId(`${chart}-readout`);
    await expect(readout).toHaveText("Hover or tap a bar for its figures");
    // A mouse resting on May (a tablet with a trackpad, or the click that loaded the demo):
    // after a tap the browser sends that mouse's "entered" again, which must not win.
    await page.getByTestId(chart).locator("g.chart-col").nth(4).hover();
    await expect(readout).toContainText("May: ");
    for (const [bar, month] of [[6, "Jul"], [2, "Mar"]]) {
      await page.getByTestId(chart).locator("rect.chart-hit").nth(bar).tap();
      await expect(readout).toContainText(`${month}: `);
      // Still there a moment later: the browser's "the mouse left" after a tap does not clear it.
      await page.waitForTimeout(300);
      await expect(readout).toContainText(`${month}: `);
    }
  }
});

test("hovering a chart's bar reads out its figures; leaving the chart clears them (desktop)", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "mouse");
  await demo(page);
  await page.goto("./#/targets");
  const readout = page.getByTestId("target-chart-readout");
  const bars = page.getByTestId("target-chart").locator("g.chart-col");
  await bars.nth(6).hover();
  await expect(readout).toContainText("Jul: ");
  await bars.nth(2).hover();
  await expect(readout).toContainText("Mar: ");
  await page.getByRole("heading", { level: 1 }).hover();
  await expect(readout).toHaveText("Hover or tap a bar for its figures");
});
