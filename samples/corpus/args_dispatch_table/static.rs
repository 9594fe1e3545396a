//! Static: parsing the command script (tokens, ints vs words, key=value).
//! Dynamic: dispatch by name to handlers whose signatures decide at run time
//! which arguments are accepted, via `*args`/`**kwargs` and `Signature.bind`.

use crate::kit::{self, text};
use runtime::{Isolate, IsolateError, Value};

const SCRIPT: &str = "\
add 3 4 5
add 10 -2 scale=3
concat alpha beta gamma sep=-
concat one
stats 9 1 8 2 7 mode=range
stats 4 4 6 mode=mean
stats 5 mode=median
shout hello world times=2 end=!
add x=1
missing 1 2
stats 3 1 2 order=desc";

fn atom(token: &str) -> Value {
    token.parse::<i64>().map_or_else(|_| text(token), Value::Int)
}

pub fn run(isolate: Isolate) -> Result<(), IsolateError> {
    let mut commands = Vec::new();
    for line in SCRIPT.lines() {
        let mut tokens = line.split_whitespace();
        let name = tokens.next().unwrap_or_default();
        let (mut args, mut kwargs) = (Vec::new(), Vec::new());
        for token in tokens {
            match token.split_once('=') {
                Some((key, value)) => kwargs.push((text(key), atom(value))),
                None => args.push(atom(token)),
            }
        }
        commands.push(Value::Tuple(vec![text(name), Value::List(args), Value::Dict(kwargs)]));
    }
    let commands = Value::List(commands);
    println!("parsed {} commands, digest {}", SCRIPT.lines().count(), commands.digest_hex());
    let mut out = isolate.run(&crate::fragment!("dispatch.py"), &[("commands", commands)], &["outcomes"])?;
    let outcomes = Value::List(kit::take_seq(&mut out, "outcomes")?);
    let Value::List(rows) = &outcomes else { unreachable!() };
    for (line, row) in SCRIPT.lines().zip(rows) {
        let Value::Tuple(fields) = row else { return Err(kit::wrong("outcome", "a tuple", row)) };
        let [status, shown] = fields.as_slice() else { return Err(kit::wrong("outcome", "a pair", row)) };
        println!("{line:<32} {} {}", kit::str_of(status, "status")?, kit::str_of(shown, "result")?);
    }
    println!("outcomes digest {}", outcomes.digest_hex());
    Ok(())
}
