//! The HTML report in a real browser: a realistic [`ReportData`] (a few hundred records'
//! worth of counts, names with markup, Japanese and Arabic) rendered, written to a file,
//! opened in headless Chromium; its DOM dumped (the charts are SVG elements, no `<script>`
//! element exists, the hostile name stayed text) and a screenshot taken (a real PNG).
//!
//! Needs Debian's Chromium (`bash scripts/install-chromium.sh`; `scripts/test.sh` runs it
//! first). Without it the test fails and says so. `NAMESTD_CHROMIUM` names another binary.

use namestd_cli::report::{
    render_html, render_text_summary, score_bin, ClusterView, IssueCount, LegalFormCount, RecordView, ReportData,
};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const EVIL: &str = "<script>alert(1)</script> Evil & \"Sons\" Ltd";

/// A small deterministic generator (no dependency), so the data is the same every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// A report as `namestd run` would fill it for a table of 480 rows.
fn realistic() -> ReportData {
    let mut rng = Lcg(42);
    let mut d = ReportData {
        title: "Applicant table: quality and clusters".into(),
        input: "applicants-2026-q3.csv".into(),
        generated: "2026-11-21 07:30:00 UTC".into(),
        elapsed_secs: 3.74,
        rows: 480,
        rejected_rows: 4,
        distinct_names: 352,
        clusters: Some(231),
        organizations: 371,
        persons: 96,
        unknown_kind: 9,
        ..Default::default()
    };
    // Scores: most rows good, a tail of poor and bad ones.
    let mut bands = [0u64; 4];
    for _ in 0..476 {
        let score = match rng.next(100) {
            0..=54 => 90 + rng.next(11),
            55..=79 => 70 + rng.next(20),
            80..=91 => 50 + rng.next(20),
            _ => rng.next(50),
        } as u8;
        d.add_score(score);
        bands[match score {
            90.. => 0,
            70..=89 => 1,
            50..=69 => 2,
            _ => 3,
        }] += 1;
        assert!(score_bin(score) < 10);
    }
    d.score_bands = ["good ≥ 90", "fair 70–89", "poor 50–69", "bad < 50"]
        .iter()
        .zip(bands)
        .map(|(l, n)| (l.to_string(), n))
        .collect();
    let codes = [
        ("case.allCaps", "info", "The name is written in capitals only.", 212),
        ("legalForm.missing", "warning", "An organization without its legal form.", 64),
        ("person.notSplit", "warning", "A person's name is not split into family and given names.", 51),
        ("chars.whitespace", "info", "Spaces at either end, doubled spaces or odd spaces.", 37),
        ("address.postcode", "warning", "A postcode or city after the name.", 22),
        ("legalForm.duplicated", "warning", "The same legal form written twice.", 19),
        ("entity.branch", "warning", "A branch, plant or office is named.", 14),
        ("applicant.multiple", "error", "Several applicants in one field.", 11),
        ("punctuation.junk", "info", "Punctuation junk at the start or end.", 9),
        ("name.placeholder", "error", "The name is a placeholder.", 6),
        ("contact.careOf", "warning", "Care-of or attention text in the name.", 5),
        ("chars.mojibake", "warning", "UTF-8 read as Latin-1.", 4),
        ("script.latinOnly", "info", "Latin only where the country writes another script.", 4),
        ("country.invalid", "error", "The country code is not ISO 3166-1 alpha-2.", 3),
        ("legalForm.misspelled", "warning", "A legal form one or two edits away.", 3),
        ("chars.htmlEntity", "warning", "HTML entities in the name.", 2),
        ("address.street", "warning", "A street address after the name.", 2),
        ("kind.conflict", "warning", "Kind and name disagree.", 2),
        ("contact.email", "warning", "An e-mail address in the name.", 1),
        ("chars.replacement", "error", "U+FFFD in the name.", 1),
        ("person.reversed", "warning", "Family and given names swapped.", 1),
        ("script.mixed", "warning", "Words in different scripts.", 1),
        ("case.allLower", "warning", "Small letters only.", 1),
        ("name.tooLong", "warning", "The name is too long.", 1),
        ("contact.url", "warning", "A web address in the name.", 1),
        ("entity.department", "warning", "A department is named.", 1),
        ("country.format", "info", "Country code in small letters.", 1),
        ("<script>bad.code</script>", "error", "A code <b>with markup</b>.", 1),
    ];
    d.issues_by_code = codes
        .iter()
        .map(|(code, sev, desc, rows)| IssueCount {
            code: code.to_string(),
            severity: sev.to_string(),
            description: desc.to_string(),
            rows: *rows,
        })
        .collect();
    d.cluster_sizes = vec![(1, 170), (2, 34), (3, 12), (4, 6), (5, 3), (7, 3), (9, 1), (14, 1), (60, 1)];
    let forms = [
        ("NL", "BV", "LLC", 88),
        ("NL", "NV", "PLC", 41),
        ("DE", "GMBH", "LLC", 57),
        ("DE", "AG", "PLC", 23),
        ("DE", "GMBH & CO KG", "LP", 8),
        ("JP", "KK", "JSC", 31),
        ("JP", "株式会社", "JSC", 12),
        ("US", "INC", "CORP", 29),
        ("US", "LLC", "LLC", 11),
        ("GB", "LTD", "LLC", 18),
        ("GB", "PLC", "PLC", 4),
        ("FR", "SA", "JSC", 9),
        ("FR", "SAS", "JSC", 7),
        ("SA", "ش.م.م", "LLC", 3),
        ("", "LTD", "LLC", 6),
        ("", "<i>SA</i>", "JSC", 1),
    ];
    d.legal_forms_by_country = forms
        .iter()
        .map(|(c, f, g, n)| LegalFormCount {
            country: c.to_string(),
            form: f.to_string(),
            generic: g.to_string(),
            rows: *n,
        })
        .collect();
    d.largest_clusters = vec![
        ClusterView {
            cluster_id: "c-7f3a91".into(),
            canonical: "Koninklijke Philips N.V.".into(),
            rows: 64,
            variants: vec![
                ("KONINKLIJKE PHILIPS ELECTRONICS N.V.".into(), 22),
                ("Koninklijke Philips N.V.".into(), 18),
                ("Philips Electronics N.V. (NL)".into(), 9),
                ("KONINKLIJKE PHILIPS N.V.".into(), 6),
                ("Koninklijke Philips Electronics NV".into(), 4),
                ("Philips Intellectual Property & Standards".into(), 2),
                ("KONINKLIJKE PHILIPS ELECTRONICS N.V. N.V.".into(), 1),
                ("Koninklijke Philps Electronics".into(), 1),
                ("Philips Electronics Nederland B.V.".into(), 1),
            ],
        },
        ClusterView {
            cluster_id: "c-1b22e0".into(),
            canonical: "トヨタ自動車株式会社".into(),
            rows: 14,
            variants: vec![
                ("トヨタ自動車株式会社".into(), 8),
                ("Toyota Jidosha Kabushiki Kaisha".into(), 4),
                ("TOYOTA JIDOSHA KK".into(), 2),
            ],
        },
        ClusterView {
            cluster_id: "c-90aa4c".into(),
            canonical: "شركة الزيت العربية السعودية".into(),
            rows: 9,
            variants: vec![("شركة الزيت العربية السعودية".into(), 5), ("Saudi Arabian Oil Company".into(), 4)],
        },
        ClusterView {
            cluster_id: "c-3c61f2".into(),
            canonical: "Siemens Aktiengesellschaft".into(),
            rows: 7,
            variants: vec![
                ("SIEMENS AG".into(), 4),
                ("Siemens AG AG, Werk Erlangen".into(), 2),
                ("Siemens Aktiengesellschaft".into(), 1),
            ],
        },
        ClusterView {
            cluster_id: "c-5e0d17".into(),
            canonical: EVIL.into(),
            rows: 3,
            variants: vec![(EVIL.into(), 2), ("Evil and Sons Ltd".into(), 1)],
        },
    ];
    d.worst_records = vec![
        RecordView {
            line: 118,
            name: "N/A".into(),
            score: 0,
            issues: vec![("name.placeholder".into(), "The name is a placeholder (`N/A`).".into())],
        },
        RecordView {
            line: 37,
            name: EVIL.into(),
            score: 12,
            issues: vec![
                ("punctuation.unbalanced".into(), "A bracket without its partner: <script>.".into()),
                ("case.allCaps".into(), "Capitals only.".into()),
            ],
        },
        RecordView {
            line: 204,
            name: "Foo GmbH; Bar Ltd c/o Baz & Partner, Hauptstraße 12, 80333 München".into(),
            score: 19,
            issues: vec![
                ("applicant.multiple".into(), "Two applicants in one field: `Foo GmbH` and `Bar Ltd`.".into()),
                ("contact.careOf".into(), "Care-of text: `c/o Baz & Partner`.".into()),
                ("address.street".into(), "A street address: `Hauptstraße 12`.".into()),
                ("address.postcode".into(), "A postcode: `80333 München`.".into()),
            ],
        },
        RecordView {
            line: 311,
            name: "شركة أرامكو السعودية ش.م.م ش.م.م".into(),
            score: 41,
            issues: vec![("legalForm.duplicated".into(), "The legal form `ش.م.م` is written twice.".into())],
        },
        RecordView {
            line: 402,
            name: "トヨタ自動車株式会社（株）".into(),
            score: 48,
            issues: vec![(
                "legalForm.duplicated".into(),
                "The legal form is written twice (`株式会社`, `（株）`).".into(),
            )],
        },
        RecordView {
            line: 77,
            name: format!("Very Long Name {}", "Holding ".repeat(60)),
            score: 55,
            issues: vec![("name.tooLong".into(), "The name is longer than 200 characters.".into())],
        },
    ];
    d.errors = vec![
        (12, "invalid UTF-8 in column `name`".into()),
        (88, "the name column is empty".into()),
        (301, "unterminated quote <script>alert(2)</script>".into()),
        (455, "row has 3 fields, the header 5".into()),
    ];
    d
}

