#!/usr/bin/env bash
# Makes Debian's Chromium available for the browser tests (the trust page and the HTML statement
# are checked in a real headless browser). playwright-core drives it; it never downloads a browser
# of its own. Installs the `chromium` package when /usr/bin/chromium is missing and apt-get can be
# used (root, or passwordless sudo); otherwise says why, and the browser tests fail with that reason.
set -uo pipefail
chromium=${VOUCH_CHROMIUM:-/usr/bin/chromium}
if [ -x "$chromium" ] && "$chromium" --version >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium: $chromium is missing and apt-get is not available: install Chromium and set VOUCH_CHROMIUM" >&2
  exit 1
fi
as_root=()
if [ "$(id -u)" != "0" ]; then
  if sudo -n true 2>/dev/null; then as_root=(sudo -n); else
    echo "chromium: $chromium is missing and installing it needs root: run 'apt-get install chromium' as root" >&2
    exit 1
  fi
fi
echo "chromium: installing Debian's chromium package (about a minute, once per machine)"
"${as_root[@]}" apt-get update -qq >/dev/null 2>&1
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq chromium >/dev/null 2>&1
if [ -x "$chromium" ] && "$chromium" --version >/dev/null 2>&1; then
  echo "chromium: $("$chromium" --version)"
  exit 0
fi
echo "chromium: apt-get did not leave a working $chromium" >&2
exit 1
