//! The crate map as data: which workspace crates exist, what kind each is (what its code may
//! do) and which of ours it may depend on. `cargo xtask arch` checks every manifest against
//! [`LAYERS`] and prints it (`--table`) for docs/ARCHITECTURE.md.
//!
//! Adding a crate: add one row, after every crate it depends on (a row names only crates
//! above it, so the graph cannot have a cycle), then run `cargo xtask arch --table` and paste
//! the output between the markers in docs/ARCHITECTURE.md. A workspace crate without a row
//! fails the check, so a new crate must be placed.

use std::collections::BTreeMap;
use std::path::Path;

/// What a crate's code may do, beyond depending on the crates its row names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// No I/O at all in `src/` (see [`super::IO_PATHS`]): fed values, returns values.
    Pure,
    /// `unsafe` and `libc`: every system call.
    Sys,
    /// I/O, through `promisc-sys` (no `unsafe`, no `libc`).
    Io,
    /// The binary: glue; `src/cmd/*.rs` import no other command and nothing of `promisc-sys`.
    Binary,
    /// Test support: only ever a `[dev-dependencies]` entry, never shipped, so it may use
    /// `libc` and `unsafe` (the skip gate's `atexit` summary).
    DevOnly,
    /// Build-time tools (`xtask`): a dependency of nothing.
    Tool,
}

impl Kind {
    /// Its name in the printed table.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Pure => "pure: no I/O",
            Kind::Sys => "`unsafe`, `libc`: every syscall",
            Kind::Io => "I/O through `sys`",
            Kind::Binary => "binary: glue",
            Kind::DevOnly => "dev-only: tests' support, may use `libc`",
            Kind::Tool => "build tool: a dependency of nothing",
        }
    }

    /// Whether the crate may contain `unsafe` and use `libc`.
    pub fn may_be_unsafe(self) -> bool {
        matches!(self, Kind::Sys | Kind::DevOnly)
    }
}

/// One row of the crate map.
#[derive(Clone, Copy, Debug)]
pub struct Layer {
    /// The package name.
    pub name: &'static str,
    /// What its code may do.
    pub kind: Kind,
    /// The workspace crates its `[dependencies]` and `[build-dependencies]` may name.
    pub deps: &'static [&'static str],
}

