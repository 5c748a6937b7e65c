//! docs/json.md as an oracle: every key of every JSON output promisc prints in a test must be
//! documented in that output's section, so the page cannot drift from the code.

use serde_json::Value;
use std::collections::BTreeSet;

/// docs/json.md, read at compile time.
const DOC: &str = include_str!("../../../docs/json.md");

/// The key paths documented in section `section` of docs/json.md: the first backticked
/// cell of each table row between `<!-- json: SECTION -->` and the next such marker.
pub fn documented(section: &str) -> BTreeSet<String> {
    let marker = format!("<!-- json: {section} -->");
    let start = DOC
        .find(&marker)
        .unwrap_or_else(|| panic!("docs/json.md has no {marker}"));
    let body = &DOC[start + marker.len()..];
    let body = &body[..body.find("<!-- json: ").unwrap_or(body.len())];
    body.lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .map(str::to_string)
        .collect()
}

/// Every key path of `v`: `a.b` for a key `b` of the object under `a`, `a[].b` inside an
/// array's objects.
pub fn key_paths(v: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    walk(v, "", &mut out);
    out
}

fn walk(v: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, sub) in m {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                out.insert(path.clone());
                walk(sub, &path, out);
            }
        }
        Value::Array(a) => {
            for sub in a {
                walk(sub, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

/// Whether documented path `doc` names `path`: segment by segment, `*` standing for any
/// key (a map's keys, such as port names), with the same `[]` after it.
pub fn path_matches(doc: &str, path: &str) -> bool {
    let (d, p): (Vec<&str>, Vec<&str>) = (doc.split('.').collect(), path.split('.').collect());
    d.len() == p.len()
        && d.iter().zip(&p).all(|(d, p)| {
            d == p
                || d.strip_prefix('*').is_some_and(|arrays| {
                    p.strip_suffix(arrays)
                        .is_some_and(|key| !key.is_empty() && !key.ends_with("[]"))
                })
        })
}

/// Panics unless every key path of `v` is documented in section `section` of docs/json.md.
pub fn assert_documented(section: &str, v: &Value) {
    let docs = documented(section);
    let missing: Vec<String> = key_paths(v)
        .into_iter()
        .filter(|p| !docs.iter().any(|d| path_matches(d, p)))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/json.md, section {section}, does not document {missing:?} of {v:#}"
    );
}

#[test]
fn key_paths_and_wildcards() {
    let v: Value = serde_json::json!({"schema": 1, "a": [{"b": 1, "c": {"eth0": {"rx": 2}}}]});
    let paths: Vec<String> = key_paths(&v).into_iter().collect();
    assert_eq!(
        paths,
        [
            "a",
            "a[].b",
            "a[].c",
            "a[].c.eth0",
            "a[].c.eth0.rx",
            "schema"
        ]
    );
    assert!(path_matches("a[].c.*.rx", "a[].c.eth0.rx"));
    assert!(!path_matches("a[].c.*.rx", "a[].c.eth0.tx"));
    assert!(!path_matches("a[].*", "a[].c.eth0"));
    assert!(path_matches("*[]", "x[]"));
    assert!(!path_matches("*[]", "x"));
}

#[test]
fn every_section_documents_its_schema() {
    for section in [
        "status",
        "packet",
        "watch",
        "detect",
        "doctor",
        "doctor-host",
        "lab-matrix",
        "lab-status",
        "vswitch-stats",
    ] {
        assert!(
            documented(section).contains("schema"),
            "docs/json.md, section {section}, documents no schema"
        );
    }
}
