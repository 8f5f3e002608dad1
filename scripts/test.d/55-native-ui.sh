#!/usr/bin/env bash
# The native client (oqs-ui) under Xvfb against a real oqs-host with the notes fixture: a script clicks and types
# by label through the automation hook — login, forced password change, menu, the notes panel, a note saved, a
# download saved as a file, logout — and screenshots are kept in build/artifacts/native-ui/.
set -uo pipefail
cd "$(dirname "$0")/../.."
fail() { echo "55-native-ui: $*"; echo "0 passed, 1 failed"; exit 1; }

build=build/ci
[ -x "$build/wasm-ui/oqs-ui" ] || build=build/native
[ -x "$build/wasm-ui/oqs-ui" ] || fail "no oqs-ui built (scripts/build.sh ci)"
[ -f "$build/tests/fixtures/notes.so" ] || fail "no notes fixture in $build"
command -v xvfb-run >/dev/null || fail "xvfb-run missing (scripts/install-deps.sh)"

source scripts/lib/demo-host.sh
work=$(mktemp -d)
art=build/artifacts/native-ui
rm -rf "$art"; mkdir -p "$art" "$work/plugins" "$work/downloads"
ln -s "$PWD/$build/tests/fixtures/notes.so" "$work/plugins/notes.so"
start_demo_host "$build/host/oqs-host" "$work/plugins"
trap 'stop_demo_host; rm -rf "$work"' EXIT
pw=$MASTER_PASSWORD
port=$HOST_PORT
[ -n "$pw" ] || fail "the demo host printed no master password"

T=$'\t'
cat > "$work/script" <<SCRIPT
wait login
screenshot $art/01-login.ppm
type 機関コード${T}1312345678
type ユーザID${T}master
type パスワード${T}$pw
click ログイン
wait 初期パスワードでログインしました
click OK
wait password
type 現在のパスワード${T}$pw
type 新しいパスワード${T}Native2026pw
type 新しいパスワード（確認）${T}Native2026pw
click 変更する
wait menu
screenshot $art/02-menu.ppm
click メモ
wait panel
type タイトル${T}ネイティブのメモ
click 登録
wait メモを登録します
click OK
wait メモを登録しました
click OK
wait 1件中 1〜1件
screenshot $art/03-notes.ppm
click ダウンロード
wait ダウンロードしました
click OK
click ログアウト
wait ログアウトします
click OK
wait ログアウトしました
screenshot $art/04-logged-out.ppm
SCRIPT

pass=0 failc=0
check() {  # check NAME CONDITION-RESULT(0/1)
  if [ "$2" = 0 ]; then pass=$((pass + 1)); echo "ok   $1"; else failc=$((failc + 1)); echo "FAIL $1"; fi
}
timeout 120 xvfb-run -a -s "-screen 0 1280x800x24" "$build/wasm-ui/oqs-ui" --server "http://127.0.0.1:$port" \
  --script "$work/script" --automation --downloads "$work/downloads" > "$work/ui.out" 2> "$work/ui.err"
rc=$?
grep -E '^(ok|FAIL)' "$work/ui.out" || true
[ -s "$work/ui.err" ] && sed 's/^/oqs-ui: /' "$work/ui.err"
check "the script ran to its end and the client exited cleanly" "$rc"
check "every script step passed" "$( [ "$(grep -c '^ok' "$work/ui.out")" -eq "$(grep -cv '^$' "$work/script")" ]; echo $?)"
check "the last frame was the login screen" "$(tail -1 "$work/ui.out" | grep -q '"screen":"login"'; echo $?)"
csv="$work/downloads/メモ一覧.csv"
check "the download is a file under the server's name" "$([ -f "$csv" ]; echo $?)"
check "its bytes are the notes as CSV" "$(printf '\xef\xbb\xbfid,title\r\n1,ネイティブのメモ\r\n' | cmp -s - "$csv"; echo $?)"
check "the note reached the host unchanged" \
  "$(sqlite3 "$HOST_WORK/demo.db" "SELECT title FROM notes_items" 2>/dev/null | grep -qx 'ネイティブのメモ'; echo $?)"
# Screenshots as PNG, and not blank (more than a handful of colours).
for f in "$art"/*.ppm; do
  python3 - "$f" "${f%.ppm}.png" <<'PY'
import struct, sys, zlib
d = open(sys.argv[1], 'rb').read()
head, w_h, maxv, px = d.split(b'\n', 3)
w, h = map(int, w_h.split())
raw = b''.join(b'\x00' + px[y * w * 3:(y + 1) * w * 3] for y in range(h))
chunk = lambda t, b: struct.pack('>I', len(b)) + t + b + struct.pack('>I', zlib.crc32(t + b) & 0xffffffff)
open(sys.argv[2], 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) +
                               chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))
colours = len(set(px[i:i + 3] for i in range(0, len(px), 3 * 97)))
sys.exit(0 if colours > 4 else 1)
PY
  check "screenshot $(basename "${f%.ppm}").png shows a screen" $?
  rm -f "$f"
done
echo "$pass passed, $failc failed"
[ "$failc" -eq 0 ]
