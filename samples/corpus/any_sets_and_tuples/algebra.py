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
