//! A real OAuth2 authorization server for one test: the npm package
//! oauth2-mock-server (installed by scripts/test into target/test-node),
//! run by node from tests/fixtures/oauth2/server.mjs on a loopback port.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

pub struct AuthServer {
    pub port: u16,
    child: Child,
}

pub const CLIENT_ID: &str = "optout-test";

fn node_modules() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-node/node_modules");
    assert!(
        dir.join("oauth2-mock-server").is_dir(),
        "oauth2-mock-server is not installed in {}: run scripts/test (it installs it with npm), or `npm install --prefix target/test-node oauth2-mock-server@8`",
        dir.display()
    );
    dir
}

impl AuthServer {
    /// Start it; access tokens live `ttl_secs`, and carry `username`.
    pub fn start(ttl_secs: u64, username: &str) -> AuthServer {
        // The fixture imports the package: node resolves it from a
        // node_modules next to the script, so run a copy in the install
        // dir (one per test process, written once).
        static SCRIPT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
        let script = SCRIPT.get_or_init(|| {
            let script = node_modules()
                .parent()
                .unwrap()
                .join(format!("optout-oauth2-server-{}.mjs", std::process::id()));
            std::fs::copy(
                Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/oauth2/server.mjs"),
                &script,
            )
            .unwrap();
            script
        });
        let mut child = Command::new("node")
            .arg(script)
            .env("OAUTH2_TOKEN_TTL", ttl_secs.to_string())
            .env("OAUTH2_USERNAME", username)
            .env("OAUTH2_CLIENT_ID", CLIENT_ID)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("node (Debian package nodejs; scripts/test installs it)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .strip_prefix("PORT ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("the OAuth2 server said {line:?}"));
        AuthServer { port, child }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The `[[mailbox]]` lines that point optout at this server.
    pub fn mailbox_lines(&self) -> String {
        format!(
            "oauth2_client_id = \"{CLIENT_ID}\"\noauth2_auth_url = \"{}\"\noauth2_token_url = \"{}\"\noauth2_scopes = [\"mail\", \"offline_access\"]\n",
            self.url("/authorize"),
            self.url("/token")
        )
    }

    /// How many grants of each kind it answered, and introspections.
    pub fn stats(&self) -> serde_json::Value {
        let body = ureq::get(&self.url("/stats"))
            .call()
            .unwrap()
            .body_mut()
            .read_to_string()
            .unwrap();
        serde_json::from_str(&body).unwrap()
    }

    /// Every access token issued so far stops working.
    pub fn revoke_access(&self) {
        ureq::post(&self.url("/revoke-access"))
            .send_empty()
            .unwrap();
    }
}

impl Drop for AuthServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Play the browser: open `authorize_url` at the authorization server
/// (which signs the person in at once and redirects), and follow the
/// redirect to optout's loopback listener. Returns the page optout shows.
pub fn play_browser(authorize_url: &str) -> String {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .into();
    let resp = agent.get(authorize_url).call().unwrap();
    assert_eq!(
        resp.status().as_u16(),
        302,
        "the authorization server redirects"
    );
    let location = resp
        .headers()
        .get("location")
        .expect("a Location header")
        .to_str()
        .unwrap()
        .to_owned();
    assert!(location.starts_with("http://127.0.0.1:"), "{location}");
    let mut page = agent.get(&location).call().unwrap();
    page.body_mut().read_to_string().unwrap()
}
