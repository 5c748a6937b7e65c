//! IEEE 802.11 packets built byte by byte: bare frames (management with their elements,
//! control, data through LLC/SNAP), behind radiotap (each field kind, FCS, Atheros padding,
//! extended and vendor presence words), AVS, Prism and PPI headers, each with cut variants.

use super::links::Link;
use super::*;

/// A growing list of packets, a second apart.
struct L {
    pkts: Vec<Pkt>,
    t: u64,
}

impl L {
    fn new(t: u64) -> L {
        L {
            pkts: Vec::new(),
            t,
        }
    }

    fn add_len(&mut self, name: &'static str, data: Vec<u8>, orig_len: u32) {
        self.t += 1_000_250_000;
        self.pkts.push(Pkt {
            name,
            data,
            orig_len,
            ts_ns: self.t,
            strict: false,
        });
    }

    fn add(&mut self, name: &'static str, data: Vec<u8>) {
        let len = data.len() as u32;
        self.add_len(name, data, len);
    }

    /// `data` cut to each length from 1 to `upto` bytes (its wire length kept), then whole.
    fn add_cuts(&mut self, name: &'static str, data: Vec<u8>, upto: usize) {
        let len = data.len() as u32;
        for keep in 1..upto.min(data.len()) {
            self.add_len(name, data[..keep].to_vec(), len);
        }
        self.add(name, data);
    }
}

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

const AP: [u8; 6] = [0x02, 0x00, 0x5e, 0x00, 0x00, 0x01];
const STA: [u8; 6] = [0x02, 0x00, 0x5e, 0x00, 0x00, 0x02];
const DST: [u8; 6] = [0x02, 0x00, 0x5e, 0x00, 0x00, 0x03];
const FAR: [u8; 6] = [0x02, 0x00, 0x5e, 0x00, 0x00, 0x04];

/// A management frame of `subtype` (flags byte `flags`): DA, SA, BSSID, sequence, body.
fn mgmt(subtype: u8, flags: u8, body: &[u8]) -> Vec<u8> {
    cat(&[
        &[subtype << 4, flags, 0x3a, 0x01],
        &BCAST,
        &AP,
        &AP,
        &[0x10, 0x00],
        body,
    ])
}

/// An information element.
fn ie(id: u8, body: &[u8]) -> Vec<u8> {
    cat(&[&[id, body.len() as u8], body])
}

/// Timestamp, beacon interval and capabilities, then `elements`.
fn beacon_body(cap: u16, elements: &[u8]) -> Vec<u8> {
    cat(&[
        &[1, 2, 3, 4, 5, 6, 7, 8],
        &[0x64, 0x00],
        &cap.to_le_bytes(),
        elements,
    ])
}

fn common_elements() -> Vec<u8> {
    cat(&[
        &ie(0, b"promisc-lab"),
        &ie(1, &[0x82, 0x84, 0x8b, 0x96, 0x0c, 0x12, 0x18, 0x24]),
        &ie(3, &[6]),
        &ie(5, &[0, 1, 0, 0]),
        &ie(4, &[1, 2, 3, 0, 4, 0]),
        &ie(7, b"US \x01\x0b\x1e"),
        &ie(221, &[0x00, 0x50, 0xf2, 0x02, 0x01]),
    ])
}

/// A control frame: subtype, duration (or AID), then the addresses and fields in `rest`.
fn ctrl(subtype: u8, rest: &[u8]) -> Vec<u8> {
    cat(&[&[0x04 | subtype << 4, 0x00, 0x2c, 0x01], rest])
}

/// A data frame of `subtype` with To/From DS bits `ds` (and `more` flag bits), its addresses
/// (a fourth one with both DS bits), QoS control for the QoS subtypes, then `body`.
fn data(subtype: u8, ds: u8, more: u8, body: &[u8]) -> Vec<u8> {
    let mut v = cat(&[
        &[0x08 | subtype << 4, ds | more, 0x2c, 0x00],
        &DST,
        &STA,
        &AP,
        &[0x20, 0x00],
    ]);
    if ds == 3 {
        v.extend_from_slice(&FAR);
    }
    if subtype & 8 != 0 {
        v.extend_from_slice(&[0x05, 0x00]);
    }
    v.extend_from_slice(body);
    v
}

fn snap(ethertype: u16, payload: &[u8]) -> Vec<u8> {
    cat(&[
        &[0xaa, 0xaa, 0x03, 0, 0, 0],
        &ethertype.to_be_bytes(),
        payload,
    ])
}

