package io.multiprocess.benchmarks;

import io.multiprocess.Multiprocess;
import io.multiprocess.connection.Connection;
import io.multiprocess.connection.Pipe;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.function.SerializableFunction;
import io.multiprocess.process.ChildProcess;

/**
 * The building block of a pool: a tiny task (a lambda and an int) sent to a child that is already
 * running, applied there, and its result sent back; one round trip, median per task.
 *
 * <p>The task and its result travel over a {@link Pipe}, as a pool worker's tasks will.
 */
final class TinyTaskRoundTrip implements BenchmarkCase {

    private final int tasksPerRun;
    private final int runs;

    TinyTaskRoundTrip(int tasksPerRun, int runs) {
        this.tasksPerRun = tasksPerRun;
        this.runs = runs;
    }

    @Override
    public String name() {
        return "tiny task round trip to a running child";
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
        Connection workerEnd = pipe.second();
        ChildProcess worker = ctx.process(() -> serve(workerEnd));
        worker.start();
        workerEnd.close();
        Connection channel = pipe.first();
        SerializableFunction<Integer, Integer> square = x -> x * x;
        double median = Medians.of(1, runs, () -> {
            long start = System.nanoTime();
            for (int i = 0; i < tasksPerRun; i++) {
                channel.send(new Object[] {square, i});
                int result = (Integer) channel.recv();
                if (result != i * i) {
                    throw new IllegalStateException("Wrong result " + result + " for " + i);
                }
            }
            return (System.nanoTime() - start) / 1e3 / tasksPerRun;
        });
        channel.send(null);
        worker.join();
        channel.close();
        return median;
    }

    @SuppressWarnings("unchecked")
    private static void serve(Connection connection) {
        while (true) {
            Object[] task = (Object[]) connection.recv();
            if (task == null) {
                return;
            }
            connection.send(((SerializableFunction<Object, Object>) task[0]).apply(task[1]));
        }
    }

    @Override
    public String pythonCase() {
        return "tiny_task_round_trip";
    }
}
