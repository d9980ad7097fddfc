#!/usr/bin/env bash
# Renders an HTML report in headless Chromium (Debian package `chromium`) to a PNG screenshot
# and to a PDF on A4, and fails when Chromium reports an error, the page runs a script, or the
# outputs are missing or empty.
#
#   scripts/browser/render_check.sh REPORT.html OUT.png [OUT.pdf]
#
# Exit codes: 0 rendered; 1 rendering failed or the page misbehaved; 2 bad usage; 77 Chromium
# is not installed (callers treat 77 as "skipped", the Automake convention).
set -u
if [ $# -lt 2 ]; then echo "usage: $0 REPORT.html OUT.png [OUT.pdf]" >&2; exit 2; fi
html=$1; png=$2; pdf=${3:-${png%.png}.pdf}
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then echo "render_check: chromium is not installed (apt-get install -y chromium)" >&2; exit 77; fi
[ -f "$html" ] || { echo "render_check: $html: no such file" >&2; exit 2; }
log=$(mktemp); profile=$(mktemp -d)
trap 'rm -rf "$log" "$profile"' EXIT
url="file://$(cd "$(dirname "$html")" && pwd)/$(basename "$html")"
common=(--headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$profile" --disable-extensions
        --virtual-time-budget=3000 --hide-scrollbars)
rm -f "$png" "$pdf"
timeout 120 "$browser" "${common[@]}" --window-size=1280,2000 --screenshot="$png" "$url" >"$log" 2>&1
status=$?
timeout 120 "$browser" "${common[@]}" --no-pdf-header-footer --print-to-pdf="$pdf" "$url" >>"$log" 2>&1 || status=$?
if [ $status -ne 0 ]; then echo "render_check: chromium exited with $status" >&2; cat "$log" >&2; exit 1; fi
# Chromium's own errors about the page (not the sandbox, D-Bus or GPU noise of a headless box).
if grep -E "Uncaught|SyntaxError|Failed to load resource|net::ERR_" "$log" >&2; then
  echo "render_check: the page produced errors (above)" >&2; exit 1
fi
# With scripts enabled, the parsed page must hold no <script> element: ledger text that says
# "<script>" must have been escaped into text.
dom=$(timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$profile" --dump-dom "$url" 2>>"$log")
if printf '%s' "$dom" | grep -qi '<script'; then echo "render_check: the page contains a <script> element" >&2; exit 1; fi
if [ -z "$dom" ]; then echo "render_check: chromium returned no DOM" >&2; cat "$log" >&2; exit 1; fi
for out in "$png" "$pdf"; do
  if [ ! -s "$out" ]; then echo "render_check: $out was not written" >&2; cat "$log" >&2; exit 1; fi
done
# A PNG starts with its 8-byte signature; a PDF with %PDF.
head -c 8 "$png" | od -An -tx1 | tr -d ' \n' | grep -q '^89504e470d0a1a0a$' || { echo "render_check: $png is not a PNG" >&2; exit 1; }
head -c 4 "$pdf" | grep -q '%PDF' || { echo "render_check: $pdf is not a PDF" >&2; exit 1; }
echo "render_check: rendered $html to $png and $pdf"
