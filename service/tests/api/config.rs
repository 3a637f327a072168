use crate::helpers::temp_path;
use clap::Parser;
use namestd_service::configuration::Flags;
use namestd_service::{IndexSource, Settings};

fn flags(args: &[&str]) -> Flags {
    let mut v = vec!["namestd-server"];
    v.extend_from_slice(args);
    Flags::try_parse_from(v).unwrap()
}

#[test]
fn defaults_and_flags() {
    let s = Settings::from_flags(flags(&[])).unwrap();
    assert_eq!(s.index, IndexSource::Embedded);
    assert_eq!(s.port, 8080);
    let s = Settings::from_flags(flags(&["--port", "0", "--max-batch", "7"])).unwrap();
    assert_eq!((s.port, s.max_batch), (0, 7));
}

#[test]
fn invalid_settings_are_named() {
    let e = Settings::from_flags(flags(&["--max-batch", "0"])).unwrap_err();
    assert_eq!(e.setting, "max_batch");
    let e = Settings::from_flags(flags(&["--max-body-bytes", "10"])).unwrap_err();
    assert_eq!(e.setting, "max_body_bytes");
    let e = Settings::from_flags(flags(&["--registry", "/no/such/file.csv"])).unwrap_err();
    assert_eq!(e.setting, "registry");
    assert!(e.to_string().contains("/no/such/file.csv"));
    let e = Settings::from_flags(flags(&["--public-url", "ftp://x"])).unwrap_err();
    assert_eq!(e.setting, "public_url");
    assert!(Flags::try_parse_from(["namestd-server", "--port", "99999"]).is_err());
    let e = Settings::from_flags(flags(&["--admin-token", "short"])).unwrap_err();
    assert_eq!(e.setting, "admin_token");
}

#[test]
fn file_then_flags() {
    let reg = temp_path("cfg-registry.csv");
    std::fs::write(&reg, "id,name\nA,Acme\n").unwrap();
    let cfg = temp_path("service.yaml");
    std::fs::write(&cfg, format!("port: 9000\nmax_batch: 50\nregistry: {}\n", reg.display())).unwrap();
    let s = Settings::from_flags(flags(&["--config", cfg.to_str().unwrap(), "--max-batch", "9"])).unwrap();
    assert_eq!(s.port, 9000);
    assert_eq!(s.max_batch, 9);
    assert_eq!(s.index, IndexSource::RegistryCsv(reg));
    std::fs::write(&cfg, "prot: 9000\n").unwrap();
    let e = Settings::from_flags(flags(&["--config", cfg.to_str().unwrap()])).unwrap_err();
    assert_eq!(e.setting, "config");
    assert!(e.to_string().contains("prot"));
}

#[test]
fn example_config_file_is_valid() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/config.example.yaml");
    let s = Settings::from_flags(flags(&["--config", path])).unwrap();
    assert_eq!(s.port, 8080);
    assert_eq!(s.index, IndexSource::Embedded);
}
