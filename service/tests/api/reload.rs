use crate::helpers::*;

#[test]
fn reload_swaps_the_index_without_downtime() {
    let path = temp_path("reload.csv");
    std::fs::write(&path, "id,name,count\nOLD1,Old Widgets GmbH,3\n").unwrap();
    let app = spawn(with_registry(&path), None);
    let p = app.port;
    let r = get(p, "/v1/applicants/lookup?name=Old%20Widgets%20GmbH");
    assert_eq!(r.json()["candidates"][0]["applicant"]["id"], "OLD1");
    std::fs::write(&path, "id,name,count\nNEW1,New Gadgets AG,3\nNEW1,NEW GADGETS AKTIENGESELLSCHAFT,1\n").unwrap();
    // Lookups keep answering while the reload runs.
    let readers = std::thread::spawn(move || {
        (0..20).map(|_| get(p, "/v1/applicants/lookup?name=Widgets").status).collect::<Vec<_>>()
    });
    let r = request(p, "POST", "/v1/index/reload", &[], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["applicants"], 1);
    assert!(readers.join().unwrap().iter().all(|&s| s == 200));
    let r = get(p, "/v1/applicants/lookup?name=New%20Gadgets%20AG");
    let b = r.json();
    assert_eq!(b["candidates"][0]["applicant"]["id"], "NEW1");
    assert_eq!(b["candidates"][0]["match"], true);
    get(p, "/v1/applicants/OLD1").error(404, "applicant_not_found");
    assert_eq!(get(p, "/v1/applicants/NEW1").json()["registryRecord"]["variants"].as_array().unwrap().len(), 2);
    assert!(get(p, "/metrics").text().contains("namestd_index_reloads_total 1"));
    assert_eq!(get(p, "/v1/index").json()["source"], format!("registry:{}", path.display()));
    // Graceful stop: the server thread ends.
    stop(app);
}

#[test]
fn stored_index_file_is_served() {
    let idx = namestd::lookup::LookupIndex::from_csv("id,name,identifier\nS1,Stored Systems Inc,C-9\n").unwrap();
    let path = temp_path("stored.idx");
    std::fs::write(&path, idx.to_bytes()).unwrap();
    let s = namestd_service::Settings { index: namestd_service::IndexSource::IndexFile(path), ..settings() };
    let app = spawn(s, None);
    let r = post_json(app.port, "/v1/applicants/lookup", &serde_json::json!({"name": "whatever", "identifier": "C-9"}));
    let b = r.json();
    assert_eq!(b["candidates"][0]["applicant"]["id"], "S1");
    assert_eq!(b["candidates"][0]["features"]["identifierExact"], true);
    assert_eq!(b["candidates"][0]["applicant"]["partyIdentifier"]["value"], "C-9");
    stop(app);
}

#[test]
fn graceful_stop_lets_in_flight_requests_finish() {
    // A reload of the embedded registry takes a while; stopping meanwhile must let it end.
    let s = namestd_service::Settings { shutdown_timeout_secs: 30, ..settings() };
    let app = spawn(s, Some(Some(loaded("id,name\nA,Acme GmbH\n"))));
    let p = app.port;
    let slow = std::thread::spawn(move || request(p, "POST", "/v1/index/reload", &[], b""));
    std::thread::sleep(std::time::Duration::from_millis(200));
    stop(app);
    let r = slow.join().unwrap();
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["applicants"], 6176);
    assert!(std::net::TcpStream::connect(("127.0.0.1", p)).is_err(), "no longer listening");
}

#[test]
fn reload_with_admin_token() {
    let s = namestd_service::Settings { admin_token: Some("s3cret-token-0123456789".into()), ..settings() };
    let app = spawn(s, Some(Some(loaded("id,name\nA,Acme GmbH\n"))));
    let p = app.port;
    let r = request(p, "POST", "/v1/index/reload", &[], b"");
    r.error(401, "unauthorized");
    assert_eq!(r.header("www-authenticate"), Some("Bearer"));
    request(p, "POST", "/v1/index/reload", &[("Authorization", "Bearer wrong-token-0123456789")], b"")
        .error(401, "unauthorized");
    let r = request(p, "POST", "/v1/index/reload", &[("Authorization", "Bearer s3cret-token-0123456789")], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    stop(app);
}
