//! The progress bar of the commands that take seconds (`detect`, `doctor`): drawn on stderr
//! when stderr is a terminal, hidden otherwise (a pipe, a file, a test), whatever goes to
//! stdout (`--json` included).

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A bar whose message takes `width` columns and whose count is of `unit` (`frames`,
/// `probes`); its length is set as the command learns it.
pub fn bar(width: usize, unit: &str) -> ProgressBar {
    let target = if std::io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    let bar = ProgressBar::with_draw_target(Some(0), target);
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{{msg:{width}}} [{{bar:40}}] {{pos}}/{{len}} {unit}, {{elapsed}}"
        ))
        .expect("a valid template")
        .progress_chars("=> "),
    );
    bar
}
