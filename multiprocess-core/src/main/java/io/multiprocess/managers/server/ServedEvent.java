package io.multiprocess.managers.server;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** An event served by a {@link io.multiprocess.managers.SyncManager} ({@code manager.event()}). */
final class ServedEvent {

    private boolean flag;

    static ServedEvent create(Object[] args) {
        return new ServedEvent();
    }

    public synchronized boolean isSet() {
        return flag;
    }

    public synchronized void set() {
        flag = true;
        notifyAll();
    }

    public synchronized void clear() {
        flag = false;
    }

    public boolean await() {
        return await(null);
    }

    public synchronized boolean await(@Nullable Duration timeout) {
        long deadline = Waits.deadline(timeout);
        try {
            while (!flag) {
                if (!Waits.waitOn(this, deadline)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            throw Waits.interrupted("a served event", e);
        }
        return flag;
    }

    @Override
    public synchronized String toString() {
        return "Event(" + (flag ? "set" : "clear") + ")";
    }
}
