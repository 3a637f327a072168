//! Test helpers: the real server on port 0 in its own thread, and a small HTTP/1.1 client.

use namestd::lookup::LookupIndex;
use namestd_service::state::LoadedIndex;
use namestd_service::{Application, IndexSource, Settings};
use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{mpsc, OnceLock};
use std::time::Duration;

/// A running server.
pub struct TestApp {
    pub port: u16,
    pub handle: actix_web::dev::ServerHandle,
    pub thread: Option<std::thread::JoinHandle<()>>,
}

/// Settings for tests: port 0, no request logs.
pub fn settings() -> Settings {
    Settings { port: 0, log_requests: false, workers: 2, shutdown_timeout_secs: 2, ..Settings::default() }
}

/// Starts a server; `index` None = as the settings say (built by `Application::build`),
/// Some(None) = no index, Some(Some(i)) = this index.
pub fn spawn(settings: Settings, index: Option<Option<LoadedIndex>>) -> TestApp {
    let (tx, rx) = mpsc::channel();
    let thread = std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let app = match index {
                None => Application::build(settings).expect("server builds"),
                Some(i) => Application::build_with_index(settings, i).expect("server builds"),
            };
            tx.send((app.port(), app.handle())).unwrap();
            app.run_until_stopped().await.unwrap();
        })
    });
    let (port, handle) = rx.recv().expect("server started");
    TestApp { port, handle, thread: Some(thread) }
}

/// An index from registry CSV text.
pub fn loaded(csv: &str) -> LoadedIndex {
    LoadedIndex { index: LookupIndex::from_csv(csv).unwrap(), source: "test".into(), loaded_at: 0, load_ms: 0 }
}

/// The shared server on the embedded registry (built once per test run).
pub fn shared() -> u16 {
    static PORT: OnceLock<u16> = OnceLock::new();
    *PORT.get_or_init(|| {
        let app = spawn(Settings { max_batch: 20, ..settings() }, None);
        let port = app.port;
        std::mem::forget(app);
        port
    })
}

/// A response.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    /// A header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    /// Checks the status and the error body; returns the body.
    pub fn error(&self, status: u16, code: &str) -> Value {
        assert_eq!(self.status, status, "{}", self.text());
        let b = self.json();
        assert_eq!(b["status"], status, "{b}");
        assert_eq!(b["code"], code, "{b}");
        assert!(b["message"].as_str().is_some_and(|m| !m.is_empty()), "{b}");
        assert!(b["details"].is_array(), "{b}");
        assert_eq!(b["requestId"].as_str(), self.header("x-request-id"), "{b}");
        b
    }
}

/// Sends one request (HTTP/1.1, `Connection: close`).
pub fn request(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Resp {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() || method == "POST" {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    // A server may answer before reading a large body (413) and close: ignore write errors.
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    parse(&raw)
}

/// Writes raw bytes (a hand-made request, possibly malformed or incomplete), waits
/// `pause`, writes `more`, and reads what comes back until the server closes or
/// `read_for` passes; None when nothing came back.
pub fn raw(port: u16, bytes: &[u8], pause: Duration, more: &[u8], read_for: Duration) -> Option<Resp> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(read_for)).unwrap();
    let _ = s.write_all(bytes);
    std::thread::sleep(pause);
    let _ = s.write_all(more);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    (raw.windows(4).any(|w| w == b"\r\n\r\n")).then(|| parse(&raw))
}

fn parse(raw: &[u8]) -> Resp {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("response head");
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status: u16 = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    if headers.iter().any(|(k, v)| k == "transfer-encoding" && v.contains("chunked")) {
        let mut out = Vec::new();
        let mut rest = &body[..];
        while let Some(nl) = rest.windows(2).position(|w| w == b"\r\n") {
            let size = usize::from_str_radix(String::from_utf8_lossy(&rest[..nl]).trim(), 16).unwrap_or(0);
            if size == 0 {
                break;
            }
            out.extend_from_slice(&rest[nl + 2..nl + 2 + size]);
            rest = &rest[nl + 2 + size + 2..];
        }
        body = out;
    }
    Resp { status, headers, body }
}

/// GET.
pub fn get(port: u16, path: &str) -> Resp {
    request(port, "GET", path, &[], b"")
}

/// POST JSON.
pub fn post_json(port: u16, path: &str, body: &Value) -> Resp {
    request(port, "POST", path, &[("Content-Type", "application/json")], body.to_string().as_bytes())
}

/// POST a form.
pub fn post_form(port: u16, path: &str, fields: &[(&str, &str)]) -> Resp {
    let body: Vec<String> = fields.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect();
    request(port, "POST", path, &[("Content-Type", "application/x-www-form-urlencoded")], body.join("&").as_bytes())
}

/// Percent-encodes for a query string or form.
pub fn enc(s: &str) -> String {
    let mut o = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            o.push(b as char);
        } else {
            o.push_str(&format!("%{b:02X}"));
        }
    }
    o
}

/// Settings with a registry file.
pub fn with_registry(path: &std::path::Path) -> Settings {
    Settings { index: IndexSource::RegistryCsv(path.to_path_buf()), ..settings() }
}

/// A fresh temp file path.
pub fn temp_path(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("namestd-service-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Stops a server gracefully and waits for its thread.
pub fn stop(mut app: TestApp) {
    actix_web::rt::System::new().block_on(app.handle.stop(true));
    if let Some(t) = app.thread.take() {
        t.join().unwrap();
    }
}

/// Opens a request whose body is not sent yet: it holds an in-flight slot until
/// `finish` sends the rest.
pub struct Held {
    s: TcpStream,
}

impl Held {
    pub fn open(port: u16) -> Held {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        let body = br#"{"name":"Acme Widgets GmbH"}"#;
        write!(
            s,
            "POST /v1/names/standardize HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{{",
            body.len()
        )
        .unwrap();
        s.flush().unwrap();
        Held { s }
    }

    pub fn finish(mut self) -> u16 {
        let body = br#"{"name":"Acme Widgets GmbH"}"#;
        self.s.write_all(&body[1..]).unwrap();
        let mut raw = Vec::new();
        let _ = self.s.read_to_end(&mut raw);
        let head = String::from_utf8_lossy(&raw);
        head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
    }
}

/// Waits (at most 30 s) until the server reports `n` requests in flight (the metrics
/// route is outside the limit), so that a test that holds slots probes only once they
/// are held.
pub fn wait_in_flight(port: u16, n: usize) {
    let want = format!("namestd_http_requests_in_flight {n}\n");
    let end = std::time::Instant::now() + Duration::from_secs(30);
    while std::time::Instant::now() < end {
        if get(port, "/metrics").text().contains(&want) {
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("the server never had {n} requests in flight");
}
