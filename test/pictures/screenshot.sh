#!/bin/sh
# screenshot.sh CHECK_PNG FILE.html OUT.png [check_png options...]
# The HTML page as a person sees it in a browser: headless Chromium (Debian chromium) takes a
# screenshot of the whole page offline, then check_png (test/pictures/check_png.c) looks at it.
check=$1; in=$2; png=$3; shift 3
browser=$(command -v chromium || command -v chromium-browser) ||
  { echo "chromium not found: ci/deps installs it"; exit 1; }
[ -s "$in" ] || { echo "$in: missing or empty"; exit 1; }
profile=$(mktemp -d) || exit 1
trap 'rm -rf "$profile"' EXIT
rm -f "$png"
case $in in /*) url=file://$in ;; *) url=file://$PWD/$in ;; esac
# --no-sandbox: CI runs as root; no network is needed (the page is self-contained: render.sh checks)
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
  --user-data-dir="$profile" --window-size=1280,2400 --screenshot="$png" "$url" >/dev/null 2>&1
[ -s "$png" ] || { echo "chromium wrote no screenshot of $in"; exit 1; }
"$check" "$png" "$@"
