// Shared timing harness for benches that compare two operations as a ratio (benches/ratios.rs).
//
// The machine these run on is shared and noisy, so two operations timed in separate criterion
// groups can land in different load states. Here A and B are timed alternately, in many short
// rounds, inside one process: whatever the machine does affects both about equally, and the
// ratio of their medians is what is reported. Nothing here asserts a time.

use std::hint::black_box;
use std::time::Instant;

/// How a pair is timed: `rounds` alternations of `batch` calls of A, then `batch` calls of B.
pub(crate) struct Plan {
    pub(crate) rounds: usize,
    pub(crate) batch: usize,
    pub(crate) warm_up_rounds: usize,
}

impl Default for Plan {
    fn default() -> Self {
        Plan {
            rounds: 400,
            batch: 1_000,
            warm_up_rounds: 20,
        }
    }
}

/// The medians of one interleaved comparison, in nanoseconds per call.
pub(crate) struct Ratio {
    pub(crate) a_ns: f64,
    pub(crate) b_ns: f64,
}

impl Ratio {
    pub(crate) fn b_over_a(&self) -> f64 {
        self.b_ns / self.a_ns
    }
}

fn time_batch<T>(batch: usize, f: &mut impl FnMut() -> T) -> f64 {
    let start = Instant::now();
    for _ in 0..batch {
        black_box(f());
    }
    start.elapsed().as_nanos() as f64 / batch as f64
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Times `a` and `b` alternately and returns the median per-call time of each. The order inside
/// a round flips every round, so neither side always runs on a cache the other has just warmed.
pub(crate) fn compare<TA, TB>(
    plan: &Plan,
    mut a: impl FnMut() -> TA,
    mut b: impl FnMut() -> TB,
) -> Ratio {
    for _ in 0..plan.warm_up_rounds {
        time_batch(plan.batch, &mut a);
        time_batch(plan.batch, &mut b);
    }
    let mut ta = Vec::with_capacity(plan.rounds);
    let mut tb = Vec::with_capacity(plan.rounds);
    for round in 0..plan.rounds {
        if round % 2 == 0 {
            ta.push(time_batch(plan.batch, &mut a));
            tb.push(time_batch(plan.batch, &mut b));
        } else {
            tb.push(time_batch(plan.batch, &mut b));
            ta.push(time_batch(plan.batch, &mut a));
        }
    }
    Ratio {
        a_ns: median(&mut ta),
        b_ns: median(&mut tb),
    }
}

/// One line per pair: both medians, the ratio, the target and whether the ratio is within it.
pub(crate) fn report(name: &str, a: &str, b: &str, r: &Ratio, target: f64) {
    let ratio = r.b_over_a();
    let verdict = if ratio <= target { "PASS" } else { "FAIL" };
    println!(
        "{name}: {b} {:.1} ns / {a} {:.1} ns = {ratio:.2} (target <= {target:.1}) {verdict}",
        r.b_ns, r.a_ns
    );
}

/// The filter given on the command line, if any (`cargo bench --bench ratios -- pix`), ignoring
/// the `--bench` flag cargo passes to every bench binary.
pub(crate) fn filter() -> Option<String> {
    std::env::args().skip(1).find(|a| !a.starts_with("--"))
}
