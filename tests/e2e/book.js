// Shared by the analytics and targets specs: a demo book in either language, amounts read
// off the screen, and a CSV download read back (its BOM checked).
import { expect } from "@playwright/test";

export const money = (text) => Number(text.replace(/[¥$,\s]/g, ""));

export async function demo(page, lang = "en") {
  await page.goto("./");
  if (lang === "zh") {
    await page.evaluate(() => localStorage.setItem("salesdesk.lang", "zh"));
    await page.reload();
  }
  await page.getByRole("button", { name: lang === "zh" ? "载入演示数据" : "Load demo data" }).click();
  await expect(page.getByText(lang === "zh" ? "演示数据已载入" : "Demo data loaded")).toBeVisible();
}

export async function csvOf(page, button) {
  const [download] = await Promise.all([page.waitForEvent("download"), button.click()]);
  const text = (await (await download.createReadStream()).toArray()).join("");
  expect(text.charCodeAt(0)).toBe(0xfeff);
  return text.slice(1).trimEnd().split("\r\n");
}
