// Trade-show mode (issue 15): an event, kiosk mode on a tablet in both orientations — two
// visitors register (the second sees a blank form), the form clears itself when left alone,
// the rest of the app cannot be reached, a wrong then the right PIN — the leads on the board
// with their event, and the event's report; Quick lead tagging the event on today.
import { test, expect } from "@playwright/test";
import { csvOf, demo } from "./book.js";

const PIN = "1357";

async function newEvent(page, name, { products = 2 } = {}) {
  await page.goto("./#/events");
  await page.getByRole("button", { name: "New event" }).click();
  await page.locator("#ev-name").fill(name);
  await page.locator("#ev-place").fill("Hall 3, Stand C21");
  const chips = page.locator(".chips-field .chip");
  const picked = [];
  for (let i = 0; i < products; i++) {
    await chips.nth(i).click();
    picked.push((await chips.nth(i).innerText()).trim());
  }
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("event-report")).toContainText(name);
  return picked;
}

async function startKiosk(page, name) {
  await page.getByRole("row").filter({ hasText: name }).getByRole("button", { name: "Start kiosk mode" }).click();
  const dialog = page.getByTestId("start-kiosk");
  await dialog.locator("#kiosk-pin").fill("12");
  await dialog.getByRole("button", { name: "Start kiosk mode" }).click();
  await expect(dialog.getByText("Enter 4 to 8 digits.")).toBeVisible();
  await dialog.locator("#kiosk-pin").fill(PIN);
  await dialog.locator("#kiosk-pin2").fill("1358");
  await dialog.getByRole("button", { name: "Start kiosk mode" }).click();
  await expect(dialog.getByText("The two PINs differ.")).toBeVisible();
  await dialog.locator("#kiosk-pin2").fill(PIN);
  await dialog.getByRole("button", { name: "Start kiosk mode" }).click();
  await expect(page.getByTestId("kiosk")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Welcome! Please leave your details" })).toBeVisible();
}

/// Nothing of a visitor is left in the form.
async function expectBlank(page) {
  const form = page.locator(".kiosk-form");
  await expect(form).toBeVisible();
  for (const id of ["#k-name", "#k-company", "#k-title", "#k-phone", "#k-email", "#k-note"]) {
    await expect(form.locator(id)).toHaveValue("");
  }
  await expect(form.locator("#k-consent")).not.toBeChecked();
  await expect(form.locator(".chip-large[aria-pressed=true]")).toHaveCount(0);
  await expect(form.locator(".field-error")).toHaveCount(0);
}

for (const [width, height] of [[1024, 768], [768, 1024]]) {
  test(`kiosk on a ${width}×${height} tablet: two visitors, inactivity reset, no way out but the PIN, leads on the board, the report`, async ({ page }, info) => {
    test.skip(info.project.name !== "tablet", "a tablet's test");
    await page.setViewportSize({ width, height });
    await page.clock.install();
    await demo(page);
    const show = `Kiosk Expo ${width}`;
    const picked = await newEvent(page, show);
    await startKiosk(page, show);
    await expect(page.locator("nav.nav")).toHaveCount(0);
    await expectBlank(page);

    // Every target a thumb needs is at least 48 px high.
    for (const target of [page.locator("#k-name"), page.locator(".chip-large").first(), page.locator("#k-consent").locator(".."), page.getByRole("button", { name: "Register" }), page.getByRole("button", { name: "Staff exit" })]) {
      expect((await target.boundingBox()).height).toBeGreaterThanOrEqual(48);
    }
    await expect(page.locator("#k-phone")).toHaveAttribute("inputmode", "tel");
    await expect(page.locator("#k-phone")).toHaveAttribute("type", "tel");
    await expect(page.locator("#k-email")).toHaveAttribute("inputmode", "email");
    // A public form: the browser keeps nothing a visitor types to offer the next one.
    await expect(page.locator(".kiosk-form")).toHaveAttribute("autocomplete", "off");
    for (const id of ["#k-name", "#k-company", "#k-title", "#k-phone", "#k-email", "#k-note"]) {
      await expect(page.locator(id)).toHaveAttribute("autocomplete", "off");
    }

    // The first visitor: a phone and an interest.
    await page.locator("#k-name").fill("Lena Park");
    await page.locator("#k-company").fill("Park Robotics");
    await page.locator("#k-phone").fill("+49 151 2345 6789");
    await page.getByRole("button", { name: picked[0] }).tap();
    await expect(page.getByRole("button", { name: picked[0] })).toHaveAttribute("aria-pressed", "true");
    await page.locator("#k-consent").check();
    await page.getByRole("button", { name: "Register" }).tap();
    await expect(page.getByTestId("kiosk-thanks")).toBeVisible();
    await expect(page.getByTestId("kiosk")).not.toContainText("Lena Park");
    await page.getByRole("button", { name: "Next visitor" }).tap();
    await expectBlank(page);

    // The second: no consent is refused (nothing stored), then an e-mail only.
    await page.locator("#k-name").fill("Omar Haddad");
    await page.getByRole("button", { name: "Register" }).tap();
    await expect(page.getByText("Enter a phone or an e-mail.")).toBeVisible();
    await expect(page.getByText("Please accept to register.")).toBeVisible();
    await page.locator("#k-email").fill("omar@haddad.example");
    await page.locator("#k-consent").check();
    await page.getByRole("button", { name: "Register" }).tap();
    await expect(page.getByTestId("kiosk-thanks")).toBeVisible();
    // The thank-you goes by itself.
    await page.clock.fastForward(11_000);
    await expectBlank(page);

    // Left half-typed, the form clears itself after a minute without a touch.
    await page.locator("#k-name").fill("Half Typed");
    await page.getByRole("button", { name: picked[1] }).tap();
    await page.clock.fastForward(30_000);
    await expect(page.locator("#k-name")).toHaveValue("Half Typed");
    await page.clock.fastForward(31_000);
    await expectBlank(page);

    // Addresses, the back button and a reload all stay in the kiosk.
    await page.goto("./#/customers");
    await expect(page.getByTestId("kiosk")).toBeVisible();
    await expect(page.getByRole("table")).toHaveCount(0);
    await page.goBack();
    await expect(page.getByTestId("kiosk")).toBeVisible();
    await page.reload();
    await expect(page.getByRole("heading", { name: "Welcome! Please leave your details" })).toBeVisible();
    await expect(page.locator("nav.nav")).toHaveCount(0);

    // Staff exit: a wrong PIN, then the right one opens the event's report.
    await page.getByRole("button", { name: "Staff exit" }).tap();
    const exit = page.getByTestId("exit-kiosk");
    await exit.locator("#kiosk-exit-pin").fill("0000");
    await exit.getByRole("button", { name: "Leave" }).tap();
    await expect(exit.getByText("Wrong PIN.")).toBeVisible();
    await expect(page.getByTestId("kiosk")).toBeVisible();
    await exit.locator("#kiosk-exit-pin").fill(PIN);
    await exit.getByRole("button", { name: "Leave" }).tap();
    const report = page.getByTestId("event-report");
    await expect(report).toContainText(show);
    await expect(page.locator("nav.nav")).toBeVisible();
    await expect(report.getByTestId("report-kpis")).toContainText("2");
    await expect(report.getByTestId("report-interests").getByRole("row").filter({ hasText: picked[0] })).toContainText("1");
    await expect(report.getByTestId("report-interests").getByRole("row").filter({ hasText: "No product picked" })).toContainText("1");
    await expect(report.getByTestId("report-hours").locator("tbody tr")).not.toHaveCount(0);

    // Both leads on the board, in the first stage, with their event.
    await page.goto("./#/pipeline");
    const tagged = page.getByTestId("deal-card").filter({ has: page.getByTestId("event-tag").filter({ hasText: show }) });
    await expect(tagged).toHaveCount(2);
    await expect(tagged.filter({ hasText: "Park Robotics" })).toHaveCount(1);
    await expect(tagged.filter({ hasText: "Omar Haddad" })).toHaveCount(1);
    // The follow-up is due the next working day: the dashboard's reminders hold both.
    await page.goto("./#/customers?q=Park%20Robotics");
    await expect(page.getByRole("link", { name: "Park Robotics" })).toBeVisible();
  });
}

test("a kiosk started in one tab locks the others; wrong PINs slow down; leaving it frees them all", async ({ page, context }) => {
  await page.clock.install();
  await demo(page);
  await newEvent(page, "Two Tab Fair", { products: 1 });
  const other = await context.newPage();
  await other.goto("./#/customers");
  await expect(other.getByRole("heading", { level: 1, name: "Customers" })).toBeVisible();
  await startKiosk(page, "Two Tab Fair");
  await expect(other.getByTestId("kiosk")).toBeVisible();
  await expect(other.locator("nav.nav")).toHaveCount(0);
  await other.getByRole("button", { name: "Staff exit" }).click();
  // Five wrong PINs, then even the right one waits.
  for (let i = 0; i < 5; i++) {
    await other.locator("#kiosk-exit-pin").fill(`000${i}`);
    await other.getByRole("button", { name: "Leave" }).click();
    await expect(other.getByText("Wrong PIN.")).toBeVisible();
  }
  await other.locator("#kiosk-exit-pin").fill(PIN);
  await other.getByRole("button", { name: "Leave" }).click();
  await expect(other.getByText("Too many wrong PINs: wait a moment, then try again.")).toBeVisible();
  await expect(other.getByTestId("kiosk")).toBeVisible();
  await page.clock.fastForward(31_000);
  await other.getByRole("button", { name: "Leave" }).click();
  await expect(other.getByTestId("event-report")).toContainText("Two Tab Fair");
  await expect(page.locator("nav.nav")).toBeVisible();
  await expect(page.getByTestId("kiosk")).toHaveCount(0);
});

test("Quick lead tags the event on today; the report counts it and exports it; an event with leads is not deleted", async ({ page }) => {
  await demo(page);
  await newEvent(page, "Quick Expo", { products: 0 });
  await page.getByRole("button", { name: "Quick lead" }).first().click();
  const dialog = page.locator(".quick-capture");
  await expect(dialog.locator("#qc-event")).toHaveValue(/.+/);
  await expect(dialog.locator("#qc-event option:checked")).toHaveText("Quick Expo");
  await dialog.locator("#qc-person").fill("Mia Chen");
  await dialog.locator("#qc-phone").fill("138 2222 3333");
  await dialog.getByRole("button", { name: "Save lead" }).click();
  await expect(page.getByText(/Lead captured: .*Mia Chen/)).toBeVisible();
  await page.goto("./#/events");
  await page.getByRole("row").filter({ hasText: "Quick Expo" }).getByRole("link", { name: "Report" }).click();
  const report = page.getByTestId("event-report");
  await expect(report.getByTestId("report-kpis")).toContainText("1");
  const lines = await csvOf(page, report.getByRole("button", { name: "Export CSV" }));
  expect(lines[0]).toContain("Leads");
  expect(lines[1]).toMatch(/^Quick Expo,/);
  expect(lines.some((l) => l.startsWith("By hour,"))).toBe(true);
  expect(lines.some((l) => l.startsWith("By product of interest,No product picked,,1,"))).toBe(true);

  // The demo's show and this one: deleting one with leads is refused, and nothing changes.
  await page.getByRole("row").filter({ hasText: "Quick Expo" }).getByRole("button", { name: "Edit" }).click();
  await page.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
  await expect(page.getByText("A lead was captured at this event, so it cannot be deleted.")).toBeVisible();
  await page.keyboard.press("Escape");
  await page.goto("./#/events");
  await expect(page.getByRole("row").filter({ hasText: "Quick Expo" })).toHaveCount(1);
});

/// A picture `width` × `height` drawn in the page, as PNG bytes.
async function picture(page, width, height) {
  const b64 = await page.evaluate(async ([w, h]) => {
    const c = document.createElement("canvas");
    c.width = w;
    c.height = h;
    const g = c.getContext("2d");
    g.fillStyle = "#f5f0e6";
    g.fillRect(0, 0, w, h);
    g.fillStyle = "#1d4ed8";
    g.font = `${Math.round(h / 8)}px sans-serif`;
    g.fillText("Lena Park · Park Robotics", w / 12, h / 2);
    const blob = await new Promise((ok) => c.toBlob(ok, "image/png"));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = "";
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s);
  }, [width, height]);
  return Buffer.from(b64, "base64");
}

