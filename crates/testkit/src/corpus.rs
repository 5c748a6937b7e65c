//! The filter corpus, `crates/filter/tests/corpus.txt`: one pcap-filter expression per line,
//! optionally prefixed by a link type name and a tab (`EN10MB`, the default, or `LINUX_SLL2`);
//! blank lines and `#` comments are skipped.

/// The corpus file.
pub const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../filter/tests/corpus.txt");

/// One expression of the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The link type's name as tcpdump's `-y` takes it.
    pub lt_name: &'static str,
    /// The link type (1 or 276).
    pub linktype: u32,
    /// Whether the line named its link type (rather than defaulting to EN10MB).
    pub explicit: bool,
    /// The expression.
    pub expr: String,
}

/// Every expression of the corpus, in order. Panics on an unknown link type name.
pub fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(PATH).unwrap_or_else(|e| panic!("{PATH}: {e}"));
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (lt, expr, explicit) = match l.split_once('\t') {
                Some((lt, e)) => (lt, e, true),
                None => ("EN10MB", l, false),
            };
            let (lt_name, linktype) = match lt {
                "EN10MB" => ("EN10MB", 1),
                "LINUX_SLL2" => ("LINUX_SLL2", 276),
                other => panic!("{PATH}: unknown link type {other}"),
            };
            Case {
                lt_name,
                linktype,
                explicit,
                expr: expr.to_string(),
            }
        })
        .collect()
}
