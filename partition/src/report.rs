//! The partition as people and machines read it: a Markdown table (every
//! function, its line, static or dynamic, each reason with its line) and JSON.

use crate::classify::Program;
use serde_json::json;

/// `N functions: S static, D dynamic`.
pub fn summary(program: &Program) -> String {
    let total = program.functions.len();
    let statics = program.functions.iter().filter(|f| f.is_static()).count();
    format!(
        "{total} functions: {statics} static, {} dynamic",
        total - statics
    )
}

/// The Markdown table for `path`.
pub fn table(path: &str, program: &Program) -> String {
    let mut out =
        String::from("| function | line | partition | signature / reasons |\n|---|---|---|---|\n");
    for f in &program.functions {
        let (verdict, detail) = if f.is_static() {
            let params: Vec<String> = f.params.iter().map(|(n, t)| format!("{n}: {t}")).collect();
            let ret = f.ret.as_ref().map(|t| t.to_string()).unwrap_or_default();
            ("static", format!("`({}) -> {ret}`", params.join(", ")))
        } else {
            let reasons: Vec<String> = f
                .reasons
                .iter()
                .map(|r| format!("`{}` {path}:{}: {}", r.code, r.line, r.detail))
                .collect();
            ("dynamic", reasons.join("<br>"))
        };
        out.push_str(&format!(
            "| `{}` | {} | {verdict} | {detail} |\n",
            f.qualname, f.line
        ));
    }
    out.push_str(&format!("\n{}\n", summary(program)));
    out
}

/// The same as data.
pub fn json(path: &str, program: &Program) -> serde_json::Value {
    let statics = program.functions.iter().filter(|f| f.is_static()).count();
    json!({
        "schema": "hybrid-partition/1",
        "program": path,
        "functions": program.functions.iter().map(|f| json!({
            "name": f.qualname,
            "line": f.line,
            "partition": if f.is_static() { "static" } else { "dynamic" },
            "params": f.params.iter().map(|(n, t)| json!({"name": n, "type": t.to_string()})).collect::<Vec<_>>(),
            "returns": f.ret.as_ref().map(|t| t.to_string()),
            "reasons": f.reasons,
        })).collect::<Vec<_>>(),
        "summary": {
            "functions": program.functions.len(),
            "static": statics,
            "dynamic": program.functions.len() - statics,
        },
    })
}
