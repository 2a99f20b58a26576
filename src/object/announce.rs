//! `optout watch` on a terminal: one readable line for each code it
//! commits, so a person without desktop notifications sees the code too.

use super::view;
use crate::model::Alert;
use crate::store::Store;
use crate::t;
use crate::text::Lang;
use std::path::PathBuf;
use std::time::Duration;
use tokio::sync::watch;

/// How often the store is asked whether the watcher committed.
const CHECK: Duration = Duration::from_millis(250);

/// The line for one code alert.
pub fn code_line(a: &Alert, lang: Lang) -> String {
    let where_ = view::found_where(a.folder.as_deref(), a.in_spam, lang);
    let code = a.code.as_deref().unwrap_or("?");
    if a.unexpected {
        t!(lang, "object-watch-unexpected-code", code = code, account = a.account.as_str(),
            platform = a.platform.as_str(), where = where_.as_str())
    } else {
        t!(lang, "object-watch-code", code = code, account = a.account.as_str(),
            platform = a.platform.as_str(), where = where_.as_str())
    }
}

/// Print each code alert committed after the start, until `shutdown`.
pub async fn print_codes(store_path: PathBuf, lang: Lang, mut shutdown: watch::Receiver<bool>) {
    let Ok(store) = Store::open(&store_path) else {
        return;
    };
    let mut last = store.last_alert_id().unwrap_or(0);
    let mut seen = store.data_version().ok();
    loop {
        tokio::select! {
            _ = tokio::time::sleep(CHECK) => {}
            _ = shutdown.changed() => return,
        }
        let version = store.data_version().ok();
        if version == seen {
            continue;
        }
        seen = version;
        match store.code_alerts_after(last) {
            Ok(alerts) => {
                for (id, a) in alerts {
                    last = id;
                    println!("{}", code_line(&a, lang));
                }
            }
            Err(e) => tracing::debug!("code lines: {e:#}"),
        }
    }
}
