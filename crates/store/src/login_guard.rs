//! Failed logins, counted in memory under one lock, by client address and by the user name typed
//! (known or not, so the answers never tell which names exist).
//!
//! - A user name with [`MAX_FAILED_LOGINS`] failures in a row is locked for [`LOCK_MINUTES`]
//!   minutes — but only for addresses that have been failing. Someone who types the right
//!   password from an address with no recent failure logs in, so an attacker cannot lock a user
//!   out by failing on purpose.
//! - An address with more than [`ADDRESS_FREE_FAILURES`] failures in [`LOCK_MINUTES`] minutes
//!   waits before each further try, twice as long each time, up to [`LOCK_MINUTES`] minutes.
//! - An attempt takes a ticket before the password is hashed, so parallel guesses count as they
//!   start: no more than [`MAX_FAILED_LOGINS`] of them reach the hash before the lock.
//!
//! In memory means per process: a restart forgets the counters (an attacker cannot restart it).

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

use crate::security::Address;

/// Failed logins in a row before a user name is locked for failing addresses.
pub const MAX_FAILED_LOGINS: u32 = 5;
/// How long a lock lasts, and how long a failure is remembered.
pub const LOCK_MINUTES: i64 = 15;
/// Failures an address may make before it waits between tries.
pub const ADDRESS_FREE_FAILURES: u32 = 10;
/// Entries kept before the forgotten ones are swept.
const SWEEP_AT: usize = 20_000;

#[derive(Debug, Default, Clone)]
struct Counter {
    failures: u32,
    in_flight: u32,
    last_failure: Option<DateTime<Utc>>,
    locked_until: Option<DateTime<Utc>>,
}

impl Counter {
    /// Forgets failures older than the lock time.
    fn refresh(&mut self, now: DateTime<Utc>) {
        let stale = self
            .last_failure
            .is_some_and(|t| now - t > Duration::minutes(LOCK_MINUTES));
        if stale {
            self.failures = 0;
            self.last_failure = None;
        }
        if self.locked_until.is_some_and(|t| t <= now) {
            self.locked_until = None;
            self.failures = 0;
        }
    }

    fn idle(&self) -> bool {
        self.failures == 0 && self.in_flight == 0 && self.locked_until.is_none()
    }
}

#[derive(Debug, Default)]
struct State {
    by_address: HashMap<String, Counter>,
    by_name: HashMap<String, Counter>,
}

/// The in-memory counters.
#[derive(Debug, Default)]
pub(crate) struct LoginGuard {
    state: Mutex<State>,
}

/// An attempt that may go on to the password check; give it back with [`LoginGuard::finish`].
#[derive(Debug)]
pub(crate) struct Ticket {
    name: String,
    address: String,
}

/// How an attempt ended, for the audit log.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Finished {
    Ok,
    Failed,
    /// This failure locked the user name until then.
    LockedNow(DateTime<Utc>),
}

fn address_key(a: Address) -> String {
    a.map_or_else(|| "local".to_string(), |a| a.to_string())
}

impl LoginGuard {
    /// Takes a ticket, or says until when this address must wait.
    pub(crate) fn begin(
        &self,
        name: &str,
        address: Address,
        now: DateTime<Utc>,
    ) -> Result<Ticket, DateTime<Utc>> {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if s.by_address.len() + s.by_name.len() > SWEEP_AT {
            sweep(&mut s, now);
        }
        let key = address_key(address);
        let addr = s.by_address.entry(key.clone()).or_default();
        addr.refresh(now);
        if let Some(until) = address_wait(addr)
            && until > now
        {
            return Err(until);
        }
        let clean = addr.failures == 0 && addr.in_flight == 0;
        let user = s.by_name.entry(name.to_string()).or_default();
        user.refresh(now);
        if !clean {
            if let Some(until) = user.locked_until {
                return Err(until);
            }
            if user.failures + user.in_flight >= MAX_FAILED_LOGINS {
                return Err(now + Duration::minutes(LOCK_MINUTES));
            }
        }
        user.in_flight += 1;
        if let Some(a) = s.by_address.get_mut(&key) {
            a.in_flight += 1;
        }
        Ok(Ticket {
            name: name.to_string(),
            address: key,
        })
    }

