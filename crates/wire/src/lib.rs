//! Frame parsing and the tcpdump-style one-line printer of promisc. Pure: no I/O of its own, no
//! syscalls, time passed in.
//!
//! [`write_line`] (or, for a stream of packets, [`Printer::write_line`]) prints one packet the way
//! `tcpdump -n` 4.99 does, timestamp included; [`write_json`] prints one JSON object per packet;
//! [`parse`] decodes the headers into plain [`Layer`] values for other code.
//!
//! # Why our own parser
//!
//! `etherparse` (0.21, maintained, zero-copy slices, fuzzed, VLAN and IPv6 extension headers) was
//! the candidate. It was not taken because a tcpdump-exact printer must read truncated and
//! malformed headers field by field, printing each field up to the first missing byte
//! (`IP a > b: [|tcp]`, `truncated-ip - 10 bytes missing!`, `bad-hlen 16`), where etherparse
//! rejects the whole header, and because it lacks LINUX_SLL2 and DNS; the bounds-checked
//! readers here are a few hundred lines, allocation-free, and fuzzed (`fuzz/fuzz_targets/wire.rs`).
//!
//! # Printing
//!
//! The text follows tcpdump 4.99's printers (without `-v`; see below for what `-v` adds): Ethernet (`-e` for the link header),
//! 802.1Q/QinQ, LINUX_SLL2 and LINUX_SLL, LINKTYPE_NULL and LOOP (BSD address families),
//! LINKTYPE_RAW, IPV4 and IPV6, ARP/RARP and ATM ARP, MPLS label stacks (EtherTypes 0x8847 and
//! 0x8848, over GRE and UDP port 6635), GRE versions 0 and 1 (keys, sequence numbers, source
//! routes; IPv4, IPv6, MPLS and Ethernet payloads), VXLAN (UDP 4789), OTV (8472), VXLAN-GPE
//! (4790) and Geneve (6081) with the frames they carry, IP in IP, 6in4 and 4in6,
//! IPv4 (fragments; options only change the header length, as without `-v`), IPv6 with
//! hop-by-hop, routing, fragment and destination options headers and the Mobility Header, TCP
//! (flags, relative sequence numbers, options with MPTCP's, length), UDP, DCCP, ICMP, ICMPv6
//! (echo, errors, neighbour and router discovery, MLD), IGMP, OSPFv2, OSPFv3, PIM, SCTP (every
//! chunk), DNS over UDP, TCP and mDNS, the SSH banner, 802.2 LLC and SNAP headers, and tcpdump's
//! hex dump for payloads it cannot decode.
//!
//! The link and switch control protocols, as tcpdump prints them without `-v`: STP, RSTP, MSTP
//! and SPB BPDUs (LLC SAP 0x42, Cisco PVST+ and VLAN-bridge over SNAP), Cisco's CDP (Device-ID
//! and, as tcpdump 4.99.3 does, a hex dump of each other TLV), DTP, UDLD and VTP, LLDP (the
//! system name), the slow protocols (LACP, Marker, OAM, a hex dump of other subtypes), EAPOL,
//! VRRP versions 2 and 3 over IPv4 and IPv6, and PPPoE (discovery codes and tags; a session's
//! PPP header with IPv4, IPv6, PAP, CHAP or a control protocol's code, id and length: LCP,
//! IPCP, IP6CP, CCP, OSICP, MPLSCP, BACP).
//! Truncated packets end in ` [|proto]` like tcpdump's.
//!
//! PGM (IP protocol 113, RFC 3208) as tcpdump prints it: the ports and `PGM, length N`; from
//! `-v` on the global source id, every packet type's fields, the options and the length.
//!
//! The application printers tcpdump picks by port for plain TCP and UDP, at its default
//! verbosity: the first line of the text protocols (HTTP on 80 and 8080, not the proxy port
//! 3128, which tcpdump leaves alone; RTSP on 554 and 8554; FTP on 21, SMTP on 25, WHOIS on 43;
//! SIP on UDP 5060: `HTTP: GET / HTTP/1.1`), NTP (123), BOOTP/DHCP (67, 68), DHCPv6 (546,
//! 547), TFTP (69), syslog (514), HSRP version 0 (to 1985), BFD control and echo packets
//! (to 3784, 3785, 4784 and 6784), Broadcom's LI shim (from 49152), sFlow (6343), Babel
//! (6696, 6697: one word per TLV), AHCP (5359: its version; from `-v` the header's fields and
//! the message type, from `-vv` every option), RADIUS (1645, 1646, 1700, 1812, 1813, 3799),
//! SOME/IP (30490) and OLSR (698, over IPv4 and IPv6: the sequence number and length; from
//! `-v` every message with its HELLO links, TC neighbours, MID interfaces, HNA networks and
//! name-service entries). AODV (654: route requests, replies, errors and acknowledgements in
//! IPv4, IPv6 and the IPv6 draft's form, the HELLO extension) is decoded at every verbosity,
//! as tcpdump decodes it, and so is Cisco's Auto-RP (496: type, hold time, each RP and its
//! group prefixes).
//! Over TCP, BGP (179: `: BGP`, and from `-v` every message with its capabilities, path
//! attributes, the address families tcpdump decodes and the notifications) and OpenFlow (6633,
//! 6653: one line per message, and from `-v` the bodies tcpdump decodes of versions 1.0 and
//! 1.3, the frames OpenFlow 1.0 carries decoded from `-vvv`).
//! Ports are looked up in tcpdump 4.99's order, printers this
//! crate lacks included, so a pair of ports whose first match in tcpdump's chain is another
//! printer is not printed as HTTP or NTP. tcpdump as distributions build it has no NetBIOS or
//! SMB printers (they need `--enable-smb`): ports 137, 138, 139 and 445 print as plain UDP and
//! TCP, as here; SSDP, LLMNR, IMAP, POP3 and QUIC have no tcpdump 4.99 printer either. Like
//! tcpdump, `-q` turns every application printer off.
//!
//! [`PrintOptions::packet_type`] (`-T TYPE`) prints every UDP payload as TYPE whatever its
//! ports, as tcpdump 4.99 does: DNS, TFTP, RADIUS, VXLAN and PTP with the printers above,
//! ZMTP/1.0 (every frame, the flags and, at `-v`, the body's first 128 bytes, all from `-vv`)
//! over TCP, PGM in UDP (`pgm`; with `pgm_zmtp1` the ZeroMQ message of its data packets too),
//! LMP (`lmp`, which port 701 also picks: the version and message type, and at `-v`
//! tcpdump's header line and every object, decoded by class and class type with the data
//! link's subobjects, what it does not decode hex dumped, every object dumped from `-vv`), RTP and vat/vt headers (`rtp`, `vat`); `carp`, `zmtp1` and `resp` print nothing of a UDP datagram, and over TCP every
//! type but `domain`, `zmtp1` and `resp` leaves the payload unprinted. The types this crate
//! has no printer for ([`PacketType::printed`] says which) print as without `-T`.
//!
//! # Verbose output (`-v`, `-vv`, `-vvv`)
//!
//! [`PrintOptions::verbose`] prints tcpdump's verbose fields for IPv4 (`(tos 0x0, ttl 64, id 1,
//! offset 0, flags [DF], proto TCP (6), length 60)`, ECN, options, a wrong header checksum, and
//! the line break with a four-space indent before the addresses), IPv6 (class, flow label, hop
//! limit, next header and payload length; hop-by-hop and destination options, the routing
//! header's reserved field, the fragment identification), TCP (checksum over the
//! pseudo-header when the segment is whole, `seq` always at `-vv`, the data of a reset), UDP
//! (checksum: over IPv6 from `-v`, over IPv4 from `-vv`), ICMP (a wrong checksum, the datagram an
//! error quotes, on its own line, and RFC 4884 multi-part extensions), ICMPv6 (checksum, router and neighbour discovery fields and
//! options, MLDv2 group records, RPL's DIO, DAO and DAO-ACK objects and their options), ARP (the hardware and protocol header always) and DNS (owner
//! names of records, `q:` questions and the authority and additional sections at `-vv`, TTLs at
//! `-vvv`, SOA and TSIG data). The link-layer and miscellaneous printers print their `-v`
//! forms too: ATA over Ethernet (the common header and each command's arguments), CDP (every
//! TLV on its line), STP, RSTP,
//! MSTP and SPB BPDUs (timers, root, CIST, MSTIs, SPB's agreement), EAPOL (the EAP packet),
//! DTP and UDLD (their TLVs), LACP and Marker (their TLVs, hex dumps at `-vv`), the
//! Broadcom LI shim (the intercepted packet on its own line), Geneve (the options, their data
//! at `-vv`), MPLS (label names, one label a line), DCCP (CCVal, CsCov and the checksum;
//! the sequence number and options at `-vv`) and LLDP (every TLV: the standard ones, IEEE
//! 802.1 with the DCB TLVs, IEEE 802.3, IANA's MUD URL and DCBX; the TIA LLDP-MED TLVs as a
//! hex dump, which tcpdump decodes), sFlow (every sample and its counter and flow records),
//! TIPC and the Mobility Header (cookies, keygen tokens, options). The verbose code sits behind one test of the
//! flag, in `#[cold]` functions, so the default output and its speed are unchanged.
//!
//! The routing and service printers print tcpdump's `-v` forms too: IGMP (version 3 group
//! records and sources, a bad checksum), OSPFv3 (header, Hello, DD, LS requests, updates and
//! acks, every LSA tcpdump decodes, the LLS block and the authentication trailer), PIM
//! versions 1 and 2 (checksum, every message type's fields, Hello options, the Register's
//! encapsulated packet), VRRP (addresses, simple password, a bad checksum), HSRP (timers,
//! authentication), EIGRP (header and TLVs), BFD (timers, discriminators, authentication),
//! Babel (one line per TLV and its sub-TLVs), NTP (the time message's fields and timestamps,
//! the control message's header), BOOTP/DHCP (the header's fields, the CMU vendor area and
//! every RFC 1048 option), DHCPv6 (every option, relayed messages included) and syslog
//! (facility, severity, the message and, at `-vv`, a hex dump).
//!
//! RADIUS prints tcpdump's `-v` form: the header on its own line, then every attribute of
//! tcpdump's table decoded on a line of its own (strings and tunnel tags, numbers and their
//! named values, addresses and IPv6 prefixes, times, vendor attributes, EAP messages, RFC
//! 5580's location attributes), each followed by a hex dump from `-vv` on.
//!
//! Every other printer prints at `-v` what it prints without it: the verbose fields of
//! the text protocols (HTTP, FTP, SMTP, RTSP, WHOIS, SIP: tcpdump adds `, length: N`
//! and every line of the message), VTP, slow-protocol OAM and the
//! link layers are not printed. ICMP errors quoted more than four deep are not printed (tcpdump has no bound).
//!
//! Like tcpdump, the text of one packet can span several lines: an undecoded payload
//! (an unknown EtherType, say) is followed by a hex dump on lines starting with a tab, and
//! with `-v` the IPv4 header and some fields (ICMP's quoted datagram, neighbour discovery
//! options) take lines of their own. `-q`
//! ([`PrintOptions::quiet`]) drops the dump, as it does in tcpdump, and so do `-x` and `-X`.
//!
//! # The flags around the line
//!
//! [`Printer`] prints tcpdump's per-packet extras as tcpdump 4.99.3 does (`pretty_print_packet`
//! and `ts_print`), on a path of its own that the default output never takes:
//!
//! - `-#` ([`PrintOptions::numbers`]): the packet's number, `%5u` and two spaces, first.
//! - `-t`.. ([`PrintOptions::time_stamps`]): none; seconds since the epoch; the time since the
//!   previous packet or the first one (`-ttt`, `-ttttt`: a sign, then `HH:MM:SS.frac` of the
//!   difference, borrowing as tcpdump's `netdissect_timevalsub`, so a damaged sub-second field
//!   prints as tcpdump prints it); the local date and time. Six fractional digits, nine with
//!   `--nano`; `[Error converting time]` where tcpdump prints it.
//! - `-x`, `-X`, `-A` ([`PrintOptions::hex`], [`PrintOptions::hex_ascii`],
//!   [`PrintOptions::ascii`]): after the line, a hex, hex-and-ASCII or ASCII dump of the captured
//!   bytes after the link-layer header (its VLAN tags and, for 802.3 frames, the LLC/SNAP header
//!   included), of the whole frame when the letter is doubled. `-X` wins over `-x`, which wins
//!   over `-A`. Where tcpdump's printer stopped at a missing byte by its `longjmp` (a `GET_` read
//!   past the capture) it counts no link-layer header and dumps the whole frame; this crate
//!   does the same where its bounds-checked reads fail (see the known differences).
//! - `-S` ([`PrintOptions::absolute_seq`]): absolute TCP sequence numbers, SACK blocks
//!   included.
//! - `-b` ([`PrintOptions::asdot`]): BGP's 4-byte AS numbers above 65535 in ASDOT notation
//!   (`HIGH.LOW`).
//! - From tcpdump 5 (master), not in 4.99: `--lengths` ([`PrintOptions::lengths`]):
//!   `caplen N len M ` after the number, before the time stamp; `-g`
//!   ([`PrintOptions::ip_oneline`]): at `-v`, the IPv4 header's parenthesis and the addresses
//!   on one line. [`Printer::count_unprinted`] keeps `-#` numbers right when packets are
//!   skipped (`--skip`, `--print-sampling`).
//!
//! Without `-n`, [`Printer::set_port_names`] names TCP and UDP ports (from `/etc/services`:
//! [`PortNames::from_services`]) and [`Printer::set_host_names`] names IP addresses through a
//! [`HostNames`] the caller implements: this crate does no lookups itself.
//!
//! # Known differences from tcpdump
//!
//! tcpdump has printers for ~150 more protocols. Where it would use one that is not here, this
//! crate prints what the lower layer knows:
//!
//! - EtherTypes with their own tcpdump printers (AppleTalk, ...) print like an unknown
//!   EtherType (`src > dst, ethertype NAME (0xNNNN), length 60:` and a hex dump). CFM (802.1ag,
//!   0x8902 and the old 0xabcd) is decoded as tcpdump decodes it (continuity checks, linktrace
//!   messages and replies, the TLVs at `-v`, their hex at `-vv`). Microsoft NLB heartbeats are decoded (priority and addresses), AppleTalk ARP as
//!   tcpdump prints it, and
//!   MACsec (802.1AE) as tcpdump decodes it: the SecTAG under `-e` (or, for an
//!   encrypted payload, always), the payload of an integrity-only frame without its ICV. ATA
//!   over Ethernet, GeoNetworking, CALM FAST, the Ethernet loopback protocol, TIPC and
//!   Arista's timestamp header are decoded as tcpdump decodes them (GeoNetworking and CALM FAST
//!   after an Ethernet header only: tcpdump names the cooked header's source address too), and
//!   PTP version 2 as tcpdump prints it, over Ethernet and over UDP (319, 320).
//! - IPX (802.2, raw 802.3 and Ethernet II) prints as tcpdump built without SMB prints it
//!   (NetBIOS over IPX by its length), and DECnet in full. OSI (over LLC, EtherType 0xfefe,
//!   C_HDLC, Frame Relay, PPP, GRE and NULL's ISO family) prints CLNP and ES-IS as tcpdump
//!   4.99 prints them (every verbosity, error reports with the PDU they carry), and IS-IS,
//!   under `-v` only the PDUs whose TLVs are all among those
//!   decoded (area addresses, IS neighbors, instance ID, padding, LSP entries, IS and IPv4
//!   reachability, protocols, interface addresses, TE router ID, hostname, restart signaling,
//!   p2p adjacency, extended IS and IPv4 reachability without sub-TLVs, router capabilities
//!   without the segment routing sub-TLV, and the ones tcpdump dumps); the other IS-IS PDUs
//!   and NetBEUI print as an undecoded frame. SNAP payloads other than
//!   EtherTypes, the Cisco protocols above and RFC 2684's bridged Ethernet and BPDUs
//!   (AppleTalk, RFC 2684's bridged Token Ring and FDDI) print their OUI and protocol ID (named
//!   from tcpdump's tables) and a hex dump.
//! - PPP (inside PPPoE, Frame Relay and the PPP link types): IPX and HDLC-escaped frames
//!   (tcpdump unescapes them and prints the frame inside) print nothing after the PPP header.
//! - IP protocol 112 is VRRP unless `-T carp` says CARP, as in tcpdump.
//! - ESP prints its SPI, sequence number and length, as tcpdump without `-E` (no decryption),
//!   AH its header before the payload it protects, IPComp its CPI.
//! - IP protocols other than TCP, UDP, ICMP, ICMPv6, IGMP, VRRP, GRE, IP-in-IP, 6in4, OSPF,
//!   PIM, SCTP, EIGRP, IGRP, ESP, AH and IPComp (RSVP, ...) print as tcpdump prints an unknown protocol:
//!   `ip-proto-N LEN`. IGMP's DVMRP (every message type, the probe's neighbors at `-vv`, the
//!   report's routes at `-vv`) and mtrace messages are decoded as tcpdump decodes them. OSPFv2, OSPFv3 and PIMv2 print their default line (version, type, length),
//!   EIGRP its message type and length, PIMv1 inside IGMP its type and the fields tcpdump shows
//!   without `-v`; their `-v` details are not decoded. SCTP DATA on the ForCES ports or payload
//!   types is not handed to a ForCES printer (tcpdump's prints the ForCES message type on a
//!   second line).
//! - UDP and TCP application printers other than the ones above, RIP (versions 1 and 2 on
//!   port 520, its entries and authentication at `-v`), timed (525), RFC 3948's port 4500
//!   (NAT keepalives, ESP in UDP, IKE after the non-ESP marker) and ISAKMP/IKEv1/IKEv2 (ports
//!   500, 7500, 8500; no decryption, ID protocol numbers as under `-n`): over UDP SNMP, RIPng,
//!   LWAPP,
//!   HNCP, LDP, VQP, ZEP, Zephyr, VAT,
//!   whiteboard, AppleTalk and ONC RPC to the NFS port; over TCP telnet options,
//!   BEEP, MSDP, LDP and NFS. Where tcpdump would use one of
//!   them, UDP shows `UDP, length N` and TCP ends at `length N`. The RPKI-Router protocol
//!   (TCP port 323) is decoded as tcpdump decodes it (every PDU from `-v`, in hex at `-vv`).
//! - AFS RX dates (`DATEOUT`) print in [`PrintOptions::utc_offset_secs`]'s fixed offset, where
//!   tcpdump uses the local zone's rules (daylight saving included); IPX SAP types print in hex
//!   as tcpdump prints them under `-n` (without it, tcpdump names a few).
//! - ICMPv6 mobility messages: type name and length (router renumbering and node
//!   information are decoded as tcpdump decodes them).
//! - TCP MD5 signatures are shown as tcpdump built with libcrypto (Debian's) shows them without
//!   `-M`: `md5 shared secret not supplied with -M, can't check - <hex>`.
//! - Inside the tunnels, the payloads tcpdump 4.99.3 hands to printers this crate lacks end
//!   the line after the tunnel header: AppleTalk in GRE, and
//!   OSI after MPLS (dumped in hex), AppleTalk and IPX
//!   address families of LINKTYPE_NULL. NSH (RFC 8300, in VXLAN-GPE and after EtherType
//!   0x894f) is decoded as tcpdump decodes it, its context headers at `-vvv`. tcpdump 4.99.3 has no ERSPAN printer (it prints
//!   `gre-proto-0x88be`), nor does this crate.
//! - LINUX_SLL2 interface names come from [`Printer::set_interface_name`]; tcpdump asks the
//!   kernel of the machine that reads the file, and prints `?` for an index it does not know.
//! - Link types other than Ethernet, NULL, LOOP, LINUX_SLL, LINUX_SLL2, RAW, IPV4, IPV6, SLIP,
//!   NFLOG, PPP, PPP_HDLC, FRELAY (Q.922, NLPIDs, SNAP, Cisco EtherTypes, FRF.15, Q.933 and
//!   LMI), MFR (FRF.16), C_HDLC (with SLARP), IPOIB, IPNET, VSOCK and the switch tags
//!   (DSA_TAG_DSA, DSA_TAG_EDSA, DSA_TAG_BRCM, DSA_TAG_BRCM_PREPEND), 802.11 (IEEE802_11,
//!   IEEE802_11_RADIO with radiotap, IEEE802_11_RADIO_AVS, PRISM_HEADER, PPI), IEEE 802.15.4
//!   (IEEE802_15_4 with FCS, IEEE802_15_4_NOFCS, IEEE802_15_4_TAP; every field tcpdump
//!   decodes, its information elements at `-vvvv`), the fifteen Juniper PIC
//!   types (JUNIPER_*, their pseudo-header, cookies and `-vv` extension TLVs), ATM_RFC1483,
//!   SUNATM (Q.2931 signalling, OAM cells with their CRC-10, LANE; ILMI prints `ilmi: ` and
//!   no SNMP), ATM_CLIP and the aliases PPP_PPPD, PPP_ETHER, SLIP_BSDOS, PPP_BSDOS (nothing
//!   after the time stamp, as tcpdump built off BSD/OS), NetBSD's HDLC, and the LAN and host link types
//!   below, print as tcpdump prints
//!   a link type it has no printer for: `UNSUPPORTED` and the record in hex and ASCII (for
//!   the link types tcpdump does decode, that is a difference). A PPI header naming a link
//!   type this crate has no printer for prints the PPI header and dumps the rest, where
//!   tcpdump decodes it. OSI (over Cisco HDLC, Frame Relay and PPP) prints its
//!   NLPID (`-e`), CLNP, ES-IS, IP, IPv6, PPP, Q.933 and unknown NLPIDs; the IS-IS PDUs not
//!   decoded at `-v` print nothing after the link layer. An FRF.16 timestamp IE is dumped in hex (tcpdump prints it
//!   as a time). SLIP's compressed TCP headers print the lengths tcpdump remembers from earlier
//!   packets as 0.
//! - The LAN and host link types: FDDI, IEEE802 (Token Ring, with its source routing),
//!   ARCNET and ARCNET_LINUX, LTALK (LLAP and DDP), IP_OVER_FC, APPLE_IP_OVER_IEEE1394,
//!   NETANALYZER and NETANALYZER_TRANSPARENT, ENC, PFLOG, SYMANTEC_FIREWALL, PKTAP (and
//!   LINKTYPE_USER2, as macOS wrote it), USB_LINUX and USB_LINUX_MMAPPED (the usbmon header
//!   only, as tcpdump) and BLUETOOTH_HCI_H4_WITH_PHDR (its header, then a dump). AppleTalk
//!   DDP with ATP and NBP is decoded after them and after EtherType 0x809b and SNAP. Known
//!   differences, where LLC cannot decode a frame's payload: a source-routed Token Ring
//!   frame's source keeps its routing bit, and IP over FC names no addresses.
//! - The relative TCP sequence number table holds at most [`TcpSeqState::MAX`] conversations.
//! - `-x`/`-X`/`-A` after a truncated packet: tcpdump dumps the whole frame when its printer
//!   stopped through a `longjmp` and from the network header when it stopped at a bounds check
//!   of its own; here a failed bounds-checked read stands for the first and an explicit check for
//!   the second, which matches tcpdump's printers but not all of them (a DNS packet of tcpdump's
//!   test corpus, `dns_fwdptr.pcap`, dumps from the frame's start here, from the IP header in
//!   tcpdump).
//! - Without `-n` ([`PrintOptions::names`]): MAC addresses print with their OUI's name but are
//!   not looked up in `/etc/ethers` (tcpdump's `ether_ntohost`), and `ip-proto-N` stays a
//!   number (tcpdump names IP protocols from a table of its own then).
//!
//! # JSON
//!
//! [`write_json`] writes one object without a trailing newline:
//!
//! ```text
//! {"schema":1,"ts":"2024-01-01T12:00:00.000001000Z","ts_ns":1704110400000001000,"interface":"eth0",
//!  "len":74,"caplen":74,"layers":[{"type":"eth",...},{"type":"ipv4",...},{"type":"tcp",...}],
//!  "summary":"IP 10.0.0.1.40000 > 10.0.0.2.443: Flags [S], ..."}
//! ```
//!
//! `schema` is [`JSON_SCHEMA`]; every key is documented in docs/json.md. `interface` is `null`
//! when unknown. `layers` lists the decoded headers outermost first, each
//! an object with a `type` and its fields: `eth` (`src`, `dst`, `ethertype`), `vlan` (`tpid`,
//! `id`, `pcp`, `dei`), `sll2` (`ifindex`, `pkttype`, `hatype`, `addr`, `protocol`), `sll`,
//! `arp` (`op`, `htype`, `ptype`, `sha`, `spa`, `tha`, `tpa`), `ipv4` (`src`, `dst`, `proto`,
//! `ttl`, `tos`, `id`, `df`, `mf`, `frag_offset`, `hlen`, `len`), `ipv6` (`src`, `dst`,
//! `next_header`, `hop_limit`, `payload_len`, `tclass`, `flow`), `ipv6_ext` (`kind`,
//! `next_header`, `len`), `ipv6_frag` (`next_header`, `offset`, `mf`, `id`), `tcp` (`sport`,
//! `dport`, `seq`, `ack`, `flags` as tcpdump letters, `win`, `hlen`, `payload_len`), `udp`
//! (`sport`, `dport`, `len`), `icmp` and `icmpv6` (`icmp_type`, `code`), `dns` (`id`, `qr`,
//! `opcode`, `rcode`, `qdcount`, `ancount`, `nscount`, `arcount`, `questions`: `name`, `qtype`,
//! `qclass`). When decoding stopped early the array ends with `{"type":"truncated"}`.
//! `summary` is the tcpdump line after the timestamp, without hex dumps (where tcpdump's text
//! takes several lines, as VXLAN's inner frame or SCTP's bundled chunks do, the breaks stay).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

