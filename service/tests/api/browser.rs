//! The filing-assist page at `/` in headless Chromium against the real server: the page
//! pre-filled through `/?name=...`, its rendered DOM dumped and checked (standard form,
//! legal form, quality findings, names from the request kept as text), and a screenshot;
//! and driven through ChromeDriver (a few WebDriver commands over raw HTTP): a name typed
//! into the field shows its findings, fix and standard form.
//!
//! Needs Debian's Chromium and ChromeDriver (`scripts/install-chromium.sh`; `.ci/run` calls
//! it). Without them the tests fail and say so. `NAMESTD_CHROMIUM`, `NAMESTD_CHROMEDRIVER`
//! name other binaries.

use crate::helpers::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn chromium() -> PathBuf {
    let p = PathBuf::from(std::env::var("NAMESTD_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()));
    assert!(
        p.exists(),
        "{} not found: the browser test of the filing page needs Chromium; run scripts/install-chromium.sh",
        p.display()
    );
    p
}

/// Runs headless Chromium on a URL with extra flags and a fresh profile; returns stdout.
fn run_chromium(url: &str, extra: &[String], profile: &Path) -> String {
    let mut cmd = Command::new(chromium());
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        // Loopback only: no proxy, whatever the environment says.
        "--no-proxy-server",
        // The page fetches the API once on load; virtual time waits for the answers.
        "--virtual-time-budget=10000",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .args(extra)
    .arg(url)
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("chromium starts");
    let started = Instant::now();
    loop {
        if child.try_wait().expect("wait for chromium").is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 90 s on {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().expect("chromium output");
    assert!(out.status.success(), "chromium failed ({}): {}", out.status, String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn profile(name: &str) -> PathBuf {
    let d = temp_path(&format!("chromium-profile-{name}"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn browser_filing_page_renders_standard_form_issues_and_screenshot() {
    let p = shared();
    let url = format!("http://127.0.0.1:{p}/?name={}&countryCode=NL", enc("Koninklijke Philips Electronics N.V. N.V."));
    let dom = run_chromium(&url, &["--dump-dom".into()], &profile("dom"));
    assert!(dom.contains("KONINKLIJKE PHILIPS ELECTRONICS NV"), "standard form missing from the page: {dom}");
    assert!(dom.contains("N.V. → NV"), "legal form missing from the page: {dom}");
    assert!(dom.contains("legalForm.duplicated"), "the duplicated legal form finding is missing: {dom}");
    assert!(
        dom.contains(r#"<strong class="fixname">Koninklijke Philips Electronics N.V.</strong>"#),
        "the suggested fix is missing: {dom}"
    );
    assert!(dom.contains("<mark>N.V.</mark>"), "the span of the finding is not marked: {dom}");
    assert!(dom.contains("/ 100"), "the score is missing: {dom}");

    let shot = temp_path("filing-page.png");
    let _ = std::fs::remove_file(&shot);
    run_chromium(
        &url,
        &[format!("--screenshot={}", shot.display()), "--window-size=1280,900".into()],
        &profile("shot"),
    );
    let png = std::fs::read(&shot).unwrap_or_else(|e| panic!("no screenshot at {}: {e}", shot.display()));
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    assert!(png.len() > 20_000, "screenshot of {} bytes is suspiciously small", png.len());
    eprintln!("screenshot: {}", shot.display());
}

#[test]
fn browser_names_with_html_stay_text() {
    let p = shared();
    let evil = "<img src=x onerror=\"document.title='pwned'\"><b>Acme</b> GmbH";
    let url = format!("http://127.0.0.1:{p}/?name={}&countryCode=DE", enc(evil));
    let dom = run_chromium(&url, &["--dump-dom".into()], &profile("xss"));
    // The page rendered the answer (the standard form holds the name's text)...
    assert!(dom.contains("GMBH"), "the page did not render the answer: {dom}");
    // ...and nothing from the name became markup.
    assert!(!dom.contains("<img src=\"x\""), "a name's <img> became an element: {dom}");
    assert!(!dom.contains("<b>Acme</b>"), "a name's <b> became an element: {dom}");
    assert!(!dom.contains("<title>pwned"), "the name's script ran: {dom}");
    assert!(dom.contains("&lt;img") || dom.contains("&lt;b&gt;"), "the name's markup should show as text: {dom}");
}

/// ChromeDriver on a free port, killed (by its own handle) when dropped.
struct Driver {
    child: std::process::Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One WebDriver command; reads the answer by its Content-Length (ChromeDriver keeps the
/// connection open whatever `Connection: close` says).
fn webdriver(port: u16, method: &str, path: &str, body: &serde_json::Value) -> serde_json::Value {
    use std::io::{BufRead, BufReader, Read, Write};
    let b = if method == "GET" || method == "DELETE" { String::new() } else { body.to_string() };
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{b}",
        b.len()
    )
    .unwrap();
    let mut r = BufReader::new(s);
    let (mut line, mut status, mut len) = (String::new(), 0u16, 0usize);
    r.read_line(&mut line).unwrap();
    if let Some(code) = line.split(' ').nth(1) {
        status = code.parse().unwrap_or(0);
    }
    loop {
        line.clear();
        r.read_line(&mut line).unwrap();
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
    r.read_exact(&mut body).unwrap();
    let text = String::from_utf8_lossy(&body);
    assert_eq!(status, 200, "webdriver {method} {path}: {text}");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("webdriver {path}: {e}: {text}"));
    v["value"].clone()
}

#[test]
fn browser_typing_a_name_shows_issues_with_fixes() {
    let _ = chromium();
    let driver = std::env::var("NAMESTD_CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    assert!(
        Path::new(&driver).exists(),
        "{driver} not found: the browser test needs ChromeDriver; run scripts/install-chromium.sh"
    );
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(&driver)
        .arg(format!("--port={port}"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let d = Driver { child, port };
    let t = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", d.port)).is_err() {
        assert!(t.elapsed() < Duration::from_secs(20), "chromedriver did not listen");
        std::thread::sleep(Duration::from_millis(50));
    }
    let prof = profile("webdriver");
    let caps = serde_json::json!({"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
        "binary": chromium().display().to_string(),
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--no-proxy-server", "--window-size=1280,900",
                 format!("--user-data-dir={}", prof.display())]
    }}}});
    let session = webdriver(d.port, "POST", "/session", &caps);
    let sid = session["sessionId"].as_str().expect("session id").to_string();
    let s = format!("/session/{sid}");
    let app = shared();
    webdriver(d.port, "POST", &format!("{s}/url"), &serde_json::json!({"url": format!("http://127.0.0.1:{app}/")}));
    let el = webdriver(
        d.port,
        "POST",
        &format!("{s}/element"),
        &serde_json::json!({"using": "css selector", "value": "#name"}),
    );
    let eid = el["element-6066-11e4-a52e-4f735466cecf"].as_str().expect("element id").to_string();
    webdriver(d.port, "POST", &format!("{s}/element/{eid}/value"), &serde_json::json!({"text": "Siemens AG AG"}));
    let script = serde_json::json!({"script": "return [document.getElementById('issues').textContent, document.getElementById('std').textContent]", "args": []});
    let t = Instant::now();
    let (issues, std) = loop {
        let v = webdriver(d.port, "POST", &format!("{s}/execute/sync"), &script);
        let (i, st) = (v[0].as_str().unwrap_or("").to_string(), v[1].as_str().unwrap_or("").to_string());
        if i.contains("legalForm.duplicated") || t.elapsed() > Duration::from_secs(20) {
            break (i, st);
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    webdriver(d.port, "DELETE", &s, &serde_json::json!({}));
    assert!(issues.contains("legalForm.duplicated"), "typing did not show the finding: {issues}");
    assert!(issues.contains("Fix: Siemens AG"), "the fix is missing: {issues}");
    assert!(std.contains("SIEMENS AG"), "the standard form is missing: {std}");
}
