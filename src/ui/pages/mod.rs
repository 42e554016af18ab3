pub mod contacts;
pub mod data;
pub mod meetings;
pub mod not_found;
pub mod pitch;
pub mod today;
