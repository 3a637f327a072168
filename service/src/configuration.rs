//! Settings: a YAML file, then `NAMESTD_*` environment variables, then command-line
//! flags (each overriding the one before), validated once at start.
//!
//! ```text
//! namestd-server --port 8080 --registry registry.csv
//! NAMESTD_PORT=8080 NAMESTD_INDEX=registry.idx namestd-server
//! namestd-server --config service.yaml
//! ```
//!
//! With no settings at all the server listens on 127.0.0.1:8080 with the embedded
//! registry (the NBER/PatentsView assignee benchmark shipped in `data/eval/`).

use clap::Parser;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// Where the lookup index comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexSource {
    /// The registry built into the binary (NBER/PatentsView assignee benchmark).
    Embedded,
    /// A registry CSV, built into an index at start and on reload.
    RegistryCsv(PathBuf),
    /// An index stored by `LookupIndex::to_bytes`.
    IndexFile(PathBuf),
}

/// Validated settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Address to bind. By default, `127.0.0.1`.
    pub host: String,
    /// Port to bind; 0 picks a free one. By default, 8080.
    pub port: u16,
    /// Where the index comes from. By default, the embedded registry.
    pub index: IndexSource,
    /// Largest request body, bytes. By default, 1 MiB.
    pub max_body_bytes: usize,
    /// Most names (standardize) or queries (reconcile) in one request. By default, 100.
    pub max_batch: usize,
    /// Most requests processed at once before answering 429. By default, 256.
    pub max_in_flight: usize,
    /// Worker threads; 0 = one per core. By default, 0.
    pub workers: usize,
    /// Threads per worker for CPU-heavy work (lookups, batches, reloads); 0 = two per
    /// core spread over the workers (at least 2 each). More threads than cores only queue
    /// in the kernel scheduler instead of in order, and each keeps its own allocator
    /// caches. By default, 0.
    pub blocking_threads: usize,
    /// Seconds given to in-flight requests at shutdown. By default, 10.
    pub shutdown_timeout_secs: u64,
    /// Write one JSON log line per request to stderr. By default, on.
    pub log_requests: bool,
    /// Public base URL used in the reconciliation manifest (`https://host/prefix`); by
    /// default taken from each request's `Host`.
    pub public_url: Option<String>,
    /// Token that `POST /v1/index/reload` requires as `Authorization: Bearer <token>`.
    /// By default none: reload is open (set one wherever the port is reachable by others).
    pub admin_token: Option<String>,
    /// API keys; when any is set, every route but the public ones (`/`, `/docs`,
    /// `/openapi.json`, `/health/*` and the reconciliation manifest) needs one, as
    /// `X-API-Key: <key>` or `Authorization: Bearer <key>`. By default none: open.
    pub api_keys: Vec<String>,
    /// Origins allowed by CORS: `["*"]` (any, the default), exact origins
    /// (`https://openrefine.example.org`), or empty (CORS off).
    pub cors_origins: Vec<String>,
    /// Seconds a client has, from its request head, to send the body; slower ones get
    /// 408 `request_timeout`. By default, 30.
    pub request_timeout_secs: u64,
    /// Seconds a client has to send a request head; slower ones get a bare 408 from
    /// the HTTP layer and the connection is closed. By default, 5.
    pub header_timeout_secs: u64,
    /// Open connections per worker; more wait in the listen backlog. By default, 10000.
    pub max_connections: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            host: "127.0.0.1".into(),
            port: 8080,
            index: IndexSource::Embedded,
            max_body_bytes: 1 << 20,
            max_batch: 100,
            max_in_flight: 256,
            workers: 0,
            blocking_threads: 0,
            shutdown_timeout_secs: 10,
            log_requests: true,
            public_url: None,
            admin_token: None,
            api_keys: Vec::new(),
            cors_origins: vec!["*".into()],
            request_timeout_secs: 30,
            header_timeout_secs: 5,
            max_connections: 10_000,
        }
    }
}

