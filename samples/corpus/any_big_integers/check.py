import hashlib

lengths = {}
for h in huge:
    raw = h.to_bytes((h.bit_length() + 8) // 8, "little", signed=True)
    lengths[h.bit_length()] = len(raw)
    print(hashlib.sha256(raw).hexdigest()[:32], h == int.from_bytes(raw, "little", signed=True))
