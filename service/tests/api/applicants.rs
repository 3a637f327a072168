use crate::helpers::*;
use serde_json::json;

#[test]
fn lookup_get_type_ahead_and_post() {
    let p = shared();
    let r = get(p, &format!("/v1/applicants/lookup?name={}&limit=3", enc("Aircast Incorporated")));
    assert_eq!(r.status, 200, "{}", r.text());
    let b = r.json();
    let c = b["candidates"].as_array().unwrap();
    assert!(!c.is_empty() && c.len() <= 3);
    assert_eq!(c[0]["applicant"]["id"], "AIRCAST INC");
    assert_eq!(c[0]["match"], true, "{}", c[0]);
    assert!(c[0]["score"].as_f64().unwrap() > 90.0);
    assert!(c[0]["features"]["nameSimilarity"].is_number());
    assert!(c[0]["similarity"]["matches"].is_array());
    assert!(c[0]["matchReason"].is_string());
    assert!(c[0]["applicant"]["contact"]["name"]["organizationName"]["organizationStandardName"].is_string());
    let r =
        post_json(p, "/v1/applicants/lookup", &json!({"name": "GENENCOR INTL INC", "countryCode": "US", "limit": 5}));
    assert_eq!(r.status, 200, "{}", r.text());
    let b = r.json();
    assert_eq!(b["candidates"][0]["applicant"]["id"], "GENENCOR INT INDIANA INC");
    assert_eq!(b["query"]["countryCode"], "US");
    // Scores come sorted, only the first can match.
    let c = b["candidates"].as_array().unwrap();
    assert!(c.windows(2).all(|w| w[0]["score"].as_f64() >= w[1]["score"].as_f64()));
    assert!(c.iter().skip(1).all(|x| x["match"] == false));
}

#[test]
fn applicant_by_id_with_variants() {
    let p = shared();
    let r = get(p, &format!("/v1/applicants/{}", enc("GENENCOR INT INDIANA INC")));
    assert_eq!(r.status, 200, "{}", r.text());
    let b = r.json();
    assert_eq!(b["id"], "GENENCOR INT INDIANA INC");
    assert_eq!(b["contact"]["name"]["organizationName"]["organizationStandardName"], "Genencor International, Inc.");
    assert!(b["registryRecord"]["variants"].as_array().unwrap().len() >= 8);
    assert!(b["contact"]["name"]["organizationName"]["organizationOtherName"].as_array().unwrap().len() >= 7);
    get(p, "/v1/applicants/NO%20SUCH%20ID").error(404, "applicant_not_found");
}

#[test]
fn lookup_validation() {
    let p = shared();
    let b = get(p, "/v1/applicants/lookup?countryCode=US").error(422, "invalid_field");
    assert_eq!(b["details"][0]["field"], "name");
    let b = get(p, "/v1/applicants/lookup?name=Acme&countryCode=USA").error(422, "invalid_field");
    assert_eq!(b["details"][0]["field"], "countryCode");
    get(p, "/v1/applicants/lookup?name=Acme&limit=0").error(422, "invalid_field");
    get(p, "/v1/applicants/lookup?name=Acme&kind=robot").error(422, "invalid_field");
    get(p, "/v1/applicants/lookup?name=Acme&limit=many").error(400, "bad_request");
    get(p, "/v1/applicants/lookup?name=Acme&color=red").error(400, "bad_request");
    get(p, "/v1/applicants/lookup?name=%20%20").error(422, "invalid_field");
}
