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

    /// The name of file number `index` (0 for the first), opened at `local_secs` (seconds
    /// since the epoch, already shifted to local time). With `-G` the base name is a
    /// strftime pattern; with `-C` a count is appended (`name`, `name1`, ... or, with `-W`,
    /// `name0`..`name{W-1}` padded to the digits of W-1, reused in a ring).
    pub fn file_name(&self, base: &str, index: u64, local_secs: i64) -> String {
        let base = if self.every_secs.is_some() {
            strftime(base, local_secs)
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

/// Civil date from days since 1970-01-01 (proleptic Gregorian).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// A strftime subset for file names: `%Y %m %d %H %M %S %j %s %%`; any other `%x` is kept.
pub fn strftime(pattern: &str, local_secs: i64) -> String {
    let days = local_secs.div_euclid(86_400);
    let rem = local_secs.rem_euclid(86_400);
    let (y, m, d) = civil(days);
    let jan1 = civil_days(y, 1, 1);
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('Y') => out.push_str(&format!("{y:04}")),
            Some('m') => out.push_str(&format!("{m:02}")),
            Some('d') => out.push_str(&format!("{d:02}")),
            Some('H') => out.push_str(&format!("{:02}", rem / 3600)),
            Some('M') => out.push_str(&format!("{:02}", rem / 60 % 60)),
            Some('S') => out.push_str(&format!("{:02}", rem % 60)),
            Some('j') => out.push_str(&format!("{:03}", days - jan1 + 1)),
            Some('s') => out.push_str(&local_secs.to_string()),
            Some('%') => out.push('%'),
            Some(other) => {
                out.push('%');
                out.push(other);
            }
            None => out.push('%'),
        }
    }
    out
}

/// Days since 1970-01-01 of a civil date.
fn civil_days(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
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
        assert_eq!(c.file_name("cap.pcap", 0, 0), "cap.pcap");
        assert_eq!(c.file_name("cap.pcap", 2, 0), "cap.pcap2");
        let cw = Rotation {
            max_bytes: Some(1),
            max_files: Some(12),
            ..Rotation::default()
        };
        assert_eq!(cw.file_name("cap", 0, 0), "cap00");
        assert_eq!(cw.file_name("cap", 13, 0), "cap01");
        let g = Rotation {
            every_secs: Some(60),
            ..Rotation::default()
        };
        // 2026-11-22 04:05:06 UTC
        let t = 1_795_320_306;
        assert_eq!(
            g.file_name("cap-%Y%m%d-%H%M%S.pcap", 0, t),
            "cap-20261122-040506.pcap"
        );
        assert_eq!(strftime("%j %s %% %q", t), format!("326 {t} % %q"));
    }

    #[test]
    fn civil_round_trip() {
        for days in [-800_000i64, -1, 0, 59, 60, 365, 11_016, 20_000, 2_000_000] {
            let (y, m, d) = civil(days);
            assert_eq!(civil_days(y, m, d), days, "{y}-{m}-{d}");
        }
    }
}