    /// Gives a ticket back with the outcome of the password check.
    pub(crate) fn finish(&self, t: Ticket, ok: bool, now: DateTime<Utc>) -> Finished {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(a) = s.by_address.get_mut(&t.address) {
            a.in_flight = a.in_flight.saturating_sub(1);
            if !ok {
                a.failures += 1;
                a.last_failure = Some(now);
            }
        }
        let Some(u) = s.by_name.get_mut(&t.name) else {
            return if ok { Finished::Ok } else { Finished::Failed };
        };
        u.in_flight = u.in_flight.saturating_sub(1);
        if ok {
            u.failures = 0;
            u.locked_until = None;
            u.last_failure = None;
            return Finished::Ok;
        }
        u.failures += 1;
        u.last_failure = Some(now);
        if u.failures >= MAX_FAILED_LOGINS {
            let until = now + Duration::minutes(LOCK_MINUTES);
            u.locked_until = Some(until);
            return Finished::LockedNow(until);
        }
        Finished::Failed
    }
}

/// Until when an address that failed too often must wait: 1 s after the first failure past the
/// free ones, doubling, at most the lock time.
fn address_wait(a: &Counter) -> Option<DateTime<Utc>> {
    let over = a.failures.checked_sub(ADDRESS_FREE_FAILURES)?;
    let secs = 1i64
        .checked_shl(over.min(20))
        .unwrap_or(i64::MAX)
        .min(LOCK_MINUTES * 60);
    a.last_failure.map(|t| t + Duration::seconds(secs))
}

fn sweep(s: &mut State, now: DateTime<Utc>) {
    for map in [&mut s.by_address, &mut s.by_name] {
        map.retain(|_, c| {
            c.refresh(now);
            !c.idle()
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(min: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + min * 60, 0).unwrap_or_default()
    }

    fn ip(s: &str) -> Address {
        s.parse().ok()
    }

    #[test]
    fn parallel_guesses_reach_the_password_check_at_most_five_times() {
        let g = LoginGuard::default();
        let tickets: Vec<_> = (0..40)
            .filter_map(|_| g.begin("ca.iadal", ip("10.9.9.9"), at(0)).ok())
            .collect();
        assert_eq!(tickets.len(), MAX_FAILED_LOGINS as usize);
    }

    #[test]
    fn a_locked_name_still_lets_in_a_clean_address_but_not_the_failing_one() {
        let g = LoginGuard::default();
        let attacker = ip("203.0.113.7");
        for i in 0..5 {
            let t = g.begin("ca.iadal", attacker, at(0)).unwrap();
            let f = g.finish(t, false, at(0));
            assert_eq!(f == Finished::LockedNow(at(15)), i == 4, "{i}: {f:?}");
        }
        assert_eq!(g.begin("ca.iadal", attacker, at(1)).err(), Some(at(15)));
        // The real user, from the commune office.
        let t = g.begin("ca.iadal", ip("198.51.100.2"), at(1)).unwrap();
        assert_eq!(g.finish(t, true, at(1)), Finished::Ok);
        // An unknown name is answered the same way.
        for _ in 0..5 {
            let t = g.begin("khong.co.ai", attacker, at(2)).unwrap();
            g.finish(t, false, at(2));
        }
        assert!(g.begin("khong.co.ai", attacker, at(3)).is_err());
    }

    #[test]
    fn an_address_that_keeps_failing_waits_longer_each_time() {
        let g = LoginGuard::default();
        let a = ip("203.0.113.8");
        for i in 0..ADDRESS_FREE_FAILURES {
            let t = g.begin(&format!("u{i}"), a, at(0)).unwrap();
            g.finish(t, false, at(0));
        }
        let s = |n: i64| at(0) + Duration::seconds(n);
        assert_eq!(g.begin("x1", a, at(0)).err(), Some(s(1)));
        let t = g.begin("x1", a, s(1)).unwrap();
        g.finish(t, false, s(1));
        assert_eq!(g.begin("x2", a, s(2)).err(), Some(s(3)));
        assert!(g.begin("x2", a, s(3)).is_ok());
        // After the lock time everything is forgotten.
        assert!(g.begin("x3", a, at(31)).is_ok());
    }
}
