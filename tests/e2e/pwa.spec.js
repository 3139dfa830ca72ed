// The installable, offline app (issue 15): Chromium's install criteria, every page from the
// service worker's cache after one visit — with the server gone, the HTTP cache cleared and
// the browser restarted — and a new build offered as "new version — reload", never taken
// mid-edit. Each test runs its own server (so it can be stopped) and a browser profile on
// disk (so a restart keeps the storage), under a sub-path like a real static host.
import { test, expect, chromium } from "@playwright/test";
import { spawn } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const DIST = join(HERE, "../../dist");
const SUB_PATH = "/team/sales/desk/";

/// Servers still running: a test that times out never reaches its `finally`, so `afterEach`
/// stops what it left (else the next test meets its port in use).
const running = new Set();

/// Each project has its own ports, so the two never meet even when one leaves a server behind.
function portFor(base, testInfo) {
  return base + 10 * testInfo.config.projects.findIndex((p) => p.name === testInfo.project.name);
}

async function serve(root, port) {
  const child = spawn(process.execPath, ["serve.mjs", root, String(port)], { cwd: HERE, stdio: ["ignore", "pipe", "inherit"] });
  running.add(child);
  child.once("exit", () => running.delete(child));
  await new Promise((ok, fail) => { child.stdout.once("data", ok); child.once("exit", fail); });
  return {
    url: `http://127.0.0.1:${port}${SUB_PATH}`,
    // (stopping one already stopped returns at once: a test failing while it is down must
    // report its own error, not wait here until it times out)
    stop: () => new Promise((ok) => {
      if (child.exitCode !== null || child.signalCode !== null) return ok();
      child.once("exit", ok);
      child.kill();
    }),
  };
}

/// A browser with its profile in `dir`: closing it and launching again is a browser restart.
async function launch(dir, testInfo) {
  const use = testInfo.project.use;
  const context = await chromium.launchPersistentContext(dir, {
    ...use.launchOptions, viewport: use.viewport, hasTouch: use.hasTouch, isMobile: use.isMobile,
    locale: "en-US", serviceWorkers: "allow",
  });
  // As the config gives the fixtures' pages: a step that cannot happen names itself.
  context.setDefaultTimeout(use.actionTimeout);
  context.setDefaultNavigationTimeout(use.navigationTimeout);
  return context;
}

/// Waits until the service worker controls the page and has cached the whole build.
async function underServiceWorker(page) {
  await expect.poll(() => evaluateWithin(page, () => navigator.serviceWorker.controller !== null).catch(() => null), { timeout: 30_000 }).toBe(true);
  return page.evaluate(async () => {
    const keys = await caches.keys();
    const cache = await caches.open(keys.find((k) => k.startsWith("salesdesk-")));
    return (await cache.keys()).map((r) => new URL(r.url).pathname.split("/").pop());
  });
}

