//! A real authorization server with the device flow (RFC 8628): the npm
//! package oidc-provider (installed by scripts/test into target/test-node),
//! run by node from tests/fixtures/oauth2/oidc.mjs on a loopback port; and
//! the person on another device, who opens the verification address,
//! enters the code, signs in and consents (plain HTTP with a cookie jar).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

pub const CLIENT_ID: &str = "optout-test";
const DOVECOT_SECRET: &str = "dovecot-secret";

pub struct Oidc {
    pub port: u16,
    child: Child,
}

fn node_modules() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-node/node_modules");
    assert!(
        dir.join("oidc-provider").is_dir(),
        "oidc-provider is not installed in {}: run scripts/test (it installs it with npm), or `npm install --prefix target/test-node oidc-provider@9`",
        dir.display()
    );
    dir
}

impl Oidc {
    pub fn start() -> Oidc {
        // node resolves the package from a node_modules next to the
        // script: run a copy in the install dir (one per test process).
        static SCRIPT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
        let script = SCRIPT.get_or_init(|| {
            let script = node_modules()
                .parent()
                .unwrap()
                .join(format!("optout-oidc-{}.mjs", std::process::id()));
            std::fs::copy(
                Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/oauth2/oidc.mjs"),
                &script,
            )
            .unwrap();
            script
        });
        let mut child = Command::new("node")
            .arg(script)
            .env("OIDC_CLIENT_ID", CLIENT_ID)
            .env("OIDC_DOVECOT_SECRET", DOVECOT_SECRET)
            // Its start-up warnings (development keys, node version).
            .env("NODE_NO_WARNINGS", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("node (Debian package nodejs; scripts/test installs it)");
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let port = loop {
            let mut line = String::new();
            assert!(
                out.read_line(&mut line).unwrap() > 0,
                "oidc-provider ended before it listened"
            );
            if let Some(p) = line.trim().strip_prefix("PORT ") {
                break p.parse().unwrap();
            }
        };
        Oidc { port, child }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// For Dovecot's `oauth2` passdb: with the confidential client's
    /// credentials (Basic auth from the URL).
    pub fn introspection_url(&self) -> String {
        format!(
            "http://dovecot:{DOVECOT_SECRET}@127.0.0.1:{}/token/introspection",
            self.port
        )
    }

    /// The `[[mailbox]]` lines that point optout at this server.
    pub fn mailbox_lines(&self) -> String {
        format!(
            "oauth2_client_id = \"{CLIENT_ID}\"\noauth2_auth_url = \"{}\"\noauth2_token_url = \"{}\"\noauth2_device_url = \"{}\"\noauth2_scopes = [\"openid\", \"offline_access\"]\n",
            self.url("/auth"),
            self.url("/token"),
            self.url("/device/auth")
        )
    }
}

impl Drop for Oidc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The value of `attr="…"` in one HTML tag.
fn attr(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].replace("&amp;", "&"))
}

/// The first form of `page`: its action and its fields (hidden values
/// kept, `login` and `password` and an empty `user_code` filled in).
fn form(page: &str, login: &str, user_code: &str) -> Option<(String, BTreeMap<String, String>)> {
    let open = page.find("<form")?;
    let close = page[open..].find("</form>")? + open;
    let body = &page[open..close];
    let action = attr(&body[..body.find('>')?], "action")?;
    let mut fields = BTreeMap::new();
    for part in body.split("<input").skip(1) {
        let tag = &part[..part.find('>').unwrap_or(part.len())];
        let Some(name) = attr(tag, "name") else {
            continue;
        };
        let value = match name.as_str() {
            "login" => login.to_owned(),
            "password" => "any".to_owned(),
            "user_code" => attr(tag, "value").unwrap_or_else(|| user_code.to_owned()),
            _ => attr(tag, "value").unwrap_or_default(),
        };
        fields.insert(name, value);
    }
    Some((action, fields))
}

/// Be the person on another device: open `verification_uri`, enter
/// `user_code`, sign in as `login`, consent, and confirm, following
/// redirects with a cookie jar. Returns the last page.
pub fn play_device(verification_uri: &str, user_code: &str, login: &str) -> String {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .into();
    let mut jar: BTreeMap<String, String> = BTreeMap::new();
    let cookie = |jar: &BTreeMap<String, String>| {
        jar.iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let mut request: (String, Option<BTreeMap<String, String>>) =
        (verification_uri.to_owned(), None);
    for _ in 0..20 {
        let (url, fields) = &request;
        let mut resp = match fields {
            None => agent.get(url).header("Cookie", cookie(&jar)).call(),
            Some(f) => agent
                .post(url)
                .header("Cookie", cookie(&jar))
                .send_form(f.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
        }
        .unwrap_or_else(|e| panic!("{url} {fields:?}: {e}"));
        for c in resp.headers().get_all("set-cookie") {
            let c = c.to_str().unwrap();
            let pair = c.split(';').next().unwrap();
            if let Some((k, v)) = pair.split_once('=') {
                if v.is_empty() {
                    jar.remove(k);
                } else {
                    jar.insert(k.to_owned(), v.to_owned());
                }
            }
        }
        let status = resp.status().as_u16();
        if (300..400).contains(&status) {
            let to = resp.headers().get("location").unwrap().to_str().unwrap();
            let to = if to.starts_with('/') {
                let origin = &url[..url[8..].find('/').map_or(url.len(), |i| i + 8)];
                format!("{origin}{to}")
            } else {
                to.to_owned()
            };
            request = (to, None);
            continue;
        }
        let page = resp.body_mut().read_to_string().unwrap();
        assert_eq!(status, 200, "{url}: {page}");
        match form(&page, login, user_code) {
            Some((action, fields)) => request = (action, Some(fields)),
            None => return page,
        }
    }
    panic!("the sign-in pages did not end");
}
