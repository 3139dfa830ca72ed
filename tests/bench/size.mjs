// Where the wasm's bytes go (run by `bash .ci/bench`): reads `twiggy top -f csv` of the release
// build before wasm-opt (it still has function names) and prints the top 20 crates and the top
// 20 functions by their own size. Generic code is counted under the crate that defines it
// (a Leptos view's `Render::build` for one of our view types counts as `tachys`).
import { readFileSync } from "node:fs";

const rows = readFileSync(0, "utf8").trim().split("\n").slice(1).map((line) => {
  const m = line.match(/^"?(.*?)"?,(\d+),/);
  return m && { name: m[1].replace(/""/g, '"'), bytes: Number(m[2]) };
}).filter((r) => r && !/function names|custom section|^Σ|^\.\.\. and/.test(r.name));
const total = rows.reduce((n, r) => n + r.bytes, 0);
const crateOf = (name) => {
  const generic = name.match(/^<&?(?:mut )?[A-Z]\w* as (\w+)::/);
  if (generic) return generic[1];
  const m = name.replace(/^[<&]+/, "").replace(/^(dyn|impl|mut) /, "").match(/^[A-Za-z_]\w*/);
  if (!m) return "(other)";
  if (m[0] === "data") return "(data segments: string and table constants)";
  if (m[0] === "export" || m[0] === "import" || m[0] === "elem") return "(wasm exports, imports, tables)";
  return m[0];
};
const byCrate = new Map();
for (const r of rows) byCrate.set(crateOf(r.name), (byCrate.get(crateOf(r.name)) ?? 0) + r.bytes);
const pct = (n) => ((100 * n) / total).toFixed(1).padStart(5) + " %";
const kib = (n) => (n / 1024).toFixed(0).padStart(6) + " KiB";
console.log(`size | code and data before wasm-opt: ${kib(total)} (wasm-opt -Oz then removes about a quarter)`);
console.log("size | top 20 crates:");
for (const [name, n] of [...byCrate].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`size |   ${kib(n)} ${pct(n)}  ${name}`);
console.log("size | top 20 functions:");
for (const r of [...rows].sort((a, b) => b.bytes - a.bytes).slice(0, 20)) console.log(`size |   ${kib(r.bytes)} ${pct(r.bytes)}  ${r.name.slice(0, 110)}`);
