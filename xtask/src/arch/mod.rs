//! `cargo xtask arch`: the rules of docs/ARCHITECTURE.md, checked.
//!
//! Each [`Rule`] is detected on tokens ([`lex`]: comments and literals never match) or on the
//! manifests ([`layers`]); every violation is one line `path:line: rule: what; fix: how`.
//! Violations listed in `xtask/arch-allow.txt` (`rule subject  # reason`, the subject being
//! the path the violation names) are tolerated while other work removes them; an entry that
//! matches no violation is itself a violation, so the list cannot outlive its reasons.
//!
//! `cargo xtask arch --all` also prints the allowed violations; `cargo xtask arch --table`
//! prints the crate map for docs/ARCHITECTURE.md.

pub mod layers;
pub mod lex;
mod paths;
#[cfg(test)]
pub(crate) mod tests;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use layers::{DepKind, Kind, Layer, Member};
use lex::{Tok, Token};

/// The longest a source file may be, in lines.
pub const MAX_LINES: usize = 1000;
/// The allow-list, relative to the workspace root.
pub const ALLOW_FILE: &str = "xtask/arch-allow.txt";
/// The document that prints the crate map, relative to the workspace root.
pub const DOC: &str = "docs/ARCHITECTURE.md";
/// Where the table is defined, relative to the workspace root (named by violations of it).
pub const TABLE_FILE: &str = "xtask/src/arch/layers.rs";
/// The line before the crate map in [`DOC`].
pub const DOC_BEGIN: &str = "<!-- layers: `cargo xtask arch --table` prints this table and `cargo xtask arch` checks it -->";
/// The line after the crate map in [`DOC`].
pub const DOC_END: &str = "<!-- end of layers -->";

/// I/O in a pure crate: a path starting with one of these (for `module` entries, a path
/// reaching into the module: importing the module's name alone is not yet I/O).
pub const IO_PATHS: &[(&[&str], bool)] = &[
    (&["std", "fs"], true),
    (&["std", "net"], true),
    (&["std", "process"], true),
    (&["std", "thread"], true),
    (&["std", "env"], true),
    (&["std", "os", "unix", "fs"], true),
    (&["std", "os", "unix", "net"], true),
    (&["std", "os", "unix", "process"], true),
    (&["std", "os", "unix", "thread"], true),
    (&["std", "io", "stdin"], false),
    (&["std", "io", "stdout"], false),
    (&["std", "io", "stderr"], false),
    (&["std", "io", "Stdin"], false),
    (&["std", "io", "Stdout"], false),
    (&["std", "io", "Stderr"], false),
    (&["std", "time", "Instant", "now"], false),
    (&["std", "time", "SystemTime", "now"], false),
];

/// The values of `std::net` that are plain data (addresses), allowed in pure crates.
pub const NET_VALUES: &[&str] = &[
    "IpAddr",
    "Ipv4Addr",
    "Ipv6Addr",
    "Ipv6MulticastScope",
    "SocketAddr",
    "SocketAddrV4",
    "SocketAddrV6",
    "AddrParseError",
];

/// The macros that print (I/O in a pure crate).
pub const PRINT_MACROS: &[&str] = &["println", "eprintln", "print", "eprint", "dbg"];

/// A rule of docs/ARCHITECTURE.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rule {
    /// `unsafe` outside `promisc-sys` (and the dev-only testkit), or a crate root without
    /// `#![forbid(unsafe_code)]`.
    Unsafe,
    /// The `libc` crate used or depended on outside `promisc-sys` (and the testkit).
    Libc,
    /// I/O in a pure crate's `src/` (outside `#[cfg(test)]`), or a pure crate depending on
    /// `promisc-sys` or `libc`.
    Io,
    /// A command (`src/cmd/X.rs`) importing another command.
    CmdImport,
    /// `promisc_sys` used in the binary's `src/`.
    BinSys,
    /// A source file longer than [`MAX_LINES`].
    FileSize,
    /// A dependency arrow the crate map does not have, a crate the map does not place, or a
    /// map row naming no crate.
    Layers,
    /// docs/ARCHITECTURE.md's copy of the crate map differs from the table.
    DocTable,
    /// An allow-list line that is malformed or matches no violation.
    AllowList,
}

