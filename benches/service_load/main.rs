//! Load benchmark of `namestd-server` (see `benches/service_load/README.md`).
//!
//! 1. Generates a registry of N applicants (deterministic seed) from the real names in
//!    `data/eval/`: each applicant is a recombination of real name tokens plus a legal
//!    form and a country, written in 1-3 spellings (typos, case, punctuation, legal-form
//!    long/short swaps); written as CSV (`id,name,count,country`).
//! 2. Starts the release server on a free loopback port with that registry, times the
//!    index build (spawn to `/health/ready`) and reads its RSS (`/proc/<pid>/status`).
//! 3. Runs lookups at 1, 16 and 128 concurrent keep-alive clients (bounded request count
//!    and time each), then standardize requests, printing p50/p99 latency and requests/s.
//! 4. Stops the server it started.
//!
//! Usage: `service_load --server target/release/namestd-server [--n 1000000] [--seed 42]
//! [--out registry.csv] [--requests 20000] [--secs 30]`

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// (short, long) legal forms by country.
const FORMS: &[(&str, &str, &str)] = &[
    ("US", "Inc.", "Incorporated"),
    ("US", "Corp.", "Corporation"),
    ("US", "LLC", "Limited Liability Company"),
    ("DE", "GmbH", "Gesellschaft mit beschränkter Haftung"),
    ("DE", "AG", "Aktiengesellschaft"),
    ("GB", "Ltd", "Limited"),
    ("GB", "PLC", "Public Limited Company"),
    ("FR", "SA", "Société Anonyme"),
    ("NL", "B.V.", "Besloten Vennootschap"),
    ("JP", "K.K.", "Kabushiki Kaisha"),
    ("IT", "S.p.A.", "Società per Azioni"),
    ("SE", "AB", "Aktiebolag"),
];

const DROP: &[&str] = &[
    "inc",
    "corp",
    "corporation",
    "co",
    "company",
    "llc",
    "ltd",
    "limited",
    "gmbh",
    "ag",
    "sa",
    "bv",
    "nv",
    "plc",
    "kk",
    "spa",
    "ab",
    "incorporated",
    "the",
    "of",
    "and",
    "&",
];

