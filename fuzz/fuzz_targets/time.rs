//! Date, date-time and duration parsers.
#![no_main]

use baton_kb::model::{Duration, Moment};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(moment) = Moment::parse(text) {
        let _shown = moment.display();
    }
    let _ = Duration::parse(text);
    let _ = baton_kb::check::parse_today(text);
});
