#!/usr/bin/python3
"""Cuts the full-font chunks the web client fetches on demand (scripts/build-web.sh runs it).

Every character a name may hold must be drawn: JIS X 0208 levels 1 and 2, JIS X 0213 (planes 1 and 2) and the
IBM/NEC extension kanji of CP932 (髙, 﨑, …). The first-screen font keeps only the client's own glyph ranges; the
code points of those character sets that it lacks are cut from the same source font into chunks of 256 code
points, fonts/ext/XXXX.otf named by the chunk's first code point >> 8, listed in fonts/ext/index.json.

usage: font_chunks.py SOURCE_FONT FACE_INDEX BASE_RANGES_FILE OUT_DIR
"""
import io
import json
import os
import sys

from fontTools import subset
from fontTools.ttLib import TTFont


def decode_all(encoding, lead_bytes):
    """Code points of every character the two- or three-byte sequences of an encoding decode to."""
    out = set()
    for prefix in lead_bytes:
        for b1 in range(0xA1, 0xFF):
            for b2 in range(0xA1, 0xFF):
                try:
                    text = bytes(prefix + [b1, b2]).decode(encoding)
                except UnicodeDecodeError:
                    continue
                out.update(ord(c) for c in text)
    return out


def cp932_all():
    out = set()
    for b1 in list(range(0x81, 0xA0)) + list(range(0xE0, 0xFD)):
        for b2 in range(0x40, 0xFD):
            try:
                out.update(ord(c) for c in bytes([b1, b2]).decode('cp932'))
            except UnicodeDecodeError:
                pass
    return out


def base_ranges(path):
    cps = set()
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line.startswith('U+'):
                continue
            a, _, b = line[2:].partition('-')
            cps.update(range(int(a, 16), int(b or a, 16) + 1))
    return cps


def cut(font_bytes, cps):
    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.name_IDs = ['*']
    options.notdef_outline = True
    font = TTFont(io.BytesIO(font_bytes))
    s = subset.Subsetter(options)
    s.populate(unicodes=sorted(cps))
    s.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def main():
    source, face, ranges_file, out_dir = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    wanted = decode_all('euc_jp', [[]]) | decode_all('euc_jis_2004', [[], [0x8F]]) | cp932_all()
    wanted = {c for c in wanted if c >= 0x3000} - base_ranges(ranges_file)
    font = TTFont(source, fontNumber=face, lazy=True)
    cmap = font.getBestCmap()
    wanted = sorted(c for c in wanted if c in cmap)
    # One cut of everything wanted first (from the 19 MB collection), then the chunks from that small font.
    buf = io.BytesIO()
    whole = TTFont(source, fontNumber=face)
    s = subset.Subsetter(subset.Options(hinting=False, layout_features=[], name_IDs=['*']))
    s.populate(unicodes=wanted)
    s.subset(whole)
    whole.save(buf)
    all_bytes = buf.getvalue()
    chunks = {}
    for c in wanted:
        chunks.setdefault(c >> 8, []).append(c)
    os.makedirs(out_dir, exist_ok=True)
    names = []
    for key, cps in sorted(chunks.items()):
        name = '%04X' % key
        with open(os.path.join(out_dir, name + '.otf'), 'wb') as f:
            f.write(cut(all_bytes, cps))
        names.append(name)
    with open(os.path.join(out_dir, 'index.json'), 'w') as f:
        json.dump({'chunks': names, 'codePoints': len(wanted)}, f)
    print('font_chunks: %d code points in %d chunks' % (len(wanted), len(names)))


if __name__ == '__main__':
    main()
