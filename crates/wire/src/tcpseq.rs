//! tcpdump's relative TCP sequence numbers: the first ACK-carrying segment of a conversation (or
//! any SYN) records the initial sequence numbers; later segments print offsets from them.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A conversation key in tcpdump's collating order (one entry for both directions).
#[derive(Clone, Copy)]
pub(crate) struct SeqKey {
    bytes: [u8; 36],
    /// Whether this segment goes in the direction opposite to the key's.
    pub rev: bool,
}

impl SeqKey {
    /// `src`/`dst` are both 4 or both 16 bytes long.
    pub fn new(src: &[u8], dst: &[u8], sport: u16, dport: u16) -> Self {
        let rev = sport > dport || (sport == dport && src > dst);
        let (a, b, port) = if rev {
            (dst, src, (dport as u32) << 16 | sport as u32)
        } else {
            (src, dst, (sport as u32) << 16 | dport as u32)
        };
        let mut bytes = [0u8; 36];
        let n = a.len().min(16);
        bytes[..n].copy_from_slice(&a[..n]);
        bytes[16..16 + n].copy_from_slice(&b[..n]);
        bytes[32..36].copy_from_slice(&port.to_be_bytes());
        // IPv4 and IPv6 conversations live in separate tables in tcpdump; mark the family.
        if n == 4 {
            bytes[4] = 0xff;
        }
        SeqKey { bytes, rev }
    }
}

/// FNV-1a: the keys are short and not attacker-chosen in a way that matters for a printer.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// Conversations seen so far. Bounded: past [`TcpSeqState::MAX`] entries the table starts afresh
/// (tcpdump's grows without bound).
#[derive(Default)]
pub struct TcpSeqState {
    map: HashMap<[u8; 36], (u32, u32), BuildHasherDefault<Fnv>>,
    hit: bool,
}

impl TcpSeqState {
    /// Most conversations remembered at once.
    pub const MAX: usize = 1 << 20;

    /// Looks a conversation up; returns the stored (seq, ack) bases after the update.
    pub(crate) fn lookup(&mut self, key: SeqKey, seq: u32, ack: u32, syn: bool) -> (u32, u32) {
        if !syn {
            if let Some(&v) = self.map.get(&key.bytes) {
                self.hit = true;
                return v;
            }
        }
        self.hit = false;
        if self.map.len() >= Self::MAX {
            self.map.clear();
        }
        let v = Self::fresh(key.rev, seq, ack);
        self.map.insert(key.bytes, v);
        v
    }

    /// Whether the last lookup found an existing conversation (so numbers print relative).
    pub(crate) fn last_was_hit(&self) -> bool {
        self.hit
    }

    /// The bases a new conversation records.
    pub(crate) fn fresh(rev: bool, seq: u32, ack: u32) -> (u32, u32) {
        if rev {
            (ack.wrapping_sub(1), seq)
        } else {
            (seq, ack.wrapping_sub(1))
        }
    }

    /// Forgets every conversation.
    pub fn clear(&mut self) {
        self.map.clear();
    }
}
