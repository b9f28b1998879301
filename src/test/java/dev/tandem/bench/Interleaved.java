package dev.tandem.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Times a baseline and its subjects call by call in turn (round robin), so that the load of a shared machine weighs
 * on each alike; the first rounds warm every path and are not counted.
 */
final class Interleaved {

    /** One timed call; {@code round} counts from 0, warm-up included. */
    interface Call {
        void run(int round) throws Exception;
    }

    private Interleaved() {
    }

    /** Milliseconds of each call in each counted round, by the calls' names, in their order. */
    static Map<String, double[]> millis(Map<String, Call> calls, int rounds, int warmup) throws Exception {
        Map<String, double[]> millis = new LinkedHashMap<>();
        calls.keySet().forEach(name -> millis.put(name, new double[rounds - warmup]));
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, Call> call : calls.entrySet()) {
                long started = System.nanoTime();
                call.getValue().run(round);
                if (round >= warmup) {
                    millis.get(call.getKey())[round - warmup] = (System.nanoTime() - started) / 1e6;
                }
            }
        }
        return millis;
    }
}
