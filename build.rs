//! Links the `proton-local` executable at a fixed address (`-no-pie`). A position-independent
//! executable is relocated by the dynamic loader at every start: some 13,000 relocations for this
//! binary, about a tenth of a short command's time (BENCHMARKS.md, "the list page"). The code is
//! still compiled position-independent, so only the start-up work goes; the library, the tests
//! and the fuzz targets are built as before.

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if os == "linux" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
