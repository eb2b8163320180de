#!/bin/sh
# Rebuilds the encoded fixtures from the UTF-8 sources with iconv, printf, sed and Python, so the
# bytes under test come from other implementations than the reader's. Run from this folder.
# The seed articles are read from $LECTOR_SEEDS (default: ../shared/seeds relative to the repo).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
seeds=${LECTOR_SEEDS:-$repo/../shared/seeds}
cd "$here"

# UTF-8 sources: the first lines of two seed articles.
head -n 4 "$seeds/004_ffc8b5db7dc18ac9.txt" > arabic.utf8.txt
head -n 3 "$seeds/000_d6359ddc57249c7f.txt" > urdu.utf8.txt
# windows-1256 has no FARSI YEH (U+06CC) or ARABIC FULL STOP (U+06D4); Urdu typed on legacy
# systems used ARABIC YEH (U+064A) and '.', so the Urdu fixture's expected text does too.
sed -e 's/ی/ي/g' -e 's/۔/./g' urdu.utf8.txt > urdu-1256.expected.txt

iconv -f UTF-8 -t WINDOWS-1256 arabic.utf8.txt > arabic.windows-1256.txt
iconv -f UTF-8 -t ISO-8859-6 arabic.utf8.txt > arabic.iso-8859-6.txt
iconv -f UTF-8 -t WINDOWS-1256 urdu-1256.expected.txt > urdu.windows-1256.txt
iconv -f UTF-8 -t WINDOWS-1252 french.utf8.txt > french.windows-1252.txt
iconv -f UTF-8 -t ISO-8859-1 german.utf8.txt > german.iso-8859-1.txt

{ printf '\357\273\277'; cat arabic.utf8.txt; } > arabic.utf8-bom.txt
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE arabic.utf8.txt; } > arabic.utf16le-bom.txt
{ printf '\376\377'; iconv -f UTF-8 -t UTF-16BE arabic.utf8.txt; } > arabic.utf16be-bom.txt
iconv -f UTF-8 -t UTF-16LE arabic.utf8.txt > arabic.utf16le-nobom.txt
sed 's/$/\r/' arabic.utf8.txt > arabic.crlf.txt

python3 -c 'import sys, unicodedata; sys.stdout.write(unicodedata.normalize("NFD", open("vietnamese.nfc.txt", encoding="utf-8").read()))' > vietnamese.nfd.txt

iconv -f UTF-8 -t WINDOWS-1256 page.source.html > page.windows-1256.html

# A real 1x1 PNG, then a PDF header followed by binary bytes.
python3 - <<'PY'
import struct, zlib
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b"")
open("sample.png", "wb").write(png)
open("sample.pdf", "wb").write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 8 >>\nstream\n\x78\x9c\x03\x00\x00\x00\x00\x01\nendstream\nendobj\n")
PY

# UTF-8 with a BOM and one stray 0xFF after the first line.
first=$(head -n 1 arabic.utf8.txt)
{ printf '\357\273\277%s\n\377' "$first"; tail -n +2 arabic.utf8.txt; } > utf8-bom-invalid.txt
# UTF-8 cut in the middle of a two-byte Arabic letter (the cut is placed by Python, which checks it).
python3 - <<'PY'
data = open("arabic.utf8.txt", "rb").read()
cut = 700
while not (0xC2 <= data[cut] <= 0xDF):
    cut += 1
open("utf8-truncated.txt", "wb").write(data[:cut + 1])
PY

sha256sum -- *.txt *.html *.png *.pdf | grep -v ' SHA256SUMS' > SHA256SUMS