/// Command-line flags (each also read from the environment variable shown).
#[derive(Debug, Parser, Default)]
#[command(
    name = "namestd-server",
    version,
    about = "namestd HTTP service: applicant lookup, standardization, reconciliation"
)]
pub struct Flags {
    /// YAML settings file (keys as the flags, in snake_case: port, registry, max_batch...).
    #[arg(long, env = "NAMESTD_CONFIG")]
    pub config: Option<PathBuf>,
    /// Address to bind.
    #[arg(long, env = "NAMESTD_HOST")]
    pub host: Option<String>,
    /// Port to bind (0: any free port).
    #[arg(long, env = "NAMESTD_PORT")]
    pub port: Option<u16>,
    /// Registry CSV to build the index from (columns `id`, `name`, optional `count`, `country`, `kind`, `identifier`).
    #[arg(long, env = "NAMESTD_REGISTRY", conflicts_with = "index")]
    pub registry: Option<PathBuf>,
    /// Stored index file to load.
    #[arg(long, env = "NAMESTD_INDEX")]
    pub index: Option<PathBuf>,
    /// Largest request body in bytes.
    #[arg(long, env = "NAMESTD_MAX_BODY_BYTES")]
    pub max_body_bytes: Option<usize>,
    /// Most names or queries per request.
    #[arg(long, env = "NAMESTD_MAX_BATCH")]
    pub max_batch: Option<usize>,
    /// Most requests in flight before 429.
    #[arg(long, env = "NAMESTD_MAX_IN_FLIGHT")]
    pub max_in_flight: Option<usize>,
    /// Worker threads (0: one per core).
    #[arg(long, env = "NAMESTD_WORKERS")]
    pub workers: Option<usize>,
    /// Threads per worker for CPU-heavy work (0: two per core over the workers).
    #[arg(long, env = "NAMESTD_BLOCKING_THREADS")]
    pub blocking_threads: Option<usize>,
    /// Seconds given to in-flight requests at shutdown.
    #[arg(long, env = "NAMESTD_SHUTDOWN_TIMEOUT_SECS")]
    pub shutdown_timeout_secs: Option<u64>,
    /// Per-request JSON log lines on stderr (true/false).
    #[arg(long, env = "NAMESTD_LOG_REQUESTS")]
    pub log_requests: Option<bool>,
    /// Public base URL for the reconciliation manifest.
    #[arg(long, env = "NAMESTD_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Bearer token required by `POST /v1/index/reload`.
    #[arg(long, env = "NAMESTD_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,
    /// API key that non-public routes require (repeat the flag, or comma-separated in
    /// the environment, for several).
    #[arg(long = "api-key", env = "NAMESTD_API_KEYS", value_delimiter = ',', hide_env_values = true)]
    pub api_keys: Option<Vec<String>>,
    /// Origin allowed by CORS (repeatable; `*` = any, `none` = CORS off).
    #[arg(long = "cors-origin", env = "NAMESTD_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Option<Vec<String>>,
    /// Seconds a client has to send a request body before 408.
    #[arg(long, env = "NAMESTD_REQUEST_TIMEOUT_SECS")]
    pub request_timeout_secs: Option<u64>,
    /// Seconds a client has to send a request head.
    #[arg(long, env = "NAMESTD_HEADER_TIMEOUT_SECS")]
    pub header_timeout_secs: Option<u64>,
    /// Open connections per worker.
    #[arg(long, env = "NAMESTD_MAX_CONNECTIONS")]
    pub max_connections: Option<usize>,
    /// Build the index from the configured source, store it at this path (for
    /// `--index`), and exit instead of serving.
    #[arg(long, value_name = "PATH")]
    pub write_index: Option<PathBuf>,
}

/// The settings file.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    host: Option<String>,
    port: Option<u16>,
    registry: Option<PathBuf>,
    index: Option<PathBuf>,
    max_body_bytes: Option<usize>,
    max_batch: Option<usize>,
    max_in_flight: Option<usize>,
    workers: Option<usize>,
    blocking_threads: Option<usize>,
    shutdown_timeout_secs: Option<u64>,
    log_requests: Option<bool>,
    public_url: Option<String>,
    admin_token: Option<String>,
    api_keys: Option<Vec<String>>,
    cors_origins: Option<Vec<String>>,
    request_timeout_secs: Option<u64>,
    header_timeout_secs: Option<u64>,
    max_connections: Option<usize>,
}

/// A setting that cannot be used, named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The setting (`port`, `registry`, `config`).
    pub setting: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "setting `{}`: {}", self.setting, self.message)
    }
}

impl std::error::Error for ConfigError {}

fn err(setting: &str, message: impl Into<String>) -> ConfigError {
    ConfigError { setting: setting.into(), message: message.into() }
}

impl Settings {
    /// Reads the flags and the environment of this process (and the file they name).
    pub fn load() -> Result<Settings, ConfigError> {
        Self::from_flags(Flags::parse())
    }

