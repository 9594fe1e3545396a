//! The shipped mixed programs stay mixed: each has static and dynamic
//! functions, and at least 40 % of all their functions are static.

mod common;

#[test]
fn every_shipped_program_mixes_static_and_dynamic_functions() {
    let (mut statics, mut total, mut programs) = (0, 0, 0);
    for (path, program) in common::shipped_programs() {
        let s = program.functions.iter().filter(|f| f.is_static()).count();
        let n = program.functions.len();
        assert!(s >= 1 && s < n, "{}: {s} of {n} static", path.display());
        statics += s;
        total += n;
        programs += 1;
    }
    assert!(programs >= 10, "only {programs} programs");
    assert!(statics * 100 >= total * 40, "{statics} of {total} static");
}
