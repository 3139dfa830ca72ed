// Trunk post-build hook (Trunk.toml): writes the build's file list and version into the
// service worker, so it caches every file of dist/ when it installs and a new build is a new
// worker. The version is a digest of the files' names and contents: the same build, the same
// version. Runs with Node, which the build already needs for wasm-opt.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

const root = process.env.TRUNK_STAGING_DIR;
if (!root) throw new Error("precache.mjs runs as a Trunk hook (TRUNK_STAGING_DIR is not set)");

const files = [];
(function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else files.push(relative(root, path).split(sep).join("/"));
  }
})(root);
const cached = files.filter((f) => f !== "sw.js" && f !== "index.html").sort();

const digest = createHash("sha256");
for (const f of ["index.html", ...cached]) digest.update(f).update("\0").update(readFileSync(join(root, f))).update("\0");
const version = digest.digest("hex").slice(0, 16);

const swPath = join(root, "sw.js");
const before = readFileSync(swPath, "utf8");
const after = before
  .replace(/^const VERSION = .*;$/m, `const VERSION = ${JSON.stringify(version)};`)
  .replace(/^const FILES = .*;$/m, `const FILES = ${JSON.stringify(cached)};`);
if (!after.includes(version) || !after.includes("const FILES = [\"")) throw new Error("sw.js: VERSION / FILES lines not found");
writeFileSync(swPath, after);
console.log(`service worker: version ${version}, ${cached.length} files + the page precached`);
