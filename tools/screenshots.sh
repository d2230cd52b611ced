#!/usr/bin/env bash
# Screenshots of the sample's editions in real readers (not run by CI).
#
#   tools/screenshots.sh [OUT_DIR]        (default: out/screenshots)
#
# Renders seeds/2025-10-09-putin-aliyev-dushanbe.ru.txt through whatever Argos model
# ARGOS_PACKAGES_DIR holds (default /tmp/argos-dev: the tests' tiny word-for-word TEST DOUBLE,
# so the English in these pictures is NOT a translation — it only shows the layout), with a
# citation, publisher and rights set on the document, in both EPUB layouts at paragraph
# granularity and side by side at sentence granularity. Then, under Xvfb:
#   fbreader-*.png   FBReader (Debian's 0.12: weak CSS, no table layout)
#   foliate-*.png    Foliate (WebKit, a browser engine)
#   phone-*.png      Chromium at 400 px wide (headless), the interleaved and the side-by-side text
#   docx-*.png       the DOCX through LibreOffice (soffice → PDF → pdftoppm)
# Needs: Xvfb, xdotool, ImageMagick (import), fbreader, foliate, dbus-run-session, chromium,
# soffice, pdftoppm, unzip. Every process it starts is stopped by its own pid.
# Run it in the foreground of a terminal: started from a detached background job, FBReader
# draws a stray "-" after every word (seen here; FBReader's drawing, not the book's).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$(mkdir -p "${1:-$ROOT/out/screenshots}" && cd "${1:-$ROOT/out/screenshots}" && pwd)"
SEED="$ROOT/seeds/2025-10-09-putin-aliyev-dushanbe.ru.txt"
STEM="$(basename "$SEED" .txt)"
WORK="$(mktemp -d)"
export ARGOS_PACKAGES_DIR="${ARGOS_PACKAGES_DIR:-/tmp/argos-dev}"
export BILINGUAL_CACHE_DIR="${BILINGUAL_CACHE_DIR:-$WORK/cache}"
export HOME="$WORK/home"   # the readers' settings and state stay in the scratch folder
mkdir -p "$HOME"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
BILINGUAL="${BILINGUAL:-$ROOT/.venv/bin/bilingual}"
PIDS=()

