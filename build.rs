//! Names this build of the code that derives what the app keeps: `SALESDESK_BUILD`, a hash of
//! every file under `src/domain`, `src/service` and `src/storage` (the formulas, the queries
//! that derive, the records as read) and of `Cargo.lock` (the crates they use). Values the
//! app derives and keeps in the browser's database (see `Service::persisted`) are only reused
//! by a build with the same hash, so a changed formula never shows an old figure — while an
//! update that changes only the pages (`src/ui`) keeps them, and its first visit after the
//! update does not read and derive the whole book again. Keep every kept value's derivation
//! in those folders.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("the source folder is readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn main() {
    const DERIVING: [&str; 3] = ["src/domain", "src/service", "src/storage"];
    let mut all = vec![PathBuf::from("Cargo.lock")];
    for dir in DERIVING {
        println!("cargo:rerun-if-changed={dir}");
        files(Path::new(dir), &mut all);
    }
    println!("cargo:rerun-if-changed=Cargo.lock");
    all.sort();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for path in all {
        path.hash(&mut hasher);
        std::fs::read(&path).expect("a source file is readable").hash(&mut hasher);
    }
    println!("cargo:rustc-env=SALESDESK_BUILD={:016x}", hasher.finish());
}