fn udp4() -> Vec<u8> {
    ipv4(IP_A, IP_C, 17, &udp(4000, 4001, &IP_A, &IP_C, b"hello"))
}

fn mgmt_packets(l: &mut L) {
    let el = common_elements();
    l.add("wlan beacon", mgmt(8, 0, &beacon_body(0x0011, &el)));
    let odd = cat(&[
        &ie(0, b"a\x01b\x00c"),
        &ie(0, b"second"),
        &ie(1, &[]),
        &ie(1, &[0x02]),
    ]);
    l.add("wlan beacon ibss", mgmt(8, 0, &beacon_body(0x0002, &odd)));
    l.add(
        "wlan beacon ssid too long",
        mgmt(8, 0, &beacon_body(1, &ie(0, &[b'x'; 33]))),
    );
    l.add(
        "wlan beacon rates too many",
        mgmt(8, 0, &beacon_body(1, &ie(1, &[2; 17]))),
    );
    l.add(
        "wlan beacon element cut",
        mgmt(8, 0, &beacon_body(1, &[0, 9, b'a'])),
    );
    l.add("wlan probe request", mgmt(4, 0, &el));
    l.add(
        "wlan probe response",
        mgmt(5, 0x08, &beacon_body(0x0031, &el)),
    );
    l.add(
        "wlan assoc request",
        mgmt(0, 0, &cat(&[&[0x31, 0x04, 0x0a, 0x00], &el])),
    );
    l.add(
        "wlan assoc response",
        mgmt(1, 0, &cat(&[&[0x11, 0, 0, 0, 0x01, 0xc0], &el])),
    );
    l.add(
        "wlan assoc response n/a",
        mgmt(1, 0, &[0x01, 0, 200, 0, 0x02, 0xc0]),
    );
    let reassoc = cat(&[&[0x31, 0x04, 0x0a, 0x00], &AP, &ie(0, b"lab")]);
    l.add("wlan reassoc request", mgmt(2, 0, &reassoc));
    l.add(
        "wlan reassoc response",
        mgmt(3, 0, &[0x01, 0, 17, 0, 0x03, 0xc0]),
    );
    l.add("wlan atim", mgmt(9, 0, &[]));
    l.add("wlan disassoc", mgmt(10, 0, &[8, 0]));
    l.add("wlan disassoc reserved", mgmt(10, 0, &[200, 0]));
    l.add("wlan deauth", mgmt(12, 0, &[3, 0]));
    l.add("wlan deauth reserved", mgmt(12, 0, &[99, 0]));
    l.add("wlan auth open", mgmt(11, 0, &[0, 0, 1, 0, 0, 0]));
    l.add("wlan auth open reply", mgmt(11, 0, &[0, 0, 2, 0, 1, 0]));
    let challenge = cat(&[&[1, 0, 2, 0, 0, 0], &ie(16, b"challenge text")]);
    l.add("wlan auth shared key", mgmt(11, 0, &challenge));
    l.add("wlan auth shared key 3", mgmt(11, 0, &[1, 0, 3, 0, 12, 0]));
    l.add("wlan auth reserved", mgmt(11, 0, &[9, 0, 4, 0, 0, 0]));
    for (name, cat_act) in [
        ("wlan action spectrum", [0u8, 4]),
        ("wlan action ba", [3, 1]),
        ("wlan action ba other", [3, 7]),
        ("wlan action ht", [7, 1]),
        ("wlan action mesh", [13, 6]),
        ("wlan action multihop", [14, 1]),
        ("wlan action selfprotect", [15, 3]),
        ("wlan action vendor", [127, 9]),
        ("wlan action reserved", [50, 2]),
    ] {
        l.add(name, mgmt(13, 0, &cat_act));
    }
    l.add("wlan mgmt unhandled", mgmt(6, 0, &[1, 2, 3]));
    l.add(
        "wlan mgmt protected",
        mgmt(11, 0x40, &[0x12, 0x34, 0x56, 0xa0, 1, 2, 3, 4]),
    );
    l.add("wlan auth short", mgmt(11, 0, &[0, 0, 1]));
    l.add("wlan deauth short", mgmt(12, 0, &[3]));
    l.add("wlan action short", mgmt(13, 0, &[3]));
    l.add_cuts("wlan beacon cut", mgmt(8, 0, &beacon_body(0x0011, &el)), 60);
}

