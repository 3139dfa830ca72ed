// Issue 10, "values that reach markup": a book full of hostile values (HTML, CSS, javascript:
// URLs, control characters, bidi overrides), put in through a backup and through a CSV
// import, shown on every screen. Nothing may run, nothing may be fetched from another host,
// and no value may take over the layout.
import { test, expect } from "@playwright/test";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const HOSTILE = [
  '<img src="http://evil.example/img.png" onerror="window.__pwned=1">',
  "<script>window.__pwned=1</script>",
  '"><svg onload="window.__pwned=1"><a href="javascript:window.__pwned=1">',
  "red;position:fixed;inset:0;z-index:9999;background:url(http://evil.example/css.png)",
  "javascript:window.__pwned=1",
  "\u202Egnp.exe\u202C \u2067rtl\u2069",
  "nul\u0000bell\u0007esc\u001b[31m",
  "{{constructor.constructor('window.__pwned=1')()}} ${7*7}",
  '=HYPERLINK("http://evil.example/csv","x")',
  "</style><style>*{display:none!important}</style>",
];
// Valid by the e-mail check, hostile as markup or as a mailto: link.
const HOSTILE_EMAIL = 'a"><img/src=http://evil.example/mail.png/onerror=window.__pwned=1>?cc=boss@evil.example';

const TEXT_FIELDS = new Set(["name", "title", "notes", "industry", "region", "summary", "outcome", "description", "competitor", "brand", "unit", "lost_reason"]);

/// Every text field of every record gets a hostile prefix (names stay unique).
function poison(value, n = { i: 0 }) {
  if (Array.isArray(value)) return value.map((v) => poison(v, n));
  if (value && typeof value === "object") {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      // Within every field's length limit (a contact's title: 100, a unit: 20).
      if (k === "unit" && typeof v === "string") out[k] = "<i>件</i>";
      else if (typeof v === "string" && TEXT_FIELDS.has(k)) out[k] = `${HOSTILE[n.i++ % HOSTILE.length]} ${v}`.slice(0, 95);
      else if (k === "email" && typeof v === "string" && v) out[k] = HOSTILE_EMAIL;
      else if (k === "tags" && Array.isArray(v)) out[k] = ["<b>tag</b>", "x\u202Ey"];
      else out[k] = poison(v, n);
    }
    return out;
  }
  return value;
}

function watch(page) {
  const seen = { foreign: [], dialogs: [], errors: [] };
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (!["127.0.0.1", "localhost"].includes(url.hostname) && url.protocol !== "data:" && url.protocol !== "blob:") seen.foreign.push(r.url());
  });
  page.on("dialog", async (d) => {
    seen.dialogs.push(d.message());
    await d.dismiss();
  });
  page.on("pageerror", (e) => seen.errors.push(String(e)));
  return seen;
}

/// The page is still the app's: the nav (or the open drawer) answers at its place, nothing
/// injected ran.
async function stillOurs(page, seen, where, top = "nav") {
  expect(await page.evaluate(() => window.__pwned), where).toBeUndefined();
  expect(await page.locator("img[src*='evil'], script[src], svg[onload], [onerror]").count(), where).toBe(0);
  const link = page.locator(top === "nav" ? "nav a" : `${top} footer button, ${top} .drawer-footer button`).last();
  const box = await link.boundingBox();
  expect(box, where).not.toBeNull();
  const hit = await page.evaluate(([x, y, t]) => document.elementFromPoint(x, y)?.closest(t) !== null, [box.x + box.width / 2, box.y + box.height / 2, top]);
  expect(hit, `${where}: something covers ${top}`).toBe(true);
  expect(seen.foreign, where).toEqual([]);
  expect(seen.dialogs, where).toEqual([]);
}

const SCREENS = ["#/", "#/reminders", "#/customers", "#/products", "#/pipeline", "#/contracts", "#/analytics", "#/settings"];

test("a hostile backup shows on every screen as text: nothing runs, nothing is fetched, the layout holds", async ({ page }) => {
  const seen = watch(page);
  await page.goto("./");
  await page.getByRole("button", { name: "Load demo data" }).click();
  await expect(page.getByText("Demo data loaded")).toBeVisible();
  await page.getByRole("link", { name: "Settings", exact: true }).click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export backup" }).click()]);
  const envelope = JSON.parse(readFileSync(await download.path(), "utf8"));
  envelope.data = poison(envelope.data);
  const file = join(tmpdir(), `hostile-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(envelope));

  await page.getByRole("button", { name: "Erase all data" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Erase" }).click();
  await expect(page.getByText("All data erased")).toBeVisible();
  await page.getByTestId("backup-file").setInputFiles(file);
  await expect(page.getByTestId("file-summary")).toBeVisible();
  await expect(page.getByTestId("import-problems")).toHaveCount(0);
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByText(/Import finished/)).toBeVisible();

  for (const screen of SCREENS) {
    await page.goto(`./${screen}`);
    await page.waitForLoadState("networkidle");
    await expect(page.locator("main h1").first()).toBeVisible();
    await stillOurs(page, seen, screen);
  }
  // A customer's page, with the hostile e-mail as a link that stays a mailto: link.
  await page.goto("./#/customers");
  await page.getByTestId("customer-row").first().locator(".row-link").click();
  await expect(page.locator(".contact-link").first()).toBeVisible();
  for (const href of await page.locator(".contact-link").evaluateAll((links) => links.map((a) => a.getAttribute("href")))) {
    expect(href).toMatch(/^(tel:\+?\d+|mailto:[A-Za-z0-9%._~@-]+)$/);
  }
  await stillOurs(page, seen, "customer detail");
  // The board with every deal card, and a deal's form.
  await page.goto("./#/pipeline");
  await page.getByTestId("deal-card").first().click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await stillOurs(page, seen, "deal form", ".drawer");
  expect(seen.errors).toEqual([]);
});

test("a hostile CSV import shows as text and its formulas are not run on export", async ({ page }) => {
  const seen = watch(page);
  await page.goto("./#/customers");
  const rows = HOSTILE.map((h, i) => [`C9${String(i).padStart(4, "0")}`, `${h} ${i}`.replace(/[\u0000-\u0008\u000b-\u001f]/g, " "), h.replace(/[\r\n\u0000-\u001f]/g, " "), "+86 138 0013 8000"]);
  const quote = (c) => `"${c.replace(/"/g, '""')}"`;
  const csv = ["code,name,notes,phone", ...rows.map((r) => r.map(quote).join(","))].join("\r\n");
  const file = join(tmpdir(), `hostile-${Date.now()}.csv`);
  writeFileSync(file, csv);
  await page.getByRole("button", { name: "Import CSV" }).click();
  await page.getByTestId("csv-file").setInputFiles(file);
  await expect(page.getByTestId("csv-summary")).toContainText(`${HOSTILE.length} rows`);
  await expect(page.getByTestId("csv-errors")).toHaveCount(0);
  await page.getByRole("button", { name: "Import customers" }).click();
  await expect(page.getByTestId("result-count")).toHaveText(`${HOSTILE.length} customers`);
  await stillOurs(page, seen, "customers after CSV import");
  // Exported again: cells a spreadsheet would run start with an apostrophe.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export CSV" }).click()]);
  const text = readFileSync(await download.path(), "utf8");
  expect(text).toContain("'=HYPERLINK");
  expect(text).toContain("'+86 138 0013 8000");
  expect(seen.errors).toEqual([]);
});
