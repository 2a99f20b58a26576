// Verify every case in ../cases with mail-auth 0.13.0, keys served from a pre-seeded TXT cache (no DNS).
use mail_auth::common::{parse::TxtRecordParser, verify::DomainKey};
use mail_auth::{AuthenticatedMessage, DkimResult, MessageAuthenticator, Parameters, ResolverCache, Txt};
use std::{borrow::Borrow, collections::HashMap, hash::Hash, sync::Mutex, time::Instant};

struct Cache(Mutex<HashMap<Box<str>, Txt>>);
impl ResolverCache<Box<str>, Txt> for Cache {
    fn get<Q>(&self, k: &Q) -> Option<Txt> where Box<str>: Borrow<Q>, Q: Hash + Eq + ?Sized {
        self.0.lock().unwrap().get(k).cloned()
    }
    fn remove<Q>(&self, k: &Q) -> Option<Txt> where Box<str>: Borrow<Q>, Q: Hash + Eq + ?Sized {
        self.0.lock().unwrap().remove(k)
    }
    fn insert(&self, k: Box<str>, v: Txt, _: Instant) { self.0.lock().unwrap().insert(k, v); }
}

fn load_cache(dir: &str) -> Cache {
    let c = Cache(Mutex::new(HashMap::new()));
    for line in std::fs::read_to_string(format!("{dir}/keys.txt")).unwrap().lines() {
        let (name, rec) = line.split_once('\t').unwrap();
        let v: Txt = match DomainKey::parse(rec.as_bytes()) {
            Ok(dk) => dk.into(),
            Err(e) => Txt::Error(e),
        };
        // mail-auth looks up the FQDN with a trailing dot
        c.0.lock().unwrap().insert(format!("{name}.").into_boxed_str(), v);
    }
    c
}

fn summarize(r: &[mail_auth::DkimOutput<'_>]) -> (String, String) {
    let verdict = if r.iter().any(|o| o.result() == &DkimResult::Pass) { "pass" } else if r.is_empty() { "none" } else { "fail" };
    let detail = r.iter().map(|o| format!("{:?}", o.result())).collect::<Vec<_>>().join(" | ");
    (verdict.into(), detail)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args.get(1).map(|s| s.as_str()).unwrap_or("../cases");
    let cache = load_cache(dir);
    // The resolver is never queried: every key is in the TXT cache.
    let auth = MessageAuthenticator::new_cloudflare().unwrap();
    if args.get(2).map(|s| s.as_str()) == Some("bench") {
        let file = &args[3];
        let n: usize = args[4].parse().unwrap();
        let raw = std::fs::read(file).unwrap();
        let t = Instant::now();
        let mut passes = 0;
        for _ in 0..n {
            let msg = AuthenticatedMessage::parse(&raw).unwrap();
            let r = auth.verify_dkim(Parameters::new(&msg).with_txt_cache(&cache)).await;
            if r.iter().any(|o| o.result() == &DkimResult::Pass) { passes += 1; }
        }
        let el = t.elapsed();
        println!("mail-auth bench {file}: {n} iterations, {passes} pass, total {:.3} s, {:.1} us/mail",
                 el.as_secs_f64(), el.as_secs_f64() * 1e6 / n as f64);
        return;
    }
    for line in std::fs::read_to_string(format!("{dir}/manifest.tsv")).unwrap().lines() {
        let name = line.split('\t').next().unwrap();
        let raw = std::fs::read(format!("{dir}/{name}.eml")).unwrap();
        let (v, d) = match AuthenticatedMessage::parse(&raw) {
            None => ("parse-error".into(), String::new()),
            Some(msg) => summarize(&auth.verify_dkim(Parameters::new(&msg).with_txt_cache(&cache)).await),
        };
        // non-strict parse: mail-auth's strict mode (AuthenticatedMessage::parse) refuses l= signatures
        let ns = match AuthenticatedMessage::parse_with_opts(&raw, None, false) {
            None => "parse-error".to_string(),
            Some(msg) => { let s = summarize(&auth.verify_dkim(Parameters::new(&msg).with_txt_cache(&cache)).await); format!("{} {}", s.0, s.1) }
        };
        println!("{name}\t{v}\t{d}\tnon-strict:{ns}");
    }
}
