"""Run-length and checksum codecs.

Encoding, decoding and checksums are typed string and integer kernels
(static); codecs register themselves through `__init_subclass__` and are
chosen by name at run time (dynamic metaprogramming).
"""


def rle_encode(text: str) -> str:
    if len(text) == 0:
        return ""
    out = ""
    run_char = text[0]
    run_len = 0
    for ch in text:
        if ch == run_char:
            run_len += 1
        else:
            out += str(run_len) + run_char
            run_char = ch
            run_len = 1
    return out + str(run_len) + run_char


def rle_decode(code: str) -> str:
    out = ""
    count = 0
    for ch in code:
        if "0" <= ch <= "9":
            count = count * 10 + int(float(ch))
        else:
            k = 0
            while k < count:
                out += ch
                k += 1
            count = 0
    return out


def adler32(text: str) -> int:
    a = 1
    b = 0
    for ch in text:
        a = (a + len(ch) * 7 + (3 if ch < "n" else 11)) % 65521
        b = (b + a) % 65521
    return (b << 16) | a


def fletcher(values: list[int]) -> int:
    low = 0
    high = 0
    for v in values:
        low = (low + v) % 255
        high = (high + low) % 255
    return high * 256 + low


def rotate(text: str, shift: int) -> str:
    out = ""
    n = len(text)
    for i in range(n):
        out += text[(i + shift) % n]
    return out


class Codec:
    registry = {}

    def __init_subclass__(cls, name, **kwargs):
        super().__init_subclass__(**kwargs)
        Codec.registry[name] = cls

    @classmethod
    def get(cls, name):
        return cls.registry[name]()


class RunLength(Codec, name="rle"):
    def encode(self, text):
        return rle_encode(text)

    def decode(self, code):
        return rle_decode(code)


class Rotate(Codec, name="rot"):
    def encode(self, text):
        return rotate(text, 3)

    def decode(self, code):
        return rotate(code, -3)


samples = ["aaabccddddde", "wwwwwwwwwwwwbbbbbbbbbbbbbbbbbbbbbbbbbbbbbwwwwwwwwwwww", "", "ééé✓✓x", "abc"]
for name in sorted(Codec.registry):
    codec = Codec.get(name)
    for s in samples:
        code = codec.encode(s)
        back = codec.decode(code)
        print(name, repr(s), "->", repr(code), "ok" if back == s else f"MISMATCH {back!r}", adler32(code))
print("fletcher", fletcher([ord(c) for c in "hybrid binaries"]), fletcher([]), fletcher([255, 510, 2**40]))