fn ctrl_packets(l: &mut L) {
    l.add("wlan rts", ctrl(11, &cat(&[&AP, &STA])));
    l.add("wlan cts", ctrl(12, &STA));
    l.add("wlan ack", ctrl(13, &STA));
    l.add("wlan ps-poll", ctrl(10, &cat(&[&AP, &STA])));
    l.add("wlan cf-end", ctrl(14, &cat(&[&BCAST, &AP])));
    l.add("wlan cf-end ack", ctrl(15, &cat(&[&BCAST, &AP])));
    l.add(
        "wlan bar",
        ctrl(8, &cat(&[&AP, &STA, &[0x04, 0x00, 0x50, 0x01]])),
    );
    l.add("wlan ba", ctrl(9, &cat(&[&AP, &STA, &[0; 12]])));
    l.add(
        "wlan control wrapper",
        ctrl(7, &cat(&[&AP, &[0xd4, 0, 1, 2, 3, 4]])),
    );
    l.add("wlan ctrl unknown", ctrl(3, &cat(&[&AP, &STA])));
    l.add("wlan frame type 3", vec![0x0c, 0, 0, 0, 1, 2, 3, 4]);
    l.add("wlan rts short", ctrl(11, &AP));
    l.add("wlan bar short", ctrl(8, &cat(&[&AP, &STA])));
    l.add("wlan one byte", vec![0x08]);
}

fn data_packets(l: &mut L) {
    let ip = snap(0x0800, &udp4());
    for (name, ds) in [
        ("wlan data", 0u8),
        ("wlan data to ds", 1),
        ("wlan data from ds", 2),
        ("wlan data wds", 3),
    ] {
        l.add(name, data(0, ds, 0, &ip));
    }
    l.add("wlan data flags", data(0, 1, 0x3c, &ip));
    l.add("wlan qos data", data(8, 1, 0x80, &ip));
    l.add("wlan qos data wds", data(8, 3, 0, &ip));
    l.add("wlan data cf-ack", data(1, 2, 0, &ip));
    l.add("wlan data cf-poll", data(2, 2, 0, &ip));
    l.add("wlan data cf-ack-poll qos", data(11, 2, 0, &ip));
    l.add("wlan null", data(4, 1, 0x10, &[]));
    l.add("wlan qos null", data(12, 1, 0, &[]));
    l.add(
        "wlan data protected",
        data(8, 1, 0x40, &[0x01, 0x00, 0x00, 0x60, 9, 9, 9, 9]),
    );
    let a = arp(1, STA, IP_A, [0; 6], IP_B);
    l.add("wlan data arp", data(0, 1, 0, &snap(0x0806, &a)));
    l.add(
        "wlan data eapol",
        data(0, 2, 0, &snap(0x888e, &[1, 3, 0, 4, 1, 2, 3, 4])),
    );
    let other = cat(&[&[0xaa, 0xaa, 0x03, 0x00, 0x0b, 0x85, 0x12, 0x34], b"abcd"]);
    l.add("wlan data snap unknown", data(0, 2, 0, &other));
    l.add(
        "wlan data llc unknown",
        data(0, 3, 0, &[0x12, 0x34, 0x03, 1, 2, 3]),
    );
    l.add(
        "wlan data llc same sap",
        data(0, 2, 0, &[0x42, 0x42, 0x03, 0, 0, 0, 0]),
    );
    l.add("wlan data llc cut", data(0, 0, 0, &[0xaa, 0xaa]));
    l.add_cuts("wlan qos data cut", data(8, 1, 0, &ip), 40);
    // An 802.11s mesh control header (flags 0: no extra addresses, TTL 5, sequence 1) before
    // the LLC header: `-H` counts it in the link header that `-x` skips.
    let mut meshed = vec![0x00, 5, 1, 0, 0, 0];
    meshed.extend_from_slice(&ip);
    l.add("wlan qos data mesh", data(8, 1, 0, &meshed));
}

fn wlan_packets() -> Vec<Pkt> {
    let mut l = L::new(1_700_400_000_000_001_000);
    mgmt_packets(&mut l);
    ctrl_packets(&mut l);
    data_packets(&mut l);
    l.pkts
}

/// A radiotap header: its presence words and the fields after them.
fn radiotap(present: &[u32], fields: &[u8], frame: &[u8]) -> Vec<u8> {
    let len = 4 + 4 * present.len() + fields.len();
    let mut v = vec![0, 0];
    v.extend_from_slice(&(len as u16).to_le_bytes());
    for p in present {
        v.extend_from_slice(&p.to_le_bytes());
    }
    v.extend_from_slice(fields);
    v.extend_from_slice(frame);
    v
}