/// The version of the packet objects [`write_json`] writes (their `"schema"` key, first):
/// raised when a field changes meaning or goes away, not when one is added.
pub const JSON_SCHEMA: u32 = 1;

mod dump;
pub mod ethertype;
pub mod fmtx;
pub mod frame;
pub mod ip_proto;
mod json;
pub mod layers;
mod linktype;
mod names;
mod packet_type;
mod print;
mod services;
mod tcpseq;
mod tok;

use core::fmt;

pub use layers::{parse, Dns, DnsName, DnsQuestion, Layer, Layers};
pub use linktype::{LinkType, DEFAULT_SNAPLEN};
pub use packet_type::PacketType;
pub use services::PortNames;
pub use tcpseq::TcpSeqState;

use print::{Cursor, Stop};

/// LINKTYPE_ETHERNET (DLT_EN10MB).
pub const LINKTYPE_ETHERNET: u32 = LinkType::ETHERNET.0;
/// LINKTYPE_RAW: IPv4 or IPv6 with no link header.
pub const LINKTYPE_RAW: u32 = LinkType::RAW.0;
/// LINKTYPE_IPV4: IPv4 with no link header (printed like [`LINKTYPE_RAW`], as tcpdump does).
pub const LINKTYPE_IPV4: u32 = LinkType::IPV4.0;
/// LINKTYPE_IPV6: IPv6 with no link header (printed like [`LINKTYPE_RAW`], as tcpdump does).
pub const LINKTYPE_IPV6: u32 = LinkType::IPV6.0;
/// LINKTYPE_NULL: BSD loopback, a 4-byte address family in the writer's byte order.
pub const LINKTYPE_NULL: u32 = LinkType::NULL.0;
/// LINKTYPE_LOOP: OpenBSD loopback, a 4-byte address family in network byte order.
pub const LINKTYPE_LOOP: u32 = LinkType::LOOP.0;
/// LINKTYPE_LINUX_SLL: Linux cooked capture v1.
pub const LINKTYPE_LINUX_SLL: u32 = LinkType::LINUX_SLL.0;
/// LINKTYPE_LINUX_SLL2: Linux cooked capture v2 (what `-i any` produces).
pub const LINKTYPE_LINUX_SLL2: u32 = LinkType::LINUX_SLL2.0;

