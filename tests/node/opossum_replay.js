// Replays a call sequence through opossum's own CircuitBreaker on a virtual clock and prints what
// it decided, in breaker_replay's format (tests/core/breaker_replay.cpp says it), for
// tests/check_opossum_breaker.py.
//
//   node opossum_replay.js < SEQUENCE
//
// The clock: setTimeout, setInterval and Date.now are replaced before opossum is loaded, so its
// reset timer and its bucket rotation run on virtual nanoseconds; after each timer the
// microtasks (opossum's promise chains) run to the end before the clock moves on.
"use strict";

const realSetImmediate = setImmediate;
let nowNs = 0;
let sequence = 0;
const timers = new Map(); // id → { due, seq, fn, periodNs }

function addTimer(fn, ms, periodic) {
  const delayNs = Math.max(1, Math.round(Number(ms || 0) * 1e6));
  const id = ++sequence;
  timers.set(id, { due: nowNs + delayNs, seq: id, fn, periodNs: periodic ? delayNs : 0 });
  return { id, unref() { return this; }, ref() { return this; } };
}
function removeTimer(handle) {
  if (handle && handle.id !== undefined) timers.delete(handle.id);
}
global.setTimeout = (fn, ms) => addTimer(fn, ms, false);
global.setInterval = (fn, ms) => addTimer(fn, ms, true);
global.clearTimeout = removeTimer;
global.clearInterval = removeTimer;
Date.now = () => Math.floor(nowNs / 1e6);

const CircuitBreaker = require("opossum");

function drainMicrotasks() {
  return new Promise((resolve) => realSetImmediate(resolve));
}

async function main() {
  const input = require("fs").readFileSync(0, "utf8").trim().split("\n");
  const [word, mode, rate, volume, windowMs, buckets, resetMs] = input[0].split(/\s+/);
  if (word !== "breaker" || mode !== "fires") throw new Error("line 1: expected breaker fires …");
  const out = [];
  let made = 0;
  let outstanding = 0; // admitted calls not yet ended
  const breaker = new CircuitBreaker(
    (ok, durationNs) => {
      ++outstanding;
      return new Promise((resolve, reject) =>
        setTimeout(() => {
          --outstanding;
          ok ? resolve("ok") : reject(new Error("fail"));
        }, durationNs / 1e6));
    },
    {
      timeout: false,
      errorThresholdPercentage: Number(rate) * 100,
      volumeThreshold: Number(volume),
      rollingCountTimeout: Number(windowMs),
      rollingCountBuckets: Number(buckets),
      resetTimeout: Number(resetMs),
      rollingPercentilesEnabled: false,
      enableSnapshots: false,
    });
  breaker.on("open", () => out.push(`state ${nowNs} open`));
  breaker.on("halfOpen", () => out.push(`state ${nowNs} half_open`));
  breaker.on("close", () => out.push(`state ${nowNs} closed`));
  breaker.on("reject", () => out[out.length - 1] += " rejected");

  input.slice(1).forEach((line, index) => {
    const [, start, duration, outcome] = line.split(/\s+/);
    const startNs = Number(start);
    const id = ++sequence;
    timers.set(id, {
      due: startNs, seq: id, periodNs: 0,
      fn: () => {
        out.push(`call ${index}`); // completed by the reject listener, or below
        const line = out.length - 1;
        ++made;
        breaker.fire(outcome === "ok", Number(duration)).catch(() => {});
        if (!out[line].endsWith("rejected")) out[line] += " admitted";
      },
    });
  });

  // Run the timers in order of due time (then of creation), as Node would.
  const calls = input.length - 1;
  while (timers.size > 0) {
    let first = null;
    for (const [id, t] of timers)
      if (first === null || t.due < first[1].due || (t.due === first[1].due && t.seq < first[1].seq))
        first = [id, t];
    const [id, t] = first;
    nowNs = t.due;
    if (t.periodNs > 0) t.due += t.periodNs; else timers.delete(id);
    t.fn();
    await drainMicrotasks();
    // Done when every call has been made and has ended (breaker_replay stops there too).
    if (made === calls && outstanding === 0) break;
  }
  process.stdout.write(out.join("\n") + "\n");
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
