//! Runs the real `namestd` binary on the labelled sets of `data/eval/`.

use std::path::PathBuf;
use std::process::Command;

fn eval_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join("data").join("eval").join(name)
}

fn namestd(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_namestd")).args(args).output().expect("the namestd binary runs")
}

#[test]
fn eval_prints_pairwise_and_bcubed_figures_and_explains_errors() {
    let input = eval_file("patstat-leuven-distinct-names.csv");
    let out = namestd(&["eval", "--input", input.to_str().expect("utf-8 path"), "--worst", "3"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    for needle in [
        "pairwise (strings)",
        "pairwise (mentions)",
        "b-cubed (strings)",
        "worst false merges",
        "worst missed merges",
        "score ",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
}

#[test]
fn eval_json_reaches_the_quality_floor() {
    let input = eval_file("patstat-leuven-distinct-names.csv");
    let out = namestd(&["eval", "--input", input.to_str().expect("utf-8 path"), "--json", "--worst", "2"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let p = v["strings"]["precision"].as_f64().expect("precision");
    let f1 = v["strings"]["f1"].as_f64().expect("f1");
    let b3 = v["bcubed"]["f1"].as_f64().expect("b-cubed f1");
    assert!(p >= 0.99 && f1 >= 0.60 && b3 >= 0.80, "precision {p}, f1 {f1}, b-cubed {b3}");
    assert_eq!(v["missedMerges"].as_array().map(Vec::len), Some(2));
}

#[test]
fn cluster_keeps_the_input_columns_and_adds_the_cluster() {
    let dir = std::env::temp_dir().join(format!("namestd-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let input = dir.join("in.csv");
    std::fs::write(
        &input,
        "id,applicant,n\n1,\"Motorola, Inc.\",5\n2,MOTOROLA INC,2\n3,Bank of the West,1\n4,Bank of the East,1\n",
    )
    .expect("write input");
    let output = dir.join("out.csv");
    let out = namestd(&[
        "cluster",
        input.to_str().expect("utf-8"),
        "--quiet",
        "--name-col",
        "applicant",
        "--count-col",
        "n",
        "-o",
        output.to_str().expect("utf-8"),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut rdr = csv::Reader::from_path(&output).expect("output CSV");
    let headers: Vec<String> = rdr.headers().expect("header").iter().map(str::to_string).collect();
    assert_eq!(headers, ["id", "applicant", "n", "cluster_id", "cluster_name", "cluster_size", "input_problem"]);
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0].get(3), rows[1].get(3));
    assert_eq!(rows[0].get(4), Some("Motorola, Inc."), "the most mentioned variant names the cluster");
    assert_ne!(rows[2].get(3), rows[3].get(3));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_missing_column_or_file_exits_with_2() {
    let input = eval_file("patstat-leuven-distinct-names.csv");
    let out = namestd(&["eval", "--input", input.to_str().expect("utf-8"), "--name-col", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no column `nope`"));
    let out = namestd(&["eval", "--input", "/nonexistent/file.csv"]);
    assert_eq!(out.status.code(), Some(2));
    let out = namestd(&["eval"]);
    assert_eq!(out.status.code(), Some(2), "usage error");
}