/// tcpdump's output switches that change the text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PrintOptions {
    /// `-e`: print the link-level header.
    pub link_header: bool,
    /// `-q`: quick output, less protocol information (and no hex dumps).
    pub quiet: bool,
    /// Seconds to add to UTC for the printed wall-clock time (the local time offset).
    pub utc_offset_secs: i32,
    /// `--nano`: nine fractional digits instead of six.
    pub nanos: bool,
    /// `-v` given this many times: tcpdump's verbose fields (OpenFlow 1.0 decodes the frames
    /// it carries from 3 on, with three fewer).
    pub verbose: u8,
    /// `-x` given this many times: a hex dump after each packet (1: from the network header,
    /// 2 or more: from the link header).
    pub hex: u8,
    /// `-X` given this many times: a hex and ASCII dump (1: from the network header, 2 or more:
    /// from the link header).
    pub hex_ascii: u8,
    /// `-A` given this many times: an ASCII dump (1: from the network header, 2 or more: from
    /// the link header).
    pub ascii: u8,
    /// `-t` given this many times: 0 the time of day (the default), 1 no time stamp, 2 seconds
    /// since the epoch, 3 the time since the previous packet, 4 the date and time of day, 5
    /// the time since the first packet.
    pub time_stamps: u8,
    /// `-S`: absolute TCP sequence numbers, not relative ones.
    pub absolute_seq: bool,
    /// `-#`: a packet number before each line.
    pub numbers: bool,
    /// No `-n`: MAC addresses end in ` (oui NAME)` as tcpdump prints them then (ports and
    /// hosts are named through [`Printer::set_port_names`] and [`Printer::set_host_names`]).
    pub names: bool,
    /// `-T TYPE`: every UDP (and, for the types tcpdump's TCP printer knows, TCP) payload
    /// printed as TYPE whatever its ports.
    pub packet_type: Option<PacketType>,
    /// `-K`: verify no IP, TCP or UDP checksum (no `bad cksum`, `cksum 0x... (correct)` or
    /// `[udp sum ok]` at `-v`).
    pub no_checksums: bool,
    /// `-H`: look for 802.11s mesh control headers in 802.11 data frames (for the 802.11
    /// printers; no other printer reads it).
    pub mesh_headers: bool,
    /// `--print-interface` (an addition: tcpdump 4.99 has none): each line names the
    /// interface its packet came from, after the time stamp, as given to
    /// [`Printer::set_packet_interface`].
    pub print_interface: bool,
    /// `-b`: 4-byte AS numbers (BGP) in ASDOT notation (`HIGH.LOW`) when above 65535.
    pub asdot: bool,
    /// `-g` (`--ip-oneline`, tcpdump 5's `ndo_gflag`): with `-v`, no line break after the
    /// IPv4 header's parenthesis: `length 84) 192.0.2.1 > ...` on one line.
    pub ip_oneline: bool,
    /// `--lengths` (tcpdump 5): `caplen N len M ` before the time stamp, after the packet
    /// number if any: the captured and the on-wire length.
    pub lengths: bool,
}

