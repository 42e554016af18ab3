pub mod banners;
pub mod chain;
pub mod fields;
pub mod nav;
pub mod undo;
