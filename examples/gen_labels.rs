//! Writes the package's `labels.js`: the facts catalog and the error codes with their labels
//! in every locale, which `tierwise/dom` and the demo page share. Fails, naming each fact or
//! code and locale, when a label is missing.
//!
//! ```text
//! cargo run --example gen_labels -- <out-file>
//! ```

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(out) = std::env::args().nth(1) else {
        eprintln!("usage: gen_labels <out-file>");
        return ExitCode::FAILURE;
    };
    match tierwise::labels::module() {
        Ok(module) => match std::fs::write(&out, module) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("cannot write {out}: {error}");
                ExitCode::FAILURE
            }
        },
        Err(problems) => {
            eprintln!("labels are missing or stale:\n  {}", problems.join("\n  "));
            ExitCode::FAILURE
        }
    }
}