/// Host names for IP addresses, as tcpdump prints them without `-n` (it asks
/// `gethostbyaddr`). The printer asks for every address it prints while one is set; the answer
/// is printed instead of the number, `None` prints the number. An implementation must bound the
/// time it takes (the printer does no I/O of its own): see `promisc_app::capture::names`.
pub trait HostNames: Send {
    /// The name of `addr` (4 bytes for IPv4, 16 for IPv6), if there is one by now.
    fn name(&mut self, addr: &[u8]) -> Option<&str>;
}

/// A timestamp as a savefile holds it (libpcap's `struct timeval` before any normalising), for
/// [`Printer::write_line_raw`] and [`write_raw_timestamp`]: tcpdump prints the seconds and the
/// fraction as they are, so a damaged pcap file's sub-second field of a second or more prints as
/// more than six (or nine) digits, and a time before 1970 prints as tcpdump's
/// `[Error converting time]` (or, when the low 32 bits of the negative seconds have their top bit
/// clear, as that time of day).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct RawTime {
    /// Seconds since the epoch, negative before 1970.
    pub secs: i64,
    /// The fraction of a second in units of `frac_unit_ns`, possibly a second or more.
    pub frac: u32,
    /// Nanoseconds per unit of `frac`: 1000 (microseconds) or 1 (nanoseconds).
    pub frac_unit_ns: u32,
}

