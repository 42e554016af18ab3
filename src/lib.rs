//! Rapport: an offline-first networking notebook for job seekers.
//!
//! `domain`, `storage` and `sync` are plain Rust and build on the host, where
//! `cargo test` exercises them; `ui` is the Leptos front end and only builds
//! for the browser.

pub mod domain;
pub mod storage;
pub mod sync;

#[cfg(target_arch = "wasm32")]
pub mod ui;
