pub mod domain;
pub mod service;
pub mod storage;
pub mod ui;
