import hashlib
import re
import struct

TEXT = (
    "The quick brown fox jumps over the lazy dog. The dog sleeps; the fox runs. "
    "A lazy afternoon: brown leaves fall over the quiet river. Quick rivers run over brown stones, tones and notes."
)


def leb(n):
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        if n == 0:
            out.append(byte)
            return bytes(out)
        out.append(byte | 0x80)


def canon(v):
    """The runtime codec's canonical encoding, written out in Python."""
    if v is None:
        return b"\x00"
    if isinstance(v, bool):
        return b"\x02" if v else b"\x01"
    if isinstance(v, int):
        raw = b"" if v == 0 else v.to_bytes(((v if v >= 0 else ~v).bit_length() + 8) // 8, "little", signed=True)
        return b"\x03" + leb(len(raw)) + raw
    if isinstance(v, float):
        return b"\x04" + (b"\x7f\xf8" + bytes(6) if v != v else struct.pack(">d", v))
    if isinstance(v, str):
        raw = v.encode()
        return b"\x05" + leb(len(raw)) + raw
    if isinstance(v, bytes):
        return b"\x06" + leb(len(v)) + v
    if isinstance(v, (list, tuple)):
        return (b"\x07" if isinstance(v, list) else b"\x08") + leb(len(v)) + b"".join(map(canon, v))
    if isinstance(v, dict):
        return b"\x09" + leb(len(v)) + b"".join(canon(k) + canon(x) for k, x in v.items())
    items = sorted(set(map(canon, v)))
    return (b"\x0b" if isinstance(v, frozenset) else b"\x0a") + leb(len(items)) + b"".join(items)


def main():
    sentences = [
        [w.lower() for w in re.split("[^A-Za-z]", s) if w]
        for s in TEXT.split(".")
    ]
    sentences = [ws for ws in sentences if ws]
    word_sets = [set(ws) for ws in sentences]
    bigrams = [(a, b) for ws in sentences for a, b in zip(ws, ws[1:])]
    counts = tuple(len(ws) for ws in sentences)
    print(f"{len(sentences)} sentences, words per sentence {counts}")
    print("word sets digest", hashlib.sha256(canon(word_sets)).hexdigest())

    common = set.intersection(*word_sets[:2]) | (word_sets[2] & word_sets[3])
    union = frozenset().union(*word_sets)
    print("union in set order:", " ".join(union))
    print("common in set order:", " ".join(common))
    for i, ws in enumerate(word_sets):
        print(f"sentence {i}: {len(ws)} distinct of {counts[i]}; only here: {sorted(ws - set().union(*word_sets[:i], *word_sets[i + 1:]))}")
    by_pair = {}
    for pair in bigrams:
        by_pair[pair] = by_pair.get(pair, 0) + 1
    repeated = {pair: n for pair, n in by_pair.items() if n > 1}
    print("repeated bigrams:", repeated)
    by_letters = {}
    for word in union:
        by_letters.setdefault(frozenset(word), []).append(word)
    anagram_like = [sorted(ws) for ws in by_letters.values() if len(ws) > 1]
    print("same letters:", sorted(anagram_like))
    vocabulary = frozenset(w for w in union if len(w) > 3)
    shapes = [tuple(sorted(common)), sorted(common), {len(w) for w in union}, frozenset(counts), (counts,)]
    print("shape types:", [type(s).__name__ for s in shapes], type(counts).__name__, type(bigrams[0]).__name__)

    for name, v in [("common", common), ("vocabulary", vocabulary), ("by_pair", by_pair), ("shapes", shapes)]:
        print(f"{name}: {type(v).__name__} of {len(v)}, digest {hashlib.sha256(canon(v)).hexdigest()}")
        if isinstance(v, (set, frozenset)):
            print("  canonical order:", " ".join(sorted(v, key=canon)))
        if isinstance(v, list):
            print("  item types:", " ".join(type(x).__name__ for x in v))


main()