fn radiotap_packets() -> Vec<Pkt> {
    let mut l = L::new(1_700_400_100_000_001_000);
    let beacon = mgmt(8, 0, &beacon_body(0x0011, &common_elements()));
    let ack = ctrl(13, &STA);
    let qos = data(8, 1, 0, &snap(0x0800, &udp4()));
    // TSFT, flags, rate, channel, signal, noise, antenna.
    let basic = cat(&[
        &0x0011_2233_4455u64.to_le_bytes(),
        &[0x02, 0x02],
        &2412u16.to_le_bytes(),
        &0x00a0u16.to_le_bytes(),
        &[0xc4, 0xa6, 0x01],
    ]);
    l.add("radiotap beacon", radiotap(&[0x0000_086f], &basic, &beacon));
    l.add("radiotap ack", radiotap(&[0x0000_086f], &basic, &ack));
    // Flags with an FCS at the end of the frame, and bad-fcs, cfp, wep, fragmented.
    let fcs = cat(&[&ack, &[0xde, 0xad, 0xbe, 0xef]]);
    l.add("radiotap fcs", radiotap(&[0x0000_0002], &[0x5d], &fcs));
    // Atheros padding: the QoS header (26 bytes) padded to 28.
    let mut padded = qos[..26].to_vec();
    padded.extend_from_slice(&[0, 0]);
    padded.extend_from_slice(&qos[26..]);
    l.add(
        "radiotap datapad",
        radiotap(&[0x0000_0002], &[0x20], &padded),
    );
    // Channel flags: 11a, 11g, 11b, FHSS, turbo, half and quarter rate.
    for (name, flags) in [
        ("radiotap chan 11a", 0x0140u16),
        ("radiotap chan 11a half", 0x4140),
        ("radiotap chan 11g", 0x00c0),
        ("radiotap chan 11g dyn quarter", 0x8480),
        ("radiotap chan fhss", 0x0880),
        ("radiotap chan turbo", 0x0150),
    ] {
        let f = cat(&[&5180u16.to_le_bytes(), &flags.to_le_bytes()]);
        l.add(name, radiotap(&[0x0000_0008], &f, &ack));
    }
    // Rate as an MCS index, FHSS, lock quality, TX attenuation, dB TX attenuation, dBm TX
    // power, dB signal and noise, RX flags.
    let misc = cat(&[
        &[0x87, 3, 9, 0],
        &77u16.to_le_bytes(),
        &(-5i16).to_le_bytes(),
        &[0xfd, 0x14, 0x00, 40, 3, 0x00],
        &1u16.to_le_bytes(),
    ]);
    l.add("radiotap misc", radiotap(&[0x0000_7f94], &misc, &ack));
    // XChannel (with Channel, skipped), MCS, A-MPDU status, VHT.
    let x = cat(&[
        &2437u16.to_le_bytes(),
        &0x00a0u16.to_le_bytes(),
        &0x0002_00c0u32.to_le_bytes(),
        &2437u16.to_le_bytes(),
        &[6, 20],
        &[0x3f, 0x35, 7],
        &[0],
        &7u32.to_le_bytes(),
        &0x0004u16.to_le_bytes(),
        &[0, 0],
        &0x0044u16.to_le_bytes(),
        &[0x04, 4, 0x92, 0x00, 0x31, 0x00, 0x05, 0, 0, 0],
    ]);
    l.add(
        "radiotap xchannel mcs vht",
        radiotap(&[0x003c_0008], &x, &qos),
    );
    let mcs = [0x17, 0x10, 76];
    l.add("radiotap mcs 76", radiotap(&[0x0008_0000], &mcs, &ack));
    let mcs = [0x07, 0x01, 32];
    l.add(
        "radiotap mcs 32 20mhz",
        radiotap(&[0x0008_0000], &mcs, &ack),
    );
    let mcs = [0x02, 0x00, 99];
    l.add(
        "radiotap mcs out of range",
        radiotap(&[0x0008_0000], &mcs, &ack),
    );
    // A second presence word in the radiotap namespace: its fields are of unknown size.
    l.add(
        "radiotap ext bit 32",
        radiotap(&[0x8000_0002, 0x0000_0001], &[0x00, 0, 0, 0], &ack),
    );
    // A vendor namespace, skipped, then back to radiotap for the antenna.
    let vendor = cat(&[
        &[0x02, 0x00, 0x11, 0x22, 0x01, 0],
        &4u16.to_le_bytes(),
        &[9; 4],
        &[1],
    ]);
    l.add(
        "radiotap vendor namespace",
        radiotap(&[0xc000_0002, 0xa000_0000, 0x0000_0800], &vendor, &ack),
    );
    l.add(
        "radiotap unknown bit",
        radiotap(&[0x0000_8000], &[0; 4], &ack),
    );
    l.add(
        "radiotap field cut",
        radiotap(&[0x0000_0001], &[1, 2, 3, 4], &ack),
    );
    l.add("radiotap length short", vec![0, 0, 4, 0, 0, 0, 0, 0, 1, 2]);
    l.add(
        "radiotap ext past header",
        radiotap(&[0x8000_0000], &[], &ack),
    );
    l.add_cuts(
        "radiotap cut",
        radiotap(&[0x0000_086f], &basic, &beacon),
        50,
    );
    l.pkts
}

