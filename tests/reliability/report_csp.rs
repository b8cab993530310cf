//! The locked-down report (issue 24): `report.html` carries a Content-Security-Policy that
//! allows nothing from elsewhere and only its own inline style (by hash); loaded in headless
//! Chromium with every network request routed to a local listener that counts connections
//! (the network is otherwise unreachable), it attempts no request and logs no console message
//! (a CSP violation is one); data cells made of markup show as text. Two control pages show
//! that both detectors fire: an external image without policy (a connection), an inline style
//! the policy does not list (a console message).

use super::*;
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// A local listener recording the first line of every request made to it (the proxy of every
/// request of the browser).
pub(super) struct Listener {
    port: u16,
    /// First line of each request (`CONNECT host:443 HTTP/1.1`, `GET http://…`).
    requests: Arc<std::sync::Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
}

impl Listener {
    pub(super) fn start() -> Listener {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.set_nonblocking(true).unwrap();
        let port = l.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let requests = Arc::new(std::sync::Mutex::new(Vec::new()));
        let (st, r) = (stop.clone(), requests.clone());
        std::thread::spawn(move || {
            while !st.load(Ordering::SeqCst) {
                match l.accept() {
                    Ok((mut stream, _)) => {
                        let _ = stream.set_nonblocking(false);
                        let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
                        let mut buf = [0u8; 512];
                        let n = std::io::Read::read(&mut stream, &mut buf).unwrap_or(0);
                        let first = String::from_utf8_lossy(&buf[..n]);
                        let line = first.lines().next().unwrap_or_default().to_string();
                        r.lock().unwrap().push(line);
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Listener {
            port,
            requests,
            stop,
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// Requests seen by the listener, less Chromium's own calls to its services (component
/// updater, sign-in, network time: hosts under google.com, googleapis.com, gstatic.com), which
/// it makes with any page, a blank one too, despite the flags that disable them. The test data
/// names none of these hosts.
pub(super) fn page_requests(proxy: &Listener) -> Vec<String> {
    let own = [".google.com", ".googleapis.com", ".gstatic.com"];
    proxy
        .requests
        .lock()
        .unwrap()
        .iter()
        .filter(|line| {
            let target = line.split_whitespace().nth(1).unwrap_or_default();
            let host = target
                .trim_start_matches("http://")
                .trim_start_matches("https://")
                .split(['/', ':'])
                .next()
                .unwrap_or_default();
            !own.iter().any(|o| host.ends_with(o))
        })
        .cloned()
        .collect()
}

/// Loads `page` in headless Chromium, every request sent to `proxy`: (DOM, console lines).
fn load(page: &Path, proxy: &Listener, profile: &Path) -> (String, Vec<String>) {
    load_with(page, proxy, profile, &[])
}

/// [`load`] with `extra` Chromium flags (`--allow-file-access-from-files` for a test page
/// that drives the report in a frame).
pub(super) fn load_with(
    page: &Path,
    proxy: &Listener,
    profile: &Path,
    extra: &[&str],
) -> (String, Vec<String>) {
    let o = Command::new("/usr/bin/chromium")
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"])
        .args(["--disable-extensions", "--disable-background-networking"])
        .args(["--disable-component-update", "--disable-sync", "--enable-logging=stderr", "--v=0"])
        .args(["--disable-default-apps", "--no-pings", "--disable-domain-reliability"])
        .args(["--disable-client-side-phishing-detection", "--no-default-browser-check"])
        .arg("--disable-features=NetworkTimeServiceQuerying,OptimizationHints,MediaRouter,AccountConsistency,ChromeWhatsNewUI,SigninInterceptBubble,PrivacySandboxSettings4")
        .arg(format!("--proxy-server=http://127.0.0.1:{}", proxy.port))
        .arg("--proxy-bypass-list=<-loopback>")
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    let console = String::from_utf8_lossy(&o.stderr)
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(str::to_string)
        .collect();
    (String::from_utf8_lossy(&o.stdout).into_owned(), console)
}

#[test]
fn the_report_loads_nothing_runs_nothing_and_shows_markup_as_text() {
    let present = Path::new("/usr/bin/chromium").exists();
    if crate::common::tools::tool_missing(present, "/usr/bin/chromium (Debian `chromium`)") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let study = mini(&tmp.path().join("s"));
    let (img, script) = (
        "<img src=x onerror=alert(1)>",
        "</script><script>alert(2)</script>",
    );
    for file in ["ptces.csv", "memberships.csv", "ties.csv", "events.csv"] {
        edit(&study, file, "\nP1,", &format!("\n{img},"));
        edit(&study, file, "\nP2,", &format!("\n{script},"));
    }
    edit(&study, "activities.csv", ",P1,", &format!(",{img},"));
    edit(&study, "activities.csv", ",P2,", &format!(",{script},"));
    let out = tmp.path().join("o");
    // The static report (`--report static`): no script at all (the interactive one is tested
    // in explorer.rs).
    let o = ptce(&[
        "run",
        s(&study),
        "--out",
        s(&out),
        "--formats",
        "svg",
        "--report",
        "static",
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    let csp = html
        .split_once("<meta http-equiv=\"Content-Security-Policy\" content=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .expect("a CSP meta")
        .0;
    assert!(
        csp.starts_with("default-src 'none'; img-src data:; style-src 'sha256-"),
        "{csp}"
    );
    assert!(
        !csp.contains("unsafe") && !csp.contains("script-src"),
        "{csp}"
    );

    let proxy = Listener::start();
    let (dom, console) = load(&out.join("report.html"), &proxy, &tmp.path().join("p1"));
    assert!(dom.contains("id=\"fig-"), "the report did not render");
    let from_page = page_requests(&proxy);
    assert!(from_page.is_empty(), "requests attempted: {from_page:?}");
    assert!(console.is_empty(), "console messages: {console:#?}");
    // The markup is in the DOM as text (serialised escaped), never as an element.
    assert!(
        dom.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "image id not shown"
    );
    assert!(dom.contains("&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;"));
    let lower = dom.to_lowercase();
    assert!(
        !lower.contains("<img") && !lower.contains("<script"),
        "markup became elements"
    );

    // Controls: the detectors see a request and a blocked inline style.
    let control = tmp.path().join("control.html");
    fs::write(
        &control,
        "<!DOCTYPE html><img src=\"http://192.0.2.1/x.png\">",
    )
    .unwrap();
    load(&control, &proxy, &tmp.path().join("p2"));
    assert!(
        page_requests(&proxy)
            .iter()
            .any(|r| r.contains("192.0.2.1")),
        "the request detector saw nothing: {:?}",
        proxy.requests.lock().unwrap()
    );
    let blocked = format!(
        "<!DOCTYPE html><head><meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\
         <style>b{{}}</style></head>"
    );
    fs::write(&control, blocked).unwrap();
    let (_, console) = load(&control, &proxy, &tmp.path().join("p3"));
    assert!(
        console
            .iter()
            .any(|l| l.contains("Content Security Policy")),
        "{console:?}"
    );
}
