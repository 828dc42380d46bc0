#!/bin/sh
# Make sure headless Chromium (the Debian package) is installed for the browser tests.
# Safe to run repeatedly; prints the path of the chromium binary.
set -e
if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" != 0 ]; then
        echo "ensure_chromium: chromium is missing and we are not root; run: apt-get install -y chromium" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 || {
        apt-get update >/dev/null 2>&1
        apt-get install -y --no-install-recommends chromium >/dev/null
    }
fi
command -v chromium
