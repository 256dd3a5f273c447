// Runs an exported cockatiel module against serve, one request at a time, and prints one JSON
// line per request: the attempts it made (each fetch the policy started), their start times in
// ms, and whether it ended with a 2xx. Used by tests/serve/test_serve.py.
//
//   node cockatiel_client.js EXPORTED.js URL REQUESTS
"use strict";
const path = require("path");

async function main() {
  const [modulePath, url, count] = process.argv.slice(2);
  const exported = require(path.resolve(modulePath));
  for (let k = 0; k < Number(count); k++) {
    const starts = [];
    const countingFetch = (u, init) => {
      starts.push(performance.now());
      return fetch(u, init);
    };
    let ok = false;
    try {
      const response = await exported.call(url, countingFetch);
      await response.arrayBuffer(); // read it whole: the connection is reused for the next
      ok = response.ok;
    } catch (err) {
      ok = false;
    }
    process.stdout.write(JSON.stringify({ attempts: starts.length, ok, starts }) + "\n");
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
