//! `promisc exporter`: promtool judges the metrics and the alerting rules; a real Prometheus
//! (Debian's, on loopback inside the test's namespace, with its own data directory) scrapes
//! the exporter, also over TLS with basic authentication; hostile clients (slow, huge, many)
//! starve no scrape; bad addresses, bad requests and bad web configurations.

use crate::common::*;
use promisc_testkit::temp::TempDir;
use serde_json::Value;
use std::time::{Duration, Instant};

/// `promisc exporter ARGS` in `ns` on 127.0.0.1 with a port the kernel chooses, once it
/// listens: the process and its port.
fn exporter_with(ns: &Netns, args: &[&str]) -> (Proc, u16) {
    let bin = bin();
    let mut argv = vec![
        bin.as_str(),
        "exporter",
        "--web.listen-address",
        "127.0.0.1:0",
        "--interval",
        "500ms",
    ];
    argv.extend_from_slice(args);
    let p = ns.spawn(&argv);
    let line = p.wait_stderr("listening on");
    (p, announced_port(&line))
}

/// The port of `promisc: exporter listening on http://127.0.0.1:PORT/metrics`.
fn announced_port(line: &str) -> u16 {
    let port = line
        .rsplit_once(':')
        .and_then(|(_, rest)| rest.strip_suffix("/metrics"))
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    assert_ne!(port, 0, "the real port is announced, not 0: {line}");
    port
}

fn exporter(ns: &Netns) -> (Proc, u16) {
    exporter_with(ns, &["--allow", "bridge_port"])
}

/// What the server answers `raw` (python, so the request bytes are ours), read until it
/// closes the connection.
fn request(ns: &Netns, port: u16, raw: &str) -> String {
    let py = python();
    let script = format!(
        "import socket,sys\ns=socket.create_connection(('127.0.0.1',{port}),timeout=10)\ns.sendall(sys.argv[1].encode())\nd=b''\nwhile True:\n  b=s.recv(65536)\n  if not b: break\n  d+=b\nsys.stdout.write(d.decode())"
    );
    ns.run(&[&py, "-c", &script, raw])
}

