//! Runs the example back end on 127.0.0.1 (see the crate docs in lib.rs).
//!
//! `cargo run -p biscotte-backend -- [--port 8080] [--www DIR] [--config FILE] [--db FILE]`;
//! `BISCOTTE_EXPORT_TOKEN` turns the export on.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use biscotte_backend::{app, state, Options};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("biscotte-backend: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut options = Options {
        www: here.join("../../www"),
        config: here.join("biscotte.json"),
        database: PathBuf::from("consent-log.sqlite3"),
        export_token: std::env::var("BISCOTTE_EXPORT_TOKEN").ok().filter(|t| !t.is_empty()),
    };
    let mut port: u16 = 8080;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--port" => port = value.parse().map_err(|_| format!("--port {value}: not a port"))?,
            "--www" => options.www = value.into(),
            "--config" => options.config = value.into(),
            "--db" => options.database = value.into(),
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    let state = state(&options)?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let listener = tokio::net::TcpListener::bind(address).await.map_err(|e| format!("{address}: {e}"))?;
        let bound = listener.local_addr().map_err(|e| e.to_string())?; // `--port 0`: the one the system chose
        eprintln!("biscotte-backend: http://{bound}/ (consent log: {})", options.database.display());
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        axum::serve(listener, app(state, &options.www)).with_graceful_shutdown(shutdown).await.map_err(|e| e.to_string())
    })
}