fn chromium() -> PathBuf {
    let p = PathBuf::from(std::env::var("NAMESTD_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()));
    assert!(
        p.exists(),
        "{} not found: the browser test of the HTML report needs Chromium; run `bash scripts/install-chromium.sh`",
        p.display()
    );
    p
}

/// Runs headless Chromium on a file with extra flags and a fresh profile; returns stdout.
fn run_chromium(file: &Path, extra: &[String], profile: &Path) -> String {
    let _ = std::fs::remove_dir_all(profile);
    std::fs::create_dir_all(profile).unwrap();
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
        "--no-proxy-server",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .args(extra)
    .arg(format!("file://{}", file.display()))
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("chromium starts");
    // Drain both pipes while waiting: a DOM larger than the pipe buffer would block chromium.
    let drain = |r: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut r) = r {
                let _ = r.read_to_end(&mut buf);
            }
            buf
        })
    };
    let stdout = drain(child.stdout.take().map(|r| Box::new(r) as Box<dyn Read + Send>));
    let stderr = drain(child.stderr.take().map(|r| Box::new(r) as Box<dyn Read + Send>));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for chromium") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 90 s on {}", file.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stdout = stdout.join().expect("stdout reader");
    let stderr = stderr.join().expect("stderr reader");
    assert!(status.success(), "chromium failed ({status}): {}", String::from_utf8_lossy(&stderr));
    String::from_utf8_lossy(&stdout).into_owned()
}

