#!/usr/bin/env bash
# Builds the web client (preset wasm, Debian's Emscripten 3.1.6) and lays out the web root oqs-host serves at /:
#   build/wasm/web/index.html, console.js, console.css, oqs-ui.js, oqs-ui.wasm, fonts/NotoSansJP-oqs.otf
#   (+ LICENSE), fonts/ext/*.otf + index.json, and .gz siblings (the host sends one when the browser accepts gzip).
# The font is Noto Sans CJK JP (Debian's fonts-noto-cjk): the first-screen font is cut with fonttools to the glyphs
# the client's atlas holds; the rest of JIS X 0208/0213 and the IBM extensions go into 256-code-point chunks the
# client fetches when a name needs one (wasm-ui/tools/font_chunks.py).
# Idempotent: every step is skipped when its output is newer than its inputs.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}   # Debian's emscripten finds acorn there
jobs=$(nproc)
web=build/wasm/web
mkdir -p "$web/fonts"

cmake --preset wasm >/dev/null
cmake --build build/wasm -j "$jobs" --target oqs-ui

# The code points to keep come from the client itself (oqs-glyph-list prints its glyph ranges), built natively.
native=""
for d in build/native build/ci; do [ -f "$d/build.ninja" ] && { native=$d; break; }; done
if [ -z "$native" ]; then cmake --preset native >/dev/null; native=build/native; fi
cmake --build "$native" -j "$jobs" --target oqs-glyph-list >/dev/null
font_src=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
font=$web/fonts/NotoSansJP-oqs.otf
"$native/wasm-ui/oqs-glyph-list" > build/wasm/glyphs.txt.new
if ! cmp -s build/wasm/glyphs.txt.new build/wasm/glyphs.txt || [ ! -f "$font" ]; then
  mv build/wasm/glyphs.txt.new build/wasm/glyphs.txt
  # Face 0 of the collection is Noto Sans CJK JP. Hinting is dropped: ImGui's rasteriser does not use it.
  /usr/bin/pyftsubset "$font_src" --font-number=0 --unicodes-file=build/wasm/glyphs.txt --no-hinting \
    --layout-features='' --output-file="$font"
  rm -rf "$web/fonts/ext"
else
  rm -f build/wasm/glyphs.txt.new
fi
if [ ! -f "$web/fonts/ext/index.json" ]; then
  /usr/bin/python3 wasm-ui/tools/font_chunks.py "$font_src" 0 build/wasm/glyphs.txt "$web/fonts/ext"
fi
# SIL OFL 1.1: the licence travels with the (modified: subset) font.
zcat -f /usr/share/doc/fonts-noto-cjk/copyright > "$web/fonts/LICENSE-NotoSansCJK.txt"
cat > "$web/fonts/README.txt" <<'TXT'
NotoSansJP-oqs.otf is a subset of Noto Sans CJK JP (Debian package fonts-noto-cjk), cut with fonttools'
pyftsubset to the glyphs the OQS console displays. It is licensed under the SIL Open Font License 1.1; the full
copyright and licence text is in LICENSE-NotoSansCJK.txt.
TXT

cp wasm-ui/web/index.html wasm-ui/web/console.js wasm-ui/web/console.css "$web/"
cp build/wasm/wasm-ui/oqs-ui.js build/wasm/wasm-ui/oqs-ui.wasm "$web/"
for f in "$web/oqs-ui.js" "$web/oqs-ui.wasm" "$web/console.js" "$font" "$web"/fonts/ext/*.otf; do
  if [ ! -f "$f.gz" ] || [ "$f" -nt "$f.gz" ]; then gzip -9 -n -k -f "$f"; fi
done
size() { stat -c %s "$1"; }
echo "build-web: $web"
for f in oqs-ui.wasm oqs-ui.js console.js fonts/NotoSansJP-oqs.otf; do
  printf '  %-26s %8d bytes, gzip %8d bytes\n' "$f" "$(size "$web/$f")" "$(size "$web/$f.gz")"
done
printf '  %-26s %8d bytes, gzip %8d bytes (fetched on demand)\n' "fonts/ext/ (all chunks)" \
  "$(cat "$web"/fonts/ext/*.otf | wc -c)" "$(cat "$web"/fonts/ext/*.otf.gz | wc -c)"
