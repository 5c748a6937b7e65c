//! `cargo xtask`: the build tasks of promisc that cargo has no step for.
//!
//! * `cargo xtask man [DIR]`: the man pages, section 8, rendered by clap_mangen from the same
//!   clap definition the binary parses (`promisc::cli`): `promisc.8` with hand-written
//!   EXAMPLES, EXIT STATUS, PERMISSIONS and SEE ALSO sections, and one `promisc-COMMAND.8` per
//!   subcommand;
//! * `cargo xtask completions [DIR]`: the bash, zsh and fish completion scripts;
//! * `cargo xtask dist [DIR]`: both (default DIR: `target/dist`), what the Debian package
//!   installs;
//! * `cargo xtask deb [ARGS...]`: `dist`, then `cargo deb ARGS...` (cargo-deb reads
//!   `[package.metadata.deb]` of the root Cargo.toml);
//! * `cargo xtask arch [--all | --table]`: the rules of docs/ARCHITECTURE.md checked on the
//!   sources and manifests (see [`arch`]);
//! * `cargo xtask msrv [--version]`: what keeps the declared `rust-version` true without its
//!   toolchain (see [`msrv`]); `--version` prints the declared version.
#![forbid(unsafe_code)]

mod arch;
mod man;
mod msrv;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use clap::CommandFactory;
use clap_complete::Shell;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in a subdirectory of the workspace")
        .to_path_buf();
    let dir = |i: usize| {
        args.get(i)
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join("target/dist"))
    };
    let result = match args.first().map(String::as_str) {
        Some("man") => man::write_all(&dir(1).join("man")),
        Some("completions") => completions(&dir(1).join("completions")),
        Some("dist") => dist(&dir(1)),
        Some("deb") => dist(&root.join("target/dist")).and_then(|()| deb(&root, &args[1..])),
        Some("arch") => arch::run(&root, &args[1..]),
        Some("msrv") => msrv::run(&root, &args[1..]),
        _ => Err(
            "usage: cargo xtask man|completions|dist [DIR] | deb [CARGO-DEB ARGS...] \
                  | arch [--all | --table] | msrv [--version]"
                .into(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::from(2)
        }
    }
}

type Result<T = ()> = std::result::Result<T, String>;

fn dist(dir: &Path) -> Result {
    man::write_all(&dir.join("man"))?;
    completions(&dir.join("completions"))
}

/// The file names each shell looks for: `promisc` (bash-completion's completionsdir),
/// `_promisc` (zsh's vendor-completions), `promisc.fish` (fish's vendor_completions.d).
fn completions(dir: &Path) -> Result {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for (shell, name) in [
        (Shell::Bash, "promisc"),
        (Shell::Zsh, "_promisc"),
        (Shell::Fish, "promisc.fish"),
    ] {
        let mut out = Vec::new();
        clap_complete::generate(
            shell,
            &mut promisc::cli::Cli::command(),
            "promisc",
            &mut out,
        );
        let path = dir.join(name);
        std::fs::write(&path, out).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

fn deb(root: &Path, args: &[String]) -> Result {
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .arg("deb")
        .args(args)
        .current_dir(root)
        .status()
        .map_err(|e| format!("cargo deb: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "cargo deb failed ({status}); install it with `cargo install cargo-deb`"
        ))
    }
}