impl RawTime {
    /// The time in nanoseconds since the epoch when it is a valid one that [`Printer::write_line`]
    /// prints exactly as tcpdump prints the raw fields: a fraction under a second, and seconds
    /// from 1970 that fit a `u64` of nanoseconds.
    #[inline]
    pub fn valid_ns(self) -> Option<u64> {
        let frac_ns = u64::from(self.frac) * u64::from(self.frac_unit_ns.max(1));
        if frac_ns >= 1_000_000_000 || !(0..18_000_000_000).contains(&self.secs) {
            return None;
        }
        Some(self.secs as u64 * 1_000_000_000 + frac_ns)
    }

    /// The fraction tcpdump prints (`%06u` or `%09u`): the field as it is when its unit is the
    /// printed one, else the field read as a signed 32-bit value, scaled as libpcap scales it
    /// (multiplied in 64 bits, or divided rounding towards zero) and cut to 32 unsigned bits.
    pub fn printed_frac(self, nanos: bool) -> u32 {
        let unit = self.frac_unit_ns.max(1);
        let want = if nanos { 1 } else { 1000 };
        if unit == want {
            self.frac
        } else if unit > want {
            (i64::from(self.frac as i32) * i64::from(unit / want)) as u32
        } else {
            (self.frac as i32 / (want / unit) as i32) as u32
        }
    }
}

