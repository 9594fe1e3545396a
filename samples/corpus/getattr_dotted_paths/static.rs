//! Static: parsing the configuration layers and computing the effective value
//! of every key (last layer wins, `-key` unsets). Dynamic: a nested object tree
//! built and queried through attribute paths computed from the keys.

use crate::kit::{self, text};
use runtime::{Isolate, IsolateError, Value};
use std::collections::BTreeMap;

const LAYERS: [&str; 3] = [
    "server.host = localhost\nserver.port = 8080\nserver.tls.enabled = false\nlog.level = info\nlog.sinks.file.path = /var/log/app",
    "server.port = 9443\nserver.tls.enabled = true\nserver.tls.cert = site.pem\ncache.size = 256",
    "-log.sinks.file.path\nlog.level = debug\ncache.ttl = 30\nserver.workers = 4",
];

fn parse(value: &str) -> Value {
    match value {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => value.parse::<i64>().map_or_else(|_| text(value), Value::Int),
    }
}

pub fn run(isolate: Isolate) -> Result<(), IsolateError> {
    let mut ops = Vec::new();
    let mut effective: BTreeMap<String, Value> = BTreeMap::new();
    for layer in LAYERS {
        for line in layer.lines() {
            if let Some(key) = line.strip_prefix('-') {
                effective.remove(key);
                ops.push(Value::Tuple(vec![text("unset"), text(key), Value::None]));
            } else if let Some((key, value)) = line.split_once(" = ") {
                effective.insert(key.to_string(), parse(value));
                ops.push(Value::Tuple(vec![text("set"), text(key), parse(value)]));
            }
        }
    }
    let keys = kit::texts(effective.keys());
    let mut out = isolate.run(
        &crate::fragment!("paths.py"),
        &[("ops", Value::List(ops)), ("keys", keys)],
        &["flat", "looked_up"],
    )?;
    let looked_up = kit::take_seq(&mut out, "looked_up")?;
    for ((key, mine), got) in effective.iter().zip(&looked_up) {
        println!("{key} = {got} {}", if got == mine { "ok" } else { "MISMATCH" });
    }
    let flat = Value::Dict(kit::take_dict(&mut out, "flat")?);
    let mine = Value::Dict(effective.into_iter().map(|(k, v)| (text(k), v)).collect());
    println!("flattened tree equals effective config: {}", flat == mine);
    println!("flat digest {}", flat.digest_hex());
    Ok(())
}
