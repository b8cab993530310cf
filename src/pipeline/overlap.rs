//! Making the next piece of output while the previous one is written: the encodings of the
//! network exports and of the tables run on the thread pool while this thread writes (and
//! hashes) what was made before, so that neither waits for the other (issue 25).

/// Hands `make(0)`, `make(1)`, … `make(n − 1)` to `take` in that order, making piece i + 1 on
/// another thread (whose parallel work goes to rayon's global pool, the one `--threads` sizes,
/// even when called inside a pool's `install`) while `take` writes piece i on this one. At most
/// two pieces are held at once. The pieces and the order in which `take` receives them are
/// those of a plain loop, so the outputs are the same bytes.
///
/// # Errors
/// The first error of `take`; the pieces after it are not made (the one being made when it
/// failed is finished and dropped).
///
/// # Panics
/// When `make` panics (the panic is passed on).
///
/// # Examples
/// ```
/// use ptce::pipeline::overlap::overlapped;
/// let mut seen = Vec::new();
/// overlapped(4, |i| i * 10, |x| -> Result<(), ()> { seen.push(x); Ok(()) }).unwrap();
/// assert_eq!(seen, vec![0, 10, 20, 30]);
/// ```
pub fn overlapped<T: Send, E>(
    n: usize,
    make: impl Fn(usize) -> T + Sync,
    mut take: impl FnMut(T) -> Result<(), E>,
) -> Result<(), E> {
    if n == 0 {
        return Ok(());
    }
    let mut current = make(0);
    for i in 1..n {
        let (next, taken) = std::thread::scope(|s| {
            let next = s.spawn(|| make(i));
            let taken = take(current);
            let next = next.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
            (next, taken)
        });
        taken?;
        current = next;
    }
    take(current)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn pieces_come_in_order_and_the_first_error_stops() {
        let made = AtomicUsize::new(0);
        let mut seen = Vec::new();
        let r = overlapped(
            6,
            |i| {
                made.fetch_add(1, Ordering::SeqCst);
                vec![i; i]
            },
            |v: Vec<usize>| -> Result<(), String> {
                seen.push(v.len());
                if v.len() == 3 {
                    Err(format!("piece {}", v.len()))
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(r, Err("piece 3".to_string()));
        assert_eq!(seen, vec![0, 1, 2, 3]);
        // Piece 4 was being made while piece 3 failed; piece 5 never was.
        assert_eq!(made.load(Ordering::SeqCst), 5);
        let mut all = Vec::new();
        overlapped(
            0,
            |i| i,
            |x| -> Result<(), ()> {
                all.push(x);
                Ok(())
            },
        )
        .unwrap();
        assert!(all.is_empty());
        overlapped(
            1,
            |i| i + 7,
            |x| -> Result<(), ()> {
                all.push(x);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(all, vec![7]);
    }

    #[test]
    #[should_panic(expected = "made badly")]
    fn a_panic_while_making_is_passed_on() {
        let _ = overlapped(
            3,
            |i| assert!(i < 2, "made badly"),
            |()| -> Result<(), ()> { Ok(()) },
        );
    }
}
