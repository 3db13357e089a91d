package io.multiprocess.benchmarks;

import io.multiprocess.Multiprocess;
import io.multiprocess.connection.Connection;
import io.multiprocess.connection.Pipe;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.process.ChildProcess;

/** A small object sent to a running child over a pipe and echoed back: median round trip. */
final class PipeRoundTrip implements BenchmarkCase {

    private final int roundTrips;
    private final int runs;

    PipeRoundTrip(int roundTrips, int runs) {
        this.roundTrips = roundTrips;
        this.runs = runs;
    }

    @Override
    public String name() {
        return "pipe round trip of a small object";
    }

    @Override
    public String unit() {
        return "us";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public double measureJava() throws Exception {
        ProcessContext ctx = Multiprocess.getContext("spawn");
        Pipe pipe = ctx.pipe(true);
        Connection childEnd = pipe.second();
        ChildProcess echo = ctx.process(() -> {
            while (true) {
                Object message = childEnd.recv();
                if (message == null) {
                    return;
                }
                childEnd.send(message);
            }
        });
        echo.start();
        childEnd.close();
        Connection parentEnd = pipe.first();
        double median = Medians.of(1, runs, () -> {
            long start = System.nanoTime();
            for (int i = 0; i < roundTrips; i++) {
                parentEnd.send(i);
                if ((Integer) parentEnd.recv() != i) {
                    throw new IllegalStateException("wrong echo");
                }
            }
            return (System.nanoTime() - start) / 1e3 / roundTrips;
        });
        parentEnd.send(null);
        echo.join();
        parentEnd.close();
        return median;
    }

    @Override
    public String pythonCase() {
        return "pipe_round_trip";
    }
}
