//! Prints the program for an expression like `tcpdump -d/-dd/-ddd` (a development aid).
//!
//! Usage: `filterc [-y EN10MB|LINUX_SLL2] [-O] [--live] [-dd|-ddd] EXPR...`
#[path = "../tests/system/mod.rs"]
mod system;

use promisc_filter::{compile, dump, CompileTarget, DumpStyle, Options};

fn main() {
    let mut opts = Options::default();
    let mut style = DumpStyle::D;
    let mut words = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "-y" => {
                opts.linktype = match args.next().as_deref() {
                    Some("LINUX_SLL2") => 276,
                    _ => 1,
                }
            }
            "-O" => opts.optimize = false,
            "--live" => opts.target = CompileTarget::LiveLinux,
            "-d" => style = DumpStyle::D,
            "-dd" => style = DumpStyle::Dd,
            "-ddd" => style = DumpStyle::Ddd,
            "--" => {}
            _ => words.push(a),
        }
    }
    let expr = words.join(" ");
    match compile(&expr, &opts, &system::SYSTEM) {
        Ok(p) => print!("{}", dump(&p, style)),
        Err(e) => {
            eprintln!("filterc: {}", e.message);
            if let Some(s) = e.span {
                eprintln!(
                    "  {expr}\n  {}{}",
                    " ".repeat(s.start),
                    "^".repeat((s.end - s.start).max(1))
                );
            }
            std::process::exit(1);
        }
    }
}
