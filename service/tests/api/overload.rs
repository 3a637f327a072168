//! Overload and reload under load: above capacity a client gets 429 with `Retry-After`
//! at once (no queue that grows), and an index reload during load drops no request.
//! The figures of a long run are `benches/service_soak` (docs/robustness.md).

use crate::helpers::*;
use namestd_service::Settings;

#[test]
fn above_capacity_is_429_with_retry_after_and_nothing_queues() {
    let s = Settings { max_in_flight: 1, ..settings() };
    let app = spawn(s, Some(Some(loaded("id,name\nA1,Acme Widgets GmbH\n"))));
    let p = app.port;
    // A request holds the only slot (its body is still coming).
    let held = Held::open(p);
    wait_in_flight(p, 1);
    // Every further request is refused at once.
    let r = get(p, "/v1/names/standardize?name=Acme");
    r.error(429, "too_many_requests");
    assert_eq!(r.header("retry-after"), Some("1"));
    // A burst from 32 clients: every one answered, all 429, none waits for a slot.
    let burst: Vec<_> = (0..32)
        .map(|i| {
            std::thread::spawn(move || {
                if i % 2 == 0 {
                    get(p, "/v1/applicants/lookup?name=Acme")
                } else {
                    post_form(p, "/reconcile", &[("queries", r#"{"q0":{"query":"Acme"}}"#)])
                }
            })
        })
        .collect();
    for b in burst {
        let r = b.join().unwrap();
        r.error(429, "too_many_requests");
        assert_eq!(r.header("retry-after"), Some("1"));
    }
    // Health and metrics stay outside the limit.
    assert_eq!(get(p, "/health/live").status, 200);
    assert!(get(p, "/metrics").text().contains("namestd_http_requests_in_flight 1"));
    // The held request finishes normally and the slot comes back.
    assert_eq!(held.finish(), 200);
    assert_eq!(get(p, "/v1/names/standardize?name=Acme").status, 200);
    stop(app);
}

#[test]
fn reload_under_load_drops_no_request() {
    let path = temp_path("reload-under-load.csv");
    let csv: String = std::iter::once("id,name,country\n".to_string())
        .chain((0..400).map(|i| format!("A{i},Acme Widgets {i} GmbH,DE\n")))
        .collect();
    std::fs::write(&path, &csv).unwrap();
    let app = spawn(with_registry(&path), None);
    let p = app.port;
    let stop_flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let clients: Vec<_> = (0..6)
        .map(|c| {
            let stop_flag = stop_flag.clone();
            std::thread::spawn(move || {
                let mut statuses = Vec::new();
                let mut i = 0;
                while !stop_flag.load(std::sync::atomic::Ordering::Relaxed) || statuses.len() < 20 {
                    let r = match (c + i) % 3 {
                        0 => get(p, &format!("/v1/applicants/lookup?name=Acme%20Widgets%20{i}&countryCode=DE")),
                        1 => post_form(
                            p,
                            "/reconcile",
                            &[("queries", &format!(r#"{{"q0":{{"query":"Acme Widgets {i}"}}}}"#))],
                        ),
                        _ => get(p, &format!("/v1/applicants/A{}", i % 400)),
                    };
                    statuses.push((r.status, r.text()));
                    i += 1;
                }
                statuses
            })
        })
        .collect();
    for _ in 0..3 {
        let r = request(p, "POST", "/v1/index/reload", &[], b"");
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.json()["applicants"], 400);
    }
    stop_flag.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut total = 0;
    for c in clients {
        for (status, body) in c.join().unwrap() {
            assert_eq!(status, 200, "a request failed during reload: {body}");
            total += 1;
        }
    }
    assert!(total >= 120, "{total}");
    assert!(get(p, "/metrics").text().contains("namestd_index_reloads_total 3"));
    stop(app);
}
