#!/usr/bin/env bash
# The whole test run: static checks first, then every vitest suite (unit, integration, e2e in Chromium).
# Its last line is vitest's summary reporter: "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-chromium.sh
echo "== lint"; npx eslint .
echo "== typecheck"; npx tsc -p tsconfig.json
echo "== svelte-check"; npx svelte-check --tsconfig ./tsconfig.json --threshold error --output human
echo "== licences"; node scripts/licences.mjs --check
echo "== build"; npx electron-vite build --config electron.config.ts >/dev/null
echo "== tests"; npx vitest run
