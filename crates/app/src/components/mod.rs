//! Pieces shared by pages.

pub mod badges;
pub mod banners;
pub mod dialog;
pub mod link;
pub mod menu;
pub mod renew;
pub mod score;
pub mod toast;
