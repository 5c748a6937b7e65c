//! The renderer as it was before issue 24 (one sorted map per family, label text built per
//! sample): kept for the tests alone, as the reference [`super::render`] must equal byte for
//! byte on every reading.

use super::*;

/// [`super::render`] as it was: every family a map from label text to value.
pub fn render(statuses: &[InterfaceStatus], rules: &[Rule], extra: &Extra) -> String {
    let mut promiscuity = Family::new(
        "promisc_interface_promiscuity",
        "gauge",
        "The kernel's promiscuity counter of the interface.",
    );
    let mut promisc = Family::new(
        "promisc_interface_promisc",
        "gauge",
        "Whether the interface is really promiscuous (counter above 0).",
    );
    let mut user_flag = Family::new(
        "promisc_interface_user_flag",
        "gauge",
        "Whether the user flag (ip link set promisc on) is set.",
    );
    let mut allmulti = Family::new(
        "promisc_interface_allmulti",
        "gauge",
        "The kernel's allmulti counter of the interface.",
    );
    let mut unattributed = Family::new(
        "promisc_interface_unattributed",
        "gauge",
        "Promiscuity no holder explains.",
    );
    let mut unexpected = Family::new(
        "promisc_interface_unexpected_holders",
        "gauge",
        "Holders (or residual) no --allow rule accepts.",
    );
    let mut holder = Family::new(
        "promisc_holder",
        "gauge",
        "Holders of an interface's promiscuity counter with these labels (1 each).",
    );
    let mut otherhost = Family::new(
        "promisc_interface_rx_otherhost_dropped",
        "counter",
        "Frames for other MACs that reached the interface and that nothing wanted.",
    );
    otherhost.suffix = "_total";
    let mut changes = Family::new(
        "promisc_promiscuity_changes",
        "counter",
        "Changes of the interface's promiscuity counter seen since the exporter started.",
    );
    changes.suffix = "_total";
    let mut holder_changes = Family::new(
        "promisc_holder_changes",
        "counter",
        "Holders of this kind that came or left since the exporter started.",
    );
    holder_changes.suffix = "_total";
    for ((netns, device, kind), n) in &extra.changes.holders {
        holder_changes.set(
            &[("netns", netns), ("device", device), ("kind", kind)],
            *n as f64,
        );
    }
    let offences = audit(statuses, rules);
    for s in statuses {
        let l = [("netns", s.netns.as_str()), ("device", s.name.as_str())];
        promiscuity.set(&l, f64::from(s.promiscuity));
        promisc.set(&l, f64::from(u8::from(s.promisc)));
        user_flag.set(&l, f64::from(u8::from(s.user_flag)));
        allmulti.set(&l, f64::from(s.allmulti));
        unattributed.set(&l, s.unattributed as f64);
        let n = extra
            .changes
            .counter
            .get(&(s.netns.clone(), s.name.clone()))
            .copied()
            .unwrap_or(0);
        changes.set(&l, n as f64);
        if !rules.is_empty() {
            let n = offences
                .iter()
                .filter(|o| o.iface.netns_inode == s.netns_inode && o.iface.ifindex == s.ifindex)
                .count();
            unexpected.set(&l, n as f64);
        }
        for h in &s.holders {
            let mut hl = l.to_vec();
            hl.push(("kind", h.kind()));
            let ctx = match h {
                Holder::PacketSocket(p) => {
                    hl.push(("comm", p.comm.as_deref().unwrap_or("")));
                    Some(&p.context)
                }
                _ => h.stacked().map(|st| {
                    hl.push(("holder_device", &st.device));
                    hl.push(("holder_netns", &st.netns));
                    &st.peer_context
                }),
            };
            let (pod, container) = (
                ctx.and_then(|c| c.pod_label()),
                ctx.and_then(|c| c.container_label()),
            );
            if let Some(v) = &pod {
                hl.push(("pod", v));
            }
            if let Some(v) = &container {
                hl.push(("container", v));
            }
            if let Some(v) = ctx.and_then(|c| c.unit.as_deref()) {
                hl.push(("unit", v));
            }
            holder.add(&hl, 1.0);
        }
        if let Some(n) = extra.otherhost.get(&(s.netns_inode, s.ifindex)) {
            otherhost.set(&l, *n as f64);
        }
    }
    let mut build = Family::new(
        "promisc_build_info",
        "gauge",
        "The running promisc (value 1).",
    );
    build.set(&[("version", env!("CARGO_PKG_VERSION"))], 1.0);
    let mut out = String::with_capacity(statuses.len() * 600 + 512);
    for f in [
        &promiscuity,
        &promisc,
        &user_flag,
        &allmulti,
        &unattributed,
        &unexpected,
        &holder,
        &otherhost,
        &changes,
        &holder_changes,
        &build,
    ] {
        f.write(&mut out);
    }
    out
}
