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
    let bind = config.bind;
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
