#!/usr/bin/env bash
# Debian's Chromium for the web-page tests (Playwright drives /usr/bin/chromium; no browser download).
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
chromium --version
