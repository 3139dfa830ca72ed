// Browser benchmark (run by `bash .ci/bench`): imports a generated backup into the release
// build in headless Chromium, then times what a user waits for. Prints medians of several
// runs; figures go into the README by hand.
//   node bench.mjs <dist> <backup.json> <customers|board> <label>
import { chromium } from "@playwright/test";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const [dist, backup, kind = "customers", label = kind] = process.argv.slice(2);
const PORT = 8124;
const RUNS = Number(process.env.RUNS ?? 5);
const url = `http://127.0.0.1:${PORT}/`;

const server = spawn(process.execPath, [fileURLToPath(new URL("./serve.mjs", import.meta.url)), dist, String(PORT)], { stdio: "ignore" });
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  // Precise heap figures and a callable gc() for the memory report.
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--enable-precise-memory-info", "--js-flags=--expose-gc"],
});
const results = [];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const report = (name, samples) => {
  const m = median(samples);
  results.push([name, m]);
  console.log(`${label} | ${name.padEnd(44)} | median ${m.toFixed(0).padStart(6)} ms | runs ${samples.map((s) => s.toFixed(0)).join(", ")}`);
  return m;
};

// Runs `act` in the page and resolves when `done` holds, checked on every DOM change:
// the time a user waits between an action and seeing its result.
async function timed(page, act, done, arg) {
  return page.evaluate(
    async ({ act, done, arg }) => {
      const actFn = (0, eval)("(" + act + ")");
      const doneFn = (0, eval)("(" + done + ")");
      return new Promise((resolve) => {
        const t0 = performance.now();
        const check = () => {
          if (doneFn(arg)) {
            observer.disconnect();
            resolve(performance.now() - t0);
          }
        };
        const observer = new MutationObserver(check);
        observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
        actFn(arg);
        check();
      });
    },
    { act: act.toString(), done: done.toString(), arg },
  );
}

const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
page.setDefaultTimeout(600_000);
// The wasm's memory, for the memory report (Trunk's loader announces the started module).
await page.addInitScript(() => addEventListener("TrunkApplicationStarted", (e) => { window.__wasm = e.detail.wasm; }));
await page.goto(url);
await page.evaluate(() => localStorage.setItem("salesdesk.lang", "en"));

// Import, RUNS times into an empty database: the app's backup check and write, and in the same
// page the baselines — a plain JSON.parse of the same file, and the same records put raw, in
// one transaction, into a database with the app's schema (stores and indexes copied from it).
const check = [], write = [], frozen = [], parse = [], raw = [];
for (let i = 0; i < (kind === "customers" ? RUNS : 1); i++) {
  await page.goto(url + "bench-blank");
  await page.evaluate(() => Promise.all(["salesdesk", "bench-baseline"].map((n) => new Promise((r) => {
    const d = indexedDB.deleteDatabase(n);
    d.onsuccess = d.onerror = d.onblocked = r;
  }))));
  await page.goto(url + "#/settings");
  await page.reload();
  await page.getByTestId("backup-file").waitFor();
  // The longest stretch the page could not answer input while the file was checked.
  await page.evaluate(() => {
    window.__longest = 0;
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longest = Math.max(window.__longest, e.duration); }).observe({ type: "longtask" });
  });
  let t0 = Date.now();
  await page.getByTestId("backup-file").setInputFiles(backup);
  await page.getByTestId("file-summary").waitFor();
  check.push(Date.now() - t0);
  frozen.push(await page.evaluate(() => window.__longest));
  t0 = Date.now();
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await page.getByText(/Import finished/).waitFor();
  write.push(Date.now() - t0);
  const base = await baseline();
  parse.push(base.parse);
  raw.push(base.puts);
}
const checkMedian = report("backup: read and checked (app)", check);
report("backup: longest unresponsive stretch during the check", frozen);
const parseMedian = report("baseline: JSON.parse of the same file", parse);
const writeMedian = report("backup: written in one transaction (app)", write);
const rawMedian = report("baseline: raw puts of the same records, one tx", raw);
console.log(`${label} | import ratios: check / JSON.parse = ${(checkMedian / parseMedian).toFixed(2)}x (target <= 2); write / raw puts = ${(writeMedian / rawMedian).toFixed(2)}x (target <= 1.5)`);

