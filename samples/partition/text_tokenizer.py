"""A small expression tokenizer and evaluator.

Scanning characters, classifying them and folding numbers are typed string
and integer kernels (static); the token handlers are found by name with
getattr and the evaluator's operators live in a dispatch table (dynamic).
"""


def is_digit(ch: str) -> bool:
    return "0" <= ch <= "9"


def is_name_char(ch: str) -> bool:
    return ("a" <= ch <= "z") or ("A" <= ch <= "Z") or ch == "_" or is_digit(ch)


def digit_value(ch: str) -> int:
    value = 0
    for d in "0123456789":
        if d == ch:
            return value
        value += 1
    return -1


def scan_number(text: str, start: int) -> int:
    """Index just past the digits that begin at `start`."""
    i = start
    while i < len(text) and is_digit(text[i]):
        i += 1
    return i


def parse_int(text: str, start: int, stop: int) -> int:
    total = 0
    for i in range(start, stop):
        total = total * 10 + digit_value(text[i])
    return total


def scan_name(text: str, start: int) -> int:
    i = start
    while i < len(text) and is_name_char(text[i]):
        i += 1
    return i


def count_kinds(text: str) -> tuple[int, int, int, int]:
    digits = 0
    letters = 0
    spaces = 0
    other = 0
    for ch in text:
        if is_digit(ch):
            digits += 1
        elif is_name_char(ch):
            letters += 1
        elif ch == " ":
            spaces += 1
        else:
            other += 1
    return digits, letters, spaces, other


def reverse_words(text: str) -> str:
    out = ""
    word = ""
    for ch in text:
        if ch == " ":
            out = " " + word + out
            word = ""
        else:
            word += ch
    return word + out


class Tokenizer:
    def __init__(self, text):
        self.text = text
        self.pos = 0

    def tokens(self):
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            kind = "number" if is_digit(ch) else "name" if is_name_char(ch) else "space" if ch == " " else "op"
            handler = getattr(self, "take_" + kind)
            token = handler()
            if token is not None:
                yield token

    def take_number(self):
        end = scan_number(self.text, self.pos)
        value = parse_int(self.text, self.pos, end)
        self.pos = end
        return ("num", value)

    def take_name(self):
        end = scan_name(self.text, self.pos)
        name = self.text[self.pos:end]
        self.pos = end
        return ("name", name)

    def take_space(self):
        self.pos += 1

    def take_op(self):
        ch = self.text[self.pos]
        self.pos += 1
        return ("op", ch)


OPS = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": lambda a, b: a // b}


def word_counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    i = 0
    while i < len(text):
        if is_name_char(text[i]) and not is_digit(text[i]):
            stop = scan_name(text, i)
            word = ""
            for k in range(i, stop):
                word += text[k]
            counts[word] = counts.get(word, 0) + 1
            i = stop
        else:
            i += 1
    return counts


def length_histogram(counts: dict[str, int]) -> dict[int, int]:
    by_length: dict[int, int] = {}
    for word, n in counts.items():
        size = len(word)
        if size in by_length:
            by_length[size] += n
        else:
            by_length[size] = n
    return by_length


def evaluate(tokens, env):
    total = None
    pending = "+"
    for kind, value in tokens:
        if kind == "op":
            pending = value
            continue
        operand = value if kind == "num" else env[value]
        total = operand if total is None else OPS[pending](total, operand)
    return total


source = "width * 12345678901234567890 + height - 42 / 5 + x_1 * 99999999999"
env = {"width": 7, "height": 2**70, "x_1": -3}
tokens = list(Tokenizer(source).tokens())
print(tokens)
print("value", evaluate(tokens, env))
print("kinds", count_kinds(source))
print("reversed", reverse_words("the quick brown fox jumps over the lazy dog"))
print("é✓", count_kinds("naïve café ✓ 42"), reverse_words("héllo wörld ✓"))
prose = "the cat and the hat and the bat sat on the mat near café naïve ✓ 42 x_1"
counts = word_counts(prose)
print("counts", counts)
print("by count", sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:4])
print("lengths", length_histogram(counts))
try:
    print(counts["dog"])
except KeyError as e:
    print("missing", repr(e))
