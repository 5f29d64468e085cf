#!/usr/bin/env bash
# Installs what the explorer's browser test needs, if missing: Debian's Chromium and playwright-core (from npm, at the
# version pinned in vaekit-ui/src/test/browser/package-lock.json). Idempotent; run by scripts/test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v chromium > /dev/null 2>&1; then
  echo "installing Debian's chromium for the browser test..." >&2
  sudo_cmd=""
  if [ "$(id -u)" != 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq > /dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends chromium > /dev/null
fi
browser=vaekit-ui/src/test/browser
if [ ! -d "$browser/node_modules/playwright-core" ]; then
  echo "installing playwright-core for the browser test..." >&2
  (cd "$browser" && npm ci --no-audit --no-fund --loglevel=error > /dev/null)
fi