    /// Settings from parsed flags: the file (if any) first, flags and environment over it.
    pub fn from_flags(flags: Flags) -> Result<Settings, ConfigError> {
        let file = match &flags.config {
            None => FileSettings::default(),
            Some(p) => {
                let text = std::fs::read_to_string(p).map_err(|e| err("config", format!("{}: {e}", p.display())))?;
                serde_yaml::from_str(&text).map_err(|e| err("config", format!("{}: {e}", p.display())))?
            }
        };
        let d = Settings::default();
        let registry = flags.registry.or(file.registry);
        let index_file = flags.index.or(file.index);
        let index = match (registry, index_file) {
            (Some(_), Some(_)) => return Err(err("registry", "give either `registry` or `index`, not both")),
            (Some(r), None) => IndexSource::RegistryCsv(r),
            (None, Some(i)) => IndexSource::IndexFile(i),
            (None, None) => IndexSource::Embedded,
        };
        let s = Settings {
            host: flags.host.or(file.host).unwrap_or(d.host),
            port: flags.port.or(file.port).unwrap_or(d.port),
            index,
            max_body_bytes: flags.max_body_bytes.or(file.max_body_bytes).unwrap_or(d.max_body_bytes),
            max_batch: flags.max_batch.or(file.max_batch).unwrap_or(d.max_batch),
            max_in_flight: flags.max_in_flight.or(file.max_in_flight).unwrap_or(d.max_in_flight),
            workers: flags.workers.or(file.workers).unwrap_or(d.workers),
            blocking_threads: flags.blocking_threads.or(file.blocking_threads).unwrap_or(d.blocking_threads),
            shutdown_timeout_secs: flags
                .shutdown_timeout_secs
                .or(file.shutdown_timeout_secs)
                .unwrap_or(d.shutdown_timeout_secs)
                .min(3600),
            log_requests: flags.log_requests.or(file.log_requests).unwrap_or(d.log_requests),
            public_url: flags.public_url.or(file.public_url),
            admin_token: flags.admin_token.or(file.admin_token),
            api_keys: flags.api_keys.or(file.api_keys).unwrap_or(d.api_keys),
            cors_origins: flags
                .cors_origins
                .or(file.cors_origins)
                .map(|o| o.into_iter().filter(|o| o != "none").collect())
                .unwrap_or(d.cors_origins),
            request_timeout_secs: flags
                .request_timeout_secs
                .or(file.request_timeout_secs)
                .unwrap_or(d.request_timeout_secs),
            header_timeout_secs: flags
                .header_timeout_secs
                .or(file.header_timeout_secs)
                .unwrap_or(d.header_timeout_secs),
            max_connections: flags.max_connections.or(file.max_connections).unwrap_or(d.max_connections),
        };
        s.validate()?;
        Ok(s)
    }

    /// Checks every setting; the error names the first bad one.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.host.trim().is_empty() {
            return Err(err("host", "must not be empty"));
        }
        if self.max_body_bytes < 1024 {
            return Err(err("max_body_bytes", format!("{} is below the minimum of 1024", self.max_body_bytes)));
        }
        if !(1..=10_000).contains(&self.max_batch) {
            return Err(err("max_batch", format!("{} is not within 1..=10000", self.max_batch)));
        }
        if self.max_in_flight == 0 {
            return Err(err("max_in_flight", "must be at least 1"));
        }
        if self.workers > 1024 {
            return Err(err("workers", format!("{} is more than 1024", self.workers)));
        }
        if self.blocking_threads > 1024 {
            return Err(err("blocking_threads", format!("{} is more than 1024", self.blocking_threads)));
        }
        let exists = |name: &str, p: &Path| {
            if p.is_file() {
                Ok(())
            } else {
                Err(err(name, format!("{} is not a readable file", p.display())))
            }
        };
        match &self.index {
            IndexSource::Embedded => {}
            IndexSource::RegistryCsv(p) => exists("registry", p)?,
            IndexSource::IndexFile(p) => exists("index", p)?,
        }
        if self.admin_token.as_ref().is_some_and(|t| t.len() < 16 || !t.bytes().all(|b| b.is_ascii_graphic())) {
            return Err(err("admin_token", "must be at least 16 visible ASCII characters"));
        }
        if self.api_keys.iter().any(|k| k.len() < 16 || !k.bytes().all(|b| b.is_ascii_graphic())) {
            return Err(err("api_keys", "each key must be at least 16 visible ASCII characters"));
        }
        if let Some(o) = self
            .cors_origins
            .iter()
            .find(|o| o.as_str() != "*" && !(o.starts_with("http://") || o.starts_with("https://")) || o.ends_with('/'))
        {
            return Err(err("cors_origins", format!("`{o}` is not `*` or an origin like https://host[:port]")));
        }
        if !(1..=3600).contains(&self.request_timeout_secs) {
            return Err(err("request_timeout_secs", format!("{} is not within 1..=3600", self.request_timeout_secs)));
        }
        if !(1..=600).contains(&self.header_timeout_secs) {
            return Err(err("header_timeout_secs", format!("{} is not within 1..=600", self.header_timeout_secs)));
        }
        if !(1..=1_000_000).contains(&self.max_connections) {
            return Err(err("max_connections", format!("{} is not within 1..=1000000", self.max_connections)));
        }
        if let Some(u) = &self.public_url {
            if !(u.starts_with("http://") || u.starts_with("https://")) {
                return Err(err("public_url", format!("`{u}` does not start with http:// or https://")));
            }
        }
        Ok(())
    }
}