test("a business-card photo taken in Quick lead is shrunk, kept with the deal, deleted only when asked and put back by undo", async ({ page }) => {
  await demo(page);
  await page.getByRole("button", { name: "Quick lead" }).first().click();
  const dialog = page.locator(".quick-capture");
  // Not a picture: said next to the button, nothing kept.
  await dialog.locator("#qc-photo").setInputFiles({ name: "card.jpg", mimeType: "image/jpeg", buffer: Buffer.from("not a picture at all") });
  await expect(dialog.getByText("This picture cannot be read")).toBeVisible();
  await dialog.locator("#qc-photo").setInputFiles({ name: "card.png", mimeType: "image/png", buffer: await picture(page, 4000, 2400) });
  await expect(dialog.locator(".photo-preview img")).toBeVisible();
  await dialog.locator("#qc-person").fill("Lena Park");
  await dialog.locator("#qc-company").fill("Park Robotics Photo");
  await dialog.locator("#qc-need").fill("Cobot arms");
  // The disk is full: said in words, nothing written, the form and its photo kept to retry.
  await page.evaluate(() => {
    window.__put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function () { throw new DOMException("The disk is full", "QuotaExceededError"); };
  });
  await dialog.getByRole("button", { name: "Save lead" }).click();
  await expect(page.getByText("Storage is full; nothing was written.", { exact: false })).toBeVisible();
  await expect(dialog.locator(".photo-preview img")).toBeVisible();
  await expect(dialog.locator("#qc-person")).toHaveValue("Lena Park");
  await page.evaluate(() => { IDBObjectStore.prototype.put = window.__put; });
  await dialog.getByRole("button", { name: "Save lead" }).click();
  await expect(page.getByText(/Lead captured: .*Park Robotics Photo/)).toBeVisible();

  await page.goto("./#/pipeline");
  await page.getByTestId("deal-card").filter({ hasText: "Cobot arms" }).click();
  const photos = page.getByTestId("card-photos");
  const img = photos.locator("img");
  await expect(img).toHaveCount(1);
  expect(await img.evaluate((i) => [i.naturalWidth, i.naturalHeight, i.src.startsWith("data:image/jpeg;base64,")])).toEqual([1600, 960, true]);

  // Delete asks first; Cancel keeps it, Delete removes it, Undo brings it back.
  await photos.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Cancel" }).click();
  await expect(img).toHaveCount(1);
  await photos.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
  await expect(img).toHaveCount(0);
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(img).toHaveCount(1);
});

test("a product shown at an event's stand is not deleted: the event would name a product the book has lost", async ({ page }) => {
  await demo(page);
  await page.goto("./#/products");
  await page.getByRole("button", { name: "New product" }).click();
  const form = page.getByRole("dialog");
  await form.getByLabel("Name").fill("Stand sample");
  await form.getByLabel("Code", { exact: true }).fill("TMP-STAND");
  await form.getByLabel("List price (¥)").fill("10");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);

  await page.goto("./#/events");
  await page.getByRole("button", { name: "New event" }).click();
  await page.locator("#ev-name").fill("Sample Fair");
  await page.locator("#ev-place").fill("Hall 1");
  await page.locator(".chips-field .chip").filter({ hasText: "Stand sample" }).click();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("event-report")).toContainText("Sample Fair");

  await page.goto("./#/products");
  await page.getByRole("button", { name: "Edit Stand sample" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
  await expect(page.getByText("This product is shown at the stand of “Sample Fair”, so it cannot be deleted: take it off the event first.")).toBeVisible();
  await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("button", { name: "Edit Stand sample" })).toBeVisible();
});
