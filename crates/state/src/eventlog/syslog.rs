//! RFC 5424 syslog lines: `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD] MSG`.
//!
//! - PRI is facility × 8 + severity; TIMESTAMP is UTC with microseconds (`2026-12-07T14:08:31.123456Z`);
//!   the header fields are printable US-ASCII (a byte outside `!`..`~` becomes `_`), cut to
//!   their lengths (255, 48, 128, 32), `-` when empty; MSGID is the event kind.
//! - The structured data is one element, `[promisc@32473 …]` (32473 is the private enterprise
//!   number RFC 5612 reserves for documentation), whose parameters are the event's journal
//!   fields without `PROMISC_`, lowercased (`device="eth0" holder="packet_socket/tcpdump"`),
//!   each value escaped as §6.3.3 says: `"`, `\` and `]` get a backslash.
//! - MSG is the event's one-line text, after a UTF-8 byte order mark when it is not plain
//!   ASCII (§6.4).

use std::time::SystemTime;

use super::{fields, message, severity, IDENTIFIER};
use crate::watch::Event;

/// The structured data's SD-ID.
pub const SD_ID: &str = "promisc@32473";

/// What a line says of its sender.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header<'a> {
    /// The facility (0 to 23; `daemon` is 3).
    pub facility: u8,
    /// The host name (`-` when unknown).
    pub hostname: &'a str,
    /// The process id.
    pub procid: u32,
}

/// `value` escaped as a PARAM-VALUE: `"`, `\` and `]` preceded by `\`.
pub fn escape_param(value: &str) -> String {
    let mut s = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '"' | '\\' | ']') {
            s.push('\\');
        }
        s.push(c);
    }
    s
}

/// A header field: printable US-ASCII only, at most `max` bytes, `-` (NILVALUE) when empty.
fn header_field(s: &str, max: usize) -> String {
    let out: String = s
        .bytes()
        .take(max)
        .map(|b| {
            if (33..=126).contains(&b) {
                b as char
            } else {
                '_'
            }
        })
        .collect();
    if out.is_empty() {
        "-".into()
    } else {
        out
    }
}

/// The SD-NAME of a journal field: without `PROMISC_`, lowercased.
pub fn param_name(field: &str) -> String {
    field
        .strip_prefix("PROMISC_")
        .unwrap_or(field)
        .to_ascii_lowercase()
}

/// `t` as RFC 3339 in UTC with microseconds; the epoch for a time before it.
pub fn timestamp(t: SystemTime) -> String {
    let d = t.duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default();
    let secs = d.as_secs();
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (y, m, day) = civil(days as i64);
    format!(
        "{y:04}-{m:02}-{day:02}T{:02}:{:02}:{:02}.{:06}Z",
        rest / 3600,
        rest / 60 % 60,
        rest % 60,
        d.subsec_micros()
    )
}

/// The proleptic Gregorian date `days` after 1970-01-01: counted in 400-year eras of
/// 146,097 days from 0000-03-01, so that each leap day ends its year.
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The RFC 5424 line of a watch event (no trailing newline: one datagram is one message).
pub fn line(ev: &Event, h: &Header) -> String {
    let pri = u32::from(h.facility.min(23)) * 8 + severity(ev) as u32;
    let mut sd = format!("[{SD_ID}");
    for (name, value) in fields(ev) {
        sd.push_str(&format!(
            " {}=\"{}\"",
            param_name(name),
            escape_param(&value)
        ));
    }
    sd.push(']');
    let msg = message(ev);
    let bom = if msg.is_ascii() { "" } else { "\u{feff}" };
    format!(
        "<{pri}>1 {} {} {} {} {} {sd} {bom}{msg}",
        timestamp(ev.time),
        header_field(h.hostname, 255),
        header_field(IDENTIFIER, 48),
        h.procid,
        header_field(ev.event, 32),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eventlog::tests::tcpdump_added;
    use std::time::Duration;

    #[test]
    fn params_escape_quote_backslash_and_bracket() {
        assert_eq!(escape_param(r#"a"b\c]d[e"#), r#"a\"b\\c\]d[e"#);
        assert_eq!(escape_param("plain é"), "plain é");
    }

    #[test]
    fn timestamps_are_utc_with_microseconds() {
        let t = |s: u64, us: u64| {
            timestamp(SystemTime::UNIX_EPOCH + Duration::from_secs(s) + Duration::from_micros(us))
        };
        assert_eq!(t(0, 0), "1970-01-01T00:00:00.000000Z");
        assert_eq!(t(951_782_400, 5), "2000-02-29T00:00:00.000005Z");
        assert_eq!(t(1_765_116_511, 123_456), "2025-12-07T14:08:31.123456Z");
        assert_eq!(t(4_102_444_799, 999_999), "2099-12-31T23:59:59.999999Z");
    }

    #[test]
    fn a_line_has_pri_header_structured_data_and_message() {
        let ev = tcpdump_added();
        let h = Header {
            facility: 3,
            hostname: "node 1",
            procid: 99,
        };
        let l = line(&ev, &h);
        // daemon (3) * 8 + warning (4).
        assert!(
            l.starts_with(
                "<28>1 2025-12-07T14:08:31.123456Z node_1 promisc 99 holder_added [promisc@32473 event=\"holder_added\" device=\"eth0\" ifindex=\"2\" netns=\"host\" "
            ),
            "{l}"
        );
        assert!(l.contains(" holder=\"packet_socket/tcpdump\""), "{l}");
        assert!(l.contains(" pod=\"monitoring/sniffer-x2x8k\""), "{l}");
        assert!(l.ends_with(
            "] eth0: holder added: tcpdump (pid 4242, uid 0, pod monitoring/sniffer-x2x8k, container containerd:3f2a1b9c04d1); promiscuity 0 -> 1, entered promiscuous mode (netns host)"
        ), "{l}");
        assert!(!l.contains('\n'));
    }

    #[test]
    fn values_that_need_it_are_escaped_in_the_line() {
        let mut ev = tcpdump_added();
        ev.interface = r#"we"ird]\"#.into();
        ev.note = Some("non-ASCII ü".into());
        let l = line(
            &ev,
            &Header {
                facility: 16,
                hostname: "",
                procid: 1,
            },
        );
        assert!(l.starts_with("<132>1 "), "local0 * 8 + 4: {l}");
        assert!(
            l.contains(" - promisc 1 "),
            "empty host name is NILVALUE: {l}"
        );
        assert!(l.contains(r#" device="we\"ird\]\\" "#), "{l}");
        assert!(l.contains("] \u{feff}we\"ird]\\: holder added"), "BOM: {l}");
    }

    #[test]
    fn param_names_are_sd_names() {
        let ev = tcpdump_added();
        for (f, _) in fields(&ev) {
            let n = param_name(f);
            assert!(n.len() <= 32 && !n.is_empty(), "{n}");
            assert!(n
                .bytes()
                .all(|b| (33..=126).contains(&b) && !b"=]\" ".contains(&b)));
        }
    }
}
