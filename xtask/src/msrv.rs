//! `cargo xtask msrv`: the checks that keep the declared `rust-version` true and need no
//! toolchain of that version (test.sh also builds with it when it can be installed):
//!
//! * no locked package declares a `rust-version` above ours (`cargo metadata` gives each
//!   one's), so no dependency needs a newer compiler;
//! * clippy's `incompatible_msrv` lint (which flags std APIs stabilized after our version) is
//!   not disabled: not in a `[lints.clippy]` table (nor its `suspicious` or `all` group), not
//!   by an `allow`/`expect` attribute in the sources, no clippy.toml sets another `msrv`, and
//!   every package declares our `rust-version` (clippy's MSRV is the package's).
//!
//! `cargo xtask msrv --version` prints the declared version (what test.sh installs).

use std::path::Path;
use std::process::Command;

use crate::arch::lex::{self, Tok};

/// The lint, and the groups that would silence it with it.
const LINTS: &[&str] = &["incompatible_msrv", "suspicious", "all"];

/// `cargo xtask msrv [--version]` on the workspace at `root`.
pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    let ours = declared(root)?;
    match args {
        [a] if a == "--version" => {
            println!("{ours}");
            return Ok(());
        }
        [] => {}
        _ => return Err("usage: cargo xtask msrv [--version]".into()),
    }
    let metadata = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(root)
        .output()
        .map_err(|e| format!("cargo metadata: {e}"))?;
    if !metadata.status.success() {
        return Err(format!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&metadata.stderr).trim()
        ));
    }
    let json: serde_json::Value = serde_json::from_slice(&metadata.stdout)
        .map_err(|e| format!("cargo metadata's output: {e}"))?;
    let packages: Vec<(String, Option<String>)> = json["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            (
                format!(
                    "{} {}",
                    p["name"].as_str().unwrap_or("?"),
                    p["version"].as_str().unwrap_or("?")
                ),
                p["rust_version"].as_str().map(str::to_string),
            )
        })
        .collect();
    let mut problems = newer_dependencies(&ours, &packages)?;
    problems.extend(lint_disabled(root, &ours)?);
    for p in &problems {
        println!("{p}");
    }
    if problems.is_empty() {
        let highest = packages
            .iter()
            .filter_map(|(_, v)| v.as_deref())
            .max_by_key(|v| parse(v).unwrap_or_default())
            .unwrap_or("none");
        println!(
            "cargo xtask msrv: rust-version {ours}: {} locked packages need at most {highest} \
             ({} declare none); clippy's incompatible_msrv is on",
            packages.len(),
            packages.iter().filter(|(_, v)| v.is_none()).count()
        );
        Ok(())
    } else {
        Err(format!(
            "{} problems keeping rust-version {ours} true",
            problems.len()
        ))
    }
}

/// The workspace's `rust-version` (`[workspace.package]`, else `[package]`).
pub fn declared(root: &Path) -> Result<String, String> {
    let text =
        std::fs::read_to_string(root.join("Cargo.toml")).map_err(|e| format!("Cargo.toml: {e}"))?;
    let top = text
        .parse::<toml::Table>()
        .map_err(|e| format!("Cargo.toml: {e}"))?;
    top.get("workspace")
        .and_then(|w| w.get("package"))
        .and_then(|p| p.get("rust-version"))
        .or_else(|| top.get("package").and_then(|p| p.get("rust-version")))
        .and_then(|v| v.as_str())
        .map(str::to_string)
        .ok_or_else(|| "Cargo.toml declares no rust-version".into())
}

/// `1.85` or `1.85.1` as (major, minor, patch).
pub fn parse(v: &str) -> Option<(u32, u32, u32)> {
    let mut it = v.split('.').map(str::parse::<u32>);
    let major = it.next()?.ok()?;
    let minor = it.next().unwrap_or(Ok(0)).ok()?;
    let patch = it.next().unwrap_or(Ok(0)).ok()?;
    it.next().is_none().then_some((major, minor, patch))
}

