package gatehouse.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Requests sent at the same moment, for races: {@code n} calls, each on a thread of its own (not the common pool, which
 * has one thread on a two-core machine), held at a barrier until all are ready, then released together.
 */
public final class AtOnce {
    private AtOnce() { }

    /** The results of {@code call(0)} … {@code call(n - 1)}, in that order; waits minutes, as the machine may be loaded. */
    public static <T> List<T> run(int n, IntFunction<T> call) {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CyclicBarrier start = new CyclicBarrier(n);
            List<Future<T>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                calls.add(pool.submit(() -> {
                    start.await(60, TimeUnit.SECONDS);
                    return call.apply(index);
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : calls) results.add(f.get(180, TimeUnit.SECONDS));
            return results;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("a call did not finish within 3 minutes", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }
}
