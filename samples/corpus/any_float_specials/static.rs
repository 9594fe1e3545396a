//! Static: naive and compensated harmonic sums and a table of edge-case floats
//! (plain IEEE arithmetic and sqrt, which every libm rounds correctly). Dynamic: Python's float repr,
//! fsum and float-keyed dicts, whose results come back for Rust to print.

use runtime::codec::float_hex;
use crate::kit::{self, texts};
use runtime::math::sqrt;
use runtime::{Isolate, IsolateError, Value};

/// Sums 1/k for k = 1..=n, naively and with Kahan compensation.
fn harmonic(n: u32) -> (f64, f64) {
    let (mut naive, mut kahan, mut carry) = (0.0, 0.0, 0.0);
    for k in 1..=n {
        let term = 1.0 / f64::from(k);
        naive += term;
        let y = term - carry;
        let t = kahan + y;
        carry = (t - kahan) - y;
        kahan = t;
    }
    (naive, kahan)
}

pub fn run(isolate: Isolate) -> Result<(), IsolateError> {
    let (naive, kahan) = harmonic(2000);
    let table = [
        ("zero", 0.0),
        ("neg_zero", -0.0),
        ("inf", f64::INFINITY),
        ("neg_inf", f64::NEG_INFINITY),
        ("nan_payload", f64::from_bits(0x7ff8_0000_0000_0001)),
        ("neg_nan", f64::from_bits(0xfff8_0000_0000_0000)),
        ("min_subnormal", f64::from_bits(1)),
        ("min_normal", f64::MIN_POSITIVE),
        ("max", f64::MAX),
        ("epsilon", f64::EPSILON),
        ("tenth_sum", 0.1 + 0.2),
        ("third", 1.0 / 3.0),
        ("sqrt2", sqrt(2.0)),
        ("half_sqrt3", sqrt(3.0) / 2.0),
        ("h_naive", naive),
        ("h_kahan", kahan),
    ];
    let names = texts(table.iter().map(|(n, _)| *n));
    let values = kit::floats(table.iter().map(|(_, x)| *x));
    let mut out = isolate.run(
        &crate::fragment!("specials.py"),
        &[("names", names), ("values", values)],
        &["derived", "fsum", "keyed"],
    )?;
    let fsum = kit::take_float(&mut out, "fsum")?;
    println!("fsum {} naive-fsum {} kahan-fsum {}", float_hex(fsum), float_hex(naive - fsum), float_hex(kahan - fsum));
    let derived = kit::take_seq(&mut out, "derived")?;
    for (i, row) in derived.iter().enumerate() {
        let Value::Tuple(xs) = row else { return Err(kit::wrong("derived row", "a tuple", row)) };
        let hexes: Vec<String> = xs
            .iter()
            .map(|x| match x {
                Value::Float(x) => float_hex(*x),
                other => format!("? {other}"),
            })
            .collect();
        println!("{i:2} {}", hexes.join(" "));
    }
    println!("derived digest {}", Value::List(derived).digest_hex());
    let keyed = Value::Dict(kit::take_dict(&mut out, "keyed")?);
    let Value::Dict(pairs) = &keyed else { unreachable!() };
    for (key, name) in pairs {
        let Value::Float(key) = key else { return Err(kit::wrong("keyed key", "a float", key)) };
        println!("keyed {} -> {}", float_hex(*key), kit::str_of(name, "keyed value")?);
    }
    println!("keyed digest {}", keyed.digest_hex());
    Ok(())
}
