//! Static: the n-body integrator (the benchmarks-game system of the Sun and the
//! four giant planets, symplectic Euler steps) and the energy. Dynamic: the
//! bodies are built from a catalogue dict as objects with computed attribute
//! names, the momentum offset goes through getattr/setattr, and the report
//! formats every float with repr.
//!
//! Only + - * / and sqrt, in exactly the reference's operation order (Rust never
//! fuses a multiply-add), so every bit matches CPython's.

use crate::kit;
use runtime::math::sqrt;
use runtime::{Isolate, IsolateError, Value};

const STEPS: usize = 300_000;
const CHECKPOINTS: usize = 10;
const DT: f64 = 0.01;

/// `(name, position, velocity per day, mass in solar masses)`, digit for digit
/// the benchmark's constants (as in the reference).
#[allow(clippy::excessive_precision)]
const CATALOGUE: [(&str, [f64; 3], [f64; 3], f64); 5] = [
    ("sun", [0.0, 0.0, 0.0], [0.0, 0.0, 0.0], 1.0),
    (
        "jupiter",
        [4.84143144246472090e00, -1.16032004402742839e00, -1.03622044471123109e-01],
        [1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05],
        9.54791938424326609e-04,
    ),
    (
        "saturn",
        [8.34336671824457987e00, 4.12479856412430479e00, -4.03523417114321381e-01],
        [-2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05],
        2.85885980666130812e-04,
    ),
    (
        "uranus",
        [1.28943695621391310e01, -1.51111514016986312e01, -2.23307578892655734e-01],
        [2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05],
        4.36624404335156298e-05,
    ),
    (
        "neptune",
        [1.53796971148509165e01, -2.59193146099879641e01, 1.79258772950371181e-01],
        [2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05],
        5.15138902046611451e-05,
    ),
];

#[derive(Clone, Copy)]
struct Body {
    pos: [f64; 3],
    vel: [f64; 3],
    mass: f64,
}

fn energy(bodies: &[Body]) -> f64 {
    let mut e = 0.0;
    for (i, b1) in bodies.iter().enumerate() {
        for b2 in &bodies[i + 1..] {
            let dx = b1.pos[0] - b2.pos[0];
            let dy = b1.pos[1] - b2.pos[1];
            let dz = b1.pos[2] - b2.pos[2];
            e -= (b1.mass * b2.mass) / sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    for b in bodies {
        e += b.mass * (b.vel[0] * b.vel[0] + b.vel[1] * b.vel[1] + b.vel[2] * b.vel[2]) / 2.0;
    }
    e
}

fn advance(bodies: &mut [Body], dt: f64, steps: usize) {
    let n = bodies.len();
    for _ in 0..steps {
        for i in 0..n {
            let (head, tail) = bodies.split_at_mut(i + 1);
            let b1 = &mut head[i];
            for b2 in tail.iter_mut() {
                let dx = b1.pos[0] - b2.pos[0];
                let dy = b1.pos[1] - b2.pos[1];
                let dz = b1.pos[2] - b2.pos[2];
                let d2 = dx * dx + dy * dy + dz * dz;
                let mag = dt / (d2 * sqrt(d2));
                let b1m = b1.mass * mag;
                let b2m = b2.mass * mag;
                b1.vel[0] -= dx * b2m;
                b1.vel[1] -= dy * b2m;
                b1.vel[2] -= dz * b2m;
                b2.vel[0] += dx * b1m;
                b2.vel[1] += dy * b1m;
                b2.vel[2] += dz * b1m;
            }
        }
        for b in bodies.iter_mut() {
            b.pos[0] += dt * b.vel[0];
            b.pos[1] += dt * b.vel[1];
            b.pos[2] += dt * b.vel[2];
        }
    }
}

fn float_at(row: &[Value], i: usize) -> Result<f64, IsolateError> {
    match row.get(i) {
        Some(Value::Float(x)) => Ok(*x),
        other => Err(IsolateError::Convert { name: "state".into(), reason: format!("field {i}: expected a float, got {other:?}") }),
    }
}

pub fn run(isolate: Isolate) -> Result<(), IsolateError> {
    let catalogue = Value::Dict(
        CATALOGUE
            .iter()
            .map(|(name, pos, vel, mass)| {
                let entry = Value::Tuple(vec![kit::floats(*pos), kit::floats(*vel), Value::Float(*mass)]);
                (kit::text(*name), entry)
            })
            .collect(),
    );
    let mut out = isolate.run(
        &crate::fragment!("system.py"),
        &[("catalogue", catalogue), ("axes", kit::text("xyz")), ("anchor", kit::text("sun"))],
        &["state", "names"],
    )?;
    let mut bodies = Vec::new();
    for row in kit::take_seq(&mut out, "state")? {
        let Value::Tuple(f) = &row else { return Err(kit::wrong("state row", "a tuple", &row)) };
        bodies.push(Body {
            pos: [float_at(f, 0)?, float_at(f, 1)?, float_at(f, 2)?],
            vel: [float_at(f, 3)?, float_at(f, 4)?, float_at(f, 5)?],
            mass: float_at(f, 6)?,
        });
    }
    let names = out.take("names");

    let mut checkpoints = vec![Value::Tuple(vec![Value::Int(0), Value::Float(energy(&bodies))])];
    let chunk = STEPS / CHECKPOINTS;
    for k in 1..=CHECKPOINTS {
        advance(&mut bodies, DT, chunk);
        checkpoints.push(Value::Tuple(vec![Value::Int((k * chunk) as i64), Value::Float(energy(&bodies))]));
    }
    let final_rows =
        bodies.iter().map(|b| kit::floats([b.pos[0], b.pos[1], b.pos[2], b.vel[0], b.vel[1], b.vel[2]])).collect();
    isolate.run(
        &crate::fragment!("report.py"),
        &[("checkpoints", Value::List(checkpoints)), ("final", Value::List(final_rows)), ("names", names)],
        &[],
    )?;
    Ok(())
}
