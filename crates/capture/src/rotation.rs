//! When to start a new output file and what to call it, as tcpdump's `-C`, `-G` and `-W` do.
//!
//! Pure: the caller passes the sizes and times in.

/// The rotation policy of a capture file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rotation {
    /// `-C`: start a new file before one would grow past this many bytes (tcpdump's unit is
    /// 1,000,000 bytes).
    pub max_bytes: Option<u64>,
    /// `-G`: start a new file when a packet arrives this many seconds after the file was opened.
    pub every_secs: Option<u64>,
    /// `-W`: with `-C`, reuse this many file names in a ring; with `-G` alone, stop after this
    /// many files.
    pub max_files: Option<u32>,
}

/// What to do before writing a packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Write it to the current file.
    Keep,
    /// Open the next file first.
    Rotate,
    /// The `-G`/`-W` limit is reached: stop capturing, do not write it.
    Stop,
}

impl Rotation {
    /// Whether any rotation is asked for.
    pub fn is_active(&self) -> bool {
        self.max_bytes.is_some() || self.every_secs.is_some()
    }

    /// Decides before a record of `record_bytes` is written to a file that holds
    /// `file_bytes` (headers included) and `file_packets` packets, was opened at
    /// `opened_secs`, and is file number `files_opened` (1 for the first). A file always takes
    /// at least one packet, so a packet larger than `-C` still goes somewhere and nothing is
    /// lost or written twice.
    pub fn decide(
        &self,
        file_bytes: u64,
        file_packets: u64,
        record_bytes: u64,
        opened_secs: u64,
        now_secs: u64,
        files_opened: u32,
    ) -> Decision {
        let by_time = self
            .every_secs
            .is_some_and(|g| g > 0 && now_secs >= opened_secs.saturating_add(g));
        let by_size = file_packets > 0
            && self
                .max_bytes
                .is_some_and(|c| file_bytes.saturating_add(record_bytes) > c);
        if !(by_time || by_size) {
            return Decision::Keep;
        }
        if by_time && self.max_bytes.is_none() {
            if let Some(w) = self.max_files {
                if files_opened >= w {
                    return Decision::Stop;
                }
            }
        }
        Decision::Rotate
    }

    /// The name of file number `index` (0 for the first). With `-G` the base name is a
    /// strftime pattern, which `expand` turns into the name for the time the file is opened
    /// (the caller passes libc's `strftime` in local time, as tcpdump); with `-C` a count is
    /// appended (`name`, `name1`, ... or, with `-W`, `name0`..`name{W-1}` padded to the digits
    /// of W-1, reused in a ring).
    pub fn file_name(&self, base: &str, index: u64, expand: impl FnOnce(&str) -> String) -> String {
        let base = if self.every_secs.is_some() {
            expand(base)
        } else {
            base.to_string()
        };
        if self.max_bytes.is_none() {
            return base;
        }
        match self.max_files {
            Some(w) if w > 0 => {
                let width = digits(u64::from(w) - 1);
                format!("{base}{:0width$}", index % u64::from(w))
            }
            _ if index == 0 => base,
            _ => format!("{base}{index}"),
        }
    }
}

fn digits(mut n: u64) -> usize {
    let mut d = 1;
    while n >= 10 {
        n /= 10;
        d += 1;
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_rotation_never_leaves_a_file_empty() {
        let r = Rotation {
            max_bytes: Some(1000),
            ..Rotation::default()
        };
        assert_eq!(r.decide(24, 0, 5000, 0, 0, 1), Decision::Keep);
        assert_eq!(r.decide(900, 3, 50, 0, 0, 1), Decision::Keep);
        assert_eq!(r.decide(990, 3, 50, 0, 0, 1), Decision::Rotate);
    }

    #[test]
    fn time_rotation_and_its_file_limit() {
        let r = Rotation {
            every_secs: Some(60),
            max_files: Some(2),
            ..Rotation::default()
        };
        assert_eq!(r.decide(100, 1, 10, 1000, 1059, 1), Decision::Keep);
        assert_eq!(r.decide(100, 1, 10, 1000, 1060, 1), Decision::Rotate);
        assert_eq!(r.decide(100, 1, 10, 1060, 1120, 2), Decision::Stop);
    }

    #[test]
    fn names_follow_tcpdump() {
        let c = Rotation {
            max_bytes: Some(1),
            ..Rotation::default()
        };
        assert_eq!(c.file_name("cap.pcap", 0, str::to_string), "cap.pcap");
        assert_eq!(c.file_name("cap.pcap", 2, str::to_string), "cap.pcap2");
        let cw = Rotation {
            max_bytes: Some(1),
            max_files: Some(12),
            ..Rotation::default()
        };
        assert_eq!(cw.file_name("cap", 0, str::to_string), "cap00");
        assert_eq!(cw.file_name("cap", 13, str::to_string), "cap01");
        let g = Rotation {
            every_secs: Some(60),
            ..Rotation::default()
        };
        assert_eq!(
            g.file_name("cap-%H.pcap", 0, |p| p.replace("%H", "04")),
            "cap-04.pcap"
        );
        let gc = Rotation {
            every_secs: Some(60),
            max_bytes: Some(1),
            ..Rotation::default()
        };
        assert_eq!(gc.file_name("c-%s", 2, |p| p.replace("%s", "9")), "c-92");
        assert_eq!(c.file_name("c-%s", 2, |_| unreachable!()), "c-%s2");
    }
}
