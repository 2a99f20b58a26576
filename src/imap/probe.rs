//! For `optout check`: which server writes the Authentication-Results
//! headers of the mail in INBOX (its authserv-id), read-only — EXAMINE and
//! `BODY.PEEK[HEADER.FIELDS (AUTHENTICATION-RESULTS)]` of the newest mails,
//! nothing that could set `\Seen`.

use super::{connect_with, discover, Caps, ImapError, Session, WatchedFolder};
use crate::classify::trust::{authserv_id_of, is_from_authserv};
use crate::config::{Credential, Mailbox};
use futures::TryStreamExt;

/// For `init`, before anything is written: does the server answer, does
/// TLS (or STARTTLS) work with a certificate optout trusts, and what does
/// it offer (CAPABILITY before login). No credential is needed or sent.
/// Each step waits at most `limit`; a failure is typed like a login's
/// (host not found, no connection, TLS), so `init` explains it the same
/// way, in the person's language.
pub async fn server_caps(m: &Mailbox, limit: std::time::Duration) -> Result<Caps, ImapError> {
    use super::connect::{
        pre_auth_caps, protocol, read_greeting, refuse_plaintext, start_tls, tcp_connect, Stream,
    };
    use crate::config::Tls;
    use tokio::time::timeout;
    refuse_plaintext(m)?;
    let timed_out = |step: &str| protocol(m, format!("{step} timed out"));
    let tcp = tcp_connect(m, limit).await?;
    let stream = match m.tls {
        Tls::Implicit => start_tls(m, tcp).await?,
        Tls::None => Stream::plain(tcp),
        Tls::Starttls => {
            let mut client = async_imap::Client::new(Stream::plain(tcp));
            read_greeting(&mut client)
                .await
                .map_err(|e| protocol(m, e))?;
            timeout(limit, client.run_command_and_check_ok("STARTTLS", None))
                .await
                .map_err(|_| timed_out("STARTTLS"))?
                .map_err(|e| protocol(m, format!("the server refused STARTTLS: {e}")))?;
            start_tls(m, client.into_inner().into_io()).await?
        }
    };
    let mut client = async_imap::Client::new(stream);
    let greeting = timeout(limit, read_greeting(&mut client))
        .await
        .unwrap_or(Ok(None));
    let caps = match greeting {
        Ok(Some(c)) if m.tls != Tls::Starttls => c,
        _ => timeout(limit, pre_auth_caps(&mut client))
            .await
            .map_err(|_| timed_out("CAPABILITY"))?
            .map_err(|e| protocol(m, e))?,
    };
    let _ = timeout(limit, client.run_command_and_check_ok("LOGOUT", None)).await;
    Ok(caps)
}

/// How many of the newest INBOX mails are looked at.
pub const PROBE_MAILS: u32 = 20;
/// At most this much of each mail's Authentication-Results headers is
/// fetched (a partial FETCH): the topmost header comes first.
const MAX_HEADER_BYTES: u32 = 16 << 10;

/// What the newest mails in INBOX say about their receiving server.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthservProbe {
    /// How many mails were looked at (at most [`PROBE_MAILS`]).
    pub mails: usize,
    /// How many of them carry an Authentication-Results header at all.
    pub with_header: usize,
    /// The authserv-id of each mail's topmost Authentication-Results, and
    /// on how many mails it is topmost; most mails first.
    pub topmost: Vec<(String, usize)>,
    /// With the mailbox's `authserv_id`: how many mails carry a header from
    /// it (or a subdomain of it), anywhere — the one the classifier uses.
    pub with_configured: Option<usize>,
}

impl AuthservProbe {
    /// Tally the Authentication-Results headers of some mails (each mail's
    /// headers topmost first).
    pub fn tally(mails: &[Vec<String>], configured: Option<&str>) -> AuthservProbe {
        let mut p = AuthservProbe {
            mails: mails.len(),
            with_configured: configured.map(|_| 0),
            ..Default::default()
        };
        for headers in mails {
            if headers.is_empty() {
                continue;
            }
            p.with_header += 1;
            let id = authserv_id_of(&headers[0]).unwrap_or_default();
            match p.topmost.iter_mut().find(|(x, _)| *x == id) {
                Some((_, n)) => *n += 1,
                None => p.topmost.push((id, 1)),
            }
            if let (Some(pinned), Some(n)) = (configured, p.with_configured.as_mut()) {
                if headers
                    .iter()
                    .any(|h| authserv_id_of(h).is_some_and(|id| is_from_authserv(&id, pinned)))
                {
                    *n += 1;
                }
            }
        }
        // Most first; on a tie, the one seen first (on the newest mail).
        p.topmost.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
        p
    }
}

