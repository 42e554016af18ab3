//! Replication against a real CouchDB-protocol server: PouchDB Server from
//! node_modules, started on a free loopback port in a temporary folder.
//! The server computes winners and conflicts with PouchDB's own code, so
//! agreeing with it shows Rapport picks the same winner as CouchDB/PouchDB.

use rapport::sync::{
    self, MemoryDocs, Method, Request, Response, StoredDoc, SyncError, SyncOptions, Transport,
    TransportError, block_on,
};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ADMIN: (&str, &str) = ("ada", "correct horse");

/// A running PouchDB Server, stopped and cleaned up when dropped.
struct Server {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl Server {
    fn start() -> Server {
        let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/.bin/pouchdb-server");
        assert!(
            bin.exists(),
            "{} is missing: run scripts/install to install the test server (pouchdb-server)",
            bin.display()
        );
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = std::env::temp_dir().join(format!("rapport-couch-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let log = std::fs::File::create(dir.join("server.log")).unwrap();
        // On disk: the in-memory mode crashes when a database is created.
        let child = Command::new(&bin)
            .args([
                "--port",
                &port.to_string(),
                "--host",
                "127.0.0.1",
                "--no-color",
            ])
            .arg("--dir")
            .arg(&dir)
            .arg("--config")
            .arg(dir.join("config.json"))
            .current_dir(&dir)
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("pouchdb-server should start (node must be installed)");
        let server = Server { child, port, dir };
        let deadline = Instant::now() + Duration::from_secs(20);
        while http(port, None, "GET", "/", None).is_err() {
            assert!(
                Instant::now() < deadline,
                "pouchdb-server did not answer; its log:\n{}",
                std::fs::read_to_string(server.dir.join("server.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        server
    }

    fn admin(&self, method: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
        http(self.port, Some(ADMIN), method, path, body).unwrap()
    }

    fn database(&self, name: &str, password: &str) -> Http {
        Http {
            port: self.port,
            db: name.to_string(),
            auth: Some((ADMIN.0.to_string(), password.to_string())),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// One database on the server, reached with a tiny blocking HTTP/1.1 client.
struct Http {
    port: u16,
    db: String,
    auth: Option<(String, String)>,
}

impl Transport for Http {
    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/{}", self.port, self.db)
    }

    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let mut target = format!("/{}", self.db);
        if !request.path.is_empty() {
            target.push('/');
            target.push_str(&request.path);
        }
        for (i, (k, v)) in request.query.iter().enumerate() {
            target.push(if i == 0 { '?' } else { '&' });
            target.push_str(&format!("{}={}", encode(k), encode(v)));
        }
        let method = match request.method {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
        };
        let auth = self.auth.as_ref().map(|(u, p)| (u.as_str(), p.as_str()));
        let (status, body) = http(self.port, auth, method, &target, request.body.as_ref())
            .map_err(|e| TransportError(e.to_string()))?;
        Ok(Response { status, body })
    }
}

fn http(
    port: u16,
    auth: Option<(&str, &str)>,
    method: &str,
    target: &str,
    body: Option<&Value>,
) -> std::io::Result<(u16, Value)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let payload = body.map(Value::to_string).unwrap_or_default();
    let mut head = format!(
        "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: application/json\r\n\
         Connection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
        payload.len()
    );
    if let Some((user, password)) = auth {
        head.push_str(&format!(
            "Authorization: Basic {}\r\n",
            rapport::sync::settings::base64(format!("{user}:{password}").as_bytes())
        ));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(payload.as_bytes())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("no end of headers"))?;
    let headers = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let status: u16 = headers
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other("no status"))?;
    let mut content = raw[split + 4..].to_vec();
    if headers.contains("transfer-encoding: chunked") {
        content = dechunk(&content);
    }
    Ok((
        status,
        serde_json::from_slice(&content).unwrap_or(Value::Null),
    ))
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line_end) = data.windows(2).position(|w| w == b"\r\n") {
        let size_text = String::from_utf8_lossy(&data[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("0").trim(), 16)
            .unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = line_end + 2;
        out.extend_from_slice(&data[start..(start + size).min(data.len())]);
        data = &data[(start + size + 2).min(data.len())..];
    }
    out
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn options(session: &str) -> SyncOptions {
    SyncOptions {
        batch_size: 4,
        session_id: session.to_string(),
        now: 1_764_500_000_000,
    }
}

/// A small notebook as the record store would hold it.
fn notebook(device: &mut MemoryDocs) {
    device
        .edit(
            "organization:5120000000001",
            json!({"type": "organization", "name": "Acme Robotics", "priority": 1}),
        )
        .unwrap();
    for (id, name) in [
        ("contact:8412345678901", "Grace Hopper"),
        ("contact:2251799813685", "Alan Turing"),
        ("contact:9007199254740", "Ada Lovelace"),
    ] {
        device
            .edit(
                id,
                json!({"type": "contact", "name": name, "list": "B", "organization": "organization:5120000000001"}),
            )
            .unwrap();
    }
    device
        .edit(
            "meeting:3377699720527",
            json!({"type": "meeting", "contact": "contact:8412345678901", "notes": "Asked about the robotics team. Ünïcode ✓"}),
        )
        .unwrap();
    device
        .edit(
            "contact:1125899906842",
            json!({"type": "contact", "name": "Temp"}),
        )
        .unwrap();
    device.delete("contact:1125899906842").unwrap();
}

fn all_docs(device: &MemoryDocs) -> Vec<(String, Option<StoredDoc>)> {
    device
        .ids()
        .map(|id| (id.to_string(), device.doc(id).cloned()))
        .collect()
}

#[test]
fn a_notebook_replicates_through_pouchdb_server_and_conflicts_agree_with_it() {
    let server = Server::start();
    // Create the database while the server is open, then require a password
    // (an unauthenticated create would crash it once an admin exists).
    assert_eq!(
        http(server.port, None, "PUT", "/notebook-ada", None)
            .unwrap()
            .0,
        201
    );
    let (status, _) = http(
        server.port,
        None,
        "PUT",
        "/_config/admins/ada",
        Some(&json!(ADMIN.1)),
    )
    .unwrap();
    assert_eq!(status, 200);
    let remote = server.database("notebook-ada", ADMIN.1);

    let mut phone = MemoryDocs::new("phone-1");
    notebook(&mut phone);
    let report = block_on(sync::sync(&mut phone, &remote, &options("p1"))).unwrap();
    assert_eq!(report.push.revisions_sent, 6);

    // The server reads Rapport's documents as its own.
    let (status, grace) = server.admin("GET", "/notebook-ada/contact:8412345678901", None);
    assert_eq!(status, 200);
    assert_eq!(grace["name"], json!("Grace Hopper"));
    assert_eq!(
        grace["_rev"],
        json!(
            phone
                .doc("contact:8412345678901")
                .unwrap()
                .winner()
                .unwrap()
                .rev
                .to_string()
        )
    );
    assert_eq!(
        server
            .admin("GET", "/notebook-ada/contact:1125899906842", None)
            .0,
        404
    );

    // A fresh device gets exactly the same documents and histories.
    let mut laptop = MemoryDocs::new("laptop-1");
    let report = block_on(sync::sync(&mut laptop, &remote, &options("l1"))).unwrap();
    assert_eq!(report.pull.revisions_received, 6);
    assert_eq!(report.push.revisions_sent, 0);
    assert_eq!(all_docs(&laptop), all_docs(&phone));

    // Both edit the same contact while apart, and the laptop deletes one.
    let grace_id = "contact:8412345678901";
    let on_phone = phone
        .edit(
            grace_id,
            json!({"type": "contact", "name": "Grace Hopper (Navy)"}),
        )
        .unwrap();
    let on_laptop = laptop
        .edit(
            grace_id,
            json!({"type": "contact", "name": "Rear Admiral Hopper"}),
        )
        .unwrap();
    laptop.delete("contact:2251799813685").unwrap();
    let report = block_on(sync::sync(&mut phone, &remote, &options("p2"))).unwrap();
    // The push checkpoint stored on the server is used: only the edited
    // contact is compared. (The pull sees the phone's own first push once.)
    assert_eq!(report.push.docs_checked, 1);
    assert_eq!(report.pull.revisions_received, 0);
    block_on(sync::sync(&mut laptop, &remote, &options("l2"))).unwrap();
    let report = block_on(sync::sync(&mut phone, &remote, &options("p3"))).unwrap();
    // The pull resumes from its checkpoint: only the laptop's two changes.
    assert_eq!(report.pull.docs_checked, 2);
    assert_eq!(report.pull.revisions_received, 2);
    assert_eq!(all_docs(&laptop), all_docs(&phone));
    let doc = phone.doc(grace_id).unwrap();
    let winner = doc.winner().unwrap().rev;
    assert_eq!(winner, on_phone.clone().max(on_laptop.clone()));
    assert_eq!(doc.leaves.len(), 2, "both versions are kept");
    // PouchDB's own winner and conflicts match ours.
    let (_, shown) = server.admin(
        "GET",
        "/notebook-ada/contact:8412345678901?conflicts=true",
        None,
    );
    assert_eq!(shown["_rev"], json!(winner.to_string()));
    let conflicts: Vec<String> = doc.conflicts().iter().map(|r| r.to_string()).collect();
    assert_eq!(shown["_conflicts"], json!(conflicts));
    assert!(phone.shown("contact:2251799813685").is_none());

    // Resolving on one device clears the conflict everywhere.
    phone.resolve(grace_id, &on_laptop).unwrap();
    block_on(sync::sync(&mut phone, &remote, &options("p4"))).unwrap();
    block_on(sync::sync(&mut laptop, &remote, &options("l3"))).unwrap();
    let (_, shown) = server.admin(
        "GET",
        "/notebook-ada/contact:8412345678901?conflicts=true",
        None,
    );
    assert_eq!(shown["_rev"], json!(on_laptop.to_string()));
    assert!(shown.get("_conflicts").is_none());
    assert!(laptop.doc(grace_id).unwrap().conflicts().is_empty());
    assert_eq!(all_docs(&laptop), all_docs(&phone));

    // An edit made by PouchDB itself, with its own revision id, reaches both
    // devices as the new version.
    let (_, mut ada) = server.admin("GET", "/notebook-ada/contact:9007199254740", None);
    ada["name"] = json!("Ada King, Countess of Lovelace");
    let (status, saved) = server.admin("PUT", "/notebook-ada/contact:9007199254740", Some(&ada));
    assert_eq!(status, 201, "{saved}");
    block_on(sync::sync(&mut phone, &remote, &options("p5"))).unwrap();
    block_on(sync::sync(&mut laptop, &remote, &options("l4"))).unwrap();
    for device in [&phone, &laptop] {
        let shown = device.shown("contact:9007199254740").unwrap();
        assert_eq!(shown["_rev"], saved["rev"]);
        assert_eq!(shown["name"], json!("Ada King, Countess of Lovelace"));
    }

    // PouchDB's own replicator copies what Rapport wrote; a third device
    // pulls the copy and ends up identical.
    let (status, body) = server.admin(
        "POST",
        "/_replicate",
        Some(&json!({"source": "notebook-ada", "target": "notebook-copy", "create_target": true})),
    );
    assert!(status < 300, "replicate: {status} {body}");
    let mut tablet = MemoryDocs::new("tablet-1");
    block_on(sync::pull(
        &mut tablet,
        &server.database("notebook-copy", ADMIN.1),
        &options("t1"),
    ))
    .unwrap();
    assert_eq!(all_docs(&tablet), all_docs(&phone));

    // Refusals read as plain errors and change nothing locally.
    let before = all_docs(&phone);
    let wrong = server.database("notebook-ada", "wrong password");
    assert_eq!(
        block_on(sync::sync(&mut phone, &wrong, &options("x1"))).unwrap_err(),
        SyncError::WrongPassword
    );
    let missing = server.database("no-such-notebook", ADMIN.1);
    assert_eq!(
        block_on(sync::sync(&mut phone, &missing, &options("x2"))).unwrap_err(),
        SyncError::DatabaseMissing
    );
    let port = server.port;
    drop(server);
    let gone = Http {
        port,
        db: "notebook-ada".into(),
        auth: None,
    };
    assert!(matches!(
        block_on(sync::sync(&mut phone, &gone, &options("x3"))),
        Err(SyncError::Unreachable(_))
    ));
    assert_eq!(all_docs(&phone), before);
}
