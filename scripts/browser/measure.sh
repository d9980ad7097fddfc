#!/usr/bin/env bash
# Measures a report's layout in headless Chromium (Debian package `chromium`): prints one line
# per measured box, `NAME top bottom width`, CSS pixels at the given window size, with `page`
# the whole document. The report itself has no script: a copy with a measuring script appended
# is rendered, and Chromium's --dump-dom returns the numbers that script wrote into the DOM.
#
#   scripts/browser/measure.sh REPORT.html [WIDTH HEIGHT] [ELEMENT-ID ...]
#
# Exit codes: 0 measured; 1 Chromium failed; 2 bad usage; 77 Chromium is not installed.
set -u
if [ $# -lt 1 ]; then echo "usage: $0 REPORT.html [WIDTH HEIGHT] [ELEMENT-ID ...]" >&2; exit 2; fi
html=$1; shift
width=${1:-1400}; height=${2:-1000}; [ $# -ge 2 ] && shift 2
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then echo "measure: chromium is not installed (apt-get install -y chromium)" >&2; exit 77; fi
[ -f "$html" ] || { echo "measure: $html: no such file" >&2; exit 2; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
ids=""; for id in "$@"; do ids="$ids\"$id\","; done
{ sed 's#</body>##; s#</html>##' "$html"
  cat <<SCRIPT
<script>
(function () {
  var out = ["page 0 " + document.documentElement.scrollHeight + " " + document.documentElement.scrollWidth];
  [${ids}].forEach(function (id) {
    var e = document.getElementById(id);
    if (!e) { out.push(id + " missing"); return; }
    var r = e.getBoundingClientRect();
    out.push(id + " " + Math.round(r.top + scrollY) + " " + Math.round(r.bottom + scrollY) + " " + Math.round(r.width));
  });
  var pre = document.createElement("pre"); pre.id = "attest-measure"; pre.textContent = "\n" + out.join("\n") + "\n";
  document.body.appendChild(pre);
})();
</script></body></html>
SCRIPT
} > "$work/page.html"
dom=$(timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$work/profile" \
  --hide-scrollbars --window-size="$width,$height" --virtual-time-budget=3000 --dump-dom "file://$work/page.html" 2>"$work/log")
status=$?
if [ $status -ne 0 ] || [ -z "$dom" ]; then echo "measure: chromium exited with $status" >&2; cat "$work/log" >&2; exit 1; fi
printf '%s\n' "$dom" | sed -n '/<pre id="attest-measure">/,/<\/pre>/p' | sed '1d;$d'
