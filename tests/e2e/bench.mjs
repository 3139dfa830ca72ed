// Browser benchmark (run by `bash .ci/bench`): imports a generated backup into the release
// build in headless Chromium, then times what a user waits for. Prints medians of several
// runs; figures go into the README by hand.
//   node bench.mjs <dist> <backup.json> <label>
import { chromium } from "@playwright/test";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const [dist, backup, label = "bench"] = process.argv.slice(2);
const PORT = 8124;
const RUNS = Number(process.env.RUNS ?? 5);
const url = `http://127.0.0.1:${PORT}/`;

const server = spawn(process.execPath, [fileURLToPath(new URL("./serve.mjs", import.meta.url)), dist, String(PORT)], { stdio: "ignore" });
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
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
      const actFn = new Function("arg", act);
      const doneFn = new Function("arg", done);
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
    { act: act.toString().replace(/^[^{]*{|}$/g, ""), done: done.toString().replace(/^[^{]*{|}$/g, ""), arg },
  );
}

const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
page.setDefaultTimeout(600_000);
await page.goto(url);
await page.evaluate(() => localStorage.setItem("salesdesk.lang", "en"));
await page.goto(url + "#/settings");
await page.reload();
let t0 = Date.now();
await page.getByTestId("backup-file").setInputFiles(backup);
await page.getByTestId("file-summary").waitFor();
const checked = Date.now() - t0;
t0 = Date.now();
await page.getByRole("button", { name: "Import", exact: true }).click();
await page.getByText(/Import finished/).waitFor();
console.log(`${label} | backup read and checked: ${checked} ms; written in one transaction: ${Date.now() - t0} ms`);

const countText = () => document.querySelector("[data-testid=result-count]")?.textContent ?? "";

// Customers: cold open (reload on the page: database open, read, grade, first rows).
const cold = [];
for (let i = 0; i < RUNS; i++) {
  await page.goto(url + "#/customers");
  await page.reload();
  await page.getByTestId("customer-row").first().waitFor();
  cold.push(await page.evaluate(() => performance.now()));
}
report("customers: reload until the first rows show", cold);

const nav = [];
for (let i = 0; i < RUNS; i++) {
  await page.goto(url + "#/");
  await page.getByText("Weighted pipeline").waitFor();
  nav.push(await timed(page, () => { location.hash = "#/customers"; }, () => !!document.querySelector("[data-testid=customer-row]")));
}
report("customers: open from the dashboard", nav);

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

await browser.close();
server.kill();