/// A printer for a stream of packets: remembers TCP conversations so that sequence numbers print
/// relative to the first segment, as tcpdump does without `-S`, and knows interface names for
/// LINUX_SLL2. Like tcpdump it keeps the text of the addresses it printed, and also of whole
/// `address.port > address.port: ` conversation prefixes, in small bounded caches. Allocates
/// only when it meets a new conversation or address.
#[derive(Default)]
pub struct Printer {
    opts: PrintOptions,
    /// The last second printed and its `HH:MM:SS.` text.
    clock_cache: (u64, [u8; 9]),
    absolute_seq: bool,
    tcp: TcpSeqState,
    ifnames: Vec<(u32, Box<str>)>,
    names: names::AddrCache,
    /// Whether a flag of the slow path (`-#`, `-t`.., `-x`, `-X`, `-A`) is set.
    extras: bool,
    /// Packets printed so far, for `-#`.
    count: u32,
    /// The time stamps' memory, for `-ttt` and `-ttttt`.
    stamps: dump::Stamps,
    /// TCP and UDP port names, without `-n`.
    port_names: Option<Box<PortNames>>,
    /// With `--print-interface`: the name of the next packet's interface.
    packet_iface: String,
}

impl fmt::Debug for Printer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Printer")
            .field("opts", &self.opts)
            .field("absolute_seq", &self.absolute_seq)
            .field("ifnames", &self.ifnames)
            .finish_non_exhaustive()
    }
}

impl Printer {
    /// A printer with the given options and no history.
    pub fn new(opts: PrintOptions) -> Self {
        let mut names = names::AddrCache::default();
        names.oui_names = opts.names;
        Printer {
            names,
            opts,
            absolute_seq: opts.absolute_seq,
            extras: opts.numbers
                || opts.time_stamps != 0
                || opts.hex != 0
                || opts.hex_ascii != 0
                || opts.ascii != 0
                || opts.print_interface
                || opts.lengths,
            ..Default::default()
        }
    }

    /// The options in use.
    pub fn options(&self) -> &PrintOptions {
        &self.opts
    }

    /// `-S`: print absolute TCP sequence numbers.
    pub fn set_absolute_tcp_seq(&mut self, on: bool) {
        self.absolute_seq = on;
        self.opts.absolute_seq = on;
    }

    /// Names an interface index for the LINUX_SLL2 printer (tcpdump resolves it with
    /// `if_indextoname` on the reading machine; unknown indexes print as `?`).
    pub fn set_interface_name(&mut self, ifindex: u32, name: &str) {
        match self.ifnames.iter_mut().find(|(i, _)| *i == ifindex) {
            Some(e) => e.1 = name.into(),
            None => self.ifnames.push((ifindex, name.into())),
        }
    }

    /// `--print-interface`: the interface the next packets came from, printed after their
    /// time stamp (nothing when empty).
    pub fn set_packet_interface(&mut self, name: &str) {
        if self.packet_iface != name {
            self.packet_iface.clear();
            self.packet_iface.push_str(name);
        }
    }

    /// Prints TCP and UDP ports by these names, as tcpdump does without `-n` (from
    /// `/etc/services`: [`PortNames::from_services`]); an empty table keeps the numbers.
    pub fn set_port_names(&mut self, names: PortNames) {
        self.port_names = (!names.is_empty()).then(|| Box::new(names));
    }

    /// Prints IP addresses by the names `hosts` gives, as tcpdump does without `-n`.
    pub fn set_host_names(&mut self, hosts: Box<dyn HostNames>) {
        self.names.hosts = Some(hosts);
    }

    /// Counts `n` packets that were not given to the printer (tcpdump 5's `--skip` and
    /// `--print-sampling`), so that `-#` numbers the next one as tcpdump does: by its place
    /// among all the packets read.
    pub fn count_unprinted(&mut self, n: u32) {
        self.count = self.count.wrapping_add(n);
    }

    /// Forgets the TCP conversations seen so far.
    pub fn reset(&mut self) {
        self.tcp.clear();
    }

    /// Writes one packet as tcpdump would, without the trailing newline. `data` is the captured
    /// bytes, `orig_len` the length on the wire.
    // Only `PrintSink::packet` calls it in promisc, and LTO inlines it there with `render`;
    // a second caller (`write_line_raw` once) made that hot loop measurably slower.
    pub fn write_line(
        &mut self,
        out: &mut impl fmt::Write,
        ts_ns: u64,
        linktype: u32,
        data: &[u8],
        orig_len: u32,
    ) -> fmt::Result {
        if self.extras {
            let time = RawTime {
                secs: (ts_ns / 1_000_000_000) as i64,
                frac: (ts_ns % 1_000_000_000) as u32,
                frac_unit_ns: 1,
            };
            return self.write_line_extras(out, time, linktype, data, orig_len);
        }
        let secs = ts_ns / 1_000_000_000;
        let mut ts = Some(ts_ns);
        if time_converts(secs) && check_header(data.len(), orig_len) {
            // The common case: reuse the `HH:MM:SS.` of the previous packet's second.
            if self.clock_cache.0 != secs || self.clock_cache.1[8] != b'.' {
                let local = secs as i64 + self.opts.utc_offset_secs as i64;
                self.clock_cache = (secs, fmtx::hms_dot(local));
            }
            let frac = ts_ns % 1_000_000_000;
            if self.opts.nanos {
                out.write_str(fmtx::ascii(&self.clock_cache.1)?)?;
                fmtx::dec_pad(out, frac, 9)?;
                out.write_str(" ")?;
            } else {
                // `HH:MM:SS.ffffff ` in one write.
                let mut t = [b' '; 16];
                t[..9].copy_from_slice(&self.clock_cache.1);
                t[9..15].copy_from_slice(&fmtx::frac6_bytes((frac / 1000) as u32));
                out.write_str(fmtx::ascii(&t)?)?;
            }
            ts = None;
        }
        let tcp = if self.absolute_seq {
            None
        } else {
            Some(&mut self.tcp)
        };
        let (opts, ifnames) = (&self.opts, &self.ifnames);
        let names = Some(&mut self.names);
        let ports = self.port_names.as_deref();
        render(
            out, ts, linktype, data, orig_len, opts, tcp, ifnames, names, ports, true,
        )
        .map(|_| ())
    }

