#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| proton_local::fuzzing::http_request(data));
