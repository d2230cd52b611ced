#!/usr/bin/env bash
# Screenshots of the sample's editions in real readers (not run by CI).
#
#   tools/screenshots.sh [OUT_DIR]        (default: out/screenshots)
#   READERS="okular foliate" tools/screenshots.sh   (only those: fbreader okular mupdf
#                                                    calibre foliate chromium docx)
#
# Renders seeds/2025-10-09-putin-aliyev-dushanbe.ru.txt through whatever Argos model
# ARGOS_PACKAGES_DIR holds (default /tmp/argos-dev: the tests' tiny word-for-word TEST DOUBLE,
# so the English in these pictures is NOT a translation — it only shows the layout), with
# author, translator, source, publisher and rights given on the command line, in both EPUB
# layouts (`--layout both`) and side by side at sentence granularity. Then, under one Xvfb:
#   fbreader-*.png   FBReader (Debian's 0.12: weak CSS and NO table layout — its XHTML reader
#                    makes every <td> a paragraph, so the side-by-side edition reads as
#                    Russian paragraph, English paragraph; it cannot show two columns)
#   okular-*.png     Okular's EPUB backend (okular-extra-backends; Qt's QTextDocument:
#                    HTML tables, little CSS)
#   mupdf-*.png      mutool draw (MuPDF 1.21's HTML engine; no window needed)
#   calibre-*.png    calibre's ebook-viewer (QtWebEngine, a browser engine), 1280x900 and the
#                    interleaved edition at 420x860
#   foliate-*.png    Foliate (WebKit, a browser engine), 1280x900 and interleaved at 420x860
#   phone-*.png      Chromium at 400 px wide (headless), the interleaved and side-by-side text
#   docx-*.png       the DOCX through LibreOffice (soffice → PDF → pdftoppm), pages 1–4
#   metadata.txt     the OPF's metadata and the DOCX core properties
# A reader that is not installed is skipped (apt-get install fbreader okular
# okular-extra-backends mupdf-tools calibre foliate chromium libreoffice-writer poppler-utils
# xvfb xdotool imagemagick dbus). Every process it starts is stopped by its own pid.
# FBReader draws a stray "-" after every word here (also under a pty via script(1), with a
# fresh settings folder): FBReader's drawing, not the book's.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$(mkdir -p "${1:-$ROOT/out/screenshots}" && cd "${1:-$ROOT/out/screenshots}" && pwd)"
SEED="$ROOT/seeds/2025-10-09-putin-aliyev-dushanbe.ru.txt"
STEM="$(basename "$SEED" .txt)"
WORK="$(mktemp -d)"
export ARGOS_PACKAGES_DIR="${ARGOS_PACKAGES_DIR:-/tmp/argos-dev}"
export BILINGUAL_CACHE_DIR="${BILINGUAL_CACHE_DIR:-$WORK/cache}"
export HOME="$WORK/home"   # the readers' settings and state stay in the scratch folder
export XDG_RUNTIME_DIR="$WORK/run"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"; chmod 700 "$XDG_RUNTIME_DIR"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
BILINGUAL="${BILINGUAL:-$ROOT/.venv/bin/bilingual}"
PIDS=()

