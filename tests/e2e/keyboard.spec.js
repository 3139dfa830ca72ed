// End-to-end: every dialog and drawer by keyboard alone. Each one takes focus when it opens,
// keeps Tab inside, closes on Escape and gives focus back to what opened it; one holding
// something typed asks before Escape throws it away.
import { test, expect } from "@playwright/test";

async function loadDemo(page) {
  await page.goto("./");
  await page.getByRole("button", { name: "Load demo data" }).click();
  await expect(page.getByText("Demo data loaded")).toBeVisible();
}

/** Whether focus is inside the innermost open dialog (and the page behind has none). */
const focusInside = (page) =>
  page.evaluate(() => {
    const open = [...document.querySelectorAll("[aria-modal=true]")].filter((d) => d.offsetParent !== null || getComputedStyle(d).position === "fixed");
    const top = open.filter((d) => !d.classList.contains("modal-ask")).pop();
    return !!top && !!document.activeElement && top.contains(document.activeElement);
  });

/** Goes to a page and waits for its content (its buttons are rendered once it is loaded). */
async function visit(page, route, ready) {
  await page.goto(`./${route}`);
  await expect(page.getByTestId(ready).first()).toBeVisible();
}

/** Opens an overlay from `opener` with Enter, tabs through it both ways, closes it with Escape. */
async function walk(page, opener, dialog) {
  await opener.focus();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeVisible();
  await expect.poll(() => focusInside(page), { message: "focus moves into the dialog" }).toBe(true);
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press("Tab");
    expect(await focusInside(page), `Tab ${i + 1} stays inside`).toBe(true);
  }
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press("Shift+Tab");
    expect(await focusInside(page), `Shift+Tab ${i + 1} stays inside`).toBe(true);
  }
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(opener).toBeFocused();
}

test("every dialog and drawer: focus in, Tab kept inside, Escape out, focus back", async ({ page }) => {
  await loadDemo(page);

  await visit(page, "#/customers", "customer-row");
  await walk(page, page.getByRole("button", { name: "New customer" }), page.getByRole("dialog", { name: "New customer" }));
  await walk(page, page.getByRole("button", { name: "Find duplicates" }), page.getByRole("dialog", { name: "Possible duplicates" }));
  await walk(page, page.getByRole("button", { name: "Import CSV" }), page.getByRole("dialog", { name: /Import customers/ }));

  await visit(page, "#/products", "product-row");
  await walk(page, page.getByRole("button", { name: "New product" }), page.getByRole("dialog", { name: "New product" }));

  await visit(page, "#/pipeline", "deal-card");
  const card = page.getByTestId("deal-card").first();
  await walk(page, card, page.getByRole("dialog", { name: "Edit deal" }));
  // Won, from the card's Move menu.
  const title = await card.locator(".deal-title").innerText();
  const menuButton = page.getByRole("button", { name: `Move “${title}”` });
  await menuButton.focus();
  await page.keyboard.press("Enter");
  await page.getByRole("menuitem", { name: "Move to Won" }).focus();
  await page.keyboard.press("Enter");
  const won = page.getByRole("dialog", { name: "Mark as won" });
  await expect(won.getByLabel(/Final amount/)).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(won).toHaveCount(0);
  // The deal stayed where it was, and focus is on its card.
  await expect(page.locator("[data-deal-id]:focus .deal-title")).toHaveText(title);

  // The quick lead from anywhere: Q.
  await page.getByRole("heading", { level: 1 }).click();
  await page.keyboard.press("q");
  const lead = page.getByRole("dialog", { name: "Quick lead" });
  await expect(lead.getByLabel("Name *")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(lead).toHaveCount(0);

  await visit(page, "#/reminders", "task");
  const task = page.getByTestId("task").first();
  await walk(page, task.getByRole("button", { name: "Done" }), page.getByRole("dialog", { name: /Follow-up done/ }));
  await walk(page, task.getByRole("button", { name: "Reschedule" }), page.getByRole("dialog", { name: /Reschedule/ }));

  await visit(page, "#/contracts", "contract-row");
  await walk(page, page.getByRole("button", { name: "New contract" }), page.getByRole("dialog", { name: "New contract" }));
  const open = page.getByTestId("contract-row").first().locator("button, a").first();
  await walk(page, open, page.getByRole("dialog").first());

  // Events: the form, the kiosk's start, and in the kiosk the staff's exit.
  await page.goto("./#/events");
  await walk(page, page.getByRole("button", { name: "New event" }), page.getByRole("dialog", { name: "New event" }));
  const show = page.getByRole("row").filter({ has: page.getByRole("button", { name: "Start kiosk mode" }) }).first();
  await walk(page, show.getByRole("button", { name: "Edit" }), page.getByRole("dialog", { name: "Edit event" }));
  await walk(page, show.getByRole("button", { name: "Start kiosk mode" }), page.getByRole("dialog", { name: /Start kiosk mode/ }));
  await show.getByRole("button", { name: "Start kiosk mode" }).click();
  await page.locator("#kiosk-pin").fill("1357");
  await page.locator("#kiosk-pin2").fill("1357");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("kiosk")).toBeVisible();
  await walk(page, page.getByRole("button", { name: "Staff exit" }), page.getByRole("dialog", { name: "Leave kiosk mode" }));
});

