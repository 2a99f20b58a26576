//! `optout watch [--once]`.

use crate::pipeline::Pipeline;
use crate::watch;
use anyhow::{bail, Result};
use std::sync::Arc;

pub fn run(pipeline: Pipeline, once: bool) -> Result<()> {
    let cfg = &pipeline.config;
    let store_path = cfg.store_path();
    // One watcher per database; released when the process ends.
    let _lock = crate::lock::acquire_watch_lock(&store_path)?;
    // Create the database and the accounts before any task opens it.
    super::database::open_store(&store_path)?.sync_accounts(&cfg.accounts, chrono::Utc::now())?;
    let pipeline = Arc::new(pipeline);
    // One thread: the work is waiting on sockets; a commit or a classify
    // takes well under a millisecond. Measured (cargo bench --bench imap):
    // same push latency as two worker threads, 1 MB less idle RSS.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        if once {
            let lang = pipeline.config.alerts.lang();
            let outcome = watch::run_once(pipeline, &store_path).await?;
            if !outcome.failed.is_empty() {
                let names: Vec<_> = outcome
                    .failed
                    .iter()
                    .map(|(n, e)| format!("{n} ({e})"))
                    .collect();
                bail!(crate::t!(
                    lang,
                    "check-failed-mailboxes",
                    names = names.join("; ")
                ));
            }
            return Ok(());
        }
        let (tx, rx) = tokio::sync::watch::channel(false);
        if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
            // A person at the terminal sees each code in one line.
            let lang = pipeline.config.alerts.lang();
            tokio::spawn(crate::object::announce::print_codes(
                store_path.clone(),
                lang,
                rx.clone(),
            ));
        }
        tokio::spawn(async move {
            shutdown_signal().await;
            tracing::info!("shutting down");
            let _ = tx.send(true);
        });
        watch::run(pipeline, &store_path, rx).await
    })
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = signal(SignalKind::terminate()).expect("SIGTERM handler");
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
}