async function baseline() {
  await page.evaluate(() => {
    const input = Object.assign(document.createElement("input"), { type: "file", id: "bench-file", hidden: true });
    document.body.append(input);
  });
  await page.setInputFiles("#bench-file", backup);
  return page.evaluate(async () => {
    const req = (r) => new Promise((ok, fail) => { r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
    const text = await document.getElementById("bench-file").files[0].text();
    const t0 = performance.now();
    const doc = JSON.parse(text);
    const parse = performance.now() - t0;
    const app = await req(indexedDB.open("salesdesk"));
    const schema = [...app.objectStoreNames].map((name) => {
      const store = app.transaction(name).objectStore(name);
      const indexes = [...store.indexNames].map((n) => {
        const ix = store.index(n);
        return { n, keyPath: ix.keyPath, unique: ix.unique, multiEntry: ix.multiEntry };
      });
      return { name, keyPath: store.keyPath, autoIncrement: store.autoIncrement, indexes };
    });
    app.close();
    const open = indexedDB.open("bench-baseline", 1);
    open.onupgradeneeded = () => {
      for (const s of schema) {
        const store = open.result.createObjectStore(s.name, { keyPath: s.keyPath, autoIncrement: s.autoIncrement });
        for (const ix of s.indexes) store.createIndex(ix.n, ix.keyPath, { unique: ix.unique, multiEntry: ix.multiEntry });
      }
    };
    const db = await req(open);
    const names = schema.map((s) => s.name).filter((n) => Array.isArray(doc.data[n]) && doc.data[n].length);
    const t1 = performance.now();
    await new Promise((ok, fail) => {
      const tx = db.transaction(names, "readwrite");
      for (const n of names) {
        const store = tx.objectStore(n);
        for (const record of doc.data[n]) store.put(record);
      }
      tx.oncomplete = ok;
      tx.onerror = tx.onabort = () => fail(tx.error);
    });
    const puts = performance.now() - t1;
    db.close();
    await new Promise((r) => { const d = indexedDB.deleteDatabase("bench-baseline"); d.onsuccess = d.onerror = d.onblocked = r; });
    return { parse, puts };
  });
}

// The page's JS heap and the wasm's memory (its high-water mark: wasm memory never shrinks),
// after a garbage collection.
async function memory(what) {
  // What a read leaves behind (its IndexedDB request and value) is freed once it settles.
  await page.waitForTimeout(3000);
  const m = await page.evaluate(() => {
    window.gc?.();
    return { js: performance.memory?.usedJSHeapSize ?? 0, wasm: window.__wasm?.memory?.buffer.byteLength ?? 0 };
  });
  const mb = (n) => (n / 1048576).toFixed(0);
  console.log(`${label} | memory with ${what}: JS heap ${mb(m.js)} MB + wasm ${mb(m.wasm)} MB = ${mb(m.js + m.wasm)} MB`);
}

if (kind === "customers") await customers();
else if (kind === "pages") await pages();
else await board();

// Every main page after a reload, until it shows its data: first once right after the import
// (which kept what the pages derive from the records it wrote), then once with nothing kept
// (as after an update of the app, or a write to every store: the page reads the records and
// keeps what it derives), then RUNS times (it reads what was kept). The settings page is the
// baseline: loading the app and opening the database, with one record read.
async function pages() {
  // A customer's page: the first row's (the list the import kept; reading it keeps nothing new).
  await page.goto(url + "#/customers");
  await page.getByTestId("customer-row").first().waitFor();
  const customer = await page.locator("[data-testid=customer-row] a.row-link").first().getAttribute("href");
  const all = [
    ["settings (baseline)", "#/settings", "[data-testid=backup-file]"],
    ["dashboard", "#/", ".kpis .kpi"],
    ["customers", "#/customers", "[data-testid=customer-row]"],
    ["pipeline", "#/pipeline", "[data-testid=deal-card]"],
    ["analytics", "#/analytics", "[data-testid=period-revenue], [data-testid=no-sales]"],
    ["a customer", customer, ".detail-grid"],
  ];
  // Opened from another page: a fresh load, timed from its start.
  const reloaded = async (hash, sel) => {
    await page.goto(url + "bench-blank");
    await page.goto(url + hash);
    await page.locator(sel).first().waitFor();
    return page.evaluate(() => performance.now());
  };
  for (const [name, hash, sel] of all) report(`${name}: first reload after the import`, [await reloaded(hash, sel)]);
  // What was kept dropped, as an update of the app (another build) or a write to every
  // store would.
  await page.goto(url + "bench-blank");
  await page.evaluate(() => new Promise((ok) => {
    const r = indexedDB.open("salesdesk");
    r.onsuccess = () => {
      const tx = r.result.transaction("derived", "readwrite");
      const store = tx.objectStore("derived");
      store.openCursor().onsuccess = (e) => { const c = e.target.result; if (c) { if (String(c.key).startsWith("value:")) c.delete(); c.continue(); } };
      tx.oncomplete = () => { r.result.close(); ok(); };
    };
  }));
  for (const [name, hash, sel] of all) report(`${name}: first reload with nothing kept`, [await reloaded(hash, sel)]);
  for (const [name, hash, sel] of all) {
    const t = [];
    for (let i = 0; i < RUNS; i++) t.push(await reloaded(hash, sel));
    report(`${name}: reload until it shows its data`, t);
    if (name === "customers" || name === "dashboard") await memory(`the ${name} page open after a reload`);
  }
}

async function customers() {
  await pages();

  const nav = [];
  for (let i = 0; i < RUNS; i++) {
    await page.goto(url + "#/");
    await page.getByText("Weighted pipeline").waitFor();
    nav.push(await timed(page, () => { location.hash = "#/customers"; }, () => !!document.querySelector("[data-testid=customer-row]")));
  }
  report("customers: open from the dashboard", nav);

  // Other pages that grade the book reuse the list's graded book while nothing was written.
  const detail = [];
  for (let i = 0; i < RUNS; i++) {
    await page.goto(url + "#/customers");
    await page.getByTestId("customer-row").first().waitFor();
    detail.push(await timed(page, (i) => { document.querySelectorAll("[data-testid=customer-row] a.row-link")[i].click(); }, () => !!document.querySelector("[data-testid=detail-grade], .detail-grid"), i));
  }
  report("customer page: open from the list", detail);
  const pipeline = [];
  for (let i = 0; i < RUNS; i++) {
    await page.goto(url + "#/customers");
    await page.getByTestId("customer-row").first().waitFor();
    pipeline.push(await timed(page, () => { location.hash = "#/pipeline"; }, () => !!document.querySelector("[data-testid=deal-card]")));
  }
  report("pipeline: open from the customers list", pipeline);
  const dash = [];
  for (let i = 0; i < RUNS; i++) {
    await page.goto(url + "#/customers");
    await page.getByTestId("customer-row").first().waitFor();
    dash.push(await timed(page, () => { location.hash = "#/"; }, () => !!document.querySelector(".kpis .kpi")));
  }
  report("dashboard: open from the customers list", dash);

  const words = ["科技", "C050", "138", "华", "zhang"];
  const search = [];
  for (const w of words) {
    await page.goto(url + "#/customers");
    await page.getByTestId("customer-row").first().waitFor();
    search.push(
      await timed(
        page,
        (w) => {
          window.__before = document.querySelector("[data-testid=result-count]").textContent;
          const input = document.querySelector("input[type=search]");
          input.value = w;
          input.dispatchEvent(new Event("input", { bubbles: true }));
        },
        () => (document.querySelector("[data-testid=result-count]")?.textContent ?? window.__before) !== window.__before,
        w,
      ),
    );
  }
  report("customers: search keystroke until the list updates", search);

  const sort = [];
  for (const v of ["code", "newest", "grade", "code", "newest"]) {
    await page.goto(url + "#/customers");
    await page.getByTestId("customer-row").first().waitFor();
    sort.push(
      await timed(
        page,
        (v) => {
          window.__first = document.querySelector("[data-testid=customer-row]").textContent;
          const s = [...document.querySelectorAll("select")].find((x) => [...x.options].some((o) => o.value === v));
          s.value = v;
          s.dispatchEvent(new Event("change", { bubbles: true }));
        },
        () => document.querySelector("[data-testid=customer-row]")?.textContent !== window.__first,
        v,
      ),
    );
  }
  report("customers: change the sort until rows update", sort);
}

async function board() {
  // Open the pipeline from the dashboard until the board shows its cards.
  const open = [];
  for (let i = 0; i < RUNS; i++) {
    await page.goto(url + "#/");
    await page.getByText("Weighted pipeline").waitFor();
    open.push(await timed(page, () => { location.hash = "#/pipeline"; }, () => !!document.querySelector("[data-testid=deal-card]")));
  }
  report("board: open from the dashboard until cards show", open);
  const cold = [];
  for (let i = 0; i < RUNS; i++) {
    await page.goto(url + "#/pipeline");
    await page.reload();
    await page.getByTestId("deal-card").first().waitFor();
    cold.push(await page.evaluate(() => performance.now()));
  }
  report("board: reload until cards show (what is kept read)", cold);
  await memory("the board open after a reload");
  const cards = await page.evaluate(() => document.querySelectorAll("[data-testid=deal-card]").length);
  console.log(`${label} | cards on the board: ${cards}`);

  // A drag: pick up the first card of a column, carry it over the next column, drop it. Timed:
  // pick-up until the ghost shows, one move over a column until the placeholder moves, and
  // the drop until the card is in its new column (the write follows in the background).
  const pick = [], over = [], drop = [];
  for (let i = 0; i < RUNS; i++) {
    await page.goto(url + "#/pipeline");
    await page.getByTestId("deal-card").first().waitFor();
    const ids = await page.evaluate((i) => {
      const cols = [...document.querySelectorAll("[data-drop-stage]")].filter((c) => c.matches("section"));
      const from = cols[i % 2];
      const to = cols[(i % 2) + 1];
      return { card: from.querySelector("[data-deal-id]").dataset.dealId, to: to.dataset.dropStage };
    }, i);
    const fire = `
      const card = document.querySelector('[data-deal-id="' + arg.card + '"]');
      const to = document.querySelector('section[data-drop-stage="' + arg.to + '"]');
      const c = card.getBoundingClientRect(), t = to.querySelector('.column-body').getBoundingClientRect();
      const ev = (type, x, y) => card.dispatchEvent(new PointerEvent(type, { bubbles: true, clientX: x, clientY: y, pointerId: 7, pointerType: 'mouse', button: 0, isPrimary: true }));
      window.__at = { x: t.left + t.width / 2, y: t.top + 120 };
    `;
    pick.push(await timed(page, new Function("arg", fire + "ev('pointerdown', c.left + 20, c.top + 20); ev('pointermove', c.left + 40, c.top + 30);"), () => !!document.querySelector(".deal-card.ghost"), ids));
    over.push(await timed(page, new Function("arg", fire + "ev('pointermove', window.__at.x, window.__at.y);"), () => !!document.querySelector(".drop-before, .drop-end"), ids));
    drop.push(await timed(page, new Function("arg", fire + "ev('pointerup', window.__at.x, window.__at.y);"),
      (arg) => !!document.querySelector('section[data-drop-stage="' + arg.to + '"] [data-deal-id="' + arg.card + '"]') && !document.querySelector(".deal-card.ghost"), ids));
  }
  report("board: pick up a card until the ghost shows", pick);
  report("board: move over a column until the placeholder shows", over);
  report("board: drop until the card shows in its new column", drop);
}

await browser.close();
server.kill();
