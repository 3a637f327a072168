//! Soak and overload run of `namestd-server` (see `benches/service_soak/README.md`).
//!
//! Starts the release server on a free loopback port (embedded registry, a small
//! in-flight limit), then for a bounded time drives it above capacity with keep-alive
//! clients (lookups, reconciliation batches, standardize) while reloading the index every
//! few seconds, samples the server's resident memory once a second, stops the server and
//! prints: requests sent, answers by status, 429/503 answers carrying `Retry-After`,
//! requests left without an answer, p50/p99 latency, reloads, and RSS (after warm-up,
//! peak, final).
//!
//! Usage: `service_soak --server target/release/namestd-server [--secs 120] [--clients 64]
//! [--max-in-flight 16] [--reload-every 5]`. Loopback only; ends by itself.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One answer: status, whether it had `Retry-After`, whether the server closes the
/// connection after it.
struct Answer {
    status: u16,
    retry_after: bool,
    close: bool,
}

/// A keep-alive HTTP/1.1 connection.
struct Conn {
    r: BufReader<TcpStream>,
}

impl Conn {
    fn open(port: u16) -> std::io::Result<Conn> {
        let s = TcpStream::connect(("127.0.0.1", port))?;
        s.set_nodelay(true)?;
        s.set_read_timeout(Some(Duration::from_secs(30)))?;
        Ok(Conn { r: BufReader::new(s) })
    }

