//! Runs the in-memory Graph server on `127.0.0.1` until Ctrl-C, seeded with the groups,
//! catalog and access packages of `graphgen_tests::server::seed` unless `--empty` is given.
//!
//! ```text
//! cargo run -p graphgen-tests --bin graph_local_server -- [--empty] [PORT]
//! ```
//!
//! Prints what it seeded and `export` lines for `GRAPH_BASE_URL` (`/v1.0`; the same store
//! also answers under `/beta`), `GRAPH_TOKEN` (the bearer token every request must present)
//! and the seeded ids the examples read; every other line is a shell comment, so the whole
//! output can be pasted into a shell.

use graphgen_tests::server::{GraphServer, ServerOptions, seed};

/// The static bearer token the local server requires.
const TOKEN: &str = "graphgen-local-token";

const USAGE: &str = "usage: graph_local_server [--empty] [PORT]
  --empty   start with an empty store instead of the seed (groups, a catalog, packages)
  PORT      the port on 127.0.0.1 (default 0: any free port)";

/// What the command line asks for.
struct Args {
    port: u16,
    seed: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        port: 0,
        seed: true,
    };
    let mut port = None;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--empty" => args.seed = false,
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            _ if port.is_none() && !arg.starts_with('-') => {
                let number = arg
                    .parse::<u16>()
                    .map_err(|_| format!("PORT must be a number from 0 to 65535, not `{arg}`"))?;
                port = Some(number);
            }
            _ => return Err(format!("unexpected argument `{arg}`")),
        }
    }
    args.port = port.unwrap_or(0);
    Ok(args)
}

#[tokio::main]
async fn main() {
    let args = match parse_args() {
        Ok(args) => args,
        Err(error) => {
            eprintln!("{error}\n{USAGE}");
            std::process::exit(2);
        }
    };
    let options = ServerOptions {
        token: Some(TOKEN.to_owned()),
        port: args.port,
        ..ServerOptions::default()
    };
    let server = match GraphServer::try_start_with(options).await {
        Ok(server) => server,
        Err(error) => {
            eprintln!("cannot listen on 127.0.0.1:{}: {error}", args.port);
            std::process::exit(1);
        }
    };
    let seeded = if args.seed {
        server.store().seed()
    } else {
        &[]
    };
    let origin = format!("http://{}", server.addr());
    print!("{}", seed::startup_text(&origin, TOKEN, seeded));
    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("cannot wait for Ctrl-C: {error}");
    }
    server.shutdown().await;
}
