//! Forwarding a ring block: every frame decided, then one `sendmmsg` batch per destination
//! port pointing into the ring itself.

use promisc_sys::ring::{TxSocket, TP_STATUS_VLAN_VALID};
use promisc_vswitch::{FrameInfo, Mac, Switch};

use promisc_facts::uapi::virtio_net_hdr as vnet;
use promisc_wire::ethertype;
use promisc_wire::frame::{ethernet, vlan};

use super::Daemon;

/// Bytes of the virtio-net header in front of each frame, in the ring and in each send.
const VNET_HDR: usize = vnet::LEN;

/// One frame's send to one port, planned while the block is read.
pub(super) struct Send<'b> {
    port: usize,
    /// The virtio-net header, adjusted for a tag added or removed.
    vnet: [u8; VNET_HDR],
    /// The 802.1Q tag to insert (`tag_len` bytes of it).
    tag: [u8; 4],
    tag_len: usize,
    /// Destination and source MACs.
    head: &'b [u8],
    /// From the EtherType after any tag that came in-band.
    rest: &'b [u8],
}

impl Send<'_> {
    fn len(&self) -> u32 {
        (self.head.len() + self.tag_len + self.rest.len()) as u32
    }
}

/// An empty vector of another lifetime, keeping the allocation (in-place collect).
fn recycle<'b>(v: Vec<Send<'_>>) -> Vec<Send<'b>> {
    let mut v = v;
    v.clear();
    v.into_iter()
        .map(|_| unreachable!("the vector is empty"))
        .collect()
}

impl Daemon {
    /// Forwards every block the ring of port `i` holds.
    pub(super) fn forward(&mut self, i: usize) {
        let now = self.now_ms();
        let Daemon {
            sw,
            io,
            scratch,
            plan,
            frames,
            ..
        } = self;
        let (before, rest) = io.split_at_mut(i);
        let (me, after) = rest.split_first_mut().expect("i is a port");
        let Some(rx) = me.rx.as_mut() else { return };
        let tx_of = |q: usize| -> Option<&TxSocket> {
            match q.cmp(&i) {
                std::cmp::Ordering::Less => before[q].tx.as_ref(),
                std::cmp::Ordering::Greater => after[q - i - 1].tx.as_ref(),
                std::cmp::Ordering::Equal => None,
            }
        };
        while let Some(block) = rx.next_block() {
            let mut batch: Vec<Send<'_>> = recycle(std::mem::take(plan));
            for f in block.frames() {
                plan_frame(sw, i, &f, now, &mut batch);
            }
            let mut targets = 0u64;
            for s in &batch {
                targets |= 1 << s.port;
            }
            for q in (0..64).filter(|q| targets >> q & 1 != 0) {
                let mut parts: Vec<[&[u8]; 4]> = recycle_parts(std::mem::take(frames));
                parts.extend(
                    batch
                        .iter()
                        .filter(|s| s.port == q)
                        .map(|s| [&s.vnet[..], s.head, &s.tag[..s.tag_len], s.rest]),
                );
                let sent = match tx_of(q) {
                    Some(tx) => tx.send_gathered(&parts, scratch).unwrap_or(0),
                    None => 0,
                };
                for (n, s) in batch.iter().filter(|s| s.port == q).enumerate() {
                    sw.sent(q, s.len(), n < sent);
                }
                *frames = recycle_parts(parts);
            }
            *plan = recycle(batch);
            drop(block);
        }
    }
}

fn recycle_parts<'b>(v: Vec<[&[u8]; 4]>) -> Vec<[&'b [u8]; 4]> {
    let mut v = v;
    v.clear();
    v.into_iter()
        .map(|_| unreachable!("the vector is empty"))
        .collect()
}

/// Decides one frame and appends its sends to `batch`.
fn plan_frame<'b>(
    sw: &mut Switch,
    i: usize,
    f: &promisc_sys::ring::Frame<'b>,
    now: u64,
    batch: &mut Vec<Send<'b>>,
) {
    let data = f.data;
    let Ok(eth) = ethernet::Frame::new_checked(data) else {
        return; // A runt: nothing to forward.
    };
    if (f.len as usize) > data.len() {
        return; // Larger than the ring's frames: it cannot be forwarded whole.
    }
    let mut vnet_hdr = [0u8; VNET_HDR];
    if let Some(h) = f.vnet_hdr() {
        vnet_hdr.copy_from_slice(h);
    }
    // The tag: stripped by the kernel into the ring's header, or still in the frame.
    let in_band = (eth.ethertype() == ethertype::VLAN)
        .then(|| vlan::Tag::new_checked(eth.payload()).ok())
        .flatten();
    let (tci, inner_type, rest_at) = if f.status & TP_STATUS_VLAN_VALID != 0 {
        (
            Some(f.vlan_tci),
            eth.ethertype(),
            ethernet::field::ETHERTYPE.start,
        )
    } else if let Some(t) = &in_band {
        (
            Some(t.tci()),
            t.ethertype(),
            ethernet::HEADER_LEN + vlan::field::ETHERTYPE.start,
        )
    } else {
        (None, eth.ethertype(), ethernet::field::ETHERTYPE.start)
    };
    let info = FrameInfo {
        dst: Mac(eth.dst()),
        src: Mac(eth.src()),
        tag: tci.map(|t| t & vlan::VID_MASK),
        ethertype: inner_type,
        len: f.len,
    };
    let fwd = sw.decide(i, &info, now);
    let removed = (rest_at - ethernet::field::ETHERTYPE.start) as i32;
    for q in fwd.ports.iter() {
        let mut tag = [0u8; vlan::TAG_LEN];
        let tag_len = match sw.egress_tag(q, fwd.vlan) {
            Some(v) => {
                let tci = (tci.unwrap_or(0) & !vlan::VID_MASK) | v;
                tag[..2].copy_from_slice(&ethertype::VLAN.to_be_bytes());
                tag[2..].copy_from_slice(&tci.to_be_bytes());
                vlan::TAG_LEN
            }
            None => 0,
        };
        batch.push(Send {
            port: q,
            vnet: shift_vnet(vnet_hdr, tag_len as i32 - removed),
            tag,
            tag_len,
            head: &data[..ethernet::field::ETHERTYPE.start],
            rest: &data[rest_at..],
        });
    }
}

/// The virtio-net header with its offsets moved by `delta` bytes (a tag added or removed).
fn shift_vnet(mut h: [u8; VNET_HDR], delta: i32) -> [u8; VNET_HDR] {
    if delta == 0 {
        return h;
    }
    let shift = |h: &mut [u8; VNET_HDR], at: usize| {
        let v = u16::from_le_bytes([h[at], h[at + 1]]);
        if v != 0 {
            h[at..at + 2].copy_from_slice(&((i32::from(v) + delta).max(0) as u16).to_le_bytes());
        }
    };
    if h[vnet::FLAGS] & vnet::F_NEEDS_CSUM != 0 {
        shift(&mut h, vnet::CSUM_START);
    }
    shift(&mut h, vnet::HDR_LEN);
    h
}
