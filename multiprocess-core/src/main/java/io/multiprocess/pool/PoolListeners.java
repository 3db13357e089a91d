package io.multiprocess.pool;

import java.time.Duration;
import java.util.OptionalInt;

/** Two listeners told in turn, for {@link PoolBuilder#listener(PoolListener)} called more than once. Internal. */
record PoolListeners(PoolListener first, PoolListener second) implements PoolListener {

    @Override
    public void tasksSubmitted(int count) {
        first.tasksSubmitted(count);
        second.tasksSubmitted(count);
    }

    @Override
    public void taskFinished(Outcome outcome, Duration runTime) {
        first.taskFinished(outcome, runTime);
        second.taskFinished(outcome, runTime);
    }

    @Override
    public void workerStarted(long pid, boolean replacement) {
        first.workerStarted(pid, replacement);
        second.workerStarted(pid, replacement);
    }

    @Override
    public void workerExited(long pid, OptionalInt exitCode) {
        first.workerExited(pid, exitCode);
        second.workerExited(pid, exitCode);
    }

    @Override
    public void taskEnded(TaskEnd task) {
        first.taskEnded(task);
        second.taskEnded(task);
    }

    @Override
    public void taskStarted(long taskId, long callId, long workerPid) {
        first.taskStarted(taskId, callId, workerPid);
        second.taskStarted(taskId, callId, workerPid);
    }

    @Override
    public void mapSubmitted(long callId, String name, long items) {
        first.mapSubmitted(callId, name, items);
        second.mapSubmitted(callId, name, items);
    }

    @Override
    public void workerEnded(WorkerExit exit) {
        first.workerEnded(exit);
        second.workerEnded(exit);
    }
}