/// Log in, find the folders to watch, and look at the newest INBOX mails'
/// Authentication-Results, on one connection. The outer error is a failed
/// login (or LIST); the inner one a failed look at INBOX.
#[allow(clippy::type_complexity)]
pub async fn survey_with_authserv(
    m: &Mailbox,
    credential: Credential,
) -> Result<(Vec<WatchedFolder>, Caps, Result<AuthservProbe, ImapError>), ImapError> {
    let mut conn = connect_with(m, credential).await?;
    let folders = discover(&mut conn.session, m).await?;
    let probe = authserv_probe(&mut conn.session, m).await;
    let caps = conn.caps.clone();
    conn.logout().await;
    Ok((folders, caps, probe))
}

/// EXAMINE INBOX and fetch the Authentication-Results headers of its
/// newest [`PROBE_MAILS`] mails (by sequence number: the newest arrivals,
/// without listing every UID of a big INBOX).
pub async fn authserv_probe(
    session: &mut Session,
    m: &Mailbox,
) -> Result<AuthservProbe, ImapError> {
    let fail = |message: String| ImapError::new(m.name.clone(), format!("INBOX: {message}"));
    let mb = session
        .examine("INBOX")
        .await
        .map_err(|e| fail(format!("EXAMINE failed: {e}")))?;
    let configured = m.authserv_id.as_deref();
    if mb.exists == 0 {
        return Ok(AuthservProbe::tally(&[], configured));
    }
    let first = mb.exists.saturating_sub(PROBE_MAILS - 1).max(1);
    let fetched: Vec<_> = session
        .fetch(
            format!("{first}:{}", mb.exists),
            format!(
                "(UID BODY.PEEK[HEADER.FIELDS (AUTHENTICATION-RESULTS)]<0.{MAX_HEADER_BYTES}>)"
            ),
        )
        .await
        .map_err(|e| fail(format!("FETCH failed: {e}")))?
        .try_collect()
        .await
        .map_err(|e| fail(format!("FETCH failed: {e}")))?;
    let mut mails: Vec<(u32, Vec<String>)> = fetched
        .iter()
        .filter(|f| (first..=mb.exists).contains(&f.message))
        .map(|f| (f.message, auth_results_of(f.header().unwrap_or_default())))
        .collect();
    // Newest first; each mail once (a server may send unsolicited FETCHes).
    mails.sort_by_key(|(n, _)| std::cmp::Reverse(*n));
    mails.dedup_by_key(|(n, _)| *n);
    let headers: Vec<Vec<String>> = mails.into_iter().map(|(_, h)| h).collect();
    Ok(AuthservProbe::tally(&headers, configured))
}

/// The Authentication-Results values of a header block, topmost first,
/// bounded as the mail parser bounds them.
fn auth_results_of(block: &[u8]) -> Vec<String> {
    use mailparse::MailHeaderMap;
    let Ok((headers, _)) = mailparse::parse_headers(block) else {
        return Vec::new();
    };
    headers
        .get_all_headers("Authentication-Results")
        .into_iter()
        .take(crate::mail::MAX_AUTH_RESULTS)
        .map(|h| crate::mail::fold_ws(&h.get_value()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_topmost_ids_are_tallied_most_first() {
        let mails = vec![
            v(&["mx.b.example; spf=pass"]),
            v(&["MX.A.example; dkim=pass", "forged.example; dkim=pass"]),
            v(&[]),
            v(&["mx.a.example (comment); dmarc=pass"]),
        ];
        let p = AuthservProbe::tally(&mails, Some("a.example"));
        assert_eq!((p.mails, p.with_header), (4, 3));
        assert_eq!(
            p.topmost,
            vec![
                ("mx.a.example".to_owned(), 2),
                ("mx.b.example".to_owned(), 1)
            ]
        );
        assert_eq!(p.with_configured, Some(2));
        assert_eq!(AuthservProbe::tally(&mails, None).with_configured, None);
    }

    #[test]
    fn header_blocks_keep_every_authentication_results_in_order() {
        let block = b"Authentication-Results: mx.a.example;\r\n dkim=pass\r\nAuthentication-Results: x.example; spf=none\r\n\r\n";
        assert_eq!(
            auth_results_of(block),
            v(&["mx.a.example; dkim=pass", "x.example; spf=none"])
        );
        assert!(auth_results_of(b"\r\n").is_empty());
    }
}
