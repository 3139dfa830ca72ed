// In 简体中文 no English leaks: every page and the overlays opened from them are read and any
// Latin word outside an allow-list (codes, placeholders the user types, currency codes, a few
// acronyms, the language switch naming English, the demo book's own data) fails the test.
import { test, expect } from "@playwright/test";

const ALLOWED = new Set([
  "CSV", "JSON", "CLV", "RFM", "ABC", "EOQ", "VAT", // acronyms a Chinese user sees as such
  "CNY", "USD", "EUR", "HKD", "HK", // currency codes in the currency rule
  "English", // the language switch names the other language in its own words
  "Excel", "WPS", "UTF", "BOM", "GBK", "GB", // names of programs and encodings
  "Chrome", "Edge", "Safari", "iPad", // browsers and devices, in the install hint
  "CRM", "IT", "A4", // the demo book's product names and job titles
]);

/** The Latin words of `text` that are not codes, e-mails, placeholders or allowed. */
function leaks(text) {
  const cleaned = text
    .replace(/\S+@\S+/g, " ") // e-mail addresses
    .replace(/\{\{?[a-z_.]+\}?\}/g, " ") // placeholders such as {seq}, {{customer.name}}
    .replace(/\b[A-Z]{1,4}(?:-[A-Za-z0-9{}]+)+/g, " ") // codes: OF-PC-004, HT-2026-0012
    .replace(/\b[A-Z]+\d+\b/g, " ") // C00027
    .replace(/\b[0-9a-f]{16}\b/g, " "); // the build's version
  return [...cleaned.matchAll(/[A-Za-z]{2,}/g)].map((m) => m[0]).filter((w) => !ALLOWED.has(w));
}

async function expectChinese(page, where) {
  await page.waitForTimeout(300);
  const text = await page.locator("body").innerText();
  expect(leaks(text), `English words on ${where}`).toEqual([]);
}

test("every page and overlay in 简体中文 is in Chinese", async ({ page }) => {
  await page.goto("./");
  await page.evaluate(() => localStorage.setItem("salesdesk.lang", "zh"));
  await page.reload();
  await page.getByRole("button", { name: "载入演示数据" }).click();
  await expect(page.getByText("演示数据已载入")).toBeVisible();
  await page.getByRole("button", { name: "关闭提示" }).first().click();

  for (const route of ["#/", "#/reminders", "#/customers", "#/products", "#/contracts", "#/analytics", "#/targets", "#/settings", "#/no-such-page"]) {
    await page.goto("./" + route);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectChinese(page, route);
  }

  // Reminders: completing and rescheduling.
  await page.goto("./#/reminders");
  await page.getByTestId("task").first().getByRole("button", { name: "完成" }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await expectChinese(page, "the follow-up done dialog");
  await page.keyboard.press("Escape");
  await page.getByTestId("task").first().getByRole("button", { name: "改期" }).click();
  await expectChinese(page, "the reschedule dialog");
  await page.keyboard.press("Escape");

  // Customers: the list in pinyin order (北京 before 上海, which code points would put first),
  // a customer's page, the form, the duplicates and a merge.
  await page.goto("./#/customers");
  const names = await page.getByTestId("customer-row").locator(".row-link").allInnerTexts();
  expect(names[0].startsWith("北京")).toBe(true);
  const cities = names.map((n) => n.slice(0, 2)).filter((c, i, all) => all.indexOf(c) === i);
  expect(cities.slice(0, 3)).toEqual(["北京", "成都", "广州"]);
  await page.getByTestId("customer-row").first().locator(".row-link").click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectChinese(page, "a customer's page");
  await page.goto("./#/customers");
  await page.getByRole("button", { name: "新建客户" }).click();
  await expectChinese(page, "the new-customer form");
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "查找重复客户" }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  const merge = page.getByRole("dialog").getByRole("button", { name: /合并/ }).first();
  if (await merge.count()) await merge.click();
  await expectChinese(page, "the duplicates and merge view");
  await page.keyboard.press("Escape");

  // Products: the form.
  await page.goto("./#/products");
  await page.getByRole("button", { name: /^编辑/ }).first().click();
  await expectChinese(page, "the product form");
  await page.keyboard.press("Escape");

  // Pipeline: the board, a deal, the list, the funnel, the quick lead.
  await page.goto("./#/pipeline");
  await expect(page.getByTestId("deal-card").first()).toBeVisible();
  await expectChinese(page, "the board");
  await page.getByTestId("deal-card").first().click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await expectChinese(page, "a deal");
  await page.keyboard.press("Escape");
  await page.getByRole("tab", { name: "列表" }).click();
  await expectChinese(page, "the deals list");
  await page.getByRole("tab", { name: "漏斗分析" }).click();
  await expectChinese(page, "the funnel");
  await page.getByRole("button", { name: "快速记录线索" }).click();
  await expectChinese(page, "the quick lead");
  await page.keyboard.press("Escape");

  // Contracts: one contract.
  await page.goto("./#/contracts");
  await page.getByTestId("contract-row").first().locator("button, a").first().click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await expectChinese(page, "a contract");
});
