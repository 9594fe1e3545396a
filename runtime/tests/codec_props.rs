//! Property tests of the canonical codec: Rust → bytes → Rust and
//! Rust → Python → Rust give the same value, and no byte string makes the
//! decoder panic.

use proptest::prelude::*;
use runtime::codec::int_from_le_bytes;
use runtime::{Fragment, Isolate, Value};

/// Any float bit pattern (NaNs, infinities, subnormals, -0.0).
fn float() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<u64>().prop_map(f64::from_bits),
        Just(-0.0),
        Just(f64::INFINITY),
        Just(f64::NAN)
    ]
}

fn int() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::Int),
        proptest::collection::vec(any::<u8>(), 0..24).prop_map(|b| int_from_le_bytes(&b)),
    ]
}

/// Values whose keys and set elements stay distinct in Python too (Python
/// treats 1, 1.0 and True as one key; the codec does not).
fn hashable() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<String>().prop_map(Value::Str),
        int(),
        proptest::collection::vec(any::<u8>(), 0..8).prop_map(Value::Bytes)
    ]
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::None),
        any::<bool>().prop_map(Value::Bool),
        int(),
        float().prop_map(Value::Float),
        any::<String>().prop_map(Value::Str),
        proptest::collection::vec(any::<u8>(), 0..16).prop_map(Value::Bytes),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::List),
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Tuple),
            proptest::collection::vec((hashable(), inner), 0..6).prop_map(|pairs| {
                let mut seen = std::collections::HashSet::new();
                Value::Dict(
                    pairs
                        .into_iter()
                        .filter(|(k, _)| seen.insert(k.encode()))
                        .collect(),
                )
            }),
            proptest::collection::vec(hashable(), 0..6).prop_map(Value::Set),
            proptest::collection::vec(hashable(), 0..6).prop_map(Value::FrozenSet),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn bytes_round_trip(v in value()) {
        let bytes = v.encode();
        let back = Value::decode(&bytes).unwrap();
        prop_assert_eq!(back.encode(), bytes);
    }

    /// Into the engine's objects and back through the isolate's own
    /// interface, so both engines' conversions are held to the same codec.
    #[test]
    fn python_round_trip(v in value()) {
        let isolate = Isolate::get_or_start().unwrap();
        let echo = Fragment { name: "test/echo.py", source: "out = v\n" };
        let mut back = isolate.run(&echo, &[("v", v.clone())], &["out"]).unwrap();
        prop_assert_eq!(back.take("out").encode(), v.encode());
    }

    #[test]
    fn decoding_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        if let Ok(v) = Value::decode(&bytes) {
            // Whatever decodes is canonical: it re-encodes to the same bytes.
            prop_assert_eq!(v.encode(), bytes);
        }
    }

    #[test]
    fn mutated_encodings_never_panic(v in value(), pos in any::<usize>(), byte in any::<u8>()) {
        let mut bytes = v.encode();
        let i = pos % bytes.len();
        bytes[i] = byte;
        if let Ok(d) = Value::decode(&bytes) {
            prop_assert_eq!(d.encode(), bytes);
        }
    }
}
