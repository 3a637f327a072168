//! Building and running the server.

use crate::configuration::Settings;
use crate::middleware::request_context;
use crate::routes::{configure, not_found};
use crate::state::{load_index, AppState, LoadedIndex};
use actix_cors::Cors;
use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServerHandle, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{from_fn, Condition};
use actix_web::{web, App, HttpServer};
use std::net::TcpListener;
use std::time::Duration;

/// A bound, not yet running server.
pub struct Application {
    port: u16,
    server: Server,
    state: web::Data<AppState>,
}

/// Why the server could not start.
#[derive(Debug)]
pub enum StartError {
    /// The index could not be built or loaded.
    Index(String),
    /// The address could not be bound.
    Io(std::io::Error),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::Index(e) => write!(f, "cannot load the lookup index: {e}"),
            StartError::Io(e) => write!(f, "cannot bind: {e}"),
        }
    }
}

impl std::error::Error for StartError {}

impl From<std::io::Error> for StartError {
    fn from(e: std::io::Error) -> Self {
        StartError::Io(e)
    }
}

impl Application {
    /// Loads the index named by the settings, binds the listener (port 0 picks a free
    /// port) and builds the server. Call from within an actix system.
    pub fn build(settings: Settings) -> Result<Application, StartError> {
        let index = load_index(&settings.index).map_err(StartError::Index)?;
        Self::build_with_index(settings, Some(index))
    }

    /// As [`Application::build`] with a given index, or none: the server then answers
    /// 503 `index_not_ready` on lookups until `POST /v1/index/reload` loads one.
    pub fn build_with_index(settings: Settings, index: Option<LoadedIndex>) -> Result<Application, StartError> {
        let listener = TcpListener::bind((settings.host.as_str(), settings.port))?;
        let port = listener.local_addr()?.port();
        let state = web::Data::new(AppState::new(settings.clone(), index));
        let st = state.clone();
        let mut server = HttpServer::new(move || app(st.clone()))
            .shutdown_timeout(settings.shutdown_timeout_secs)
            .client_request_timeout(Duration::from_secs(settings.header_timeout_secs))
            .client_disconnect_timeout(Duration::from_secs(1))
            .max_connections(settings.max_connections)
            .backlog(1024);
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let workers = if settings.workers > 0 { settings.workers } else { cores };
        server = server.workers(workers);
        let blocking = match settings.blocking_threads {
            0 => (2 * cores).div_ceil(workers).max(2),
            n => n,
        };
        server = server.worker_max_blocking_threads(blocking);
        let server = server.listen(listener)?.run();
        Ok(Application { port, server, state })
    }

    /// The bound port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The shared state (index, metrics).
    pub fn state(&self) -> web::Data<AppState> {
        self.state.clone()
    }

    /// A handle to stop the server (gracefully: in-flight requests get the shutdown timeout).
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Runs until stopped (SIGINT/SIGTERM or [`ServerHandle::stop`]).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// CORS as the settings say: any origin (`*`), the listed origins, or none (off).
fn cors(origins: &[String]) -> Condition<Cors> {
    let mut cors = Cors::default()
        .allow_any_method()
        .allow_any_header()
        .expose_headers(["x-request-id", "retry-after"])
        .max_age(3600);
    if origins.iter().any(|o| o == "*") {
        cors = cors.allow_any_origin();
    } else {
        for o in origins {
            cors = cors.allowed_origin(o);
        }
    }
    Condition::new(!origins.is_empty(), cors)
}

/// The application (routes, error handlers, middleware, CORS) over a shared state: what
/// each server worker runs, and what in-process tests and fuzz targets call.
pub fn app(
    state: web::Data<AppState>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let cors = cors(&state.settings.cors_origins);
    App::new()
        .configure(|cfg| configure(cfg, state))
        .default_service(web::to(not_found))
        .wrap(from_fn(request_context))
        .wrap(cors)
}

/// How long a stop waits by default, for callers that stop the server themselves.
pub const DEFAULT_STOP_WAIT: Duration = Duration::from_secs(10);
