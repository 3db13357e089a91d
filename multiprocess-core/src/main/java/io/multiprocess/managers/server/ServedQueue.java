package io.multiprocess.managers.server;

import io.multiprocess.queues.QueueEmptyException;
import io.multiprocess.queues.QueueFullException;
import io.multiprocess.synchronize.OverReleaseException;
import java.time.Duration;
import java.util.AbstractQueue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A queue served by a {@link io.multiprocess.managers.SyncManager} ({@code manager.queue()}, {@code joinableQueue()}): a
 * {@link LinkedBlockingDeque} with Python's methods, whose blocking operations wait in slices and check
 * between them that the caller is still there. An item taken for a caller that went away meanwhile goes
 * back to the head of the queue.
 */
final class ServedQueue<E> extends AbstractQueue<E> implements BlockingQueue<E>, Copyable {

    private final LinkedBlockingDeque<E> items;
    private final int maxsize;
    private final Object joinLock = new Object();
    private int unfinished;

    ServedQueue(int maxsize) {
        this.maxsize = Math.max(0, maxsize);
        // Unbounded underneath: the bound is checked in offer(), so that an item taken for a caller that
        // went away can always go back to the head.
        this.items = new LinkedBlockingDeque<>();
    }

    static ServedQueue<Object> create(@Nullable Object[] args) {
        return new ServedQueue<>(args.length == 0 || args[0] == null ? 0 : (Integer) args[0]);
    }

    // ---- adding

    @Override
    public boolean offer(E item) {
        if (item == null) {
            throw new NullPointerException("A served queue holds no null items");
        }
        synchronized (joinLock) {
            if (full()) {
                return false;
            }
            items.offer(item);
            unfinished++;
            return true;
        }
    }

    @Override
    public void put(E item) throws InterruptedException {
        offerUntil(item, Long.MAX_VALUE);
    }

    @Override
    public boolean offer(E item, long timeout, TimeUnit unit) throws InterruptedException {
        return offerUntil(item, Waits.deadline(Duration.ofNanos(unit.toNanos(timeout))));
    }

    public void put(E item, Duration timeout) {
        try {
            if (!offerUntil(item, Waits.deadline(timeout))) {
                throw new QueueFullException("The served queue stayed full (" + maxsize + " items) for " + timeout);
            }
        } catch (InterruptedException e) {
            throw Waits.interrupted("room in a served queue", e);
        }
    }

    public void putNowait(E item) {
        if (!offer(item)) {
            throw new QueueFullException("The served queue is full (" + maxsize + " items)");
        }
    }

    private boolean offerUntil(E item, long deadlineNanos) throws InterruptedException {
        while (true) {
            if (offer(item)) {
                return true;
            }
            long slice = Waits.slice(deadlineNanos);
            if (slice <= 0) {
                return false;
            }
            synchronized (joinLock) {
                joinLock.wait(Math.max(1, slice / 1_000_000));
            }
            Waits.checkCaller();
        }
    }

    // ---- taking

    @Override
    public @Nullable E poll() {
        E item = items.poll();
        if (item != null) {
            roomMade();
        }
        return item;
    }

    @Override
    public E take() throws InterruptedException {
        return pollUntil(Long.MAX_VALUE);
    }

    @Override
    public @Nullable E poll(long timeout, TimeUnit unit) throws InterruptedException {
        return pollUntil(Waits.deadline(Duration.ofNanos(unit.toNanos(timeout))));
    }

    public E get() {
        try {
            return pollUntil(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            throw Waits.interrupted("an item of a served queue", e);
        }
    }

    public E get(Duration timeout) {
        E item;
        try {
            item = pollUntil(Waits.deadline(timeout));
        } catch (InterruptedException e) {
            throw Waits.interrupted("an item of a served queue", e);
        }
        if (item == null) {
            throw new QueueEmptyException("The served queue stayed empty for " + timeout);
        }
        return item;
    }

    public E getNowait() {
        E item = poll();
        if (item == null) {
            throw new QueueEmptyException("The served queue is empty");
        }
        return item;
    }

    private @Nullable E pollUntil(long deadlineNanos) throws InterruptedException {
        while (true) {
            long slice = Waits.slice(deadlineNanos);
            E item = slice <= 0 ? items.poll() : items.poll(slice, TimeUnit.NANOSECONDS);
            if (item != null) {
                if (ServingContext.callerGone()) {
                    items.offerFirst(item);
                    throw new Waits.CallerGoneException();
                }
                roomMade();
                return item;
            }
            if (slice <= 0) {
                return null;
            }
            Waits.checkCaller();
        }
    }

    private void roomMade() {
        if (maxsize > 0) {
            synchronized (joinLock) {
                joinLock.notifyAll();
            }
        }
    }

    public List<E> drain(int maxElements) {
        List<E> drained = new ArrayList<>();
        items.drainTo(drained, maxElements);
        if (!drained.isEmpty()) {
            roomMade();
        }
        return drained;
    }

    @Override
    public int drainTo(Collection<? super E> collection) {
        return drainTo(collection, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super E> collection, int maxElements) {
        List<E> drained = drain(maxElements);
        collection.addAll(drained);
        return drained.size();
    }

    // ---- joining

    public void taskDone() {
        synchronized (joinLock) {
            if (unfinished <= 0) {
                throw new OverReleaseException(
                        "task_done() was called more times than items were put in the served queue");
            }
            if (--unfinished == 0) {
                joinLock.notifyAll();
            }
        }
    }

    public void join() {
        synchronized (joinLock) {
            try {
                while (unfinished > 0) {
                    Waits.waitOn(joinLock, Long.MAX_VALUE);
                }
            } catch (InterruptedException e) {
                throw Waits.interrupted("the join of a served queue", e);
            }
        }
    }

    // ---- state

    @Override
    public @Nullable E peek() {
        return items.peek();
    }

    @Override
    public int size() {
        return items.size();
    }

    public int qsize() {
        return items.size();
    }

    public boolean empty() {
        return items.isEmpty();
    }

    public boolean full() {
        return maxsize > 0 && items.size() >= maxsize;
    }

    @Override
    public int remainingCapacity() {
        return maxsize == 0 ? Integer.MAX_VALUE : Math.max(0, maxsize - items.size());
    }

    @Override
    public Iterator<E> iterator() {
        return items.iterator();
    }

    @Override
    public boolean remove(Object item) {
        boolean removed = items.remove(item);
        if (removed) {
            roomMade();
        }
        return removed;
    }

    @Override
    public boolean contains(Object item) {
        return items.contains(item);
    }

    @Override
    public void clear() {
        items.clear();
        roomMade();
    }

    @Override
    public Object copy() {
        return new ArrayList<>(items);
    }

    @Override
    public String toString() {
        return "Queue(" + items + ")";
    }
}