/// An AVS header (its length `hdrlen`, version 1 cookie) and the frame.
fn avs(hdrlen: u32, frame: &[u8]) -> Vec<u8> {
    let mut v = 0x8021_1001u32.to_be_bytes().to_vec();
    v.extend_from_slice(&hdrlen.to_be_bytes());
    v.resize(hdrlen.max(8) as usize, 0x11);
    v.extend_from_slice(frame);
    v
}

fn avs_packets() -> Vec<Pkt> {
    let mut l = L::new(1_700_400_200_000_001_000);
    l.add(
        "avs beacon",
        avs(64, &mgmt(8, 0, &beacon_body(0x0011, &common_elements()))),
    );
    l.add("avs data", avs(64, &data(0, 2, 0, &snap(0x0800, &udp4()))));
    l.add("avs length short", avs(4, &ctrl(13, &STA)));
    l.add("avs length long", avs(64, &[])[..40].to_vec());
    l.add_cuts("avs cut", avs(64, &ctrl(13, &STA)), 72);
    l.pkts
}

fn prism_packets() -> Vec<Pkt> {
    let mut l = L::new(1_700_400_300_000_001_000);
    let prism = |frame: &[u8]| {
        let mut v = vec![0, 0, 0, 0x41, 0, 0, 0, 0x90];
        v.resize(144, 0x22);
        v.extend_from_slice(frame);
        v
    };
    l.add(
        "prism beacon",
        prism(&mgmt(8, 0, &beacon_body(0x0011, &common_elements()))),
    );
    l.add("prism data", prism(&data(0, 1, 0, &snap(0x0800, &udp4()))));
    l.add("prism avs", avs(64, &ctrl(12, &STA)));
    l.add_cuts("prism cut", prism(&ctrl(13, &STA)), 150);
    l.pkts
}

/// A PPI header naming `dlt`, `len` bytes long, then the packet.
fn ppi(len: u16, dlt: u32, inner: &[u8]) -> Vec<u8> {
    let mut v = vec![0, 0];
    v.extend_from_slice(&len.to_le_bytes());
    v.extend_from_slice(&dlt.to_le_bytes());
    v.resize(usize::from(len.max(8)), 0x33);
    v.extend_from_slice(inner);
    v
}

fn ppi_packets() -> Vec<Pkt> {
    let mut l = L::new(1_700_400_400_000_001_000);
    let qos = data(8, 1, 0, &snap(0x0800, &udp4()));
    l.add("ppi wlan", ppi(8, 105, &qos));
    l.add("ppi wlan fields", ppi(32, 105, &ctrl(12, &STA)));
    let rt = radiotap(&[0x0000_0004], &[0x02], &ctrl(13, &STA));
    l.add("ppi radiotap", ppi(8, 127, &rt));
    l.add(
        "ppi ethernet",
        ppi(8, 1, &eth(MAC_B, MAC_A, 0x0800, &udp4())),
    );
    let null = cat(&[&2u32.to_le_bytes(), &udp4()]);
    l.add("ppi null", ppi(8, 0, &null));
    l.add("ppi unknown dlt", ppi(8, 4000, &[1, 2, 3, 4]));
    l.add("ppi length short", ppi(4, 105, &ctrl(13, &STA)));
    l.add_cuts("ppi cut", ppi(12, 105, &ctrl(13, &STA)), 24);
    l.pkts
}

/// The 802.11 link types' fixtures.
pub fn wlan_fixtures() -> Vec<Link> {
    let link = |stem, linktype, pkts| Link {
        stem,
        linktype,
        pkts,
        verbose: true,
    };
    vec![
        link("link-wlan", 105, wlan_packets()),
        link("link-radiotap", 127, radiotap_packets()),
        link("link-avs", 163, avs_packets()),
        link("link-prism", 119, prism_packets()),
        link("link-ppi", 192, ppi_packets()),
    ]
}
