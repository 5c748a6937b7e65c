//! The paths a file names, resolved as far as tokens allow: `use` trees expanded (groups,
//! `self`, renames, globs), a path's first segment looked up among the file's imports, and
//! `crate`, `self` and `super` made absolute from the module the code is in (inline
//! `mod NAME { ... }` blocks included). No type information: `x.method()` is not a path.

use std::collections::HashMap;

use super::lex::{Tok, Token};

/// A path the code names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Used {
    /// The line it is on.
    pub line: usize,
    /// The path, resolved.
    pub path: Vec<String>,
    /// When its first segment is an import: what that import resolved to (a rule that fired
    /// on the import need not fire again on each use).
    pub via: Option<Vec<String>>,
}

/// Every path used in `toks` (the code of one file whose module is `module`, starting with
/// `crate`), resolved.
pub fn used_paths(toks: &[Token], module: &[String]) -> Vec<Used> {
    let mut out = Vec::new();
    let mut aliases: HashMap<String, Vec<String>> = HashMap::new();
    // Inline modules: (name, brace depth inside it).
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < toks.len() {
        let current = || {
            let mut m = module.to_vec();
            m.extend(stack.iter().map(|(n, _)| n.clone()));
            m
        };
        let t = &toks[i];
        match &t.tok {
            Tok::Punct('{') => depth += 1,
            Tok::Punct('}') => {
                depth = depth.saturating_sub(1);
                while stack.last().is_some_and(|(_, d)| *d > depth) {
                    stack.pop();
                }
            }
            Tok::Ident(kw) if kw == "mod" => {
                if let (Some(Tok::Ident(name)), Some(true)) = (
                    toks.get(i + 1).map(|t| &t.tok),
                    toks.get(i + 2).map(|t| t.is_punct('{')),
                ) {
                    stack.push((name.clone(), depth + 1));
                    i += 2;
                    continue;
                }
            }
            Tok::Ident(kw)
                if kw == "use"
                    && toks.get(i + 1).is_some_and(|n| {
                        matches!(n.tok, Tok::Ident(_) | Tok::PathSep | Tok::Punct('{'))
                    }) =>
            {
                let mut trees = Vec::new();
                i = use_tree(toks, i + 1, Vec::new(), &mut trees);
                let here = current();
                for (path, alias, line) in trees {
                    let via = path.first().and_then(|f| aliases.get(f)).cloned();
                    let resolved = resolve(&path, &here, &aliases);
                    if let Some(a) = alias {
                        aliases.insert(a, resolved.clone());
                    }
                    out.push(Used {
                        line,
                        path: resolved,
                        via,
                    });
                }
                continue;
            }
            Tok::Ident(_) | Tok::PathSep => {
                let after_dot = i > 0 && toks[i - 1].is_punct('.');
                let (segments, end) = path_at(toks, i);
                if !segments.is_empty() && !after_dot {
                    let via = aliases.get(&segments[0]).cloned();
                    out.push(Used {
                        line: t.line,
                        path: resolve(&segments, &current(), &aliases),
                        via,
                    });
                }
                if end > i {
                    i = end;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// The path starting at `i` (`a::b::c` or `::a::b`) and the index after it.
fn path_at(toks: &[Token], mut i: usize) -> (Vec<String>, usize) {
    let mut segments = Vec::new();
    if toks[i].tok == Tok::PathSep {
        i += 1;
    }
    while let Some(Tok::Ident(s)) = toks.get(i).map(|t| &t.tok) {
        segments.push(s.clone());
        i += 1;
        if toks.get(i).map(|t| &t.tok) == Some(&Tok::PathSep)
            && matches!(toks.get(i + 1).map(|t| &t.tok), Some(Tok::Ident(_)))
        {
            i += 1;
        } else {
            break;
        }
    }
    (segments, i)
}

/// Parses one use tree at `i` under `prefix` into `(path, alias, line)` entries; returns the
/// index after it (after the `;` at the top level).
fn use_tree(
    toks: &[Token],
    mut i: usize,
    mut prefix: Vec<String>,
    out: &mut Vec<(Vec<String>, Option<String>, usize)>,
) -> usize {
    let top = prefix.is_empty();
    let line = toks.get(i).map_or(0, |t| t.line);
    if toks.get(i).map(|t| &t.tok) == Some(&Tok::PathSep) {
        i += 1;
    }
    loop {
        match toks.get(i).map(|t| &t.tok) {
            Some(Tok::Ident(s)) => {
                prefix.push(s.clone());
                i += 1;
                if toks.get(i).map(|t| &t.tok) == Some(&Tok::PathSep) {
                    i += 1;
                    continue;
                }
                let mut alias = prefix.last().cloned();
                if toks.get(i).is_some_and(|t| t.is_ident("as")) {
                    alias = match toks.get(i + 1).map(|t| &t.tok) {
                        Some(Tok::Ident(a)) if a != "_" => Some(a.clone()),
                        _ => None,
                    };
                    i += 2;
                }
                if prefix.last().is_some_and(|s| s == "self") {
                    prefix.pop();
                    if alias.as_deref() == Some("self") {
                        alias = prefix.last().cloned();
                    }
                }
                out.push((prefix, alias, line));
                break;
            }
            Some(Tok::Punct('*')) => {
                prefix.push("*".into());
                out.push((prefix, None, line));
                i += 1;
                break;
            }
            Some(Tok::Punct('{')) => {
                i += 1;
                while i < toks.len() && !toks[i].is_punct('}') {
                    if toks[i].is_punct(',') {
                        i += 1;
                        continue;
                    }
                    let before = i;
                    i = use_tree(toks, i, prefix.clone(), out);
                    if i == before {
                        i += 1;
                    }
                }
                i += 1;
                break;
            }
            _ => break,
        }
    }
    if top {
        while i < toks.len() && !toks[i].is_punct(';') {
            i += 1;
        }
        i += 1;
    }
    i
}

/// `path` made absolute: `crate::` as it is, `self::`/`super::` from `module`, a first
/// segment the file imported replaced by what it imported.
fn resolve(
    path: &[String],
    module: &[String],
    aliases: &HashMap<String, Vec<String>>,
) -> Vec<String> {
    let Some(first) = path.first() else {
        return Vec::new();
    };
    match first.as_str() {
        "crate" => path.to_vec(),
        "self" => module.iter().chain(&path[1..]).cloned().collect(),
        "super" => {
            let mut m = module.to_vec();
            let mut k = 0;
            while path.get(k).is_some_and(|s| s == "super") {
                if m.len() > 1 {
                    m.pop();
                }
                k += 1;
            }
            m.extend(path[k..].iter().cloned());
            m
        }
        _ => match aliases.get(first) {
            Some(full) => full.iter().chain(&path[1..]).cloned().collect(),
            None => path.to_vec(),
        },
    }
}
