pub mod banners;
pub mod nav;
