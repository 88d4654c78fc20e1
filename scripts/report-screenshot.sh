#!/usr/bin/env bash
# report-screenshot.sh: renders an HTML report (ridge report --format html) to a PNG with
# headless Chromium, to look at the page the way a browser shows it.
#
#   scripts/report-screenshot.sh REPORT.html OUT.png [HEIGHT]
#
# The window is 1400 pixels wide and HEIGHT tall (default 2400): the screenshot is the top
# HEIGHT pixels of the page, so give more for a long report. Installs Debian's chromium when
# it is missing (as root; otherwise says how). Needs no network: the report is self-contained,
# and Chromium's own background traffic (updates, sync, metrics) is switched off.
# Exit status: 0 written, 1 Chromium missing or failed, 2 bad arguments.
set -euo pipefail

me=report-screenshot.sh
usage() {
  echo "$me: $1 (usage: $me REPORT.html OUT.png [HEIGHT])" >&2
  exit 2
}

if [ $# -lt 2 ] || [ $# -gt 3 ]; then usage "expected 2 or 3 arguments, got $#"; fi
html=$1
png=$2
height=${3:-2400}
if [ ! -f "$html" ] || [ ! -r "$html" ]; then usage "cannot read $html"; fi
case $png in
  *.png) ;;
  *) usage "the output must end in .png: $png" ;;
esac
[ -d "$(dirname -- "$png")" ] || usage "no folder for $png"
case $height in
  '' | *[!0-9]*) usage "HEIGHT must be a number of pixels: $height" ;;
esac
if [ "$height" -lt 200 ] || [ "$height" -gt 30000 ]; then
  usage "HEIGHT out of 200..30000: $height"
fi

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "$me: chromium is not installed (run as root, or: sudo apt-get install chromium)" >&2
    exit 1
  fi
  echo "$me: installing chromium" >&2
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium; } \
    >/dev/null 2>&1; then
    echo "$me: could not install chromium with apt-get (no network or no package source?)" >&2
    exit 1
  fi
  browser=$(command -v chromium)
fi

abs_html=$(cd -- "$(dirname -- "$html")" && pwd)/$(basename -- "$html")
abs_png=$(cd -- "$(dirname -- "$png")" && pwd)/$(basename -- "$png")
profile=$(mktemp -d)
trap 'rm -rf -- "$profile"' EXIT
rm -f -- "$abs_png"

# --no-sandbox: Chromium's sandbox needs user namespaces, which containers and root lack.
if ! "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --user-data-dir="$profile" --no-first-run --no-default-browser-check \
  --disable-extensions --disable-sync --disable-background-networking \
  --disable-component-update --disable-default-apps --metrics-recording-only \
  --force-device-scale-factor=1 --window-size="1400,$height" \
  --screenshot="$abs_png" "file://$abs_html" >"$profile/log" 2>&1 || [ ! -s "$abs_png" ]; then
  echo "$me: chromium did not write $png; its output:" >&2
  tail -n 5 "$profile/log" >&2
  exit 1
fi
echo "$png: 1400x$height screenshot of $html"
