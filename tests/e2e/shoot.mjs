// Screenshots for looking at the UI: node shoot.mjs <url> <out-dir>
import { chromium } from "@playwright/test";
const [url, out = "../../screenshots"] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
for (const [w, h] of [[1280, 800], [1024, 768], [768, 1024]]) {
  for (const lang of ["zh", "en"]) {
    const page = await browser.newPage({ viewport: { width: w, height: h } });
    await page.goto(url);
    await page.evaluate((l) => localStorage.setItem("salesdesk.lang", l), lang);
    if (process.env.DEMO) {
      await page.reload();
      await page.locator(".welcome .btn-primary").click();
      await page.waitForTimeout(1500);
    }
    for (const route of (process.env.ROUTES ?? "#/").split(",")) {
      await page.goto(url + route);
      await page.reload();
      await page.waitForTimeout(800);
      await page.screenshot({ path: `${out}/${route.replace(/[#/]/g, "") || "home"}-${lang}-${w}x${h}.png`, fullPage: false });
    }
    await page.close();
  }
}
await browser.close();
