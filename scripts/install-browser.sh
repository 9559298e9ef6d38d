#!/bin/sh
# Installs Debian's chromium for the browser tests (test/serve/) when /usr/bin/chromium is missing.
# Idempotent: does nothing when it is there. Playwright cannot download its own browser builds here,
# so the tests drive this one (playwright-core, executablePath /usr/bin/chromium).
set -eu
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium
/usr/bin/chromium --version
