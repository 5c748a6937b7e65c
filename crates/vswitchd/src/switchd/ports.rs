//! A switch's ports in the kernel: their sockets opened and closed as their devices come and go,
//! and their guests (the veth peers) followed through link notifications.

use promisc_facts::link::LinkFacts;
use promisc_sys::ring::TxSocket;
use promisc_sys::ring::{CaptureSocket, RingConfig};
use promisc_vswitch::Mac;

use super::{Daemon, Report, RunError};

/// Ring geometry per port: 256 blocks of 128 KiB (32 MiB), each large enough for a 64 KiB GSO
/// super-frame.
///
/// What a ring buffers is counted in blocks, not bytes: at a low rate the kernel retires a block
/// after `retire_timeout_ms` however few frames it holds, so the ring covers `block_count`
/// milliseconds of traffic while the switch is not scheduled. 16 blocks (the old geometry, of
/// 256 KiB each) lost frames at 0.8x the kernel bridge's rate whenever the loop was kept off its
/// CPU for more than 16 ms; 256 blocks cover a quarter of a second at any rate up to
/// about 900 frames a millisecond, and more than that at full rate (about 230,000 64-byte frames).
/// A block is the smallest power of two that holds the largest frame (issue 24).
const RING: RingConfig = RingConfig {
    block_size: 1 << 17,
    block_count: 256,
    frame_size: 1 << 17,
    retire_timeout_ms: 1,
};

/// The guest side of a port: the veth peer, by namespace id and index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Guest {
    nsid: Option<i32>,
    ifindex: u32,
}

/// A port's sockets and identity in the kernel.
pub(super) struct PortIo {
    pub(super) ifindex: u32,
    pub(super) rx: Option<CaptureSocket>,
    pub(super) tx: Option<TxSocket>,
    pub(super) guest: Option<Guest>,
    /// How many times its sockets were opened: a readiness `poll` reported for the sockets of
    /// an earlier attachment says nothing of the current ones.
    pub(super) attached: u64,
}

fn mac_of(l: &LinkFacts) -> Option<Mac> {
    Mac::from_slice(&l.address)
}

impl Daemon {
    /// Opens port `i`'s sockets on device `l` and reads its guest.
    pub(super) fn attach(&mut self, i: usize, l: &LinkFacts) -> Result<(), RunError> {
        let mut rx = CaptureSocket::open(false)?;
        rx.enable_vnet_hdr()?;
        rx.setup_ring(RING)?;
        rx.ignore_outgoing()?;
        rx.bind(l.ifindex)?;
        rx.add_promisc(l.ifindex)?;
        let tx = TxSocket::open(l.ifindex)?;
        tx.enable_vnet_hdr()?;
        let port = &mut self.io[i];
        port.ifindex = l.ifindex;
        port.rx = Some(rx);
        port.tx = Some(tx);
        port.attached += 1;
        port.guest = match (l.kind.as_deref(), l.link) {
            (Some("veth"), Some(peer)) => Some(Guest {
                nsid: l.link_netnsid,
                ifindex: peer,
            }),
            _ => None,
        };
        self.sw.set_present(i, true);
        self.read_guest(i)?;
        Ok(())
    }

    pub(super) fn detach(&mut self, i: usize) {
        let port = &mut self.io[i];
        port.rx = None;
        port.tx = None;
        self.sw.set_present(i, false);
    }

    /// Reads port `i`'s guest-side device: its MAC and promiscuity counter.
    pub(super) fn read_guest(&mut self, i: usize) -> Result<(), RunError> {
        let Some(g) = self.io[i].guest else {
            return Ok(());
        };
        if let Some(peer) = self.route.link_in(g.nsid, g.ifindex)? {
            self.guest_seen(i, &peer);
        }
        Ok(())
    }

    pub(super) fn guest_seen(&mut self, i: usize, peer: &LinkFacts) {
        let mac = mac_of(peer).unwrap_or(self.sw.ports()[i].config.mac);
        self.sw.set_guest(i, mac, peer.promiscuity > 0);
    }

    /// Applies link notifications: guests' MACs and counters, ports' devices going and coming.
    pub(super) fn link_events(&mut self, report: &mut dyn Report) -> Result<(), RunError> {
        let ev = self.monitor.recv()?;
        if ev.overrun {
            report.note("link notifications overran the socket buffer: reading every port again");
            return self.rescan(report);
        }
        for e in ev.events {
            for i in 0..self.io.len() {
                let guest = self.io[i].guest;
                let ifindex = self.io[i].ifindex;
                let (name, device, present) = {
                    let p = &self.sw.ports()[i];
                    (p.config.name.clone(), p.config.device.clone(), p.present)
                };
                if guest
                    == Some(Guest {
                        nsid: e.nsid,
                        ifindex: e.link.ifindex,
                    })
                    && !e.deleted
                {
                    let before = self.sw.ports()[i].requested;
                    self.guest_seen(i, &e.link);
                    if before != self.sw.ports()[i].requested {
                        if let Some(v) = &mut self.vmnet {
                            let (ok, _) = v.check();
                            self.sw.set_vmnet_ok(i, ok);
                        }
                    }
                }
                if e.nsid.is_some() {
                    continue;
                }
                if e.deleted && ifindex == e.link.ifindex && present {
                    report.note(&format!(
                        "port {name}: device {device} disappeared; the switch goes on with the other ports"
                    ));
                    self.detach(i);
                } else if !e.deleted && e.link.name == device && !present {
                    match self.attach(i, &e.link) {
                        Ok(()) => report.note(&format!("port {name}: device {device} is back")),
                        Err(err) => report.note(&format!(
                            "port {name}: device {device} is back but cannot be used: {err}"
                        )),
                    }
                }
            }
        }
        Ok(())
    }

    pub(super) fn rescan(&mut self, report: &mut dyn Report) -> Result<(), RunError> {
        let links = self.route.links()?;
        for i in 0..self.io.len() {
            let dev = self.sw.ports()[i].config.device.clone();
            match links.iter().find(|l| l.name == dev) {
                Some(l) if !self.sw.ports()[i].present => {
                    if let Err(e) = self.attach(i, l) {
                        report.note(&format!("port {}: {e}", self.sw.ports()[i].config.name));
                    }
                }
                Some(_) => self.read_guest(i)?,
                None if self.sw.ports()[i].present => {
                    report.note(&format!(
                        "port {}: device {dev} disappeared",
                        self.sw.ports()[i].config.name
                    ));
                    self.detach(i);
                }
                None => {}
            }
        }
        Ok(())
    }
}
