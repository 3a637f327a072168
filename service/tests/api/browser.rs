//! The filing-assist page at `/` in headless Chromium against the real server: the page
//! pre-filled through `/?name=...`, its rendered DOM dumped and checked (standard form,
//! legal form, quality findings, names from the request kept as text), and a screenshot.
//!
//! Needs Debian's Chromium (`scripts/install-chromium.sh`; `.ci/run` calls it). Without
//! it the test fails and says so. `NAMESTD_CHROMIUM` names another binary.

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