test("Escape over something typed asks first: keep editing keeps it, discard closes", async ({ page }) => {
  await loadDemo(page);
  await visit(page, "#/customers", "customer-row");
  const opener = page.getByRole("button", { name: "New customer" });
  await opener.focus();
  await page.keyboard.press("Enter");
  const form = page.getByRole("dialog", { name: "New customer" });
  await form.getByLabel("Name *").fill("Half-typed Ltd");
  await form.getByLabel("Name *").focus();

  await page.keyboard.press("Escape");
  const ask = page.getByRole("alertdialog", { name: "Discard unsaved changes?" });
  await expect(ask).toBeVisible();
  await expect(ask.getByRole("button", { name: "Keep editing" })).toBeFocused();
  // Tab stays in the question.
  for (let i = 0; i < 4; i++) await page.keyboard.press("Tab");
  expect(await page.evaluate(() => !!document.activeElement.closest(".modal-ask"))).toBe(true);
  // Escape answers "keep editing", and the field typed in has the focus again.
  await page.keyboard.press("Escape");
  await expect(ask).toBeHidden();
  await expect(form.getByLabel("Name *")).toHaveValue("Half-typed Ltd");
  await expect(form.getByLabel("Name *")).toBeFocused();

  // A tap beside the panel asks the same; another tap, or a click on the form under the
  // question, leaves the focus on the question, so typing cannot change the form.
  await page.mouse.click(10, 400);
  await expect(ask).toBeVisible();
  await page.mouse.click(10, 400);
  await expect(ask.getByRole("button", { name: "Keep editing" })).toBeFocused();
  await form.getByLabel("Name *").click({ force: true });
  await expect(ask.getByRole("button", { name: "Keep editing" })).toBeFocused();
  await page.keyboard.press("Tab");
  await page.keyboard.type("xyz");
  await ask.getByRole("button", { name: "Keep editing" }).press("Enter");
  await expect(form).toBeVisible();
  await expect(form.getByLabel("Name *")).toHaveValue("Half-typed Ltd");

  // The × asks too; Discard closes without saving.
  await form.getByRole("button", { name: "Close" }).focus();
  await page.keyboard.press("Enter");
  await expect(ask).toBeVisible();
  await ask.getByRole("button", { name: "Discard" }).focus();
  await page.keyboard.press("Enter");
  await expect(form).toHaveCount(0);
  await expect(opener).toBeFocused();
  await page.getByRole("searchbox").first().fill("Half-typed");
  await expect(page.getByTestId("customer-row")).toHaveCount(0);

  // Cancel is an answer already: it closes at once.
  await opener.click();
  await form.getByLabel("Name *").fill("Another");
  await form.getByRole("button", { name: "Cancel" }).click();
  await expect(form).toHaveCount(0);
  await expect(ask).toHaveCount(0);
});

test("Escape closes the innermost overlay even when focus has left it", async ({ page }) => {
  await loadDemo(page);
  await visit(page, "#/customers", "customer-row");
  await page.getByRole("button", { name: "Find duplicates" }).click();
  const drawer = page.getByRole("dialog", { name: "Possible duplicates" });
  await expect(drawer).toBeVisible();
  // Focus on the page behind (as after a click on a toast).
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press("Escape");
  await expect(drawer).toHaveCount(0);
});
