//! Runs every shared vector in `tests/vectors/` natively and writes each output, in canonical
//! JSON, to `target/vector-outputs/native/` so other runtimes can be compared byte for byte.

mod support;

use std::path::Path;

#[test]
fn every_vector_passes_natively() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/vector-outputs/native");
    // Start empty so a renamed or removed vector leaves no stale output behind.
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).expect("output folder");
    let mut files: Vec<_> = std::fs::read_dir(&dir).expect("tests/vectors").filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
    files.sort();
    let mut ran = 0;
    let mut failures = Vec::new();
    for file in files {
        let name = file.file_stem().and_then(|s| s.to_str()).unwrap_or("?").to_string();
        let text = std::fs::read_to_string(&file).expect("readable vector");
        let parsed: serde_json::Value = match serde_json::from_str(&text) {
            Ok(value) => value,
            Err(error) => {
                failures.push(format!("{name}: not JSON: {error}"));
                continue;
            }
        };
        for (label, vector) in support::expand(&name, &parsed) {
            ran += 1;
            match support::check(&vector) {
                Ok(output) => std::fs::write(out.join(format!("{}.json", support::output_name(&label))), support::canonical::canonical(&output)).expect("write output"),
                Err(why) => failures.push(format!("{label}:\n{why}")),
            }
        }
    }
    assert!(ran > 0, "no vectors ran");
    assert!(failures.is_empty(), "{} of {ran} vectors failed:\n{}", failures.len(), failures.join("\n\n"));
    println!("{ran} vectors passed");
}

#[test]
fn the_wasm_suites_embed_every_vector_file() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/vectors")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter_map(|p| p.file_stem().and_then(|s| s.to_str()).map(str::to_string))
        .collect();
    on_disk.sort();
    let embedded: Vec<String> = support::embedded::VECTOR_FILES.iter().map(|(name, _)| name.to_string()).collect();
    assert_eq!(embedded, on_disk, "build.rs embeds a different set of vector files than tests/vectors holds");
}