    /// [`Printer::write_line`] for a packet read from a file, with its timestamp as the file holds
    /// it: a valid time prints exactly as `write_line` prints it, an invalid sub-second field or
    /// a time before 1970 as tcpdump prints it (see [`RawTime`] and [`write_raw_timestamp`]).
    #[cold]
    #[inline(never)]
    pub fn write_line_raw(
        &mut self,
        out: &mut impl fmt::Write,
        time: RawTime,
        linktype: u32,
        data: &[u8],
        orig_len: u32,
    ) -> fmt::Result {
        if self.extras {
            return self.write_line_extras(out, time, linktype, data, orig_len);
        }
        // A valid time goes to `render`, which prints it as `write_line` does (without its cache
        // of the clock text); calling `write_line` here would give it a second caller.
        let ts_ns = time.valid_ns();
        if ts_ns.is_none() && check_header(data.len(), orig_len) {
            write_raw_timestamp(out, time, &self.opts)?;
            out.write_char(' ')?;
        }
        let tcp = if self.absolute_seq {
            None
        } else {
            Some(&mut self.tcp)
        };
        let (opts, ifnames) = (&self.opts, &self.ifnames);
        let names = Some(&mut self.names);
        let ports = self.port_names.as_deref();
        render(
            out, ts_ns, linktype, data, orig_len, opts, tcp, ifnames, names, ports, true,
        )
        .map(|_| ())
    }

    /// [`Printer::write_line`] with `-#`, a `-t` time stamp other than the default, or a
    /// `-x`, `-X` or `-A` dump after the line (tcpdump's `pretty_print_packet`).
    #[cold]
    #[inline(never)]
    fn write_line_extras(
        &mut self,
        out: &mut impl fmt::Write,
        time: RawTime,
        linktype: u32,
        data: &[u8],
        orig_len: u32,
    ) -> fmt::Result {
        self.count = self.count.wrapping_add(1);
        if self.opts.numbers {
            dump::number(out, self.count)?;
        }
        if self.opts.lengths {
            out.write_str("caplen ")?;
            fmtx::dec(out, data.len() as u64)?;
            out.write_str(" len ")?;
            fmtx::dec(out, u64::from(orig_len))?;
            out.write_char(' ')?;
        }
        let valid = check_header(data.len(), orig_len);
        if valid {
            let tv = dump::TimeVal::of(time, self.opts.nanos);
            self.stamps.print(out, tv, &self.opts)?;
        }
        if self.opts.print_interface && !self.packet_iface.is_empty() {
            out.write_str(&self.packet_iface)?;
            out.write_char(' ')?;
        }
        let tcp = if self.absolute_seq {
            None
        } else {
            Some(&mut self.tcp)
        };
        let (opts, ifnames) = (&self.opts, &self.ifnames);
        let names = Some(&mut self.names);
        let ports = self.port_names.as_deref();
        let jumped = render(
            out, None, linktype, data, orig_len, opts, tcp, ifnames, names, ports, true,
        )?;
        if valid {
            let hdrlen = if jumped {
                0
            } else {
                dump::link_header_len(linktype, data, orig_len, self.opts.mesh_headers)
            };
            dump::dump(out, data, hdrlen, &self.opts)?;
        }
        Ok(())
    }

    /// Writes one packet as a JSON object (see the crate docs), without a trailing newline.
    pub fn write_json(
        &mut self,
        out: &mut impl std::io::Write,
        ts_ns: u64,
        linktype: u32,
        interface: Option<&str>,
        data: &[u8],
        orig_len: u32,
    ) -> std::io::Result<()> {
        let tcp = if self.absolute_seq {
            None
        } else {
            Some(&mut self.tcp)
        };
        json::write(
            out,
            ts_ns,
            linktype,
            interface,
            data,
            orig_len,
            tcp,
            &self.ifnames,
            Some(&mut self.names),
        )
    }
}

/// Writes one packet as `tcpdump -n` would, without the trailing newline, with no memory of
/// earlier packets (TCP sequence numbers print as tcpdump prints a conversation's first segment;
/// use [`Printer`] for a stream, and for `-#`, `-t`.. and the `-x`/`-X`/`-A` dumps, which this
/// function leaves out).
pub fn write_line(
    out: &mut impl fmt::Write,
    ts_ns: u64,
    linktype: u32,
    data: &[u8],
    orig_len: u32,
    opts: &PrintOptions,
) -> fmt::Result {
    render(
        out,
        Some(ts_ns),
        linktype,
        data,
        orig_len,
        opts,
        None,
        &[],
        None,
        None,
        true,
    )
    .map(|_| ())
}

/// Writes one packet as a JSON object (see the crate docs), without a trailing newline.
pub fn write_json(
    out: &mut impl std::io::Write,
    ts_ns: u64,
    linktype: u32,
    interface: Option<&str>,
    data: &[u8],
    orig_len: u32,
) -> std::io::Result<()> {
    json::write(
        out,
        ts_ns,
        linktype,
        interface,
        data,
        orig_len,
        None,
        &[],
        None,
    )
}

/// Writes the timestamp as tcpdump's default `-t`-less format: `HH:MM:SS.ffffff` local time.
pub fn write_timestamp(out: &mut impl fmt::Write, ts_ns: u64, opts: &PrintOptions) -> fmt::Result {
    let secs = ts_ns / 1_000_000_000;
    let frac = ts_ns % 1_000_000_000;
    if !time_converts(secs) {
        return out.write_str("[Error converting time]");
    }
    fmtx::clock(out, secs as i64 + opts.utc_offset_secs as i64, false)?;
    out.write_char('.')?;
    if opts.nanos {
        fmtx::dec_pad(out, frac, 9)
    } else {
        fmtx::dec_pad(out, frac / 1000, 6)
    }
}

