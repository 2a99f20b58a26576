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
        // Listen first, then let the signals held since the start through:
        // a SIGTERM while the rules and the database were loading ends
        // the daemon cleanly instead of killing it.
        let stop = shutdown_signal();
        release_stop_signals();
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
            stop.await;
            tracing::info!("shutting down");
            let _ = tx.send(true);
        });
        watch::run(pipeline, &store_path, rx).await
    })
}

/// SIGTERM or Ctrl-C. The handlers are installed when this is called (not
/// when the future is first polled), so signals held by
/// [`hold_stop_signals`] can be released right after.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = signal(SignalKind::terminate()).expect("SIGTERM handler");
        let mut int = signal(SignalKind::interrupt()).expect("SIGINT handler");
        async move {
            tokio::select! {
                _ = int.recv() => {}
                _ = term.recv() => {}
            }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Hold SIGTERM and SIGINT (pending, not lost) on the main thread from the
/// start of `watch` until its handlers are installed. Called before any
/// thread is started: threads inherit the mask.
pub fn hold_stop_signals() {
    set_stop_signals(true);
}

fn release_stop_signals() {
    set_stop_signals(false);
}

#[cfg(unix)]
fn set_stop_signals(hold: bool) {
    // SAFETY: a signal set built and used on this thread only.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGTERM);
        libc::sigaddset(&mut set, libc::SIGINT);
        let how = if hold {
            libc::SIG_BLOCK
        } else {
            libc::SIG_UNBLOCK
        };
        libc::pthread_sigmask(how, &set, std::ptr::null_mut());
    }
}

#[cfg(not(unix))]
fn set_stop_signals(_: bool) {}
