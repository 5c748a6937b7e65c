//! tcpdump's relative TCP sequence numbers: the first ACK-carrying segment of a conversation (or
//! any SYN) records the initial sequence numbers; later segments print offsets from them.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The two addresses (IPv4 ones in the low 32 bits) and ports of a conversation, lower port
/// first, plus the address family.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Conv {
    a: u128,
    b: u128,
    ports: u64,
}

/// A conversation key in tcpdump's collating order (one entry for both directions).
#[derive(Clone, Copy)]
pub(crate) struct SeqKey {
    conv: Conv,
    /// Whether this segment goes in the direction opposite to the key's.
    pub rev: bool,
}

/// An address as a number whose order is the bytes' order.
#[inline(always)]
fn word(a: &[u8]) -> u128 {
    match <[u8; 16]>::try_from(a) {
        Ok(b) => u128::from_be_bytes(b),
        Err(_) => {
            let mut b = [0u8; 4];
            let n = a.len().min(4);
            b[..n].copy_from_slice(&a[..n]);
            u32::from_be_bytes(b) as u128
        }
    }
}

impl SeqKey {
    /// `src`/`dst` are both 4 or both 16 bytes long.
    #[inline]
    pub fn new(src: &[u8], dst: &[u8], sport: u16, dport: u16) -> Self {
        let (s, d) = (word(src), word(dst));
        let rev = sport > dport || (sport == dport && s > d);
        let (a, b, port) = if rev {
            (d, s, (dport as u32) << 16 | sport as u32)
        } else {
            (s, d, (sport as u32) << 16 | dport as u32)
        };
        // IPv4 and IPv6 conversations live in separate tables in tcpdump; mark the family.
        let v4 = (src.len() != 16) as u64;
        SeqKey {
            conv: Conv {
                a,
                b,
                ports: port as u64 | v4 << 32,
            },
            rev,
        }
    }
}

/// A multiply-rotate hash over 8-byte words (FxHash's step): the keys are short and not
/// attacker-chosen in a way that matters for a printer, and a byte-at-a-time hash would cost
/// more than the rest of a segment's line.
#[derive(Default)]
pub(crate) struct WordHash(u64);

const K: u64 = 0x517c_c1b7_2722_0a95;

impl WordHash {
    #[inline(always)]
    fn step(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
    }
}

impl Hasher for WordHash {
    #[inline]
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 32)
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.step(u64::from_le_bytes(w));
        }
        let r = chunks.remainder();
        if !r.is_empty() {
            let mut w = [0u8; 8];
            w[..r.len()].copy_from_slice(r);
            self.step(u64::from_le_bytes(w));
        }
    }
    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.step(n as u64);
    }
    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.step(n);
    }
    #[inline]
    fn write_u128(&mut self, n: u128) {
        self.step(n as u64);
        self.step((n >> 64) as u64);
    }
}

/// Conversations seen so far. Bounded: past [`TcpSeqState::MAX`] entries the table starts afresh
/// (tcpdump's grows without bound).
#[derive(Default)]
pub struct TcpSeqState {
    map: HashMap<Conv, (u32, u32), BuildHasherDefault<WordHash>>,
    hit: bool,
}

impl TcpSeqState {
    /// Most conversations remembered at once.
    pub const MAX: usize = 1 << 20;

    /// Looks a conversation up; returns the stored (seq, ack) bases after the update.
    pub(crate) fn lookup(&mut self, key: SeqKey, seq: u32, ack: u32, syn: bool) -> (u32, u32) {
        if !syn {
            if let Some(&v) = self.map.get(&key.conv) {
                self.hit = true;
                return v;
            }
        }
        self.hit = false;
        if self.map.len() >= Self::MAX {
            self.map.clear();
        }
        let v = Self::fresh(key.rev, seq, ack);
        self.map.insert(key.conv, v);
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