/// Writes a timestamp as the file holds it in tcpdump's default format, as tcpdump 4.99 does
/// (`ts_date_hmsfrac_print`): `[Error converting time]` when the low 32 bits of the seconds have
/// their top bit set (most times before 1970 among them) or when the year does not fit the C
/// library's `struct tm` (`localtime` fails); else `HH:MM:SS.` local time and
/// [`RawTime::printed_frac`] with at least six (nine with [`PrintOptions::nanos`]) digits.
pub fn write_raw_timestamp(
    out: &mut impl fmt::Write,
    time: RawTime,
    opts: &PrintOptions,
) -> fmt::Result {
    const ERROR: &str = "[Error converting time]";
    if time.secs as u32 & 0x8000_0000 != 0 {
        return out.write_str(ERROR);
    }
    let Some(local) = time.secs.checked_add(i64::from(opts.utc_offset_secs)) else {
        return out.write_str(ERROR);
    };
    // glibc's `__offtime` fails with EOVERFLOW when `tm_year`, the year less 1900, is not an int.
    let (year, _, _) = fmtx::civil_from_days(local.div_euclid(86_400));
    if i32::try_from(year - 1900).is_err() {
        return out.write_str(ERROR);
    }
    fmtx::hms(out, local)?;
    out.write_char('.')?;
    let frac = u64::from(time.printed_frac(opts.nanos));
    fmtx::dec_pad(out, frac, if opts.nanos { 9 } else { 6 })
}

/// Whether tcpdump prints a time for these seconds since the epoch: it refuses those whose low 32
/// bits have the top bit set (pcap's negative 32-bit seconds, 2038 to 2106 and their repeats) and
/// converts the rest in full, so pcapng times after 2106 print.
fn time_converts(secs: u64) -> bool {
    secs as u32 & 0x8000_0000 == 0
}

/// Whether a record header passes tcpdump's sanity checks (else `render` prints why not).
fn check_header(caplen: usize, orig_len: u32) -> bool {
    caplen != 0 && orig_len != 0 && caplen <= orig_len as usize && orig_len <= DEFAULT_SNAPLEN
}

/// Prints one packet's line (everything after the time stamp), saying whether the walk was cut
/// short after a read past the captured data (tcpdump's `longjmp`, after which it counts no
/// link-layer header for `-x`).
#[allow(clippy::too_many_arguments)]
// Always inlined: out of line, it costs `Printer::write_line`'s hot loop about 40 instructions
// a packet (callgrind, 200k UDP records).
#[inline(always)]
pub(crate) fn render<W: fmt::Write>(
    out: &mut W,
    ts_ns: Option<u64>,
    linktype: u32,
    data: &[u8],
    orig_len: u32,
    opts: &PrintOptions,
    tcp: Option<&mut TcpSeqState>,
    ifnames: &[(u32, Box<str>)],
    names: Option<&mut names::AddrCache>,
    port_names: Option<&PortNames>,
    default_print: bool,
) -> Result<bool, fmt::Error> {
    let caplen = u32::try_from(data.len()).unwrap_or(u32::MAX);
    // pretty_print_packet's sanity checks on the record header.
    let mut invalid = false;
    let mut flag = |out: &mut W, first: &str| -> fmt::Result {
        if !invalid {
            invalid = true;
            out.write_str(first)
        } else {
            out.write_str(",")
        }
    };
    if caplen == 0 {
        flag(out, "")?;
        out.write_str("[Invalid header: caplen==0")?;
    }
    if orig_len == 0 {
        flag(out, "[Invalid header:")?;
        out.write_str(" len==0")?;
    } else if orig_len < caplen {
        flag(out, "[Invalid header:")?;
        out.write_str(" len(")?;
        fmtx::dec(out, orig_len as u64)?;
        out.write_str(") < caplen(")?;
        fmtx::dec(out, caplen as u64)?;
        out.write_str(")")?;
    }
    if caplen > DEFAULT_SNAPLEN {
        flag(out, "[Invalid header:")?;
        out.write_str(" caplen(")?;
        fmtx::dec(out, caplen as u64)?;
        out.write_str(") > 262144")?;
    }
    if orig_len > DEFAULT_SNAPLEN {
        flag(out, "[Invalid header:")?;
        out.write_str(" len(")?;
        fmtx::dec(out, orig_len as u64)?;
        out.write_str(") > 262144")?;
    }
    if invalid {
        out.write_str("]")?;
        return Ok(false);
    }
    if let Some(ts) = ts_ns {
        write_timestamp(out, ts, opts)?;
        out.write_char(' ')?;
    }
    let mut e = Cursor {
        out,
        p: data,
        snapend: data.len(),
        proto: "",
        eflag: opts.link_header,
        qflag: opts.quiet,
        vflag: opts.verbose,
        depth: 0,
        xflag: opts.hex != 0 || opts.hex_ascii != 0,
        sflag: opts.absolute_seq,
        bflag: opts.asdot,
        jumped: core::cell::Cell::new(false),
        default_print,
        tcp,
        ifnames,
        names,
        port_names,
        llc_eth: None,
        llc_wlan: None,
        hflag: opts.mesh_headers,
        ptype: opts.packet_type,
        kflag: opts.no_checksums,
        gflag: opts.ip_oneline,
        next: print::next::Next::DONE,
        utc_offset: opts.utc_offset_secs,
    };
    const DLT_RAW_12: u32 = LinkType::DLT_RAW_12.0;
    const DLT_RAW_14: u32 = LinkType::DLT_RAW_14.0;
    let r = match linktype {
        LINKTYPE_ETHERNET => print::ether_walk(&mut e, 0, orig_len, caplen),
        LINKTYPE_LINUX_SLL2 => {
            print::sll2_print(&mut e, orig_len, caplen).and_then(|()| print::walk(&mut e))
        }
        LINKTYPE_LINUX_SLL => {
            print::sll_print(&mut e, orig_len, caplen).and_then(|()| print::walk(&mut e))
        }
        LINKTYPE_NULL | LINKTYPE_LOOP => {
            print::null_print(&mut e, orig_len, caplen).and_then(|()| print::walk(&mut e))
        }
        LINKTYPE_RAW | DLT_RAW_12 | DLT_RAW_14 | LINKTYPE_IPV4 | LINKTYPE_IPV6 => {
            print::raw_print(&mut e, orig_len).and_then(|()| print::walk(&mut e))
        }
        _ if print::link_supported(linktype) => {
            print::link_print(&mut e, linktype, orig_len, caplen).and_then(|()| print::walk(&mut e))
        }
        // tcpdump's `unsupported_if_print`: the name, then the whole record in hex and ASCII.
        _ => e.s("UNSUPPORTED").and_then(|_| {
            fmtx::hexdump(e.out, "\n\t", data, true)?;
            Ok(())
        }),
    };
    match r {
        Ok(()) => Ok(false),
        Err(Stop::Trunc) => {
            e.trunc_here().map_err(|_| fmt::Error)?;
            Ok(e.jumped.get())
        }
        Err(Stop::Fmt) => Err(fmt::Error),
    }
}