/// Splits one CSV line (quotes, doubled quotes) on `sep`.
fn fields(line: &str, sep: char) -> Vec<String> {
    let (mut out, mut cur, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == sep && !quoted => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// The core tokens of every real name in `data/eval/`.
fn real_cores(root: &Path) -> Vec<Vec<String>> {
    let mut names = Vec::new();
    for (file, sep, col) in [
        ("nber-subset-assignees-benchmark-distinct-names.csv", ',', 1),
        ("patstat-leuven-distinct-names.csv", ',', 1),
        ("sec_foreign_issuers_2002_companies.csv", ';', 0),
    ] {
        let text = std::fs::read_to_string(root.join("data/eval").join(file)).expect("data/eval file");
        let skip = usize::from(sep == ',');
        for line in text.lines().skip(skip) {
            if let Some(n) = fields(line, sep).get(col) {
                names.push(n.clone());
            }
        }
    }
    let mut cores = Vec::new();
    for n in names {
        let toks: Vec<String> = n
            .split(|c: char| c.is_whitespace() || c == ',')
            .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|t| t.len() > 1 && !DROP.contains(&t.to_lowercase().replace('.', "").as_str()))
            .map(|t| {
                let mut c = t.chars();
                let first = c.next().map(|f| f.to_uppercase().collect::<String>()).unwrap_or_default();
                first + &c.as_str().to_lowercase()
            })
            .collect();
        if !toks.is_empty() {
            cores.push(toks);
        }
    }
    cores
}

fn typo(rng: &mut Rng, s: &str) -> String {
    let mut c: Vec<char> = s.chars().collect();
    let letters: Vec<usize> = (1..c.len().saturating_sub(1)).filter(|&i| c[i].is_alphabetic()).collect();
    if letters.is_empty() {
        return s.to_string();
    }
    let i = letters[rng.below(letters.len())];
    match rng.below(3) {
        0 => c.swap(i, i + 1),
        1 => {
            c.remove(i);
        }
        _ => c.insert(i, c[i]),
    }
    c.into_iter().collect()
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Writes the registry; returns (applicants, rows).
fn generate(root: &Path, n: usize, seed: u64, out: &Path) -> (usize, usize) {
    let cores = real_cores(root);
    let mut rng = Rng(seed | 1);
    let mut seen = HashSet::with_capacity(n);
    let mut w = std::io::BufWriter::new(std::fs::File::create(out).expect("create registry CSV"));
    writeln!(w, "id,name,count,country").unwrap();
    let (mut applicants, mut rows) = (0, 0);
    while applicants < n {
        let a = &cores[rng.below(cores.len())];
        let b = &cores[rng.below(cores.len())];
        let mut toks: Vec<&str> = a.iter().take(2).map(String::as_str).collect();
        toks.insert(rng.below(toks.len() + 1), b[rng.below(b.len())].as_str());
        let core = toks.join(" ");
        if !seen.insert(core.to_lowercase()) {
            continue;
        }
        let (country, short, long) = FORMS[rng.below(FORMS.len())];
        let id = format!("A{applicants:07}");
        let canonical = format!("{core} {short}");
        let mut spellings = vec![canonical.clone()];
        for _ in 0..rng.below(3) {
            let v = match rng.below(4) {
                0 => format!("{} {short}", typo(&mut rng, &core)),
                1 => canonical.to_uppercase(),
                2 => format!("{core}, {}", short.replace('.', "")),
                _ => format!("{core} {long}"),
            };
            if !spellings.contains(&v) {
                spellings.push(v);
            }
        }
        for (k, s) in spellings.iter().enumerate() {
            let count = if k == 0 { 3 } else { 1 };
            writeln!(w, "{id},{},{count},{country}", csv_field(s)).unwrap();
            rows += 1;
        }
        applicants += 1;
    }
    w.flush().unwrap();
    (applicants, rows)
}

/// Query names: every k-th spelling of the CSV, half of them with one more typo, some cut
/// to a prefix (type-ahead).
fn queries(csv: &Path, want: usize, seed: u64) -> Vec<String> {
    let text = std::fs::read_to_string(csv).expect("read registry CSV");
    let rows: Vec<&str> = text.lines().skip(1).collect();
    let step = (rows.len() / want).max(1);
    let mut rng = Rng(seed.wrapping_add(7) | 1);
    rows.iter()
        .step_by(step)
        .take(want)
        .filter_map(|l| fields(l, ',').get(1).cloned())
        .map(|n| match rng.below(4) {
            0 | 1 => typo(&mut rng, &n),
            2 => n.chars().take(n.chars().count() * 2 / 3).collect(),
            _ => n,
        })
        .collect()
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
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

    /// GET; returns the status (the body is read and dropped).
    fn get(&mut self, path: &str) -> std::io::Result<u16> {
        write!(self.r.get_mut(), "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n")?;
        let mut line = String::new();
        self.r.read_line(&mut line)?;
        let status: u16 = line.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let mut len = 0usize;
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
                if k.eq_ignore_ascii_case("content-length") {
                    len = v.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut body = vec![0; len];
        self.r.read_exact(&mut body)?;
        Ok(status)
    }
}

struct Run {
    latencies: Vec<Duration>,
    errors: usize,
    elapsed: Duration,
}

/// `clients` threads, each a keep-alive connection, share a budget of `requests` (and a
/// deadline of `secs`); request i asks `path(i)`.
fn load(
    port: u16,
    clients: usize,
    requests: usize,
    secs: u64,
    path: Arc<dyn Fn(usize) -> String + Send + Sync>,
) -> Run {
    let next = Arc::new(AtomicUsize::new(0));
    let deadline = Instant::now() + Duration::from_secs(secs);
    let t = Instant::now();
    let handles: Vec<_> = (0..clients)
        .map(|_| {
            let (next, path) = (next.clone(), path.clone());
            std::thread::spawn(move || {
                let (mut lat, mut errors) = (Vec::new(), 0);
                let mut conn = Conn::open(port).ok();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= requests || Instant::now() > deadline {
                        break;
                    }
                    let p = path(i);
                    let t0 = Instant::now();
                    let ok = match conn.as_mut().map(|c| c.get(&p)) {
                        Some(Ok(200)) => true,
                        Some(Ok(_)) => false,
                        _ => {
                            conn = Conn::open(port).ok();
                            false
                        }
                    };
                    if ok {
                        lat.push(t0.elapsed());
                    } else {
                        errors += 1;
                    }
                }
                (lat, errors)
            })
        })
        .collect();
    let mut run = Run { latencies: Vec::new(), errors: 0, elapsed: Duration::ZERO };
    for h in handles {
        let (l, e) = h.join().expect("client thread");
        run.latencies.extend(l);
        run.errors += e;
    }
    run.elapsed = t.elapsed();
    run.latencies.sort();
    run
}

fn pct(v: &[Duration], p: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let i = ((v.len() as f64 * p).ceil() as usize).clamp(1, v.len()) - 1;
    v[i].as_secs_f64() * 1000.0
}

fn report(what: &str, clients: usize, r: &Run) {
    println!(
        "| {what} | {clients} | {} | {} | {:.2} | {:.2} | {:.0} |",
        r.latencies.len(),
        r.errors,
        pct(&r.latencies, 0.50),
        pct(&r.latencies, 0.99),
        r.latencies.len() as f64 / r.elapsed.as_secs_f64()
    );
}

fn rss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1).cloned())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let server = PathBuf::from(arg(&args, "--server").expect("--server path/to/namestd-server"));
    let n: usize = arg(&args, "--n").map_or(1_000_000, |s| s.parse().expect("--n"));
    let seed: u64 = arg(&args, "--seed").map_or(42, |s| s.parse().expect("--seed"));
    let requests: usize = arg(&args, "--requests").map_or(20_000, |s| s.parse().expect("--requests"));
    let secs: u64 = arg(&args, "--secs").map_or(30, |s| s.parse().expect("--secs"));
    let out = PathBuf::from(arg(&args, "--out").unwrap_or_else(|| format!("/tmp/namestd-registry-{n}-{seed}.csv")));

    let index = arg(&args, "--index").map(PathBuf::from);

    let t = Instant::now();
    if args.iter().any(|a| a == "--reuse-registry") && out.exists() {
        println!("registry: reusing {}", out.display());
    } else {
        let (apps, rows) = generate(&root, n, seed, &out);
        println!(
            "registry: {apps} applicants, {rows} spellings -> {} ({:.1} s)",
            out.display(),
            t.elapsed().as_secs_f64()
        );
    }
    if args.iter().any(|a| a == "--generate-only") {
        return;
    }
    // With `--index PATH`: build the stored index once (`--write-index`, timed) unless the
    // file exists, then start the server on it (`--index`): the start-up is then a load.
    let source = match &index {
        Some(p) => {
            if !p.exists() {
                let t = Instant::now();
                let ok = Command::new(&server)
                    .arg("--registry")
                    .arg(&out)
                    .arg("--write-index")
                    .arg(p)
                    .status()
                    .expect("run namestd-server --write-index")
                    .success();
                assert!(ok, "namestd-server --write-index failed");
                println!("index built and written in {:.1} s", t.elapsed().as_secs_f64());
            }
            let size = std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
            println!("stored index {} ({} MB)", p.display(), size / 1_000_000);
            ("--index", p.clone())
        }
        None => ("--registry", out.clone()),
    };

    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let t = Instant::now();
    let child = Command::new(&server)
        .args(["--host", "127.0.0.1", "--port", &port.to_string(), "--log-requests", "false"])
        .args(["--max-in-flight", "1024", source.0])
        .arg(&source.1)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start namestd-server");
    let server = Server(child);
    let pid = server.0.id();
    loop {
        if let Ok(200) = Conn::open(port).and_then(|mut c| c.get("/health/ready")) {
            break;
        }
        assert!(t.elapsed() < Duration::from_secs(3600), "server not ready after an hour");
        std::thread::sleep(Duration::from_millis(100));
    }
    println!(
        "server ready after {:.1} s (spawn to /health/ready, {} {}); RSS {} MB",
        t.elapsed().as_secs_f64(),
        source.0,
        source.1.display(),
        rss_kb(pid) / 1024
    );

    let qs = Arc::new(queries(&out, 5000, seed));
    println!("\n| request | clients | ok | errors | p50 ms | p99 ms | req/s |\n|---|---|---|---|---|---|---|");
    // `--only lookup` or `--only standardize` runs one kind of request (for profiling).
    let only = arg(&args, "--only");
    let lookups: &[usize] = if only.as_deref() == Some("standardize") { &[] } else { &[1, 16, 128] };
    for &clients in lookups {
        let q = qs.clone();
        let budget = if clients == 1 { requests / 4 } else { requests };
        let r = load(
            port,
            clients,
            budget,
            secs,
            Arc::new(move |i| format!("/v1/applicants/lookup?limit=5&name={}", enc(&q[i % q.len()]))),
        );
        report("GET /v1/applicants/lookup", clients, &r);
    }
    let q = qs.clone();
    if only.as_deref() == Some("lookup") {
        println!("\nserver RSS after the load: {} MB", rss_kb(pid) / 1024);
        return;
    }
    let r = load(
        port,
        16,
        requests * 5,
        secs,
        Arc::new(move |i| format!("/v1/names/standardize?name={}", enc(&q[i % q.len()]))),
    );
    report("GET /v1/names/standardize", 16, &r);
    println!("\nserver RSS after the load: {} MB", rss_kb(pid) / 1024);
    drop(server);
}
