class Box:
    pass


b = Box()
for k, v in attr_pairs:
    setattr(b, k, v)
total = sum(getattr(b, name) for name in attr_names)
