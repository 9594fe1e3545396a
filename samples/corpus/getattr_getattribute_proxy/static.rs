//! Static: generating the ledger and replaying it on plain integers (the
//! expected balances). Dynamic: the same replay through a proxy that overrides
//! `__getattribute__`, so every attribute access runs Python code.

use crate::kit::{self, text};
use runtime::{Isolate, IsolateError, Value};

const ACCOUNTS: [&str; 3] = ["alice", "bob", "carol"];
const OPS: [&str; 3] = ["deposit", "withdraw", "transfer"];

pub fn run(isolate: Isolate) -> Result<(), IsolateError> {
    let mut balances = [100i64, 50, 0];
    let mut ledger = Vec::new();
    for step in 0..30usize {
        let (op, who, amount) = (OPS[step * 7 % 3], step % 3, (step * step % 37 + 1) as i64);
        let to = (who + 1 + step % 2) % 3;
        match op {
            "deposit" => balances[who] += amount,
            // Withdrawals and transfers beyond the balance are refused.
            _ if balances[who] < amount => {}
            "withdraw" => balances[who] -= amount,
            _ => {
                balances[who] -= amount;
                balances[to] += amount;
            }
        }
        ledger.push(Value::Tuple(vec![text(op), text(ACCOUNTS[who]), Value::Int(amount), text(ACCOUNTS[to])]));
    }
    let mut out = isolate.run(
        &crate::fragment!("proxy.py"),
        &[("ledger", Value::List(ledger)), ("names", kit::texts(ACCOUNTS))],
        &["final", "reads", "log_digest"],
    )?;
    for ((name, got), want) in kit::take_dict(&mut out, "final")?.iter().zip(balances) {
        let got = kit::int_of(got, "balance")?;
        println!("{}: {got} {}", kit::str_of(name, "account")?, if got == want { "ok" } else { "MISMATCH" });
    }
    for (attr, count) in kit::take_dict(&mut out, "reads")? {
        println!("read {:<10} x{count}", kit::str_of(&attr, "attribute")?);
    }
    println!("log sha256 {}", kit::take_str(&mut out, "log_digest")?);
    Ok(())
}
