//! The check on small fake workspaces written into temporary directories: a clean one passes,
//! and each rule fires on the one change that breaks it.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::layers::{render, table_errors, Kind, Layer, LAYERS};
use super::lex::{strip_cfg_test, tokenize, Tok};
use super::*;

/// A temporary directory, removed on drop.
pub struct Tree(pub PathBuf);

impl Tree {
    /// A new empty directory.
    pub fn new() -> Tree {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "xtask-arch-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Tree(dir)
    }

    /// Writes `text` to `rel`, creating its directories.
    pub fn write(&self, rel: &str, text: &str) {
        let path = self.0.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

impl Drop for Tree {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The fake workspace's crate map.
const FAKE: &[Layer] = &[
    Layer {
        name: "pure",
        kind: Kind::Pure,
        deps: &[],
    },
    Layer {
        name: "sys",
        kind: Kind::Sys,
        deps: &["pure"],
    },
    Layer {
        name: "io",
        kind: Kind::Io,
        deps: &["sys", "pure"],
    },
    Layer {
        name: "bin",
        kind: Kind::Binary,
        deps: &["io", "pure"],
    },
    Layer {
        name: "kit",
        kind: Kind::DevOnly,
        deps: &["pure"],
    },
];

/// A workspace that keeps every rule, including the places a naive check would trip on.
fn clean() -> Tree {
    let t = Tree::new();
    t.write(
        "Cargo.toml",
        "[workspace]\nmembers = [\".\", \"crates/*\"]\n\
         [workspace.dependencies]\nlibc = \"0.2\"\npure = { path = \"crates/pure\" }\n\
         [package]\nname = \"bin\"\n\
         [dependencies]\nio = { path = \"crates/io\" }\npure.workspace = true\n\
         [dev-dependencies]\nkit = { path = \"crates/kit\" }\n",
    );
    t.write(
        "crates/pure/Cargo.toml",
        "[package]\nname = \"pure\"\n[dev-dependencies]\nkit = { path = \"../kit\" }\n",
    );
    t.write(
        "crates/pure/src/lib.rs",
        "//! Pure: `unsafe` and std::fs in a comment, libc too.\n\
         #![forbid(unsafe_code)]\n\
         mod net;\n\
         use std::io::{self, Write};\n\
         use std::net::{IpAddr, Ipv4Addr};\n\
         use std::time::{Duration, Instant};\n\
         /* block /* nested unsafe */ std::process::exit */\n\
         pub fn f(w: &mut impl Write, now: Instant, d: Duration) -> io::Result<Instant> {\n\
             let _ = (\"unsafe { libc::exit(1) }\", r#\"std::fs::read(\"x\")\"#, '\"', b'{');\n\
             let _: IpAddr = Ipv4Addr::LOCALHOST.into();\n\
             let _ = crate::net::here();\n\
             writeln!(w, \"{d:?}\")?;\n\
             Ok(now + d)\n\
         }\n\
         pub fn lifetimes<'a>(s: &'a str) -> &'a str { s }\n\
         #[cfg(test)]\n\
         mod tests {\n\
             use std::fs;\n\
             #[test]\n\
             fn t() { println!(\"{:?}\", fs::read(\"x\")); let _ = std::time::Instant::now(); }\n\
         }\n\
         #[cfg(test)]\n\
         mod more;\n",
    );
    t.write(
        "crates/pure/src/net.rs",
        "//! A module named like std's.\npub fn here() -> u8 { 1 }\n",
    );
    t.write(
        "crates/pure/src/more.rs",
        "use std::thread;\n#[test]\nfn t() { thread::spawn(|| eprintln!(\"x\")); }\n",
    );
    t.write(
        "crates/pure/tests/it.rs",
        "#[test]\nfn t() { std::fs::write(\"x\", \"\").ok(); }\n",
    );
    t.write(
        "crates/sys/Cargo.toml",
        "[package]\nname = \"sys\"\n[dependencies]\npure = { path = \"../pure\" }\nlibc.workspace = true\n",
    );
    t.write(
        "crates/sys/src/lib.rs",
        "//! Sys.\npub fn pid() -> i32 {\n    // SAFETY: no preconditions.\n    unsafe { libc::getpid() }\n}\n",
    );
    t.write(
        "crates/io/Cargo.toml",
        "[package]\nname = \"io\"\n[dependencies]\nsys = { path = \"../sys\" }\npure = { path = \"../pure\" }\n",
    );
    t.write(
        "crates/io/src/lib.rs",
        "//! I/O.\n#![forbid(unsafe_code)]\npub fn read() -> String { std::fs::read_to_string(\"x\").unwrap_or_default() }\n",
    );
    t.write(
        "crates/kit/Cargo.toml",
        "[package]\nname = \"kit\"\n[dependencies]\nlibc.workspace = true\npure = { path = \"../pure\" }\n",
    );
    t.write(
        "crates/kit/src/lib.rs",
        "//! Dev-only.\npub fn exit() {\n    // SAFETY: none.\n    unsafe { libc::exit(0) }\n}\n",
    );
    t.write(
        "src/main.rs",
        "//! The binary.\n#![forbid(unsafe_code)]\nmod cmd;\nfn main() { println!(\"{}\", cmd::a::run()); }\n",
    );
    t.write(
        "src/cmd/mod.rs",
        "//! Commands.\npub mod a;\npub mod b;\npub fn shared() -> u8 { b::run() }\n",
    );
    t.write(
        "src/cmd/a.rs",
        "//! a.\nuse super::shared;\nmod b { pub fn x() -> u8 { 0 } }\n\
         pub fn run() -> u8 { shared() + b::x() + self::b::x() }\n",
    );
    t.write("src/cmd/b.rs", "//! b.\npub fn run() -> u8 { 2 }\n");
    t.write("target/debug/huge.rs", &"unsafe\n".repeat(2000));
    t.write("fuzz/corpus/x/huge.rs", &"\n".repeat(2000));
    t.write(
        DOC,
        &format!("# Map\n\n{DOC_BEGIN}\n{}{DOC_END}\n", render(FAKE)),
    );
    t
}

fn found(t: &Tree) -> Vec<Violation> {
    violations(&t.0, FAKE).unwrap()
}

/// The (rule, path, line) of each violation.
fn summary(t: &Tree) -> Vec<(Rule, String, usize)> {
    found(t)
        .into_iter()
        .map(|v| (v.rule, v.path, v.line))
        .collect()
}

fn one(rule: Rule, path: &str, line: usize) -> Vec<(Rule, String, usize)> {
    vec![(rule, path.to_string(), line)]
}

#[test]
fn a_clean_tree_passes() {
    let t = clean();
    assert_eq!(found(&t), Vec::new());
    let report = check(&t.0, FAKE).unwrap();
    assert!(report.failures.is_empty() && report.allowed.is_empty());
}

#[test]
fn unsafe_outside_sys_fires() {
    let t = clean();
    t.write(
        "crates/io/src/lib.rs",
        "//! I/O.\n#![forbid(unsafe_code)]\nunsafe fn f() {}\npub unsafe trait T {}\n",
    );
    assert_eq!(
        summary(&t),
        vec![
            (Rule::Unsafe, "crates/io/src/lib.rs".into(), 3),
            (Rule::Unsafe, "crates/io/src/lib.rs".into(), 4)
        ]
    );
    // Tests and examples are not exempt.
    let t = clean();
    t.write("crates/io/tests/t.rs", "fn f() { unsafe {} }\n");
    assert_eq!(summary(&t), one(Rule::Unsafe, "crates/io/tests/t.rs", 1));
}

#[test]
fn a_crate_root_without_forbid_fires() {
    let t = clean();
    t.write("crates/io/src/lib.rs", "//! I/O.\npub fn f() {}\n");
    assert_eq!(summary(&t), one(Rule::Unsafe, "crates/io/src/lib.rs", 1));
}

#[test]
fn libc_outside_sys_fires_in_code_and_manifests() {
    let t = clean();
    t.write(
        "crates/io/src/lib.rs",
        "//! I/O.\n#![forbid(unsafe_code)]\npub const X: i32 = libc::EINTR;\n",
    );
    assert_eq!(summary(&t), one(Rule::Libc, "crates/io/src/lib.rs", 3));
    let t = clean();
    t.write(
        "crates/io/Cargo.toml",
        "[package]\nname = \"io\"\n[dependencies]\nsys = { path = \"../sys\" }\n\
         [dev-dependencies]\nlibc = \"0.2\"\n",
    );
    let v = found(&t);
    assert_eq!(v.len(), 1, "{v:#?}");
    assert_eq!((v[0].rule, v[0].line), (Rule::Libc, 6));
    assert_eq!(v[0].subject, "crates/io/Cargo.toml[dev-dependencies.libc]");
}

#[test]
fn io_in_a_pure_crate_fires() {
    let t = clean();
    t.write(
        "crates/pure/src/net.rs",
        "//! Every kind of I/O.\n\
         use std::fs;\n\
         use std::{thread, env::var};\n\
         use std::io::{self, stdout};\n\
         use std::net::TcpStream as S;\n\
         use std::time::{Instant, SystemTime};\n\
         pub fn here() -> u8 {\n\
             let _ = fs::read(\"x\");\n\
             let _ = io::stderr();\n\
             let _ = Instant::now();\n\
             let _ = std::time::SystemTime::now();\n\
             println!(\"x\");\n\
             let _ = ::std::process::id();\n\
             1\n\
         }\n",
    );
    let lines: Vec<usize> = found(&t)
        .iter()
        .map(|v| {
            assert_eq!(
                (v.rule, v.path.as_str()),
                (Rule::Io, "crates/pure/src/net.rs")
            );
            v.line
        })
        .collect();
    // `use std::fs;` and `use std::time::{...}` name no I/O yet; their uses do.
    assert_eq!(lines, vec![3, 4, 5, 8, 9, 10, 11, 12, 13]);
}

#[test]
fn a_pure_crate_depending_on_sys_fires() {
    let t = clean();
    t.write(
        "crates/pure/Cargo.toml",
        "[package]\nname = \"pure\"\n[dependencies]\nsys = { path = \"../sys\" }\n",
    );
    let rules: Vec<Rule> = found(&t).iter().map(|v| v.rule).collect();
    // The I/O rule, and the arrow up the graph.
    assert_eq!(rules, vec![Rule::Io, Rule::Layers]);
}

#[test]
fn a_command_importing_another_fires() {
    for (code, line) in [
        (
            "//! a.\nuse crate::cmd::b;\npub fn run() -> u8 { b::run() }\n",
            2,
        ),
        ("//! a.\npub fn run() -> u8 {\n    super::b::run()\n}\n", 3),
        (
            "//! a.\nuse super::{shared, b::run as r};\npub fn run() -> u8 { shared() + r() }\n",
            2,
        ),
    ] {
        let t = clean();
        t.write("src/cmd/a.rs", code);
        assert_eq!(
            summary(&t),
            one(Rule::CmdImport, "src/cmd/a.rs", line),
            "{code}"
        );
    }
}

#[test]
fn promisc_sys_in_the_binary_fires() {
    let t = clean();
    t.write(
        "src/cmd/b.rs",
        "//! b.\npub fn run() -> u8 {\n    promisc_sys::x()\n}\n",
    );
    assert_eq!(summary(&t), one(Rule::BinSys, "src/cmd/b.rs", 3));
}

#[test]
fn a_long_file_fires() {
    let t = clean();
    t.write("crates/io/tests/ok.rs", &"\n".repeat(MAX_LINES));
    t.write("crates/io/tests/long.rs", &"\n".repeat(MAX_LINES + 1));
    assert_eq!(
        summary(&t),
        one(Rule::FileSize, "crates/io/tests/long.rs", 0)
    );
}

#[test]
fn an_arrow_up_the_graph_fires() {
    let t = clean();
    t.write(
        "crates/io/Cargo.toml",
        "[package]\nname = \"io\"\n[dependencies]\nsys = { path = \"../sys\" }\n\
         [target.'cfg(unix)'.dependencies]\nthe-bin = { path = \"../..\", package = \"bin\" }\n",
    );
    let v = found(&t);
    assert_eq!(v.len(), 1, "{v:#?}");
    assert_eq!((v[0].rule, v[0].line), (Rule::Layers, 6));
    assert_eq!(v[0].subject, "crates/io/Cargo.toml[dependencies.bin]");
}

#[test]
fn a_dev_only_crate_as_a_dependency_fires() {
    let t = clean();
    t.write(
        "crates/io/Cargo.toml",
        "[package]\nname = \"io\"\n[dependencies]\nkit = { path = \"../kit\" }\n",
    );
    assert_eq!(summary(&t), one(Rule::Layers, "crates/io/Cargo.toml", 4));
}

#[test]
fn a_crate_missing_from_the_table_and_a_stale_row_fire() {
    let t = clean();
    t.write("crates/new/Cargo.toml", "[package]\nname = \"new\"\n");
    t.write(
        "crates/new/src/lib.rs",
        "//! New.\n#![forbid(unsafe_code)]\n",
    );
    assert_eq!(summary(&t), one(Rule::Layers, "crates/new/Cargo.toml", 0));
    let mut more = FAKE.to_vec();
    more.push(Layer {
        name: "gone",
        kind: Kind::Io,
        deps: &[],
    });
    let t = clean();
    t.write(DOC, &format!("{DOC_BEGIN}\n{}{DOC_END}\n", render(&more)));
    let v = violations(&t.0, &more).unwrap();
    assert_eq!(v.len(), 1, "{v:#?}");
    assert_eq!(
        (v[0].rule, v[0].subject.as_str()),
        (Rule::Layers, "LAYERS[gone]")
    );
}

#[test]
fn a_table_that_is_not_a_layering_fires() {
    let mut bad = FAKE.to_vec();
    bad[0].deps = &["bin"];
    assert_eq!(table_errors(&bad).len(), 1);
    let mut impure = FAKE.to_vec();
    impure.swap(0, 1);
    impure[1].deps = &["sys"];
    impure[0].deps = &[];
    assert_eq!(
        table_errors(&impure).len(),
        1,
        "{:?}",
        table_errors(&impure)
    );
    let t = clean();
    t.write(DOC, &format!("{DOC_BEGIN}\n{}{DOC_END}\n", render(&bad)));
    let v = violations(&t.0, &bad).unwrap();
    assert!(v.iter().any(|v| v.subject == "LAYERS"), "{v:#?}");
}

#[test]
fn a_stale_doc_table_fires() {
    let t = clean();
    let doc = std::fs::read_to_string(t.0.join(DOC)).unwrap();
    t.write(DOC, &doc.replace("`io`", "`sys`"));
    assert_eq!(summary(&t), one(Rule::DocTable, DOC, 3));
    t.write(DOC, "# Map\n");
    assert_eq!(summary(&t), one(Rule::DocTable, DOC, 0));
}

#[test]
fn the_allow_list_tolerates_its_entries_and_nothing_else() {
    let t = clean();
    t.write(
        "src/cmd/b.rs",
        "//! b.\npub fn run() -> u8 { promisc_sys::x() }\n",
    );
    t.write("crates/io/tests/long.rs", &"\n".repeat(MAX_LINES + 1));
    t.write(
        ALLOW_FILE,
        "# comment\n\nbin-sys src/cmd/b.rs  # moving to the app layer\n",
    );
    let report = check(&t.0, FAKE).unwrap();
    assert_eq!(report.allowed.len(), 1);
    assert_eq!(report.failures.len(), 1);
    assert_eq!(report.failures[0].rule, Rule::FileSize);

    // A stale entry, a missing reason, an unknown rule and a repeated line each fail.
    t.write("src/cmd/b.rs", "//! b.\npub fn run() -> u8 { 2 }\n");
    t.write(
        ALLOW_FILE,
        "bin-sys src/cmd/b.rs  # fixed since\nfile-size crates/io/tests/long.rs\n\
         nope x # y\nfile-size crates/io/tests/long.rs # a\nfile-size crates/io/tests/long.rs # b\n",
    );
    let report = check(&t.0, FAKE).unwrap();
    let lines: Vec<(Rule, usize)> = report.failures.iter().map(|v| (v.rule, v.line)).collect();
    assert_eq!(
        lines,
        vec![
            (Rule::AllowList, 1),
            (Rule::AllowList, 2),
            (Rule::AllowList, 3),
            (Rule::AllowList, 5)
        ]
    );
    assert_eq!(report.allowed.len(), 1);
}

#[test]
fn the_real_table_is_a_layering_with_every_pure_crate() {
    assert_eq!(table_errors(LAYERS), Vec::<String>::new());
    let pure: Vec<&str> = LAYERS
        .iter()
        .filter(|l| l.kind == Kind::Pure)
        .map(|l| l.name)
        .collect();
    for name in [
        "promisc-facts",
        "promisc-state",
        "promisc-wire",
        "promisc-filter",
        "promisc-vswitch",
        "promisc-doctor",
        "promisc-detect",
        "promisc-savefile",
    ] {
        assert!(pure.contains(&name), "{name}");
    }
    let printed = render(LAYERS);
    assert_eq!(printed.lines().count(), LAYERS.len() + 2);
    assert!(printed.contains("| 0 | `promisc-facts` |"));
    assert!(printed.contains("| 1 | `promisc-sys` |"));
}

#[test]
fn the_lexer_hides_comments_and_literals() {
    let src = "a /* b /* c */ d */ e // f\n\"g\\\"h\" r##\"i\"#j\"## 'k' '\\'' 'l m\nb'n' 1u8 r#match ::o";
    let toks = tokenize(src);
    let idents: Vec<(String, usize)> = toks
        .iter()
        .filter_map(|t| match &t.tok {
            Tok::Ident(s) => Some((s.clone(), t.line)),
            _ => None,
        })
        .collect();
    let want = [("a", 1), ("e", 1), ("m", 2), ("match", 3), ("o", 3)];
    assert_eq!(
        idents,
        want.iter()
            .map(|(s, l)| (s.to_string(), *l))
            .collect::<Vec<_>>()
    );
}

#[test]
fn cfg_test_items_are_skipped_to_their_end() {
    let src = "fn a() {}\n#[cfg(test)]\n#[allow(x)]\nmod t { fn b() { {} } }\nfn c() {}\n\
               #[cfg(test)] use x::{y, z};\n#[cfg(test)]\npub mod file;\nfn d() {}\n";
    let (kept, mods) = strip_cfg_test(&tokenize(src));
    let names: Vec<&str> = kept
        .iter()
        .filter_map(|t| match &t.tok {
            Tok::Ident(s) if s.len() == 1 => Some(s.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(names, vec!["a", "c", "d"]);
    assert_eq!(mods, vec!["file".to_string()]);
}
