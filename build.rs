//! Names this build of the app's code: `SALESDESK_BUILD`, a hash of every file under `src/`.
//! Values the app derives and keeps in the browser's database (see `Service::persisted`) are
//! only reused by the build that derived them, so a changed formula never shows an old figure.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn main() {
    println!("cargo:rerun-if-changed=src");
    let mut all = Vec::new();
    files(Path::new("src"), &mut all);
    all.sort();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for path in all {
        path.hash(&mut hasher);
        std::fs::read(&path).expect("a source file is readable").hash(&mut hasher);
    }
    println!("cargo:rustc-env=SALESDESK_BUILD={:016x}", hasher.finish());
}
