#!/usr/bin/env python3
"""Writes nfc-table.txt for UnicodeNfc: canonical combining classes ('C cp class'), full canonical decompositions
('D cp to...'), and primary composites ('P first second composite'); Hangul is computed, not listed.
Unicode data comes from Python's unicodedata; rerun to move to a newer Unicode version."""
import unicodedata
from pathlib import Path

lines = [f"# Unicode {unicodedata.unidata_version} NFC data, from make-nfc-table.py"]
for cp in range(0x110000):
    if 0xAC00 <= cp <= 0xD7A3 or 0xD800 <= cp <= 0xDFFF:
        continue
    ch = chr(cp)
    ccc = unicodedata.combining(ch)
    if ccc:
        lines.append(f"C {cp:X} {ccc}")
    nfd = unicodedata.normalize("NFD", ch)
    if nfd != ch:
        lines.append("D " + " ".join(f"{ord(c):X}" for c in [ch, *nfd]))
    parts = unicodedata.decomposition(ch).split()
    if len(parts) == 2 and not parts[0].startswith("<"):
        pair = "".join(chr(int(p, 16)) for p in parts)
        if unicodedata.normalize("NFC", pair) == ch:
            lines.append(f"P {parts[0]} {parts[1]} {cp:X}")
Path(__file__).with_name("nfc-table.txt").write_text("\n".join(lines) + "\n")
