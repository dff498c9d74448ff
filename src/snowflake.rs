//! Snowflake ids: 41-bit milliseconds since a configurable epoch, 5-bit datacenter,
//! 5-bit worker, 12-bit sequence.
//!
//! The generator keeps one packed `(millisecond, sequence)` word and advances it with a
//! compare-and-swap, so it is lock-free and never mints a duplicate. When the wall clock
//! steps back, it keeps counting from the last millisecond it used (a logical clock that
//! runs ahead until real time catches up) instead of failing or blocking the caller.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

const SEQUENCE_BITS: u32 = 12;
const WORKER_BITS: u32 = 5;
const DATACENTER_BITS: u32 = 5;
const MAX_SEQUENCE: u64 = (1 << SEQUENCE_BITS) - 1;
const TIMESTAMP_SHIFT: u32 = SEQUENCE_BITS + WORKER_BITS + DATACENTER_BITS;
const MAX_TIMESTAMP: u64 = (1 << 41) - 1;

#[derive(Debug, thiserror::Error)]
pub enum SnowflakeError {
    #[error("datacenter and worker ids must be within 0..=31")]
    BadNode,
    #[error("the snowflake epoch must lie in the past and within 2^41 ms of now")]
    BadEpoch,
}

#[derive(Debug)]
pub struct Snowflake {
    epoch_ms: u64,
    node_bits: u64,
    /// `elapsed_ms << 12 | sequence` of the last id handed out.
    state: AtomicU64,
}

impl Snowflake {
    pub fn new(epoch_ms: i64, datacenter_id: u8, worker_id: u8) -> Result<Self, SnowflakeError> {
        if u32::from(datacenter_id) >= 1 << DATACENTER_BITS
            || u32::from(worker_id) >= 1 << WORKER_BITS
        {
            return Err(SnowflakeError::BadNode);
        }
        let epoch_ms = u64::try_from(epoch_ms).map_err(|_| SnowflakeError::BadEpoch)?;
        let now = now_ms();
        if epoch_ms > now || now - epoch_ms > MAX_TIMESTAMP {
            return Err(SnowflakeError::BadEpoch);
        }
        let node_bits = (u64::from(datacenter_id) << (SEQUENCE_BITS + WORKER_BITS))
            | (u64::from(worker_id) << SEQUENCE_BITS);
        Ok(Self {
            epoch_ms,
            node_bits,
            state: AtomicU64::new(0),
        })
    }

    /// The next id; strictly greater than every id this generator returned before.
    pub fn next_id(&self) -> i64 {
        let mut prev = self.state.load(Ordering::Relaxed);
        loop {
            let elapsed = now_ms().saturating_sub(self.epoch_ms);
            let (prev_ms, prev_seq) = (prev >> SEQUENCE_BITS, prev & MAX_SEQUENCE);
            let next = if elapsed > prev_ms {
                elapsed << SEQUENCE_BITS
            } else if prev_seq < MAX_SEQUENCE {
                prev + 1
            } else {
                // Sequence exhausted in this millisecond: borrow the next one.
                (prev_ms + 1) << SEQUENCE_BITS
            };
            match self
                .state
                .compare_exchange_weak(prev, next, Ordering::AcqRel, Ordering::Relaxed)
            {
                Ok(_) => return self.compose(next),
                Err(actual) => prev = actual,
            }
        }
    }

    fn compose(&self, state: u64) -> i64 {
        let ms = (state >> SEQUENCE_BITS) & MAX_TIMESTAMP;
        let seq = state & MAX_SEQUENCE;
        // 41 + 22 bits fit in 63, so the cast never changes the sign.
        ((ms << TIMESTAMP_SHIFT) | self.node_bits | seq) as i64
    }

    #[cfg(test)]
    fn set_last_ms(&self, elapsed_ms: u64) {
        self.state
            .store(elapsed_ms << SEQUENCE_BITS, Ordering::Relaxed);
    }
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::sync::Arc;

    const TWITTER_EPOCH: i64 = 1_288_834_974_657;

    #[test]
    fn a_million_ids_from_several_threads_are_unique_and_increasing_per_thread() {
        let ids = Arc::new(Snowflake::new(TWITTER_EPOCH, 3, 7).unwrap());
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let ids = Arc::clone(&ids);
                std::thread::spawn(move || {
                    let ids: Vec<i64> = (0..250_000).map(|_| ids.next_id()).collect();
                    assert!(ids.windows(2).all(|w| w[0] < w[1]), "not increasing");
                    ids
                })
            })
            .collect();
        let mut all = HashSet::with_capacity(1_000_000);
        for t in threads {
            for id in t.join().unwrap() {
                assert!(all.insert(id), "duplicate id {id}");
            }
        }
        assert_eq!(all.len(), 1_000_000);
    }

    #[test]
    fn ids_carry_node_bits_and_are_19_digit_positive_numbers() {
        let ids = Snowflake::new(TWITTER_EPOCH, 3, 7).unwrap();
        let id = ids.next_id();
        assert!(id > 0);
        assert_eq!(id.to_string().len(), 19);
        assert_eq!((id >> 17) & 0x1f, 3);
        assert_eq!((id >> 12) & 0x1f, 7);
    }

    #[test]
    fn a_clock_that_steps_back_neither_fails_nor_repeats() {
        let ids = Snowflake::new(TWITTER_EPOCH, 0, 0).unwrap();
        let before = ids.next_id();
        // Pretend the last id was minted ten seconds in the future.
        let ahead = (now_ms() - TWITTER_EPOCH as u64) + 10_000;
        ids.set_last_ms(ahead);
        let ids: Vec<i64> = (0..10_000).map(|_| ids.next_id()).collect();
        assert!(ids[0] > before);
        assert!(ids.windows(2).all(|w| w[0] < w[1]));
        assert!(ids.iter().all(|id| (*id >> 22) as u64 >= ahead));
    }

    #[test]
    fn bad_configuration_is_refused() {
        assert!(Snowflake::new(TWITTER_EPOCH, 32, 0).is_err());
        assert!(Snowflake::new(TWITTER_EPOCH, 0, 32).is_err());
        assert!(Snowflake::new(i64::MAX, 0, 0).is_err());
        assert!(Snowflake::new(-1, 0, 0).is_err());
    }
}