    fn send(&mut self, method: &str, path: &str, ct: Option<&str>, body: &[u8]) -> std::io::Result<Answer> {
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n");
        if let Some(ct) = ct {
            head.push_str(&format!("Content-Type: {ct}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
        let w = self.r.get_mut();
        w.write_all(head.as_bytes())?;
        w.write_all(body)?;
        let mut line = String::new();
        if self.r.read_line(&mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let status: u16 = line.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let (mut len, mut retry_after, mut close) = (0usize, false, false);
        loop {
            line.clear();
            if self.r.read_line(&mut line)? == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                let k = k.trim().to_ascii_lowercase();
                match k.as_str() {
                    "content-length" => len = v.trim().parse().unwrap_or(0),
                    "retry-after" => retry_after = true,
                    "connection" => close = v.trim().eq_ignore_ascii_case("close"),
                    _ => {}
                }
            }
        }
        let mut body = vec![0; len];
        self.r.read_exact(&mut body)?;
        Ok(Answer { status, retry_after, close })
    }
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).map(str::to_string))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

/// Starts the server on port 0; returns it and the port it printed.
fn start(server: &str, max_in_flight: usize) -> (Child, u16) {
    let mut child = Command::new(server)
        .args(["--port", "0", "--log-requests", "false", "--workers", "2"])
        .args(["--max-in-flight", &max_in_flight.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the server");
    let mut err = BufReader::new(child.stderr.take().expect("stderr"));
    let mut line = String::new();
    let port = loop {
        line.clear();
        if err.read_line(&mut line).unwrap_or(0) == 0 {
            panic!("the server ended before listening");
        }
        if let Some(i) = line.find("\"port\":") {
            let rest = &line[i + 7..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            break digits.parse().expect("a port");
        }
    };
    // Keep draining stderr so the server never blocks on a full pipe.
    std::thread::spawn(move || {
        let mut sink = Vec::new();
        let _ = err.read_to_end(&mut sink);
    });
    (child, port)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i].as_secs_f64() * 1e3
}

const NAMES: &[&str] = &[
    "Genencorr International",
    "Aircast Incorporated",
    "KONINKLIJKE PHILIPS ELECTRONICS NV",
    "Siemens Aktiengesellschaft",
    "Toyota Jidosha KK",
    "Unknown Widgets GmbH",
    "Micro soft corp",
    "General Electic Company",
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let server = arg(&args, "--server").expect("--server path/to/namestd-server");
    let secs: u64 = arg(&args, "--secs").and_then(|s| s.parse().ok()).unwrap_or(120).min(3600);
    let clients: usize = arg(&args, "--clients").and_then(|s| s.parse().ok()).unwrap_or(64).min(1024);
    let max_in_flight: usize = arg(&args, "--max-in-flight").and_then(|s| s.parse().ok()).unwrap_or(16);
    let reload_every: u64 = arg(&args, "--reload-every").and_then(|s| s.parse().ok()).unwrap_or(5).max(1);

    let (mut child, port) = start(&server, max_in_flight);
    let pid = child.id();
    let rss_start = rss_kib(pid);
    println!(
        "server pid {pid} on 127.0.0.1:{port}, max_in_flight {max_in_flight}, RSS at start {} MiB",
        rss_start / 1024
    );
    println!("{clients} clients for {secs} s, index reload every {reload_every} s");

    let done = Arc::new(AtomicBool::new(false));
    let deadline = Instant::now() + Duration::from_secs(secs);
    let t0 = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|c| {
            let done = done.clone();
            std::thread::spawn(move || {
                let (mut statuses, mut lat, mut retry_ok, mut retry_missing, mut dropped, mut sent) =
                    (BTreeMap::<u16, u64>::new(), Vec::new(), 0u64, 0u64, 0u64, 0u64);
                let mut conn = Conn::open(port).ok();
                let mut i = c;
                while !done.load(Ordering::Relaxed) && Instant::now() < deadline {
                    let name = NAMES[i % NAMES.len()];
                    let enc: String = name.replace(' ', "%20");
                    let t = Instant::now();
                    let r = match conn.as_mut() {
                        None => Err(std::io::ErrorKind::NotConnected.into()),
                        Some(conn) => match i % 5 {
                            0 | 1 => conn.send("GET", &format!("/v1/applicants/lookup?name={enc}&limit=5"), None, b""),
                            2 => {
                                let q: Vec<String> = (0..10)
                                    .map(|k| {
                                        format!(
                                            "%22q{k}%22%3A%7B%22query%22%3A%22{}%22%7D",
                                            NAMES[(i + k) % NAMES.len()].replace(' ', "%20")
                                        )
                                    })
                                    .collect();
                                let body = format!("queries=%7B{}%7D", q.join("%2C"));
                                conn.send(
                                    "POST",
                                    "/reconcile",
                                    Some("application/x-www-form-urlencoded"),
                                    body.as_bytes(),
                                )
                            }
                            3 => conn.send("GET", &format!("/v1/applicants/assess?name={enc}"), None, b""),
                            _ => conn.send("GET", &format!("/v1/names/standardize?name={enc}"), None, b""),
                        },
                    };
                    sent += 1;
                    match r {
                        Ok(a) => {
                            if a.close {
                                conn = Conn::open(port).ok();
                            }
                            *statuses.entry(a.status).or_default() += 1;
                            if a.status == 200 {
                                lat.push(t.elapsed());
                            } else if matches!(a.status, 429 | 503) {
                                if a.retry_after {
                                    retry_ok += 1;
                                } else {
                                    retry_missing += 1;
                                }
                                // A polite client waits a little before retrying.
                                std::thread::sleep(Duration::from_millis(20));
                            }
                        }
                        Err(_) => {
                            dropped += 1;
                            conn = Conn::open(port).ok();
                        }
                    }
                    i += clients;
                }
                (statuses, lat, retry_ok, retry_missing, dropped, sent)
            })
        })
        .collect();

    // Reloads and memory samples on this thread.
    let samples = Arc::new(Mutex::new(Vec::new()));
    let (mut reloads_ok, mut reloads_failed, mut next_reload) =
        (0, 0, Instant::now() + Duration::from_secs(reload_every));
    while Instant::now() < deadline {
        std::thread::sleep(Duration::from_secs(1));
        samples.lock().unwrap().push((t0.elapsed().as_secs(), rss_kib(pid)));
        if Instant::now() >= next_reload {
            next_reload += Duration::from_secs(reload_every);
            let ok = Conn::open(port).and_then(|mut c| c.send("POST", "/v1/index/reload", None, b"")).map(|a| a.status);
            match ok {
                Ok(200) => reloads_ok += 1,
                _ => reloads_failed += 1,
            }
        }
    }
    done.store(true, Ordering::Relaxed);
    let (mut statuses, mut lat, mut retry_ok, mut retry_missing, mut dropped, mut sent) =
        (BTreeMap::<u16, u64>::new(), Vec::new(), 0, 0, 0, 0);
    for w in workers {
        let (s, l, ro, rm, d, n) = w.join().expect("client thread");
        for (k, v) in s {
            *statuses.entry(k).or_default() += v;
        }
        lat.extend(l);
        retry_ok += ro;
        retry_missing += rm;
        dropped += d;
        sent += n;
    }
    let elapsed = t0.elapsed().as_secs_f64();
    let rss_final = rss_kib(pid);
    let _ = child.kill();
    let _ = child.wait();

    lat.sort();
    let samples = samples.lock().unwrap().clone();
    let warm = samples.iter().find(|(t, _)| *t >= 10).or(samples.first()).map(|s| s.1).unwrap_or(0);
    let peak = samples.iter().map(|s| s.1).max().unwrap_or(0);
    let answered: u64 = statuses.values().sum();
    println!(
        "requests sent {sent} in {elapsed:.1} s ({:.0}/s), answered {answered}, no answer {dropped}",
        sent as f64 / elapsed
    );
    let counts: Vec<String> = statuses.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    println!("status counts {{{}}}", counts.join(", "));
    println!("429/503 with Retry-After {retry_ok}, without {retry_missing}");
    println!(
        "latency of 200s p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        percentile(&lat, 0.50),
        percentile(&lat, 0.99),
        percentile(&lat, 1.0)
    );
    println!("index reloads ok {reloads_ok}, failed {reloads_failed}");
    println!(
        "RSS MiB: start {}, after 10 s {}, peak {}, final {} (final/after-10s {:.2})",
        rss_start / 1024,
        warm / 1024,
        peak / 1024,
        rss_final / 1024,
        rss_final as f64 / warm.max(1) as f64
    );
    let over: Vec<String> =
        samples.iter().step_by((samples.len() / 12).max(1)).map(|(t, r)| format!("{t}s:{}", r / 1024)).collect();
    println!("RSS over the run (MiB) {}", over.join(" "));
}
