//! `promisc exporter`: promtool judges the metrics and the alerting rules; a real Prometheus
//! (Debian's, on loopback inside the test's namespace, with its own data directory) scrapes
//! the exporter and sees holders come and go; bad addresses and bad requests.

use crate::common::*;
use promisc_testkit::temp::TempDir;
use serde_json::Value;
use std::time::{Duration, Instant};

/// `promisc exporter` in `ns` on 127.0.0.1:`port`, once it listens.
fn exporter(ns: &Netns, port: u16) -> Proc {
    let bin = bin();
    let addr = format!("127.0.0.1:{port}");
    let p = ns.spawn(&[
        &bin,
        "exporter",
        "--web.listen-address",
        &addr,
        "--interval",
        "500ms",
        "--allow",
        "bridge_port",
    ]);
    p.wait_stderr("listening on");
    p
}

/// An HTTP request from inside `ns` (python, so the request bytes are ours).
fn request(ns: &Netns, port: u16, raw: &str) -> String {
    let py = python();
    let script = format!(
        "import socket,sys\ns=socket.create_connection(('127.0.0.1',{port}),timeout=5)\ns.sendall(sys.argv[1].encode())\nd=b''\nwhile True:\n  b=s.recv(65536)\n  if not b: break\n  d+=b\nsys.stdout.write(d.decode())"
    );
    ns.run(&[&py, "-c", &script, raw])
}

fn metrics(ns: &Netns, port: u16) -> String {
    let r = request(ns, port, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
    assert!(r.starts_with("HTTP/1.1 200 OK\r\n"), "{r}");
    r.split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default()
}

#[test]
fn promtool_accepts_the_metrics_and_the_rules() {
    let rules = format!("{}/deploy/alerts.yml", env!("CARGO_MANIFEST_DIR"));
    if !require_tool("promtool") {
        return;
    }
    run_bounded(&["promtool", "check", "rules", &rules], CMD_TIMEOUT).expect_success();
    let ns = netns_with_tcpdump!("exp-promtool");
    ns.ip("link set lo up");
    ns.veth_pair();
    ns.ip("link set veth0 promisc on");
    let _t = {
        let t = ns.spawn(&["tcpdump", "-i", "veth1", "-w", "/dev/null"]);
        t.wait_stderr("listening on");
        t
    };
    let _e = exporter(&ns, 10073);
    // The holders are in the cache after the next reading.
    let start = Instant::now();
    let mut text = metrics(&ns, 10073);
    while !text.contains("kind=\"packet_socket\"") && start.elapsed() < TIMEOUT {
        std::thread::sleep(Duration::from_millis(200));
        text = metrics(&ns, 10073);
    }
    for want in [
        "promisc_interface_promiscuity{netns=",
        "promisc_interface_promisc{",
        "device=\"veth0\"} 1",
        "promisc_holder{",
        "kind=\"user_flag\"",
        "comm=\"tcpdump\"",
        "promisc_interface_unexpected_holders{",
        "promisc_interface_rx_otherhost_dropped_total{",
        "promisc_build_info{",
        "promisc_exporter_scrape_duration_seconds ",
    ] {
        assert!(text.contains(want), "{want} in\n{text}");
    }
    let tmp = TempDir::new("exp-promtool");
    let file = tmp.file("metrics.txt");
    std::fs::write(&file, &text).unwrap();
    let check = run_bounded(
        &["sh", "-c", &format!("promtool check metrics < {file}")],
        CMD_TIMEOUT,
    );
    assert_eq!(check.code(), 0, "promtool check metrics: {check}");
}

#[test]
fn a_real_prometheus_sees_holders_come_and_go() {
    let ns = netns!("exp-prom");
    if !require_tool("prometheus") {
        return;
    }
    ns.ip("link set lo up");
    ns.veth_pair();
    let _e = exporter(&ns, 10073);
    let tmp = TempDir::new("exp-prom");
    let cfg = tmp.file("prometheus.yml");
    std::fs::write(
        &cfg,
        "global:\n  scrape_interval: 500ms\n  evaluation_interval: 500ms\nscrape_configs:\n  - job_name: promisc\n    static_configs:\n      - targets: ['127.0.0.1:10073']\n",
    )
    .unwrap();
    let data = tmp.path("data");
    let prom = ns.spawn(&[
        "prometheus",
        &format!("--config.file={cfg}"),
        &format!("--storage.tsdb.path={}", data.display()),
        "--web.listen-address=127.0.0.1:19090",
    ]);
    prom.wait_stderr("Server is ready to receive web requests");
    let query = |q: &str| -> Option<f64> {
        let py = python();
        let script = "import urllib.request,urllib.parse,sys\nu='http://127.0.0.1:19090/api/v1/query?query='+urllib.parse.quote(sys.argv[1])\nsys.stdout.write(urllib.request.urlopen(u,timeout=5).read().decode())";
        let out = ns.try_run(&[&py, "-c", script, q]);
        let v: Value = serde_json::from_str(&out.stdout).ok()?;
        v["data"]["result"][0]["value"][1].as_str()?.parse().ok()
    };
    let wait = |q: &str, want: f64| {
        let start = Instant::now();
        loop {
            if query(q) == Some(want) {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "Prometheus never saw {q} == {want} (last {:?})",
                query(q)
            );
            std::thread::sleep(Duration::from_millis(300));
        }
    };
    wait("up{job=\"promisc\"}", 1.0);
    wait("promisc_interface_promisc{device=\"veth0\"}", 0.0);
    ns.ip("link set veth0 promisc on");
    wait("promisc_interface_promisc{device=\"veth0\"}", 1.0);
    wait(
        "count(promisc_holder{device=\"veth0\",kind=\"user_flag\"})",
        1.0,
    );
    ns.ip("link set veth0 promisc off");
    wait("promisc_interface_promisc{device=\"veth0\"}", 0.0);
}

#[test]
fn bad_addresses_and_bad_requests() {
    let ns = netns!("exp-bad");
    ns.ip("link set lo up");
    let bin = bin();
    let run = ns.promisc(&["exporter", "--web.listen-address", "localhost-ish"]);
    assert_eq!(run.code(), 2, "{run}");
    assert!(
        run.stderr.contains("--web.listen-address localhost-ish"),
        "{run}"
    );
    let _e = exporter(&ns, 10073);
    let busy = ns.try_run(&[&bin, "exporter", "--web.listen-address", "127.0.0.1:10073"]);
    assert_eq!(busy.code(), 2, "{busy}");
    assert!(
        busy.stderr.contains("cannot listen on 127.0.0.1:10073"),
        "{busy}"
    );
    assert!(request(&ns, 10073, "garbage\r\n\r\n").starts_with("HTTP/1.1 400 "));
    assert!(request(&ns, 10073, "POST /metrics HTTP/1.1\r\n\r\n").starts_with("HTTP/1.1 405 "));
    assert!(request(&ns, 10073, "GET /nope HTTP/1.1\r\n\r\n").starts_with("HTTP/1.1 404 "));
    let landing = request(&ns, 10073, "GET / HTTP/1.1\r\n\r\n");
    assert!(landing.contains("<a href=\"/metrics\">"), "{landing}");
    // A client that connects and sends nothing does not stop others.
    let py = python();
    let _stuck = ns.spawn(&[&py, "-c", "import socket,time\ns=socket.create_connection(('127.0.0.1',10073))\nprint('connected',flush=True)\ntime.sleep(30)"]);
    std::thread::sleep(Duration::from_millis(200));
    let start = Instant::now();
    assert!(!metrics(&ns, 10073).is_empty());
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "a stuck client blocks nothing"
    );
}