cleanup() {
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
have() { command -v "$1" >/dev/null 2>&1 || { echo "   (skipped: no $1)"; return 1; }; }
want() { [ -z "${READERS:-}" ] || [[ " $READERS " == *" $1 "* ]]; }  # $1 = a reader of READERS

echo "== editions (model: $ARGOS_PACKAGES_DIR — the tests' TEST DOUBLE unless you point it at a real model)"
"$BILINGUAL" translate "$SEED" -o "$WORK/ed" --layout both -q --no-install \
  --author "NEWS.ru staff" --translator "Jane Doe (sample)" --source "NEWS.ru, 9 October 2025" \
  --publisher "bilingual sample press" \
  --rights "Sample for screenshots; the English is a test double's output, not a translation"
"$BILINGUAL" render "$WORK/ed/$STEM.json" -o "$WORK/sent" --layout side-by-side --granularity sentence -f epub -q
SBS="$WORK/ed/$STEM.epub"
INTER="$WORK/ed/$STEM.interleaved.epub"
SENT="$WORK/sent/$STEM.epub"
cp "$SBS" "$OUT/sample.side-by-side.epub"; cp "$INTER" "$OUT/sample.interleaved.epub"
cp "$SENT" "$OUT/sample.sentence.epub"; cp "$WORK/ed/$STEM.docx" "$OUT/sample.docx"

echo "== metadata"
{
  echo "# OPF metadata of $STEM.epub"
  unzip -p "$SBS" EPUB/content.opf | sed -n '/<metadata/,/<\/metadata>/p'
  unzip -p "$SBS" EPUB/content.opf | grep -E 'cover-image|<itemref' || true
  echo; echo "# DOCX core properties"
  "$PY" - "$WORK/ed/$STEM.docx" <<'EOF'
import sys
from docx import Document
cp = Document(sys.argv[1]).core_properties
for name in ("title", "author", "subject", "keywords", "comments", "category", "language",
             "identifier", "content_status", "last_modified_by", "created"):
    print(f"{name}: {getattr(cp, name)!r}")
EOF
} >"$OUT/metadata.txt"
echo "   $OUT/metadata.txt"

echo "== Xvfb"
exec 3>"$WORK/display"
Xvfb -displayfd 3 -screen 0 1700x1000x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
PIDS+=("$!")
exec 3>&-
for _ in $(seq 50); do [ -s "$WORK/display" ] && break; sleep 0.2; done
export DISPLAY=":$(head -1 "$WORK/display")"
echo "   DISPLAY=$DISPLAY"

shoot() {  # $1 = file, $2 = WxH cropped from the top left (default: the 1280x900 window)
  import -window root -crop "${2:-1280x900}+0+0" +repage "$OUT/$1"; echo "   $OUT/$1"
}
windows() { xdotool search --onlyvisible --name "$1" 2>/dev/null || true; }
fit() {  # $1 = window name pattern, $2 $3 = size; there is no window manager
  for w in $(windows "$1"); do xdotool windowmove "$w" 0 0 windowsize "$w" "$2" "$3" || true; done
  sleep 2
}
stop() {  # $1 = pid: the process and the children it had, by their pids
  local kids; kids="$(ps -o pid= --ppid "$1" 2>/dev/null || true)"
  kill "$1" 2>/dev/null || true; sleep 2
  kill -0 "$1" 2>/dev/null && kill -9 "$1" 2>/dev/null || true
  for k in $kids; do kill "$k" 2>/dev/null || true; done
  wait "$1" 2>/dev/null || true
}

if want fbreader && have fbreader; then
  echo "== FBReader"
  # settings written beforehand, a fresh home per session (without them, its first-start
  # "migration" leaves it in a different state)
  fbreader_shots() {  # $1 = book, $2 = name
    local home="$WORK/fbreader-$2"
    mkdir -p "$home/.FBReader"
    cat >"$home/.FBReader/config.changes" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<config>
  <group name="LastState"><option name="Valid" value="true" category="state"/></group>
  <group name="Version"><option name="FBReaderVersion" value="0.12.10" category="system"/></group>
</config>
EOF
    HOME="$home" fbreader "$1" >"$WORK/fbreader.log" 2>&1 &
    local pid=$!
    sleep 7; fit "FBReader" 1280 900; shoot "fbreader-$2-1.png"
    xdotool mousemove 640 500 click 5; sleep 2; shoot "fbreader-$2-2.png"
    xdotool click 5; sleep 1; xdotool click 5; sleep 2; shoot "fbreader-$2-3.png"
    stop "$pid"
  }
  fbreader_shots "$SBS" side-by-side
  fbreader_shots "$INTER" interleaved
fi

if want okular && have okular && [ -n "$(ls /usr/lib/*/qt5/plugins/okular/generators/okularGenerator_epub.so 2>/dev/null)" ]; then
  echo "== Okular (EPUB backend: QTextDocument)"
  mkdir -p "$HOME/.config"
  printf '[Main View]\nShowLeftPanel=false\n\n[Zoom]\nZoomMode=2\n' >"$HOME/.config/okularpartrc"  # fit page
  okular_shot() {  # $1 = book, $2 = page, $3 = file; its toolbar is wider than 1280 px
    okular --qwindowgeometry 1600x1000+0+0 -p "$2" "$1" >"$WORK/okular.log" 2>&1 &
    local pid=$!
    sleep 12; shoot "$3" 1600x1000; stop "$pid"
  }
  okular_shot "$SBS" 1 okular-side-by-side-p1-cover.png
  okular_shot "$SBS" 2 okular-side-by-side-p2.png
  okular_shot "$SBS" 3 okular-side-by-side-p3.png
  okular_shot "$SBS" 5 okular-side-by-side-p5-colophon.png
  okular_shot "$INTER" 2 okular-interleaved-p2.png
fi

if want mupdf && have mutool; then
  echo "== MuPDF (mutool draw)"
  mutool draw -q -o "$OUT/mupdf-side-by-side-%d.png" -r 96 -W 600 -H 800 -S 11 "$SBS" 1-3 2>/dev/null
  mutool draw -q -o "$OUT/mupdf-interleaved-phone-%d.png" -r 96 -W 320 -H 640 -S 11 "$INTER" 2-3 2>/dev/null
  ls "$OUT"/mupdf-*.png
fi

if want calibre && have ebook-viewer; then
  echo "== calibre ebook-viewer (QtWebEngine)"
  calibre_shots() {  # $1 = book, $2 = name, $3 $4 = window size, $5 = pages to turn
    export QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox --disable-gpu"
    CALIBRE_CONFIG_DIRECTORY="$WORK/calibre-$2" ebook-viewer "$1" >"$WORK/calibre.log" 2>&1 &
    local pid=$!
    sleep 20; fit "E-book viewer" "$3" "$4"
    xdotool mousemove 100 100 click 1; sleep 1; xdotool key Home; sleep 3   # past the welcome
    shoot "calibre-$2-1.png" "$3x$4"
    for i in $(seq 2 "$5"); do xdotool key Next; sleep 3; shoot "calibre-$2-$i.png" "$3x$4"; done
    stop "$pid"
  }
  calibre_shots "$SBS" side-by-side 1280 900 3
  calibre_shots "$INTER" interleaved-phone 420 860 4
fi

if want foliate && have foliate; then
  echo "== Foliate (WebKit)"
  foliate_shots() {  # $1 = book, $2 = name, $3 $4 = window size
    # a session bus; the inner shell records foliate's own pid to stop it by. A fresh home
    # each time (a second session reusing saved state stayed on its loading spinner). The
    # book is laid out at 1280x900 first: started at 420 px wide it stayed blank.
    mkdir -p "$WORK/foliate-$2"
    HOME="$WORK/foliate-$2" dbus-run-session -- sh -c 'foliate "$1" & echo $! > "$2"; wait' _ "$1" "$WORK/foliate.pid" \
      >"$WORK/foliate.log" 2>&1 &
    local pid=$!
    sleep 5; fit "." 1280 900; sleep 30
    [ "$3" = 1280 ] || { fit "." "$3" "$4"; sleep 6; }
    local win; win="$(windows "." | head -1)"
    shoot "foliate-$2-1.png" "$3x$4"
    # focus, then keys (a click could land on the cover and open foliate's image viewer;
    # keys sent with --window are ignored)
    xdotool windowfocus --sync "$win" 2>/dev/null || true
    for i in 2 3 4; do xdotool key Right; sleep 3; shoot "foliate-$2-$i.png" "$3x$4"; done
    kill "$(cat "$WORK/foliate.pid")" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  }
  foliate_shots "$SBS" side-by-side 1280 900
  foliate_shots "$INTER" interleaved-phone 420 860
fi

if want chromium && have chromium; then
  echo "== Chromium at phone width"
  for ed in interleaved side-by-side; do
    book="$INTER"; [ "$ed" = side-by-side ] && book="$SBS"
    mkdir -p "$WORK/unz-$ed"; unzip -q -o "$book" -d "$WORK/unz-$ed"
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=400,1600 \
      --screenshot="$OUT/phone-$ed.png" "file://$WORK/unz-$ed/EPUB/article.xhtml" >"$WORK/chromium.log" 2>&1
    echo "   $OUT/phone-$ed.png"
  done
fi

if want docx && have soffice && have pdftoppm; then
  echo "== DOCX through LibreOffice"
  soffice --headless --convert-to pdf --outdir "$WORK/pdf" "$WORK/ed/$STEM.docx" >"$WORK/soffice.log" 2>&1
  pdftoppm -png -r 70 -f 1 -l 4 "$WORK/pdf/$STEM.pdf" "$OUT/docx"
  ls "$OUT"/docx-*.png
fi

echo "done: $OUT"