/// Width and height from a PNG's header.
function pngSize(bytes) {
  const sig = [0x89, 0x50, 0x4e, 0x47];
  if (!sig.every((b, i) => bytes[i] === b)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  return `${view.getUint32(16)}x${view.getUint32(20)}`;
}

let tmp;
test.beforeEach(async () => { tmp = await mkdtemp(join(tmpdir(), "salesdesk-pwa-")); });
test.afterEach(async () => {
  await Promise.all([...running].map((child) => new Promise((ok) => { child.once("exit", ok); child.kill(); })));
  await rm(tmp, { recursive: true, force: true });
});

/// `page.evaluate` bounded in time: one made while the page reloads under a new service worker
/// can stay unanswered, and a poll must then try again rather than wait for the test's end.
function evaluateWithin(page, fn, ms = 3_000) {
  return Promise.race([page.evaluate(fn), new Promise((_, fail) => setTimeout(() => fail(new Error("no answer")), ms))]);
}

/// Asks the browser to look for a new service worker, without waiting on the answer: what the
/// page shows for it is what the test checks next.
async function lookForUpdate(page) {
  await page.evaluate(() => { navigator.serviceWorker.getRegistration().then((r) => r.update()).catch(() => {}); });
}

test("installable: a manifest in the reader's language, icons that load, a service worker in control", async ({}, testInfo) => {
  const server = await serve(DIST, portFor(8131, testInfo));
  const context = await launch(join(tmp, "profile"), testInfo);
  try {
    const page = await context.newPage();
    await page.goto(server.url);
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    const cached = await underServiceWorker(page);
    // Every file of the build, the wasm included, is cached at install.
    for (const f of ["", "sw.js"].concat(["manifest.webmanifest", "manifest-en.webmanifest", "icon-192.png", "icon-512.png", "icon-maskable-512.png"])) {
      if (f === "sw.js") expect(cached).not.toContain(f);
      else expect(cached).toContain(f);
    }
    expect(cached.some((f) => f.endsWith(".wasm"))).toBe(true);
    expect(cached.some((f) => f.endsWith(".js"))).toBe(true);
    expect(cached.some((f) => f.endsWith(".css"))).toBe(true);

    // Any other path in the scope goes to the app; a file of the build opened by its address
    // is that file.
    await page.goto(`${server.url}no/such/page?x=1`);
    await expect(page).toHaveURL(server.url);
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    const icon = await page.goto(`${server.url}icon-192.png`);
    expect(icon.headers()["content-type"]).toBe("image/png");
    await page.goto(server.url);
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    await expect(page.locator("link[rel=manifest]")).toHaveAttribute("href", "manifest-en.webmanifest");

    // Chromium's own verdict (asked again while it still sees the manifest link just swapped).
    const cdp = await context.newCDPSession(page);
    await expect.poll(async () => (await cdp.send("Page.getInstallabilityErrors")).installabilityErrors).toEqual([]);
    const manifest = await cdp.send("Page.getAppManifest");
    expect(manifest.errors).toEqual([]);
    expect(manifest.url).toBe(`${server.url}manifest-en.webmanifest`);
    const data = JSON.parse(manifest.data);
    expect([data.name, data.short_name, data.display]).toEqual(["SalesDesk 销售台", "SalesDesk", "standalone"]);
    // start_url and scope are the sub-path the app is served from.
    expect(new URL(data.start_url, manifest.url).href).toBe(server.url);
    expect(new URL(data.scope, manifest.url).href).toBe(server.url);
    // Every icon loads and is the size it claims; one is maskable.
    expect(data.icons.some((i) => i.purpose === "maskable")).toBe(true);
    for (const icon of data.icons) {
      const res = await page.request.get(new URL(icon.src, manifest.url).href);
      expect(res.status(), icon.src).toBe(200);
      if (icon.type === "image/png") expect(pngSize(await res.body()), icon.src).toBe(icon.sizes);
    }
    for (const size of ["192x192", "512x512"]) expect(data.icons.some((i) => i.sizes === size && i.purpose !== "maskable")).toBe(true);

    // In 简体中文 the installed app is named in Chinese.
    await page.goto(`${server.url}#/settings`);
    await page.getByRole("radio", { name: "简体中文" }).check();
    await expect(page.locator("link[rel=manifest]")).toHaveAttribute("href", "manifest.webmanifest");
    await expect.poll(async () => JSON.parse((await cdp.send("Page.getAppManifest")).data ?? "{}").short_name).toBe("销售台");
    await expect(page.getByTestId("offline-status")).toContainText("已可离线使用");
    await expect(page.getByTestId("app-version")).toContainText(/[0-9a-f]{16}/);
  } finally {
    await context.close();
    await server.stop();
  }
});

test("the browser's install offer is a button; taking it asks the browser once", async ({}, testInfo) => {
  const server = await serve(DIST, portFor(8132, testInfo));
  const context = await launch(join(tmp, "profile"), testInfo);
  try {
    const page = await context.newPage();
    // Headless Chromium's own offer (it comes on desktop, being installable) would open its
    // install dialog: it is held back here, and a stand-in that records the prompt sent.
    await page.addInitScript(() => window.addEventListener("beforeinstallprompt", (e) => {
      if (!e.standIn) e.stopImmediatePropagation();
    }, { capture: true }));
    await page.goto(`${server.url}#/settings`);
    await expect(page.getByTestId("offline-status")).toBeVisible();
    await expect(page.getByTestId("install-app")).toHaveCount(0);
    await expect(page.getByText("The browser offers no install here right now")).toBeVisible();
    await page.evaluate(() => {
      const offer = new Event("beforeinstallprompt", { cancelable: true });
      offer.standIn = true;
      offer.prompt = () => { window.prompted = (window.prompted ?? 0) + 1; return Promise.resolve(); };
      offer.userChoice = Promise.resolve({ outcome: "accepted" });
      window.dispatchEvent(offer);
      window.offerDefaultPrevented = offer.defaultPrevented;
    });
    expect(await page.evaluate(() => window.offerDefaultPrevented)).toBe(true);
    const panel = page.locator(".panel", { hasText: "App and offline use" });
    await expect(page.getByTestId("install-app")).toHaveCount(2); // the nav's and the panel's
    await panel.getByTestId("install-app").click();
    await expect(panel.getByTestId("app-installed")).toHaveText("Installed as an app on this device.");
    await expect(page.getByTestId("install-app")).toHaveCount(0);
    expect(await page.evaluate(() => window.prompted)).toBe(1);
  } finally {
    await context.close();
    await server.stop();
  }
});

test("after one visit: no server, no HTTP cache, a restarted browser — a deep link opens and a customer and a lead are kept", async ({}, testInfo) => {
  // Offline, a page's "load" can wait on requests only Chromium makes (its install UI's
  // icons): each step waits for what it shows instead.
  test.setTimeout(120_000);
  const profile = join(tmp, "profile");
  const port = portFor(8133, testInfo);
  let server = await serve(DIST, port);
  let context = await launch(profile, testInfo);
  let page = await context.newPage();
  await page.goto(server.url);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await underServiceWorker(page);
  await context.close();
  await server.stop();

  // The hotel's Wi-Fi is gone, the browser was closed: only the service worker's cache is left.
  context = await launch(profile, testInfo);
  const failed = [];
  try {
    await context.setOffline(true);
    page = context.pages()[0] ?? await context.newPage();
    // Chromium's own fetches of the manifest's icons (for its install UI) and of the tab's
    // favicon (the build's hashed copy; favicons do not go through a service worker) can fail
    // while offline; they are not the app's and nothing of them is shown in the page.
    const manifestIcon = /\/(favicon(-[0-9a-f]+)?\.svg|icon-[\w-]+\.png)$/;
    page.on("requestfailed", (r) => { if (!manifestIcon.test(new URL(r.url()).pathname)) failed.push(`${r.url()} (${r.resourceType()})`); });
    page.on("pageerror", (e) => failed.push(String(e)));
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.clearBrowserCache");
    await page.goto(`${server.url}#/customers`, { waitUntil: "domcontentloaded" });
    await expect(page.getByRole("heading", { name: "Customers" })).toBeVisible();

    // (clicked at once, while the page may still be reading the book: the click is kept)
    await page.getByRole("button", { name: "New customer" }).first().click();
    await expect(page.getByRole("dialog")).toBeVisible();
    await page.getByRole("dialog").getByLabel("Name *").first().fill("离线展会客户 Offline Stand Ltd");
    await page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("dialog")).toHaveCount(0);
    await expect(page.getByRole("link", { name: "离线展会客户 Offline Stand Ltd" })).toBeVisible();

    await page.getByRole("button", { name: "Quick lead" }).first().click();
    await page.keyboard.type("Grace Visitor");
    await page.getByRole("dialog").getByLabel("Phone").fill("139 0000 1234");
    await page.getByRole("dialog").getByLabel("Need").fill("twenty demo units");
    await page.getByRole("dialog").getByRole("button", { name: "Save lead" }).click();
    await expect(page.getByRole("dialog")).toHaveCount(0);

    // A reload offline, then the network again: both are there, nothing failed on the way.
    await page.reload({ waitUntil: "domcontentloaded" });
    await expect(page.getByRole("link", { name: "离线展会客户 Offline Stand Ltd" })).toBeVisible();
    // Every page opens offline, each by its own address.
    for (const [route, heading] of [["", "Dashboard"], ["reminders", "Reminders"], ["products", "Products"], ["pipeline", "Pipeline"],
      ["contracts", "Contracts"], ["analytics", "Analytics"], ["targets", "Targets"], ["settings", "Settings"]]) {
      await page.goto(`${server.url}#/${route}`, { waitUntil: "domcontentloaded" });
      await page.reload({ waitUntil: "domcontentloaded" });
      await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    }
    await page.getByRole("link", { name: "Customers", exact: true }).click();
    await page.getByRole("link", { name: "离线展会客户 Offline Stand Ltd" }).click();
    await page.reload({ waitUntil: "domcontentloaded" });
    await expect(page.getByRole("heading", { level: 1, name: "离线展会客户 Offline Stand Ltd" })).toBeVisible();
    server = await serve(DIST, port);
    await context.setOffline(false);
    await page.goto(`${server.url}#/pipeline`, { waitUntil: "domcontentloaded" });
    await expect(page.getByTestId("deal-card").filter({ hasText: "twenty demo units" })).toBeVisible();
    await page.goto(`${server.url}#/customers`, { waitUntil: "domcontentloaded" });
    await expect(page.getByRole("link", { name: "离线展会客户 Offline Stand Ltd" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Grace Visitor" })).toBeVisible();
    expect(failed).toEqual([]);
  } finally {
    await context.close();
    await server.stop();
  }
});

test("a new build is offered as 'new version — reload', not taken over an open form, and taken when asked", async ({}, testInfo) => {
  // A copy of dist/ that can be "deployed" again with a different build.
  const site = join(tmp, "site");
  await cp(DIST, site, { recursive: true });
  const server = await serve(site, portFor(8134, testInfo));
  const context = await launch(join(tmp, "profile"), testInfo);
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}#/customers`);
    await underServiceWorker(page);
    const before = await page.evaluate(() => caches.keys());
    const version = await page.evaluate(() => window.salesdeskPwa.version());
    expect(before).toEqual([`salesdesk-${SUB_PATH}-${version}`]); // named by its scope too
    await expect(page.getByTestId("update-bar")).toHaveCount(0);

    // The next build is deployed while someone is typing a new customer.
    const sw = await readFile(join(site, "sw.js"), "utf8");
    await writeFile(join(site, "sw.js"), sw.replace(/^const VERSION = "([0-9a-f]+)";$/m, 'const VERSION = "$1-next";'));
    await page.getByRole("button", { name: "New customer" }).first().click();
    await page.getByRole("dialog").getByLabel("Name *").first().fill("Half-typed Co.");
    await lookForUpdate(page);
    const bar = page.getByTestId("update-bar");
    await expect(bar).toContainText("A new version of SalesDesk is ready.");
    // Nothing switched under the open form: what was typed is there, and is saved as usual.
    await expect(page.getByRole("dialog").getByLabel("Name *").first()).toHaveValue("Half-typed Co.");
    await page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("dialog")).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Half-typed Co." })).toBeVisible();

    // Asked while a page's form holds unsaved changes: it says what to do first and stays.
    await page.goto(`${server.url}#/targets`);
    await page.getByTestId("target-total").fill("1000000");
    await expect(page.getByText("Unsaved changes")).toBeVisible();
    await bar.getByRole("button", { name: "Reload" }).click();
    await expect(bar).toContainText("Save or close what you are editing first");
    await expect(page.getByTestId("target-total")).toHaveValue("1000000");
    expect(await page.evaluate(() => window.salesdeskPwa.version())).toBe(version);

    // Saved, it is taken: the page reloads under the new version and the old cache is gone.
    await page.getByTestId("save-targets").click();
    await expect(page.getByText("Unsaved changes")).toHaveCount(0);
    const reloaded = page.waitForEvent("load", { timeout: 30_000 });
    await bar.getByRole("button", { name: "Reload" }).click();
    await reloaded;
    // (the old cache goes when the new worker activates, which may finish after the load)
    await expect.poll(() => evaluateWithin(page, () => caches.keys()).catch(() => null), { timeout: 30_000 }).toEqual([`${before[0]}-next`]);
    await expect(page.getByTestId("target-total")).toHaveValue("1000000.00");
    expect(await page.evaluate(() => window.salesdeskPwa.version())).toBe(`${version}-next`);
    await expect(page.getByTestId("update-bar")).toHaveCount(0);
    await page.goto(`${server.url}#/customers`);
    await expect(page.getByRole("link", { name: "Half-typed Co." })).toBeVisible();

    // "Later" puts it away for now; the next visit asks again, still on the running version.
    await writeFile(join(site, "sw.js"), sw.replace(/^const VERSION = "([0-9a-f]+)";$/m, 'const VERSION = "$1-third";'));
    await lookForUpdate(page);
    await expect(bar).toContainText("A new version of SalesDesk is ready.");
    await bar.getByRole("button", { name: "Later" }).click();
    await expect(bar).toHaveCount(0);
    await page.reload();
    await expect(bar).toContainText("A new version of SalesDesk is ready.");
    expect(await page.evaluate(() => caches.keys())).toContain(`${before[0]}-next`);
  } finally {
    await context.close();
    await server.stop();
  }
});