/// The packages (`name version`, `rust-version`) that need a newer compiler than `ours`.
pub fn newer_dependencies(
    ours: &str,
    packages: &[(String, Option<String>)],
) -> Result<Vec<String>, String> {
    let limit = parse(ours).ok_or_else(|| format!("rust-version {ours:?} is not a version"))?;
    Ok(packages
        .iter()
        .filter_map(|(name, v)| {
            let v = v.as_deref()?;
            match parse(v) {
                Some(needed) if needed <= limit => None,
                _ => Some(format!(
                    "Cargo.lock: {name} declares rust-version {v}, above ours ({ours}); fix: \
                     `cargo update -p {} --precise <an older version>` or raise rust-version",
                    name.split(' ').next().unwrap_or(name)
                )),
            }
        })
        .collect())
}

/// Where `root`'s manifests, clippy.toml files or sources disable `incompatible_msrv`.
pub fn lint_disabled(root: &Path, ours: &str) -> Result<Vec<String>, String> {
    let mut problems = Vec::new();
    // The members' directories, and the root's (its manifest holds [workspace.lints] even
    // when it is no package).
    let mut dirs: Vec<String> = crate::arch::layers::members(root)?
        .into_iter()
        .map(|m| m.dir)
        .collect();
    if !dirs.iter().any(|d| d == ".") {
        dirs.insert(0, ".".into());
    }
    for dir in &dirs {
        let manifest = if dir == "." {
            "Cargo.toml".to_string()
        } else {
            format!("{dir}/Cargo.toml")
        };
        let text = std::fs::read_to_string(root.join(&manifest))
            .map_err(|e| format!("{manifest}: {e}"))?;
        let table = text
            .parse::<toml::Table>()
            .map_err(|e| format!("{manifest}: {e}"))?;
        if let Some(package) = table.get("package") {
            let rv = package.get("rust-version");
            let inherited = rv
                .and_then(|v| v.get("workspace"))
                .and_then(|w| w.as_bool())
                .unwrap_or(false);
            let own = rv.and_then(|v| v.as_str());
            if !inherited && own.and_then(parse) != parse(ours) {
                problems.push(format!(
                    "{manifest}: the package declares rust-version {}, so clippy's \
                     incompatible_msrv checks it against that; fix: \
                     `rust-version.workspace = true`",
                    own.unwrap_or("none")
                ));
            }
        }
        let tables = [
            table.get("lints"),
            table.get("workspace").and_then(|w| w.get("lints")),
        ];
        for lints in tables.into_iter().flatten() {
            for lint in LINTS {
                let level = lints.get("clippy").and_then(|c| c.get(*lint));
                let level = level.and_then(|l| l.as_str().or_else(|| l.get("level")?.as_str()));
                if level == Some("allow") {
                    problems.push(format!(
                        "{manifest}: clippy::{lint} is allowed, which silences incompatible_msrv; fix: \
                         remove it"
                    ));
                }
            }
        }
        for name in ["clippy.toml", ".clippy.toml"] {
            let rel = if dir == "." {
                name.to_string()
            } else {
                format!("{dir}/{name}")
            };
            let Ok(text) = std::fs::read_to_string(root.join(&rel)) else {
                continue;
            };
            let conf = text
                .parse::<toml::Table>()
                .map_err(|e| format!("{rel}: {e}"))?;
            if let Some(v) = conf.get("msrv") {
                let v = v.as_str().map_or_else(|| v.to_string(), str::to_string);
                if parse(&v) != parse(ours) {
                    problems.push(format!(
                        "{rel}: msrv = {v} makes clippy check another version than \
                         rust-version {ours}; fix: remove it (clippy reads rust-version)"
                    ));
                }
            }
        }
    }
    let mut files = Vec::new();
    crate::arch::walk(root, "", &mut files)?;
    for path in files {
        let text = std::fs::read_to_string(root.join(&path)).map_err(|e| format!("{path}: {e}"))?;
        for line in silenced_lines(&lex::tokenize(&text)) {
            problems.push(format!(
                "{path}:{line}: an allow/expect attribute silences incompatible_msrv; fix: \
                 remove it, or raise rust-version if the API is needed"
            ));
        }
    }
    Ok(problems)
}

