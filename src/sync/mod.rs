//! Sync between devices through a CouchDB-protocol server (Apache CouchDB,
//! IBM Cloudant, PouchDB Server): revision trees with CouchDB's winner, the
//! protocol's messages, and push and pull replication. Plain Rust: the
//! browser supplies a [`Transport`] over `fetch` and a [`LocalDocs`] over
//! its record store.

pub mod local;
pub mod protocol;
pub mod replicate;
pub mod revtree;
pub mod settings;
pub mod transport;

#[cfg(test)]
pub(crate) mod fake;

pub use local::{LocalChange, LocalDocs, MemoryDocs};
pub use protocol::{Direction, LocalError, SyncError};
pub use replicate::{
    PullReport, PushReport, SyncOptions, SyncReport, pending_push, pull, push, sync,
};
pub use revtree::{IncomingRevision, Leaf, Rev, RevError, RevPath, RevTree, Revisions, StoredDoc};
pub use settings::{SettingsError, SyncSettings};
pub use transport::{Method, Request, Response, Transport, TransportError};

#[cfg(not(target_arch = "wasm32"))]
pub use transport::block_on;