impl Rule {
    /// Every rule.
    pub const ALL: [Rule; 9] = [
        Rule::Unsafe,
        Rule::Libc,
        Rule::Io,
        Rule::CmdImport,
        Rule::BinSys,
        Rule::FileSize,
        Rule::Layers,
        Rule::DocTable,
        Rule::AllowList,
    ];

    /// Its name (in reports and in the allow-list).
    pub fn name(self) -> &'static str {
        match self {
            Rule::Unsafe => "unsafe",
            Rule::Libc => "libc",
            Rule::Io => "io",
            Rule::CmdImport => "cmd-import",
            Rule::BinSys => "bin-sys",
            Rule::FileSize => "file-size",
            Rule::Layers => "layers",
            Rule::DocTable => "doc-table",
            Rule::AllowList => "allow-list",
        }
    }

    /// How to fix a violation.
    pub fn fix(self) -> &'static str {
        match self {
            Rule::Unsafe => {
                "move the code into promisc-sys behind a safe function (each unsafe block with a \
                 `// SAFETY:` note); every other crate root says #![forbid(unsafe_code)]"
            }
            Rule::Libc => "make the call through a function of promisc-sys",
            Rule::Io => {
                "pass the value in (the time, the bytes, a Read/Write, a trait the caller \
                 implements) and do the I/O in promisc-app or promisc-sys"
            }
            Rule::CmdImport => {
                "move what both commands need into promisc-app (or the binary's src/exit.rs, \
                 src/flags/) and call it from each"
            }
            Rule::BinSys => "call a function of promisc-app that does it",
            Rule::FileSize => "split the file into modules",
            Rule::Layers => {
                "depend only on the crates xtask/src/arch/layers.rs allows; if the arrow or the \
                 crate is right, change the table there and paste `cargo xtask arch --table` \
                 into docs/ARCHITECTURE.md"
            }
            Rule::DocTable => {
                "paste the output of `cargo xtask arch --table` between the layers markers of \
                 docs/ARCHITECTURE.md"
            }
            Rule::AllowList => {
                "remove the line from xtask/arch-allow.txt (lines are `rule subject  # reason`)"
            }
        }
    }

    fn from_name(s: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.name() == s)
    }
}

/// One broken rule.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Violation {
    /// The file, relative to the workspace root.
    pub path: String,
    /// The line, 1-based; 0 for the whole file.
    pub line: usize,
    /// The rule.
    pub rule: Rule,
    /// What the allow-list names: the path, or for a dependency
    /// `MANIFEST[dependencies.PACKAGE]`, for a table row `LAYERS[CRATE]`.
    pub subject: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
        }
        write!(
            f,
            ": {}: {}; fix: {}",
            self.rule.name(),
            self.message,
            self.rule.fix()
        )
    }
}

/// The outcome of a check with its allow-list applied.
#[derive(Debug, Default)]
pub struct Report {
    /// Violations not on the allow-list (including the allow-list's own problems).
    pub failures: Vec<Violation>,
    /// Violations the allow-list tolerates.
    pub allowed: Vec<Violation>,
}

/// `cargo xtask arch [--all | --table]` on the workspace at `root`.
pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    let all = match args {
        [] => false,
        [a] if a == "--all" => true,
        [a] if a == "--table" => {
            print!("{}", layers::render(layers::LAYERS));
            return Ok(());
        }
        _ => return Err("usage: cargo xtask arch [--all | --table]".into()),
    };
    let report = check(root, layers::LAYERS)?;
    for v in &report.failures {
        println!("{v}");
    }
    if all {
        for v in &report.allowed {
            println!("(allowed) {v}");
        }
    }
    let allowed = format!(
        "{} allowed by {ALLOW_FILE}{}",
        report.allowed.len(),
        if all || report.allowed.is_empty() {
            ""
        } else {
            ", --all lists them"
        }
    );
    if report.failures.is_empty() {
        println!("cargo xtask arch: no violations ({allowed})");
        Ok(())
    } else {
        Err(format!(
            "{} violations of docs/ARCHITECTURE.md's rules ({allowed})",
            report.failures.len()
        ))
    }
}

