//! The IS-IS fixture (OSI over LLC), built byte by byte: every PDU type's one-line form, the
//! headers tcpdump refuses, and cut captures.

use super::super::*;

/// An IS-IS PDU: the common header (`fixed` length, version, ID length, `ty`, PDU version,
/// max areas) and `rest`.
fn isis(fixed: u8, id_len: u8, ty: u8, version: u8, max_area: u8, rest: &[u8]) -> Vec<u8> {
    let mut v = vec![0x83, fixed, version, id_len, ty, 1, 0, max_area];
    v.extend_from_slice(rest);
    v
}

/// An 802.3 frame to the all-IS address with LLC SAP 0xfe and `pdu`.
fn osi(pdu: &[u8]) -> Vec<u8> {
    let llc = [vec![0xfe, 0xfe, 0x03], pdu.to_vec()].concat();
    eth(
        [0x01, 0x80, 0xc2, 0, 0, 0x14],
        MAC_A,
        llc.len() as u16,
        &llc,
    )
}

/// The IS-IS fixture.
pub fn isis_fixture_packets() -> Vec<Pkt> {
    let sys = [0x33, 0x33, 0x33, 0x33, 0x33, 0x33];
    let lan_iih = [
        vec![1],
        sys.to_vec(),
        vec![0, 10, 0x05, 0xd9, 64],
        sys.to_vec(),
        vec![2],
        vec![1, 2, 0xcc, 8, 8, 0, 0, 0],
    ]
    .concat();
    let p2p = [vec![2], sys.to_vec(), vec![0, 30, 0, 40, 1]].concat();
    // TLVs: restart signaling, p2p adjacency (short and full), protocols, area addresses,
    // interface addresses, IS neighbors, instance ID, padding, one tcpdump only dumps.
    let tlvs = [
        vec![211, 3, 1, 0, 30],
        vec![211, 9, 3, 0, 10, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22],
        vec![240, 1, 2],
        vec![
            240, 15, 0, 0, 0, 0, 7, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0, 0, 0, 9,
        ],
        vec![129, 3, 0xcc, 0x8e, 0x99],
        vec![1, 8, 3, 0x49, 0, 0x0a, 3, 0x39, 1, 2],
        vec![132, 8, 10, 0, 10, 1, 192, 0, 2, 1],
        vec![
            6, 12, 0xc2, 1, 0x29, 0x98, 0, 0, 0x52, 0x54, 0, 0x12, 0x34, 0x56,
        ],
        vec![7, 6, 0, 42, 0, 1, 0, 2],
        vec![7, 4, 0, 42, 0, 1],
        vec![8, 3, 0, 0, 0],
        vec![42, 4, 0xde, 0xad, 0xbe, 0xef],
    ]
    .concat();
    let iih_v = [lan_iih[..19].to_vec(), tlvs.clone()].concat();
    let iih_v_len = (8 + iih_v.len()) as u16;
    let mut iih_v = iih_v;
    iih_v[9..11].copy_from_slice(&iih_v_len.to_be_bytes());
    let mut p2p_v = [p2p.clone(), tlvs].concat();
    let p2p_len = (8 + p2p_v.len()) as u16;
    p2p_v[9..11].copy_from_slice(&p2p_len.to_be_bytes());
    let entry = |n: u8| {
        [
            vec![4, 0xb0],
            sys.to_vec(),
            vec![n, 0, 0, 0, 0, 0x0e, 0x59, 0x10],
        ]
        .concat()
    };
    let csnp_v = [
        vec![0, 33 + 2 + 32],
        sys.to_vec(),
        vec![0],
        vec![0; 8],
        vec![0xff; 8],
        vec![9, 32],
        entry(0),
        entry(2),
    ]
    .concat();
    let lsp = |life: u16| {
        [
            vec![0, 149],
            life.to_be_bytes().to_vec(),
            sys.to_vec(),
            vec![0, 0],
            vec![0, 0, 0, 0x0f, 0x12, 0x34, 0x03],
        ]
        .concat()
    };
    // An LSP whose checksum is right, one with none, and one with TLVs: IS reachability
    // (with the optional metrics), IP reachability (a contiguous mask and not), TE router ID,
    // hostname; one IP reachability entry short.
    let lsp_ck = |ck: [u8; 2]| {
        let mut v = lsp(1200);
        v[16..18].copy_from_slice(&ck);
        v
    };
    let lsp_tlvs = [
        vec![2, 23, 0],
        vec![10, 0x80, 0x80, 0x80, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 1],
        vec![
            0x4a, 0x05, 0x46, 0x07, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0,
        ],
        vec![128, 24, 10, 0x80, 0x80, 0x80, 10, 0, 1, 0, 255, 255, 255, 0],
        vec![0xc5, 0x06, 0x07, 0x48, 192, 0, 2, 0, 255, 0, 255, 0],
        vec![130, 12, 0x40, 0x80, 0x80, 0x80, 0, 0, 0, 0, 0, 0, 0, 0],
        vec![134, 4, 10, 0, 0, 1],
        vec![137, 6, b'r', b't', b'r', 0x01, 0, b'x'],
        vec![128, 5, 1, 2, 3, 4, 5],
    ]
    .concat();
    let mut lsp_v = [lsp(1199), lsp_tlvs].concat();
    let lsp_v_len = (8 + lsp_v.len()) as u16;
    lsp_v[0..2].copy_from_slice(&lsp_v_len.to_be_bytes());
    // Extended IS and IPv4 reachability (no sub-TLVs), router capability with an unknown
    // sub-TLV; a bad prefix length; sub-TLVs this printer does not decode.
    let ext = |tlvs: Vec<u8>| {
        let mut v = [lsp(1000), tlvs].concat();
        let n = (8 + v.len()) as u16;
        v[0..2].copy_from_slice(&n.to_be_bytes());
        v
    };
    let lsp_ext = ext([
        vec![22, 22],
        vec![0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0, 0, 0, 10, 0],
        vec![0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 1, 0x01, 0, 0, 0],
        vec![
            135, 17, 0, 0, 0, 10, 32, 2, 2, 2, 1, 0, 0, 0, 20, 0x98, 1, 1, 1,
        ],
        vec![242, 9, 1, 1, 1, 1, 3, 27, 2, 0xfa, 0],
        vec![242, 3, 1, 2, 3],
    ]
    .concat());
    let lsp_bad_prefix = ext(vec![135, 5, 0, 0, 0, 1, 40]);
    let lsp_subtlvs = ext(vec![
        22, 13, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0, 0, 0, 10, 2, 3, 0,
    ]);
    // Extended IPv4 reachability with sub-TLVs: the tags, prefix SIDs (an index, a label),
    // the management prefix color and an unknown one; then the segment routing capability
    // (a 3-byte and a 4-byte SID, a SID of another length, an unknown SID type).
    let lsp_prefix_sid = ext(vec![
        135, 50, 0, 0, 0, 10, 0xd8, 192, 0, 2, 41, // metric, down + sub-TLVs, /24
        1, 4, 0, 0, 0, 7, // 32-bit tag
        2, 8, 0, 0, 0, 1, 0, 0, 0, 2, // 64-bit tag
        3, 6, 0x40, 0, 0, 0, 0, 40, // prefix SID, index
        3, 5, 0x0c, 1, 0, 0x3e, 0x80, // prefix SID, label
        117, 4, 0, 0, 0, 3, // management prefix color
        9, 2, 0xab, 0xcd, // unknown
    ]);
    let lsp_sr_cap = ext(vec![
        242, 31, 10, 0, 0, 1, 0, // router ID, flags
        2, 24, 0xc0, 0, 3, 0xe8, // SR capabilities: flags, range 1000
        1, 3, 0, 0x0f, 0xa0, // SID label 4000
        1, 4, 0, 1, 0, 0, // SID index 65536
        1, 2, 0, 0, // SID of another length
        7, 3, 1, 2, 3, // unknown SID type
    ]);
    // Extended IS reachability sub-TLVs: groups, link IDs, addresses, bandwidths (32-bit
    // floats), TE metric, link attribute, SPB metric, LAN adjacency SIDs (a label, an index,
    // bad flags) and an unknown one; then a sub-TLV longer than the sub-TLVs' length.
    let bw = [0x4c, 0xee, 0x6b, 0x28];
    let is_subtlvs = [
        vec![3, 4, 0, 0, 0, 0xff],
        vec![4, 8, 0, 0, 1, 0x80, 0, 0, 0, 0],
        vec![6, 4, 192, 0, 2, 1],
        vec![8, 4, 192, 0, 2, 2],
        [vec![9, 4], bw.to_vec()].concat(),
        vec![10, 4, 0x4c, 0x6e, 0x6b, 0x28],
        [vec![11, 32], bw.repeat(8)].concat(),
        vec![18, 3, 0, 0, 100],
        vec![19, 2, 0, 5],
        vec![29, 6, 0, 0, 10, 1, 0, 2],
        [vec![32, 11, 0x30, 0], sys.to_vec(), vec![0, 0, 18]].concat(),
        [vec![32, 12, 0, 1], sys.to_vec(), vec![0, 0, 0, 7]].concat(),
        [vec![32, 11, 0x20, 0], sys.to_vec(), vec![0, 0, 1]].concat(),
        vec![250, 2, 1, 2],
        [vec![22, 9, 0], bw.to_vec(), vec![0x4c, 0x6e, 0x6b, 0x28]].concat(),
        vec![20, 2, 0x0a, 3],
    ]
    .concat();
    // The Multi-Topology capability TLVs with sub-TLVs tcpdump does not decode, a short
    // one and a sub-TLV longer than its TLV.
    let lsp_mt = ext(vec![
        144, 6, 0x90, 0x05, 9, 2, 0xaa, 0xbb, 144, 1, 0, 143, 6, 0x20, 0x07, 7, 3, 1, 2,
    ]);
    // Authentication: a simple password (NUL-padded), a generic key, a private one, an
    // unknown type without a value.
    let lsp_auth = ext(vec![
        10, 8, 1, b'p', b'w', 0x01, 0, b'x', 0, 0, 10, 5, 3, 0, 7, 0xab, 0xcd, 10, 3, 255, 1, 2,
        10, 1, 5,
    ]);
    // Prefix neighbors (a metric block, prefixes of 8 and 3 semi-octets, one too long for
    // an NSAP, one shorter than 2), and a hello sequence number.
    let lsp_prefix_neigh = ext(vec![
        5, 20, 10, 0x80, 0x05, 0x80, 8, 0x49, 0x00, 0x01, 0x02, 3, 0x39, 44, 0, 1, 2, 3, 4, 5, 6,
        1, 241, 4, 0, 0, 1, 0,
    ]);
    // IS alias IDs: entries without a metric.
    let lsp_alias = ext(vec![
        24, 20, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0, 0, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 1, 4,
        3, 2, 0, 0,
    ]);
    let lsp_is_subtlvs = ext([
        vec![22, (11 + is_subtlvs.len()) as u8],
        vec![0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 1, 0, 0, 10],
        vec![is_subtlvs.len() as u8],
        is_subtlvs,
        vec![
            22, 16, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0, 0, 0, 20, 5, 3, 4, 0, 0, 0,
        ],
    ]
    .concat());
    let lsp_prefix_sid_short = ext(vec![
        135, 14, 0, 0, 0, 1, 0x60, 192, 0, 2, 1, 4, 3, 2, 0x40, 0, // a prefix SID of 2 bytes
    ]);
    let csnp = [
        vec![0, 83],
        sys.to_vec(),
        vec![0],
        vec![0; 8],
        vec![0xff; 8],
    ]
    .concat();
    let psnp = [vec![0, 35], sys.to_vec(), vec![1]].concat();
    let frames: Vec<(&'static str, Vec<u8>, usize)> = vec![
        ("isis l1 lan iih", osi(&isis(27, 0, 15, 1, 0, &lan_iih)), 0),
        ("isis l2 lan iih", osi(&isis(27, 6, 16, 1, 3, &lan_iih)), 0),
        ("isis p2p iih", osi(&isis(20, 0, 17, 1, 0, &p2p)), 0),
        ("isis l1 lsp", osi(&isis(27, 0, 18, 1, 0, &lsp(1200))), 0),
        (
            "isis l2 lsp short life",
            osi(&isis(27, 0, 20, 1, 0, &lsp(5))),
            0,
        ),
        (
            "isis l2 lsp long life",
            osi(&isis(27, 0, 20, 1, 0, &lsp(65535))),
            0,
        ),
        ("isis l1 csnp", osi(&isis(33, 0, 24, 1, 0, &csnp)), 0),
        ("isis l2 csnp", osi(&isis(33, 0, 25, 1, 0, &csnp)), 0),
        ("isis l1 psnp", osi(&isis(17, 0, 26, 1, 0, &psnp)), 0),
        ("isis l2 psnp", osi(&isis(17, 0, 27, 1, 0, &psnp)), 0),
        (
            "isis pdu unknown",
            osi(&isis(8, 0, 30, 1, 0, &[1, 2, 3])),
            0,
        ),
        ("isis version 2", osi(&isis(8, 0, 15, 2, 0, &[])), 0),
        ("isis id length 4", osi(&isis(8, 4, 15, 1, 0, &[])), 0),
        ("isis pdu version 2", osi(&[0x83, 8, 1, 0, 15, 2, 0, 0]), 0),
        ("isis fixed too long", osi(&isis(200, 0, 15, 1, 0, &[])), 0),
        ("isis fixed too short", osi(&isis(5, 0, 15, 1, 0, &[])), 0),
        ("isis 255 areas", osi(&isis(8, 0, 15, 1, 255, &[])), 0),
        (
            "isis lan iih bogus fixed",
            osi(&isis(26, 0, 15, 1, 0, &lan_iih)),
            0,
        ),
        (
            "isis lsp bogus fixed",
            osi(&isis(28, 0, 18, 1, 0, &[lsp(1), vec![0; 4]].concat())),
            0,
        ),
        (
            "isis psnp bogus fixed",
            osi(&isis(18, 0, 26, 1, 0, &[psnp.clone(), vec![0; 4]].concat())),
            0,
        ),
        (
            "isis lsp checksum right",
            osi(&isis(27, 0, 18, 1, 0, &lsp_ck([0x4b, 0x6f]))),
            0,
        ),
        (
            "isis lsp checksum zero",
            osi(&isis(27, 0, 18, 1, 0, &lsp_ck([0, 0]))),
            0,
        ),
        ("isis lsp tlvs", osi(&isis(27, 0, 20, 1, 0, &lsp_v)), 0),
        (
            "isis lsp extended tlvs",
            osi(&isis(27, 0, 20, 1, 0, &lsp_ext)),
            0,
        ),
        (
            "isis lsp bad prefix length",
            osi(&isis(27, 0, 20, 1, 0, &lsp_bad_prefix)),
            0,
        ),
        (
            "isis lsp sub-tlvs",
            osi(&isis(27, 0, 20, 1, 0, &lsp_subtlvs)),
            0,
        ),
        (
            "isis lsp prefix sid",
            osi(&isis(27, 0, 20, 1, 0, &lsp_prefix_sid)),
            0,
        ),
        (
            "isis lsp prefix sid cut",
            osi(&isis(27, 0, 20, 1, 0, &lsp_prefix_sid)),
            14 + 3 + 27 + 2 + 11 + 20,
        ),
        (
            "isis lsp prefix sid short",
            osi(&isis(27, 0, 20, 1, 0, &lsp_prefix_sid_short)),
            0,
        ),
        (
            "isis lsp is reach sub-tlvs",
            osi(&isis(27, 0, 20, 1, 0, &lsp_is_subtlvs)),
            0,
        ),
        (
            "isis lsp is reach sub-tlvs cut",
            osi(&isis(27, 0, 20, 1, 0, &lsp_is_subtlvs)),
            14 + 3 + 27 + 2 + 11 + 50,
        ),
        (
            "isis lsp is alias",
            osi(&isis(27, 0, 20, 1, 0, &lsp_alias)),
            0,
        ),
        (
            "isis lsp mt capability",
            osi(&isis(27, 0, 20, 1, 0, &lsp_mt)),
            0,
        ),
        (
            "isis lsp prefix neighbors",
            osi(&isis(27, 0, 20, 1, 0, &lsp_prefix_neigh)),
            0,
        ),
        (
            "isis lsp prefix neighbors cut",
            osi(&isis(27, 0, 20, 1, 0, &lsp_prefix_neigh)),
            14 + 3 + 27 + 2 + 7,
        ),
        (
            "isis lsp authentication",
            osi(&isis(27, 0, 20, 1, 0, &lsp_auth)),
            0,
        ),
        (
            "isis lsp authentication cut",
            osi(&isis(27, 0, 20, 1, 0, &lsp_auth)),
            14 + 3 + 27 + 2 + 4,
        ),
        (
            "isis lsp mt capability cut",
            osi(&isis(27, 0, 20, 1, 0, &lsp_mt)),
            14 + 3 + 27 + 2 + 2 + 2 + 1,
        ),
        (
            "isis lsp sr capability",
            osi(&isis(27, 0, 20, 1, 0, &lsp_sr_cap)),
            0,
        ),
        (
            "isis lsp sr capability cut",
            osi(&isis(27, 0, 20, 1, 0, &lsp_sr_cap)),
            14 + 3 + 27 + 2 + 5 + 2 + 10,
        ),
        ("isis lan iih tlvs", osi(&isis(27, 0, 15, 1, 0, &iih_v)), 0),
        ("isis p2p iih tlvs", osi(&isis(20, 0, 17, 1, 0, &p2p_v)), 0),
        ("isis csnp entries", osi(&isis(33, 0, 24, 1, 0, &csnp_v)), 0),
        (
            "isis tlv tcpdump decodes",
            osi(&isis(
                17,
                0,
                26,
                1,
                0,
                &[vec![0, 25], sys.to_vec(), vec![1], vec![250, 4, 0, 0, 0, 1]].concat(),
            )),
            0,
        ),
        (
            "isis poi one",
            osi(&isis(
                17,
                0,
                26,
                1,
                0,
                &[
                    vec![0, 26],
                    sys.to_vec(),
                    vec![1],
                    vec![13, 7, 1],
                    sys.to_vec(),
                ]
                .concat(),
            )),
            0,
        ),
        (
            "isis poi two",
            osi(&isis(
                17,
                0,
                26,
                1,
                0,
                &[
                    vec![0, 32],
                    sys.to_vec(),
                    vec![1],
                    vec![13, 13, 2],
                    sys.to_vec(),
                    vec![9, 8, 7, 6, 5, 4],
                ]
                .concat(),
            )),
            0,
        ),
        (
            "isis poi none",
            osi(&isis(
                17,
                0,
                26,
                1,
                0,
                &[vec![0, 20], sys.to_vec(), vec![1], vec![13, 1, 0]].concat(),
            )),
            0,
        ),
        (
            "isis poi short",
            osi(&isis(
                17,
                0,
                26,
                1,
                0,
                &[vec![0, 23], sys.to_vec(), vec![1], vec![13, 4, 1, 1, 2, 3]].concat(),
            )),
            0,
        ),
        (
            "isis poi two cut",
            osi(&isis(
                17,
                0,
                26,
                1,
                0,
                &[
                    vec![0, 32],
                    sys.to_vec(),
                    vec![1],
                    vec![13, 13, 2],
                    sys.to_vec(),
                    vec![9, 8, 7, 6, 5, 4],
                ]
                .concat(),
            )),
            14 + 3 + 17 + 2 + 1 + 6 + 3,
        ),
        (
            "isis tlv too long",
            osi(&isis(
                17,
                0,
                26,
                1,
                0,
                &[vec![0, 23], sys.to_vec(), vec![1], vec![129, 9, 0xcc]].concat(),
            )),
            0,
        ),
        (
            "isis lan iih tlvs cut",
            osi(&isis(27, 0, 15, 1, 0, &iih_v)),
            14 + 3 + 27 + 30,
        ),
        (
            "isis common header cut",
            osi(&isis(27, 0, 15, 1, 0, &lan_iih)),
            14 + 3 + 5,
        ),
        (
            "isis lsp header cut",
            osi(&isis(27, 0, 18, 1, 0, &lsp(1200))),
            14 + 3 + 8 + 10,
        ),
    ];
    let mut ts = 1_700_000_300_000_000_000u64;
    frames
        .into_iter()
        .map(|(name, mut data, cut)| {
            let orig_len = data.len() as u32;
            if cut != 0 {
                data.truncate(cut);
            }
            ts += 1_000_000;
            Pkt {
                name,
                data,
                orig_len,
                ts_ns: ts,
                strict: false,
            }
        })
        .collect()
}