cleanup() {
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== editions (model: $ARGOS_PACKAGES_DIR — the tests' TEST DOUBLE unless you point it at a real model)"
"$BILINGUAL" translate "$SEED" -o "$WORK/ed" -f json -q --no-install
"$PY" - "$WORK/ed/$STEM.json" <<'EOF'
import sys
from bilingual.model import Document
path = sys.argv[1]
doc = Document.load(path)
doc.meta.source = "NEWS.ru, 9 October 2025"
doc.meta.publisher = "bilingual (screenshot sample)"
doc.meta.rights = "Sample for screenshots; the English is a test double's word-for-word output, not a translation"
doc.save(path)
EOF
"$BILINGUAL" render "$WORK/ed/$STEM.json" -o "$WORK/ed" --layout both -q
"$BILINGUAL" render "$WORK/ed/$STEM.json" -o "$WORK/sent" --layout side-by-side --granularity sentence -f epub -q
SBS="$WORK/ed/$STEM.epub"
INTER="$WORK/ed/$STEM.interleaved.epub"
SENT="$WORK/sent/$STEM.epub"
cp "$SBS" "$OUT/sample.side-by-side.epub"; cp "$INTER" "$OUT/sample.interleaved.epub"
cp "$SENT" "$OUT/sample.sentence.epub"; cp "$WORK/ed/$STEM.docx" "$OUT/sample.docx"

echo "== Xvfb"
DISPLAY_NUM=":$(( 90 + RANDOM % 9 ))"
Xvfb "$DISPLAY_NUM" -screen 0 1280x1000x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
PIDS+=("$!")
export DISPLAY="$DISPLAY_NUM"
sleep 2

shoot() { import -window root "$OUT/$1"; echo "   $OUT/$1"; }
fit() {  # make the reader's visible windows fill the screen (there is no window manager)
  for w in $(xdotool search --onlyvisible --name "$1" 2>/dev/null); do xdotool windowmove "$w" 0 0 windowsize "$w" 1280 1000 || true; done
  sleep 2
}
scroll() { xdotool mousemove 640 500; for _ in $(seq "$1"); do xdotool click 5; sleep 0.3; done; sleep 1; }

fbreader_shots() {  # $1 = book, $2 = name
  local home="$WORK/fbreader-$2"   # a fresh home each time, with the settings below
  mkdir -p "$home"; cp -r "$FBHOME/.FBReader" "$home/"
  HOME="$home" fbreader "$1" >"$WORK/fbreader.log" 2>&1 &
  local pid=$!
  sleep 7; fit "FBReader"; shoot "fbreader-$2-1.png"
  scroll 6; shoot "fbreader-$2-2.png"
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
}

echo "== FBReader"
# FBReader's settings written beforehand, and a fresh home per session: on a first start
# without them (its "migration"), on a second session in the same home, and when started from
# a detached job, it draws a stray "-" after every word (FBReader's drawing, not the book's)
FBHOME="$WORK/fbreader-home"   # the settings each session starts from
mkdir -p "$FBHOME/.FBReader"
cat >"$FBHOME/.FBReader/config.changes" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<config>
  <group name="LastState"><option name="Valid" value="true" category="state"/></group>
  <group name="Version"><option name="FBReaderVersion" value="0.12.10" category="system"/></group>
</config>
EOF
fbreader_shots "$SBS" side-by-side
fbreader_shots "$SENT" sentence

echo "== Foliate"
foliate_shots() {  # $1 = book, $2 = name
  # foliate needs a session bus; the inner shell records foliate's own pid to stop it by
  # each session gets a home of its own: the two editions share their source, and a second
  # session reusing the first one's saved state stayed on its loading spinner
  mkdir -p "$WORK/foliate-$2"
  HOME="$WORK/foliate-$2" dbus-run-session -- sh -c 'foliate "$1" & echo $! > "$2"; wait' _ "$1" "$WORK/foliate.pid" \
    >"$WORK/foliate.log" 2>&1 &
  local pid=$!
  sleep 5; fit "."; sleep 30; shoot "foliate-$2-1.png"   # resized before the book is laid out
  for w in $(xdotool search --onlyvisible --name "." 2>/dev/null); do xdotool windowfocus "$w" 2>/dev/null || true; done
  xdotool mousemove 640 500 click 1; sleep 1; xdotool key Right; sleep 3; shoot "foliate-$2-2.png"
  xdotool key Right; sleep 3; shoot "foliate-$2-3.png"
  kill "$(cat "$WORK/foliate.pid")" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
}
foliate_shots "$SBS" side-by-side
foliate_shots "$SENT" sentence

echo "== Chromium at phone width"
for ed in interleaved side-by-side; do
  book="$INTER"; [ "$ed" = side-by-side ] && book="$SBS"
  mkdir -p "$WORK/unz-$ed"; unzip -q -o "$book" -d "$WORK/unz-$ed"
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=400,1600 \
    --screenshot="$OUT/phone-$ed.png" "file://$WORK/unz-$ed/EPUB/article.xhtml" >"$WORK/chromium.log" 2>&1
  echo "   $OUT/phone-$ed.png"
done

echo "== DOCX through LibreOffice"
soffice --headless --convert-to pdf --outdir "$WORK/pdf" "$WORK/ed/$STEM.docx" >"$WORK/soffice.log" 2>&1
pdftoppm -png -r 70 -f 1 -l 3 "$WORK/pdf/$STEM.pdf" "$OUT/docx"
ls "$OUT"/docx-*.png

echo "done: $OUT"
