pub mod domain;
pub mod storage;
pub mod ui;
