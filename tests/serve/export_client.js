// Runs an exported Node module (cockatiel or opossum: its `call(url, fetchImpl)`) against serve,
// one request at a time, THINK_MS (default 0) after the previous one ended, and prints one JSON
// line per request: the attempts it made (each fetch the policy started — none when a breaker
// rejected it), their start times in ms, how long the request took in ms (`took`) and whether it
// ended with a 2xx. Used by
// tests/serve/test_serve.py.
//
//   node export_client.js EXPORTED.js URL REQUESTS [THINK_MS [WARM_URL]]
//
// WARM_URL is fetched once first, so that loading fetch's code (undici, on its first use) does not
// count against the first request's timeout.
"use strict";
const path = require("path");

async function main() {
  const [modulePath, url, count, thinkMs = "0", warmUrl] = process.argv.slice(2);
  if (warmUrl) await (await fetch(warmUrl)).arrayBuffer();
  const exported = require(path.resolve(modulePath)); // a breaker starts its clock here
  for (let k = 0; k < Number(count); k++) {
    if (k > 0 && Number(thinkMs) > 0)
      await new Promise((resolve) => setTimeout(resolve, Number(thinkMs)));
    const starts = [];
    const countingFetch = (u, init) => {
      starts.push(performance.now());
      return fetch(u, init);
    };
    let ok = false;
    const start = performance.now();
    try {
      const response = await exported.call(url, countingFetch);
      await response.arrayBuffer(); // read it whole: the connection is reused for the next
      ok = response.ok;
    } catch (err) {
      ok = false;
    }
    const took = performance.now() - start;
    process.stdout.write(JSON.stringify({ attempts: starts.length, ok, starts, took }) + "\n");
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