fn metrics(ns: &Netns, port: u16) -> String {
    let r = request(
        ns,
        port,
        "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(r.starts_with("HTTP/1.1 200 OK\r\n"), "{r}");
    r.split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default()
}

/// Scrapes until `want` is in the metrics.
fn metrics_with(ns: &Netns, port: u16, want: &str) -> String {
    let start = Instant::now();
    loop {
        let text = metrics(ns, port);
        if text.contains(want) {
            return text;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{want} never in\n{text}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// The sample lines of `metric`.
fn series<'a>(text: &'a str, metric: &str) -> Vec<&'a str> {
    text.lines()
        .filter(|l| l.starts_with(&format!("{metric}{{")))
        .collect()
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
    let (_e, port) = exporter(&ns);
    // The holders are in the cache after the next reading.
    let text = metrics_with(&ns, port, "kind=\"packet_socket\"");
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
    // Bounded identity labels: no pid, no socket inode (each tcpdump run would be a new series).
    let holders = series(&text, "promisc_holder");
    assert!(
        holders
            .iter()
            .all(|l| !l.contains("pid=") && !l.contains("inode=")),
        "{holders:?}"
    );
    // Every metric's series in order, so two scrapes of one state are the same bytes.
    for metric in [
        "promisc_interface_promiscuity",
        "promisc_interface_promisc",
        "promisc_holder",
    ] {
        let s = series(&text, metric);
        let mut sorted = s.clone();
        sorted.sort();
        assert_eq!(s, sorted, "{metric} in order");
        assert!(s.len() >= 2, "{metric}: {s:?}");
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

/// deploy/alerts_test.yml under Prometheus's rule evaluation: PromiscHolderNotAllowed fires
/// for a sniffer and stays silent for a bridge port.
#[test]
fn the_alert_rules_fire_for_a_sniffer_under_promtool() {
    if !require_tool("promtool") {
        return;
    }
    let tests = format!("{}/deploy/alerts_test.yml", env!("CARGO_MANIFEST_DIR"));
    let run = run_bounded(&["promtool", "test", "rules", &tests], CMD_TIMEOUT);
    assert_eq!(run.code(), 0, "{run}");
}

/// The `--allow` rules of a unit file's ExecStart.
pub(crate) fn unit_allow_list(unit: &str) -> Vec<String> {
    let text = std::fs::read_to_string(format!("{}/{unit}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let exec = text.replace("\\\n", " ");
    let line = exec
        .lines()
        .find(|l| l.starts_with("ExecStart="))
        .unwrap_or_else(|| panic!("no ExecStart in {unit}"));
    let words: Vec<&str> = line.split_whitespace().collect();
    words
        .windows(2)
        .filter(|w| w[0] == "--allow")
        .map(|w| w[1].to_string())
        .collect()
}

/// The shipped units' allow list passes a default host (bridge ports such as Docker's and
/// CNI's veths, the NIC under a passthru macvlan) and not a sniffer: before, the units
/// ran without --allow and the alert could never fire.
#[test]
fn the_shipped_allow_list_passes_a_default_host_and_not_a_sniffer() {
    let deploy = unit_allow_list("deploy/promisc-exporter.service");
    let debian = unit_allow_list("debian/promisc-exporter.service");
    assert_eq!(deploy, debian, "both units ship one allow list");
    assert!(deploy.contains(&"bridge_port".to_string()), "{deploy:?}");
    let ns = netns_with_tcpdump!("exp-allow");
    ns.ip("link set lo up");
    // A container bridge with two veth ports (their peers stand for the containers' ends).
    ns.ip("link add cni0 type bridge");
    ns.ip("link set cni0 up");
    for i in 0..2 {
        ns.ip(&format!("link add veth{i}h type veth peer name veth{i}c"));
        ns.ip(&format!("link set veth{i}h master cni0"));
        ns.ip(&format!("link set veth{i}h up"));
        ns.ip(&format!("link set veth{i}c up"));
    }
    // A passthru macvlan (a VM's macvtap does the same) on a NIC.
    ns.ip("link add nic0 type veth peer name nic0p");
    ns.ip("link add link nic0 name mv0 type macvlan mode passthru");
    ns.ip("link set nic0 up");
    ns.ip("link set mv0 up");
    let mut args: Vec<&str> = Vec::new();
    for rule in &deploy {
        args.extend(["--allow", rule]);
    }
    let (_e, port) = exporter_with(&ns, &args);
    let text = metrics_with(&ns, port, "holder_device=\"mv0\"");
    let unexpected = series(&text, "promisc_interface_unexpected_holders");
    assert!(!unexpected.is_empty(), "{text}");
    assert!(
        unexpected.iter().all(|l| l.ends_with("} 0")),
        "a default host has no unexpected holder: {unexpected:?}"
    );
    let promisc = series(&text, "promisc_interface_promisc");
    for port_device in ["veth0h", "veth1h", "nic0"] {
        let want = format!(
            "promisc_interface_promisc{{netns=\"{}\",device=\"{port_device}\"}} 1",
            ns.name
        );
        assert!(promisc.contains(&want.as_str()), "{want} in {promisc:?}");
    }
    let _t = {
        let t = ns.spawn(&["tcpdump", "-i", "veth0c", "-w", "/dev/null"]);
        t.wait_stderr("listening on");
        t
    };
    metrics_with(
        &ns,
        port,
        &format!(
            "promisc_interface_unexpected_holders{{netns=\"{}\",device=\"veth0c\"}} 1",
            ns.name
        ),
    );
}

#[test]
fn a_real_prometheus_sees_holders_come_and_go() {
    let ns = netns!("exp-prom");
    if !require_tool("prometheus") {
        return;
    }
    ns.ip("link set lo up");
    ns.veth_pair();
    let (_e, port) = exporter(&ns);
    let tmp = TempDir::new("exp-prom");
    let cfg = tmp.file("prometheus.yml");
    std::fs::write(
        &cfg,
        format!("global:\n  scrape_interval: 500ms\n  evaluation_interval: 500ms\nscrape_configs:\n  - job_name: promisc\n    static_configs:\n      - targets: ['127.0.0.1:{port}']\n"),
    )
    .unwrap();
    let prom = Prometheus::start(&ns, &tmp, &cfg);
    prom.wait("up{job=\"promisc\"}", 1.0);
    prom.wait("promisc_interface_promisc{device=\"veth0\"}", 0.0);
    ns.ip("link set veth0 promisc on");
    prom.wait("promisc_interface_promisc{device=\"veth0\"}", 1.0);
    prom.wait(
        "count(promisc_holder{device=\"veth0\",kind=\"user_flag\"})",
        1.0,
    );
    ns.ip("link set veth0 promisc off");
    prom.wait("promisc_interface_promisc{device=\"veth0\"}", 0.0);
}

/// A Prometheus server in a test namespace, queried through its HTTP API.
struct Prometheus<'a> {
    ns: &'a Netns,
    _proc: Proc,
}

impl<'a> Prometheus<'a> {
    fn start(ns: &'a Netns, tmp: &TempDir, cfg: &str) -> Prometheus<'a> {
        let data = tmp.path("data");
        let p = ns.spawn(&[
            "prometheus",
            &format!("--config.file={cfg}"),
            &format!("--storage.tsdb.path={}", data.display()),
            "--web.listen-address=127.0.0.1:19090",
        ]);
        p.wait_stderr("Server is ready to receive web requests");
        Prometheus { ns, _proc: p }
    }

    fn query(&self, q: &str) -> Option<f64> {
        let py = python();
        let script = "import urllib.request,urllib.parse,sys\nu='http://127.0.0.1:19090/api/v1/query?query='+urllib.parse.quote(sys.argv[1])\nsys.stdout.write(urllib.request.urlopen(u,timeout=5).read().decode())";
        let out = self.ns.try_run(&[&py, "-c", script, q]);
        let v: Value = serde_json::from_str(&out.stdout).ok()?;
        v["data"]["result"][0]["value"][1].as_str()?.parse().ok()
    }

    fn wait(&self, q: &str, want: f64) {
        let start = Instant::now();
        loop {
            if self.query(q) == Some(want) {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "Prometheus never saw {q} == {want} (last {:?})",
                self.query(q)
            );
            std::thread::sleep(Duration::from_millis(300));
        }
    }
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
    let (_e, port) = exporter(&ns);
    let addr = format!("127.0.0.1:{port}");
    let busy = ns.try_run(&[&bin, "exporter", "--web.listen-address", &addr]);
    assert_eq!(busy.code(), 2, "{busy}");
    assert!(
        busy.stderr.contains(&format!("cannot listen on {addr}")),
        "{busy}"
    );
    let status = |raw: &str| {
        request(&ns, port, raw)
            .lines()
            .next()
            .unwrap_or("")
            .to_string()
    };
    assert!(status("garbage\r\n\r\n").starts_with("HTTP/1.1 400 "));
    assert!(
        status("POST /metrics HTTP/1.1\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc")
            .starts_with("HTTP/1.1 405 ")
    );
    assert!(status("GET /nope HTTP/1.1\r\nConnection: close\r\n\r\n").starts_with("HTTP/1.1 404 "));
    // A head over 16 KiB: 431, and the connection closed (not read to the end).
    let huge = format!(
        "GET /metrics HTTP/1.1\r\nX-Big: {}\r\n\r\n",
        "a".repeat(100_000)
    );
    assert!(status(&huge).starts_with("HTTP/1.1 431 "));
    let landing = request(&ns, port, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert!(landing.contains("<a href=\"/metrics\">"), "{landing}");
    // HEAD: the GET's headers, no body.
    let head = request(
        &ns,
        port,
        "HEAD /metrics HTTP/1.1\r\nConnection: close\r\n\r\n",
    );
    let (h, body) = head.split_once("\r\n\r\n").unwrap();
    assert!(h.starts_with("HTTP/1.1 200 OK"), "{head}");
    assert!(h.to_ascii_lowercase().contains("content-length: "), "{h}");
    assert!(!h.to_ascii_lowercase().contains("content-length: 0"), "{h}");
    assert_eq!(body, "", "HEAD has no body");
    // Pipelined requests on one connection: each answered, in order.
    let two = request(
        &ns,
        port,
        "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    let answers: Vec<&str> = two.matches("HTTP/1.1 ").collect();
    assert_eq!(answers.len(), 2, "{two}");
    assert!(two.starts_with("HTTP/1.1 200 "), "{two}");
    assert!(two.contains("HTTP/1.1 404 "), "{two}");
    // A client that connects and sends nothing does not stop others, and is dropped at the
    // request deadline (10 s).
    let py = python();
    let stuck = ns.spawn(&[&py, "-c", &format!("import socket,time\ns=socket.create_connection(('127.0.0.1',{port}))\nprint('connected',flush=True)\nt=time.time()\ns.settimeout(60)\nprint('closed' if s.recv(1)==b'' else 'data', round(time.time()-t),flush=True)")]);
    stuck.wait_stdout("connected");
    let start = Instant::now();
    assert!(!metrics(&ns, port).is_empty());
    // A scrape waiting behind the stuck client would end at its 10 s deadline; a loaded
    // machine may be slow, but not that slow.
    assert!(
        start.elapsed() < Duration::from_secs(7),
        "a stuck client blocks nothing (the scrape took {:?})",
        start.elapsed()
    );
    let closed = stuck
        .next_stdout(Duration::from_secs(20))
        .expect("the stuck client is dropped");
    assert!(closed.starts_with("closed"), "{closed}");
}

/// `:PORT` (every address) and `localhost:PORT`, as the help's own examples say.
#[test]
fn every_address_and_localhost_listen() {
    let ns = netns!("exp-addr");
    ns.ip("link set lo up");
    let bin = bin();
    for (arg, connect) in [
        (":10074", "127.0.0.1"),
        (":10075", "::1"),
        ("localhost:10076", "127.0.0.1"),
    ] {
        let p = ns.spawn(&[&bin, "exporter", "--web.listen-address", arg]);
        let line = p.wait_stderr("listening on");
        let port = announced_port(&line);
        let py = python();
        let script = format!("import socket,sys\ns=socket.create_connection(('{connect}',{port}),timeout=10)\ns.sendall(b'GET /metrics HTTP/1.1\\r\\nConnection: close\\r\\n\\r\\n')\nprint(s.recv(20).decode())");
        let out = ns.run(&[&py, "-c", &script]);
        assert!(
            out.starts_with("HTTP/1.1 200"),
            "{arg} via {connect}: {out}"
        );
        drop(p);
    }
}

/// Two names that differ only in bytes that are not UTF-8 used to become one series `inv��`
/// with one of the two values; they are escaped reversibly (`\xff`), each with its own value.
#[test]
fn names_that_are_not_utf8_are_two_series() {
    let ns = netns!("exp-utf8");
    ns.ip("link set lo up");
    let py = python();
    let make = "import subprocess\nfor n in (b'inv\\xff\\xfe', b'inv\\xfe\\xff'):\n  subprocess.run([b'ip', b'link', b'add', n, b'type', b'veth', b'peer', b'name', b'p' + n[3:]], check=True)\nsubprocess.run([b'ip', b'link', b'set', b'inv\\xff\\xfe', b'promisc', b'on'], check=True)";
    ns.run(&[&py, "-c", make]);
    let (_e, port) = exporter(&ns);
    let text = metrics(&ns, port);
    let promisc = series(&text, "promisc_interface_promisc");
    let name = &ns.name;
    assert!(
        promisc.contains(
            &format!(
                "promisc_interface_promisc{{netns=\"{name}\",device=\"inv\\\\xff\\\\xfe\"}} 1"
            )
            .as_str()
        ),
        "{promisc:?}"
    );
    assert!(
        promisc.contains(
            &format!(
                "promisc_interface_promisc{{netns=\"{name}\",device=\"inv\\\\xfe\\\\xff\"}} 0"
            )
            .as_str()
        ),
        "{promisc:?}"
    );
    assert!(!text.contains('\u{fffd}'), "{text}");
    // The escaped name is how status takes it, and a backslash name is taken as the kernel has
    // it (shown doubled).
    ns.ip("link add a\\b type veth peer name pab");
    for (given, shown) in [
        ("inv\\xff\\xfe", "\"inv\\\\xff\\\\xfe\""),
        ("a\\b", "\"a\\\\\\\\b\""),
    ] {
        let run = ns.promisc(&["status", given, "--json"]);
        assert_eq!(run.code(), 0, "{run}");
        assert!(run.stdout.contains(shown), "{shown} in {run}");
    }
}

/// Item 3 of issue 20: hostile clients at once (40 slowloris clients, 8 sending one endless
/// header line, 500 idle connections renewed) while thousands of scrapes run: every scrape is
/// answered in time, and the exporter's memory and descriptors stay bounded.
#[test]
fn hostile_clients_starve_no_scrape_and_memory_stays_bounded() {
    let ns = netns!("exp-soak");
    ns.ip("link set lo up");
    ns.veth_pair();
    let (e, port) = exporter(&ns);
    let py = python();
    let script = format!("{}/exporter_soak.py", HELPERS);
    let pid = e.pid().to_string();
    let port = port.to_string();
    let run = run_bounded(
        &[
            "ip", "netns", "exec", &ns.name, &py, &script, &port, &pid, "3000",
        ],
        Duration::from_secs(150),
    );
    assert_eq!(run.code(), 0, "{run}");
    let v: Value = serde_json::from_str(run.stdout.trim()).unwrap_or_else(|e| panic!("{e}: {run}"));
    eprintln!("soak: {v}");
    assert!(v["scrapes"].as_u64().unwrap() >= 3000, "{v}");
    assert_eq!(v["failed"], 0, "every scrape answered 200: {v}");
    assert!(
        v["max_s"].as_f64().unwrap() < 5.0,
        "each scrape in time: {v}"
    );
    assert!(
        v["huge_rounds"].as_u64().unwrap() >= 8,
        "the huge clients ran: {v}"
    );
    assert!(
        v["slow_dropped"].as_u64().unwrap() >= 40,
        "each slowloris client was dropped at the request deadline: {v}"
    );
    assert!(
        v["idle_open"].as_u64().unwrap() >= 400,
        "the idle connections were there: {v}"
    );
    assert!(
        v["hwm_kb"].as_u64().unwrap() < 96 * 1024,
        "peak RSS bounded (it was 2 GB with 8 clients before): {v}"
    );
    assert!(v["max_fds"].as_u64().unwrap() <= 1024 + 64, "{v}");
    assert!(e.exited().is_none(), "the exporter still runs");
}

const TEST_PASSWORD_HASH: &str = "$2b$10$0dFhEMcV5//4LMxYMs9nLuuQzlqlE3TeRMjwbGUUfkQ28/dKqBOZq";

/// A CA and a certificate it signs for `cn` (`ext`: extendedKeyUsage), with openssl.
fn cert(tmp: &TempDir, ca: &str, name: &str, cn: &str, ext: &str) {
    let d = tmp.dir();
    let ext_file = tmp.file(&format!("{name}.ext"));
    std::fs::write(
        &ext_file,
        format!("basicConstraints=CA:FALSE\nsubjectAltName=IP:127.0.0.1\nextendedKeyUsage={ext}\n"),
    )
    .unwrap();
    let script = format!(
        "set -e; cd {d}; \
         [ -f {ca}.crt ] || openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout {ca}.key -out {ca}.crt -days 2 -subj /CN={ca} 2>/dev/null; \
         openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout {name}.key.new -out {name}.csr -subj /CN={cn} 2>/dev/null; \
         openssl x509 -req -in {name}.csr -CA {ca}.crt -CAkey {ca}.key -CAcreateserial -out {name}.crt.new -days 2 -extfile {ext_file} 2>/dev/null; \
         mv {name}.key.new {name}.key; mv {name}.crt.new {name}.crt"
    );
    run_bounded(&["sh", "-c", &script], CMD_TIMEOUT).expect_success();
}

/// `--web.config.file`: TLS with a client certificate required and verified, and basic
/// authentication; curl says what a client gets, and a real Prometheus scrapes it.
#[test]
fn tls_and_basic_auth_with_curl_and_a_real_prometheus() {
    let ns = netns!("exp-tls");
    if !require_tool("openssl") || !require_tool("curl") || !require_tool("prometheus") {
        return;
    }
    ns.ip("link set lo up");
    let tmp = TempDir::new("exp-tls");
    cert(&tmp, "ca", "server", "promisc-server", "serverAuth");
    cert(&tmp, "ca", "client", "prometheus", "clientAuth");
    let web = tmp.file("web.yml");
    std::fs::write(
        &web,
        format!("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\nbasic_auth_users:\n  prometheus: {TEST_PASSWORD_HASH}\n"),
    )
    .unwrap();
    let (_e, port) = exporter_with(&ns, &["--web.config.file", &web]);
    let d = tmp.dir();
    let url = format!("https://127.0.0.1:{port}/metrics");
    let curl = |args: &[&str]| -> Run {
        let mut argv = vec![
            "curl",
            "-sS",
            "--max-time",
            "10",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
        ];
        argv.extend_from_slice(args);
        ns.try_run(&argv)
    };
    let ca = format!("{d}/ca.crt");
    let client = [
        "--cacert",
        &ca,
        "--cert",
        &format!("{d}/client.crt"),
        "--key",
        &format!("{d}/client.key"),
    ]
    .map(String::from);
    let with_client = |extra: &[&str]| {
        let mut a: Vec<&str> = client.iter().map(String::as_str).collect();
        a.extend_from_slice(extra);
        a.push(&url);
        curl(&a)
    };
    assert_eq!(with_client(&["-u", "prometheus:secret"]).stdout, "200");
    assert_eq!(with_client(&["-u", "prometheus:wrong"]).stdout, "401");
    assert_eq!(with_client(&["-u", "nobody:secret"]).stdout, "401");
    assert_eq!(with_client(&[]).stdout, "401");
    // No client certificate: the handshake fails.
    let no_cert = curl(&["--cacert", &ca, "-u", "prometheus:secret", &url]);
    assert_ne!(no_cert.code(), 0, "{no_cert}");
    assert_ne!(no_cert.stdout, "200", "{no_cert}");
    // Plain HTTP to the TLS port: a clean refusal, as Go's servers give it.
    let plain = ns.run(&[
        "curl",
        "-sS",
        "--max-time",
        "10",
        &format!("http://127.0.0.1:{port}/metrics"),
    ]);
    assert!(
        plain.contains("Client sent an HTTP request to an HTTPS server."),
        "{plain}"
    );
    // The certificate is re-read when its files change: one from another CA is served next.
    cert(&tmp, "ca2", "server", "promisc-server-2", "serverAuth");
    let ca2 = format!("{d}/ca2.crt");
    let renewed = curl(&[
        "--cacert",
        &ca2,
        "--cert",
        &format!("{d}/client.crt"),
        "--key",
        &format!("{d}/client.key"),
        "-u",
        "prometheus:secret",
        &url,
    ]);
    assert_eq!(renewed.stdout, "200", "{renewed}");
    // Prometheus over TLS with its client certificate and basic auth.
    let cfg = tmp.file("prometheus.yml");
    std::fs::write(
        &cfg,
        format!("global:\n  scrape_interval: 500ms\nscrape_configs:\n  - job_name: promisc\n    scheme: https\n    tls_config:\n      ca_file: {d}/ca2.crt\n      cert_file: {d}/client.crt\n      key_file: {d}/client.key\n    basic_auth:\n      username: prometheus\n      password: secret\n    static_configs:\n      - targets: ['127.0.0.1:{port}']\n"),
    )
    .unwrap();
    let prom = Prometheus::start(&ns, &tmp, &cfg);
    prom.wait("up{job=\"promisc\"}", 1.0);
    prom.wait("count(promisc_interface_promisc{device=\"lo\"})", 1.0);
}

/// A web configuration that cannot be used stops the exporter with exit 2, naming the file,
/// the line and the key.
#[test]
fn bad_web_configurations_exit_2_naming_file_line_and_key() {
    let ns = netns!("exp-webcfg");
    let tmp = TempDir::new("exp-webcfg");
    let missing = tmp.file("missing.yml");
    let run = ns.promisc(&[
        "exporter",
        "--web.listen-address",
        "127.0.0.1:0",
        "--web.config.file",
        &missing,
    ]);
    assert_eq!(run.code(), 2, "{run}");
    assert!(run.stderr.contains(&missing), "{run}");
    for (text, want) in [
        ("tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n  cipher_suites: [TLS_AES_128_GCM_SHA256]\n", ":4: tls_server_config.cipher_suites: not supported"),
        ("basic_auth_users:\n  prometheus: x\n", ":2: basic_auth_users.prometheus: not a bcrypt hash"),
        ("\nbasic_auth_userz: {}\n", ":2: basic_auth_userz: unknown key"),
        ("tls_server_config:\n  cert_file: nope.crt\n  key_file: nope.key\n", "nope.crt"),
    ] {
        let file = tmp.file("web.yml");
        std::fs::write(&file, text).unwrap();
        let run = ns.promisc(&["exporter", "--web.listen-address", "127.0.0.1:0", "--web.config.file", &file]);
        assert_eq!(run.code(), 2, "{text}: {run}");
        let needle = if want.starts_with(':') {
            format!("{file}{want}")
        } else {
            want.to_string()
        };
        assert!(run.stderr.contains(&needle), "{needle} in {run}");
    }
}

#[test]
fn flapping_is_counted_per_interface_and_holder_kind() {
    // Issue #23 §2: every change of the counter, and every holder that comes or goes by its
    // kind, judged by what the test did (3 times on and off with ip link).
    let ns = netns!("exp-flap");
    ns.ip("link set lo up");
    ns.veth_pair();
    let (_exp, port) = exporter(&ns);
    metrics_with(
        &ns,
        port,
        &format!(
            "promisc_promiscuity_changes_total{{netns=\"{}\",device=\"veth0\"}} 0\n",
            ns.name
        ),
    );
    for i in 1..=3u32 {
        for (state, n) in [("on", 2 * i - 1), ("off", 2 * i)] {
            ns.ip(&format!("link set veth0 promisc {state}"));
            let text = metrics_with(
                &ns,
                port,
                &format!(
                    "promisc_promiscuity_changes_total{{netns=\"{}\",device=\"veth0\"}} {n}\n",
                    ns.name
                ),
            );
            let want = format!(
                "promisc_holder_changes_total{{netns=\"{}\",device=\"veth0\",kind=\"user_flag\"}} {n}",
                ns.name
            );
            assert!(text.contains(&want), "{want} not in\n{text}");
        }
    }
    let text = metrics(&ns, port);
    assert!(
        text.contains(&format!(
            "promisc_promiscuity_changes_total{{netns=\"{}\",device=\"veth1\"}} 0\n",
            ns.name
        )),
        "{text}"
    );
}

/// Sends `n` IPv4 frames out of `dev` to a MAC no device of the namespace has: each one
/// reaches the peer's IPv4 stack as `PACKET_OTHERHOST` and is counted in its
/// `rx_otherhost_dropped`.
fn send_otherhost(ns: &Netns, dev: &str, n: u32) {
    let py = python();
    let script = "import socket,sys
s=socket.socket(socket.AF_PACKET,socket.SOCK_RAW)
s.bind((sys.argv[1],0))
ip=bytes([0x45,0,0,20,0,0,0,0,64,253,0,0,192,0,2,1,192,0,2,2])
f=bytes([2,0,0,0,0,0x99])+s.getsockname()[4]+bytes([8,0])+ip+bytes(26)
for _ in range(int(sys.argv[2])): s.send(f)";
    ns.run(&[&py, "-c", script, dev, &n.to_string()]);
}

#[test]
fn otherhost_counters_are_the_kernels_at_every_reading() {
    // Issue 24: the counters come from one statistics dump a reading, and a reading equal to
    // the last one is not rendered again. The counter moves without any link notification:
    // only the re-read every --interval sees it, and the body must follow it each time.
    let ns = netns!("exp-other");
    ns.ip("link set lo up");
    ns.veth_pair();
    let (_exp, port) = exporter(&ns);
    let line = |n: u32| {
        format!(
            "promisc_interface_rx_otherhost_dropped_total{{netns=\"{}\",device=\"veth1\"}} {n}\n",
            ns.name
        )
    };
    metrics_with(&ns, port, &line(0));
    let mut sent = 0;
    for n in [7, 5, 1] {
        send_otherhost(&ns, "veth0", n);
        sent += n;
        let text = metrics_with(&ns, port, &line(sent));
        // Each frame counted once, on the receiving side alone.
        let zero = format!(
            "promisc_interface_rx_otherhost_dropped_total{{netns=\"{}\",device=\"veth0\"}} 0\n",
            ns.name
        );
        assert!(text.contains(&zero), "{text}");
        let again = metrics(&ns, port);
        assert!(again.contains(&line(sent)), "{again}");
    }
}
