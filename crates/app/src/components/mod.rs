//! Pieces shared by pages.

pub mod badges;
pub mod banners;
pub mod chart;
pub mod defer;
pub mod dialog;
pub mod disclosure;
pub mod download;
pub mod file_picker;
pub mod icon;
pub mod import;
pub mod labels;
pub mod link;
pub mod menu;
pub mod problems;
pub mod renew;
pub mod score;
pub mod status;
pub mod stored;
pub mod table;
pub mod toast;
