//! Progress of `ptce run` on a terminal (indicatif), and the timing of each step for the
//! manifest. Hidden when standard error is not a terminal or with `--quiet`; `-v` prints each
//! step as it starts when no bar is shown, and the timings at the end.

use crate::pipeline::STEPS;
use indicatif::{ProgressBar, ProgressStyle};
use std::cell::RefCell;
use std::io::IsTerminal;
use std::time::Instant;

/// The progress of one run.
pub struct Progress {
    bar: ProgressBar,
    shown: bool,
    verbose: bool,
    current: RefCell<Option<(String, Instant)>>,
    timings: RefCell<Vec<(String, f64)>>,
    /// Peak resident memory of each finished step, in MiB (Linux only; printed with `-v`).
    peaks: RefCell<Vec<Option<f64>>>,
}

/// Peak resident set size of this process since start or since the last [`reset_peak_rss`], in
/// MiB (`VmHWM` of `/proc/self/status`); `None` where that file does not exist.
pub fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Resets the peak resident set size to the current one (writes `5` to `/proc/self/clear_refs`,
/// Linux ≥ 4.0), so that [`peak_rss_mib`] measures the next step alone; does nothing elsewhere.
pub fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

impl Progress {
    /// A progress bar over [`STEPS`] on standard error, if it is a terminal and not `quiet`.
    pub fn new(quiet: bool, verbose: bool) -> Progress {
        let shown = !quiet && std::io::stderr().is_terminal();
        let bar = if shown {
            let bar = ProgressBar::new(STEPS.len() as u64);
            if let Ok(style) =
                ProgressStyle::with_template("{spinner} [{bar:20}] {pos}/{len} {msg} ({elapsed})")
            {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar
        } else {
            ProgressBar::hidden()
        };
        Progress {
            bar,
            shown,
            verbose,
            current: RefCell::new(None),
            timings: RefCell::new(Vec::new()),
            peaks: RefCell::new(Vec::new()),
        }
    }

    fn close_current(&self) {
        if let Some((name, start)) = self.current.borrow_mut().take() {
            self.timings
                .borrow_mut()
                .push((name, start.elapsed().as_secs_f64()));
            if self.verbose {
                self.peaks.borrow_mut().push(peak_rss_mib());
            }
        }
    }

    /// Starts a step (closing the previous one).
    pub fn step(&self, name: &str) {
        self.close_current();
        let pos = STEPS.iter().position(|s| *s == name).unwrap_or(0);
        self.bar.set_position(pos as u64);
        self.bar.set_message(name.to_string());
        if self.verbose && !self.shown {
            eprintln!("step: {name}");
        }
        if self.verbose {
            reset_peak_rss();
        }
        *self.current.borrow_mut() = Some((name.to_string(), Instant::now()));
    }

    /// Durations of the steps finished so far, in seconds.
    pub fn timings(&self) -> Vec<(String, f64)> {
        self.timings.borrow().clone()
    }

    /// Prints a line without breaking the bar.
    pub fn println(&self, text: &str) {
        if self.shown {
            self.bar.suspend(|| eprintln!("{text}"));
        } else {
            eprintln!("{text}");
        }
    }

    /// Prints a line unless `quiet`.
    pub fn println_unless(&self, quiet: bool, text: &str) {
        if !quiet {
            self.println(text);
        }
    }

    /// Ends the last step, clears the bar, and returns every step's duration in seconds.
    pub fn finish(&self) -> Vec<(String, f64)> {
        self.close_current();
        self.bar.finish_and_clear();
        let timings = self.timings.borrow().clone();
        if self.verbose {
            let peaks = self.peaks.borrow();
            for (i, (name, secs)) in timings.iter().enumerate() {
                match peaks.get(i).copied().flatten() {
                    Some(mib) => eprintln!("  {name:<12} {secs:>8.3} s  peak {mib:>8.1} MiB"),
                    None => eprintln!("  {name:<12} {secs:>8.3} s"),
                }
            }
        }
        timings
    }
}
