//! The whole notebook: every record the user keeps, as one value.

use serde::{Deserialize, Serialize};

use super::{Contact, Id, Organization};

/// Everything Rapport stores for the user.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Notebook {
    /// The next free record id; ids are never reused so that dangling links
    /// (a removed referrer) can never point at a different person later.
    pub next_id: Id,
    pub contacts: Vec<Contact>,
    pub organizations: Vec<Organization>,
    /// The user's two-minute pitch.
    pub pitch: String,
}

impl Default for Notebook {
    fn default() -> Self {
        Notebook {
            next_id: 1,
            contacts: Vec::new(),
            organizations: Vec::new(),
            pitch: String::new(),
        }
    }
}

impl Notebook {
    /// Hands out a fresh id.
    pub fn alloc_id(&mut self) -> Id {
        let id = self.next_id.max(1);
        self.next_id = id + 1;
        id
    }
}
