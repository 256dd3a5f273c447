// Feeds Netflix concurrency-limits' own Limit classes a sample sequence and prints the limit after
// each sample, for tests/check_netflix_limits.py to compare with the engine's
// (tests/core/concurrency_limits_replay.cpp). Compiled against the library's sources.
//
// stdin: "ALGORITHM WINDOWED INITIAL MIN MAX", then one "START_NS RTT_NS INFLIGHT DROP" per line.
// stdout: the limit after each sample, one per line.

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.limit.AIMDLimit;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limit.VegasLimit;
import com.netflix.concurrency.limits.limit.WindowedLimit;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.concurrent.TimeUnit;

public final class NetflixLimitReplay {
    // The probe jitter comes from ThreadLocalRandom, which cannot be seeded: the replays set a
    // multiplier no sequence reaches, and the probe is pinned by tst_concurrency_limits instead.
    static final int NO_PROBE = 1_000_000_000;

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String[] head = in.readLine().trim().split(" ");
        String algorithm = head[0];
        boolean windowed = head[1].equals("1");
        int initial = Integer.parseInt(head[2]);
        int min = Integer.parseInt(head[3]);
        int max = Integer.parseInt(head[4]);
        Limit limit;
        switch (algorithm) {
            case "aimd":
                limit = AIMDLimit.newBuilder().initialLimit(initial).minLimit(min).maxLimit(max)
                        .timeout(5, TimeUnit.SECONDS).build();
                break;
            case "vegas":
                limit = VegasLimit.newBuilder().initialLimit(initial).maxConcurrency(max)
                        .probeMultiplier(NO_PROBE).build();
                break;
            case "gradient2":
                limit = Gradient2Limit.newBuilder().initialLimit(initial).minLimit(min)
                        .maxConcurrency(max).build();
                break;
            default:
                throw new IllegalArgumentException("unknown algorithm " + algorithm);
        }
        if (windowed) limit = WindowedLimit.newBuilder().build(limit);
        StringBuilder out = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null) {
            line = line.trim();
            if (line.isEmpty()) continue;
            String[] f = line.split(" ");
            limit.onSample(Long.parseLong(f[0]), Long.parseLong(f[1]), Integer.parseInt(f[2]),
                    f[3].equals("1"));
            out.append(limit.getLimit()).append('\n');
        }
        System.out.print(out);
    }
}
