#!/usr/bin/env bash
# Refresh the vendored front-end packages from the npm registry (pinned in assets/package-lock.json).
# The built files are committed, so installing Kernfoto needs no npm and no CDN:
#   src/kernfoto/web/static/vendor/   NL Design System CSS (Utrecht component library), Vega, Vega-Lite, vega-embed
#   tests/assets/axe.min.js           axe-core, for the accessibility tests only
set -euo pipefail
cd "$(dirname "$0")/.."
(cd assets && npm ci --no-audit --no-fund)
out=src/kernfoto/web/static/vendor
mkdir -p "$out/nlds" "$out/vega" tests/assets
nm=assets/node_modules
cp "$nm/@utrecht/component-library-css/dist/index.css" "$out/nlds/utrecht-component-library.css"
cp "$nm/@utrecht/component-library-css/LICENSE.md" "$out/nlds/LICENSE.md" 2>/dev/null || cp "$nm/@utrecht/component-library-css/package.json" "$out/nlds/package.json"
cp "$nm/vega/build/vega.min.js" "$nm/vega-lite/build/vega-lite.min.js" "$nm/vega-embed/build/vega-embed.min.js" "$out/vega/"
for p in vega vega-lite vega-embed; do cp "$nm/$p/LICENSE" "$out/vega/LICENSE-$p" 2>/dev/null || true; done
cp "$nm/axe-core/axe.min.js" tests/assets/axe.min.js
cp "$nm/axe-core/LICENSE" tests/assets/LICENSE-axe-core 2>/dev/null || true
node -e 'const l=require("./assets/package-lock.json");for(const [k,v] of Object.entries(l.packages)){if(/node_modules\/(@utrecht\/component-library-css|vega|vega-lite|vega-embed|axe-core)$/.test(k))console.log(k.replace("node_modules/",""),v.version)}' > "$out/VERSIONS.txt"
cat "$out/VERSIONS.txt"
