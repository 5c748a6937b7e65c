//! systemd-journald's native protocol (systemd.io/JOURNAL_NATIVE_PROTOCOL): one datagram per
//! entry, each field `NAME=value\n`, or, when the value holds a newline, `NAME\n`, the value's
//! length as 64-bit little-endian, the value and `\n`.
//!
//! A field name is 1 to 64 of `A-Z`, `0-9` and `_`, starting with neither a digit nor `_`
//! (names starting with `_` are the journal's trusted fields, which a client cannot set).

use super::{fields, message, message_id, severity, IDENTIFIER};
use crate::watch::Event;

/// A field name the journal would refuse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a journal field name (1 to 64 of A-Z, 0-9 and _, not starting with a digit or _)"
)]
pub struct BadFieldName(pub String);

/// Whether the journal takes `name` as a field name.
pub fn valid_field_name(name: &str) -> bool {
    let b = name.as_bytes();
    !b.is_empty()
        && b.len() <= 64
        && !b[0].is_ascii_digit()
        && b[0] != b'_'
        && b.iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == b'_')
}

/// Appends one field to `out` in the form its value needs.
pub fn push_field(out: &mut Vec<u8>, name: &str, value: &[u8]) -> Result<(), BadFieldName> {
    if !valid_field_name(name) {
        return Err(BadFieldName(name.to_string()));
    }
    out.extend_from_slice(name.as_bytes());
    if value.contains(&b'\n') {
        out.push(b'\n');
        out.extend_from_slice(&(value.len() as u64).to_le_bytes());
    } else {
        out.push(b'=');
    }
    out.extend_from_slice(value);
    out.push(b'\n');
    Ok(())
}

/// The entry made of `fields`, in order.
pub fn encode<'a, I>(fields: I) -> Result<Vec<u8>, BadFieldName>
where
    I: IntoIterator<Item = (&'a str, &'a [u8])>,
{
    let mut out = Vec::new();
    for (name, value) in fields {
        push_field(&mut out, name, value)?;
    }
    Ok(out)
}

/// The journal entry of a watch event: `MESSAGE`, `PRIORITY`, `MESSAGE_ID`,
/// `SYSLOG_IDENTIFIER=promisc`, `SYSLOG_FACILITY` (for journald's forwarding to syslog), then
/// the event's [`fields`].
pub fn entry(ev: &Event, facility: u8) -> Vec<u8> {
    let mut all: Vec<(&str, String)> = vec![
        ("MESSAGE", message(ev)),
        ("PRIORITY", (severity(ev) as u8).to_string()),
    ];
    if let Some(id) = message_id(ev.event) {
        all.push(("MESSAGE_ID", id.to_string()));
    }
    all.push(("SYSLOG_IDENTIFIER", IDENTIFIER.to_string()));
    all.push(("SYSLOG_FACILITY", facility.to_string()));
    all.extend(fields(ev));
    encode(all.iter().map(|(n, v)| (*n, v.as_bytes())))
        .expect("the event's field names are valid (tested)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eventlog::tests::tcpdump_added;

    /// The fields of an entry, read back as journald reads them.
    fn decode(mut b: &[u8]) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        while !b.is_empty() {
            let nl = b.iter().position(|c| *c == b'\n').expect("a line");
            let line = &b[..nl];
            if let Some(eq) = line.iter().position(|c| *c == b'=') {
                out.push((
                    String::from_utf8(line[..eq].to_vec()).unwrap(),
                    line[eq + 1..].to_vec(),
                ));
                b = &b[nl + 1..];
            } else {
                let name = String::from_utf8(line.to_vec()).unwrap();
                let len = u64::from_le_bytes(b[nl + 1..nl + 9].try_into().unwrap()) as usize;
                let value = b[nl + 9..nl + 9 + len].to_vec();
                assert_eq!(b[nl + 9 + len], b'\n', "a binary field ends with a newline");
                out.push((name, value));
                b = &b[nl + 10 + len..];
            }
        }
        out
    }

    #[test]
    fn field_names_follow_the_journals_rules() {
        for good in ["MESSAGE", "PROMISC_POD", "A", "X9_", &"A".repeat(64)] {
            assert!(valid_field_name(good), "{good}");
        }
        for bad in [
            "",
            "_PID",
            "9LIVES",
            "message",
            "PROMISC-POD",
            "PROMISC POD",
            "PRÖMISC",
            "A=B",
            &"A".repeat(65),
        ] {
            assert!(!valid_field_name(bad), "{bad}");
            assert_eq!(
                encode([(bad, b"x".as_slice())]),
                Err(BadFieldName(bad.to_string()))
            );
        }
    }

    #[test]
    fn plain_values_are_name_equals_value_lines() {
        let b = encode([("MESSAGE", b"a=b c".as_slice()), ("PRIORITY", b"4")]).unwrap();
        assert_eq!(b, b"MESSAGE=a=b c\nPRIORITY=4\n");
        let b = encode([("EMPTY", b"".as_slice())]).unwrap();
        assert_eq!(b, b"EMPTY=\n");
    }

    #[test]
    fn a_value_with_a_newline_takes_the_binary_form() {
        let b = encode([("NOTE", b"two\nlines".as_slice()), ("X", b"y")]).unwrap();
        let mut want = b"NOTE\n".to_vec();
        want.extend_from_slice(&9u64.to_le_bytes());
        want.extend_from_slice(b"two\nlines\nX=y\n");
        assert_eq!(b, want);
        assert_eq!(
            decode(&b),
            vec![
                ("NOTE".to_string(), b"two\nlines".to_vec()),
                ("X".to_string(), b"y".to_vec())
            ]
        );
    }

    #[test]
    fn an_event_entry_has_the_journals_fields_then_ours() {
        let mut ev = tcpdump_added();
        ev.note = Some("line one\nline two".into());
        let f = decode(&entry(&ev, 3));
        let get = |k: &str| {
            f.iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| String::from_utf8(v.clone()).unwrap())
        };
        assert_eq!(f[0].0, "MESSAGE");
        assert_eq!(get("PRIORITY").as_deref(), Some("4"));
        assert_eq!(
            get("MESSAGE_ID").as_deref(),
            Some("4c9f1ca8d49646df8c55832397e9b8b5")
        );
        assert_eq!(get("SYSLOG_IDENTIFIER").as_deref(), Some("promisc"));
        assert_eq!(get("SYSLOG_FACILITY").as_deref(), Some("3"));
        assert_eq!(
            get("PROMISC_POD").as_deref(),
            Some("monitoring/sniffer-x2x8k")
        );
        assert_eq!(get("PROMISC_NOTE").as_deref(), Some("line one\nline two"));
        assert!(get("MESSAGE").unwrap().contains("line one\nline two"));
    }
}
