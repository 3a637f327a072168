//! The batch tool end to end: the real `namestd` binary on the files in `data/batch/`, every
//! format, every bad-input case, row counts in = out, exit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn data(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join("data").join("batch").join(rel)
}

fn namestd(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_namestd")).args(args).output().expect("the namestd binary runs")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// A fresh temporary folder per test.
fn temp(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("namestd-batch-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Rows of a CSV file, header first.
fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_path(path).expect("CSV output");
    rdr.records().map(|r| r.expect("CSV row").iter().map(str::to_string).collect()).collect()
}

fn column(rows: &[Vec<String>], name: &str) -> Vec<String> {
    let i = rows[0].iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name} in {:?}", rows[0]));
    rows[1..].iter().map(|r| r[i].clone()).collect()
}

/// Data rows of the sample table (the header excluded).
fn sample_rows() -> usize {
    read_csv(&data("applicants.csv")).len() - 1
}

#[test]
fn run_adds_standard_quality_and_cluster_columns_and_keeps_every_row_and_column() {
    let dir = temp("run");
    let out = dir.join("out.csv");
    let report = dir.join("report.html");
    let o = namestd(&["run", s(&data("applicants.csv")), "-o", s(&out), "--report", s(&report), "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = read_csv(&out);
    assert_eq!(rows.len() - 1, sample_rows(), "row count in = row count out");
    assert_eq!(&rows[0][..3], ["id", "name", "country"], "the input's columns first, in order");
    for c in [
        "standard_name",
        "legal_form",
        "quality_score",
        "quality_issues",
        "cluster_id",
        "cluster_name",
        "input_problem",
    ] {
        assert!(rows[0].contains(&c.to_string()), "column {c} in {:?}", rows[0]);
    }
    let names = column(&rows, "name");
    let forms = column(&rows, "legal_form");
    let clusters = column(&rows, "cluster_id");
    let at = |n: &str| names.iter().position(|x| x == n).unwrap_or_else(|| panic!("row {n}"));
    assert_eq!(forms[at("* AKZO NOBEL N.V.")], "NV");
    // Variants of one applicant share a cluster.
    let (a, b) = (at("* AKZO NOBEL N.V."), at("AKZO NOBEL NV"));
    assert_eq!(clusters[a], clusters[b]);
    let scores = column(&rows, "quality_score");
    assert!(scores.iter().all(|x| x.parse::<u8>().is_ok_and(|v| v <= 100)), "scores are 0-100");
    let html = std::fs::read_to_string(&report).expect("report written");
    assert!(html.contains("<svg") && html.contains("AKZO"), "the report has charts and names");
    std::fs::remove_dir_all(&dir).ok();
}

/// Reads `out` again and writes it as CSV to `back`, adding the columns `again_name_kind`
/// and `again_input_problem` (a second pass, to check the first pass's output reads).
fn back_to_csv(out: &Path, back: &Path) -> Output {
    namestd(&["standardize", s(out), "-o", s(back), "--quiet", "--columns", "name_kind", "--prefix", "again_"])
}

#[test]
fn every_format_reads_and_writes_with_the_same_rows() {
    let dir = temp("formats");
    let csv_in = data("applicants.csv");
    let mut previous: Option<PathBuf> = None;
    // CSV → each format → back to CSV: the same rows and the same standard names.
    for ext in ["tsv", "parquet", "ndjson", "arrow", "csv"] {
        let out = dir.join(format!("out.{ext}"));
        let input = previous.clone().unwrap_or_else(|| csv_in.clone());
        let o = namestd(&[
            "standardize",
            s(&input),
            "-o",
            s(&out),
            "--quiet",
            "--columns",
            "standard_name",
            "--prefix",
            ext,
        ]);
        assert!(o.status.success(), "{ext}: {}", stderr(&o));
        let back = dir.join(format!("back-{ext}.csv"));
        let o = back_to_csv(&out, &back);
        assert!(o.status.success(), "{ext} → csv: {}", stderr(&o));
        let rows = read_csv(&back);
        assert_eq!(rows.len() - 1, sample_rows(), "{ext}: row count");
        let standard = column(&rows, &format!("{ext}standard_name"));
        assert!(standard.iter().filter(|x| !x.is_empty()).count() > sample_rows() * 9 / 10, "{ext}: standard names");
        assert_eq!(column(&rows, "id"), column(&read_csv(&csv_in), "id"), "{ext}: ids in order");
        previous = Some(out);
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn stdin_and_stdout_work_and_a_closed_pipe_is_not_an_error() {
    let input = std::fs::read(data("applicants.csv")).expect("sample");
    let mut child = Command::new(env!("CARGO_BIN_EXE_namestd"))
        .args(["standardize", "-", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(&input).expect("write stdin");
    }
    let o = child.wait_with_output().expect("wait");
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).expect("utf-8 CSV on stdout");
    assert_eq!(text.lines().next().map(|h| h.starts_with("id,name,country,standard_name")), Some(true));

    // `namestd ... | head -1`: the reader goes away; exit code 0, no error message.
    let o = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "'{}' standardize '{}' --quiet | head -c 10 >/dev/null; echo \"${{PIPESTATUS[0]}}\"",
            env!("CARGO_BIN_EXE_namestd"),
            s(&data("applicants.csv"))
        ))
        .output()
        .expect("bash");
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "0", "exit code of namestd");
    assert!(!String::from_utf8_lossy(&o.stderr).contains("error"), "{}", stderr(&o));
}

#[test]
fn a_closed_pipe_is_not_an_error_in_any_format() {
    // `namestd ... -o - --to FORMAT | head -c 100`: exit code 0 and no message, whatever
    // the encoder was writing when the reader went away (the cut in a Parquet footer, which
    // polars reports as a thrift error, is covered by the unit test in `output.rs`).
    for format in ["parquet", "ipc", "ndjson", "tsv"] {
        let o = Command::new("bash")
            .arg("-c")
            .arg(format!(
                "'{}' standardize '{}' -o - --to {format} --quiet | head -c 100 >/dev/null; echo \"${{PIPESTATUS[0]}}\"",
                env!("CARGO_BIN_EXE_namestd"),
                s(&data("applicants.csv"))
            ))
            .output()
            .expect("bash");
        assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "0", "exit code of namestd, {format}: {}", stderr(&o));
        assert!(o.stderr.is_empty(), "{format}: {}", stderr(&o));
    }
}

#[test]
fn a_missing_column_is_named_with_the_columns_there_are() {
    let o = namestd(&["standardize", s(&data("applicants.csv")), "--name-col", "applicant_nam"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("`applicant_nam`") && e.contains("id, name, country"), "{e}");
}

#[test]
fn an_empty_file_is_an_error_and_a_header_only_file_gives_a_header_only_output() {
    let o = namestd(&["standardize", s(&data("bad/empty.csv"))]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is empty"), "{}", stderr(&o));
    let dir = temp("header-only");
    for ext in ["csv", "parquet"] {
        let out = dir.join(format!("out.{ext}"));
        let o = namestd(&["standardize", s(&data("bad/header-only.csv")), "-o", s(&out), "--quiet"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let back = dir.join(format!("back-{ext}.csv"));
        let o = namestd(&["standardize", s(&out), "-o", s(&back), "--quiet", "--prefix", "x_"]);
        assert!(o.status.success(), "{ext}: {}", stderr(&o));
        let rows = read_csv(&back);
        assert_eq!(rows.len(), 1, "{ext}: header only");
        assert!(rows[0].starts_with(&["id".into(), "name".into(), "country".into(), "standard_name".into()]));
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// Runs `standardize` on a bad file, keeping damaged rows; returns the output rows.
fn keep(file: &str, extra: &[&str]) -> (Output, Vec<Vec<String>>) {
    let dir = temp(&file.replace(['/', '.'], "-"));
    let out = dir.join("out.csv");
    let input = data(file);
    let mut args = vec!["standardize", s(&input), "-o", s(&out)];
    args.extend_from_slice(extra);
    let o = namestd(&args);
    let rows = if out.exists() { read_csv(&out) } else { Vec::new() };
    std::fs::remove_dir_all(&dir).ok();
    (o, rows)
}

#[test]
fn ragged_rows_are_kept_and_reported_with_their_line() {
    let (o, rows) = keep("bad/ragged.csv", &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(rows.len() - 1, 4, "every row out");
    let problems = column(&rows, "input_problem");
    assert!(problems[1].starts_with("ragged_row") && problems[1].contains("2 fields"), "{problems:?}");
    assert!(problems[2].contains("\"extra\", \"cells\""), "the extra cells are named: {problems:?}");
    assert_eq!(problems[0], "");
    let e = stderr(&o);
    assert!(e.contains("line 3: ragged_row") && e.contains("line 4: ragged_row"), "{e}");
    // --on-error stop: exit code 1, the line named, no output file.
    let (o, rows) = keep("bad/ragged.csv", &["--on-error", "stop"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("line 3"), "{}", stderr(&o));
    assert!(rows.is_empty(), "nothing written on a stopped run");
    // --fail-on input: the output is written, exit code 1.
    let (o, rows) = keep("bad/ragged.csv", &["--fail-on", "input"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(rows.len() - 1, 4);
}

#[test]
fn lines_are_the_files_with_crlf_and_blank_lines() {
    // Windows line ends, two blank lines, a quoted CRLF: a text editor's line numbers.
    let (o, rows) = keep("bad/crlf-blank-lines.csv", &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(column(&rows, "name"), ["Siemens AG", "Philips NV", "Sony\r\nCorp", "Toyota KK"]);
    let e = stderr(&o);
    assert!(e.contains("line 5: ragged_row") && e.contains("line 8: ragged_row"), "{e}");
}

#[test]
fn ndjson_columns_keep_the_order_of_the_keys() {
    let (o, rows) = keep("bad/bad.ndjson", &["--columns", "legal_form"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(rows[0][..4], ["id", "name", "country", "extra"]);
}

#[test]
fn embedded_newlines_stay_in_their_field_and_lines_count_from_the_record_start() {
    let (o, rows) = keep("bad/embedded-newlines.csv", &["--columns", "legal_form"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(rows.len() - 1, 4);
    assert_eq!(column(&rows, "name")[0], "Koninklijke Philips\nElectronics N.V.");
    assert_eq!(column(&rows, "legal_form"), ["NV", "INC", "GMBH", "CORP"]);
}

#[test]
fn invalid_utf8_is_replaced_and_reported_and_latin1_and_cp1252_decode_by_flag() {
    let (o, rows) = keep("bad/invalid-utf8.csv", &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let problems = column(&rows, "input_problem");
    assert!(
        problems[0].starts_with("invalid_utf8") && problems[1].is_empty() && problems[2].starts_with("invalid_utf8")
    );
    assert!(column(&rows, "name")[0].contains('\u{FFFD}'));
    let (o, rows) = keep("bad/latin1.csv", &["--encoding", "latin1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(column(&rows, "name"), ["Müller GmbH", "Société Générale SA", "Øresund Ærø ApS"]);
    assert!(column(&rows, "input_problem").iter().all(String::is_empty));
    let (o, rows) = keep("bad/cp1252.csv", &["--encoding", "cp1252"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(column(&rows, "name"), ["“Quoted” Trading Ltd", "Œuvre SARL", "Euro € Holding AG"]);
    let (o, rows) = keep("bad/bom.csv", &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(rows[0][0], "id", "the byte-order mark is not part of the first column's name");
    assert_eq!(column(&rows, "legal_form")[1], "株式会社");
}

#[test]
fn nul_bytes_and_a_one_megabyte_name_are_kept_and_reported() {
    let (o, rows) = keep("bad/nul-bytes.csv", &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(column(&rows, "input_problem")[0].starts_with("nul_byte"));
    assert_eq!(column(&rows, "legal_form")[0], "AG");
    let (o, rows) = keep("bad/long-name.csv", &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(rows.len() - 1, 3);
    let problems = column(&rows, "input_problem");
    assert!(problems[1].starts_with("name_too_long") && problems[1].contains("1050"), "{}", problems[1]);
    assert_eq!(column(&rows, "standard_name")[1], "", "not standardized");
    assert_eq!(column(&rows, "standard_name")[2], "BASF SE");
    assert!(stderr(&o).contains("line 3: name_too_long"), "{}", stderr(&o));
}

#[test]
fn bad_ndjson_lines_are_kept_and_reported() {
    // Two rows a batch: the columns are the keys of the first two lines.
    let (o, rows) = keep("bad/bad.ndjson", &["--columns", "legal_form", "--batch-rows", "2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(rows.len() - 1, 5, "blank lines are not rows; every other line is");
    let problems = column(&rows, "input_problem");
    assert!(problems[1].starts_with("invalid_json"), "{problems:?}");
    assert!(problems[2].starts_with("not_an_object"), "{problems:?}");
    assert!(problems[3].starts_with("unknown_field") && problems[3].contains("extra"), "{problems:?}");
    assert_eq!(column(&rows, "id")[3], "4", "numbers are kept as their JSON text");
    let e = stderr(&o);
    assert!(
        e.contains("line 2: invalid_json")
            && e.contains("line 3: not_an_object")
            && e.contains("line 5: unknown_field"),
        "{e}"
    );
}

#[test]
fn a_file_that_is_not_its_format_fails_cleanly_and_leaves_no_output() {
    let dir = temp("not-parquet");
    let out = dir.join("out.csv");
    let o = namestd(&["standardize", s(&data("bad/not-parquet.parquet")), "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("not a readable Parquet file"), "{e}");
    assert!(!e.contains("RUST_BACKTRACE") && !e.contains("polars"), "no polars internals: {e}");
    assert!(!out.exists());
    assert_eq!(std::fs::read_dir(&dir).expect("dir").count(), 0, "no temporary file left behind");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn an_added_column_that_clashes_with_the_input_asks_for_a_prefix() {
    let dir = temp("clash");
    let first = dir.join("first.csv");
    assert!(namestd(&["standardize", s(&data("applicants.csv")), "-o", s(&first), "--quiet"]).status.success());
    let o = namestd(&["standardize", s(&first), "-o", s(&dir.join("second.csv"))]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--prefix"), "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn quality_fail_on_error_exits_1_and_threads_do_not_change_the_output() {
    let dir = temp("quality");
    let one = dir.join("one.csv");
    let two = dir.join("two.csv");
    let o = namestd(&[
        "--threads",
        "1",
        "quality",
        s(&data("applicants.csv")),
        "-o",
        s(&one),
        "--quiet",
        "--fail-on",
        "error",
    ]);
    assert_eq!(o.status.code(), Some(1), "the sample has records with errors: {}", stderr(&o));
    let o = namestd(&[
        "--threads",
        "2",
        "quality",
        s(&data("applicants.csv")),
        "-o",
        s(&two),
        "--quiet",
        "--batch-rows",
        "777",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(&one).expect("one"),
        std::fs::read(&two).expect("two"),
        "same bytes whatever threads and batches"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn index_build_writes_an_index_the_service_format_reads() {
    let dir = temp("index");
    let index = dir.join("registry.idx");
    let o = namestd(&["index", "build", s(&data("applicants.csv")), "-o", s(&index), "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = std::fs::read(&index).expect("index written");
    let idx = namestd::lookup::LookupIndex::from_bytes(&bytes).expect("a stored index");
    assert!(idx.applicant_count() > 1000, "{} applicants", idx.applicant_count());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn dict_lookup_finds_the_form_and_its_entries() {
    let o = namestd(&["dict", "lookup", "GmbH & Co. KG", "--country", "DE"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("GmbH & Co KG") || text.contains("GmbH & Co. KG"), "{text}");
    let o = namestd(&["dict", "lookup", "GmbH", "--country", "Germany"]);
    assert_eq!(o.status.code(), Some(2), "a bad country code is a usage error");
    let o = namestd(&["dict", "list", "--country", "JP", "--json"]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("株式会社"));
}

#[test]
fn a_run_killed_midway_leaves_the_old_target_in_place() {
    let dir = temp("killed");
    let input = dir.join("big.csv");
    let names: Vec<String> = column(&read_csv(&data("applicants.csv")), "name");
    let mut w = csv::Writer::from_path(&input).expect("big input");
    w.write_record(["id", "name", "country"]).expect("header");
    for i in 0..200_000usize {
        // Distinct names, so the run has work to do for a while.
        let name = format!("{} {i}", names[i % names.len()]);
        w.write_record([i.to_string().as_str(), name.as_str(), ""]).expect("row");
    }
    w.flush().expect("flush");
    let target = dir.join("out.csv");
    std::fs::write(&target, "old content\n").expect("old target");
    let mut child = Command::new(env!("CARGO_BIN_EXE_namestd"))
        .args(["standardize", s(&input), "-o", s(&target), "--quiet", "--batch-rows", "2000"])
        .spawn()
        .expect("spawn");
    // Wait until the temporary output exists, then kill the run.
    let started = std::time::Instant::now();
    let temp_exists = || {
        std::fs::read_dir(&dir).expect("dir").any(|e| e.expect("entry").file_name().to_string_lossy().ends_with(".tmp"))
    };
    while !temp_exists() && started.elapsed() < std::time::Duration::from_secs(60) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let finished_early = child.try_wait().expect("try_wait").is_some();
    child.kill().ok();
    child.wait().ok();
    assert!(!finished_early, "the run ended before it could be killed; make the input bigger");
    assert_eq!(std::fs::read_to_string(&target).expect("target"), "old content\n", "the target was not touched");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn parquet_output_reads_back_to_the_csv_output_with_every_compression_and_batch_size() {
    let dir = temp("parquet-codecs");
    let input = data("applicants.csv");
    let csv_out = dir.join("out.csv");
    let o = namestd(&["standardize", s(&input), "-o", s(&csv_out), "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let expect = read_csv(&csv_out);
    let runs: [&[&str]; 7] = [
        &[],
        &["--parquet-compression", "zstd:3"],
        &["--parquet-compression", "snappy"],
        &["--parquet-compression", "lz4"],
        &["--parquet-compression", "none"],
        // Many row groups: dictionaries and plain columns decided per group.
        &["--batch-rows", "7"],
        &["--batch-rows", "50", "--parquet-compression", "zstd:19"],
    ];
    for (i, extra) in runs.iter().enumerate() {
        let out = dir.join(format!("out-{i}.parquet"));
        let mut args = vec!["standardize", s(&input), "-o", s(&out), "--quiet"];
        args.extend_from_slice(extra);
        let o = namestd(&args);
        assert!(o.status.success(), "{extra:?}: {}", stderr(&o));
        // Every column a string column, as the CSV has them.
        use polars::prelude::SerReader;
        let df = polars::prelude::ParquetReader::new(std::fs::File::open(&out).expect("parquet out"))
            .finish()
            .expect("polars reads the file");
        assert_eq!(df.height(), sample_rows(), "{extra:?}");
        assert!(df.dtypes().iter().all(|t| *t == polars::prelude::DataType::String), "{extra:?}: {:?}", df.dtypes());
        // Back to CSV: the same table as the CSV output, cell for cell.
        let back = dir.join(format!("back-{i}.csv"));
        let o = back_to_csv(&out, &back);
        assert!(o.status.success(), "{extra:?} → csv: {}", stderr(&o));
        let mut rows = read_csv(&back);
        // Drop the two columns the second pass added (again_name_kind, again_input_problem).
        for r in &mut rows {
            r.truncate(r.len() - 2);
        }
        assert_eq!(rows, expect, "{extra:?}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_bad_parquet_compression_is_named() {
    let o =
        namestd(&["standardize", s(&data("applicants.csv")), "--to", "parquet", "--parquet-compression", "zstd:30"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("from 1 to 22"), "{}", stderr(&o));
    let o = namestd(&["standardize", s(&data("applicants.csv")), "--to", "parquet", "--parquet-compression", "gzip"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("zstd:LEVEL"), "{}", stderr(&o));
}
