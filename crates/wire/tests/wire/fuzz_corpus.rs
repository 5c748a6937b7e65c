//! The frames in `fuzz/corpus/wire` are what the fuzz target should start from: each, read as
//! the target reads it (a selector byte, then the frame), decodes past its link layer without
//! truncation and prints one tcpdump line. A seed that stops decoding fails here, on stable.

use std::path::PathBuf;

use promisc_wire::{parse, write_json, PrintOptions, Printer};

#[test]
fn wire_seeds_decode() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/wire");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    assert!(paths.len() >= 20, "{} seeds", paths.len());
    let mut linktypes = std::collections::BTreeSet::new();
    for path in &paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let data = std::fs::read(path).unwrap();
        assert!(data.len() < 4096, "{name}: {} bytes", data.len());
        // The fuzz target's layout: the selector byte picks the link type and the options.
        let (&sel, frame) = data.split_first().expect("empty seed");
        let linktype = [1u32, 276, 113, 101, 0][(sel & 7) as usize % 5];
        linktypes.insert(linktype);
        let opts = PrintOptions {
            link_header: sel & 0x08 != 0,
            quiet: sel & 0x10 != 0,
            utc_offset_secs: 0,
            nanos: sel & 0x20 != 0,
            ..PrintOptions::default()
        };
        let layers = parse(linktype, frame);
        let mut line = String::new();
        Printer::new(opts)
            .write_line(
                &mut line,
                1_700_000_000_000_000_000,
                linktype,
                frame,
                frame.len() as u32,
            )
            .unwrap();
        if linktype == 0 {
            // The target's fifth link type, BSD loopback, is printed but not parsed into
            // layers: the seed must print past its address family.
            assert!(!line.contains("UNSUPPORTED"), "{name}: {line}");
            assert!(!line.contains("[|"), "{name}: {line}");
            assert!(line.contains(" > "), "{name}: {line}");
            continue;
        }
        assert!(
            !layers.truncated,
            "{name}: truncated after {} layers",
            layers.len()
        );
        // LLC frames decode only their Ethernet header into layers; everything else reaches at
        // least its network layer.
        let least = if name.starts_with("eth-llc") { 1 } else { 2 };
        assert!(layers.len() >= least, "{name}: {} layers", layers.len());
        assert!(!line.contains("[|"), "{name}: {line}");
        let mut json = Vec::new();
        write_json(
            &mut json,
            0,
            linktype,
            Some("eth0"),
            frame,
            frame.len() as u32,
        )
        .unwrap();
    }
    assert_eq!(
        linktypes.len(),
        5,
        "every link type of the target: {linktypes:?}"
    );
}
