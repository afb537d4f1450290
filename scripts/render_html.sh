#!/usr/bin/env bash
# Renders Quarry's HTML view of a document with headless Chromium to a PNG: what a person sees
# when they open `quarry run RULES INPUT -f html > page.html` in a browser.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: scripts/render_html.sh [options] [RULES [INPUT...]]

Runs `quarry run RULES INPUT... -f html` and renders the page with headless Chromium to a PNG.
It builds nothing: build quarry first (swift build -c release --product quarry).

Defaults (relative to the repository): RULES Rules/news.quarry, INPUT
../shared/data/seed/blinken-seoul.txt (Examples/blinken-seoul.txt, the same article, when
../shared is absent), output docs/images/seed-html.png.

options:
  -o, --output PNG        where to write the picture (default docs/images/seed-html.png)
  --html FILE             keep the page there too (default: a temporary file, removed)
  --window-size W,H       the picture's size in pixels (default 1200,2400); Chromium captures
                          the top W x H of the page, so raise H to see all of a long page
  --zoom N                render as at N x browser zoom (2 = 200%): a viewport N times
                          narrower, drawn with N times the pixels; the picture stays W x H
  -h, --help              this text

environment:
  QUARRY    the quarry binary (default .build/release/quarry in the repository)
  CHROMIUM  the browser (default: chromium, else chromium-browser, on the PATH)
EOF
}

root=$(cd "$(dirname "$0")/.." && pwd)
output="$root/docs/images/seed-html.png"
keep_html=""
window="1200,2400"
zoom=1
positional=()
# Paths given by the caller are made absolute before quarry runs from the repository root.
absolute() { case "$1" in /*|-) printf '%s\n' "$1" ;; *) printf '%s\n' "$PWD/$1" ;; esac; }

while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    -o|--output) output=$(absolute "${2:?--output needs a file}"); shift 2 ;;
    --html) keep_html=$(absolute "${2:?--html needs a file}"); shift 2 ;;
    --window-size) window=${2:?--window-size needs W,H}; shift 2 ;;
    --zoom) zoom=${2:?--zoom needs a number}; shift 2 ;;
    --) shift; while [ $# -gt 0 ]; do positional+=("$(absolute "$1")"); shift; done ;;
    -*) echo "render_html.sh: unknown option $1 (see --help)" >&2; exit 64 ;;
    *) positional+=("$(absolute "$1")"); shift ;;
  esac
done

if ! [[ "$window" =~ ^[0-9]+,[0-9]+$ ]]; then
  echo "render_html.sh: --window-size takes W,H in pixels, e.g. 1200,2400 (got $window)" >&2; exit 64
fi
if ! [[ "$zoom" =~ ^[1-9][0-9]*$ ]]; then
  echo "render_html.sh: --zoom takes a whole number, e.g. 2 for 200% (got $zoom)" >&2; exit 64
fi

quarry=${QUARRY:-$root/.build/release/quarry}
if [ ! -x "$quarry" ]; then
  echo "render_html.sh: no quarry binary at $quarry; build it with 'swift build -c release --product quarry' or set QUARRY" >&2
  exit 2
fi
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$chromium" ] || [ ! -x "$chromium" ]; then
  echo "render_html.sh: chromium is not installed (Debian: apt-get install chromium) and CHROMIUM is not set" >&2
  exit 2
fi

cd "$root"
rules=Rules/news.quarry
inputs=()
if [ ${#positional[@]} -gt 0 ]; then
  rules=${positional[0]}
  inputs=("${positional[@]:1}")
fi
if [ ${#inputs[@]} -eq 0 ]; then
  if [ -f ../shared/data/seed/blinken-seoul.txt ]; then
    inputs=(../shared/data/seed/blinken-seoul.txt)
  else
    echo "render_html.sh: ../shared/data/seed/blinken-seoul.txt is absent; using Examples/blinken-seoul.txt" >&2
    inputs=(Examples/blinken-seoul.txt)
  fi
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/quarry-render.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
page=${keep_html:-$scratch/page.html}
"$quarry" run "$rules" "${inputs[@]}" -f html > "$page"

width=${window%,*}
height=${window#*,}
mkdir -p "$(dirname "$output")"
rm -f "$output"
# --no-sandbox: Chromium refuses to run as root otherwise (containers, CI); the page is our
# own output and fetches nothing (its Content-Security-Policy forbids it).
if ! "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
      --disable-extensions --user-data-dir="$scratch/profile" \
      --force-device-scale-factor="$zoom" --window-size="$((width / zoom)),$((height / zoom))" \
      --screenshot="$output" "file://$page" > "$scratch/chromium.log" 2>&1 || [ ! -s "$output" ]; then
  echo "render_html.sh: chromium failed; its output:" >&2
  tail -n 20 "$scratch/chromium.log" >&2
  exit 1
fi
echo "wrote $output ($width x $height pixels, zoom $zoom)${keep_html:+ and $keep_html}"