/// Checks the workspace at `root` against `layers` and applies [`ALLOW_FILE`].
pub fn check(root: &Path, layers: &[Layer]) -> Result<Report, String> {
    let found = violations(root, layers)?;
    let allow = match std::fs::read_to_string(root.join(ALLOW_FILE)) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("{ALLOW_FILE}: {e}")),
    };
    Ok(apply_allow_list(found, &allow))
}

/// Splits `found` into failures and allowed ones by the allow-list `text`, adding a failure
/// for each malformed or unused line.
pub fn apply_allow_list(found: Vec<Violation>, text: &str) -> Report {
    let mut report = Report::default();
    let mut entries: Vec<(usize, Rule, String, bool)> = Vec::new();
    let bad = |line: usize, message: String| Violation {
        path: ALLOW_FILE.into(),
        line,
        rule: Rule::AllowList,
        subject: ALLOW_FILE.into(),
        message,
    };
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (entry, reason) = line.split_once('#').unwrap_or((line, ""));
        let fields: Vec<&str> = entry.split_whitespace().collect();
        let rule = fields.first().and_then(|r| Rule::from_name(r));
        match (rule, fields.len(), reason.trim().is_empty()) {
            (Some(rule), 2, false) if rule != Rule::AllowList => {
                if entries.iter().any(|e| e.1 == rule && e.2 == fields[1]) {
                    report
                        .failures
                        .push(bad(n + 1, format!("`{line}` repeats an earlier line")));
                } else {
                    entries.push((n + 1, rule, fields[1].to_string(), false));
                }
            }
            _ => report.failures.push(bad(
                n + 1,
                format!(
                    "`{line}` is not `RULE SUBJECT  # reason` (rules: {})",
                    Rule::ALL[..Rule::ALL.len() - 1]
                        .iter()
                        .map(|r| r.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }
    for v in found {
        match entries
            .iter_mut()
            .find(|e| e.1 == v.rule && e.2 == v.subject)
        {
            Some(e) => {
                e.3 = true;
                report.allowed.push(v);
            }
            None => report.failures.push(v),
        }
    }
    for (line, rule, subject, used) in entries {
        if !used {
            report.failures.push(bad(
                line,
                format!("`{} {subject}` matches no violation any more", rule.name()),
            ));
        }
    }
    report.failures.sort();
    report.allowed.sort();
    report
}

/// A source file, read and tokenized.
struct Source {
    path: String,
    lines: usize,
    toks: Vec<Token>,
}

/// Every violation in the workspace at `root`, before the allow-list.
pub fn violations(root: &Path, layers: &[Layer]) -> Result<Vec<Violation>, String> {
    let members = layers::members(root)?;
    let mut out = Vec::new();
    check_manifests(root, &members, layers, &mut out);
    check_doc(root, layers, &mut out);

    let mut files = Vec::new();
    walk(root, "", &mut files)?;
    let mut sources = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(root.join(&path)).map_err(|e| format!("{path}: {e}"))?;
        sources.push(Source {
            lines: text.lines().count(),
            toks: lex::tokenize(&text),
            path,
        });
    }
    // Files of modules declared `#[cfg(test)] mod NAME;` are test code.
    let mut test_files: Vec<String> = Vec::new();
    for s in &sources {
        let (_, mods) = lex::strip_cfg_test(&s.toks);
        let dir = module_dir(&s.path);
        for m in mods {
            test_files.push(format!("{dir}{m}.rs"));
            test_files.push(format!("{dir}{m}/"));
        }
    }
    let is_test_file = |p: &str| {
        test_files
            .iter()
            .any(|t| p == t || (t.ends_with('/') && p.starts_with(t.as_str())))
    };

    for s in &sources {
        let mut v = |line: usize, rule: Rule, message: String| {
            out.push(Violation {
                path: s.path.clone(),
                line,
                rule,
                subject: s.path.clone(),
                message,
            })
        };
        if s.lines > MAX_LINES {
            v(
                0,
                Rule::FileSize,
                format!("{} lines, more than {MAX_LINES}", s.lines),
            );
        }
        let member = owner(&members, &s.path);
        let kind = member.and_then(|m| layers.iter().find(|l| l.name == m.name).map(|l| l.kind));
        let crate_name = member.map_or("the workspace", |m| m.name.as_str());
        if !kind.is_some_and(Kind::may_be_unsafe) {
            for line in lines_with(&s.toks, |t| t.is_ident("unsafe")) {
                v(
                    line,
                    Rule::Unsafe,
                    format!("`unsafe` in {crate_name}, outside promisc-sys"),
                );
            }
            for line in lines_with(&s.toks, |t| t.is_ident("libc")) {
                v(
                    line,
                    Rule::Libc,
                    format!("`libc` used in {crate_name}, outside promisc-sys"),
                );
            }
        }
        let Some(member) = member else { continue };
        let src = if member.dir == "." {
            "src/".to_string()
        } else {
            format!("{}/src/", member.dir)
        };
        let Some(in_src) = s.path.strip_prefix(&src) else {
            continue;
        };
        let is_root = in_src == "lib.rs"
            || in_src == "main.rs"
            || (in_src.starts_with("bin/") && !in_src[4..].contains('/'));
        if is_root && !kind.is_some_and(Kind::may_be_unsafe) && !forbids_unsafe(&s.toks) {
            v(
                1,
                Rule::Unsafe,
                format!("the crate root of {crate_name} lacks #![forbid(unsafe_code)]"),
            );
        }
        if kind == Some(Kind::Binary) {
            for line in lines_with(&s.toks, |t| t.is_ident("promisc_sys")) {
                v(
                    line,
                    Rule::BinSys,
                    "the binary uses promisc_sys directly".into(),
                );
            }
        }
        if is_test_file(&s.path) {
            continue;
        }
        let (code, _) = lex::strip_cfg_test(&s.toks);
        let module = module_path(in_src);
        let used = paths::used_paths(&code, &module);
        if kind == Some(Kind::Pure) {
            for u in &used {
                if u.via.as_deref().and_then(io_path).is_some() {
                    continue;
                }
                if let Some(what) = io_path(&u.path) {
                    v(
                        u.line,
                        Rule::Io,
                        format!(
                            "`{}` ({what}) in the pure crate {crate_name}",
                            u.path.join("::")
                        ),
                    );
                }
            }
            for (k, t) in code.iter().enumerate() {
                if let Tok::Ident(m) = &t.tok {
                    if PRINT_MACROS.contains(&m.as_str())
                        && code.get(k + 1).is_some_and(|n| n.is_punct('!'))
                    {
                        v(
                            t.line,
                            Rule::Io,
                            format!("`{m}!` prints, in the pure crate {crate_name}"),
                        );
                    }
                }
            }
        }
        if kind == Some(Kind::Binary) {
            if let Some(own) = in_src.strip_prefix("cmd/") {
                let own = own.split('/').next().unwrap_or(own).trim_end_matches(".rs");
                let commands = commands(root, &src);
                if own != "mod" {
                    let other = |path: &[String]| {
                        (path.len() >= 3
                            && path[0] == "crate"
                            && path[1] == "cmd"
                            && path[2] != own
                            && commands.contains(&path[2]))
                        .then(|| path[2].clone())
                    };
                    let mut lines = BTreeSet::new();
                    for u in &used {
                        if u.via.as_deref().and_then(other).is_some() {
                            continue;
                        }
                        if let Some(cmd) = other(&u.path) {
                            if lines.insert((u.line, cmd.clone())) {
                                v(
                                    u.line,
                                    Rule::CmdImport,
                                    format!("the command {own} uses the command {cmd}"),
                                );
                            }
                        }
                    }
                }
            }
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// The lines (once each) of the tokens that satisfy `f`.
fn lines_with(toks: &[Token], f: impl Fn(&Token) -> bool) -> BTreeSet<usize> {
    toks.iter().filter(|t| f(t)).map(|t| t.line).collect()
}

/// Whether the tokens hold the attribute `forbid(unsafe_code ...)`.
fn forbids_unsafe(toks: &[Token]) -> bool {
    toks.windows(3)
        .any(|w| w[0].is_ident("forbid") && w[1].is_punct('(') && w[2].is_ident("unsafe_code"))
}

/// The I/O that `path` (resolved) reaches, if any.
pub fn io_path(path: &[String]) -> Option<String> {
    let starts = |p: &[&str]| path.len() >= p.len() && path.iter().zip(p).all(|(a, b)| a == b);
    if starts(&["std", "net"])
        && path
            .get(2)
            .is_some_and(|v| NET_VALUES.contains(&v.as_str()))
    {
        return None;
    }
    for (prefix, module) in IO_PATHS {
        if starts(prefix) && (!module || path.len() > prefix.len()) {
            return Some(prefix.join("::"));
        }
    }
    if path.len() == 2 && (path[0] == "Instant" || path[0] == "SystemTime") && path[1] == "now" {
        return Some(format!("std::time::{}::now", path[0]));
    }
    None
}

/// The commands of the binary whose `src/` is `src`: the modules under `src/cmd/`.
fn commands(root: &Path, src: &str) -> BTreeSet<String> {
    std::fs::read_dir(root.join(src).join("cmd"))
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .map(|e| {
            e.file_name()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_string()
        })
        .filter(|n| n != "mod")
        .collect()
}

/// The module path (`crate`, ...) of a file, given its path under `src/`.
fn module_path(in_src: &str) -> Vec<String> {
    let mut m = vec!["crate".to_string()];
    let parts: Vec<&str> = in_src.split('/').collect();
    for (k, p) in parts.iter().enumerate() {
        let last = k + 1 == parts.len();
        let name = p.trim_end_matches(".rs");
        if last && (name == "lib" || name == "main" || name == "mod") {
            break;
        }
        if !(k == 0 && *p == "bin") {
            m.push(name.to_string());
        }
    }
    m
}

/// The directory a file's child modules live in, with a trailing `/`: its own directory for
/// `lib.rs`, `main.rs` and `mod.rs`, else `dir/stem/`.
fn module_dir(path: &str) -> String {
    let (dir, file) = path.rsplit_once('/').unwrap_or(("", path));
    let dir = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    match file {
        "lib.rs" | "main.rs" | "mod.rs" => dir,
        _ => format!("{dir}{}/", file.trim_end_matches(".rs")),
    }
}

/// The member whose directory holds `path` (the deepest one: the root package holds all).
fn owner<'a>(members: &'a [Member], path: &str) -> Option<&'a Member> {
    members
        .iter()
        .filter(|m| m.dir == "." || path.starts_with(&format!("{}/", m.dir)))
        .max_by_key(|m| if m.dir == "." { 0 } else { m.dir.len() })
}

/// Every `.rs` file under `root/rel`, except in `target/`, hidden directories and
/// `fuzz/corpus`, as `/`-separated paths relative to `root`, sorted.
pub(crate) fn walk(root: &Path, rel: &str, out: &mut Vec<String>) -> Result<(), String> {
    let dir = root.join(rel);
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok())
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().to_string();
        let path = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            if name == "target" || name.starts_with('.') || path == "fuzz/corpus" {
                continue;
            }
            walk(root, &path, out)?;
        } else if ft.is_file() && name.ends_with(".rs") {
            out.push(path);
        }
    }
    Ok(())
}

/// The manifest rules: the layer table, `libc` and pure crates' dependencies.
fn check_manifests(root: &Path, members: &[Member], layers: &[Layer], out: &mut Vec<Violation>) {
    let table_text = std::fs::read_to_string(root.join(TABLE_FILE)).unwrap_or_default();
    let table_line = |name: &str| {
        table_text
            .lines()
            .position(|l| l.contains(&format!("\"{name}\"")))
            .map_or(0, |n| n + 1)
    };
    for e in layers::table_errors(layers) {
        out.push(Violation {
            path: TABLE_FILE.into(),
            line: 0,
            rule: Rule::Layers,
            subject: "LAYERS".into(),
            message: format!("the table is not a layering: {e}"),
        });
    }
    for l in layers {
        if !members.iter().any(|m| m.name == l.name) {
            out.push(Violation {
                path: TABLE_FILE.into(),
                line: table_line(l.name),
                rule: Rule::Layers,
                subject: format!("LAYERS[{}]", l.name),
                message: format!(
                    "the table places {}, which is not a workspace member",
                    l.name
                ),
            });
        }
    }
    let by_name: BTreeMap<&str, &Layer> = layers.iter().map(|l| (l.name, l)).collect();
    let member_names: BTreeSet<&str> = members.iter().map(|m| m.name.as_str()).collect();
    for m in members {
        let Some(row) = by_name.get(m.name.as_str()) else {
            out.push(Violation {
                path: m.manifest.clone(),
                line: 0,
                rule: Rule::Layers,
                subject: m.manifest.clone(),
                message: format!("{} is not in the layer table", m.name),
            });
            continue;
        };
        for d in &m.deps {
            let mut v = |rule: Rule, message: String| {
                out.push(Violation {
                    path: m.manifest.clone(),
                    line: d.line,
                    rule,
                    subject: format!("{}[{}.{}]", m.manifest, d.kind.table(), d.package),
                    message,
                })
            };
            let shipped = d.kind != DepKind::Dev;
            if d.package == "libc" && !row.kind.may_be_unsafe() {
                v(Rule::Libc, format!("{} depends on libc", m.name));
            }
            let target = by_name.get(d.package.as_str()).map(|l| l.kind);
            if shipped
                && row.kind == Kind::Pure
                && (d.package == "libc" || matches!(target, Some(Kind::Sys | Kind::Io)))
            {
                v(
                    Rule::Io,
                    format!("the pure crate {} depends on {}", m.name, d.package),
                );
            }
            if d.package == m.name || !member_names.contains(d.package.as_str()) {
                continue;
            }
            if target == Some(Kind::Tool) {
                v(
                    Rule::Layers,
                    format!("{} depends on the build tool {}", m.name, d.package),
                );
            } else if shipped && target == Some(Kind::DevOnly) {
                v(
                    Rule::Layers,
                    format!(
                        "{} depends on the dev-only {} outside [dev-dependencies]",
                        m.name, d.package
                    ),
                );
            } else if shipped && !row.deps.contains(&d.package.as_str()) {
                v(
                    Rule::Layers,
                    format!(
                        "{} -> {} is not an arrow of the crate map ({} may depend on: {})",
                        m.name,
                        d.package,
                        m.name,
                        if row.deps.is_empty() {
                            "nothing of ours".to_string()
                        } else {
                            row.deps.join(", ")
                        }
                    ),
                );
            }
        }
    }
}

/// The crate map printed in [`DOC`] between [`DOC_BEGIN`] and [`DOC_END`] must be
/// [`layers::render`]'s.
fn check_doc(root: &Path, layers: &[Layer], out: &mut Vec<Violation>) {
    let text = std::fs::read_to_string(root.join(DOC)).unwrap_or_default();
    let begin = text.lines().position(|l| l.trim() == DOC_BEGIN);
    let end = text.lines().position(|l| l.trim() == DOC_END);
    let (line, message) = match (begin, end) {
        (Some(b), Some(e)) if b < e => {
            let printed: Vec<&str> = text.lines().skip(b + 1).take(e - b - 1).collect();
            let printed = printed.join("\n");
            if printed.trim() == layers::render(layers).trim() {
                return;
            }
            (b + 1, "the crate map differs from the table".to_string())
        }
        _ => (
            0,
            format!("no crate map between the lines `{DOC_BEGIN}` and `{DOC_END}`"),
        ),
    };
    out.push(Violation {
        path: DOC.into(),
        line,
        rule: Rule::DocTable,
        subject: DOC.into(),
        message,
    });
}
