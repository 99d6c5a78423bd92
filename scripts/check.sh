#!/usr/bin/env bash
# The whole check a commit must pass: typecheck, lint, tests. Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
npx tsc -p tsconfig.json --noEmit || { echo "typecheck failed"; status=1; }
npx biome check . || { echo "lint failed"; status=1; }
rm -f .vitest.json
npx vitest run --reporter=default --reporter=json --outputFile=.vitest.json || status=1
if [ -f .vitest.json ]; then
  node -e "const r=require('./.vitest.json');console.log(r.numPassedTests+' passed, '+r.numFailedTests+' failed'+(r.numPendingTests?', '+r.numPendingTests+' skipped':''))"
else
  echo "0 passed, 1 failed"
  status=1
fi
exit $status
