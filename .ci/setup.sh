# Sourced by .ci/serve and .ci/test: installs what is missing, skips what is present.
# Everything comes from the package registries (crates.io, npm, Debian); nothing from GitHub
# or a CDN. Trunk is pinned to the installed wasm-bindgen and wasm-opt (Trunk.toml [tools]).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$ROOT/.ci/tools/node_modules/.bin:$PATH"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

need_wasm_target() {
  rustup target list --installed | grep -qx wasm32-unknown-unknown \
    || { step "adding the wasm32 target"; rustup target add wasm32-unknown-unknown; }
}

need_trunk() {
  trunk --version 2>/dev/null | grep -q ' 0\.21\.14' \
    || { step "installing trunk 0.21.14 (a few minutes, once)"; cargo install --locked trunk@0.21.14; }
}

need_wasm_bindgen() {
  local version
  version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock)"
  wasm-bindgen --version 2>/dev/null | grep -q " $version\$" \
    || { step "installing wasm-bindgen-cli $version (matches Cargo.lock)"; cargo install wasm-bindgen-cli@"$version"; }
}

need_wasm_opt() {
  [ -x .ci/tools/node_modules/.bin/wasm-opt ] \
    || { step "installing wasm-opt (npm binaryen)"; (cd .ci/tools && npm ci --no-audit --no-fund); }
}

need_chromium() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    step "installing Chromium and ChromeDriver (Debian)"
    $SUDO apt-get update
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
  fi
}

need_e2e_packages() {
  [ -f tests/e2e/node_modules/@playwright/test/package.json ] \
    || { step "installing Playwright (no browser download: tests use Debian's Chromium)";
         (cd tests/e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund); }
}

need_build_tools() {
  need_wasm_target
  need_trunk
  need_wasm_bindgen
  need_wasm_opt
}
