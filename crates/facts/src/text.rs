//! Text for a terminal: names and strings that come from outside (interface and namespace
//! names, process names, a configuration's port names, a file's interface names) may hold
//! control characters, and printed raw an escape sequence moves the cursor, erases a line or
//! retitles the terminal: anyone who can name a device could hide a row of `promisc status`.
//! [`printable`] writes each such character as an escape instead, as `ip` and tcpdump do.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal as it is: a control character (C0, DEL, C1; a line
/// break and a tab excepted, which human output uses itself), or one of the invisible
/// characters that reorder or hide text (bidirectional overrides and isolates, zero-width
/// marks, the byte-order mark).
fn hidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c,
            '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2069}'
            | '\u{feff}')
}

/// `s` with every character that must not reach a terminal written as an escape: `\xHH` for
/// the control characters (`\x1b` for ESC), `\u{HHHH}` for the invisible ones. Line breaks
/// and tabs stay. Borrowed when there is nothing to escape (the usual case).
pub fn printable(s: &str) -> Cow<'_, str> {
    if !s.chars().any(hidden) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !hidden(c) {
            out.push(c);
        } else if (c as u32) < 0x100 {
            out.push_str(&format!("\\x{:02x}", c as u32));
        } else {
            out.push_str(&format!("\\u{{{:04x}}}", c as u32));
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_moves_the_cursor_and_keeps_the_rest() {
        assert!(matches!(printable("eth0 veth1 brü"), Cow::Borrowed(_)));
        assert_eq!(printable("\u{1b}[1A\u{1b}[2K"), "\\x1b[1A\\x1b[2K");
        assert_eq!(
            printable("a\rb\0c\u{7f}d\u{9b}e"),
            "a\\x0db\\x00c\\x7fd\\x9be"
        );
        assert_eq!(printable("two\nlines\tand a tab"), "two\nlines\tand a tab");
        assert_eq!(printable("x\u{202e}y\u{200b}"), "x\\u{202e}y\\u{200b}");
    }
}
