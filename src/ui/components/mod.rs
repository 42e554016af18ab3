pub mod banners;
pub mod chain;
pub mod duplicates;
pub mod fields;
pub mod follow_up;
pub mod meeting_parts;
pub mod nav;
pub mod undo;
