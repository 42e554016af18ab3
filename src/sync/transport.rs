//! The one thing the replicator needs from HTTP: send a JSON request to the
//! remote database and get the status and JSON answer back.
//!
//! The trait is async so the browser can use `fetch`; on the host the tests
//! drive it with [`block_on`], since their transports finish without waiting
//! on any reactor.

use serde_json::Value;
use std::fmt;
use std::future::Future;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Put,
    Post,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
        }
    }
}

/// A request to the remote database. `path` is relative to the database
/// (`""` is the database itself, `"_changes"`, `"_local/<id>"`); query
/// values are plain text and the transport encodes them.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    pub method: Method,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Option<Value>,
}

impl Request {
    pub fn get(path: impl Into<String>) -> Self {
        Request {
            method: Method::Get,
            path: path.into(),
            query: Vec::new(),
            body: None,
        }
    }

    pub fn post(path: impl Into<String>, body: Value) -> Self {
        Request {
            method: Method::Post,
            path: path.into(),
            query: Vec::new(),
            body: Some(body),
        }
    }

    pub fn put(path: impl Into<String>, body: Value) -> Self {
        Request {
            method: Method::Put,
            path: path.into(),
            query: Vec::new(),
            body: Some(body),
        }
    }

    pub fn query(mut self, key: &str, value: impl Into<String>) -> Self {
        self.query.push((key.to_string(), value.into()));
        self
    }
}

/// The status and the parsed body (`Value::Null` when the body was empty or
/// not JSON).
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    pub status: u16,
    pub body: Value,
}

/// No answer at all: the browser does not tell an unreachable server from
/// a missing CORS setup, so neither can we.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransportError(pub String);

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A remote CouchDB-protocol database.
pub trait Transport {
    /// Where the database lives, without credentials (e.g.
    /// `https://couch.example.org/rapport-ada`); part of the replication id.
    fn endpoint(&self) -> String;

    /// Sends one request. Single-threaded on purpose: the browser's `fetch`
    /// futures are not `Send`.
    fn send(&self, request: Request) -> impl Future<Output = Result<Response, TransportError>>;
}

/// Runs a future to completion on the current thread by polling it. Only
/// for futures that never wait on an outside event loop (host tests and
/// blocking transports).
#[cfg(not(target_arch = "wasm32"))]
pub fn block_on<F: Future>(future: F) -> F::Output {
    use std::sync::Arc;
    use std::task::{Context, Poll, Wake, Waker};

    struct ThreadWaker(std::thread::Thread);
    impl Wake for ThreadWaker {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }

    let waker = Waker::from(Arc::new(ThreadWaker(std::thread::current())));
    let mut context = Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        match future.as_mut().poll(&mut context) {
            Poll::Ready(out) => return out,
            Poll::Pending => std::thread::park(),
        }
    }
}
