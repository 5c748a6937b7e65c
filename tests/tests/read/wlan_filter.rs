//! `promisc read -r FILE -w OUT EXPR` on 802.11 captures (radiotap and bare): the filter is
//! compiled for the file's link type and keeps the frames libpcap keeps. The capture is built
//! byte by byte (a beacon, an ACK, a To-DS data frame with IPv4/UDP, a QoS data frame padded
//! after its header as radiotap's flags say); the kept frames are those the expression's
//! meaning selects, and, where tcpdump is installed, those `tcpdump -r FILE -w OUT` keeps.

use crate::common::bin;
use promisc_testkit::gate::have_tcpdump;
use promisc_testkit::packets::{pcap_indexes, write_pcap, Pkt};
use std::process::Command;

const STA: [u8; 6] = [2, 0, 0, 0, 0, 1];
const AP: [u8; 6] = [2, 0, 0, 0, 0, 2];
const DST: [u8; 6] = [2, 0, 0, 0, 0, 3];

/// An IPv4/UDP packet after LLC/SNAP, 192.0.2.1 to 198.51.100.7, port 53.
fn snap_ip_udp() -> Vec<u8> {
    let mut v = vec![0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00];
    v.extend_from_slice(&[0x45, 0, 0, 28, 0, 1, 0, 0, 64, 17, 0, 0]);
    v.extend_from_slice(&[192, 0, 2, 1, 198, 51, 100, 7]);
    v.extend_from_slice(&[0x30, 0x39, 0, 53, 0, 8, 0, 0]);
    v
}

/// The frames: (radiotap flags byte or none, 802.11 frame, label).
fn frames() -> Vec<(Option<u8>, Vec<u8>, &'static str)> {
    let mut beacon = vec![0x80, 0, 0, 0];
    beacon.extend_from_slice(&[0xff; 6]);
    beacon.extend_from_slice(&AP);
    beacon.extend_from_slice(&AP);
    beacon.extend_from_slice(&[0; 14]);
    let mut ack = vec![0xd4, 0, 0, 0];
    ack.extend_from_slice(&STA);
    let mut data = vec![0x08, 0x01, 0, 0];
    data.extend_from_slice(&AP);
    data.extend_from_slice(&STA);
    data.extend_from_slice(&DST);
    data.extend_from_slice(&[0x10, 0]);
    let mut qos = data.clone();
    qos[0] = 0x88;
    qos.extend_from_slice(&[0, 0]);
    data.extend_from_slice(&snap_ip_udp());
    // Radiotap's padding: the 12-byte radiotap header plus 26 bytes is rounded up to 40.
    qos.extend_from_slice(&[0, 0]);
    qos.extend_from_slice(&snap_ip_udp());
    vec![
        (None, beacon, "beacon"),
        (None, ack, "ack"),
        (None, data, "data"),
        (Some(0x20), qos, "padded qos data"),
    ]
}

fn capture(linktype: u32) -> Vec<Pkt> {
    frames()
        .into_iter()
        .filter(|(flags, _, _)| linktype == 127 || flags.is_none())
        .map(|(flags, f, what)| {
            let data = match (linktype, flags) {
                (127, None) => [vec![0, 0, 8, 0, 0, 0, 0, 0], f].concat(),
                (127, Some(fl)) => [vec![0, 0, 12, 0, 0x02, 0, 0, 0, fl, 0, 0, 0], f].concat(),
                _ => f,
            };
            Pkt {
                wire_len: data.len() as u32,
                data,
                what: what.into(),
            }
        })
        .collect()
}

fn kept(cmd: &str, file: &str, out: &str, expr: &str) -> Vec<usize> {
    let _ = std::fs::remove_file(out);
    let mut c = Command::new(cmd);
    if cmd != "tcpdump" {
        c.arg("read");
    }
    let o = c
        .args(["-r", file, "-w", out, "--", expr])
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{cmd} {expr}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    pcap_indexes(&std::fs::read(out).unwrap())
}

#[test]
fn read_filters_radiotap_and_bare_802_11_as_libpcap() {
    let dir = std::env::temp_dir().join(format!("promisc-wlan-read-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("out.pcap");
    let out = out.to_str().unwrap();
    // (expression, labels kept)
    let cases: &[(&str, &[&str])] = &[
        ("type mgt", &["beacon"]),
        ("subtype beacon", &["beacon"]),
        ("type ctl subtype ack", &["ack"]),
        ("type data", &["data", "padded qos data"]),
        ("ip", &["data", "padded qos data"]),
        (
            "udp port 53 and host 198.51.100.7",
            &["data", "padded qos data"],
        ),
        ("dir tods", &["data", "padded qos data"]),
        ("wlan src 02:00:00:00:00:01", &["data", "padded qos data"]),
        ("wlan addr2 02:00:00:00:00:02", &["beacon"]),
        // libpcap's transmitter address is tested on data frames only.
        ("wlan ta 02:00:00:00:00:01", &["data", "padded qos data"]),
        ("wlan ta 02:00:00:00:00:02", &[]),
        ("wlan addr1 02:00:00:00:00:01", &["ack"]),
        ("broadcast", &["beacon"]),
        ("tcp", &[]),
    ];
    for lt in [127u32, 105] {
        let pkts = capture(lt);
        let file = dir.join(format!("{lt}.pcap"));
        write_pcap(&file, lt, &pkts);
        let file = file.to_str().unwrap();
        for (expr, want) in cases {
            let ours = kept(&bin(), file, out, expr);
            let expected: Vec<usize> = pkts
                .iter()
                .enumerate()
                .filter(|(_, p)| want.contains(&p.what.as_str()))
                .map(|(i, _)| i)
                .collect();
            assert_eq!(ours, expected, "link type {lt}: {expr}");
            if have_tcpdump() {
                assert_eq!(
                    ours,
                    kept("tcpdump", file, out, expr),
                    "{lt} {expr} vs tcpdump"
                );
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
