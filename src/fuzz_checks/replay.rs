//! Replays the kept fuzz corpus (`fuzz/corpus/<target>/*`) through the fuzzers' checks, and
//! keeps each finding of the fuzzers as a test of its own.

use std::path::Path;

use super::TARGETS;

#[test]
fn the_kept_corpus_passes_every_check() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    for (name, check) in TARGETS {
        let dir = root.join(name);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.map(|e| e.path()))
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        assert!(!files.is_empty(), "{}: empty corpus", dir.display());
        files.sort();
        for file in files {
            let data = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let outcome = std::panic::catch_unwind(|| check(&data));
            assert!(outcome.is_ok(), "{} fails its check", file.display());
        }
    }
}