#[test]
fn report_renders_in_chromium_with_charts_and_no_script() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-test");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let data = realistic();
    let html = render_html(&data);
    let file = dir.join("report.html");
    std::fs::write(&file, &html).unwrap();

    // The DOM as the browser built it.
    let dom = run_chromium(&file, &["--dump-dom".into()], &dir.join("profile-dom"));
    assert!(dom.contains("<title>Applicant table: quality and clusters</title>"), "title missing: {dom}");
    for id in ["chart-bands", "chart-scores", "chart-cluster-sizes", "chart-issues", "chart-legal-forms"] {
        assert!(
            dom.contains(&format!("<svg class=\"chart\" id=\"{id}\" role=\"img\"")),
            "SVG chart {id} not in the DOM"
        );
    }
    assert!(dom.matches("<rect ").count() > 50, "the charts have too few bars");
    assert!(!dom.contains("<script"), "a <script> element exists in the DOM");
    assert!(!dom.contains("<b>with markup"), "markup from a description became an element");
    assert!(!dom.contains("<i>SA</i>"), "markup from a legal form became an element");
    assert!(
        dom.contains("&lt;script&gt;alert(1)&lt;/script&gt; Evil &amp; \"Sons\" Ltd"),
        "the hostile name is not shown as text"
    );
    assert!(
        dom.contains("トヨタ自動車株式会社") && dom.contains("شركة الزيت العربية السعودية"),
        "non-Latin names lost"
    );
    assert!(dom.contains("Holding Holding") && !dom.contains(&"Holding ".repeat(40)), "long name not cut");
    // Numbers on the bars and in the summary.
    for n in [">480<", ">352<", ">231<", ">212<", ">170<", ">88<"] {
        assert!(dom.contains(n), "{n} missing from the DOM");
    }

    // The picture.
    let shot = dir.join("report.png");
    run_chromium(
        &file,
        &[format!("--screenshot={}", shot.display()), "--window-size=1280,4000".into()],
        &dir.join("profile-shot"),
    );
    let png = std::fs::read(&shot).unwrap_or_else(|e| panic!("no screenshot at {}: {e}", shot.display()));
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "the screenshot is not a PNG");
    assert!(png.len() > 50_000, "a screenshot of {} bytes is suspiciously small", png.len());
    // IHDR: width and height as asked.
    let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!((w, h), (1280, 4000), "screenshot size");
    eprintln!("report: {}\nscreenshot: {}", file.display(), shot.display());

    // The terminal summary of the same data.
    let text = render_text_summary(&data);
    assert!(
        text.contains("applicants-2026-q3.csv") && text.contains("case.allCaps") && text.contains("3.74 s"),
        "{text}"
    );
}
