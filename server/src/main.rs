use rds_server::Config;

#[tokio::main]
async fn main() {
    let config = match Config::from_vars(|k| std::env::var(k).ok()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("rds-server: {e}");
            std::process::exit(2);
        }
    };
    // `rds-server rotate-secret-key NEW_KEY_FILE`: seals every secret with a new key, then
    // exits; refused while a server has the database open.
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [command, new_key] = args.as_slice() {
        if command == "rotate-secret-key" {
            rotate(&config, std::path::Path::new(new_key));
            return;
        }
    }
    if !args.is_empty() {
        eprintln!("rds-server: unknown arguments {args:?}; the only command is `rotate-secret-key NEW_KEY_FILE`");
        std::process::exit(2);
    }
    let bind = config.bind;
    if let Some(warning) = config.probes.test_warning() {
        eprintln!("rds-server: {warning}");
    }
    let state = rds_server::state(config).unwrap_or_else(|e| {
        eprintln!("rds-server: {e}");
        std::process::exit(1);
    });
    let listener = tokio::net::TcpListener::bind(bind).await.unwrap_or_else(|e| {
        eprintln!("rds-server: cannot listen on {bind}: {e}");
        std::process::exit(1);
    });
    eprintln!("rds-server: listening on http://{}", listener.local_addr().expect("bound"));
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    if let Err(e) = rds_server::serve(listener, state, shutdown).await {
        eprintln!("rds-server: {e}");
        std::process::exit(1);
    }
}

fn rotate(config: &Config, new_key: &std::path::Path) {
    let db = config.data_dir.join(rds_server::DATABASE_FILE);
    match rds_server::store::rotate_key(&db, &config.secret_key_file, new_key) {
        Ok(n) => eprintln!(
            "rds-server: sealed {n} secrets with {}; start the server with RDS_SECRET_KEY_FILE={} (the old key opens nothing now)",
            new_key.display(),
            new_key.display()
        ),
        Err(e) => {
            eprintln!("rds-server: {}", e.message(&db));
            std::process::exit(1);
        }
    }
}