/// The lines of `allow(...)`/`expect(...)` attributes naming `clippy::` one of [`LINTS`].
fn silenced_lines(toks: &[lex::Token]) -> Vec<usize> {
    let mut lines = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if !(t.is_ident("allow") || t.is_ident("expect"))
            || !toks.get(i + 1).is_some_and(|n| n.is_punct('('))
        {
            continue;
        }
        let mut depth = 0;
        for (k, inner) in toks.iter().enumerate().skip(i + 1) {
            match inner.tok {
                Tok::Punct('(') => depth += 1,
                Tok::Punct(')') => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                Tok::Ident(ref lint)
                    if LINTS.contains(&lint.as_str())
                        && k >= 2
                        && toks[k - 1].tok == Tok::PathSep
                        && toks[k - 2].is_ident("clippy") =>
                {
                    lines.push(inner.line);
                }
                _ => {}
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pkgs(list: &[(&str, Option<&str>)]) -> Vec<(String, Option<String>)> {
        list.iter()
            .map(|(n, v)| (n.to_string(), v.map(str::to_string)))
            .collect()
    }

    #[test]
    fn versions_compare_as_numbers() {
        assert_eq!(parse("1.85"), Some((1, 85, 0)));
        assert_eq!(parse("1.85.1"), Some((1, 85, 1)));
        assert_eq!(parse("1.x"), None);
        assert!(parse("1.100").unwrap() > parse("1.85").unwrap());
    }

    #[test]
    fn a_dependency_above_ours_is_reported() {
        let list = pkgs(&[
            ("a 1.0.0", Some("1.85")),
            ("b 1.0.0", Some("1.85.0")),
            ("c 1.0.0", None),
            ("d 2.0.0", Some("1.86")),
            ("e 1.0.0", Some("1.100.0")),
        ]);
        let found = newer_dependencies("1.85", &list).unwrap();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].contains("d 2.0.0 declares rust-version 1.86"));
        assert!(found[0].contains("cargo update -p d --precise"));
        assert!(found[1].contains("e 1.0.0"));
        assert!(newer_dependencies("1.85", &list[..3]).unwrap().is_empty());
    }

    #[test]
    fn attributes_that_silence_the_lint_are_found() {
        let src = "#![allow(clippy::incompatible_msrv)]\n\
                   #[expect(dead_code, clippy::suspicious)]\nfn f() {}\n\
                   #[allow(clippy::too_many_lines)]\nfn g() {}\n\
                   // #[allow(clippy::all)] in a comment\n\
                   #[allow(unused)] fn h() { let all = 1; }\n";
        assert_eq!(silenced_lines(&lex::tokenize(src)), vec![1, 2]);
    }

    #[test]
    fn manifests_and_clippy_toml_that_silence_the_lint_are_found() {
        let dir = crate::arch::tests::Tree::new();
        dir.write(
            "Cargo.toml",
            "[workspace]\nmembers = [\"a\"]\n[workspace.package]\nrust-version = \"1.85\"\n\
             [workspace.lints.clippy]\nincompatible_msrv = \"allow\"\n",
        );
        dir.write(
            "a/Cargo.toml",
            "[package]\nname = \"a\"\nrust-version = \"1.90\"\n\
             [lints.clippy]\nsuspicious = { level = \"allow\" }\n",
        );
        dir.write("a/clippy.toml", "msrv = \"1.80\"\n");
        dir.write("a/src/lib.rs", "#![allow(clippy::incompatible_msrv)]\n");
        assert_eq!(declared(&dir.0).unwrap(), "1.85");
        let found = lint_disabled(&dir.0, "1.85").unwrap();
        assert_eq!(found.len(), 5, "{found:#?}");
        dir.write(
            "Cargo.toml",
            "[workspace]\nmembers = [\"a\"]\n[workspace.package]\nrust-version = \"1.85\"\n",
        );
        dir.write(
            "a/Cargo.toml",
            "[package]\nname = \"a\"\nrust-version.workspace = true\n",
        );
        dir.write("a/clippy.toml", "msrv = \"1.85.0\"\n");
        dir.write("a/src/lib.rs", "//! clean\n");
        assert_eq!(lint_disabled(&dir.0, "1.85").unwrap(), Vec::<String>::new());
    }
}
