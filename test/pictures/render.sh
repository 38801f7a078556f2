#!/bin/sh
# render.sh CHECK_PNG FILE.svg|FILE.html OUT.png [check_png options...]
# Render a picture headless as a person would see it: an SVG with rsvg-convert (Debian
# librsvg2-bin); for an HTML page, the page must be self-contained (no script, no stylesheet,
# font or image fetched from elsewhere) and its inline <svg> pictures are rendered. Then check the
# PNG (test/pictures/check_png.c).
check=$1; in=$2; png=$3; shift 3
command -v rsvg-convert >/dev/null || { echo "rsvg-convert not found: ci/deps installs librsvg2-bin"; exit 1; }
[ -s "$in" ] || { echo "$in: missing or empty"; exit 1; }
svg=$in
case $in in
*.html)
  if grep -Eiq '<script|<link|<iframe|<img|@import|url\(|src=' "$in"; then
    echo "$in: not self-contained:"; grep -Ein '<script|<link|<iframe|<img|@import|url\(|src=' "$in" | head; exit 1
  fi
  if grep -Eo 'https?://[^" ]*' "$in" | grep -vq '^http://www.w3.org/2000/svg$'; then
    echo "$in: refers to the network:"; grep -Eo 'https?://[^" ]*' "$in" | sort -u; exit 1
  fi
  svg=$png.svg
  sed -n '/<svg/,/<\/svg>/p' "$in" > "$svg"
  [ -s "$svg" ] || { echo "$in: no inline <svg> picture"; exit 1; }
  ;;
esac
if grep -Eiq '<script|<image|@import|url\(|xlink:href' "$svg"; then
  echo "$svg: not self-contained (script, image or external reference)"; exit 1
fi
rm -f "$png"
rsvg-convert "$svg" -o "$png" || { echo "rsvg-convert failed on $svg"; exit 1; }
exec "$check" "$png" "$@"
