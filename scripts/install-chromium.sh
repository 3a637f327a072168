#!/usr/bin/env bash
# Installs Debian's Chromium and ChromeDriver for the browser test of the filing page
# (service/tests/browser.rs). Idempotent: does nothing when chromium is already there.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then SUDO="sudo"; fi
(command -v chromium >/dev/null && command -v chromedriver >/dev/null) || ($SUDO apt-get update && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver)
