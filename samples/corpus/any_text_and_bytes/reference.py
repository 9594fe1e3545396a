import hashlib
import unicodedata
import zlib

WORDS = [
    "naïve", "Straße", "Ελληνικά", "日本語テキスト", "crab 🦀 snake 🐍",
    "e\u0301te\u0301", "עברית", "ǅemal", "ﬁnance", "İstanbul",
]


def adler32(data):
    a, b = 1, 0
    for byte in data:
        a = (a + byte) % 65521
        b = (b + a) % 65521
    return (b << 16) | a


def mask(data, seed):
    key, out = seed, bytearray()
    for b in data:
        key = (key * 73 + 41) % 256
        out.append(b ^ key)
    return bytes(out)


def leb(n):
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        if n == 0:
            out.append(byte)
            return bytes(out)
        out.append(byte | 0x80)


def canon(v):
    """The runtime codec's canonical encoding (the parts this program needs)."""
    if isinstance(v, int):
        raw = b"" if v == 0 else v.to_bytes(((v if v >= 0 else ~v).bit_length() + 8) // 8, "little", signed=True)
        return b"\x03" + leb(len(raw)) + raw
    if isinstance(v, bytes):
        return b"\x06" + leb(len(v)) + v
    if isinstance(v, (list, tuple)):
        return (b"\x07" if isinstance(v, list) else b"\x08") + leb(len(v)) + b"".join(map(canon, v))
    raise TypeError(type(v).__name__)


def main():
    for w in WORDS:
        raw = w.encode()
        print(f"{w}: {len(w)} chars, {len(raw)} bytes, adler32 {adler32(raw):08x}")
    masked = [mask(w.encode(), i) for i, w in enumerate(WORDS)]
    sums = [adler32(w.encode()) for w in WORDS]

    folded = {}
    encoded = []
    initials = set()
    for i, (word, blob, adler) in enumerate(zip(WORDS, masked, sums)):
        raw = mask(blob, i)
        assert raw.decode("utf-8") == word and zlib.adler32(raw) == adler
        nfc, nfd = unicodedata.normalize("NFC", word), unicodedata.normalize("NFD", word)
        print(f"{word!r} {ascii(word)} nfc={len(nfc)} nfd={len(nfd)} upper={word.upper()} title={word.title()}")
        print("  ", hashlib.sha256(nfd.encode()).hexdigest()[:24], [unicodedata.category(c) for c in nfd[:4]])
        folded[word] = word.casefold()
        encoded.append((word.encode("utf-16-be"), len(word.encode("utf-32-le")) // 4, nfd.encode("utf-8", "replace")))
        initials.add(unicodedata.name(word[0]).split()[0])
    print("scripts in set order:", " ".join(initials))
    print("scripts sorted:", " ".join(sorted(initials)))
    spectrum = bytes((i * 167 + 13) % 256 for i in range(256)) + "é€🦀".encode("utf-8")

    for word, fold in folded.items():
        print(f"fold {word} -> {fold}")
    print("encoded digest", hashlib.sha256(canon(encoded)).hexdigest())
    print(f"spectrum {len(spectrum)} bytes, head {spectrum[:16].hex()}, adler32 {adler32(spectrum):08x}")


main()