const fn row(name: &'static str, kind: Kind, deps: &'static [&'static str]) -> Layer {
    Layer { name, kind, deps }
}

/// The crate map, bottom first: every crate, its kind and the arrows it may have.
pub const LAYERS: &[Layer] = &[
    row("promisc-facts", Kind::Pure, &[]),
    row("promisc-wire", Kind::Pure, &["promisc-facts"]),
    row(
        "promisc-filter",
        Kind::Pure,
        &["promisc-facts", "promisc-wire"],
    ),
    row("promisc-savefile", Kind::Pure, &["promisc-wire"]),
    row("promisc-vswitch", Kind::Pure, &["promisc-facts"]),
    row("promisc-doctor", Kind::Pure, &["promisc-facts"]),
    row("promisc-detect", Kind::Pure, &[]),
    row("promisc-state", Kind::Pure, &["promisc-facts"]),
    row("promisc-sys", Kind::Sys, &["promisc-facts"]),
    row(
        "promisc-capture",
        Kind::Io,
        &[
            "promisc-sys",
            "promisc-wire",
            "promisc-filter",
            "promisc-savefile",
        ],
    ),
    row(
        "promisc-vswitchd",
        Kind::Io,
        &[
            "promisc-sys",
            "promisc-facts",
            "promisc-wire",
            "promisc-vswitch",
        ],
    ),
    row(
        "promisc-lab",
        Kind::Io,
        &["promisc-sys", "promisc-vswitch", "promisc-vswitchd"],
    ),
    row(
        "promisc-app",
        Kind::Io,
        &[
            "promisc-capture",
            "promisc-state",
            "promisc-sys",
            "promisc-facts",
            "promisc-wire",
            "promisc-filter",
            "promisc-savefile",
            "promisc-doctor",
            "promisc-detect",
            "promisc-vswitch",
        ],
    ),
    row(
        "promisc-exporter",
        Kind::Io,
        &["promisc-app", "promisc-state", "promisc-sys"],
    ),
    row(
        "promisc",
        Kind::Binary,
        &[
            "promisc-app",
            "promisc-exporter",
            "promisc-lab",
            "promisc-vswitchd",
            "promisc-facts",
            "promisc-state",
            "promisc-wire",
            "promisc-filter",
            "promisc-savefile",
            "promisc-vswitch",
            "promisc-doctor",
            "promisc-detect",
        ],
    ),
    row("promisc-testkit", Kind::DevOnly, &["promisc-wire"]),
    row("xtask", Kind::Tool, &["promisc"]),
];

/// The markdown table of `layers` (what `cargo xtask arch --table` prints and
/// docs/ARCHITECTURE.md holds): each crate's level (1 + the highest level among its
/// dependencies), kind and allowed dependencies.
pub fn render(layers: &[Layer]) -> String {
    let mut level: BTreeMap<&str, usize> = BTreeMap::new();
    let mut out =
        String::from("| level | crate | kind | may depend on (of ours) |\n|---|---|---|---|\n");
    for l in layers {
        let lv = l
            .deps
            .iter()
            .map(|d| level.get(d).map_or(0, |v| v + 1))
            .max()
            .unwrap_or(0);
        level.insert(l.name, lv);
        let short = |n: &str| n.strip_prefix("promisc-").unwrap_or(n).to_string();
        let deps = if l.deps.is_empty() {
            "nothing".to_string()
        } else {
            l.deps
                .iter()
                .map(|d| format!("`{}`", short(d)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push_str(&format!(
            "| {lv} | `{}` | {} | {deps} |\n",
            l.name,
            l.kind.describe()
        ));
    }
    out
}

/// Problems of the table itself: a row naming a crate that is not above it (a forward or
/// circular arrow), a name twice, a pure crate allowed to depend on one that is not.
pub fn table_errors(layers: &[Layer]) -> Vec<String> {
    let mut seen: Vec<&Layer> = Vec::new();
    let mut errors = Vec::new();
    for l in layers {
        if seen.iter().any(|s| s.name == l.name) {
            errors.push(format!("{} has two rows", l.name));
        }
        for d in l.deps {
            match seen.iter().find(|s| s.name == *d) {
                None => errors.push(format!(
                    "{} may depend on {d}, which is not above it in the table",
                    l.name
                )),
                Some(s) if l.kind == Kind::Pure && s.kind != Kind::Pure => errors.push(format!(
                    "the pure {} may depend on {d}, which is not pure",
                    l.name
                )),
                Some(_) => {}
            }
        }
        seen.push(l);
    }
    errors
}

/// Which section of a manifest a dependency is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DepKind {
    /// `[dependencies]` (or a `[target.*.dependencies]`).
    Normal,
    /// `[build-dependencies]`.
    Build,
    /// `[dev-dependencies]`.
    Dev,
}

impl DepKind {
    /// The table's name in a manifest.
    pub fn table(self) -> &'static str {
        match self {
            DepKind::Normal => "dependencies",
            DepKind::Build => "build-dependencies",
            DepKind::Dev => "dev-dependencies",
        }
    }
}

/// One dependency of a workspace crate.
#[derive(Clone, Debug)]
pub struct Dep {
    /// The package it names (after `package = ...` renames).
    pub package: String,
    /// Its section.
    pub kind: DepKind,
    /// The manifest line that declares it (1-based; 0 if not found).
    pub line: usize,
}

/// A workspace member.
#[derive(Clone, Debug)]
pub struct Member {
    /// The package name.
    pub name: String,
    /// Its directory relative to the workspace root, `/`-separated, `.` for the root.
    pub dir: String,
    /// Its manifest's path relative to the root.
    pub manifest: String,
    /// Its dependencies.
    pub deps: Vec<Dep>,
}

/// Reads the workspace's members (`[workspace] members`, with `dir/*` globs) and their
/// dependencies from the manifests under `root`.
pub fn members(root: &Path) -> Result<Vec<Member>, String> {
    let read = |rel: &str| -> Result<(String, toml::Table), String> {
        let path = root.join(rel);
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let table = text
            .parse::<toml::Table>()
            .map_err(|e| format!("{rel}: {e}"))?;
        Ok((text, table))
    };
    let (_, top) = read("Cargo.toml")?;
    let workspace = top.get("workspace").and_then(|w| w.as_table());
    let workspace_deps = workspace
        .and_then(|w| w.get("dependencies"))
        .and_then(|d| d.as_table())
        .cloned()
        .unwrap_or_default();
    let mut dirs = Vec::new();
    for m in workspace
        .and_then(|w| w.get("members"))
        .and_then(|m| m.as_array())
        .into_iter()
        .flatten()
        .filter_map(|m| m.as_str())
    {
        if let Some(parent) = m.strip_suffix("/*") {
            let mut found: Vec<String> = std::fs::read_dir(root.join(parent))
                .map_err(|e| format!("{parent}: {e}"))?
                .filter_map(|e| e.ok())
                .filter(|e| e.path().join("Cargo.toml").is_file())
                .map(|e| format!("{parent}/{}", e.file_name().to_string_lossy()))
                .collect();
            found.sort();
            dirs.extend(found);
        } else {
            dirs.push(m.trim_end_matches('/').to_string());
        }
    }
    if top.contains_key("package") && !dirs.iter().any(|d| d == ".") {
        dirs.insert(0, ".".to_string());
    }
    let mut out = Vec::new();
    for dir in dirs {
        let manifest = if dir == "." {
            "Cargo.toml".to_string()
        } else {
            format!("{dir}/Cargo.toml")
        };
        let (text, table) = read(&manifest)?;
        let name = table
            .get("package")
            .and_then(|p| p.get("name"))
            .and_then(|n| n.as_str())
            .ok_or_else(|| format!("{manifest}: no package name"))?
            .to_string();
        let mut sections: Vec<(DepKind, &toml::Table)> = Vec::new();
        for kind in [DepKind::Normal, DepKind::Build, DepKind::Dev] {
            if let Some(t) = table.get(kind.table()).and_then(|t| t.as_table()) {
                sections.push((kind, t));
            }
            for target in table
                .get("target")
                .and_then(|t| t.as_table())
                .into_iter()
                .flat_map(|t| t.values())
            {
                if let Some(t) = target.get(kind.table()).and_then(|t| t.as_table()) {
                    sections.push((kind, t));
                }
            }
        }
        let mut deps = Vec::new();
        for (kind, section) in sections {
            for (key, spec) in section {
                let renamed = |spec: &toml::Value| {
                    spec.get("package")
                        .and_then(|p| p.as_str())
                        .map(str::to_string)
                };
                let inherited = spec
                    .get("workspace")
                    .and_then(|w| w.as_bool())
                    .unwrap_or(false);
                let package = renamed(spec)
                    .or_else(|| {
                        inherited
                            .then(|| workspace_deps.get(key).and_then(renamed))
                            .flatten()
                    })
                    .unwrap_or_else(|| key.clone());
                deps.push(Dep {
                    package,
                    kind,
                    line: dep_line(&text, kind, key),
                });
            }
        }
        out.push(Member {
            name,
            dir,
            manifest,
            deps,
        });
    }
    Ok(out)
}

/// The line of `text` (a manifest) that declares `key` in a `kind` section: `key = ...`,
/// `key.workspace = true` or a `[...dependencies.key]` header; 0 when not found.
fn dep_line(text: &str, kind: DepKind, key: &str) -> usize {
    let mut in_section = false;
    for (n, line) in text.lines().enumerate() {
        let t = line.trim();
        if let Some(header) = t.strip_prefix('[') {
            let header = header.trim_end_matches(']').trim();
            let table = kind.table();
            if header == format!("{table}.{key}") || header.ends_with(&format!(".{table}.{key}")) {
                return n + 1;
            }
            in_section = header == table || header.ends_with(&format!(".{table}"));
            continue;
        }
        if in_section {
            let rest = t
                .strip_prefix(key)
                .or_else(|| t.strip_prefix(&format!("\"{key}\"")));
            if rest.is_some_and(|r| r.trim_start().starts_with(['=', '.'])) {
                return n + 1;
            }
        }
    }
    0
}
