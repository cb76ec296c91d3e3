#!/usr/bin/env bash
# System packages the test suite needs: Debian's PostgreSQL server binaries, poppler-utils.
# Installs only what is missing; needs root (or sudo) the first time on a bare machine.
set -euo pipefail

need=()
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  need+=(postgresql)
fi
# poppler-utils: pdftoppm/pdftotext, to check that briefings render (tests/io/test_briefing.py)
if ! command -v pdftoppm >/dev/null 2>&1; then
  need+=(poppler-utils)
fi

# the web app: npm for its front-end libraries (make assets), Chromium + a Cyrillic font for the browser tests
command -v npm >/dev/null 2>&1 || need+=(npm)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -d /usr/share/fonts/truetype/dejavu ] || need+=(fonts-dejavu-core)

if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing Debian packages: ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
