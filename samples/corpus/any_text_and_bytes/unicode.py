import hashlib
import unicodedata
import zlib


def unmask(data, seed):
    key, out = seed, bytearray()
    for b in data:
        key = (key * 73 + 41) % 256
        out.append(b ^ key)
    return bytes(out)


folded = {}
encoded = []
initials = set()
for i, (word, blob, adler) in enumerate(zip(words, masked, sums)):
    raw = unmask(blob, i)
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
