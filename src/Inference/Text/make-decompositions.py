#!/usr/bin/env python3
"""Writes canonical-decompositions.txt: every code point whose NFD differs from itself (Hangul syllables
excepted; CanonicalDecomposition computes those), as hex code points 'FROM TO...', one per line.
Unicode data comes from Python's unicodedata; rerun to move to a newer Unicode version."""
import unicodedata
from pathlib import Path

lines = [f"# Unicode {unicodedata.unidata_version} canonical decompositions (NFD), from make-decompositions.py"]
for cp in range(0x110000):
    if 0xAC00 <= cp <= 0xD7A3:
        continue
    nfd = unicodedata.normalize("NFD", chr(cp))
    if nfd != chr(cp):
        lines.append(" ".join(f"{ord(c):X}" for c in [chr(cp), *nfd]))
Path(__file__).with_name("canonical-decompositions.txt").write_text("\n".join(lines) + "\n")
