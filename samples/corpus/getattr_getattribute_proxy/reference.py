ACCOUNTS = ["alice", "bob", "carol"]
OPS = ["deposit", "withdraw", "transfer"]

balances = [100, 50, 0]
ledger = []
for step in range(30):
    op, who, amount = OPS[step * 7 % 3], step % 3, step * step % 37 + 1
    to = (who + 1 + step % 2) % 3
    if op == "deposit":
        balances[who] += amount
    elif balances[who] < amount:
        pass
    elif op == "withdraw":
        balances[who] -= amount
    else:
        balances[who] -= amount
        balances[to] += amount
    ledger.append((op, ACCOUNTS[who], amount, ACCOUNTS[to]))
names = ACCOUNTS

import collections
import hashlib


class Account:
    def __init__(self, owner, balance):
        self.owner = owner
        self.balance = balance
        self.refused = 0

    def deposit(self, amount):
        self.balance += amount

    def withdraw(self, amount):
        if amount > self.balance:
            self.refused += 1
            return False
        self.balance -= amount
        return True


class Audited:
    def __init__(self, target, log):
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_log", log)

    def __getattribute__(self, name):
        if name.startswith("_"):
            return object.__getattribute__(self, name)
        target = object.__getattribute__(self, "_target")
        object.__getattribute__(self, "_log").append(("get", target.owner, name))
        return getattr(target, name)

    def __setattr__(self, name, value):
        self._log.append(("set", self._target.owner, name))
        setattr(self._target, name, value)

    def __delattr__(self, name):
        self._log.append(("del", self._target.owner, name))
        delattr(self._target, name)


log = []
accounts = {n: Audited(Account(n, b), log) for n, b in zip(names, (100, 50, 0))}
for op, who, amount, to in ledger:
    acct = accounts[who]
    if op == "deposit":
        acct.deposit(amount)
    elif op == "withdraw":
        acct.withdraw(amount)
    elif acct.withdraw(amount):
        accounts[to].deposit(amount)

accounts["bob"].note = "audited"
print("note via proxy:", accounts["bob"].note, "| on target:", vars(accounts["bob"]._target))
del accounts["bob"].note
print("hasattr after delete:", hasattr(accounts["bob"], "note"), "| refused:", {n: a.refused for n, a in accounts.items()})
print("type seen through proxy:", type(accounts["alice"]).__name__, accounts["alice"].__class__.__name__)
final = {n: a._target.balance for n, a in accounts.items()}
reads = dict(sorted(collections.Counter(name for kind, _, name in log if kind == "get").items()))
print("log entries:", len(log), collections.Counter(kind for kind, _, _ in log).most_common())
log_digest = hashlib.sha256(repr(log).encode()).hexdigest()

for (name, got), want in zip(final.items(), balances):
    print(f"{name}: {got} {'ok' if got == want else 'MISMATCH'}")
for attr, count in reads.items():
    print(f"read {attr:<10} x{count}")
print("log sha256", log_digest)
